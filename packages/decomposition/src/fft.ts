/**
 * Discrete Fourier transform over split real/imaginary Float64Arrays: iterative radix-2 for powers of
 * two, Bluestein's chirp-z algorithm (built on the radix-2 kernel) for any other length. Transforms
 * are in place and unnormalised in the forward direction; the inverse divides by n.
 */

interface Radix2Plan {
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly bitReverse: Uint32Array;
}

interface BluesteinPlan {
  readonly size: number;
  readonly chirpRe: Float64Array;
  readonly chirpIm: Float64Array;
  readonly kernelRe: Float64Array;
  readonly kernelIm: Float64Array;
}

const radix2Plans = new Map<number, Radix2Plan>();
const bluesteinPlans = new Map<number, BluesteinPlan>();

/** Smallest power of two ≥ n (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function radix2Plan(n: number): Radix2Plan {
  let plan = radix2Plans.get(n);
  if (plan) return plan;
  const half = n >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  const bitReverse = new Uint32Array(n);
  let bits = 0;
  while (1 << bits < n) bits++;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
    bitReverse[i] = r;
  }
  plan = { cos, sin, bitReverse };
  radix2Plans.set(n, plan);
  return plan;
}

/** Forward radix-2 transform (sign −1 in the exponent); `n` must be a power of two. */
function radix2(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n <= 1) return;
  const { cos, sin, bitReverse } = radix2Plan(n);
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
  let size = 2;
  if (n >= 4) {
    // The first two stages fused into radix-4 butterflies, whose twiddles are 1 and −i.
    for (let a = 0; a < n; a += 4) {
      const r0 = re[a] + re[a + 1];
      const i0 = im[a] + im[a + 1];
      const r1 = re[a] - re[a + 1];
      const i1 = im[a] - im[a + 1];
      const r2 = re[a + 2] + re[a + 3];
      const i2 = im[a + 2] + im[a + 3];
      const r3 = re[a + 2] - re[a + 3];
      const i3 = im[a + 2] - im[a + 3];
      re[a] = r0 + r2;
      im[a] = i0 + i2;
      re[a + 2] = r0 - r2;
      im[a + 2] = i0 - i2;
      re[a + 1] = r1 + i3;
      im[a + 1] = i1 - r3;
      re[a + 3] = r1 - i3;
      im[a + 3] = i1 + r3;
    }
    size = 8;
  }
  // Remaining stages two at a time (radix-2² butterflies over four quarter-blocks), then a last
  // single radix-2 stage if their number is odd.
  for (; 2 * size <= n; size *= 4) {
    const half = size >> 1;
    const stride1 = n / size;
    const stride2 = stride1 >> 1;
    for (let start = 0; start < n; start += 2 * size) {
      for (let k = 0; k < half; k++) {
        const a0 = start + k;
        const a1 = a0 + half;
        const a2 = a1 + half;
        const a3 = a2 + half;
        const w1r = cos[k * stride1];
        const w1i = sin[k * stride1];
        const w2r = cos[k * stride2];
        const w2i = sin[k * stride2];
        let xr = re[a1] * w1r - im[a1] * w1i;
        let xi = re[a1] * w1i + im[a1] * w1r;
        const y0r = re[a0] + xr;
        const y0i = im[a0] + xi;
        const y1r = re[a0] - xr;
        const y1i = im[a0] - xi;
        xr = re[a3] * w1r - im[a3] * w1i;
        xi = re[a3] * w1i + im[a3] * w1r;
        const y2r = re[a2] + xr;
        const y2i = im[a2] + xi;
        const y3r = re[a2] - xr;
        const y3i = im[a2] - xi;
        const zr = y2r * w2r - y2i * w2i;
        const zi = y2r * w2i + y2i * w2r;
        // Twiddle of the second quarter is w2·(−i).
        const ur = y3r * w2i + y3i * w2r;
        const ui = y3i * w2i - y3r * w2r;
        re[a0] = y0r + zr;
        im[a0] = y0i + zi;
        re[a2] = y0r - zr;
        im[a2] = y0i - zi;
        re[a1] = y1r + ur;
        im[a1] = y1i + ui;
        re[a3] = y1r - ur;
        im[a3] = y1i - ui;
      }
    }
  }
  if (size <= n) {
    const half = size >> 1;
    for (let k = 0; k < half; k++) {
      const wr = cos[k];
      const wi = sin[k];
      const b = k + half;
      const xr = re[b] * wr - im[b] * wi;
      const xi = re[b] * wi + im[b] * wr;
      re[b] = re[k] - xr;
      im[b] = im[k] - xi;
      re[k] += xr;
      im[k] += xi;
    }
  }
}

function bluesteinPlan(n: number): BluesteinPlan {
  let plan = bluesteinPlans.get(n);
  if (plan) return plan;
  const size = nextPowerOfTwo(2 * n - 1);
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  const kernelRe = new Float64Array(size);
  const kernelIm = new Float64Array(size);
  for (let k = 0; k < n; k++) {
    // k² mod 2n keeps the angle argument small and exact for large k.
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = -Math.sin(angle);
    kernelRe[k] = chirpRe[k];
    kernelIm[k] = -chirpIm[k];
    if (k > 0) {
      kernelRe[size - k] = chirpRe[k];
      kernelIm[size - k] = -chirpIm[k];
    }
  }
  radix2(kernelRe, kernelIm);
  plan = { size, chirpRe, chirpIm, kernelRe, kernelIm };
  bluesteinPlans.set(n, plan);
  return plan;
}

