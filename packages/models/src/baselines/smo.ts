/**
 * ε-SVR dual solver with an RBF kernel: sequential minimal optimisation (SMO) with the second-order
 * working-set selection of Fan, Chen & Lin (2005, "WSS2"), the method of libsvm and so of
 * scikit-learn's SVR, on dense rows.
 *
 * The dual over 2n variables a = [α; α*] (α_k for samples above the ε-tube, α*_k below) is
 *   minimise ½·aᵀQa + pᵀa  subject to  sᵀa = 0, 0 ≤ a_t ≤ C,
 * with signs s = [+1 …; −1 …], p = [ε − y; ε + y] and Q_tu = s_t·s_u·K(x_{t mod n}, x_{u mod n}).
 * With the gradient G = Qa + p, a step takes i = argmax −s_t·G_t over I_up = {s_t = +1, a_t < C} ∪
 * {s_t = −1, a_t > 0}, then the j in I_low = {s_t = +1, a_t > 0} ∪ {s_t = −1, a_t < C} with
 * b = −s_i·G_i + s_j·G_j > 0 that maximises b² / (K_ii + K_jj − 2K_ij) (the objective decrease of
 * the two-variable step), and solves that two-variable problem exactly within the box. It stops when
 * max_{I_up} −s·G − min_{I_low} −s·G < tolerance. The regression function is
 * f(x) = Σ_k β_k·K(x_k, x) − ρ with β = α − α* and ρ the mean of s_t·G_t over the free variables.
 *
 * Kernel values are Float32, as in libsvm's cache. When the whole n × n kernel matrix fits in
 * `cacheBytes` (n ≤ 7240 with the default 200 MB) it is computed up front in 64-row blocks, each
 * computed once for both triangles: an ε-SVR usually touches the rows of most samples (4360 of 5000
 * support vectors on the benchmark), so this halves the kernel work of computing rows on demand.
 * Larger problems compute rows on demand into a least-recently-used cache of `cacheBytes`.
 * There is no shrinking: on the benchmark the O(n) selection and gradient passes take a fraction of
 * the time of the kernel matrix.
 */
import { rbfBlock, squaredNorms, type RbfRows } from './rbf.js';

/** Settings of `solveSvrDual`. */
export interface SvrDualOptions {
  /** Box constraint C > 0. */
  readonly C: number;
  /** Tube half-width ε ≥ 0, in target units. */
  readonly epsilon: number;
  /** RBF kernel width γ > 0 (per squared feature unit). */
  readonly gamma: number;
  /** Stopping tolerance on the maximal KKT violation (libsvm's eps; 1e-3 as scikit-learn). */
  readonly tolerance: number;
  /** Bytes of kernel rows to keep cached (at least two rows are always kept). */
  readonly cacheBytes: number;
  /** Most SMO steps before giving up (the solution so far is returned, converged false). */
  readonly maxIterations: number;
}

/** Defaults of `solveSvrDual` other than C, ε and γ. */
export const SMO_DEFAULTS = Object.freeze({ tolerance: 1e-3, cacheBytes: 200 * 1024 * 1024, maxIterations: 10_000_000 });

/** The solved dual: f(x) = Σ_k beta_k·K(x_k, x) − rho. */
export interface SvrDualSolution {
  /** β_k = α_k − α*_k, in [−C, C], summing to 0. */
  readonly beta: Float64Array;
  readonly rho: number;
  /**
   * f(x_k) at each training row, read off the final gradient (G_k = f(x_k) + ρ + ε − y_k for α_k),
   * so with the solver's Float32 kernel values and no further kernel evaluations.
   */
  readonly fitted: Float64Array;
  /** SMO steps taken. */
  readonly iterations: number;
  /** Whether the KKT violation fell below the tolerance within maxIterations. */
  readonly converged: boolean;
}

/** Curvature used when K_ii + K_jj − 2K_ij ≤ 0 (libsvm's τ). */
const TAU = 1e-12;

/** Rows per block of the up-front kernel matrix. */
const BLOCK = 64;

/** Rows K(x_k, ·) of the kernel matrix of one training set. */
interface KernelRows {
  row(k: number): Float32Array;
}

/** The whole kernel matrix, computed up front (see the module comment). */
function fullKernel(samples: RbfRows, n: number, cols: number, gamma: number): KernelRows {
  const matrix = new Float32Array(n * n);
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    rbfBlock({ ...samples, from, to }, { ...samples, from, to: n }, cols, gamma, matrix, from * n + from, n);
    for (let j = to; j < n; j++) {
      for (let i = from; i < to; i++) matrix[j * n + i] = matrix[i * n + j];
    }
  }
  const rows = Array.from({ length: n }, (_, k) => matrix.subarray(k * n, (k + 1) * n));
  return { row: (k) => rows[k] };
}

