/** Lag-1 autoregressive (AR(1), red-noise) background: coefficient estimates and surrogate series. */
import { InsufficientDataError, InvalidParameterError } from '../metrics/errors.js';
import type { Series } from '../metrics/pairs.js';

/**
 * How to estimate the lag-1 coefficient: 'simple' (c1/c0 with c0 = Σx²/N and c1 = Σx_t·x_{t+1}/(N − 1)
 * on the mean-removed series, as Grinsted's ar1nv.m) or 'allen-smith' (Allen & Smith 1996 bias-corrected
 * estimate, as Grinsted's ar1.m and pycwt's ar1).
 */
export type Ar1Method = 'simple' | 'allen-smith';

/** Estimated lag-1 autocorrelation of `series` (needs ≥ 3 finite values; unitless, in (−1, 1)). */
export function ar1(series: Series, method: Ar1Method = 'simple'): number {
  const n = series.length;
  if (n < 3) throw new InsufficientDataError('series', n, 3, 'an AR(1) estimate');
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(series[i])) throw new InvalidParameterError('series', `value ${series[i]} at index ${i}: fill gaps first`);
    mean += series[i];
  }
  mean /= n;
  let c0 = 0;
  let c1 = 0;
  for (let i = 0; i < n; i++) {
    const d = series[i] - mean;
    c0 += d * d;
    if (i + 1 < n) c1 += d * (series[i + 1] - mean);
  }
  c0 /= n;
  c1 /= n - 1;
  if (c0 === 0) throw new InvalidParameterError('series', 'is constant: its lag-1 autocorrelation is undefined');
  if (method === 'simple') return c1 / c0;
  // Allen & Smith (1996): the g whose expected biased lag-0/lag-1 covariance ratio matches c1/c0,
  // written as the quadratic A·g² + B·g + C = 0 (Grinsted's substitution).
  const a = c0 * n * n;
  const b = -c1 * n - c0 * n * n - 2 * c0 + 2 * c1 - c1 * n * n + c0 * n;
  const c = n * (c0 + c1 * n - c1);
  const disc = b * b - 4 * a * c;
  if (!(disc > 0)) throw new InvalidParameterError('series', 'too short or too trended for an Allen–Smith AR(1) estimate; use method "simple"');
  return (-b - Math.sqrt(disc)) / (2 * a);
}

/**
 * Fills `out` with a stationary AR(1) series x_t = g·x_{t−1} + ε_t, ε ~ N(0, 1), started from its
 * stationary distribution N(0, 1/(1 − g²)) so no burn-in is needed.
 */
export function fillRedNoise(out: Float64Array, lag1: number, normal: () => number): void {
  if (!(lag1 > -1 && lag1 < 1)) throw new InvalidParameterError('lag1', `must be in (−1, 1), got ${lag1}`);
  if (out.length === 0) return;
  out[0] = normal() / Math.sqrt(1 - lag1 * lag1);
  for (let i = 1; i < out.length; i++) out[i] = lag1 * out[i - 1] + normal();
}
