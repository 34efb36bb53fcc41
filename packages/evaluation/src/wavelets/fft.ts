/**
 * Small complex FFT for the wavelet code: in-place iterative radix-2 (stages fused in pairs) for power-of-two lengths, and
 * Bluestein's chirp-z algorithm for any other length. Arrays hold real and imaginary parts separately.
 * Forward transform: X_k = Σ x_n e^{−2πikn/N}; inverse includes the 1/N factor (numpy's convention).
 */
import { InvalidParameterError } from '../metrics/errors.js';

interface Radix2Plan {
  readonly n: number;
  readonly bitReverse: Uint32Array;
  /** Twiddles of the stage with half-size h at [h, 2h): cos(πj/h) and sin(πj/h), j < h. */
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

const plans = new Map<number, Radix2Plan>();

/** True when n is a positive power of two. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Smallest power of two ≥ n (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function radix2Plan(n: number): Radix2Plan {
  const cached = plans.get(n);
  if (cached) return cached;
  const bits = Math.round(Math.log2(n));
  const bitReverse = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
    bitReverse[i] = r;
  }
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let h = 1; h < n; h <<= 1) {
    for (let j = 0; j < h; j++) {
      cos[h + j] = Math.cos((Math.PI * j) / h);
      sin[h + j] = Math.sin((Math.PI * j) / h);
    }
  }
  const plan = { n, bitReverse, cos, sin };
  plans.set(n, plan);
  return plan;
}

/** Bit-reversal permutation followed by the first two radix-2 stages fused into one radix-4 pass. */
function permuteAndFirstStages(re: Float64Array, im: Float64Array, bitReverse: Uint32Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 0; i < n; i++) {
    const j = bitReverse[i];
    if (j > i) {
      const tr = re[i];
      re[i] = re[j];
      re[j] = tr;
      const ti = im[i];
      im[i] = im[j];
      im[j] = ti;
    }
  }
  if (n === 2) {
    const r0 = re[0];
    const i0 = im[0];
    re[0] = r0 + re[1];
    im[0] = i0 + im[1];
    re[1] = r0 - re[1];
    im[1] = i0 - im[1];
    return;
  }
  // Rotation of the odd half of each 4-block by w = ∓i (forward −i, inverse +i).
  const rot = inverse ? -1 : 1;
  for (let a = 0; a < n; a += 4) {
    const b0r = re[a] + re[a + 1];
    const b0i = im[a] + im[a + 1];
    const b1r = re[a] - re[a + 1];
    const b1i = im[a] - im[a + 1];
    const b2r = re[a + 2] + re[a + 3];
    const b2i = im[a + 2] + im[a + 3];
    const b3r = re[a + 2] - re[a + 3];
    const b3i = im[a + 2] - im[a + 3];
    const tr = rot * b3i;
    const ti = -rot * b3r;
    re[a] = b0r + b2r;
    im[a] = b0i + b2i;
    re[a + 2] = b0r - b2r;
    im[a + 2] = b0i - b2i;
    re[a + 1] = b1r + tr;
    im[a + 1] = b1i + ti;
    re[a + 3] = b1r - tr;
    im[a + 3] = b1i - ti;
  }
}

/** One radix-2 stage of half-size `half` (butterflies of size 2·half). */
function radix2Stage(re: Float64Array, im: Float64Array, cos: Float64Array, sin: Float64Array, half: number, sign: number): void {
  const n = re.length;
  for (let start = 0; start < n; start += half << 1) {
    for (let j = 0; j < half; j++) {
      const wr = cos[half + j];
      const wi = sign * sin[half + j];
      const a = start + j;
      const b = a + half;
      const br = re[b];
      const bi = im[b];
      const xr = br * wr - bi * wi;
      const xi = br * wi + bi * wr;
      re[b] = re[a] - xr;
      im[b] = im[a] - xi;
      re[a] += xr;
      im[a] += xi;
    }
  }
}

/**
 * Two radix-2 stages (half-sizes h and 2h) fused into one pass over the data: each group of four
 * points a, a+h, a+2h, a+3h is loaded once.
 */
