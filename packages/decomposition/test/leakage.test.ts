import { DecompositionError, decomposeBands, recurrenceCoefficients, type BandDecomposition } from '../src/index.js';
import { gaussianNoise, loadSites, maxAbsDiff, series } from './helpers.js';

const BANDS = ['seasonal', 'iav', 'trend'] as const;

describe("train-only mode, extension 'forecast' (no test value of the target is used)", () => {
  const x = Float64Array.from(loadSites().find((s) => s.site === 'FR-Gri')!.nee);
  const trainLength = Math.floor(0.8 * x.length);
  const options = { mode: 'train-only', trainLength } as const;
  const base = decomposeBands(x, options);

  it('does not change at all when the test-period values change', () => {
    const altered = Float64Array.from(x);
    const noise = gaussianNoise(x.length, 99);
    for (let t = trainLength; t < x.length; t++) altered[t] = 10 * noise[t] - 5;
    const other = decomposeBands(altered, options);
    for (const band of BANDS) expect(other[band]).toEqual(base[band]);
    expect(other.meta.components).toEqual(base.meta.components);
  });

  it('equals a full-mode decomposition of the training part on the training part', () => {
    const train = decomposeBands(x.subarray(0, trainLength), { window: base.meta.window });
    for (const band of BANDS) expect(maxAbsDiff(base[band].subarray(0, trainLength), train[band])).toBeLessThan(1e-12);
  });

  it('records mode and extension; sums to the input on the training part', () => {
    expect(base.meta).toMatchObject({ mode: 'train-only', extension: 'forecast', trainLength, fittedLength: trainLength, length: x.length });
    expect(base.components[0]).toHaveLength(trainLength);
    const sum = base.seasonal.map((v, t) => v + base.iav[t] + base.trend[t]);
    expect(maxAbsDiff(sum.subarray(0, trainLength), x.subarray(0, trainLength))).toBeLessThan(1e-9);
    expect(base.seasonal.subarray(trainLength).some((v) => v !== 0)).toBe(true);
  });
});

describe('recurrent forecasting continues finite-rank bands exactly', () => {
  // Periods 365 and 730 d fit whole numbers of times into L = 1460 and K = 2190 (trainLength 3649),
  // so the constant and the two sine pairs are exactly separable and each band has rank ≤ 2.
  const parts = {
    seasonal: series(4400, (t) => 3 * Math.sin((2 * Math.PI * t) / 365)),
    iav: series(4400, (t) => 0.8 * Math.sin((2 * Math.PI * t) / 730 + 0.3)),
    trend: new Float64Array(4400).fill(2),
  };
  const x = series(4400, (t) => parts.seasonal[t] + parts.iav[t] + parts.trend[t]);
  const result = decomposeBands(x, { mode: 'train-only', trainLength: 3649, window: 1460, rank: 5 });

  it('forecasts the 751 test days of each band from the 3649 training days', () => {
    expect(result.meta.components.map((c) => c.band).sort()).toEqual(['iav', 'iav', 'seasonal', 'seasonal', 'trend']);
    for (const band of BANDS) expect(maxAbsDiff(result[band], parts[band])).toBeLessThan(1e-6);
  });

  it('refuses a group whose eigenvectors are vertical (ν² = 1)', () => {
    const vertical = Float64Array.from([0, 0, 0, 1]);
    expect(() => recurrenceCoefficients([vertical], 4)).toThrow(DecompositionError);
    expect(Array.from(recurrenceCoefficients([Float64Array.from([0.5, 0.5, 0.5, 0.5])], 4))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});

describe("train-only mode, extension 'project' (for drivers)", () => {
  const x = Float64Array.from(loadSites().find((s) => s.site === 'DE-Hai')!.nee);
  const trainLength = Math.floor(0.8 * x.length);
  const project = (input: Float64Array): BandDecomposition => decomposeBands(input, { mode: 'train-only', trainLength, extension: 'project' });
  const result = project(x);
  const window = result.meta.window;

  it('keeps the sum identity over the whole record', () => {
    const sum = result.seasonal.map((v, t) => v + result.iav[t] + result.trend[t]);
    expect(maxAbsDiff(sum, x)).toBeLessThan(1e-9);
    expect(result.meta.extension).toBe('project');
    expect(result.components[0]).toHaveLength(x.length);
  });

  it('equals the training fit, and ignores test values, up to day trainLength − L', () => {
    const fit = decomposeBands(x, { mode: 'train-only', trainLength });
    const altered = Float64Array.from(x);
    for (let t = trainLength; t < x.length; t++) altered[t] += 3;
    const other = project(altered);
    const safe = trainLength - window + 1;
    for (const band of BANDS) {
      expect(maxAbsDiff(result[band].subarray(0, safe), fit[band].subarray(0, safe))).toBeLessThan(1e-8);
      expect(maxAbsDiff(other[band].subarray(0, safe), result[band].subarray(0, safe))).toBeLessThan(1e-8);
    }
    expect(maxAbsDiff(other.trend.subarray(trainLength), result.trend.subarray(trainLength))).toBeGreaterThan(0.01);
  });
});
