/**
 * LASSO regression by cyclic coordinate descent on standardised summary features, minimising
 * scikit-learn's objective (1/(2n))·||y − Zw − b||² + α·||w||₁ (Z: features standardised with the
 * training mean and population SD). The solution for α is reached along a geometric path of
 * PATH_STEPS alphas from α_max = ||Zᵀ(y − ȳ)||∞ / n (where w = 0) down to α, each warm-started from
 * the previous one; a fit stops at the duality-gap criterion of scikit-learn (gap ≤ tol·||y − ȳ||²/n,
 * checked when the largest coordinate update falls below tol·max|w|) or after maxIter sweeps.
 */
import type { FitOptions, ModelSpec, Params, Regressor } from '../regressor.js';
import { fitStandardiser, standardise } from './features.js';
import { linearState, predictLinear, readLinearState, type LinearState } from './linear.js';
import { readModelDir } from './model-dir.js';
import { resolveParams, type ParamSchema } from '../params.js';
import { SummaryRegressor, type MatrixFitResult, type MatrixState, type SummaryMatrix } from './summary-regressor.js';

/** Alphas on the warm-start path, the requested one included. */
export const PATH_STEPS = 10;

/** Default LASSO hyper-parameters: α in target units (the pipeline's targets are standardised). */
export const LASSO_DEFAULTS: Params = Object.freeze({ alpha: 0.01, maxIter: 10000, tol: 1e-4 });

/** The LASSO's hyper-parameters. */
const LASSO_PARAMS: ParamSchema = {
  alpha: { type: 'float', min: 0, max: Number.MAX_VALUE, description: 'L1 penalty weight (standardised target units)' },
  maxIter: { type: 'int', min: 1, max: 1e9, description: 'coordinate-descent sweeps at most' },
  tol: { type: 'float', min: 0, exclusiveMin: true, description: 'convergence tolerance on the largest coefficient change' },
};

/** Coefficients of a LASSO fit in standardised feature space. */
export interface LassoSolution {
  readonly weights: Float64Array;
  readonly intercept: number;
  /** Coordinate-descent sweeps run at the final alpha. */
  readonly sweeps: number;
  readonly converged: boolean;
}

/** The sufficient statistics of a LASSO problem: Gram matrix G = ZᵀZ, c = Zᵀ(y − ȳ), ||y − ȳ||². */
interface Gram {
  readonly cols: number;
  readonly gram: Float64Array;
  readonly zty: Float64Array;
  readonly yNorm2: number;
}

/**
 * Solves the LASSO for standardised, column-major features `z` ([cols][rows]) and targets `y` by
 * coordinate descent with warm starts along the alpha path (see the module comment). The sweeps
 * work on the Gram matrix ZᵀZ (O(cols²) per sweep after one O(rows·cols²) product).
 */
export function lassoPath(z: Float64Array, rows: number, cols: number, y: ArrayLike<number>, alpha: number, maxIter: number, tol: number): LassoSolution {
  let yMean = 0;
  for (let i = 0; i < rows; i++) yMean += y[i];
  yMean /= rows;
  const yc = new Float64Array(rows);
  let yNorm2 = 0;
  for (let i = 0; i < rows; i++) {
    yc[i] = y[i] - yMean;
    yNorm2 += yc[i] * yc[i];
  }
  const gram = new Float64Array(cols * cols);
  const zty = new Float64Array(cols);
  for (let a = 0; a < cols; a++) {
    const za = a * rows;
    let dot = 0;
    for (let i = 0; i < rows; i++) dot += z[za + i] * yc[i];
    zty[a] = dot;
    for (let b = a; b < cols; b++) {
      const zb = b * rows;
      let g = 0;
      for (let i = 0; i < rows; i++) g += z[za + i] * z[zb + i];
      gram[a * cols + b] = g;
      gram[b * cols + a] = g;
    }
  }
  const problem: Gram = { cols, gram, zty, yNorm2 };
  let alphaMax = 0;
  for (let j = 0; j < cols; j++) alphaMax = Math.max(alphaMax, Math.abs(zty[j]) / rows);
  const weights = new Float64Array(cols);
  let sweeps = 0;
  let converged = alpha >= alphaMax;
  for (const step of alphaPath(alphaMax, alpha)) {
    ({ sweeps, converged } = coordinateDescent(problem, weights, step * rows, maxIter, tol));
  }
  return { weights, intercept: yMean, sweeps, converged };
}

/** Geometric alphas from alphaMax down to alpha (just [alpha] when alpha ≥ alphaMax or alpha = 0). */
function alphaPath(alphaMax: number, alpha: number): number[] {
  if (alpha >= alphaMax || alpha === 0 || alphaMax === 0) return [alpha];
  const ratio = Math.pow(alpha / alphaMax, 1 / (PATH_STEPS - 1));
  return Array.from({ length: PATH_STEPS }, (_, k) => (k === PATH_STEPS - 1 ? alpha : alphaMax * Math.pow(ratio, k)));
}

/** q = Zᵀr = Zᵀ(y − ȳ) − G·w, the correlations of the features with the residual. */
function residualCorrelations({ cols, gram, zty }: Gram, weights: Float64Array, q: Float64Array): void {
  for (let a = 0; a < cols; a++) {
    let sum = zty[a];
    for (let b = 0; b < cols; b++) sum -= gram[a * cols + b] * weights[b];
    q[a] = sum;
  }
}

/**
 * Sweeps coordinates of `weights` in place for penalty l1 = α·n until the duality gap of
 * ½||r||² + l1·||w||₁ is ≤ tol·||y − ȳ||² (checked once the largest update is below tol·max|w|)
 * or maxIter sweeps are done.
 */
