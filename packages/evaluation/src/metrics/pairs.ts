import { InvalidParameterError } from './errors.js';

/** A numeric series: a plain number array or any typed array. */
export type Series = ArrayLike<number>;

/** Observed/simulated pairs left after NaN masking. */
export interface MaskedPairs {
  /** Observed values of the kept pairs. */
  readonly observed: Float64Array;
  /** Simulated values of the kept pairs. */
  readonly simulated: Float64Array;
  /** Number of pairs dropped because either value was NaN. */
  readonly masked: number;
}

/** Throws unless `a` and `b` have the same length. */
export function assertSameLength(a: Series, b: Series, nameA: string, nameB: string): void {
  if (a.length !== b.length) {
    throw new InvalidParameterError(nameB, `length ${b.length} differs from ${nameA} length ${a.length}`);
  }
}

/**
 * Drops every pair where the observed or the simulated value is NaN and returns the rest as
 * Float64Arrays (in input order) together with the number of pairs dropped.
 */
export function maskPairs(observed: Series, simulated: Series): MaskedPairs {
  assertSameLength(observed, simulated, 'observed', 'simulated');
  const n = observed.length;
  let kept = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(observed[i]) && !Number.isNaN(simulated[i])) kept++;
  const o = new Float64Array(kept);
  const s = new Float64Array(kept);
  for (let i = 0, k = 0; i < n; i++) {
    const oi = observed[i];
    const si = simulated[i];
    if (!Number.isNaN(oi) && !Number.isNaN(si)) {
      o[k] = oi;
      s[k] = si;
      k++;
    }
  }
  return { observed: o, simulated: s, masked: n - kept };
}

/** Values of `values` that are not NaN, as a Float64Array. */
export function dropNaN(values: Series): Float64Array {
  let kept = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) kept++;
  const out = new Float64Array(kept);
  for (let i = 0, k = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[k++] = values[i];
  return out;
}
