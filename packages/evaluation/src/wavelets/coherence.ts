/**
 * Wavelet coherence of two series (Grinsted, Moore & Jevrejeva 2004) and its Monte Carlo significance
 * against AR(1) surrogates. Both share one row-wise pipeline: per scale, the two transforms, the
 * time-smoothed |W_a|²/s, |W_b|²/s and W_a·conj(W_b)/s; then the boxcar across scales row by row.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { InvalidParameterError } from '../metrics/errors.js';
import { mean } from '@fluxscale/util';
import type { Series } from '../metrics/pairs.js';
import { fillRedNoise } from './ar1.js';
import { assertSameLength, standardized } from './cross.js';
import {
  coneOfInfluence,
  daughterBank,
  paddedSpectrum,
  resolveScaleGrid,
  transformRow,
  type ComplexMatrix,
  type CwtOptions,
  type DaughterBank,
  type ScaleGrid,
} from './cwt.js';
import { createRng } from '@fluxscale/util';
import {
  convolveScaleRow,
  scaleAccumulator,
  smoothingPlan,
  timeSmoothRow,
  type ScaleAccumulator,
  type ScaleSmoothing,
  type SmoothingPlan,
} from './smoothing.js';

/** Options of {@link wtc}. */
export interface WtcOptions extends CwtOptions {
  /** Scale-smoothing convention (default 'grinsted'). */
  readonly smoothing?: ScaleSmoothing;
}

/** Result of {@link wtc}. */
export interface WtcResult {
  /** Squared wavelet coherence R², in [0, 1], row-major [scale][time]. */
  readonly rsq: Float64Array;
  /** Phase of the smoothed cross-wavelet spectrum, radians; positive when a leads b. */
  readonly phase: Float64Array;
  readonly scales: Float64Array;
  readonly periods: Float64Array;
  readonly coi: Float64Array;
  readonly n: number;
  readonly nScales: number;
  /** Number of scales less one, to pass on to {@link wtcSignificance}. */
  readonly J: number;
}

/** Buffers of the coherence pipeline for n time steps on one scale grid. */
interface CoherencePipeline {
  readonly n: number;
  readonly bank: DaughterBank;
  readonly plan: SmoothingPlan;
  readonly aRe: Float64Array;
  readonly aIm: Float64Array;
  readonly bRe: Float64Array;
  readonly bIm: Float64Array;
  readonly pRe: Float64Array;
  readonly pIm: Float64Array;
  readonly cRe: Float64Array;
  readonly cIm: Float64Array;
  /** Time-smoothed |W_a|²/s (re) and |W_b|²/s (im), [scale][time]. */
  readonly auto: ComplexMatrix;
  /** Time-smoothed W_a·conj(W_b)/s, [scale][time]. */
  readonly cross: ComplexMatrix;
  readonly accAuto: ScaleAccumulator;
  readonly accCross: ScaleAccumulator;
  readonly rowAuto: ScaleAccumulator;
  readonly rowCross: ScaleAccumulator;
}

function coherencePipeline(n: number, grid: ScaleGrid, smoothing: ScaleSmoothing | undefined): CoherencePipeline {
  const bank = daughterBank(grid);
  const plan = smoothingPlan(n, bank.scales, grid.dt, grid.dj, smoothing);
  const size = n * bank.scales.length;
  const m = grid.paddedLength;
  const ms = plan.paddedLength;
  return {
    n,
    bank,
    plan,
    aRe: new Float64Array(m),
    aIm: new Float64Array(m),
    bRe: new Float64Array(m),
    bIm: new Float64Array(m),
    pRe: new Float64Array(ms),
    pIm: new Float64Array(ms),
    cRe: new Float64Array(ms),
    cIm: new Float64Array(ms),
    auto: { re: new Float64Array(size), im: new Float64Array(size) },
    cross: { re: new Float64Array(size), im: new Float64Array(size) },
    accAuto: scaleAccumulator(n),
    accCross: scaleAccumulator(n),
    rowAuto: scaleAccumulator(n),
    rowCross: scaleAccumulator(n),
  };
}

