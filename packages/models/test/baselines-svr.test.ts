import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subsampleRows, svrSpec } from '../src/baselines/svr.js';
import { chronologicalSplit, readBaselineReference, readSeriesFixture, rSquared, seriesSource, targets } from './helpers/baseline-source.js';

const reference = readBaselineReference();
const source = seriesSource(readSeriesFixture(), reference.window);
const { train, test } = chronologicalSplit(source, reference.trainFraction);
const trainSource = source.subset(train);
const testSource = source.subset(test);

describe('SVR', () => {
  it("reaches scikit-learn's test R² within 0.02 and round-trips through save/load", async () => {
    const model = svrSpec.create(reference.svr.params, { seed: 3 });
    const report = await model.fit(trainSource);
    expect(report.notes).toMatchObject({ trainingSamples: train.length, maxSamples: 5000 });
    const predicted = await model.predict(testSource);
    const r2 = rSquared(predicted, targets(testSource));
    expect(Math.abs(r2 - reference.svr.r2)).toBeLessThan(0.02);
    const dir = mkdtempSync(join(tmpdir(), 'svr-'));
    try {
      await model.save(dir);
      const loaded = await svrSpec.load(dir);
      expect(Array.from(await loaded.predict(testSource))).toEqual(Array.from(predicted));
      await expect((await import('../src/baselines/lasso.js')).lassoSpec.load(dir)).rejects.toThrow(/holds a 'svr' model, expected 'lasso'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('caps the training set at maxSamples with a seeded subsample, and reports the cap', async () => {
    const model = svrSpec.create({ ...reference.svr.params, maxSamples: 400 }, { seed: 3 });
    const report = await model.fit(trainSource);
    expect(report.notes).toMatchObject({ trainingSamples: 400, availableSamples: train.length, maxSamples: 400 });
    const again = svrSpec.create({ ...reference.svr.params, maxSamples: 400 }, { seed: 3 });
    await again.fit(trainSource);
    expect(Array.from(await again.predict(testSource))).toEqual(Array.from(await model.predict(testSource)));
  });

  it('subsamples distinct sorted rows', () => {
    const rows = subsampleRows(1000, 100, 7);
    expect(new Set(rows).size).toBe(100);
    expect(Array.from(rows)).toEqual(Array.from(rows).sort((a, b) => a - b));
    expect(Array.from(subsampleRows(5, 10, 7))).toEqual([0, 1, 2, 3, 4]);
  });
});
