/**
 * Smoothing operator of wavelet coherence (Torrence & Webster 1999; Grinsted et al. 2004): a Gaussian in
 * time, exp(−t²/(2s²)) at scale s, applied by FFT with zero padding to the next power of two, then a
 * boxcar across scales.
 */
import { InvalidParameterError } from '../metrics/errors.js';
import type { ComplexMatrix } from './cwt.js';
import { fftInPlace, nextPowerOfTwo } from './fft.js';

/**
 * Width convention of the scale boxcar. 'grinsted' (default): Grinsted's MATLAB smoothwavelet.m, a
 * boxcar 0.6/dj scales wide (δj0 = 0.6) with fractional end weights. 'pycwt': pycwt's Morlet.smooth,
 * a boxcar of round(1.2/dj) taps with half-weight ends, about twice as wide.
 */
export type ScaleSmoothing = 'grinsted' | 'pycwt';

/** A reusable smoothing plan for a fixed number of time steps and scale grid. */
export interface SmoothingPlan {
  readonly n: number;
  readonly nScales: number;
  readonly paddedLength: number;
  /** Per scale: the Gaussian time filter at FFT bins 0..cut (zero beyond). */
  readonly timeFilters: Float64Array[];
  /** Boxcar weights across scales: symmetric, equal interior weights. */
  readonly scaleKernel: Float64Array;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** The boxcar weights across scales for spacing dj under `convention`, normalised to sum 1. */
export function scaleKernel(dj: number, convention: ScaleSmoothing = 'grinsted'): Float64Array {
  const dj0 = 0.6;
  let weights: number[];
  if (convention === 'grinsted') {
    const steps = dj0 / (dj * 2);
    const frac = steps % 1;
    const ones = Math.max(0, 2 * roundHalfAway(steps) - 1);
    weights = [frac, ...new Array<number>(ones).fill(1), frac];
  } else if (convention === 'pycwt') {
    const taps = roundHalfEven((dj0 / dj) * 2);
    weights = Array.from({ length: taps }, (_, i) => (i === 0 || i === taps - 1 ? 0.5 : 1));
  } else {
    throw new InvalidParameterError('smoothing', `must be 'grinsted' or 'pycwt', got ${String(convention)}`);
  }
  const kept = weights.filter((w, i) => w > 0 || (i > 0 && i < weights.length - 1));
  const total = kept.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new InvalidParameterError('dj', `too large for scale smoothing (dj = ${dj})`);
  return Float64Array.from(kept, (w) => w / total);
}

/** Builds the smoothing plan for `n` time steps at the given scales (time unit of dt). */
export function smoothingPlan(n: number, scales: Float64Array, dt: number, dj: number, convention: ScaleSmoothing = 'grinsted'): SmoothingPlan {
  const m = nextPowerOfTwo(n);
  const reach = 9; // exp(−9²/2) ≈ 2.6e-18: the filter is 0 in double precision beyond σ·k = 9
  const timeFilters = Array.from(scales, (s) => {
    const sigma = s / dt;
    const cut = Math.min(m >> 1, Math.floor((reach / sigma) * (m / (2 * Math.PI))));
    return Float64Array.from({ length: cut + 1 }, (_, i) => {
      const k = (2 * Math.PI * i) / m;
      return Math.exp(-0.5 * sigma * sigma * k * k);
    });
  });
  return {
    n,
    nScales: scales.length,
    paddedLength: m,
    timeFilters,
    scaleKernel: scaleKernel(dj, convention),
  };
}

/**
 * Gaussian smoothing in time of one row at scale index j, in place: `re`/`im` (length
 * plan.paddedLength) hold the row in their first plan.n entries and zeros after; on return the first
 * plan.n entries hold the smoothed row. Real and imaginary parts are smoothed independently (the
 * filter is real and even), so two real rows can be smoothed at once packed as re and im.
 */
export function timeSmoothRow(plan: SmoothingPlan, j: number, re: Float64Array, im: Float64Array): void {
  const m = plan.paddedLength;
  fftInPlace(re, im);
  const filter = plan.timeFilters[j];
  const cut = filter.length - 1;
  re.fill(0, cut + 1, m - cut);
  im.fill(0, cut + 1, m - cut);
  for (let i = 0; i <= cut; i++) {
    const f = filter[i];
    re[i] *= f;
    im[i] *= f;
    if (i > 0 && m - i > cut) {
      re[m - i] *= f;
      im[m - i] *= f;
    }
  }
  fftInPlace(re, im, true);
}

/** Running-sum state of {@link convolveScaleRow} for one matrix (rows of length n). */
export interface ScaleAccumulator {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** A zeroed accumulator for rows of length n. */
export function scaleAccumulator(n: number): ScaleAccumulator {
  return { re: new Float64Array(n), im: new Float64Array(n) };
}

/** Adds `sign`·row r of `m` to the accumulator when r is a valid scale index. */
function accumulateRow(plan: SmoothingPlan, m: ComplexMatrix, acc: ScaleAccumulator, r: number, sign: number): void {
  if (r < 0 || r >= plan.nScales) return;
  const n = plan.n;
  const row = r * n;
  for (let i = 0; i < n; i++) {
    acc.re[i] += sign * m.re[row + i];
    acc.im[i] += sign * m.im[row + i];
  }
}

/**
 * Row j of the 'same' convolution across scales of `input` (zero outside the grid, centred as
 * scipy's convolve2d) with the symmetric kernel [e, c, …, c, e], written to `out` (length n). Call it
 * for j = 0, 1, 2, … in order with the same accumulator: it keeps a running sum of the interior rows,
 * so the cost does not grow with the kernel width.
 */
export function convolveScaleRow(plan: SmoothingPlan, input: ComplexMatrix, acc: ScaleAccumulator, j: number, out: ScaleAccumulator): void {
  const { n, nScales, scaleKernel: kernel } = plan;
  const k = kernel.length;
  const offset = Math.floor((k - 1) / 2);
  if (j === 0) {
    acc.re.fill(0);
    acc.im.fill(0);
    for (let r = offset - k + 2; r <= offset - 1; r++) accumulateRow(plan, input, acc, r, 1);
  } else if (k > 2) {
    accumulateRow(plan, input, acc, j + offset - 1, 1);
    accumulateRow(plan, input, acc, j + offset - k + 1, -1);
  }
  const end = kernel[0];
  const interior = k > 2 ? kernel[1] : 0;
  const top = j + offset < nScales ? (j + offset) * n : -1;
  const bottom = k > 1 && j + offset - k + 1 >= 0 ? (j + offset - k + 1) * n : -1;
  for (let i = 0; i < n; i++) {
    let re = interior * acc.re[i];
    let im = interior * acc.im[i];
    if (top >= 0) {
      re += end * input.re[top + i];
      im += end * input.im[top + i];
    }
    if (bottom >= 0) {
      re += end * input.re[bottom + i];
      im += end * input.im[bottom + i];
    }
    out.re[i] = re;
    out.im[i] = im;
  }
}
