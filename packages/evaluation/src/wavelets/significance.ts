/**
 * Red-noise significance of wavelet power (Torrence & Compo 1998, section 4 and eqs. 16–28): local
 * power, the global (time-averaged) spectrum, and scale-averaged power.
 */
import { InvalidParameterError } from '../metrics/errors.js';
import { chiSquareQuantile } from '../metrics/special.js';
import type { CwtResult } from './cwt.js';
import { requireEmpirical } from './morlet.js';

/** Options shared by the significance tests. */
export interface SignificanceOptions {
  /** Lag-1 autocorrelation of the AR(1) background (default 0: white noise). */
  readonly lag1?: number;
  /** Confidence level of the test (default 0.95). */
  readonly significanceLevel?: number;
  /** Variance of the series (default: the population variance stored in the CWT result). */
  readonly variance?: number;
}

/** Local significance levels, per scale. */
export interface LocalSignificance {
  /** Power that is significant at the chosen level, per scale, in series units². */
  readonly level: Float64Array;
  /** Theoretical AR(1) background spectrum times the variance, per scale, in series units². */
  readonly background: Float64Array;
  /** Degrees of freedom (2 for the complex Morlet wavelet). */
  readonly dof: number;
}

function checkLevel(p: number): number {
  if (!(p > 0 && p < 1)) throw new InvalidParameterError('significanceLevel', `must be in (0, 1), got ${p}`);
  return p;
}

function checkLag1(lag1: number): number {
  if (!(lag1 > -1 && lag1 < 1)) throw new InvalidParameterError('lag1', `must be in (−1, 1), got ${lag1}`);
  return lag1;
}

/**
 * Normalised AR(1) power spectrum at the given Fourier periods (T&C eq. 16):
 * P = (1 − α²)/(1 + α² − 2α·cos(2π·dt/period)), unitless (1 for white noise).
 */
export function redNoiseSpectrum(periods: ArrayLike<number>, dt: number, lag1: number): Float64Array {
  checkLag1(lag1);
  return Float64Array.from(periods as ArrayLike<number>, (p) => (1 - lag1 * lag1) / (1 + lag1 * lag1 - 2 * lag1 * Math.cos((2 * Math.PI * dt) / p)));
}

function background(result: CwtResult, options: SignificanceOptions): Float64Array {
  const variance = options.variance ?? result.variance;
  return redNoiseSpectrum(result.periods, result.dt, options.lag1 ?? 0).map((p) => p * variance);
}

/**
 * Significance level of local wavelet power |W|² per scale (T&C eq. 18):
 * σ²·P_k·χ²_2(p)/2. Power above `level[j]` is significant against the AR(1) background.
 */
export function waveletSignificance(result: CwtResult, options: SignificanceOptions = {}): LocalSignificance {
  const p = checkLevel(options.significanceLevel ?? 0.95);
  const dof = result.mother.dofMin;
  const bg = background(result, options);
  const factor = chiSquareQuantile(p, dof) / dof;
  return { level: bg.map((v) => v * factor), background: bg, dof };
}

/** Options of {@link globalSpectrum}. */
export interface GlobalSpectrumOptions extends SignificanceOptions {
  /**
   * Number of local spectra averaged, per scale or one for all (default n). T&C's wavetest uses
   * n − s_j (in the series' time unit) to allow for the padded edges.
   */
  readonly na?: number | ArrayLike<number>;
}

/** Global (time-averaged) wavelet spectrum and its significance, per scale. */
export interface GlobalSpectrum {
  /** Time-averaged power, per scale, in series units². */
  readonly power: Float64Array;
  /** Significant power at the chosen level, per scale, in series units². */
  readonly level: Float64Array;
  /** Degrees of freedom per scale (T&C eq. 23). */
  readonly dof: Float64Array;
}

/**
 * Global wavelet spectrum W̄²(s) = (1/n)·Σ_n |W_n(s)|² and its significance with the time-averaged
 * degrees of freedom ν = 2·√(1 + (na·dt/(γ·s))²) (T&C eq. 23, γ = 2.32; na < 1 counts as 1, ν ≥ 2).
 */
