import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ar1, wtc, wtcSignificance, wtcSignificanceParallel, xwt } from '../src/index.js';
import { scaleKernel } from '../src/wavelets/smoothing.js';

interface PycwtFixture {
  dt: number;
  dj: number;
  s0: number;
  J: number;
  scaleRows: number[];
  stride: number;
  observed: number[];
  simulated: number[];
  periods: number[];
  xwtPower: number[][];
  xwtPhase: number[][];
  xwtSignif: number[];
  wctRsq: number[][];
  ar1: [number, number];
  mc: { J: number; count: number; level: (number | null)[] };
}

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'wavelets', 'pycwt_reference.json'), 'utf8')) as PycwtFixture;
const { dt, dj, s0, J, observed, simulated } = fixture;
const n = observed.length;

/**
 * pycwt gives the Nyquist FFT bin a negative frequency (numpy's fftfreq), Torrence & Compo and we a
 * positive one; this only matters where the daughter is non-negligible at Nyquist, i.e. scales below
 * about 3.5·dt (s·π − 6 < 5), so those rows are compared separately.
 */
const nyquistSensitive = (j: number): boolean => s0 * 2 ** (j * dj) * Math.PI - 6 < 5;

/** Calls `check(value, reference)` for every stored (scale, time) sample of a pycwt matrix away from Nyquist. */
function eachSample(ours: Float64Array, reference: number[][], check: (value: number, ref: number, j: number) => void): void {
  fixture.scaleRows.forEach((j, r) => {
    if (!nyquistSensitive(j)) reference[r].forEach((ref, k) => check(ours[j * n + k * fixture.stride], ref, j));
  });
}

