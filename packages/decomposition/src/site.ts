/**
 * A site's decomposition as the experiments use it: the target and every driver split into bands
 * with one window rule and one train/test boundary, in the full-record mode (the paper's) or the
 * leakage-free train-only mode, plus the truth a model's band is scored against.
 *
 * - Window: the configured SSA window (default 1461 d = 4 years), never more than half the span the
 *   SSA is fitted on.
 * - Boundary: the first test target day of @fluxscale/data's split (`splitBounds` for the model's
 *   input window and training fraction, or the rolling-origin test block being evaluated).
 * - train-only: the SSA is fitted on the training part; the target's bands are extended over the test
 *   part by recurrent forecasting (no test value used), the drivers' by projection (drivers are known
 *   when predicting).
 * - Truth: the observed target decomposed over its whole record. A band a model predicts is always
 *   scored against this — never against a forecast. In full mode it is the target's bands themselves.
 */
import { splitBounds, type TestBlock } from '@fluxscale/data';
import { BANDS, type Band, type Task } from './bands.js';
import { decomposeBands, DEFAULT_WINDOW, type BandDecomposition, type DecompositionMode, type Extension } from './decompose.js';
import { DecompositionError } from './errors.js';

/** SSA settings of a site's decomposition. */
export interface SiteSsaOptions {
  /** 'full' decomposes the whole record (the paper's, leaks test data into training targets); 'train-only' fits on the training part. */
  readonly mode: DecompositionMode;
  /** SSA window L in days (null or absent: 1461); capped at half the fitted span. */
  readonly window?: number | null;
  /** Leading eigentriples (null or absent: the package default). */
  readonly rank?: number | null;
}

/** The model inputs' split that fixes the train/test boundary. */
export interface SiteSplitOptions {
  /** Days per model input window (the first target day has a full window behind it). */
  readonly window: number;
  /** Leading fraction of the target days that trains (chronological split). */
  readonly trainFraction: number;
  /** A rolling-origin test block: the boundary is its first day (absent: chronological). */
  readonly testBlock?: TestBlock | null;
}

/** A site's gap-filled series (a prepared site of @fluxscale/data has this shape). */
export interface SiteSeries {
  readonly targetName: string;
  /** Target series (its unit, e.g. gC m⁻² d⁻¹). */
  readonly target: ArrayLike<number>;
  /** Driver series by name, each as long as the target. */
  readonly drivers: Readonly<Record<string, ArrayLike<number>>>;
}

/** What was done to one variable, for the record of every result. */
export interface VariableDecomposition {
  readonly mode: DecompositionMode;
  readonly extension: Extension | null;
  readonly window: number;
  readonly rank: number;
  /** Share of the trajectory matrix's variance the components capture. */
  readonly capturedShare: number;
  /** var(band) / var(series), per band. */
  readonly bandVarianceShare: Record<Band, number>;
}

/** A site in bands. */
export interface SiteBands {
  /** The target first, then the drivers in the order given. */
  readonly variables: readonly string[];
  /** Per variable, per task: the raw series and the bands models may see in this mode. */
  readonly series: Readonly<Record<string, Readonly<Record<Task, Float64Array>>>>;
  /** The target's bands decomposed over the whole observed record: what band predictions are scored against. */
  readonly truth: Readonly<Record<Band, Float64Array>>;
  /** Days of the training part: index of the first test target day. */
  readonly trainLength: number;
  /** How each variable was decomposed. */
  readonly decomposition: Readonly<Record<string, VariableDecomposition>>;
  /** How the truth was obtained ('full-record': the observed target decomposed over the whole record). */
  readonly truthMethod: 'full-record';
}

/** The SSA window for a fitted span of `span` days: the configured one (default 1461 d), at most span/2. */
export function ssaWindowFor(span: number, configured?: number | null): number {
  return Math.min(configured ?? DEFAULT_WINDOW, Math.floor(span / 2));
}

