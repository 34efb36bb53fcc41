/**
 * Random-forest regression on window summary features: `nEstimators` trees grown on bootstrap
 * samples from 255-bin quantised features (see rf/binning.ts, rf/tree.ts), on worker threads
 * (rf/pool.ts). The forest depends only on the data, the parameters and the seed, never on the
 * thread count.
 */
import { damagedModel } from '../../model-header.js';
import { join } from 'node:path';
import type { FitOptions, ModelSpec, Params, Regressor } from '../../regressor.js';
import { meanSquaredError } from '../features.js';
import { readModelDir, savedArray } from '../model-dir.js';
import { resolveParams, type ParamSchema } from '../../params.js';
import { binFeatures, MAX_BINS } from './binning.js';
import { checkForest, joinTrees, predictForest, type ForestArrays } from './forest.js';
import { growForest, resolveThreads } from './pool.js';
import { SummaryRegressor, type MatrixFitResult, type MatrixState, type SummaryMatrix } from '../summary-regressor.js';

/**
 * Default RF hyper-parameters, as scikit-learn's RandomForestRegressor: 100 trees, unlimited depth
 * (maxDepth 0), all features per split (maxFeatures 1.0: a fraction of the summary features,
 * floor(fraction · features) tried per split, at least 1),
 * minSamplesLeaf 1, a bootstrap of as many draws as samples (maxSamples 1); plus maxBins 255 and
 * threads 0 (= $FLUXSCALE_THREADS, else os.availableParallelism()).
 */
export const RF_DEFAULTS: Params = Object.freeze({
  nEstimators: 100,
  maxDepth: 0,
  maxFeatures: 1.0,
  minSamplesLeaf: 1,
  bootstrap: true,
  maxSamples: 1,
  maxBins: MAX_BINS,
  threads: 0,
});

/** The random forest's hyper-parameters. */
const RF_PARAMS: ParamSchema = {
  nEstimators: { type: 'int', min: 1, max: 100000, description: 'trees' },
  maxDepth: { type: 'int', min: 0, max: 1000, description: 'depth of a tree at most (0: unlimited)' },
  maxFeatures: { type: 'float', min: 0, exclusiveMin: true, max: 1, description: 'fraction of the summary features tried per split' },
  minSamplesLeaf: { type: 'int', min: 1, max: 1e9, description: 'samples per leaf at least' },
  bootstrap: { type: 'boolean', description: 'grow each tree on a bootstrap resample' },
  maxSamples: { type: 'float', min: 0, exclusiveMin: true, max: 1, description: "bootstrap draws per tree as a fraction of the training samples (scikit-learn's max_samples; 1: as many as there are)" },
  maxBins: { type: 'int', min: 2, max: MAX_BINS, description: 'histogram bins per feature' },
  threads: { type: 'int', min: 0, max: 1024, description: 'worker threads (0: $FLUXSCALE_THREADS, else every core)' },
};

const FOREST_ARRAYS = ['feature', 'threshold', 'left', 'right', 'value', 'roots'] as const;

/** A random forest on window summary features. */
export class RandomForestRegressor extends SummaryRegressor {
  private forest: ForestArrays | null = null;

  constructor(params: Params, seed: number) {
    super('rf', params, seed);
  }

  protected async fitMatrix(data: SummaryMatrix, y: Float32Array, options: FitOptions): Promise<MatrixFitResult> {
    const p = this.params as { nEstimators: number; maxDepth: number; maxFeatures: number; minSamplesLeaf: number; bootstrap: boolean; maxSamples: number; maxBins: number; threads: number };
    const binned = binFeatures(data.x, data.rows, data.cols, p.maxBins);
    const mtry = Math.max(1, Math.min(data.cols, Math.floor(p.maxFeatures * data.cols)));
    const threads = resolveThreads(p.threads);
    const trees = await growForest(
      { data: binned, y: Float64Array.from(y), options: { maxDepth: p.maxDepth, mtry, minSamplesLeaf: p.minSamplesLeaf, bootstrap: p.bootstrap, maxSamples: p.maxSamples } },
      p.nEstimators,
      this.seed,
      threads,
      options.signal,
    );
    this.forest = joinTrees(trees);
    const loss = meanSquaredError(predictForest(this.forest, data.x, data.rows, data.cols), y);
    return { loss, notes: { nodes: this.forest.value.length, mtry, threads } };
  }

  protected predictMatrix(data: SummaryMatrix): Float64Array {
    return predictForest(this.forest as ForestArrays, data.x, data.rows, data.cols);
  }

  protected exportState(): MatrixState {
    const forest = this.forest as ForestArrays;
    return { state: { trees: forest.roots.length, seed: this.seed }, arrays: Object.fromEntries(FOREST_ARRAYS.map((name) => [name, forest[name]])) };
  }

  /** Loads a random forest saved by `save`. */
  static async load(dir: string): Promise<RandomForestRegressor> {
    const saved = await readModelDir(dir, 'rf');
    const seed = saved.state.seed;
    if (typeof seed !== 'number') throw damagedModel(join(dir, 'model.json'), 'no numeric state.seed');
    const model = new RandomForestRegressor(resolveParams('rf', RF_DEFAULTS, saved.params, RF_PARAMS), seed);
    const forest: ForestArrays = {
      feature: savedArray(saved, 'feature', Int32Array),
      threshold: savedArray(saved, 'threshold', Float64Array),
      left: savedArray(saved, 'left', Int32Array),
      right: savedArray(saved, 'right', Int32Array),
      value: savedArray(saved, 'value', Float64Array),
      roots: savedArray(saved, 'roots', Int32Array),
    };
    model.restoreSignature(saved);
    const problem = checkForest(forest, saved.state.cols as number);
    if (problem !== null) throw damagedModel(join(dir, 'weights.bin'), `no valid forest: ${problem}`);
    model.forest = forest;
    return model;
  }
}

/**
 * The RF model kind. Default search space: nEstimators 50–300 (log), maxDepth 4–32, maxFeatures
 * 0.2–1.0, minSamplesLeaf 1–20 (log).
 */
export const rfSpec: ModelSpec = {
  kind: 'rf',
  engine: 'summary',
  threaded: false,
  params: RF_PARAMS,
  defaults: RF_DEFAULTS,
  space: {
    nEstimators: { type: 'int', min: 50, max: 300, log: true },
    maxDepth: { type: 'int', min: 4, max: 32 },
    maxFeatures: { type: 'float', min: 0.2, max: 1 },
    minSamplesLeaf: { type: 'int', min: 1, max: 20, log: true },
  },
  quickParams: { nEstimators: 5, threads: 1 },
  create: (params, options): Regressor => new RandomForestRegressor(resolveParams('rf', RF_DEFAULTS, params, RF_PARAMS), options.seed),
  load: (dir) => RandomForestRegressor.load(dir),
};