describe('cross-wavelet transform against pycwt on real FR-Gri NEE', () => {
  const result = xwt(observed, simulated, { dt, dj, s0, J, lag1: fixture.ar1 });

  test('periods equal pycwt', () => {
    fixture.periods.forEach((p, j) => expect(result.periods[j]).toBeCloseTo(p, 9));
  });

  test('|W12| matches pycwt within 1e-6 relative (plus 1e-7 absolute)', () => {
    let checked = 0;
    eachSample(result.power, fixture.xwtPower, (v, ref) => {
      expect(Math.abs(v - ref)).toBeLessThanOrEqual(1e-6 * Math.abs(ref) + 1e-7);
      checked++;
    });
    expect(checked).toBeGreaterThan(3000);
  });

  test('only the smallest stored scale (2 d < 3.5·dt) is affected by the Nyquist-bin convention', () => {
    expect(fixture.scaleRows.filter(nyquistSensitive)).toEqual([0]);
    const row = fixture.xwtPower[0];
    const maxDiff = Math.max(...row.map((ref, k) => Math.abs(result.power[k * fixture.stride] - ref)));
    expect(maxDiff).toBeGreaterThan(1e-4);
    expect(maxDiff).toBeLessThan(0.1 * Math.max(...row));
  });

  test('phase matches pycwt where |W12| is not negligible (> 1e-3; the fixture keeps 9 decimals)', () => {
    let checked = 0;
    fixture.scaleRows.forEach((j, r) => {
      if (nyquistSensitive(j)) return;
      fixture.xwtPhase[r].forEach((ref, k) => {
        if (fixture.xwtPower[r][k] < 1e-3) return;
        const v = result.phase[j * n + k * fixture.stride];
        expect(Math.abs(Math.atan2(Math.sin(v - ref), Math.cos(v - ref)))).toBeLessThanOrEqual(1e-5);
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(3000);
  });

  test('significance levels equal pycwt given its AR(1) coefficients; our Allen–Smith estimate equals pycwt.ar1', () => {
    fixture.xwtSignif.forEach((v, j) => expect(Math.abs(result.level[j] - v)).toBeLessThanOrEqual(1e-9 * v));
    expect(ar1(observed, 'allen-smith')).toBeCloseTo(fixture.ar1[0], 12);
    expect(ar1(simulated, 'allen-smith')).toBeCloseTo(fixture.ar1[1], 12);
  });
});

describe('wavelet coherence', () => {
  test("with smoothing 'pycwt' R² matches pycwt.wct within 1e-6", () => {
    const result = wtc(observed, simulated, { dt, dj, s0, J, smoothing: 'pycwt' });
    eachSample(result.rsq, fixture.wctRsq, (v, ref) => expect(Math.abs(v - ref)).toBeLessThanOrEqual(1e-6));
  });

  test("Grinsted's narrower default smoothing differs from pycwt's and keeps R² in [0, 1]", () => {
    const grinsted = wtc(observed, simulated, { dt, dj, s0, J });
    let maxDiff = 0;
    eachSample(grinsted.rsq, fixture.wctRsq, (v, ref) => {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1 + 1e-12);
      maxDiff = Math.max(maxDiff, Math.abs(v - ref));
    });
    expect(maxDiff).toBeGreaterThan(0.01);
  });

  test('scale kernels: Grinsted 0.6/dj wide with fractional ends, pycwt round(1.2/dj) taps with half ends', () => {
    expect(Array.from(scaleKernel(0.25, 'grinsted'))).toEqual([0.2 / 1.4, 1 / 1.4, 0.2 / 1.4].map((v) => expect.closeTo(v, 15)));
    const g = scaleKernel(1 / 12, 'grinsted');
    expect(g).toHaveLength(9);
    expect(g[0] / g[1]).toBeCloseTo(0.6, 12);
    const p = scaleKernel(1 / 12, 'pycwt');
    expect(p).toHaveLength(14);
    expect(p[0] / p[1]).toBeCloseTo(0.5, 15);
  });

  test('a series is fully coherent with a scaled, shifted copy of itself, with the phase of the lag', () => {
    const period = 64;
    const a = Float64Array.from({ length: 512 }, (_, t) => Math.sin((2 * Math.PI * t) / period));
    const b = Float64Array.from({ length: 512 }, (_, t) => 3 * Math.sin((2 * Math.PI * (t - 8)) / period) + 1);
    const result = wtc(a, b, { dt: 1, dj: 1 / 12, s0: 2, J: 72 });
    const j = result.periods.findIndex((p) => p >= period);
    const t = 256;
    expect(result.rsq[j * result.n + t]).toBeCloseTo(1, 6);
    expect(result.phase[j * result.n + t]).toBeCloseTo((2 * Math.PI * 8) / period, 1);
  });

  test('constant or mismatched inputs throw', () => {
    expect(() => wtc(new Float64Array(64).fill(2), observed.slice(0, 64), { dt: 1 })).toThrow(/constant/);
    expect(() => xwt(observed, simulated.slice(1), { dt: 1 })).toThrow(/length/);
  });
});

describe('Monte Carlo significance of coherence', () => {
  const options = { dt, dj, s0, J: fixture.mc.J, smoothing: 'pycwt' as const };

  test('is reproducible with a seed and changes with another seed', () => {
    const a = wtcSignificance(fixture.ar1[0], fixture.ar1[1], { ...options, count: 8, seed: 3 });
    const b = wtcSignificance(fixture.ar1[0], fixture.ar1[1], { ...options, count: 8, seed: 3 });
    const c = wtcSignificance(fixture.ar1[0], fixture.ar1[1], { ...options, count: 8, seed: 4 });
    expect(Array.from(a.level)).toEqual(Array.from(b.level));
    expect(Array.from(a.level)).not.toEqual(Array.from(c.level));
  });

  test('agrees with pycwt.wct_significance statistically', () => {
    // Both are Monte Carlo estimates (90 vs 60 surrogate pairs): the sampling spread grows with scale,
    // as fewer independent values fit outside the cone of influence, so the largest quarter of the
    // scales gets a wider band.
    const ours = wtcSignificance(fixture.ar1[0], fixture.ar1[1], { ...options, count: 90, seed: 1 });
    const nScales = fixture.mc.J + 1;
    let sumAbs = 0;
    let compared = 0;
    fixture.mc.level.forEach((ref, j) => {
      if (ref === null) return;
      const diff = Math.abs(ours.level[j] - ref);
      expect(diff).toBeLessThanOrEqual(j < 0.75 * nScales ? 0.06 : 0.15);
      sumAbs += diff;
      compared++;
    });
    expect(compared).toBeGreaterThan(50);
    expect(sumAbs / compared).toBeLessThan(0.04);
    expect(ours.length).toBe(Math.ceil(6 * s0 * 2 ** (fixture.mc.J * dj)));
  });

  test('parallel runs give exactly the serial levels (per-pair seeds), in-process from sources', async () => {
    const serial = wtcSignificance(fixture.ar1[0], fixture.ar1[1], { ...options, J: 36, count: 6, seed: 9 });
    const parallel = await wtcSignificanceParallel(fixture.ar1[0], fixture.ar1[1], { ...options, J: 36, count: 6, seed: 9, workers: 3 });
    expect(Array.from(parallel.level)).toEqual(Array.from(serial.level));
  });

  const dist = path.join(__dirname, '..', 'dist', 'index.js');
  (existsSync(path.join(__dirname, '..', 'dist', 'wavelets', 'mc-worker.js')) ? test : test.skip)(
    'the built package spreads surrogates over worker threads with the same levels as one thread',
    async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const built = require(dist) as typeof import('../src/index.js');
      const opts = { ...options, J: 36, count: 6, seed: 9 };
      const one = built.wtcSignificance(fixture.ar1[0], fixture.ar1[1], opts);
      const three = await built.wtcSignificanceParallel(fixture.ar1[0], fixture.ar1[1], { ...opts, workers: 3 });
      expect(Array.from(three.level)).toEqual(Array.from(one.level));
      expect(three.level.some(Number.isFinite)).toBe(true);
    },
  );
});
