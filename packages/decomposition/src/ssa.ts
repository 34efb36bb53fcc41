/**
 * Singular spectrum analysis: eigentriples of the L×K trajectory matrix of a series and their
 * reconstruction by diagonal averaging. Two solvers give the same answer: a dense one (eigen-
 * decomposition of the L×L lag-covariance XXᵀ, for short windows) and a fast one (Lanczos on XXᵀ with
 * FFT products, never forming X), picked automatically.
 */
import { DecompositionError } from './errors.js';
import { lanczosEigen } from './lanczos.js';
import { symmetricEigen, type EigenPairs } from './symmetric-eigen.js';
import { TrajectoryOperator, diagonalAverages } from './trajectory.js';
import { checkInteger, checkSeries } from './validate.js';

/** Which eigen-solver produced the eigentriples. */
export type SsaSolver = 'dense' | 'lanczos';

/** Options of {@link ssa}. */
export interface SsaOptions {
  /** Window length L (days for daily data), 2 ≤ L ≤ floor(N/2). */
  readonly window: number;
  /** Number of leading eigentriples, 1 ≤ rank ≤ L (default min(30, L)). */
  readonly rank?: number;
  /** 'auto' (default): dense when L ≤ 256 or rank ≥ L/3, Lanczos otherwise. */
  readonly solver?: 'auto' | SsaSolver;
  /** Lanczos relative residual tolerance (default 1e-12). */
  readonly tolerance?: number;
}

/** Leading eigentriples (σ_i, u_i, v_i) of the trajectory matrix, σ descending. */
export interface SsaResult {
  readonly series: Float64Array;
  readonly window: number;
  /** K = N − L + 1. */
  readonly columns: number;
  readonly singularValues: Float64Array;
  /** u_i, unit vectors of length L. */
  readonly leftVectors: Float64Array[];
  /** v_i = Xᵀu_i / σ_i, unit vectors of length K (zero when σ_i = 0). */
  readonly rightVectors: Float64Array[];
  /** ‖X‖_F², so σ_i² / trajectoryNorm2 is the share of component i. */
  readonly trajectoryNorm2: number;
  readonly solver: SsaSolver;
  /** Krylov dimension used by Lanczos (L for the dense solver). */
  readonly krylovDimension: number;
}

/** Default rank: 30 eigentriples (capped by L). */
export const DEFAULT_RANK = 30;
const DENSE_MAX_WINDOW = 256;

/** Lag-covariance XXᵀ (L×L, row-major), C[i][j] = Σ_k x[i+k] x[j+k], by the diagonal recurrence. */
function lagCovariance(x: Float64Array, window: number): Float64Array {
  const columns = x.length - window + 1;
  const c = new Float64Array(window * window);
  for (let lag = 0; lag < window; lag++) {
    let s = 0;
    for (let k = 0; k < columns; k++) s += x[k] * x[k + lag];
    c[lag] = s;
    c[lag * window] = s;
    for (let i = 1; i + lag < window; i++) {
      const j = i + lag;
      s += x[i - 1 + columns] * x[j - 1 + columns] - x[i - 1] * x[j - 1];
      c[i * window + j] = s;
      c[j * window + i] = s;
    }
  }
  return c;
}

/** Resolves 'auto' to a solver for window L and rank r. */
export function chooseSolver(window: number, rank: number, solver: SsaOptions['solver'] = 'auto'): SsaSolver {
  if (solver === 'dense' || solver === 'lanczos') return solver;
  if (solver !== 'auto') throw new DecompositionError('solver', `must be 'auto', 'dense' or 'lanczos', got ${String(solver)}`);
  return window <= DENSE_MAX_WINDOW || 3 * rank >= window ? 'dense' : 'lanczos';
}

/**
 * SSA of `series` (gap-filled, any unit): the `rank` leading eigentriples of its L×K trajectory
 * matrix. The series is not centred (as in Rssa), so the first component usually carries the mean.
 */
export function ssa(series: ArrayLike<number>, options: SsaOptions): SsaResult {
  const x = checkSeries(series);
  const n = x.length;
  const window = checkInteger('window', options.window, 2, Math.floor(n / 2), `window ≤ N/2 with N = ${n}`);
  const rank = checkInteger('rank', options.rank ?? Math.min(DEFAULT_RANK, window), 1, window, `rank ≤ window = ${window}`);
  const solver = chooseSolver(window, rank, options.solver);
  const operator = new TrajectoryOperator(x, window);
  let eigen: EigenPairs;
  let krylovDimension = window;
  if (solver === 'dense') {
    eigen = symmetricEigen(lagCovariance(x, window), window, rank);
  } else {
    const lanczos = lanczosEigen((v) => operator.times(operator.transposeTimes(v)), window, rank, { tolerance: options.tolerance });
    eigen = lanczos;
    krylovDimension = lanczos.krylovDimension;
  }
  const singularValues = new Float64Array(eigen.values.length);
  const rightVectors = eigen.vectors.map((u, i) => {
    // σ = ‖Xᵀu‖ is stationary in u, so it is more accurate than √λ for small σ.
    const w = operator.transposeTimes(u);
    let norm2 = 0;
    for (let k = 0; k < w.length; k++) norm2 += w[k] * w[k];
    const sigma = Math.sqrt(norm2);
    singularValues[i] = sigma;
    if (sigma > 0) for (let k = 0; k < w.length; k++) w[k] /= sigma;
    return w;
  });
  return {
    series: x,
    window,
    columns: operator.columns,
    singularValues,
    leftVectors: eigen.vectors,
    rightVectors,
    trajectoryNorm2: operator.frobeniusNorm2(),
    solver,
    krylovDimension,
  };
}

function checkIndices(result: SsaResult, indices: readonly number[]): void {
  for (const i of indices) checkInteger('componentIndices', i, 0, result.singularValues.length - 1, 'indices of computed eigentriples');
}

/**
 * Elementary reconstructed components (length N, unit of the series): the diagonal averages of
 * σ_i u_i v_iᵀ for each index (default: all computed eigentriples).
 */
export function reconstructComponents(result: SsaResult, indices: readonly number[] = Array.from(result.singularValues, (_, i) => i)): Float64Array[] {
  checkIndices(result, indices);
  return diagonalAverages(
    indices.map((i) => ({
      u: result.leftVectors[i],
      w: result.rightVectors[i].map((v) => v * result.singularValues[i]),
    })),
  );
}

/** Reconstruction (length N) of the group of eigentriples `componentIndices`: the sum of their components. */
export function reconstruct(result: SsaResult, componentIndices: readonly number[]): Float64Array {
  const sum = new Float64Array(result.series.length);
  for (const component of reconstructComponents(result, componentIndices)) {
    for (let t = 0; t < sum.length; t++) sum[t] += component[t];
  }
  return sum;
}
