/**
 * Two-dimensional Gaussian kernel density estimate with Scott's bandwidth, as scipy.stats.gaussian_kde:
 * kernel covariance = sample covariance (n − 1 denominator) × factor², factor = n^(−1/6).
 */
import { InsufficientDataError, InvalidParameterError } from '../metrics/errors.js';

/** A fitted 2-D KDE. */
export interface GaussianKde2d {
  /** Number of sample points. */
  readonly n: number;
  /** Scott's factor n^(−1/6). */
  readonly factor: number;
  /** Kernel covariance [cxx, cxy, cyy] (sample covariance × factor²), in squared axis units. */
  readonly covariance: readonly [number, number, number];
  /** Density at the points (px[i], py[i]), in 1 / (x unit · y unit). */
  evaluate(px: ArrayLike<number>, py: ArrayLike<number>): Float64Array;
}

/** Fits a 2-D Gaussian KDE with Scott's bandwidth to the sample points (x[i], y[i]); non-finite pairs are dropped. */
export function gaussianKde2d(x: ArrayLike<number>, y: ArrayLike<number>): GaussianKde2d {
  if (x.length !== y.length) throw new InvalidParameterError('y', `length ${y.length} differs from x's ${x.length}`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  const n = xs.length;
  if (n < 3) throw new InsufficientDataError('x, y', n, 3, 'a 2-D kernel density estimate');
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const factor = Math.pow(n, -1 / 6);
  const scale = (factor * factor) / (n - 1);
  const cxx = sxx * scale;
  const cxy = sxy * scale;
  const cyy = syy * scale;
  const det = cxx * cyy - cxy * cxy;
  if (!(det > 1e-12 * cxx * cyy) || !(cxx > 0) || !(cyy > 0)) {
    throw new InvalidParameterError('x, y', 'sample covariance is singular (constant or collinear points)');
  }
  const ixx = cyy / det;
  const ixy = -cxy / det;
  const iyy = cxx / det;
  const norm = 1 / (n * 2 * Math.PI * Math.sqrt(det));
  const evaluate = (px: ArrayLike<number>, py: ArrayLike<number>): Float64Array => {
    if (px.length !== py.length) throw new InvalidParameterError('py', `length ${py.length} differs from px's ${px.length}`);
    const out = new Float64Array(px.length);
    for (let p = 0; p < px.length; p++) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const dx = px[p] - xs[i];
        const dy = py[p] - ys[i];
        sum += Math.exp(-0.5 * (ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy));
      }
      out[p] = sum * norm;
    }
    return out;
  };
  return { n, factor, covariance: [cxx, cxy, cyy], evaluate };
}
