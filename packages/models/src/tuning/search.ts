/**
 * Random hyper-parameter search with blocked k-fold cross-validation, per ecosystem group (the
 * caller passes one group's training source), in three steps that can run in one process
 * (`randomSearch`) or as separate units of a run (one per trial and fold):
 * - `trialParams`: trial 0 is the model's defaults; trial t ≥ 1 draws the free parameters from the
 *   search space with a generator seeded by the trial's draw seed; fixed values apply to every trial.
 *   "trials" always counts every parameter set evaluated, the defaults included.
 * - `evaluateFold`: fits one trial on all folds but one and scores it on the held-out fold. For the
 *   summary-feature baselines (LASSO, SVR, RF) the window summary is computed once per source and its
 *   rows reused (the same numbers `fit`/`predict` would compute).
 * - `bestTrial`: the lowest mean fold score wins, ties going to the lowest trial number.
 */
import type { WindowSource } from '@fluxscale/data';
import { createRng, type Rng } from '@fluxscale/util';
import { ModelError } from '../errors.js';
import type { FitOptions, FitReport, ModelSpec, ParamRange, Params, SearchSpace } from '../regressor.js';
import { summariseWindows, type WindowSummary } from '../baselines/summary.js';
import type { SummaryFitting } from '../baselines/summary-regressor.js';
import { blockedFolds, complementOf } from './folds.js';

/** Scores predictions against targets; lower is better. */
export type ScoreFunction = (predicted: Float32Array, target: Float32Array) => number;

/** Mean squared error (target units squared): the default score. */
export const mse: ScoreFunction = (predicted, target) => {
  let sum = 0;
  for (let i = 0; i < target.length; i++) sum += (predicted[i] - target[i]) ** 2;
  return sum / target.length;
};

/**
 * Draws one value per entry of `space` from `rng`, in the space's key order: uniform in [min, max]
 * (log-uniform when `log`), integers rounded to the nearest, choices uniformly.
 */
export function sampleParams(space: SearchSpace, rng: Rng): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [name, range] of Object.entries(space)) out[name] = drawValue(name, range, rng.next());
  return out;
}

function drawValue(name: string, range: ParamRange, u: number): number | string | boolean {
  if (range.type === 'choice') {
    if (range.values.length === 0) throw new ModelError('bad-param', `search space entry '${name}' has no values`, name);
    return range.values[Math.min(range.values.length - 1, Math.floor(u * range.values.length))];
  }
  const { min, max } = range;
  if (!(min <= max) || (range.log && !(min > 0))) throw new ModelError('bad-param', `search space entry '${name}' has an invalid range [${min}, ${max}]`, name);
  const value = range.log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
  return range.type === 'int' ? Math.min(max, Math.max(min, Math.round(value))) : value;
}

/** Targets of the samples at `indices`, fetched batch by batch. */
function targetsOf(source: WindowSource, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length);
  const step = 512;
  for (let start = 0; start < indices.length; start += step) out.set(source.batch(indices.subarray(start, start + step)).y, start);
  return out;
}

/** The search of one model: its spec, the space its free parameters are drawn from, and values fixed on every trial. */
export interface SearchPlan {
  readonly spec: ModelSpec;
  /** Search space; `spec.space` when omitted. */
  readonly space?: SearchSpace;
  /** Values applied on top of every trial (not drawn). */
  readonly fixed?: Params;
}

/**
 * Hyper-parameters of trial `trial`: the spec's defaults (trial 0) or the defaults with every free
 * parameter of the space drawn by a generator seeded with `drawSeed` (trial ≥ 1), then `fixed`.
 */
export function trialParams(plan: SearchPlan, trial: number, drawSeed: number): Params {
  const { spec } = plan;
  const fixed = plan.fixed ?? {};
  if (!Number.isInteger(trial) || trial < 0) throw new ModelError('bad-param', `trial must be an integer >= 0, got ${trial}`, 'trial');
  if (trial === 0) return { ...spec.defaults, ...fixed };
  const free = Object.fromEntries(Object.entries(plan.space ?? spec.space).filter(([name]) => !(name in fixed)));
  return { ...spec.defaults, ...sampleParams(free, createRng(drawSeed)), ...fixed };
}

/** The held-out score of one trial on one fold, with what fitting reported. */
export interface FoldScore {
  /** Score of the held-out fold's predictions (MSE in standardised target units by default). */
  readonly score: number;
  /** Samples in the held-out fold. */
  readonly n: number;
  readonly fit: FitReport;
}

/** Options of `evaluateFold`. */
export interface FoldOptions {
  /** Seed of the model (initialisation, shuffling, subsampling). */
  readonly seed: number;
  /** Score to minimise (default mse). */
  readonly score?: ScoreFunction;
  readonly signal?: AbortSignal;
  /** Called after each epoch of the fit (see `FitOptions.onProgress`). */
  readonly onProgress?: FitOptions['onProgress'];
  /** The window summary of `train`, when the caller keeps one across folds and trials. */
  readonly summary?: () => WindowSummary;
}

