/**
 * Continuous wavelet transform (Torrence & Compo 1998) with the Morlet wavelet, computed by FFT of the
 * zero-padded, mean-removed series, and its inverse (eq. 11) and wavelet-derived variance (eq. 14).
 */
import { InsufficientDataError, InvalidParameterError } from '../metrics/errors.js';
import { mean, populationVariance } from '@fluxscale/util';
import type { Series } from '../metrics/pairs.js';
import { fftInPlace, nextPowerOfTwo } from './fft.js';
import { morlet, morletDaughter, requireEmpirical, type Morlet } from './morlet.js';

/**
 * Zero padding of the series before the FFT: 'nextPow2' (default, as pycwt) pads to the next power of
 * two ≥ n; 'tc98' pads as Torrence & Compo's wavelet.m/wavetest.f, to 2^(round(log2 n) + 1) (1024 for
 * n = 504); 'none' does not pad; a number is the padded length itself (≥ n).
 */
export type PadMode = 'nextPow2' | 'tc98' | 'none' | number;

/** Options of {@link cwt}. Times (dt, s0, scales, periods, coi) are in the series' time unit (days for FLUXNET daily data). */
export interface CwtOptions {
  /** Sampling interval. */
  readonly dt: number;
  /** Spacing of the scales in octaves (default 1/12). */
  readonly dj?: number;
  /** Smallest scale (default 2·dt). */
  readonly s0?: number;
  /** Number of scales less one (default ⌊log2(n·dt/s0)/dj⌋, as T&C's wavelet.m). */
  readonly J?: number;
  /** Zero padding (default 'nextPow2'). */
  readonly pad?: PadMode;
  /** Mother wavelet (default Morlet, ω0 = 6). */
  readonly mother?: Morlet;
}

/** Complex values stored as separate real and imaginary parts, row-major [scales, n]. */
export interface ComplexMatrix {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Result of {@link cwt}. */
export interface CwtResult {
  /** Wavelet coefficients W_n(s_j), row-major [scale j][time n]. In series units (T&C normalisation). */
  readonly wave: ComplexMatrix;
  /** Wavelet power |W|², row-major [scale][time], in series units². */
  readonly power: Float64Array;
  /** Scales s_j = s0·2^(j·dj), time units. */
  readonly scales: Float64Array;
  /** Equivalent Fourier periods, time units. */
  readonly periods: Float64Array;
  /** Cone of influence per time step: the largest Fourier period free of edge effects, time units. */
  readonly coi: Float64Array;
  /** Number of time steps. */
  readonly n: number;
  /** Number of scales (J + 1). */
  readonly nScales: number;
  readonly dt: number;
  readonly dj: number;
  readonly s0: number;
  /** Length of the zero-padded series transformed. */
  readonly paddedLength: number;
  /** Mean removed from the series before the transform. */
  readonly mean: number;
  /** Population variance of the series (the default for significance levels). */
  readonly variance: number;
  readonly mother: Morlet;
}

/** Resolved scale grid and padding of a CWT. */
export interface ScaleGrid {
  readonly dt: number;
  readonly dj: number;
  readonly s0: number;
  readonly J: number;
  readonly paddedLength: number;
  readonly mother: Morlet;
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new InvalidParameterError(name, `must be a positive finite number, got ${value}`);
  return value;
}

/** Padded length for a series of length n under `pad`. */
export function paddedLength(n: number, pad: PadMode = 'nextPow2'): number {
  if (pad === 'nextPow2') return nextPowerOfTwo(n);
  if (pad === 'tc98') return 2 ** (Math.trunc(Math.log2(n) + 0.4999) + 1);
  if (pad === 'none') return n;
  if (typeof pad === 'number' && Number.isInteger(pad) && pad >= n) return pad;
  throw new InvalidParameterError('pad', `must be 'nextPow2', 'tc98', 'none' or an integer ≥ n (${n}), got ${String(pad)}`);
}

/** Resolves the defaults of {@link CwtOptions} for a series of length n and validates them. */
export function resolveScaleGrid(n: number, options: CwtOptions): ScaleGrid {
  const dt = positive('dt', options.dt);
  const dj = positive('dj', options.dj ?? 1 / 12);
  const s0 = positive('s0', options.s0 ?? 2 * dt);
  const J = options.J ?? Math.trunc(Math.log2((n * dt) / s0) / dj);
  if (!Number.isInteger(J) || J < 0) throw new InvalidParameterError('J', `must be a non-negative integer, got ${J}`);
  return { dt, dj, s0, J, paddedLength: paddedLength(n, options.pad), mother: options.mother ?? morlet() };
}

/** Scales s0·2^(j·dj), j = 0..J. */
export function scalesOf(grid: ScaleGrid): Float64Array {
  return Float64Array.from({ length: grid.J + 1 }, (_, j) => grid.s0 * 2 ** (j * grid.dj));
}

/**
 * Cone of influence for n steps (T&C's wavelet.m): coiFactor·dt·d, with d the distance in steps to the
 * nearer end of the series (1e-5 at the ends).
 */
export function coneOfInfluence(n: number, dt: number, mother: Morlet): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => mother.coiFactor * dt * Math.max(Math.min(i, n - 1 - i), 1e-5));
}

