import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rbfBlock, squaredNorms } from '../src/baselines/rbf.js';
import { SMO_DEFAULTS, solveSvrDual, type SvrDualSolution } from '../src/baselines/smo.js';

/** test/fixtures/baselines/svr-dual.json, made by scripts/svr_dual_baseline_reference.py. */
interface DualFixture {
  readonly tolerance: number;
  readonly rows: number;
  readonly cols: number;
  readonly x: number[];
  readonly y: number[];
  readonly solutions: { params: { C: number; epsilon: number; gamma: number }; beta: number[]; rho: number; supportVectors: number }[];
}

const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'baselines', 'svr-dual.json'), 'utf8')) as DualFixture;
const x = Float64Array.from(fixture.x);
const { rows, cols } = fixture;

/** f(x_k) = Σ β_m·exp(−γ·||x_m − x_k||²) − ρ for every training row, straight from the definition. */
function fitted(solution: SvrDualSolution, gamma: number): Float64Array {
  return Float64Array.from({ length: rows }, (_, k) => {
    let sum = 0;
    for (let m = 0; m < rows; m++) {
      let distance = 0;
      for (let f = 0; f < cols; f++) distance += (x[m * cols + f] - x[k * cols + f]) ** 2;
      sum += solution.beta[m] * Math.exp(-gamma * distance);
    }
    return sum - solution.rho;
  });
}

/**
 * The largest violation of the ε-SVR optimality conditions, in target units: with residuals
 * r = y − f(x), α = max(β, 0), α* = max(−β, 0), the values r − ε (of α) and r + ε (of α*) of the
 * variables that can still grow in −s·G (α < C, α* > 0) must not exceed those that can still
 * shrink (α > 0, α* < C).
 */
function kktViolation(solution: SvrDualSolution, params: { C: number; epsilon: number; gamma: number }): number {
  const f = fitted(solution, params.gamma);
  let canRise = -Infinity;
  let canFall = Infinity;
  for (let k = 0; k < rows; k++) {
    const r = fixture.y[k] - f[k];
    const alpha = Math.max(solution.beta[k], 0);
    const alphaStar = Math.max(-solution.beta[k], 0);
    if (alpha < params.C) canRise = Math.max(canRise, r - params.epsilon);
    if (alphaStar > 0) canRise = Math.max(canRise, r + params.epsilon);
    if (alpha > 0) canFall = Math.min(canFall, r - params.epsilon);
    if (alphaStar < params.C) canFall = Math.min(canFall, r + params.epsilon);
  }
  return canRise - canFall;
}

describe('ε-SVR SMO solver', () => {
  it.each(fixture.solutions.map((s) => [s.params.C, s.params.epsilon, s] as const))("matches scikit-learn's dual solution at C %d, ε %d", (_c, _e, reference) => {
    const solution = solveSvrDual(x, fixture.y, rows, cols, { ...SMO_DEFAULTS, ...reference.params, tolerance: fixture.tolerance });
    expect(solution.converged).toBe(true);
    expect(solution.beta.filter((b) => b !== 0).length).toBe(reference.supportVectors);
    solution.beta.forEach((b, k) => expect(Math.abs(b - reference.beta[k])).toBeLessThan(1e-7 * reference.params.C));
    expect(Math.abs(solution.rho - reference.rho)).toBeLessThan(1e-8);
    // The fitted values read off the gradient agree with the definition (Float32 kernel values).
    const f = fitted(solution, reference.params.gamma);
    solution.fitted.forEach((v, k) => expect(Math.abs(v - f[k])).toBeLessThan(1e-5));
  });

  it.each(fixture.solutions.map((s) => [s.params.C, s.params] as const))('meets the KKT conditions within tolerance 1e-3 at C %d', (_c, params) => {
    const solution = solveSvrDual(x, fixture.y, rows, cols, { ...SMO_DEFAULTS, ...params });
    expect(solution.converged).toBe(true);
    let sum = 0;
    for (const b of solution.beta) {
      expect(Math.abs(b)).toBeLessThanOrEqual(params.C);
      sum += b;
    }
    expect(Math.abs(sum)).toBeLessThan(1e-12 * params.C * rows);
    expect(kktViolation(solution, params)).toBeLessThan(1e-3 + 1e-5);
    // A looser tolerance stops earlier with a larger violation: the check can fail.
    const loose = solveSvrDual(x, fixture.y, rows, cols, { ...SMO_DEFAULTS, ...params, tolerance: 0.5 });
    expect(loose.iterations).toBeLessThan(solution.iterations);
    expect(kktViolation(loose, params)).toBeGreaterThan(1e-3);
  });

  it('gives the same solution with the whole kernel matrix and with a 3-row cache', () => {
    const params = fixture.solutions[1].params;
    const full = solveSvrDual(x, fixture.y, rows, cols, { ...SMO_DEFAULTS, ...params });
    const cached = solveSvrDual(x, fixture.y, rows, cols, { ...SMO_DEFAULTS, ...params, cacheBytes: 3 * 4 * rows });
    expect(cached.iterations).toBe(full.iterations);
    expect(Array.from(cached.beta)).toEqual(Array.from(full.beta));
    expect(cached.rho).toBe(full.rho);
  });

  it('stops at maxIterations and says it did not converge', () => {
    const solution = solveSvrDual(x, fixture.y, rows, cols, { ...SMO_DEFAULTS, ...fixture.solutions[0].params, maxIterations: 3 });
    expect(solution).toMatchObject({ iterations: 3, converged: false });
  });

  it('computes RBF kernel blocks, odd edges included, as exp(−γ·||a − b||²)', () => {
    const norms = squaredNorms(x, rows, cols);
    const gamma = 0.3;
    const out = new Float64Array(5 * 7);
    rbfBlock({ x, norms, from: 10, to: 15 }, { x, norms, from: 40, to: 47 }, cols, gamma, out, 0, 7);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 7; j++) {
        let distance = 0;
        for (let f = 0; f < cols; f++) distance += (x[(10 + i) * cols + f] - x[(40 + j) * cols + f]) ** 2;
        expect(out[i * 7 + j]).toBeCloseTo(Math.exp(-gamma * distance), 12);
      }
    }
    const self = new Float64Array(1);
    rbfBlock({ x, norms, from: 3, to: 4 }, { x, norms, from: 3, to: 4 }, cols, gamma, self, 0, 1);
    expect(self[0]).toBe(1);
  });
});