/** Forward transform of arbitrary length n by Bluestein's identity nk = (n² + k² − (k − n)²) / 2. */
function bluestein(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  const { size, chirpRe, chirpIm, kernelRe, kernelIm } = bluesteinPlan(n);
  const aRe = new Float64Array(size);
  const aIm = new Float64Array(size);
  for (let k = 0; k < n; k++) {
    aRe[k] = re[k] * chirpRe[k] - im[k] * chirpIm[k];
    aIm[k] = re[k] * chirpIm[k] + im[k] * chirpRe[k];
  }
  radix2(aRe, aIm);
  for (let k = 0; k < size; k++) {
    const r = aRe[k] * kernelRe[k] - aIm[k] * kernelIm[k];
    aIm[k] = aRe[k] * kernelIm[k] + aIm[k] * kernelRe[k];
    aRe[k] = r;
  }
  inverseFft(aRe, aIm);
  for (let k = 0; k < n; k++) {
    re[k] = aRe[k] * chirpRe[k] - aIm[k] * chirpIm[k];
    im[k] = aRe[k] * chirpIm[k] + aIm[k] * chirpRe[k];
  }
}

/** In-place forward DFT X_k = Σ_j x_j e^{−2πi jk/n} of any length n (unnormalised). */
export function fft(re: Float64Array, im: Float64Array): void {
  if (re.length !== im.length) throw new RangeError('fft: re and im must have the same length');
  if (isPowerOfTwo(re.length)) radix2(re, im);
  else if (re.length > 1) bluestein(re, im);
}

/** In-place inverse DFT x_j = (1/n) Σ_k X_k e^{+2πi jk/n} of any length n. */
export function inverseFft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 0; i < n; i++) im[i] = -im[i];
  fft(re, im);
  const scale = 1 / n;
  for (let i = 0; i < n; i++) {
    re[i] *= scale;
    im[i] = -im[i] * scale;
  }
}

/**
 * Half spectrum X_k, k = 0 … size/2, of the real sequence `x` zero-padded to `size` (a power of two
 * ≥ 4), from one complex FFT of length size/2 over the packed pairs x_{2m} + i·x_{2m+1}. Writes into
 * `outRe`/`outIm` (length size/2 + 1); `scratchRe`/`scratchIm` (length size/2) are overwritten.
 */
export function realFft(x: Float64Array, size: number, outRe: Float64Array, outIm: Float64Array, scratchRe: Float64Array, scratchIm: Float64Array): void {
  const half = size >> 1;
  scratchRe.fill(0);
  scratchIm.fill(0);
  for (let j = 0; j < x.length; j++) {
    if (j & 1) scratchIm[j >> 1] = x[j];
    else scratchRe[j >> 1] = x[j];
  }
  radix2(scratchRe, scratchIm);
  const { cos, sin } = radix2Plan(size);
  for (let k = 0; k <= half; k++) {
    const a = k % half;
    const b = (half - k) % half;
    // Even part E_k = (Z_k + conj Z_{−k}) / 2, odd part O_k = (Z_k − conj Z_{−k}) / 2i.
    const er = (scratchRe[a] + scratchRe[b]) / 2;
    const ei = (scratchIm[a] - scratchIm[b]) / 2;
    const or = (scratchIm[a] + scratchIm[b]) / 2;
    const oi = (scratchRe[b] - scratchRe[a]) / 2;
    const wr = k === half ? -1 : cos[k];
    const wi = k === half ? 0 : sin[k];
    outRe[k] = er + wr * or - wi * oi;
    outIm[k] = ei + wr * oi + wi * or;
  }
}

/**
 * Inverse of {@link realFft}: the real sequence of length `size` whose half spectrum is
 * (re, im) (length size/2 + 1, Hermitian symmetry implied), from one complex inverse FFT of length
 * size/2. Writes into `out` (length size); scratch arrays of length size/2 are overwritten.
 */
export function inverseRealFft(re: Float64Array, im: Float64Array, size: number, out: Float64Array, scratchRe: Float64Array, scratchIm: Float64Array): void {
  const half = size >> 1;
  const { cos, sin } = radix2Plan(size);
  for (let k = 0; k < half; k++) {
    const m = half - k;
    // E_k = (Y_k + conj Y_{n/2−k}) / 2, O_k = (Y_k − conj Y_{n/2−k}) ω^{−k} / 2, packed as E_k + i O_k.
    const er = (re[k] + re[m]) / 2;
    const ei = (im[k] - im[m]) / 2;
    const dr = (re[k] - re[m]) / 2;
    const di = (im[k] + im[m]) / 2;
    const wr = cos[k];
    const wi = -sin[k];
    const or = dr * wr - di * wi;
    const oi = dr * wi + di * wr;
    scratchRe[k] = er - oi;
    scratchIm[k] = ei + or;
  }
  inverseFft(scratchRe, scratchIm);
  for (let m = 0; m < half; m++) {
    out[2 * m] = scratchRe[m];
    out[2 * m + 1] = scratchIm[m];
  }
}