/** Full-record bands of one series with the site window rule (e.g. the observed target, or a model's whole-record prediction). */
export function decomposeRecord(series: ArrayLike<number>, ssa: Omit<SiteSsaOptions, 'mode'>): BandDecomposition {
  return decomposeBands(series, { window: ssaWindowFor(series.length, ssa.window), ...(ssa.rank ? { rank: ssa.rank } : {}) });
}

/**
 * A model's out-of-sample prediction in bands, decomposed the way the truth is: the `observed` record
 * with the days `days` (indices into it) replaced by `predicted`, decomposed over the whole record by
 * `decomposeRecord` (the truth's window and rank). The other days carry the observations, not a
 * model's fit to them, so fitting training days earns no credit in the bands; a prediction equal to
 * the observations gives back the truth bands exactly.
 */
export function decomposeOutOfSample(observed: ArrayLike<number>, days: ArrayLike<number>, predicted: ArrayLike<number>, ssa: Omit<SiteSsaOptions, 'mode'>): BandDecomposition {
  if (days.length !== predicted.length) throw new DecompositionError('predicted', `has ${predicted.length} values for ${days.length} days`);
  const series = Float64Array.from(observed);
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    if (!Number.isInteger(d) || d < 0 || d >= series.length) throw new DecompositionError('days', `day index ${d} is outside the record of ${series.length} days`);
    series[d] = predicted[i];
  }
  return decomposeRecord(series, ssa);
}

function record(d: BandDecomposition): VariableDecomposition {
  const m = d.meta;
  return { mode: m.mode, extension: m.extension, window: m.window, rank: m.rank, capturedShare: m.capturedShare, bandVarianceShare: m.bandVarianceShare };
}

/** A series' role in a site: the target (extended by forecasting in train-only mode) or a driver (by projection). */
export type SeriesRole = 'target' | 'driver';

/** Days of a site's training part: the index of its first test target day (@fluxscale/data's split). */
export function siteTrainLength(days: number, split: SiteSplitOptions): number {
  return splitBounds(days, split).trainEnd;
}

/**
 * One variable of a site in bands: over the whole record (full mode), or fitted on its first
 * `trainLength` days and extended beyond them — by recurrent forecasting for the target (no later
 * value used), by projection for a driver (train-only mode).
 */
export function decomposeVariable(series: ArrayLike<number>, role: SeriesRole, ssa: SiteSsaOptions, trainLength: number): BandDecomposition {
  if (ssa.mode !== 'train-only') return decomposeRecord(series, ssa);
  return decomposeBands(series, {
    window: ssaWindowFor(trainLength, ssa.window),
    ...(ssa.rank ? { rank: ssa.rank } : {}),
    mode: 'train-only',
    trainLength,
    extension: role === 'target' ? 'forecast' : 'project',
  });
}

/** Decomposes a site's target and drivers into bands (see the module comment for the rules). */
export function decomposeSite(site: SiteSeries, ssa: SiteSsaOptions, split: SiteSplitOptions): SiteBands {
  const n = site.target.length;
  const variables = [site.targetName, ...Object.keys(site.drivers)];
  for (const name of variables.slice(1)) {
    if (site.drivers[name].length !== n) throw new DecompositionError(name, `has ${site.drivers[name].length} days, the target ${n}`);
  }
  const trainLength = siteTrainLength(n, split);
  const series: Record<string, Record<Task, Float64Array>> = {};
  const decomposition: Record<string, VariableDecomposition> = {};
  let truth: Record<Band, Float64Array> | undefined;
  for (const [k, name] of variables.entries()) {
    const raw = Float64Array.from(k === 0 ? site.target : site.drivers[name]);
    const bands = decomposeVariable(raw, k === 0 ? 'target' : 'driver', ssa, trainLength);
    series[name] = { raw, seasonal: bands.seasonal, iav: bands.iav, trend: bands.trend };
    decomposition[name] = record(bands);
    if (k === 0) {
      const observed = ssa.mode === 'train-only' ? decomposeRecord(raw, ssa) : bands;
      truth = Object.fromEntries(BANDS.map((b) => [b, observed[b]])) as Record<Band, Float64Array>;
    }
  }
  return { variables, series, truth: truth!, trainLength, decomposition, truthMethod: 'full-record' };
}