/**
 * Runs the pipeline on the Fourier transforms of two (padded, mean-removed) series and calls
 * `visit(j, auto, cross)` with the fully smoothed row of every scale j, in order.
 */
function runCoherence(
  pipe: CoherencePipeline,
  specA: ComplexMatrix,
  specB: ComplexMatrix,
  visit: (j: number, auto: ScaleAccumulator, cross: ScaleAccumulator) => void,
): void {
  const { n, bank, plan, aRe, aIm, bRe, bIm, pRe, pIm, cRe, cIm, auto, cross } = pipe;
  const nScales = bank.scales.length;
  for (let j = 0; j < nScales; j++) {
    transformRow(specA, bank, j, aRe, aIm);
    transformRow(specB, bank, j, bRe, bIm);
    const inv = 1 / bank.scales[j];
    for (let i = 0; i < n; i++) {
      const ar = aRe[i];
      const ai = aIm[i];
      const br = bRe[i];
      const bi = bIm[i];
      pRe[i] = (ar * ar + ai * ai) * inv;
      pIm[i] = (br * br + bi * bi) * inv;
      cRe[i] = (ar * br + ai * bi) * inv;
      cIm[i] = (ai * br - ar * bi) * inv;
    }
    pRe.fill(0, n);
    pIm.fill(0, n);
    cRe.fill(0, n);
    cIm.fill(0, n);
    timeSmoothRow(plan, j, pRe, pIm);
    timeSmoothRow(plan, j, cRe, cIm);
    auto.re.set(pRe.subarray(0, n), j * n);
    auto.im.set(pIm.subarray(0, n), j * n);
    cross.re.set(cRe.subarray(0, n), j * n);
    cross.im.set(cIm.subarray(0, n), j * n);
  }
  for (let j = 0; j < nScales; j++) {
    convolveScaleRow(plan, auto, pipe.accAuto, j, pipe.rowAuto);
    convolveScaleRow(plan, cross, pipe.accCross, j, pipe.rowCross);
    visit(j, pipe.rowAuto, pipe.rowCross);
  }
}

/**
 * Wavelet coherence of a and b (Grinsted et al. 2004, eq. 4): R² = |S(W_ab/s)|² / (S(|W_a|²/s)·S(|W_b|²/s))
 * with S the Gaussian-in-time, boxcar-in-scale smoothing (see {@link ScaleSmoothing}). Both series are
 * standardised first. Use {@link wtcSignificance} (with the returned J) for the Monte Carlo level.
 */
export function wtc(a: Series, b: Series, options: WtcOptions): WtcResult {
  assertSameLength(a, b);
  const x = standardized(a, 'a');
  const y = standardized(b, 'b');
  const n = x.length;
  const grid = resolveScaleGrid(n, options);
  const pipe = coherencePipeline(n, grid, options.smoothing);
  const nScales = grid.J + 1;
  const rsq = new Float64Array(n * nScales);
  const phase = new Float64Array(n * nScales);
  runCoherence(pipe, paddedSpectrum(x, 0, grid.paddedLength), paddedSpectrum(y, 0, grid.paddedLength), (j, auto, cross) => {
    for (let i = 0; i < n; i++) {
      const cr = cross.re[i];
      const ci = cross.im[i];
      rsq[j * n + i] = (cr * cr + ci * ci) / (auto.re[i] * auto.im[i]);
      phase[j * n + i] = Math.atan2(ci, cr);
    }
  });
  const scales = pipe.bank.scales.slice();
  return {
    rsq,
    phase,
    scales,
    periods: Float64Array.from(scales, (s) => s * grid.mother.fourierFactor),
    coi: coneOfInfluence(n, grid.dt, grid.mother),
    n,
    nScales,
    J: grid.J,
  };
}

