import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rfSpec } from '../src/baselines/rf.js';
import { binFeatures } from '../src/baselines/rf/binning.js';
import { workerScript } from '../src/baselines/rf/pool.js';
import { chronologicalSplit, readBaselineReference, readSeriesFixture, rSquared, seriesSource, targets } from './helpers/baseline-source.js';

const reference = readBaselineReference();
const source = seriesSource(readSeriesFixture(), reference.window);
const { train, test } = chronologicalSplit(source, reference.trainFraction);
const trainSource = source.subset(train);
const testSource = source.subset(test);

describe('random forest', () => {
  it("reaches scikit-learn's test R² within 0.02 and round-trips through save/load", async () => {
    const model = rfSpec.create({ threads: 1 }, { seed: 11 });
    await model.fit(trainSource);
    const predicted = await model.predict(testSource);
    const r2 = rSquared(predicted, targets(testSource));
    expect(Math.abs(r2 - reference.rf.r2)).toBeLessThan(0.02);
    const dir = mkdtempSync(join(tmpdir(), 'rf-'));
    try {
      await model.save(dir);
      const loaded = await rfSpec.load(dir);
      expect(Array.from(await loaded.predict(testSource))).toEqual(Array.from(predicted));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives identical predictions for the same seed and different ones for another seed', async () => {
    const fit = async (seed: number) => {
      const model = rfSpec.create({ nEstimators: 15, threads: 1 }, { seed });
      await model.fit(trainSource);
      return Array.from(await model.predict(testSource));
    };
    const first = await fit(4);
    expect(await fit(4)).toEqual(first);
    expect(await fit(5)).not.toEqual(first);
  });

  (workerScript() ? it : it.skip)('grows the same forest on 1 and 2 threads', async () => {
    const params = { nEstimators: 12, maxFeatures: 0.5 };
    const one = rfSpec.create({ ...params, threads: 1 }, { seed: 5 });
    const two = rfSpec.create({ ...params, threads: 2 }, { seed: 5 });
    const [r1, r2] = [await one.fit(trainSource), await two.fit(trainSource)];
    expect(r1.notes).toMatchObject({ threads: 1 });
    expect(r2.notes).toMatchObject({ threads: 2 });
    expect(Array.from(await two.predict(testSource))).toEqual(Array.from(await one.predict(testSource)));
  });

  it('bins values so that v ≤ edge[b] exactly when bin(v) ≤ b', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10);
    const binned = binFeatures(x, 1000, 1, 16);
    expect(binned.binCount[0]).toBe(16);
    for (let i = 0; i < 1000; i++) {
      const b = binned.bins[i];
      if (b > 0) expect(x[i]).toBeGreaterThan(binned.edges[b - 1]);
      if (b < 15) expect(x[i]).toBeLessThanOrEqual(binned.edges[b]);
    }
    const few = binFeatures(Float64Array.from([3, 1, 2, 1]), 4, 1, 255);
    expect(Array.from(few.bins)).toEqual([2, 0, 1, 0]);
    expect(Array.from(few.edges.subarray(0, 2))).toEqual([1.5, 2.5]);
  });
});
