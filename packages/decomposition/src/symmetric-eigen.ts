/**
 * Symmetric eigen-decomposition: Householder reduction to tridiagonal form followed by the implicit
 * QL algorithm with Wilkinson-type shifts. Eigenvalues are returned in descending order with
 * unit-norm eigenvectors.
 */

/** Eigenvalues (descending) and the matching unit eigenvectors. */
export interface EigenPairs {
  readonly values: Float64Array;
  readonly vectors: Float64Array[];
}

const MAX_QL_ITERATIONS = 60;

/**
 * Diagonalises the symmetric tridiagonal matrix with diagonal `diagonal` and off-diagonal
 * `offDiagonal` (offDiagonal[i] couples i and i+1; its last entry is ignored). `basis` holds n
 * columns that the rotations are applied to (start from the identity for the tridiagonal's own
 * eigenvectors). On return `diagonal` holds the eigenvalues (unsorted) and `basis` the rotated
 * columns in the same order.
 */
function implicitQl(diagonal: Float64Array, offDiagonal: Float64Array, basis: Float64Array[]): void {
  const n = diagonal.length;
  const d = diagonal;
  const e = offDiagonal;
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    for (let iteration = 0; ; iteration++) {
      let m = l;
      while (m < n - 1) {
        const scale = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * scale) break;
        m++;
      }
      if (m === l) break;
      if (iteration === MAX_QL_ITERATIONS) throw new Error('implicit QL did not converge');
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let deflated = false;
      for (let i = m - 1; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        const left = basis[i];
        const right = basis[i + 1];
        for (let k = 0; k < left.length; k++) {
          const t = right[k];
          right[k] = s * left[k] + c * t;
          left[k] = c * left[k] - s * t;
        }
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

function identityColumns(n: number): Float64Array[] {
  const columns: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const column = new Float64Array(n);
    column[i] = 1;
    columns.push(column);
  }
  return columns;
}

function sortDescending(values: Float64Array, vectors: Float64Array[], count: number): EigenPairs {
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a]).slice(0, count);
  return { values: Float64Array.from(order, (i) => values[i]), vectors: order.map((i) => vectors[i]) };
}

/**
 * Eigen-decomposition of a symmetric tridiagonal matrix (diagonal, off-diagonal with
 * offDiagonal[i] between rows i and i+1); returns the `count` largest pairs, descending.
 */
export function tridiagonalEigen(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, count = diagonal.length): EigenPairs {
  const n = diagonal.length;
  const d = Float64Array.from(diagonal);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = offDiagonal[i];
  const basis = identityColumns(n);
  implicitQl(d, e, basis);
  return sortDescending(d, basis, count);
}

/**
 * Eigen-decomposition of the symmetric n×n matrix `matrix` (row-major, only read, both triangles
 * assumed equal); returns the `count` largest eigenvalues with unit eigenvectors, descending.
 */
export function symmetricEigen(matrix: Float64Array, n: number, count = n): EigenPairs {
  const a = Float64Array.from(matrix);
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  const reflectors: { v: Float64Array; beta: number }[] = [];
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1;
    const v = new Float64Array(m);
    let tail = 0;
    for (let i = 0; i < m; i++) {
      v[i] = a[(k + 1 + i) * n + k];
      if (i > 0) tail += v[i] * v[i];
    }
    diagonal[k] = a[k * n + k];
    if (tail === 0) {
      offDiagonal[k] = v[0];
      reflectors.push({ v, beta: 0 });
      continue;
    }
    const norm = Math.sqrt(tail + v[0] * v[0]);
    const alpha = v[0] > 0 ? -norm : norm;
    v[0] -= alpha;
    const beta = 2 / (tail + v[0] * v[0]);
    offDiagonal[k] = alpha;
    // Two-sided update of the trailing block B ← H B H with H = I − β v vᵀ.
    const p = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const row = (k + 1 + i) * n + k + 1;
      let sum = 0;
      for (let j = 0; j < m; j++) sum += a[row + j] * v[j];
      p[i] = beta * sum;
    }
    let pv = 0;
    for (let i = 0; i < m; i++) pv += p[i] * v[i];
    const half = (beta / 2) * pv;
    for (let i = 0; i < m; i++) p[i] -= half * v[i];
    for (let i = 0; i < m; i++) {
      const row = (k + 1 + i) * n + k + 1;
      for (let j = 0; j < m; j++) a[row + j] -= v[i] * p[j] + p[i] * v[j];
    }
    reflectors.push({ v, beta });
  }
  if (n >= 2) {
    diagonal[n - 2] = a[(n - 2) * n + n - 2];
    offDiagonal[n - 2] = a[(n - 1) * n + n - 2];
  }
  if (n >= 1) diagonal[n - 1] = a[(n - 1) * n + n - 1];
  const tridiagonal = tridiagonalEigen(diagonal, offDiagonal, count);
  // Back-transform: eigenvector of A = H_0 H_1 ⋯ H_{n−3} z.
  for (const z of tridiagonal.vectors) {
    for (let k = reflectors.length - 1; k >= 0; k--) {
      const { v, beta } = reflectors[k];
      if (beta === 0) continue;
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i] * z[k + 1 + i];
      const scale = beta * dot;
      for (let i = 0; i < v.length; i++) z[k + 1 + i] -= scale * v[i];
    }
  }
  return tridiagonal;
}