/** Options of {@link wtcSignificance}: the same scale grid and smoothing as the coherence it tests. */
export interface WtcSignificanceOptions extends WtcOptions {
  /** Number of scales less one: required, since the surrogates are longer than the series (pass `wtc(...).J`). */
  readonly J: number;
  /** Number of surrogate pairs (default 300). */
  readonly count?: number;
  /** Seed of the PRNG (default 1): the same seed gives the same levels. */
  readonly seed?: number;
  /** Confidence level (default 0.95). */
  readonly significanceLevel?: number;
  /** Length of each surrogate in samples (default ⌈6·s_max/dt⌉, as Grinsted's wtcsignif.m). */
  readonly length?: number;
  /** Histogram bins on [0, 1] used for the quantile (default 1000, as Grinsted). */
  readonly bins?: number;
}

/** Result of {@link wtcSignificance}. */
export interface WtcSignificance {
  /** R² quantile at the chosen level per scale (NaN for scales with no point outside the COI). */
  readonly level: Float64Array;
  readonly count: number;
  readonly length: number;
  readonly seed: number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new InvalidParameterError(name, `must be a positive integer, got ${value}`);
  return value;
}

/** Resolved Monte Carlo set-up shared by the serial and the worker paths. */
interface MonteCarloSetup {
  readonly count: number;
  readonly bins: number;
  readonly seed: number;
  readonly level: number;
  readonly length: number;
  readonly nScales: number;
}

function monteCarloSetup(options: WtcSignificanceOptions): MonteCarloSetup {
  const count = positiveInteger('count', options.count ?? 300);
  const bins = positiveInteger('bins', options.bins ?? 1000);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new InvalidParameterError('seed', `must be an integer, got ${seed}`);
  const level = options.significanceLevel ?? 0.95;
  if (!(level > 0 && level < 1)) throw new InvalidParameterError('significanceLevel', `must be in (0, 1), got ${level}`);
  const probe = resolveScaleGrid(1, options);
  const maxScale = probe.s0 * 2 ** (probe.J * probe.dj);
  const length = positiveInteger('length', options.length ?? Math.ceil((6 * maxScale) / probe.dt));
  return { count, bins, seed, level, length, nScales: probe.J + 1 };
}

/** Seed of surrogate pair i: every pair has its own stream, so the result does not depend on how the pairs are split. */
function surrogateSeed(seed: number, i: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + i) >>> 0;
}

/**
 * Histogram ([scale][bin], row-major) of R² outside the cone of influence over surrogate pairs
 * first..last−1 of the Monte Carlo test described by `options` (see {@link wtcSignificance}).
 */
export function monteCarloHistogram(lag1a: number, lag1b: number, options: WtcSignificanceOptions, first: number, last: number): Float64Array {
  const { bins, seed, length, nScales } = monteCarloSetup(options);
  const grid = resolveScaleGrid(length, options);
  const pipe = coherencePipeline(length, grid, options.smoothing);
  const coi = coneOfInfluence(length, grid.dt, grid.mother);
  const outside = pipe.bank.scales.map((s) => {
    const period = s * grid.mother.fourierFactor;
    let start = 0;
    while (start < length && coi[start] < period) start++;
    return start;
  });
  const histogram = new Float64Array(nScales * bins);
  const noiseA = new Float64Array(length);
  const noiseB = new Float64Array(length);
  for (let run = first; run < last; run++) {
    const { normal } = createRng(surrogateSeed(seed, run));
    fillRedNoise(noiseA, lag1a, normal);
    fillRedNoise(noiseB, lag1b, normal);
    const specA = paddedSpectrum(noiseA, mean(noiseA), grid.paddedLength);
    const specB = paddedSpectrum(noiseB, mean(noiseB), grid.paddedLength);
    runCoherence(pipe, specA, specB, (j, auto, cross) => {
      const hist = j * bins;
      // points outside the cone of influence: period ≤ coi, i.e. [start, length − 1 − start]
      for (let t = outside[j], end = length - 1 - outside[j]; t <= end; t++) {
        const cr = cross.re[t];
        const ci = cross.im[t];
        const r = (cr * cr + ci * ci) / (auto.re[t] * auto.im[t]);
        histogram[hist + Math.min(bins - 1, Math.max(0, Math.floor(r * bins)))] += 1;
      }
    });
  }
  return histogram;
}

