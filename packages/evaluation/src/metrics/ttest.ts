import { InsufficientDataError } from './errors.js';
import { maskPairs, type Series } from './pairs.js';
import { studentTTwoSided } from './special.js';

/** Result of a paired t-test of a against b. */
export interface PairedTTest {
  /** t statistic, mean(a − b) / (SD(a − b) / √n) with the sample SD (n − 1). */
  readonly t: number;
  /** Degrees of freedom, n − 1. */
  readonly df: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** Mean of a − b, in the units of the inputs. */
  readonly meanDiff: number;
  /** Number of pairs used. */
  readonly n: number;
  /** Number of pairs dropped because either value was NaN. */
  readonly masked: number;
}

/**
 * Paired two-sided Student t-test of H0: mean(a − b) = 0 (as scipy.stats.ttest_rel with
 * nan_policy='omit'). Pairs with a NaN are dropped; fewer than 2 pairs throws InsufficientDataError.
 * When all differences are equal (zero SD) the result follows scipy: t = ±Infinity and p = 0 if the
 * mean difference is non-zero, t = p = NaN if it is zero.
 */
export function pairedTTest(a: Series, b: Series): PairedTTest {
  const pairs = maskPairs(a, b);
  const n = pairs.observed.length;
  if (n < 2) throw new InsufficientDataError('a, b', n, 2, 'a paired t-test');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += pairs.observed[i] - pairs.simulated[i];
  const meanDiff = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = pairs.observed[i] - pairs.simulated[i] - meanDiff;
    ss += d * d;
  }
  const df = n - 1;
  const se = Math.sqrt(ss / df / n);
  const t = se === 0 ? (meanDiff === 0 ? Number.NaN : Math.sign(meanDiff) * Number.POSITIVE_INFINITY) : meanDiff / se;
  return { t, df, p: studentTTwoSided(t, df), meanDiff, n, masked: pairs.masked };
}