/** Kernel rows computed on demand, the `capacity` most recently used ones kept. */
class KernelRowCache implements KernelRows {
  private readonly rows: (Float32Array | null)[];
  /** Doubly linked recency list over cached rows (−1 ends); head = most recent. */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = -1;
  private tail = -1;
  private cached = 0;

  constructor(
    private readonly samples: RbfRows,
    private readonly n: number,
    private readonly cols: number,
    private readonly gamma: number,
    private readonly capacity: number,
  ) {
    this.rows = new Array<Float32Array | null>(n).fill(null);
    this.prev = new Int32Array(n).fill(-1);
    this.next = new Int32Array(n).fill(-1);
  }

  row(k: number): Float32Array {
    let out = this.rows[k];
    if (out !== null) {
      this.unlink(k);
    } else {
      if (this.cached < this.capacity) {
        out = new Float32Array(this.n);
        this.cached++;
      } else {
        const old = this.tail;
        out = this.rows[old] as Float32Array;
        this.rows[old] = null;
        this.unlink(old);
      }
      rbfBlock({ ...this.samples, from: k, to: k + 1 }, { ...this.samples, from: 0, to: this.n }, this.cols, this.gamma, out, 0, this.n);
      this.rows[k] = out;
    }
    this.next[k] = this.head;
    if (this.head >= 0) this.prev[this.head] = k;
    this.head = k;
    if (this.tail < 0) this.tail = k;
    return out;
  }

  private unlink(k: number): void {
    const p = this.prev[k];
    const q = this.next[k];
    if (p >= 0) this.next[p] = q;
    else this.head = q;
    if (q >= 0) this.prev[q] = p;
    else this.tail = p;
    this.prev[k] = -1;
    this.next[k] = -1;
  }
}

/**
 * The SMO iterate: a[t] and grad[t] for t < n belong to α (s = +1), for t ≥ n to α* (s = −1).
 * `up`/`gMax` hold the I_up choice, `low`/`gMax2` the I_low choice of the latest selection.
 */
class SmoIterate {
  readonly a: Float64Array;
  readonly grad: Float64Array;
  up = -1;
  gMax = -Infinity;
  low = -1;
  gMax2 = -Infinity;

