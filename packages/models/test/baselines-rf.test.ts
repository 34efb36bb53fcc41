import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rfSpec } from '../src/baselines/rf/regressor.js';
import { binFeatures } from '../src/baselines/rf/binning.js';
import { joinTrees, predictForest, type ForestArrays } from '../src/baselines/rf/forest.js';
import { growForest, workerScript } from '../src/baselines/rf/pool.js';
import { summariseWindows } from '../src/baselines/summary.js';
import { chronologicalSplit, readBaselineReference, readSeriesFixture, rSquared, seriesSource, targets } from './helpers/baseline-source.js';

const reference = readBaselineReference();
const source = seriesSource(readSeriesFixture(), reference.window);
const { train, test } = chronologicalSplit(source, reference.trainFraction);
const trainSource = source.subset(train);
const testSource = source.subset(test);

/** Mean leaf value over the trees, one row and one node at a time through left/right (the definition). */
function plainPrediction(forest: ForestArrays, x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (const root of forest.roots) {
      let node = root;
      while (forest.left[node] >= 0) node = x[i * cols + forest.feature[node]] <= forest.threshold[node] ? forest.left[node] : forest.right[node];
      out[i] += forest.value[node];
    }
    out[i] /= forest.roots.length;
  }
  return out;
}

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

  it('gives different predictions for another seed (the same seed: checkModel)', async () => {
    const fit = async (seed: number) => {
      const model = rfSpec.create({ nEstimators: 15, threads: 1 }, { seed });
      await model.fit(trainSource);
      return Array.from(await model.predict(testSource));
    };
    expect(await fit(5)).not.toEqual(await fit(4));
  });

  it('draws maxSamples × n bootstrap samples per tree: smaller trees, a close R² (1462 samples), the default unchanged', async () => {
    const fit = async (params: Record<string, number>) => {
      const model = rfSpec.create({ nEstimators: 20, threads: 1, ...params }, { seed: 3 });
      await model.fit(trainSource);
      const saved = mkdtempSync(join(tmpdir(), 'rf-'));
      try {
        await model.save(saved);
        const nodes = JSON.parse(readFileSync(join(saved, 'model.json'), 'utf8')).weights.arrays.feature.length as number;
        return { nodes, r2: rSquared(await model.predict(testSource), targets(testSource)), predicted: Array.from(await model.predict(testSource)) };
      } finally {
        rmSync(saved, { recursive: true, force: true });
      }
    };
    const full = await fit({});
    expect((await fit({ maxSamples: 1 })).predicted).toEqual(full.predicted);
    const half = await fit({ maxSamples: 0.5 });
    expect(half.nodes).toBeLessThan(0.65 * full.nodes);
    expect(half.r2).toBeGreaterThan(full.r2 - 0.1); // 731 draws per tree on this small fixture
    expect(() => rfSpec.create({ maxSamples: 0 }, { seed: 1 })).toThrow(/'maxSamples' .* must lie in \(0, 1\]/);
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

  it('predicts, four rows at a time, exactly as a plain walk of the trees for any row count', async () => {
    const train = summariseWindows(trainSource);
    const data = binFeatures(train.x, train.rows, train.cols, 255);
    const trees = await growForest({ data, y: Float64Array.from(train.y), options: { maxDepth: 0, mtry: 9, minSamplesLeaf: 1, bootstrap: true, maxSamples: 1 } }, 20, 7, 1);
    const forest = joinTrees(trees);
    const held = summariseWindows(testSource);
    const expected = Array.from(plainPrediction(forest, held.x, held.rows, held.cols));
    expect(new Set(expected).size).toBeGreaterThan(held.rows / 2);
    expect(Array.from(predictForest(forest, held.x, held.rows, held.cols))).toEqual(expected);
    for (const rows of [1, 2, 3, 5, 6, 7]) {
      expect(Array.from(predictForest(forest, held.x.subarray(0, rows * held.cols), rows, held.cols))).toEqual(expected.slice(0, rows));
    }
  });

  it('refuses a saved forest whose right children do not follow the left ones', async () => {
    const model = rfSpec.create({ nEstimators: 3, threads: 1 }, { seed: 2 });
    await model.fit(trainSource);
    const dir = mkdtempSync(join(tmpdir(), 'rf-bad-'));
    try {
      await model.save(dir);
      const header = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weights: { arrays: Record<string, { offset: number }> } };
      const weights = readFileSync(join(dir, 'weights.bin'));
      const right = header.weights.arrays.right.offset;
      weights.writeInt32LE(weights.readInt32LE(right) + 1, right);
      writeFileSync(join(dir, 'weights.bin'), weights);
      await expect(rfSpec.load(dir)).rejects.toThrow(/weights.bin: no valid forest: node 0 has feature \d+ and children 1, 3/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
