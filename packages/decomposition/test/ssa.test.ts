import { DecompositionError, MAX_SERIES_MAGNITUDE, decomposeBands, periodogram, reconstruct, reconstructComponents, ssa } from '../src/index.js';
import { loadReference, maxAbsDiff, syntheticParts } from './helpers.js';

describe('ssa: dense and Lanczos solvers agree', () => {
  const { x } = syntheticParts(1400, 0.5);

  it('same singular values (1e-8 relative) and the same components', () => {
    const dense = ssa(x, { window: 400, rank: 20, solver: 'dense' });
    const fast = ssa(x, { window: 400, rank: 20, solver: 'lanczos' });
    expect(dense.solver).toBe('dense');
    expect(fast.solver).toBe('lanczos');
    expect(fast.krylovDimension).toBeLessThan(400);
    dense.singularValues.forEach((s, i) => expect(Math.abs(fast.singularValues[i] - s) / s).toBeLessThan(1e-8));
    // Components with a well separated σ are unique up to sign, their reconstructions exactly.
    const a = reconstructComponents(dense, [0, 1, 2]);
    const b = reconstructComponents(fast, [0, 1, 2]);
    a.forEach((c, i) => expect(maxAbsDiff(c, b[i])).toBeLessThan(1e-8));
  });

  it('picks the solver automatically from window and rank', () => {
    expect(ssa(x, { window: 200, rank: 10 }).solver).toBe('dense');
    expect(ssa(x, { window: 600, rank: 10 }).solver).toBe('lanczos');
    expect(ssa(x, { window: 600, rank: 300 }).solver).toBe('dense');
  });

  it('reconstruction with all L components returns the input (dense, full rank)', () => {
    const small = x.subarray(0, 240);
    const full = ssa(small, { window: 80, rank: 80 });
    const back = reconstruct(full, Array.from({ length: 80 }, (_, i) => i));
    expect(maxAbsDiff(back, small)).toBeLessThan(1e-9);
    const shares = Array.from(full.singularValues, (s) => (s * s) / full.trajectoryNorm2);
    expect(shares.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
  });

  it('singular vectors are orthonormal and σ·v = Xᵀu', () => {
    const fit = ssa(x, { window: 500, rank: 8, solver: 'lanczos' });
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j <= i; j++) {
        const uu = fit.leftVectors[i].reduce((s, v, k) => s + v * fit.leftVectors[j][k], 0);
        const vv = fit.rightVectors[i].reduce((s, v, k) => s + v * fit.rightVectors[j][k], 0);
        expect(Math.abs(uu - (i === j ? 1 : 0))).toBeLessThan(1e-10);
        expect(Math.abs(vv - (i === j ? 1 : 0))).toBeLessThan(1e-8);
      }
    }
    const j = 123;
    const xtu = fit.leftVectors[0].reduce((s, u, i) => s + u * x[i + j], 0);
    expect(xtu).toBeCloseTo(fit.singularValues[0] * fit.rightVectors[0][j], 9);
  });
});

describe('ssa against the independent numpy/LAPACK reference (FR-Gri NEE, L = 1461)', () => {
  const ref = loadReference();

  it('leading singular values match to 1e-8 relative', () => {
    const fit = ssa(ref.input, { window: ref.window, rank: ref.rank });
    expect(fit.solver).toBe('lanczos');
    ref.singularValues.forEach((s, i) => expect(Math.abs(fit.singularValues[i] - s) / s).toBeLessThan(1e-8));
  });

  it('component periods, band assignment and band series match (1e-6 abs)', () => {
    const result = decomposeBands(ref.input, { window: ref.window, rank: ref.rank });
    result.meta.components.forEach((c, i) => {
      expect(c.band).toBe(ref.bands[i]);
      expect(c.periodDays).toBe(ref.periods[i] ?? Infinity);
    });
    for (const band of ['seasonal', 'iav', 'trend'] as const) {
      expect(maxAbsDiff(result[band], ref.series[band])).toBeLessThan(1e-6);
    }
  });
});

