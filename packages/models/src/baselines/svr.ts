/**
 * ε-SVR with an RBF kernel K(a, b) = exp(−γ·||a − b||²) on standardised summary features. Training
 * solves the dual with our SMO (smo.ts: libsvm's method — second-order working-set selection,
 * tolerance 1e-3, Float32 kernel values, a 200 MB kernel cache — as scikit-learn's SVR, on dense
 * typed arrays). Training is O(n²) in memory and up to O(n³) in time, so at most `maxSamples`
 * training samples are used: larger sets are subsampled without replacement with the model's seed,
 * and FitReport.notes says how many were used. The reported training loss is the MSE over all of
 * them, from the solver's final gradient. Prediction evaluates the kernel against the support
 * vectors (rows of the training matrix) in blocks (rbf.ts).
 */
import { createRng } from '@fluxscale/util';
import { damagedModel } from '../model-header.js';
import { join } from 'node:path';
import type { FitOptions, ModelSpec, Params, Regressor } from '../regressor.js';
import { fitStandardiser, meanSquaredError, standardise, type Standardiser } from './features.js';
import { readModelDir, savedArray } from './model-dir.js';
import { resolveParams, type ParamSchema } from '../params.js';
import { rbfBlock, squaredNorms } from './rbf.js';
import { SMO_DEFAULTS, solveSvrDual } from './smo.js';
import { SummaryRegressor, type MatrixFitResult, type MatrixState, type SummaryMatrix } from './summary-regressor.js';

/**
 * Default SVR hyper-parameters: C = 1, ε = 0.1 (target units), γ = 'scale' (1 / number of summary
 * features, scikit-learn's 'scale' for standardised inputs), at most 5000 training samples.
 */
export const SVR_DEFAULTS: Params = Object.freeze({ C: 1, epsilon: 0.1, gamma: 'scale', maxSamples: 5000 });

/** The SVR's hyper-parameters. */
const SVR_PARAMS: ParamSchema = {
  C: { type: 'float', min: 0, exclusiveMin: true, description: 'penalty of errors beyond epsilon' },
  epsilon: { type: 'float', min: 0, max: Number.MAX_VALUE, description: 'half-width of the error-free tube (standardised target units)' },
  gamma: { type: 'float', min: 0, exclusiveMin: true, keywords: ['scale'], description: "RBF kernel width (1 / squared standardised feature distance), or 'scale' = 1 / features" },
  maxSamples: { type: 'int', min: 2, max: 1e7, description: 'training samples at most (a seeded subsample beyond it)' },
};

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

/** Query rows and support vectors per kernel block of the decision function. */
const QUERY_BLOCK = 64;
const SUPPORT_BLOCK = 512;

/** Evaluates the fitted SVR at each row of the standardised matrix `z` ([rows, cols]), in target units. */
function decisionFunction(state: SvrState, z: Float64Array, rows: number, cols: number): Float64Array {
  const { supportVectors, coefficients, gamma, rho } = state;
  const count = coefficients.length;
  const support = { x: supportVectors, norms: squaredNorms(supportVectors, count, cols) };
  const queries = { x: z, norms: squaredNorms(z, rows, cols) };
  const kernel = new Float64Array(QUERY_BLOCK * SUPPORT_BLOCK);
  const out = new Float64Array(rows);
  for (let q0 = 0; q0 < rows; q0 += QUERY_BLOCK) {
    const q1 = Math.min(rows, q0 + QUERY_BLOCK);
    for (let s0 = 0; s0 < count; s0 += SUPPORT_BLOCK) {
      const s1 = Math.min(count, s0 + SUPPORT_BLOCK);
      const width = s1 - s0;
      rbfBlock({ ...queries, from: q0, to: q1 }, { ...support, from: s0, to: s1 }, cols, gamma, kernel, 0, width);
      for (let i = q0; i < q1; i++) {
        const row = (i - q0) * width - s0;
        let sum = 0;
        for (let s = s0; s < s1; s++) sum += coefficients[s] * kernel[row + s];
        out[i] += sum;
      }
    }
    for (let i = q0; i < q1; i++) out[i] -= rho;
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

  protected fitMatrix(data: SummaryMatrix, y: Float32Array, options: FitOptions): Promise<MatrixFitResult> {
    const { C, epsilon, gamma, maxSamples } = this.params as { C: number; epsilon: number; gamma: number | 'scale'; maxSamples: number };
    const rows = subsampleRows(data.rows, maxSamples, this.seed);
    const { cols } = data;
    const standardiser = fitStandardiser(data.x, data.rows, cols);
    const z = standardise(data.x, cols, standardiser);
    const samples = new Float64Array(rows.length * cols);
    rows.forEach((r, k) => samples.set(z.subarray(r * cols, (r + 1) * cols), k * cols));
    const labels = Float64Array.from(rows, (r) => y[r]);
    const gammaValue = gamma === 'scale' ? 1 / cols : gamma;
    options.signal?.throwIfAborted();
    const solution = solveSvrDual(samples, labels, rows.length, cols, { ...SMO_DEFAULTS, C, epsilon, gamma: gammaValue });
    const support: number[] = [];
    solution.beta.forEach((b, k) => {
      if (b !== 0) support.push(k);
    });
    const supportVectors = new Float64Array(support.length * cols);
    support.forEach((k, s) => supportVectors.set(samples.subarray(k * cols, (k + 1) * cols), s * cols));
    const state: SvrState = { standardiser, gamma: gammaValue, supportVectors, coefficients: Float64Array.from(support, (k) => solution.beta[k]), rho: solution.rho };
    this.state = state;
    const notes: Record<string, number | string> = {
      trainingSamples: rows.length,
      availableSamples: data.rows,
      maxSamples,
      supportVectors: support.length,
      gamma: gammaValue,
      smoIterations: solution.iterations,
    };
    if (!solution.converged) notes.warning = `SMO stopped after ${solution.iterations} steps above tolerance ${SMO_DEFAULTS.tolerance}`;
    return Promise.resolve({ loss: meanSquaredError(solution.fitted, labels), notes });
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
    const model = new SvrRegressor(resolveParams('svr', SVR_DEFAULTS, saved.params, SVR_PARAMS), 0);
    const { gamma, rho } = saved.state;
    if (typeof gamma !== 'number' || typeof rho !== 'number') throw damagedModel(join(dir, 'model.json'), 'no numeric state.gamma and state.rho');
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
  engine: 'summary',
  threaded: false,
  params: SVR_PARAMS,
  defaults: SVR_DEFAULTS,
  space: {
    C: { type: 'float', min: 0.1, max: 100, log: true },
    epsilon: { type: 'float', min: 0.01, max: 0.5, log: true },
    gamma: { type: 'float', min: 0.001, max: 1, log: true },
  },
  create: (params, options): Regressor => new SvrRegressor(resolveParams('svr', SVR_DEFAULTS, params, SVR_PARAMS), options.seed),
  load: (dir) => SvrRegressor.load(dir),
};
