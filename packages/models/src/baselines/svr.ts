/**
 * ε-SVR with an RBF kernel K(a, b) = exp(−γ·||a − b||²) on standardised summary features. Training
 * is libsvm's SMO (libsvm-js, WebAssembly; tolerance 1e-3 and a 200 MB kernel cache, as
 * scikit-learn's SVR). Training is O(n²) in memory traffic and up to O(n³) in time, so at most
 * `maxSamples` training samples are used: larger sets are subsampled without replacement with the
 * model's seed, and FitReport.notes says how many were used. Prediction is done here on typed arrays
 * from the support vectors (rows of the training matrix) and their dual coefficients.
 */
import { createRng } from '../neural/random.js';
import { ModelError } from '../errors.js';
import type { FitOptions, ModelSpec, Params, Regressor } from '../regressor.js';
import { fitStandardiser, meanSquaredError, standardise, type Standardiser } from './features.js';
import { loadLibsvm, parseLibsvmModel } from './libsvm.js';
import { readModelDir, savedArray } from './model-dir.js';
import { numberAbove, numberIn, resolveParams, type ParamCheck } from './params.js';
import { SummaryRegressor, type MatrixFitResult, type MatrixState, type SummaryMatrix } from './summary-regressor.js';

/** Training samples on which the training loss is reported (a prefix of the fitted set). */
const LOSS_SAMPLES = 1000;

/**
 * Default SVR hyper-parameters: C = 1, ε = 0.1 (target units), γ = 'scale' (1 / number of summary
 * features, scikit-learn's 'scale' for standardised inputs), at most 5000 training samples.
 */
export const SVR_DEFAULTS: Params = Object.freeze({ C: 1, epsilon: 0.1, gamma: 'scale', maxSamples: 5000 });

const gammaCheck: ParamCheck = (value) =>
  value === 'scale' || (typeof value === 'number' && Number.isFinite(value) && value > 0) ? null : "must be 'scale' or a number > 0";

const SVR_CHECKS = { C: numberAbove(0), epsilon: numberIn(0, Number.MAX_VALUE), gamma: gammaCheck, maxSamples: numberIn(2, 1e7, true) };

/** Fitted SVR state: f(x) = Σ_i coef_i·K(sv_i, z(x)) − rho. */
interface SvrState {
  readonly standardiser: Standardiser;
  readonly gamma: number;
  /** Support vectors, row-major [count, cols], standardised. */
  readonly supportVectors: Float64Array;
  readonly coefficients: Float64Array;
  readonly rho: number;
}

/** Sorted indices of `take` of `n` rows drawn without replacement with `seed` (all rows when take ≥ n). */
export function subsampleRows(n: number, take: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (take >= n) return order;
  const rng = createRng(seed);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const held = order[i];
    order[i] = order[j];
    order[j] = held;
  }
  return order.subarray(0, take).sort();
}

/** Evaluates the fitted SVR at each row of the standardised matrix `z`. */
function decisionFunction(state: SvrState, z: Float64Array, rows: number, cols: number): Float64Array {
  const { supportVectors: sv, coefficients, gamma, rho } = state;
  const count = coefficients.length;
  const svNorm = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    let norm = 0;
    for (let j = 0; j < cols; j++) norm += sv[s * cols + j] ** 2;
    svNorm[s] = norm;
  }
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let xNorm = 0;
    for (let j = 0; j < cols; j++) xNorm += z[row + j] ** 2;
    let sum = 0;
    for (let s = 0; s < count; s++) {
      const base = s * cols;
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += sv[base + j] * z[row + j];
      sum += coefficients[s] * Math.exp(-gamma * Math.max(xNorm + svNorm[s] - 2 * dot, 0));
    }
    out[i] = sum - rho;
  }
  return out;
}

/** An ε-SVR model on window summary features. */
export class SvrRegressor extends SummaryRegressor {
  private state: SvrState | null = null;

  constructor(params: Params, seed: number) {
    super('svr', params, seed);
  }

  /** Number of support vectors (0 before fitting). */
  get supportVectorCount(): number {
    return this.state?.coefficients.length ?? 0;
  }

