/**
 * decomposeBands: SSA of a daily series, grouping of its leading components into seasonal /
 * inter-annual / trend bands by dominant period, the seasonal band also taking the residual so that
 * seasonal + iav + trend = input. Full-record mode (the paper's) or a leakage-free train-only mode that
 * fits on the training part and extends the bands by recurrent forecasting or by projection.
 */
import { PAPER_BAND_LIMITS, bandOfPeriod, bandVarianceShares, checkBandLimits, type Band, type BandLimits } from './bands.js';
import { DecompositionError } from './errors.js';
import { recurrentForecast } from './forecast.js';
import { dominantPeriods } from './periodogram.js';
import { reconstructComponents, ssa, type SsaResult, type SsaSolver } from './ssa.js';
import { TrajectoryOperator, diagonalAverages } from './trajectory.js';
import { checkInteger, checkSeries } from './validate.js';

/** Default window: 1461 d (4 years), the shortest that resolves 365-d from 487-d cycles (1/(1/365.25 − 1/487) ≈ 1461). */
export const DEFAULT_WINDOW = 1461;

/** 'full': decompose the whole record (the paper's, leaks test data); 'train-only': fit on the training part. */
export type DecompositionMode = 'full' | 'train-only';

/** How train-only bands reach beyond the training part. */
export type Extension = 'forecast' | 'project';

/** Options of {@link decomposeBands}. */
export interface DecomposeOptions {
  /** Window L in days (default min(1461, floor(span/2)), span = N or trainLength). */
  readonly window?: number;
  /** Leading eigentriples (default min(30, L)). */
  readonly rank?: number;
  /** Band period limits in days (default the paper's 487 / 3896). */
  readonly bandLimits?: BandLimits;
  /** Default 'full'. */
  readonly mode?: DecompositionMode;
  /** Days of the training part (train-only mode). */
  readonly trainLength?: number;
  /** Train-only extension, default 'forecast' (uses no test value; right for targets). */
  readonly extension?: Extension;
  readonly solver?: 'auto' | SsaSolver;
  readonly tolerance?: number;
}

/** One elementary component of the fit. */
export interface ComponentInfo {
  readonly index: number;
  readonly singularValue: number;
  /** σ² / ‖X‖_F² of the fitted trajectory matrix. */
  readonly share: number;
  /** Dominant period in days (Infinity: zero frequency). */
  readonly periodDays: number;
  readonly band: Band;
}

/** What was done, for the record of every result. */
export interface DecompositionMeta {
  readonly mode: DecompositionMode;
  readonly extension: Extension | null;
  readonly length: number;
  readonly trainLength: number | null;
  /** Span the SSA was fitted on (N, or trainLength). */
  readonly fittedLength: number;
  readonly window: number;
  readonly rank: number;
  readonly solver: SsaSolver;
  readonly krylovDimension: number;
  readonly bandLimits: BandLimits;
  readonly components: ComponentInfo[];
  /** Σ share over the rank components: the variance of the trajectory matrix they capture. */
  readonly capturedShare: number;
  /** var(band) / var(input) over the whole length. */
  readonly bandVarianceShare: Record<Band, number>;
}

/** Bands (length N, unit of the input), elementary components and meta. */
export interface BandDecomposition {
  readonly seasonal: Float64Array;
  readonly iav: Float64Array;
  readonly trend: Float64Array;
  /** Elementary reconstructed components; length N, except trainLength for the 'forecast' extension. */
  readonly components: Float64Array[];
  readonly meta: DecompositionMeta;
}

function resolveWindow(window: number | undefined, span: number, spanName: string): number {
  if (window !== undefined) return window;
  if (Math.floor(span / 2) < DEFAULT_WINDOW) {
    throw new DecompositionError(
      spanName,
      `${span} days are too short to separate the bands with the default window of ${DEFAULT_WINDOW} d: ` +
        `needs at least ${2 * DEFAULT_WINDOW} days (8 years); pass options.window (≤ ${Math.floor(span / 2)}) ` +
        'explicitly to accept a poorer separation of 365-d from 487-d cycles',
    );
  }
  return DEFAULT_WINDOW;
}

function sumOf(parts: readonly Float64Array[], length: number): Float64Array {
  const sum = new Float64Array(length);
  for (const part of parts) for (let t = 0; t < length; t++) sum[t] += part[t];
  return sum;
}

function indicesOf(bands: readonly Band[], band: Band): number[] {
  return bands.flatMap((b, i) => (b === band ? [i] : []));
}

