import { InvalidParameterError } from './errors.js';
import { dropNaN, type Series } from './pairs.js';

/** Distribution summary of a set of values (e.g. per-site R²), NaN values dropped. */
export interface Summary {
  /** Number of non-NaN values. */
  readonly n: number;
  /** Arithmetic mean. */
  readonly mean: number;
  /** 25th percentile (linear interpolation, numpy's default). */
  readonly p25: number;
  /** Median. */
  readonly median: number;
  /** 75th percentile (linear interpolation, numpy's default). */
  readonly p75: number;
  /** Smallest value. */
  readonly min: number;
  /** Largest value. */
  readonly max: number;
}

/** The q-th percentile (q in [0, 100]) of ascending, NaN-free values with numpy's 'linear' method; NaN when empty. */
export function percentileOfSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = ((n - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function sortedFinite(values: Series): Float64Array {
  return dropNaN(values).sort();
}

/**
 * The q-th percentile (q in [0, 100]) with numpy's default 'linear' method: the value at position
 * (n − 1)·q/100 of the sorted values, interpolated linearly. NaN values are dropped (as numpy's
 * nanpercentile); NaN when no value is left.
 */
export function percentile(values: Series, q: number): number {
  if (!(q >= 0 && q <= 100)) throw new InvalidParameterError('q', `percentile must be in [0, 100], got ${q}`);
  return percentileOfSorted(sortedFinite(values), q);
}

/** Mean, 25th/50th/75th percentiles (numpy 'linear'), min and max of the non-NaN values; NaN fields when none. */
export function summarize(values: Series): Summary {
  const sorted = sortedFinite(values);
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    n,
    mean: n === 0 ? Number.NaN : sum / n,
    p25: percentileOfSorted(sorted, 25),
    median: percentileOfSorted(sorted, 50),
    p75: percentileOfSorted(sorted, 75),
    min: n === 0 ? Number.NaN : sorted[0],
    max: n === 0 ? Number.NaN : sorted[n - 1],
  };
}
