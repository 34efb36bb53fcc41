import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelError } from '../src/errors.js';
import { LassoRegressor, lassoSpec } from '../src/baselines/lasso.js';
import { summariseWindows, summaryNames } from '../src/baselines/summary.js';
import { readBaselineReference, readSeriesFixture, seriesSource } from './helpers/baseline-source.js';

const reference = readBaselineReference();
const source = seriesSource(readSeriesFixture(), reference.window);

describe('summariseWindows', () => {
  it('matches the summary computed independently by the reference script', () => {
    const summary = summariseWindows(source);
    expect(summary.names).toEqual(reference.names);
    expect(summary.rows).toBe(reference.samples);
    for (const [row, expected] of Object.entries(reference.rows)) {
      const got = Array.from(summary.x.subarray(Number(row) * summary.cols, (Number(row) + 1) * summary.cols));
      got.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 9));
    }
  });

  it('summarises the given indices in their order', () => {
    const all = summariseWindows(source);
    const picked = summariseWindows(source, [700, 3]);
    expect(Array.from(picked.x.subarray(0, all.cols))).toEqual(Array.from(all.x.subarray(700 * all.cols, 701 * all.cols)));
    expect(picked.y[1]).toBe(all.y[3]);
  });

  it('caps the averaging spans at the window length and keeps calendar features once', () => {
    expect(summaryNames(['TA_F', 'lat'], 30)).toEqual(['TA_F:last', 'TA_F:mean7', 'TA_F:mean30', 'lat']);
  });
});

describe('LASSO', () => {
  it.each(reference.lasso.map((r) => [r.alpha, r] as const))('matches scikit-learn Lasso coefficients at alpha %s', async (alpha, expected) => {
    const model = lassoSpec.create({ alpha, tol: 1e-12, maxIter: 1_000_000 }, { seed: 1 }) as LassoRegressor;
    const report = await model.fit(source);
    expect(report.notes?.converged).toBe('yes');
    const coef = model.coefficients as Float64Array;
    expect(coef.length).toBe(expected.coef.length);
    coef.forEach((w, j) => expect(Math.abs(w - expected.coef[j])).toBeLessThan(1e-4));
  });

  it('save → load → predict gives identical numbers', async () => {
    const model = lassoSpec.create({}, { seed: 1 });
    await model.fit(source);
    const dir = mkdtempSync(join(tmpdir(), 'lasso-'));
    try {
      await model.save(dir);
      const header = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      expect(header).toMatchObject({ format: 'fluxscale-model', formatVersion: 1, kind: 'lasso', window: reference.window, scaler: null });
      const loaded = await lassoSpec.load(dir);
      expect(Array.from(await loaded.predict(source))).toEqual(Array.from(await model.predict(source)));
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...header, formatVersion: 2 }));
      await expect(lassoSpec.load(dir)).rejects.toThrow(/format version 2 is not supported/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects unknown hyper-parameters, all of them by name, and out-of-range ones', () => {
    expect(() => lassoSpec.create({ alpha: 0.1, lambda: 2, l1: 1 }, { seed: 1 })).toThrow(/'lambda', 'l1'/);
    expect(() => lassoSpec.create({ alpha: -1 }, { seed: 1 })).toThrow(ModelError);
  });
});