function componentInfo(fit: SsaResult, periods: readonly number[], limits: BandLimits): ComponentInfo[] {
  return periods.map((periodDays, index) => {
    const singularValue = fit.singularValues[index];
    return { index, singularValue, share: (singularValue * singularValue) / fit.trajectoryNorm2, periodDays, band: bandOfPeriod(periodDays, limits) };
  });
}

/** Components of the training eigenvectors over the whole series: Hankelised u_i (X_fullᵀ u_i)ᵀ. */
function projectedComponents(x: Float64Array, fit: SsaResult): Float64Array[] {
  const operator = new TrajectoryOperator(x, fit.window);
  return diagonalAverages(fit.leftVectors.map((u) => ({ u, w: operator.transposeTimes(u) })));
}

/**
 * Decomposes a gap-filled daily series (any unit) into seasonal, inter-annual (iav) and trend bands;
 * see the package README for the band rule, defaults, modes and pitfalls.
 */
export function decomposeBands(series: ArrayLike<number>, options: DecomposeOptions = {}): BandDecomposition {
  const x = checkSeries(series);
  const n = x.length;
  const mode = options.mode ?? 'full';
  const limits = checkBandLimits(options.bandLimits ?? PAPER_BAND_LIMITS);
  if (mode !== 'full' && mode !== 'train-only') throw new DecompositionError('mode', `must be 'full' or 'train-only', got ${String(mode)}`);
  if (mode === 'full' && (options.trainLength !== undefined || options.extension !== undefined)) {
    throw new DecompositionError(options.trainLength !== undefined ? 'trainLength' : 'extension', "is only used with mode 'train-only'");
  }
  let trainLength: number | null = null;
  let extension: Extension | null = null;
  if (mode === 'train-only') {
    if (options.trainLength === undefined) throw new DecompositionError('trainLength', "is required with mode 'train-only'");
    trainLength = checkInteger('trainLength', options.trainLength, 4, n, `training part of a series of N = ${n}`);
    extension = options.extension ?? 'forecast';
    if (extension !== 'forecast' && extension !== 'project') {
      throw new DecompositionError('extension', `must be 'forecast' or 'project', got ${String(extension)}`);
    }
  }
  const span = trainLength ?? n;
  const fitted = x.subarray(0, span);
  const window = resolveWindow(options.window, span, trainLength === null ? 'series' : 'trainLength');
  const fit = ssa(fitted, { window, rank: options.rank, solver: options.solver, tolerance: options.tolerance });
  const fittedComponents = reconstructComponents(fit);
  const periods = dominantPeriods(fittedComponents);
  const components = componentInfo(fit, periods, limits);
  const bandOfComponent = components.map((c) => c.band);

  let parts: Float64Array[] = fittedComponents;
  let seasonalTail: Float64Array | null = null;
  const pick = (band: Band): Float64Array[] => indicesOf(bandOfComponent, band).map((i) => parts[i]);
  if (extension === 'project') {
    parts = projectedComponents(x, fit);
  }
  let iav = sumOf(pick('iav'), parts[0].length);
  let trend = sumOf(pick('trend'), parts[0].length);
  if (extension === 'forecast') {
    const extend = (band: Band, reconstruction: Float64Array): Float64Array => {
      const vectors = indicesOf(bandOfComponent, band).map((i) => fit.leftVectors[i]);
      return recurrentForecast(reconstruction, vectors, window, n - span);
    };
    iav = extend('iav', iav);
    trend = extend('trend', trend);
    seasonalTail = extend('seasonal', sumOf(pick('seasonal'), span)).subarray(span);
  }
  const seasonal = new Float64Array(n);
  // Seasonal takes the residual wherever the input is used: the fitted span, or everything when projecting.
  const residualSpan = extension === 'forecast' ? span : n;
  for (let t = 0; t < residualSpan; t++) seasonal[t] = x[t] - iav[t] - trend[t];
  if (seasonalTail) seasonal.set(seasonalTail, span);

  const bands: Record<Band, Float64Array> = { seasonal, iav, trend };
  return {
    ...bands,
    components: parts,
    meta: {
      mode,
      extension,
      length: n,
      trainLength,
      fittedLength: span,
      window,
      rank: fit.singularValues.length,
      solver: fit.solver,
      krylovDimension: fit.krylovDimension,
      bandLimits: limits,
      components,
      capturedShare: components.reduce((s, c) => s + c.share, 0),
      bandVarianceShare: bandVarianceShares(x, bands),
    },
  };
}

