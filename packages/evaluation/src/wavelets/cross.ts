/** Cross-wavelet transform of two series (Grinsted, Moore & Jevrejeva 2004) with AR(1) red-noise significance. */
import { InvalidParameterError } from '../metrics/errors.js';
import { mean, populationVariance } from '@fluxscale/util';
import { chiSquareQuantile } from '../metrics/special.js';
import type { Series } from '../metrics/pairs.js';
import { ar1, type Ar1Method } from './ar1.js';
import { assertFiniteSeries, cwt, type ComplexMatrix, type CwtOptions, type CwtResult } from './cwt.js';
import { redNoiseSpectrum } from './significance.js';

/** Options of {@link xwt}. */
export interface XwtOptions extends CwtOptions {
  /** Standardise both series (subtract the mean, divide by the population SD) first (default true). */
  readonly normalize?: boolean;
  /** Lag-1 coefficients [a, b] of the AR(1) backgrounds (default: estimated with `ar1Method`). */
  readonly lag1?: readonly [number, number];
  /** Estimator used when `lag1` is not given (default 'simple'). */
  readonly ar1Method?: Ar1Method;
  /** Confidence level of the significance test (default 0.95). */
  readonly significanceLevel?: number;
}

/** Result of {@link xwt}. */
export interface XwtResult {
  /** W_ab = W_a·conj(W_b), row-major [scale][time]. */
  readonly wave: ComplexMatrix;
  /** Cross-wavelet power |W_ab|, row-major [scale][time] (unitless when normalised, else units_a·units_b). */
  readonly power: Float64Array;
  /** Phase of W_ab in radians, (−π, π]; positive when a leads b. */
  readonly phase: Float64Array;
  /** |W_ab| significant against the two AR(1) backgrounds, per scale (Grinsted et al. 2004, eq. 5). */
  readonly level: Float64Array;
  /** Lag-1 coefficients used. */
  readonly lag1: readonly [number, number];
  readonly scales: Float64Array;
  readonly periods: Float64Array;
  readonly coi: Float64Array;
  readonly n: number;
  readonly nScales: number;
}

/** (x − mean)/SD with the population SD; throws for non-finite values or a constant series. */
export function standardized(x: Series, name: string): Float64Array {
  assertFiniteSeries(x, name);
  const sd = Math.sqrt(populationVariance(x));
  if (sd === 0) throw new InvalidParameterError(name, 'is constant: it has no wavelet power to compare');
  const m = mean(x);
  return Float64Array.from(x as ArrayLike<number>, (v) => (v - m) / sd);
}

/** Throws unless a and b have the same length. */
export function assertSameLength(a: Series, b: Series): void {
  if (a.length !== b.length) throw new InvalidParameterError('b', `length ${b.length} differs from a length ${a.length}`);
}

function pairOfTransforms(a: Series, b: Series, options: CwtOptions, normalize: boolean): [CwtResult, CwtResult] {
  assertSameLength(a, b);
  const x = normalize ? standardized(a, 'a') : a;
  const y = normalize ? standardized(b, 'b') : b;
  return [cwt(x, options), cwt(y, options)];
}

function crossProduct(wa: ComplexMatrix, wb: ComplexMatrix): ComplexMatrix {
  const size = wa.re.length;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    re[i] = wa.re[i] * wb.re[i] + wa.im[i] * wb.im[i];
    im[i] = wa.im[i] * wb.re[i] - wa.re[i] * wb.im[i];
  }
  return { re, im };
}

/**
 * Cross-wavelet transform of a and b (same length, same time step): W_ab = W_a·conj(W_b) with the CWT
 * options given. The significance level per scale is σa·σb·√(P_a·P_b)·χ²_2(p)/2, with P the AR(1)
 * spectra (σ = 1 when normalised), as Grinsted et al. (2004) and pycwt.
 */
export function xwt(a: Series, b: Series, options: XwtOptions): XwtResult {
  const normalize = options.normalize ?? true;
  const [ra, rb] = pairOfTransforms(a, b, options, normalize);
  const wave = crossProduct(ra.wave, rb.wave);
  const size = wave.re.length;
  const power = new Float64Array(size);
  const phase = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    power[i] = Math.sqrt(wave.re[i] * wave.re[i] + wave.im[i] * wave.im[i]);
    phase[i] = Math.atan2(wave.im[i], wave.re[i]);
  }
  const lag1: readonly [number, number] = options.lag1 ?? [ar1(a, options.ar1Method), ar1(b, options.ar1Method)];
  const p = options.significanceLevel ?? 0.95;
  if (!(p > 0 && p < 1)) throw new InvalidParameterError('significanceLevel', `must be in (0, 1), got ${p}`);
  const pa = redNoiseSpectrum(ra.periods, ra.dt, lag1[0]);
  const pb = redNoiseSpectrum(rb.periods, rb.dt, lag1[1]);
  const sigma = normalize ? 1 : Math.sqrt(ra.variance * rb.variance);
  const dof = ra.mother.dofMin;
  const z = chiSquareQuantile(p, dof) / dof;
  const level = Float64Array.from(pa, (v, j) => sigma * Math.sqrt(v * pb[j]) * z);
  return { wave, power, phase, level, lag1, scales: ra.scales, periods: ra.periods, coi: ra.coi, n: ra.n, nScales: ra.nScales };
}