function significanceFromHistogram(histogram: Float64Array, setup: MonteCarloSetup): WtcSignificance {
  const { bins, nScales, level: p } = setup;
  const level = Float64Array.from({ length: nScales }, (_, j) => histogramQuantile(histogram.subarray(j * bins, (j + 1) * bins), p));
  return { level, count: setup.count, length: setup.length, seed: setup.seed };
}

/**
 * Monte Carlo significance of wavelet coherence (Grinsted et al. 2004): the coherence of `count` pairs
 * of independent AR(1) surrogates with lag-1 coefficients lag1a and lag1b is computed on the same scale
 * grid and smoothing, and the `significanceLevel` quantile of R² outside the cone of influence is taken
 * per scale (histogram of `bins` bins, interpolated at bin centres as wtcsignif.m). R² above
 * `level[j]` is significant. Each surrogate pair draws from its own stream seeded by (seed, index), so
 * a seed gives the same levels here and in {@link wtcSignificanceParallel} with any number of workers.
 */
export function wtcSignificance(lag1a: number, lag1b: number, options: WtcSignificanceOptions): WtcSignificance {
  const setup = monteCarloSetup(options);
  return significanceFromHistogram(monteCarloHistogram(lag1a, lag1b, options, 0, setup.count), setup);
}

/** A slice of surrogate pairs computed by one worker thread. */
export interface MonteCarloJob {
  readonly lag1a: number;
  readonly lag1b: number;
  readonly options: WtcSignificanceOptions;
  readonly first: number;
  readonly last: number;
}

/** Path of the compiled worker script; absent when running from the TypeScript sources. */
const workerScript = path.join(__dirname, 'mc-worker.js');

function runJob(job: MonteCarloJob): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { workerData: job });
    worker.once('message', (histogram: Float64Array) => resolve(histogram));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`wavelet Monte Carlo worker exited with code ${code}`));
    });
  });
}

/**
 * {@link wtcSignificance} spread over `workers` worker threads (default: the available parallelism),
 * with identical results for the same seed. Runs in-process when workers ≤ 1 or when the compiled
 * worker script is not available (e.g. when running from the TypeScript sources).
 */
export async function wtcSignificanceParallel(
  lag1a: number,
  lag1b: number,
  options: WtcSignificanceOptions & { readonly workers?: number },
): Promise<WtcSignificance> {
  const setup = monteCarloSetup(options);
  const workers = Math.min(setup.count, positiveInteger('workers', options.workers ?? availableParallelism()));
  const { workers: _workers, ...jobOptions } = options;
  if (workers <= 1 || !existsSync(workerScript)) return wtcSignificance(lag1a, lag1b, jobOptions);
  const jobs = Array.from({ length: workers }, (_, w) => ({
    lag1a,
    lag1b,
    options: jobOptions,
    first: Math.floor((w * setup.count) / workers),
    last: Math.floor(((w + 1) * setup.count) / workers),
  }));
  const parts = await Promise.all(jobs.map(runJob));
  const histogram = new Float64Array(setup.nScales * setup.bins);
  for (const part of parts) for (let i = 0; i < histogram.length; i++) histogram[i] += part[i];
  return significanceFromHistogram(histogram, setup);
}

/** Quantile p of a histogram on [0, 1]: cumulative (count − ½)/total at non-empty bin centres, interpolated linearly. NaN if empty. */
function histogramQuantile(histogram: Float64Array, p: number): number {
  const bins = histogram.length;
  let total = 0;
  for (let i = 0; i < bins; i++) total += histogram[i];
  if (total === 0) return Number.NaN;
  let cumulative = 0;
  let prevP = Number.NaN;
  let prevX = Number.NaN;
  for (let i = 0; i < bins; i++) {
    if (histogram[i] === 0) continue;
    cumulative += histogram[i];
    const cp = (cumulative - 0.5) / total;
    const x = (i + 0.5) / bins;
    if (cp >= p) return Number.isNaN(prevP) ? x : prevX + ((p - prevP) * (x - prevX)) / (cp - prevP);
    prevP = cp;
    prevX = x;
  }
  return prevX;
}