/** Fits `spec` with `params` on every fold of `folds` but `fold` (samples of `train`) and scores it on `fold`. */
export async function evaluateFold(spec: ModelSpec, params: Params, train: WindowSource, folds: readonly Int32Array[], fold: number, options: FoldOptions): Promise<FoldScore> {
  const fitRows = complementOf(folds, fold);
  const heldRows = folds[fold];
  const fitOptions: FitOptions = { signal: options.signal, onProgress: options.onProgress };
  const model = spec.create(params, { seed: options.seed });
  let fit: FitReport;
  let predicted: Float32Array;
  if (spec.engine === 'summary') {
    const all = (options.summary ?? (() => summariseWindows(train)))();
    const summaryModel = model as typeof model & SummaryFitting;
    fit = await summaryModel.fitSummary(summaryRows(all, fitRows), train, fitOptions);
    predicted = summaryModel.predictSummary(summaryRows(all, heldRows));
  } else {
    fit = await model.fit(train.subset(fitRows), fitOptions);
    predicted = await model.predict(train.subset(heldRows));
  }
  return { score: (options.score ?? mse)(predicted, targetsOf(train, heldRows)), n: heldRows.length, fit };
}

/** One evaluated parameter set. */
export interface Trial {
  /** 0-based trial number; trial 0 is the defaults. */
  readonly index: number;
  /** The parameters evaluated (defaults, draws and fixed values). */
  readonly params: Params;
  /** Score on each held-out fold, in fold order. */
  readonly foldScores: readonly number[];
  /** Mean of foldScores. */
  readonly meanScore: number;
}

/** A trial from its fold scores (the mean is their plain average). */
export function trialOf(index: number, params: Params, foldScores: readonly number[]): Trial {
  return { index, params, foldScores, meanScore: foldScores.reduce((a, v) => a + v, 0) / foldScores.length };
}

/** The trial with the lowest mean score; ties go to the lowest trial number. */
export function bestTrial(trials: readonly Trial[]): Trial {
  if (trials.length === 0) throw new ModelError('bad-param', 'no trial to choose from', 'trials');
  return trials.reduce((a, t) => (t.meanScore < a.meanScore || (t.meanScore === a.meanScore && t.index < a.index) ? t : a));
}

/** Options of `randomSearch`. */
export interface RandomSearchOptions extends SearchPlan {
  /** Training source of one ecosystem group. */
  readonly train: WindowSource;
  /** Number of blocked folds (default 5). */
  readonly folds?: number;
  /** Parameter sets to evaluate, the defaults (trial 0) included: 1 evaluates the defaults only. */
  readonly trials: number;
  /** Seed of the whole search: each trial's draw seed and each fold's model seed come from it. */
  readonly seed: number;
  /** Score to minimise (default mse). */
  readonly score?: ScoreFunction;
  /** Called after each trial. */
  readonly onTrial?: (trial: Trial) => void;
  /** Aborts between and inside fits; the search then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** What `randomSearch` returns. */
export interface SearchResult {
  readonly kind: string;
  readonly seed: number;
  readonly folds: number;
  /** Samples in each fold. */
  readonly foldSizes: readonly number[];
  readonly trials: readonly Trial[];
  /** The trial `bestTrial` picks. */
  readonly best: Trial;
}

/** Random search with blocked k-fold cross-validation in this process (see the module comment). */
export async function randomSearch(options: RandomSearchOptions): Promise<SearchResult> {
  const { spec, train, trials, seed, signal } = options;
  const k = options.folds ?? 5;
  if (!Number.isInteger(trials) || trials < 1) throw new ModelError('bad-param', `trials must be an integer >= 1 (the defaults count as one), got ${trials}`, 'trials');
  if (train.size === 0) throw new ModelError('empty-input', 'the training source has no samples');
  const folds = blockedFolds(train, k);
  let cached: WindowSummary | undefined;
  const summary = (): WindowSummary => (cached ??= summariseWindows(train));
  const seeds = createRng(seed);
  const results: Trial[] = [];
  for (let index = 0; index < trials; index++) {
    const params = trialParams(options, index, seeds.nextSeed());
    const foldScores: number[] = [];
    for (let b = 0; b < k; b++) {
      signal?.throwIfAborted();
      const fold = await evaluateFold(spec, params, train, folds, b, { seed: seeds.nextSeed(), summary, ...(options.score ? { score: options.score } : {}), ...(signal ? { signal } : {}) });
      foldScores.push(fold.score);
    }
    const trial = trialOf(index, params, foldScores);
    results.push(trial);
    options.onTrial?.(trial);
  }
  return { kind: spec.kind, seed, folds: k, foldSizes: folds.map((f) => f.length), trials: results, best: bestTrial(results) };
}


/** Rows `indices` of a summary, as a summary of their own. */
function summaryRows(summary: WindowSummary, indices: Int32Array): WindowSummary {
  const { cols } = summary;
  const x = new Float64Array(indices.length * cols);
  const y = new Float32Array(indices.length);
  indices.forEach((r, i) => {
    x.set(summary.x.subarray(r * cols, (r + 1) * cols), i * cols);
    y[i] = summary.y[r];
  });
  return { x, y, rows: indices.length, cols, names: summary.names };
}
