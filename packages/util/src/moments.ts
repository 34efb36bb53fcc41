/**
 * Means, variances, covariance and Pearson's correlation of numeric series, each computed in two
 * passes around the mean (population normalisation, 1/n). The one place fluxscale computes r.
 */

/** First and second moments of a pair of equally long series (population normalisation, 1/n). */
export interface PairMoments {
  /** Number of pairs. */
  readonly n: number;
  /** Mean of the first series. */
  readonly meanA: number;
  /** Mean of the second series. */
  readonly meanB: number;
  /** Population variance of the first series. */
  readonly varA: number;
  /** Population variance of the second series. */
  readonly varB: number;
  /** Population covariance. */
  readonly cov: number;
}

/**
 * Arithmetic mean (NaN for an empty series). A constant series gives its value exactly — a rounded
 * sum / n would not, and the deviations from it would then make a constant series look variable
 * (a variance of ~1e-36 instead of 0, and a meaningless correlation instead of an undefined one).
 */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  let constant = true;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    constant &&= values[i] === values[0];
  }
  if (values.length === 0) return Number.NaN;
  return constant ? values[0] : sum / values.length;
}

/** Population variance (1/n; NaN for an empty series), computed around the mean in two passes. */
export function populationVariance(values: ArrayLike<number>): number {
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - m;
    ss += d * d;
  }
  return values.length === 0 ? Number.NaN : ss / values.length;
}

/** Means, population variances and population covariance of two equally long series, in two passes. */
export function pairMoments(a: ArrayLike<number>, b: ArrayLike<number>): PairMoments {
  const n = a.length;
  const meanA = mean(a);
  const meanB = mean(b);
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - meanA;
    const db = b[i] - meanB;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  return { n, meanA, meanB, varA: saa / n, varB: sbb / n, cov: sab / n };
}

/**
 * Pearson's correlation r from pair moments, clamped to [−1, 1] (unitless); NaN when n < 2 or
 * either series is constant (an undefined correlation, never 0).
 */
export function momentCorrelation(m: PairMoments): number {
  const sdA = Math.sqrt(m.varA);
  const sdB = Math.sqrt(m.varB);
  return m.n < 2 || sdA === 0 || sdB === 0 ? Number.NaN : Math.max(-1, Math.min(1, m.cov / (sdA * sdB)));
}

/** Pearson's correlation r of two equally long series (unitless; NaN when n < 2 or either is constant). */
export const pearsonR = (a: ArrayLike<number>, b: ArrayLike<number>): number => momentCorrelation(pairMoments(a, b));