/**
 * Precomputed daughter wavelets in Fourier space for a scale grid: row j holds the non-zero band
 * [first[j], first[j] + values[j].length) of positive frequencies.
 */
export interface DaughterBank {
  readonly scales: Float64Array;
  readonly first: Int32Array;
  readonly values: Float64Array[];
}

const bankCache = new Map<string, DaughterBank>();
const BANK_CACHE_SIZE = 4;

/**
 * The Fourier-space Morlet daughters of every scale for the grid's padded length. The last few banks
 * are cached (they depend only on the grid), since analyses repeat one grid over many series.
 */
export function daughterBank(grid: ScaleGrid): DaughterBank {
  const key = [grid.paddedLength, grid.dt, grid.dj, grid.s0, grid.J, grid.mother.omega0].join(',');
  const cached = bankCache.get(key);
  if (cached) return cached;
  const bank = buildDaughterBank(grid);
  if (bankCache.size >= BANK_CACHE_SIZE) bankCache.delete(bankCache.keys().next().value as string);
  bankCache.set(key, bank);
  return bank;
}

function buildDaughterBank(grid: ScaleGrid): DaughterBank {
  const scales = scalesOf(grid);
  const m = grid.paddedLength;
  const dOmega = (2 * Math.PI) / (m * grid.dt);
  const kMax = Math.floor(m / 2);
  const first = new Int32Array(scales.length);
  const values: Float64Array[] = [];
  const reach = 9; // exp(−9²/2) ≈ 2.6e-18 of the peak: negligible in double precision
  scales.forEach((s, j) => {
    const lo = Math.max(1, Math.ceil((grid.mother.omega0 - reach) / (s * dOmega)));
    const hi = Math.min(kMax, Math.floor((grid.mother.omega0 + reach) / (s * dOmega)));
    first[j] = lo;
    values.push(Float64Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => morletDaughter(grid.mother, s, (lo + i) * dOmega, grid.dt)));
  });
  return { scales, first, values };
}

/** Fourier transform of the mean-removed series zero-padded to `m`. */
export function paddedSpectrum(x: Series, mean: number, m: number): ComplexMatrix {
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let i = 0; i < x.length; i++) re[i] = x[i] - mean;
  fftInPlace(re, im);
  return { re, im };
}

/**
 * Row j of the transform over the whole padded length, IFFT(X·ψ̂_j), left in `re`/`im` (length m);
 * its first n entries are W_n(s_j).
 */
export function transformRow(spectrum: ComplexMatrix, bank: DaughterBank, j: number, re: Float64Array, im: Float64Array): void {
  re.fill(0);
  im.fill(0);
  const lo = bank.first[j];
  const d = bank.values[j];
  for (let i = 0; i < d.length; i++) {
    re[lo + i] = spectrum.re[lo + i] * d[i];
    im[lo + i] = spectrum.im[lo + i] * d[i];
  }
  fftInPlace(re, im, true);
}