  constructor(
    private readonly n: number,
    private readonly C: number,
    epsilon: number,
    y: ArrayLike<number>,
  ) {
    this.a = new Float64Array(2 * n);
    this.grad = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      this.grad[k] = epsilon - y[k];
      this.grad[k + n] = epsilon + y[k];
    }
    this.selectUp();
  }

  /** i = argmax −s_t·G_t over I_up (up = −1 when I_up is empty). */
  selectUp(): void {
    const { a, grad, n, C } = this;
    let gMax = -Infinity;
    let up = -1;
    for (let t = 0; t < n; t++) {
      if (a[t] < C && -grad[t] >= gMax) {
        gMax = -grad[t];
        up = t;
      }
    }
    this.finishSelectUp(gMax, up);
  }

  /** Completes the I_up scan over the α* half (s = −1), given the best (−s·G, index) of the α half, and stores it. */
  private finishSelectUp(gMax: number, up: number): void {
    const { a, grad, n } = this;
    for (let t = n; t < 2 * n; t++) {
      if (a[t] > 0 && grad[t] >= gMax) {
        gMax = grad[t];
        up = t;
      }
    }
    this.up = up;
    this.gMax = gMax;
  }

  /** j over I_low with the largest b²/(2 − 2K_ij), b = gMax + s_j·G_j > 0; also gMax2 = max over I_low of s·G. */
  selectLow(rowI: Float32Array): void {
    const { a, grad, n, C, gMax } = this;
    let gMax2 = -Infinity;
    let low = -1;
    // The best b²/quad so far as a fraction, compared by cross-multiplying (no division per sample).
    let bestB2 = 0;
    let bestQuad = 1;
    for (let t = 0; t < n; t++) {
      if (a[t] > 0) {
        const g = grad[t];
        if (g >= gMax2) gMax2 = g;
        const b = gMax + g;
        if (b > 0) {
          const quad = Math.max(2 - 2 * rowI[t], TAU);
          if (b * b * bestQuad >= bestB2 * quad) {
            bestB2 = b * b;
            bestQuad = quad;
            low = t;
          }
        }
      }
    }
    for (let t = n; t < 2 * n; t++) {
      if (a[t] < C) {
        const g = -grad[t];
        if (g >= gMax2) gMax2 = g;
        const b = gMax + g;
        if (b > 0) {
          const quad = Math.max(2 - 2 * rowI[t - n], TAU);
          if (b * b * bestQuad >= bestB2 * quad) {
            bestB2 = b * b;
            bestQuad = quad;
            low = t;
          }
        }
      }
    }
    this.low = low;
    this.gMax2 = gMax2;
  }

  /**
   * The exact two-variable step on (up, low): a_i += s_i·δ, a_j −= s_j·δ (keeps sᵀa) with δ ≥ 0
   * clipped to both boxes; then G_t += s_t·δ·(K_i'[t'] − K_j'[t']) and the next I_up choice in the
   * same pass.
   */
  step(rowI: Float32Array, rowJ: Float32Array): void {
    const { a, grad, n, C, up: i, low: j } = this;
    const si = i < n ? 1 : -1;
    const sj = j < n ? 1 : -1;
    const quad = 2 - 2 * rowI[j < n ? j : j - n];
    let delta = (this.gMax + sj * grad[j]) / (quad > 0 ? quad : TAU);
    const roomI = si > 0 ? C - a[i] : a[i];
    const roomJ = sj > 0 ? a[j] : C - a[j];
    if (delta >= roomI && roomI <= roomJ) {
      delta = roomI;
      a[i] = si > 0 ? C : 0;
      a[j] = roomI === roomJ ? (sj > 0 ? 0 : C) : a[j] - sj * delta;
    } else if (delta >= roomJ) {
      delta = roomJ;
      a[i] += si * delta;
      a[j] = sj > 0 ? 0 : C;
    } else {
      a[i] += si * delta;
      a[j] -= sj * delta;
    }
    let gMax = -Infinity;
    let up = -1;
    for (let k = 0; k < n; k++) {
      const u = delta * (rowI[k] - rowJ[k]);
      const g = grad[k] + u;
      grad[k] = g;
      if (a[k] < C && -g >= gMax) {
        gMax = -g;
        up = k;
      }
      grad[k + n] -= u;
    }
    this.finishSelectUp(gMax, up);
  }

  /**
   * ρ: the mean of s_t·G_t over free variables (0 < a_t < C); without any, the midpoint of the
   * interval that the KKT conditions of the bounded variables allow.
   */
  offset(): number {
    const { a, grad, n, C } = this;
    let upper = Infinity;
    let lower = -Infinity;
    let sum = 0;
    let free = 0;
    for (let t = 0; t < 2 * n; t++) {
      const s = t < n ? 1 : -1;
      const sg = s * grad[t];
      const atUpper = a[t] >= C;
      const atLower = a[t] <= 0;
      if (!atUpper && !atLower) {
        sum += sg;
        free++;
      } else if ((atUpper && s < 0) || (atLower && s > 0)) {
        upper = Math.min(upper, sg);
      } else {
        lower = Math.max(lower, sg);
      }
    }
    return free > 0 ? sum / free : (upper + lower) / 2;
  }
}

/**
 * Solves the ε-SVR dual for the `n` rows of the row-major matrix `x` ([n, cols]) and targets `y`
 * (see the module comment); returns β, ρ and the step count.
 */
export function solveSvrDual(x: Float64Array, y: ArrayLike<number>, n: number, cols: number, options: SvrDualOptions): SvrDualSolution {
  const samples: RbfRows = { x, norms: squaredNorms(x, n, cols), from: 0, to: n };
  const capacity = Math.floor(options.cacheBytes / (4 * n));
  const kernel = capacity >= n ? fullKernel(samples, n, cols, options.gamma) : new KernelRowCache(samples, n, cols, options.gamma, Math.max(2, capacity));
  const state = new SmoIterate(n, options.C, options.epsilon, y);
  let iterations = 0;
  let converged = false;
  while (iterations < options.maxIterations) {
    const i = state.up;
    if (i < 0) {
      converged = true;
      break;
    }
    const rowI = kernel.row(i < n ? i : i - n);
    state.selectLow(rowI);
    const j = state.low;
    if (state.gMax + state.gMax2 < options.tolerance || j < 0) {
      converged = true;
      break;
    }
    state.step(rowI, kernel.row(j < n ? j : j - n));
    iterations++;
  }
  const rho = state.offset();
  const beta = new Float64Array(n);
  const fitted = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    beta[k] = state.a[k] - state.a[k + n];
    fitted[k] = state.grad[k] - options.epsilon + y[k] - rho;
  }
  return { beta, rho, fitted, iterations, converged };
}
