/**
 * Random hyper-parameter search with blocked k-fold cross-validation, run separately per ecosystem
 * group (the caller passes one group's training source). Each trial draws its parameters from the
 * search space with a seeded generator, fits one model per fold on the other folds, and scores it
 * on the held-out fold; the best trial has the lowest mean score. For the summary-feature baselines
 * (LASSO, SVR, RF) the window summary of the training source is computed once and its rows reused
 * by every fold and trial (the same numbers `fit`/`predict` would compute, without recomputing them).
 */
import type { WindowSource } from '@fluxscale/data';
import { ModelError } from '../errors.js';
import { createRng, type Rng } from '../neural/random.js';
import type { ModelSpec, ParamRange, Params, Regressor, SearchSpace } from '../regressor.js';
import { summariseWindows, type WindowSummary } from '../baselines/summary.js';
import { SummaryRegressor } from '../baselines/summary-regressor.js';
import { blockedFolds, complementOf } from './folds.js';

/** Scores predictions against targets; lower is better. */
export type ScoreFunction = (predicted: Float32Array, target: Float32Array) => number;

/** Mean squared error (target units squared): the default score. */
export const mse: ScoreFunction = (predicted, target) => {
  let sum = 0;
  for (let i = 0; i < target.length; i++) sum += (predicted[i] - target[i]) ** 2;
  return sum / target.length;
};

/** One evaluated parameter set. */
export interface Trial {
  /** 0-based trial number; trial 0 is the defaults when `includeDefaults`. */
  readonly index: number;
  /** Parameters drawn (or the defaults), as passed to `spec.create`. */
  readonly params: Params;
  /** Seed the trial's models were created with. */
  readonly seed: number;
  /** Score on each held-out fold. */
  readonly foldScores: readonly number[];
  /** Mean of foldScores. */
  readonly meanScore: number;
}

/** Options of `randomSearch`. */
export interface RandomSearchOptions {
  readonly spec: ModelSpec;
  /** Search space; `spec.space` when omitted. */
  readonly space?: SearchSpace;
  /** Training source of one ecosystem group. */
  readonly train: WindowSource;
  /** Number of blocked folds (default 5). */
  readonly folds?: number;
  /** Number of random draws. */
  readonly trials: number;
  readonly seed: number;
  /** Score to minimise (default mse). */
  readonly score?: ScoreFunction;
  /** Also evaluate the spec's defaults, as trial 0 (default true). */
  readonly includeDefaults?: boolean;
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
  /** The trial with the lowest mean score (the first one on ties). */
  readonly best: Trial;
}

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

/** Fits `model` on the samples `fitRows` of `train` and predicts the samples `heldRows`. */
async function fitAndPredict(model: Regressor, train: WindowSource, fitRows: Int32Array, heldRows: Int32Array, summary: () => WindowSummary, signal?: AbortSignal): Promise<Float32Array> {
  const options = signal ? { signal } : {};
  if (model instanceof SummaryRegressor) {
    const all = summary();
    await model.fitSummary(summaryRows(all, fitRows), train, options);
    return model.predictSummary(summaryRows(all, heldRows));
  }
  await model.fit(train.subset(fitRows), options);
  return model.predict(train.subset(heldRows));
}

/** Random search with blocked k-fold cross-validation (see the module comment). */
export async function randomSearch(options: RandomSearchOptions): Promise<SearchResult> {
  const { spec, train, trials, seed, signal } = options;
  const space = options.space ?? spec.space;
  const k = options.folds ?? 5;
  const score = options.score ?? mse;
  if (!Number.isInteger(trials) || trials < 0) throw new ModelError('bad-param', `trials must be an integer >= 0, got ${trials}`, 'trials');
  if (train.size === 0) throw new ModelError('empty-input', 'the training source has no samples');
  const folds = blockedFolds(train, k);
  const heldTargets = folds.map((fold) => targetsOf(train, fold));
  let cached: WindowSummary | undefined;
  const summary = (): WindowSummary => (cached ??= summariseWindows(train));
  const rng = createRng(seed);
  const draws: Params[] = options.includeDefaults === false ? [] : [{}];
  for (let t = 0; t < trials; t++) draws.push(sampleParams(space, rng));
  const results: Trial[] = [];
  for (const [index, params] of draws.entries()) {
    const trialSeed = rng.nextSeed();
    const foldScores: number[] = [];
    for (let b = 0; b < k; b++) {
      signal?.throwIfAborted();
      const predicted = await fitAndPredict(spec.create(params, { seed: trialSeed }), train, complementOf(folds, b), folds[b], summary, signal);
      foldScores.push(score(predicted, heldTargets[b]));
    }
    const trial: Trial = {
      index,
      params: index === 0 && options.includeDefaults !== false ? spec.defaults : params,
      seed: trialSeed,
      foldScores,
      meanScore: foldScores.reduce((a, v) => a + v, 0) / k,
    };
    results.push(trial);
    options.onTrial?.(trial);
  }
  if (results.length === 0) throw new ModelError('bad-param', 'the search has no trials: trials is 0 and includeDefaults is false', 'trials');
  const best = results.reduce((a, t) => (t.meanScore < a.meanScore ? t : a));
  return { kind: spec.kind, seed, folds: k, foldSizes: folds.map((f) => f.length), trials: results, best };
}