/** Throws unless every value of `x` is finite and there are at least `min` of them. */
export function assertFiniteSeries(x: Series, name: string, min = 2): void {
  if (x.length < min) throw new InsufficientDataError(name, x.length, min, 'a wavelet transform');
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new InvalidParameterError(name, `value ${x[i]} at index ${i}: fill gaps before a wavelet transform`);
  }
}

/**
 * Continuous wavelet transform of `series` (Morlet, Torrence & Compo 1998): the mean is removed, the
 * series zero-padded, and W_n(s) = IFFT(X̂_k·√(2πs/dt)·ψ̂(sω_k)) for each scale s_j = s0·2^(j·dj).
 * Power |W|² is in series units² (a white-noise series of variance σ² has E|W|² = σ²). Non-finite
 * values throw (fill gaps first); n < 2 throws InsufficientDataError.
 */
export function cwt(series: Series, options: CwtOptions): CwtResult {
  assertFiniteSeries(series, 'series');
  const n = series.length;
  const grid = resolveScaleGrid(n, options);
  const bank = daughterBank(grid);
  const nScales = grid.J + 1;
  const seriesMean = mean(series);
  const spectrum = paddedSpectrum(series, seriesMean, grid.paddedLength);
  const wave = { re: new Float64Array(nScales * n), im: new Float64Array(nScales * n) };
  const workRe = new Float64Array(grid.paddedLength);
  const workIm = new Float64Array(grid.paddedLength);
  for (let j = 0; j < nScales; j++) {
    transformRow(spectrum, bank, j, workRe, workIm);
    wave.re.set(workRe.subarray(0, n), j * n);
    wave.im.set(workIm.subarray(0, n), j * n);
  }
  const power = new Float64Array(nScales * n);
  for (let i = 0; i < power.length; i++) power[i] = wave.re[i] * wave.re[i] + wave.im[i] * wave.im[i];
  return {
    wave,
    power,
    scales: bank.scales.slice(),
    periods: Float64Array.from(bank.scales, (s) => s * grid.mother.fourierFactor),
    coi: coneOfInfluence(n, grid.dt, grid.mother),
    n,
    nScales,
    dt: grid.dt,
    dj: grid.dj,
    s0: grid.s0,
    paddedLength: grid.paddedLength,
    mean: seriesMean,
    variance: populationVariance(series),
    mother: grid.mother,
  };
}

/**
 * Inverse transform (T&C eq. 11): x_n − mean = dj·√dt/(Cδ·ψ0(0))·Σ_j Re W_n(s_j)/√s_j, in series units.
 * Add `result.mean` to restore the mean. Accuracy depends on the scale range (use s0 ≈ dt and large J).
 */
export function icwt(result: CwtResult): Float64Array {
  const { n, nScales, scales, dt, dj, mother } = result;
  const cDelta = requireEmpirical(mother, mother.cDelta, 'Cδ');
  const out = new Float64Array(n);
  for (let j = 0; j < nScales; j++) {
    const w = 1 / Math.sqrt(scales[j]);
    const row = j * n;
    for (let i = 0; i < n; i++) out[i] += result.wave.re[row + i] * w;
  }
  const factor = (dj * Math.sqrt(dt)) / (cDelta * mother.psi0);
  for (let i = 0; i < n; i++) out[i] *= factor;
  return out;
}

/** Wavelet-derived variance (T&C eq. 14): dj·dt/(Cδ·n)·Σ_n Σ_j |W_n(s_j)|²/s_j, in series units². */
export function waveletVariance(result: CwtResult): number {
  const { n, nScales, scales, dt, dj, mother, power } = result;
  const cDelta = requireEmpirical(mother, mother.cDelta, 'Cδ');
  let sum = 0;
  for (let j = 0; j < nScales; j++) {
    let row = 0;
    for (let i = 0; i < n; i++) row += power[j * n + i];
    sum += row / scales[j];
  }
  return (dj * dt * sum) / (cDelta * n);
}
