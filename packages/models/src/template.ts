/**
 * How to add a model to fluxscale, as one working file: ridge regression on the window summary
 * features that LASSO, SVR and RF see. Copy this file, rename the kind, and either add its spec to
 * BUILT_IN in registry.ts (one line) or export it as `models` from a plugin file that a config names
 * in `plugins`; the CLI's configs, plans and executors then take it like any other model
 * (`models: [ridge]`). `checkModel(ridgeSpec, { train })` checks it as every registry entry is checked.
 *
 * A model declares in its spec everything the rest of fluxscale asks about it:
 * - `engine`: 'summary' (plain TypeScript on the window summary, as here) or 'neural' (TensorFlow.js);
 * - `threaded`: whether it runs the fused LSTM kernel (false for anything but an LSTM);
 * - `params`: each hyper-parameter's type, range and meaning — configs are checked against it;
 * - `defaults` and `space`: the default values and the random-search space.
 * Its regressor extends `SummaryRegressor`, which already does input checks, summaries, save and load
 * bookkeeping: a summary model implements fitting, predicting and its saved state on a matrix.
 */
import { ModelError } from './errors.js';
import { resolveParams, type ParamSchema } from './params.js';
import type { FitOptions, ModelSpec, Params, Regressor } from './regressor.js';
import { fitStandardiser, standardise } from './baselines/features.js';
import { linearState, predictLinear, readLinearState, type LinearState } from './baselines/linear.js';
import { readModelDir } from './baselines/model-dir.js';
import { SummaryRegressor, type MatrixFitResult, type MatrixState, type SummaryMatrix } from './baselines/summary-regressor.js';

/** Ridge's hyper-parameters. */
const RIDGE_PARAMS: ParamSchema = {
  alpha: { type: 'float', min: 0, max: 1e9, description: 'L2 penalty weight per sample (standardised target units)' },
};

/** Default ridge hyper-parameters. */
const RIDGE_DEFAULTS: Params = Object.freeze({ alpha: 1 });

/**
 * Solves the symmetric positive-definite system A·w = b in place by Cholesky factorisation (A is
 * n × n, row-major, overwritten by its factor); returns w.
 */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] ** 2;
    if (!(d > 0)) throw new ModelError('bad-input', 'ridge: the penalised Gram matrix is not positive definite (alpha = 0 with collinear features?)', 'alpha');
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / l;
    }
  }
  const w = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) w[i] -= a[i * n + k] * w[k];
    w[i] /= a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) w[i] -= a[k * n + i] * w[k];
    w[i] /= a[i * n + i];
  }
  return w;
}

/** Ridge regression on standardised window summary features: minimises Σ(y − ŷ)²/n + alpha·‖w‖². */
export class RidgeRegressor extends SummaryRegressor {
  private linear: LinearState | null = null;

  constructor(params: Params, seed: number) {
    super('ridge', params, seed);
  }

  /** Coefficients on the standardised summary features (null before fitting). */
  get coefficients(): Float64Array | null {
    return this.linear?.weights ?? null;
  }

  protected async fitMatrix(data: SummaryMatrix, y: Float32Array, options: FitOptions): Promise<MatrixFitResult> {
    options.signal?.throwIfAborted();
    const { rows, cols } = data;
    const standardiser = fitStandardiser(data.x, rows, cols);
    const z = standardise(data.x, cols, standardiser);
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += y[i];
    mean /= rows;
    const gram = new Float64Array(cols * cols);
    const zty = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const r = y[i] - mean;
      for (let a = 0; a < cols; a++) {
        const za = z[i * cols + a];
        zty[a] += za * r;
        for (let b = 0; b <= a; b++) gram[a * cols + b] += za * z[i * cols + b];
      }
    }
    const alpha = (this.params as { alpha: number }).alpha;
    for (let a = 0; a < cols; a++) {
      for (let b = 0; b < a; b++) gram[b * cols + a] = gram[a * cols + b];
      gram[a * cols + a] += alpha * rows;
    }
    this.linear = { standardiser, weights: solveSpd(gram, zty, cols), intercept: mean };
    const fitted = this.predictMatrix(data);
    let loss = 0;
    for (let i = 0; i < rows; i++) loss += (y[i] - fitted[i]) ** 2;
    return { loss: loss / rows };
  }

  protected predictMatrix(data: SummaryMatrix): Float64Array {
    return predictLinear(data, this.linear!);
  }

  protected exportState(): MatrixState {
    return linearState(this.linear!);
  }

  /** Loads a ridge model saved by `save`. */
  static async load(dir: string): Promise<RidgeRegressor> {
    const saved = await readModelDir(dir, 'ridge');
    const model = new RidgeRegressor(resolveParams('ridge', RIDGE_DEFAULTS, saved.params, RIDGE_PARAMS), 0);
    model.linear = readLinearState(saved, dir);
    model.restoreSignature(saved);
    return model;
  }
}

/** The template's spec (kind 'ridge'): register it with `registerModel(ridgeSpec)` to use it. */
export const ridgeSpec: ModelSpec = {
  kind: 'ridge',
  engine: 'summary',
  threaded: false,
  params: RIDGE_PARAMS,
  defaults: RIDGE_DEFAULTS,
  space: { alpha: { type: 'float', min: 1e-4, max: 10, log: true } },
  create: (params, options): Regressor => new RidgeRegressor(resolveParams('ridge', RIDGE_DEFAULTS, params, RIDGE_PARAMS), options.seed),
  load: (dir) => RidgeRegressor.load(dir),
};