  protected async fitMatrix(data: SummaryMatrix, y: Float32Array, options: FitOptions): Promise<MatrixFitResult> {
    const { C, epsilon, gamma, maxSamples } = this.params as { C: number; epsilon: number; gamma: number | 'scale'; maxSamples: number };
    const rows = subsampleRows(data.rows, maxSamples, this.seed);
    const standardiser = fitStandardiser(data.x, data.rows, data.cols);
    const z = standardise(data.x, data.cols, standardiser);
    const samples = Array.from(rows, (r) => Array.from(z.subarray(r * data.cols, (r + 1) * data.cols)));
    const labels = Array.from(rows, (r) => y[r]);
    const gammaValue = gamma === 'scale' ? 1 / data.cols : gamma;
    const SVM = await loadLibsvm();
    options.signal?.throwIfAborted();
    const svm = new SVM({
      type: SVM.SVM_TYPES.EPSILON_SVR,
      kernel: SVM.KERNEL_TYPES.RBF,
      gamma: gammaValue,
      cost: C,
      epsilon,
      tolerance: 1e-3,
      cacheSize: 200,
      shrinking: true,
      quiet: true,
    });
    try {
      svm.train(samples, labels);
      const indices = svm.getSVIndices();
      const { coefficients, rho } = parseLibsvmModel(svm.serializeModel());
      if (coefficients.length !== indices.length) throw new Error(`libsvm returned ${indices.length} support vectors and ${coefficients.length} coefficients`);
      const supportVectors = new Float64Array(indices.length * data.cols);
      indices.forEach((k, s) => supportVectors.set(z.subarray(rows[k] * data.cols, (rows[k] + 1) * data.cols), s * data.cols));
      this.state = { standardiser, gamma: gammaValue, supportVectors, coefficients, rho };
    } finally {
      svm.free();
    }
    const lossRows = rows.subarray(0, Math.min(LOSS_SAMPLES, rows.length));
    const lossZ = new Float64Array(lossRows.length * data.cols);
    lossRows.forEach((r, i) => lossZ.set(z.subarray(r * data.cols, (r + 1) * data.cols), i * data.cols));
    const fitted = decisionFunction(this.state, lossZ, lossRows.length, data.cols);
    return {
      loss: meanSquaredError(fitted, Array.from(lossRows, (r) => y[r])),
      notes: { trainingSamples: rows.length, availableSamples: data.rows, maxSamples, supportVectors: this.state.coefficients.length, gamma: gammaValue, lossSamples: lossRows.length },
    };
  }

  protected predictMatrix(data: SummaryMatrix): Float64Array {
    const state = this.state as SvrState;
    return decisionFunction(state, standardise(data.x, data.cols, state.standardiser), data.rows, data.cols);
  }

  protected exportState(): MatrixState {
    const { standardiser, gamma, supportVectors, coefficients, rho } = this.state as SvrState;
    return { state: { gamma, rho }, arrays: { mean: standardiser.mean, scale: standardiser.scale, supportVectors, coefficients } };
  }

  /** Loads an SVR model saved by `save`. */
  static async load(dir: string): Promise<SvrRegressor> {
    const saved = await readModelDir(dir, 'svr');
    const model = new SvrRegressor(resolveParams('svr', SVR_DEFAULTS, saved.params, SVR_CHECKS), 0);
    const { gamma, rho } = saved.state;
    if (typeof gamma !== 'number' || typeof rho !== 'number') throw new ModelError('bad-model-dir', `${dir}/model.json has no numeric state.gamma and state.rho`, 'model.json');
    model.state = {
      standardiser: { mean: savedArray(saved, 'mean', Float64Array), scale: savedArray(saved, 'scale', Float64Array) },
      gamma,
      rho,
      supportVectors: savedArray(saved, 'supportVectors', Float64Array),
      coefficients: savedArray(saved, 'coefficients', Float64Array),
    };
    model.restoreSignature(saved);
    return model;
  }
}

/**
 * The SVR model kind. Default search space (log-uniform): C in [0.1, 100], epsilon in [0.01, 0.5]
 * and gamma in [0.001, 1] (standardised features and targets); maxSamples stays at its default.
 */
export const svrSpec: ModelSpec = {
  kind: 'svr',
  defaults: SVR_DEFAULTS,
  space: {
    C: { type: 'float', min: 0.1, max: 100, log: true },
    epsilon: { type: 'float', min: 0.01, max: 0.5, log: true },
    gamma: { type: 'float', min: 0.001, max: 1, log: true },
  },
  create: (params, options): Regressor => new SvrRegressor(resolveParams('svr', SVR_DEFAULTS, params, SVR_CHECKS), options.seed),
  load: (dir) => SvrRegressor.load(dir),
};
