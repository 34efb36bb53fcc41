/**
 * The L×K trajectory (Hankel) matrix X[i][j] = x[i + j] of a series, K = N − L + 1, as an operator:
 * products X·v and Xᵀ·u are correlations with the series done by FFT in O(N log N), so the matrix
 * is never formed. Also the diagonal averaging (Hankelisation) of rank-1 matrices u·wᵀ by FFT
 * convolution.
 */
import { fft, inverseFft, inverseRealFft, nextPowerOfTwo, realFft } from './fft.js';

/** Number of cells on anti-diagonal n of an L×K matrix, N = L + K − 1. */
export function antiDiagonalCount(n: number, window: number, columns: number): number {
  return Math.min(n + 1, window, columns, window + columns - 1 - n);
}

/** FFT-backed trajectory matrix of `series` for window length `window`. */
export class TrajectoryOperator {
  readonly length: number;
  readonly window: number;
  readonly columns: number;
  private readonly size: number;
  private readonly spectrumRe: Float64Array;
  private readonly spectrumIm: Float64Array;
  private readonly halfRe: Float64Array;
  private readonly halfIm: Float64Array;
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;
  private readonly padded: Float64Array;

  constructor(
    readonly series: Float64Array,
    window: number,
  ) {
    this.length = series.length;
    this.window = window;
    this.columns = series.length - window + 1;
    this.size = Math.max(4, nextPowerOfTwo(series.length));
    const half = this.size / 2;
    this.spectrumRe = new Float64Array(half + 1);
    this.spectrumIm = new Float64Array(half + 1);
    this.halfRe = new Float64Array(half + 1);
    this.halfIm = new Float64Array(half + 1);
    this.scratchRe = new Float64Array(half);
    this.scratchIm = new Float64Array(half);
    this.padded = new Float64Array(this.size);
    realFft(series, this.size, this.spectrumRe, this.spectrumIm, this.scratchRe, this.scratchIm);
  }

  /** X·v for v of length K; returns length L. */
  times(v: Float64Array): Float64Array {
    return this.correlate(v, this.window);
  }

  /** Xᵀ·u for u of length L; returns length K. */
  transposeTimes(u: Float64Array): Float64Array {
    return this.correlate(u, this.columns);
  }

  /** Squared Frobenius norm of X, Σ_n c_n x_n² with c_n the anti-diagonal counts. */
  frobeniusNorm2(): number {
    let sum = 0;
    for (let n = 0; n < this.length; n++) {
      sum += antiDiagonalCount(n, this.window, this.columns) * this.series[n] * this.series[n];
    }
    return sum;
  }

  /**
   * out[s] = Σ_i x[s + i]·w[i] for s < outLength: the circular convolution of x with reversed w
   * on a power-of-two grid ≥ N (real-input FFTs), which has no wrap-around in the lags read back.
   */
  private correlate(w: Float64Array, outLength: number): Float64Array {
    const last = w.length - 1;
    const reversed = this.padded.subarray(0, w.length);
    for (let m = 0; m <= last; m++) reversed[m] = w[last - m];
    const { halfRe: re, halfIm: im, spectrumRe, spectrumIm } = this;
    realFft(reversed, this.size, re, im, this.scratchRe, this.scratchIm);
    for (let k = 0; k < re.length; k++) {
      const a = re[k];
      const b = im[k];
      re[k] = a * spectrumRe[k] - b * spectrumIm[k];
      im[k] = a * spectrumIm[k] + b * spectrumRe[k];
    }
    inverseRealFft(re, im, this.size, this.padded, this.scratchRe, this.scratchIm);
    return this.padded.slice(last, last + outLength);
  }
}

/** Scratch space of {@link diagonalAverages} for one FFT grid size. */
interface ConvolutionBuffers {
  readonly zr: Float64Array;
  readonly zi: Float64Array;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

function convolutionBuffers(size: number): ConvolutionBuffers {
  return { zr: new Float64Array(size), zi: new Float64Array(size), re: new Float64Array(size), im: new Float64Array(size) };
}

function maxAbs(values: Float64Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/**
 * A power of two f with max|f·w| ≈ max|u| (1 if either is zero). u and w share one complex FFT, whose
 * rounding error is relative to the larger of the two, so they must be of one size; a power of two
 * scales exactly.
 */
function balancingFactor(u: Float64Array, w: Float64Array): number {
  const mu = maxAbs(u);
  const mw = maxAbs(w);
  return mu > 0 && mw > 0 ? 2 ** Math.round(Math.log2(mu) - Math.log2(mw)) : 1;
}

/**
 * Adds i^power × the spectrum of the linear convolution u ∗ w (both real) on the buffers' grid into
 * (re, im), from one FFT of u + i·f·w (f from {@link balancingFactor}, divided out); power 0 or 1.
 */
function addConvolutionSpectrum(u: Float64Array, w: Float64Array, buffers: ConvolutionBuffers, power: 0 | 1): void {
  const { zr, zi, re, im } = buffers;
  const size = zr.length;
  const f = balancingFactor(u, w);
  zr.fill(0);
  zi.fill(0);
  zr.set(u);
  for (let k = 0; k < w.length; k++) zi[k] = w[k] * f;
  fft(zr, zi);
  for (let k = 0; k < size; k++) {
    const m = (size - k) % size;
    const a = zr[k];
    const b = zi[k];
    const c = zr[m];
    const d = zi[m];
    // U_k = (Z_k + conj Z_{−k}) / 2, W_k = (Z_k − conj Z_{−k}) / 2i.
    const ur = (a + c) / 2;
    const ui = (b - d) / 2;
    const wr = (b + d) / 2;
    const wi = (c - a) / 2;
    const sr = (ur * wr - ui * wi) / f;
    const si = (ur * wi + ui * wr) / f;
    if (power === 0) {
      re[k] += sr;
      im[k] += si;
    } else {
      re[k] -= si;
      im[k] += sr;
    }
  }
}

/**
 * Diagonal averages of the rank-1 matrices u_p·w_pᵀ (u_p of length L, w_p of length K): y_n is the
 * mean of the cells with i + j = n, i.e. (u ∗ w)_n / c_n. Two components share each inverse FFT.
 */
export function diagonalAverages(pairs: ReadonlyArray<{ u: Float64Array; w: Float64Array }>): Float64Array[] {
  if (pairs.length === 0) return [];
  const window = pairs[0].u.length;
  const columns = pairs[0].w.length;
  const length = window + columns - 1;
  const buffers = convolutionBuffers(nextPowerOfTwo(length));
  const out: Float64Array[] = [];
  for (let p = 0; p < pairs.length; p += 2) {
    const paired = p + 1 < pairs.length;
    buffers.re.fill(0);
    buffers.im.fill(0);
    addConvolutionSpectrum(pairs[p].u, pairs[p].w, buffers, 0);
    if (paired) addConvolutionSpectrum(pairs[p + 1].u, pairs[p + 1].w, buffers, 1);
    inverseFft(buffers.re, buffers.im);
    const a = new Float64Array(length);
    const b = paired ? new Float64Array(length) : null;
    for (let n = 0; n < length; n++) {
      const c = antiDiagonalCount(n, window, columns);
      a[n] = buffers.re[n] / c;
      if (b) b[n] = buffers.im[n] / c;
    }
    out.push(a);
    if (b) out.push(b);
  }
  return out;
}