export function globalSpectrum(result: CwtResult, options: GlobalSpectrumOptions = {}): GlobalSpectrum {
  const p = checkLevel(options.significanceLevel ?? 0.95);
  const { n, nScales, scales, dt, mother, power: local } = result;
  const gamma = requireEmpirical(mother, mother.gamma, 'γ');
  const na = options.na ?? n;
  if (typeof na !== 'number' && na.length !== nScales) throw new InvalidParameterError('na', `needs one value per scale (${nScales}), got ${na.length}`);
  const bg = background(result, options);
  const power = new Float64Array(nScales);
  const level = new Float64Array(nScales);
  const dof = new Float64Array(nScales);
  for (let j = 0; j < nScales; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += local[j * n + i];
    power[j] = sum / n;
    const count = Math.max(1, typeof na === 'number' ? na : na[j]);
    dof[j] = Math.max(mother.dofMin, mother.dofMin * Math.sqrt(1 + ((count * dt) / (gamma * scales[j])) ** 2));
    level[j] = (bg[j] * chiSquareQuantile(p, dof[j])) / dof[j];
  }
  return { power, level, dof };
}

/** Options of {@link scaleAverage}. */
export interface ScaleAverageOptions extends SignificanceOptions {
  /** Band [lo, hi] to average over, inclusive. */
  readonly band: readonly [number, number];
  /** Whether `band` is given in scales or Fourier periods (default 'period'), time units. */
  readonly by?: 'scale' | 'period';
}

/** Scale-averaged power and its significance. */
export interface ScaleAverage {
  /** Scale-averaged power per time step (T&C eq. 24), in series units². */
  readonly series: Float64Array;
  /** Significant scale-averaged power at the chosen level, series units². */
  readonly level: number;
  /** Degrees of freedom (T&C eq. 28). */
  readonly dof: number;
  /** Indices of the scales averaged. */
  readonly scaleIndices: readonly number[];
}

/**
 * Scale-averaged wavelet power W̄²_n = (dj·dt/Cδ)·Σ_j |W_n(s_j)|²/s_j over the scales in the band
 * (T&C eq. 24), with its significance from eqs. 25–28 (Savg, Smid and ν = 2·na·Savg/Smid·√(1 + (na·dj/δj0)²)).
 * Smid is the geometric midpoint of the smallest and largest scale actually averaged, as in T&C's
 * Fortran wave_signif (their MATLAB version uses the requested band ends instead).
 */
export function scaleAverage(result: CwtResult, options: ScaleAverageOptions): ScaleAverage {
  const p = checkLevel(options.significanceLevel ?? 0.95);
  const { n, scales, dt, dj, mother, power } = result;
  const cDelta = requireEmpirical(mother, mother.cDelta, 'Cδ');
  const dj0 = requireEmpirical(mother, mother.dj0, 'δj0');
  const toScale = options.by === 'scale' ? 1 : 1 / mother.fourierFactor;
  const s1 = options.band[0] * toScale;
  const s2 = options.band[1] * toScale;
  if (!(s1 > 0 && s2 >= s1)) throw new InvalidParameterError('band', `must be [lo, hi] with 0 < lo ≤ hi, got [${options.band.join(', ')}]`);
  const scaleIndices: number[] = [];
  scales.forEach((s, j) => {
    if (s >= s1 && s <= s2) scaleIndices.push(j);
  });
  if (scaleIndices.length === 0) throw new InvalidParameterError('band', `no scale lies in [${options.band.join(', ')}]`);
  const series = new Float64Array(n);
  let inverseSum = 0;
  const bg = background(result, options);
  let bgSum = 0;
  for (const j of scaleIndices) {
    inverseSum += 1 / scales[j];
    bgSum += bg[j] / scales[j];
    for (let i = 0; i < n; i++) series[i] += power[j * n + i] / scales[j];
  }
  const factor = (dj * dt) / cDelta;
  for (let i = 0; i < n; i++) series[i] *= factor;
  const nAvg = scaleIndices.length;
  const sAvg = 1 / inverseSum;
  const sMid = Math.sqrt(scales[scaleIndices[0]] * scales[scaleIndices[nAvg - 1]]);
  const dof = ((mother.dofMin * nAvg * sAvg) / sMid) * Math.sqrt(1 + ((nAvg * dj) / dj0) ** 2);
  const level = factor * bgSum * (chiSquareQuantile(p, dof) / dof);
  return { series, level, dof, scaleIndices };
}