function coordinateDescent(problem: Gram, weights: Float64Array, l1: number, maxIter: number, tol: number): { sweeps: number; converged: boolean } {
  const { cols, gram } = problem;
  const q = new Float64Array(cols);
  residualCorrelations(problem, weights, q);
  for (let sweep = 1; sweep <= maxIter; sweep++) {
    let maxChange = 0;
    let maxWeight = 0;
    for (let j = 0; j < cols; j++) {
      const norm = gram[j * cols + j];
      if (norm === 0) continue;
      const old = weights[j];
      const rho = q[j] + old * norm;
      const updated = (Math.sign(rho) * Math.max(Math.abs(rho) - l1, 0)) / norm;
      const change = updated - old;
      if (change !== 0) {
        for (let a = 0; a < cols; a++) q[a] -= change * gram[a * cols + j];
        weights[j] = updated;
      }
      maxChange = Math.max(maxChange, Math.abs(change));
      maxWeight = Math.max(maxWeight, Math.abs(updated));
    }
    if (maxWeight === 0 || maxChange / maxWeight < tol) {
      residualCorrelations(problem, weights, q);
      if (dualityGap(problem, weights, q, l1) <= tol * problem.yNorm2) return { sweeps: sweep, converged: true };
    }
  }
  return { sweeps: maxIter, converged: false };
}

/**
 * Duality gap of ½||r||² + l1·||w||₁ at `weights` (q = Zᵀr), as scikit-learn's coordinate descent
 * computes it, with ||r||² and rᵀ(y − ȳ) expanded through the Gram matrix.
 */
function dualityGap({ cols, gram, zty, yNorm2 }: Gram, weights: Float64Array, q: Float64Array, l1: number): number {
  let dualNorm = 0;
  let wNorm1 = 0;
  let wZty = 0;
  let wGw = 0;
  for (let a = 0; a < cols; a++) {
    dualNorm = Math.max(dualNorm, Math.abs(q[a]));
    wNorm1 += Math.abs(weights[a]);
    wZty += weights[a] * zty[a];
    let gw = 0;
    for (let b = 0; b < cols; b++) gw += gram[a * cols + b] * weights[b];
    wGw += weights[a] * gw;
  }
  const rNorm2 = Math.max(yNorm2 - 2 * wZty + wGw, 0);
  const ry = yNorm2 - wZty;
  let scale = 1;
  let gap = rNorm2;
  if (dualNorm > l1) {
    scale = l1 / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * scale * scale);
  }
  return gap + l1 * wNorm1 - scale * ry;
}

/** Transposes a row-major [rows, cols] matrix to column-major. */
function columnMajor(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j];
  return out;
}

/** A LASSO model on window summary features. */
export class LassoRegressor extends SummaryRegressor {
  private linear: LinearState | null = null;

  constructor(params: Params, seed: number) {
    super('lasso', params, seed);
  }

  /** Coefficients on the standardised summary features (null before fitting). */
  get coefficients(): Float64Array | null {
    return this.linear?.weights ?? null;
  }

  protected async fitMatrix(data: SummaryMatrix, y: Float32Array, options: FitOptions): Promise<MatrixFitResult> {
    options.signal?.throwIfAborted();
    const standardiser = fitStandardiser(data.x, data.rows, data.cols);
    const z = columnMajor(standardise(data.x, data.cols, standardiser), data.rows, data.cols);
    const { alpha, maxIter, tol } = this.params as { alpha: number; maxIter: number; tol: number };
    const solution = lassoPath(z, data.rows, data.cols, y, alpha, maxIter, tol);
    this.linear = { standardiser, weights: solution.weights, intercept: solution.intercept };
    let loss = 0;
    for (let i = 0; i < data.rows; i++) {
      let fit = solution.intercept;
      for (let j = 0; j < data.cols; j++) fit += solution.weights[j] * z[j * data.rows + i];
      loss += (y[i] - fit) ** 2;
    }
    let nonZero = 0;
    for (const w of solution.weights) if (w !== 0) nonZero++;
    return { loss: loss / data.rows, notes: { sweeps: solution.sweeps, converged: solution.converged ? 'yes' : 'no', nonZero } };
  }

  protected predictMatrix(data: SummaryMatrix): Float64Array {
    return predictLinear(data, this.linear!);
  }

  protected exportState(): MatrixState {
    return linearState(this.linear!);
  }

  /** Loads a LASSO model saved by `save`. */
  static async load(dir: string): Promise<LassoRegressor> {
    const saved = await readModelDir(dir, 'lasso');
    const model = new LassoRegressor(resolveParams('lasso', LASSO_DEFAULTS, saved.params, LASSO_PARAMS), 0);
    model.linear = readLinearState(saved, dir);
    model.restoreSignature(saved);
    return model;
  }
}

/**
 * The LASSO model kind. Default search space: alpha log-uniform in [1e-4, 1] (standardised target
 * units); maxIter and tol stay at their defaults.
 */
export const lassoSpec: ModelSpec = {
  kind: 'lasso',
  engine: 'summary',
  threaded: false,
  params: LASSO_PARAMS,
  defaults: LASSO_DEFAULTS,
  space: { alpha: { type: 'float', min: 1e-4, max: 1, log: true } },
  create: (params, options): Regressor => new LassoRegressor(resolveParams('lasso', LASSO_DEFAULTS, params, LASSO_PARAMS), options.seed),
  load: (dir) => LassoRegressor.load(dir),
};
