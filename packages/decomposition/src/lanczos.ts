/**
 * Lanczos iteration with full reorthogonalisation for the leading eigenpairs of a symmetric
 * positive semi-definite operator given only as a product. The Krylov basis grows until the
 * residual bound |β_m s_{m,i}| of each wanted Ritz pair is below tolerance × largest Ritz value
 * (or the basis spans the whole space, which makes the answer exact).
 */
import { tridiagonalEigen, type EigenPairs } from './symmetric-eigen.js';

/** Options of {@link lanczosEigen}. */
export interface LanczosOptions {
  /** Relative residual bound for convergence (default 1e-12). */
  readonly tolerance?: number;
  /** Seed of the deterministic start vector (default 1). */
  readonly seed?: number;
}

/** Leading eigenpairs plus the Krylov dimension that was needed. */
export interface LanczosResult extends EigenPairs {
  readonly krylovDimension: number;
}

const CHECK_EVERY = 8;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(y: Float64Array, alpha: number, x: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

/** Classical Gram–Schmidt applied twice ("twice is enough") against every basis vector. */
function orthogonalise(w: Float64Array, basis: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) axpy(w, -dot(q, w), q);
  }
}

/** Deterministic pseudo-random vector in [−0.5, 0.5)ⁿ (xorshift32). */
function randomVector(n: number, seed: number): Float64Array {
  let state = (seed * 2654435761) >>> 0 || 1;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    v[i] = state / 4294967296 - 0.5;
  }
  return v;
}

/** A unit vector orthogonal to `basis`, or null when the basis already spans ℝⁿ numerically. */
function freshDirection(n: number, basis: Float64Array[], seed: number): Float64Array | null {
  const v = randomVector(n, seed);
  const before = Math.sqrt(dot(v, v));
  orthogonalise(v, basis);
  const norm = Math.sqrt(dot(v, v));
  if (norm <= 1e-8 * before) return null;
  for (let i = 0; i < n; i++) v[i] /= norm;
  return v;
}

/**
 * The `count` largest eigenpairs of the symmetric PSD n×n operator `apply` (v ↦ A·v), by Lanczos
 * with full reorthogonalisation. Eigenvalues descending, eigenvectors unit-norm.
 */
export function lanczosEigen(apply: (v: Float64Array) => Float64Array, n: number, count: number, options: LanczosOptions = {}): LanczosResult {
  const tolerance = options.tolerance ?? 1e-12;
  let seed = options.seed ?? 1;
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = freshDirection(n, basis, seed) as Float64Array;
  let ritz: EigenPairs | null = null;
  for (;;) {
    basis.push(q);
    const dimension = basis.length;
    const w = apply(q);
    alpha.push(dot(q, w));
    orthogonalise(w, basis);
    const norm = Math.sqrt(dot(w, w));
    const scale = Math.max(...alpha.map(Math.abs), Number.MIN_VALUE);
    const breakdown = norm <= 1e-13 * scale;
    // An invariant subspace of dimension ≥ count holds exact eigenpairs: stop there too.
    if (dimension === n || (breakdown && dimension >= count)) break;
    if (dimension >= count && (dimension - count) % CHECK_EVERY === 0) {
      ritz = tridiagonalEigen(alpha, beta, count);
      if (converged(ritz, norm, tolerance)) break;
    }
    ritz = null;
    if (breakdown) {
      // Invariant subspace smaller than wanted: continue the basis from a new orthogonal direction.
      beta.push(0);
      seed++;
      const next = dimension < n ? freshDirection(n, basis, seed) : null;
      if (!next) break;
      q = next;
    } else {
      beta.push(norm);
      q = w.map((x) => x / norm);
    }
  }
  if (!ritz) ritz = tridiagonalEigen(alpha, beta, count);
  const vectors = ritz.vectors.map((s) => {
    const u = new Float64Array(n);
    for (let i = 0; i < s.length; i++) axpy(u, s[i], basis[i]);
    return u;
  });
  return { values: ritz.values, vectors, krylovDimension: basis.length };
}

function converged(ritz: EigenPairs, residualNorm: number, tolerance: number): boolean {
  const limit = tolerance * Math.abs(ritz.values[0]);
  for (let i = 0; i < ritz.values.length; i++) {
    const s = ritz.vectors[i];
    if (residualNorm * Math.abs(s[s.length - 1]) > limit) return false;
  }
  return true;
}