describe('scale: SSA of s·x is s × SSA of x (s a power of two, so exactly representable)', () => {
  const ref = loadReference();
  const base = reconstructComponents(ssa(ref.input, { window: ref.window, rank: 10 }));

  it.each([2 ** -40, 2 ** 40, 2 ** 150])('components agree to 1e-12 of their size for s = %d', (s) => {
    const scaled = reconstructComponents(ssa(ref.input.map((v) => v * s), { window: ref.window, rank: 10 }));
    base.forEach((c, i) => {
      const size = c.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxAbsDiff(scaled[i].map((v) => v / s), c) / size).toBeLessThan(1e-12);
    });
  });
});

describe('the largest accepted magnitude', () => {
  it.each(['dense', 'lanczos'] as const)('a spike of ±MAX_SERIES_MAGNITUDE in real NEE decomposes (%s): bands sum to the input, components stay below it', (solver) => {
    const x = loadReference().input.slice(0, 2922);
    x[1000] = MAX_SERIES_MAGNITUDE;
    x[2000] = -MAX_SERIES_MAGNITUDE;
    const r = decomposeBands(x, { window: solver === 'dense' ? 200 : 1461, solver });
    for (let t = 0; t < x.length; t++) expect(Math.abs(r.seasonal[t] + r.iav[t] + r.trend[t] - x[t])).toBeLessThanOrEqual(1e-15 * MAX_SERIES_MAGNITUDE);
    expect(r.components.every((c) => c.every((v) => Math.abs(v) <= MAX_SERIES_MAGNITUDE))).toBe(true);
    expect(Number.isFinite(r.meta.capturedShare)).toBe(true);
  });
});

describe('input validation', () => {
  const x = syntheticParts(600, 0.1).x;
  const expectError = (f: () => unknown, parameter: string, message?: RegExp): void => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(DecompositionError);
      expect((e as DecompositionError).parameter).toBe(parameter);
      if (message) expect((e as Error).message).toMatch(message);
      return;
    }
    throw new Error(`expected a DecompositionError for ${parameter}`);
  };

  it('names the parameter of each bad input', () => {
    const withNaN = Float64Array.from(x);
    withNaN[17] = NaN;
    expectError(() => ssa(withNaN, { window: 100 }), 'series', /index 17.*gap-filled.*@fluxscale\/data/);
    expectError(() => decomposeBands(withNaN, { window: 100 }), 'series', /gap-filled/);
    expectError(() => ssa([], { window: 2 }), 'series', /empty/);
    const huge = Float64Array.from(x);
    huge[42] = -1e100;
    expectError(() => ssa(huge, { window: 100 }), 'series', /^series: value -1e\+100 at index 42 is beyond ±1e\+60, where SSA's squared lag covariances overflow/);
    expectError(() => decomposeBands(huge, { window: 100 }), 'series', /index 42 is beyond/);
    expectError(() => periodogram(huge), 'series', /index 42 is beyond/);
    expectError(() => ssa(x, { window: 1 }), 'window');
    expectError(() => ssa(x, { window: 301 }), 'window', /N\/2/);
    expectError(() => ssa(x, { window: 50.5 }), 'window');
    expectError(() => ssa(x, { window: 100, rank: 101 }), 'rank');
    expectError(() => ssa(x, { window: 100, rank: 0 }), 'rank');
    expectError(() => reconstruct(ssa(x, { window: 100, rank: 3 }), [3]), 'componentIndices');
    expectError(() => decomposeBands(x, { window: 100, mode: 'train-only', trainLength: 601 }), 'trainLength');
    expectError(() => decomposeBands(x, { window: 100, mode: 'train-only', trainLength: 3 }), 'trainLength');
    expectError(() => decomposeBands(x, { window: 100, mode: 'train-only' }), 'trainLength');
    expectError(() => decomposeBands(x, { window: 100, mode: 'train-only', trainLength: 150 }), 'window');
    expectError(() => decomposeBands(x, { window: 100, trainLength: 400 }), 'trainLength');
    expectError(() => decomposeBands(x, { window: 100, bandLimits: { seasonalMaxDays: 500, trendMinDays: 400 } }), 'bandLimits');
  });
});
