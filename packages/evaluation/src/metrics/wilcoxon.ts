/**
 * Wilcoxon signed-rank test of paired differences (e.g. guided − unguided R² per site), two-sided,
 * zero differences dropped (Wilcoxon's method).
 */
import { InsufficientDataError } from './errors.js';
import { dropNaN, type Series } from './pairs.js';
import { normalTwoSided } from './special.js';

/** How the p-value was computed: the exact null distribution, or the normal approximation. */
export type WilcoxonMethod = 'exact' | 'approx';

/** Largest number of differences for which the exact null distribution is used. */
export const WILCOXON_EXACT_MAX_N = 50;

/** Result of {@link wilcoxonSignedRank}. */
export interface WilcoxonSignedRank {
  /** min(R⁺, R⁻): the smaller of the rank sums of the positive and of the negative differences. */
  readonly statistic: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** Number of differences used (non-zero, non-NaN). */
  readonly n: number;
  /** Number of zero differences dropped. */
  readonly zeros: number;
  /** Number of NaN differences dropped. */
  readonly masked: number;
  /** 'exact' or 'approx' (normal approximation with tie correction). */
  readonly method: WilcoxonMethod;
  /** Normal deviate (statistic − n(n+1)/4)/σ, ≤ 0, when method is 'approx'; NaN for 'exact'. */
  readonly z: number;
}

/** Average ranks (1-based) of `values` and the tie term Σ(t³ − t) over groups of t equal values. */
function averageRanks(values: Float64Array): { readonly ranks: Float64Array; readonly tieTerm: number } {
  const n = values.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}

/**
 * Two-sided exact p-value of the positive rank sum `rPlus` of n untied, non-zero differences: twice
 * the smaller tail of the null distribution (every sign pattern equally likely), capped at 1; 1 at
 * the centre, ⌊n(n+1)/4⌋, as scipy. Counts are exact integers in doubles up to n = 50 (2⁵⁰ < 2⁵³).
 */
function exactTwoSided(rPlus: number, n: number): number {
  const total = (n * (n + 1)) / 2;
  if (rPlus === Math.floor(total / 2)) return 1;
  const counts = new Float64Array(total + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) {
    for (let s = (k * (k + 1)) / 2; s >= k; s--) counts[s] += counts[s - k];
  }
  let below = 0;
  for (let s = 0; s <= rPlus; s++) below += counts[s];
  let above = 0;
  for (let s = rPlus; s <= total; s++) above += counts[s];
  return Math.min(1, (2 * Math.min(below, above)) / 2 ** n);
}

/**
 * Two-sided Wilcoxon signed-rank test of H0: the differences are symmetric about zero, as
 * scipy.stats.wilcoxon(differences, nan_policy='omit') with its defaults (zero_method='wilcox',
 * no continuity correction). NaN and zero differences are dropped; the absolute values of the
 * others are ranked (average ranks for ties). The p-value is exact (null distribution of R⁺) when
 * at most {@link WILCOXON_EXACT_MAX_N} differences are left and there were no zeros and no ties;
 * otherwise it uses the normal approximation with mean n(n+1)/4 and variance
 * (n(n+1)(2n+1) − Σ(t³ − t)/2)/24 (tie correction). No difference left throws InsufficientDataError.
 */
export function wilcoxonSignedRank(differences: Series): WilcoxonSignedRank {
  const finite = dropNaN(differences);
  const masked = differences.length - finite.length;
  const nonZero = finite.filter((d) => d !== 0);
  const zeros = finite.length - nonZero.length;
  const n = nonZero.length;
  if (n === 0) throw new InsufficientDataError('differences', 0, 1, 'a Wilcoxon signed-rank test (non-zero, non-NaN)');
  const { ranks, tieTerm } = averageRanks(nonZero.map(Math.abs));
  let rPlus = 0;
  for (let i = 0; i < n; i++) if (nonZero[i] > 0) rPlus += ranks[i];
  const statistic = Math.min(rPlus, (n * (n + 1)) / 2 - rPlus);
  if (zeros === 0 && tieTerm === 0 && n <= WILCOXON_EXACT_MAX_N) {
    return { statistic, p: exactTwoSided(rPlus, n), n, zeros, masked, method: 'exact', z: Number.NaN };
  }
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieTerm / 2) / 24);
  const z = (statistic - (n * (n + 1)) / 4) / sd;
  return { statistic, p: normalTwoSided(z), n, zeros, masked, method: 'approx', z };
}
