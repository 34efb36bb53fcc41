/** Input checks shared by the public entry points; each failure is a DecompositionError naming the parameter. */
import { DecompositionError } from './errors.js';

/**
 * Largest |value| a series may hold (1e60). The eigen-solvers work with squared lag covariances, which
 * grow as x⁴·L² and overflow from about |x| = 1e78; no series in physical units comes near.
 */
export const MAX_SERIES_MAGNITUDE = 1e60;

/** Checks that `series` is a non-empty array of finite numbers (gap-filled input) within ±{@link MAX_SERIES_MAGNITUDE}. */
export function checkSeries(series: ArrayLike<number>, parameter = 'series'): Float64Array {
  if (series.length === 0) throw new DecompositionError(parameter, 'is empty');
  const values = Float64Array.from(series);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new DecompositionError(
        parameter,
        `value ${values[i]} at index ${i}: SSA needs a gap-filled series without NaN/Infinity ` +
          "(fill gaps first, e.g. with @fluxscale/data's mean-annual-cycle gap filling)",
      );
    }
    if (Math.abs(values[i]) > MAX_SERIES_MAGNITUDE) {
      throw new DecompositionError(
        parameter,
        `value ${values[i]} at index ${i} is beyond ±${MAX_SERIES_MAGNITUDE}, where SSA's squared lag covariances overflow ` +
          '(a corrupt or mis-scaled value? check the units and the data it was read from)',
      );
    }
  }
  return values;
}

/** Checks that `value` is an integer in [min, max]; `hint` explains the bound. */
export function checkInteger(parameter: string, value: number, min: number, max: number, hint = ''): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max >= min ? `an integer in [${min}, ${max}]` : `an integer ≥ ${min}, but no value is possible here`;
    throw new DecompositionError(parameter, `must be ${range}${hint ? ` (${hint})` : ''}, got ${value}`);
  }
  return value;
}