function fusedStages(re: Float64Array, im: Float64Array, cos: Float64Array, sin: Float64Array, h: number, sign: number): void {
  const n = re.length;
  for (let start = 0; start < n; start += h << 2) {
    for (let j = 0; j < h; j++) {
      const w1r = cos[h + j];
      const w1i = sign * sin[h + j];
      const w2r = cos[2 * h + j];
      const w2i = sign * sin[2 * h + j];
      const i0 = start + j;
      const i1 = i0 + h;
      const i2 = i1 + h;
      const i3 = i2 + h;
      // first stage: (x0, x1) and (x2, x3) with w1
      let tr = re[i1] * w1r - im[i1] * w1i;
      let ti = re[i1] * w1i + im[i1] * w1r;
      const a0r = re[i0] + tr;
      const a0i = im[i0] + ti;
      const a1r = re[i0] - tr;
      const a1i = im[i0] - ti;
      tr = re[i3] * w1r - im[i3] * w1i;
      ti = re[i3] * w1i + im[i3] * w1r;
      const a2r = re[i2] + tr;
      const a2i = im[i2] + ti;
      const a3r = re[i2] - tr;
      const a3i = im[i2] - ti;
      // second stage: (a0, a2) with w2 and (a1, a3) with w2·W_4 = w2·(sign·i)
      const b2r = a2r * w2r - a2i * w2i;
      const b2i = a2r * w2i + a2i * w2r;
      const c3r = a3r * w2r - a3i * w2i;
      const c3i = a3r * w2i + a3i * w2r;
      const b3r = -sign * c3i;
      const b3i = sign * c3r;
      re[i0] = a0r + b2r;
      im[i0] = a0i + b2i;
      re[i2] = a0r - b2r;
      im[i2] = a0i - b2i;
      re[i1] = a1r + b3r;
      im[i1] = a1i + b3i;
      re[i3] = a1r - b3r;
      im[i3] = a1i - b3i;
    }
  }
}

function radix2InPlace(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  const { bitReverse, cos, sin } = radix2Plan(n);
  permuteAndFirstStages(re, im, bitReverse, inverse);
  const sign = inverse ? 1 : -1;
  let half = 4;
  for (; half * 4 <= n; half *= 4) fusedStages(re, im, cos, sin, half, sign);
  if (half < n) radix2Stage(re, im, cos, sin, half, sign);
  if (inverse) {
    const scale = 1 / n;
    for (let i = 0; i < n; i++) {
      re[i] *= scale;
      im[i] *= scale;
    }
  }
}

function bluesteinInPlace(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  const m = nextPowerOfTwo(2 * n - 1);
  const sign = inverse ? 1 : -1;
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = sign * Math.sin(angle);
  }
  const aRe = new Float64Array(m);
  const aIm = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    aRe[k] = re[k] * chirpRe[k] - im[k] * chirpIm[k];
    aIm[k] = re[k] * chirpIm[k] + im[k] * chirpRe[k];
  }
  const bRe = new Float64Array(m);
  const bIm = new Float64Array(m);
  bRe[0] = chirpRe[0];
  bIm[0] = -chirpIm[0];
  for (let k = 1; k < n; k++) {
    bRe[k] = bRe[m - k] = chirpRe[k];
    bIm[k] = bIm[m - k] = -chirpIm[k];
  }
  radix2InPlace(aRe, aIm, false);
  radix2InPlace(bRe, bIm, false);
  for (let k = 0; k < m; k++) {
    const r = aRe[k] * bRe[k] - aIm[k] * bIm[k];
    aIm[k] = aRe[k] * bIm[k] + aIm[k] * bRe[k];
    aRe[k] = r;
  }
  radix2InPlace(aRe, aIm, true);
  const scale = inverse ? 1 / n : 1;
  for (let k = 0; k < n; k++) {
    re[k] = (aRe[k] * chirpRe[k] - aIm[k] * chirpIm[k]) * scale;
    im[k] = (aRe[k] * chirpIm[k] + aIm[k] * chirpRe[k]) * scale;
  }
}

/**
 * In-place discrete Fourier transform of (re, im), any length ≥ 1. `inverse` computes the inverse
 * transform including the 1/N factor.
 */
export function fftInPlace(re: Float64Array, im: Float64Array, inverse = false): void {
  if (re.length !== im.length) throw new InvalidParameterError('im', `length ${im.length} differs from re length ${re.length}`);
  if (re.length <= 1) return;
  if (isPowerOfTwo(re.length)) radix2InPlace(re, im, inverse);
  else bluesteinInPlace(re, im, inverse);
}
