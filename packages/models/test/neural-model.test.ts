/**
 * LSTM and FNN behind the Regressor interface: seeded reproducibility on the CPU backend, save →
 * load round trips, the model-directory format, the early-stopping hold-out, and clear errors.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WindowSource } from '@fluxscale/data';
import { selectBackend } from '../src/backend/index.js';
import { ModelError } from '../src/errors.js';
import { FnnRegressor, LstmRegressor, fnnSpec, lstmSpec } from '../src/neural/index.js';
import { MODEL_FORMAT_VERSION } from '../src/model-header.js';
import { createLstmLayer, usesFusedLstm } from '../src/neural/lstm-layer.js';
import { isFusedLstmAvailable } from '../src/fused-lstm/index.js';
import { createRng, shuffleInPlace } from '@fluxscale/util';
import { seededDropout } from '../src/neural/seeded-dropout.js';
import { holdOutLatest } from '../src/neural/split.js';
import { laggedTwoSiteSource, seriesSource } from './helpers/neural-source.js';
import { version as PACKAGE_VERSION } from '../package.json';

const WINDOW = 10;
const tiny = { hidden: 4, batchSize: 32, epochs: 2, learningRate: 0.01, dropout: 0.2, patience: 0 };

/** Two sites of real DE-Hai drivers with a lagged target, windows of WINDOW days. */
const source = (): WindowSource => laggedTwoSiteSource(WINDOW);

/** A copy of `src` whose batches carry `value` at sample `sample`, window day 2, feature 1. */
function poisoned(src: WindowSource, sample: number, value: number): WindowSource {
  return {
    ...src,
    batch(indices) {
      const b = src.batch(indices);
      for (let i = 0; i < indices.length; i++) if (indices[i] === sample) b.x[(i * WINDOW + 2) * 2 + 1] = value;
      return b;
    },
  };
}

let dir: string;
beforeAll(async () => {
  await selectBackend({ name: 'cpu', log: () => undefined });
  dir = await mkdtemp(path.join(os.tmpdir(), 'fluxscale-neural-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['lstm', lstmSpec],
  ['fnn', fnnSpec],
] as const)('%s', (kind, spec) => {
  // The same seed, save → load, abort and use before fitting: checkModel (conformance.test.ts).
  it('gives different predictions for another seed (CPU backend)', async () => {
    const data = source();
    const run = async (seed: number) => {
      const model = spec.create(tiny, { seed });
      await model.fit(data);
      return model.predict(data);
    };
    expect(Array.from(await run(12))).not.toEqual(Array.from(await run(11)));
  });

  it('save → load → predict reproduces the predictions exactly, model.json says what the model is', async () => {
    const data = source();
    const model = spec.create({ ...tiny, hidden: 5 }, { seed: 5 });
    const report = await model.fit(data);
    expect(report.epochs).toBe(2);
    expect(report.notes).toMatchObject({ backend: 'cpu', trainSamples: 299, validationSamples: 33 });
    const before = await model.predict(data);
    const modelDir = path.join(dir, `${kind}-roundtrip`);
    await model.save(modelDir);
    expect((await readdir(modelDir)).sort()).toEqual(['model.json', 'topology.json', 'weights.bin']);
    const meta = JSON.parse(await readFile(path.join(modelDir, 'model.json'), 'utf8'));
    expect(meta).toMatchObject({
      format: 'fluxscale-model',
      formatVersion: MODEL_FORMAT_VERSION,
      kind,
      params: { ...tiny, hidden: 5, clipNorm: 1, valFraction: 0.1 },
      featureNames: ['TA_F', 'SW_IN_F'],
      window: WINDOW,
      scaler: data.scaler,
      backend: 'cpu',
      packageVersion: PACKAGE_VERSION,
      seed: 5,
    });
    const loaded = await spec.load(modelDir);
    expect(loaded.kind).toBe(kind);
    expect(loaded.params).toEqual(model.params);
    expect(Array.from(await loaded.predict(data))).toEqual(Array.from(before));
    await loaded.save(modelDir);
    expect(Array.from(await (await spec.load(modelDir)).predict(data))).toEqual(Array.from(before));
  });

  it('rejects unknown and out-of-range hyper-parameters, naming them', () => {
    expect(() => spec.create({ dropout: 0.95 }, { seed: 1 })).toThrow(/'dropout' .* must lie in \[0, 0.9\], got 0.95/);
    expect(() => spec.create({ layers: 1.5 }, { seed: 1 })).toThrow(/'layers' .* must be an integer/);
    expect(() => spec.create({ batchSize: 'big' }, { seed: 1 })).toThrow(/'batchSize' .* must be a finite number/);
    try {
      spec.create({ hiden: 8 }, { seed: 1 });
    } catch (error) {
      expect(error).toBeInstanceOf(ModelError);
      expect(error).toMatchObject({ code: 'unknown-param', subject: 'hiden' });
    }
  });

  it('rejects NaN inputs and targets, naming the sample and feature', async () => {
    const data = source();
    await expect(spec.create(tiny, { seed: 1 }).fit(poisoned(data, 17, Number.NaN))).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/SW_IN_F.*sample 17|sample 17.*SW_IN_F/),
    });
    const badTarget: WindowSource = {
      ...data,
      batch(indices) {
        const b = data.batch(indices);
        b.y.fill(Number.POSITIVE_INFINITY);
        return b;
      },
    };
    await expect(spec.create(tiny, { seed: 1 }).fit(badTarget)).rejects.toThrow(/non-finite target Infinity in sample/);
  });

  it('rejects empty training sets, mismatched shapes and saving before fitting', async () => {
    const data = source();
    const model = spec.create(tiny, { seed: 1 });
    await expect(model.save(path.join(dir, 'never'))).rejects.toMatchObject({ code: 'not-fitted' });
    await expect(model.fit(data.subset([]))).rejects.toMatchObject({ code: 'empty-input', message: `${kind}: the training set has no samples` });
    await model.fit(data);
    const other = seriesSource([{ id: 'X', firstDay: 0, drivers: [new Float32Array(30), new Float32Array(30)], target: new Float32Array(30) }], ['TA_F', 'VPD_F'], WINDOW);
    await expect(model.predict(other)).rejects.toThrow(`${kind}: the prediction set has features [TA_F, VPD_F], the model [TA_F, SW_IN_F]`);
    const longer = seriesSource([{ id: 'X', firstDay: 0, drivers: [new Float32Array(30), new Float32Array(30)], target: new Float32Array(30) }], ['TA_F', 'SW_IN_F'], 12);
    await expect(model.predict(longer)).rejects.toThrow(`${kind}: the prediction set has windows of 12 days, the model 10`);
    await expect(model.fit(data, { validation: longer })).rejects.toMatchObject({ code: 'bad-input', subject: 'window' });
    expect(await model.predict(data.subset([]))).toHaveLength(0);
  });
});

describe('LstmRegressor.windowFunction', () => {
  it('is the network predict uses, differentiable in its input windows, and needs a fitted model', async () => {
    const data = source();
    const model = new LstmRegressor(tiny, 4);
    expect(() => model.windowFunction()).toThrow(/windowFunction needs a fitted or loaded model/);
    await model.fit(data);
    const predicted = await model.predict(data);
    const all = data.batch(Int32Array.from({ length: data.size }, (_, i) => i));
    const tf = await import('../src/tfjs.js');
    const f = model.windowFunction();
    const x = tf.tensor3d(all.x, [all.size, all.window, all.features]);
    const direct = f(x).dataSync();
    expect(direct).toHaveLength(data.size);
    for (let i = 0; i < data.size; i++) expect(direct[i]).toBeCloseTo(predicted[i], 5);
    const gradient = tf.grad((input: import('../src/tfjs.js').Tensor) => tf.sum(f(input as import('../src/tfjs.js').Tensor3D)))(x);
    expect(gradient.shape).toEqual([all.size, all.window, all.features]);
    expect(tf.sum(tf.abs(gradient)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, gradient]);
  });
});

describe('model directories', () => {
  let saved: string;
  beforeAll(async () => {
    saved = path.join(dir, 'lstm-for-errors');
    const model = lstmSpec.create(tiny, { seed: 2 });
    await model.fit(source());
    await model.save(saved);
  });

  async function withMeta(name: string, edit: (meta: Record<string, unknown>) => void): Promise<string> {
    const copy = path.join(dir, name);
    const { cp } = await import('node:fs/promises');
    await cp(saved, copy, { recursive: true });
    const meta = JSON.parse(await readFile(path.join(copy, 'model.json'), 'utf8')) as Record<string, unknown>;
    edit(meta);
    await writeFile(path.join(copy, 'model.json'), JSON.stringify(meta));
    return copy;
  }

  it('a directory from another format version is a clear error', async () => {
    const other = await withMeta('v2', (m) => (m.formatVersion = 2));
    await expect(lstmSpec.load(other)).rejects.toMatchObject({
      code: 'bad-model-dir',
      message: expect.stringContaining(`format version 2 is not supported (this @fluxscale/models ${PACKAGE_VERSION} reads version 1)`),
    });
  });

  it('another kind, another format, a missing directory and truncated weights are clear errors', async () => {
    await expect(fnnSpec.load(saved)).rejects.toThrow("holds a 'lstm' model, expected 'fnn'");
    await expect(lstmSpec.load(await withMeta('alien', (m) => (m.format = 'keras')))).rejects.toThrow('not a fluxscale model directory (format "keras")');
    await expect(lstmSpec.load(path.join(dir, 'missing'))).rejects.toThrow(/missing\/model.json: cannot read: no such file or directory; refit the model/);
    const truncated = await withMeta('truncated', () => undefined);
    await writeFile(path.join(truncated, 'weights.bin'), new Uint8Array(8));
    await expect(lstmSpec.load(truncated)).rejects.toThrow(/weights.bin: 8 bytes, the topology needs \d+; refit the model/);
    const cut = await withMeta('cut-topology', () => undefined);
    const topology = await readFile(path.join(cut, 'topology.json'), 'utf8');
    await writeFile(path.join(cut, 'topology.json'), topology.slice(0, topology.length / 2));
    await expect(lstmSpec.load(cut)).rejects.toMatchObject({
      code: 'bad-model-dir',
      subject: path.join(cut, 'topology.json'),
      message: expect.stringMatching(/topology\.json: not valid JSON \(.*\); refit the model$/),
    });
  });

  it('saving leaves no staging files behind and replaces an older model', async () => {
    const model = lstmSpec.create(tiny, { seed: 3 });
    await model.fit(source());
    await model.save(saved);
    expect((await readdir(saved)).sort()).toEqual(['model.json', 'topology.json', 'weights.bin']);
    expect(JSON.parse(await readFile(path.join(saved, 'model.json'), 'utf8')).seed).toBe(3);
  });
});

describe('layers', () => {
  it('createLstmLayer has the tf.layers.lstm weight layout and seeded initial weights', async () => {
    const { tf } = await selectBackend({ name: 'cpu', log: () => undefined });
    const weightsOf = (seed: number) => {
      const model = tf.sequential();
      model.add(createLstmLayer(tf, { units: 3, returnSequences: false, seed, inputShape: [5, 2] }));
      const values = model.getWeights().map((w) => ({ shape: w.shape, data: Array.from(w.dataSync()) }));
      model.dispose();
      return values;
    };
    const a = weightsOf(9);
    expect(a.map((w) => w.shape)).toEqual([[2, 12], [3, 12], [12]]);
    // unit forget bias: the forget-gate block (second of i, f, c, o) of the bias starts at 1
    expect(a[2].data).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(weightsOf(9)).toEqual(a);
    expect(weightsOf(10)[0].data).not.toEqual(a[0].data);
  });

  it('builds the fused layer on the cpu backend, with the stock layer\'s initial weights and outputs', async () => {
    const { tf } = await selectBackend({ name: 'cpu', log: () => undefined });
    expect(usesFusedLstm(tf)).toBe(isFusedLstmAvailable());
    const build = (implementation: 'auto' | 'stock') => {
      const model = tf.sequential();
      model.add(createLstmLayer(tf, { units: 4, returnSequences: false, seed: 5, inputShape: [9, 3], implementation }));
      return model;
    };
    const fused = build('auto');
    const stock = build('stock');
    expect(fused.layers[0].getClassName()).toBe(usesFusedLstm(tf) ? 'FusedLSTM' : 'LSTM');
    expect(stock.layers[0].getClassName()).toBe('LSTM');
    const weights = (m: typeof fused) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(fused)).toEqual(weights(stock));
    const x = tf.randomNormal([2, 9, 3], 0, 1, 'float32', 7);
    const a = (fused.predict(x) as typeof x).dataSync();
    const b = (stock.predict(x) as typeof x).dataSync();
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    fused.dispose();
    stock.dispose();
    x.dispose();
  });

  it('seeded dropout draws a new mask per training call, the same sequence for the same seed, none at inference', async () => {
    const { tf } = await selectBackend({ name: 'cpu', log: () => undefined });
    const ones = tf.ones([1, 64]);
    const masks = (seed: number) => {
      const layer = seededDropout(tf, { rate: 0.5, seed });
      return [1, 2].map(() => Array.from((layer.apply(ones, { training: true }) as typeof ones).dataSync()));
    };
    const [first, second] = masks(1);
    expect(first).not.toEqual(second);
    expect(new Set(first)).toEqual(new Set([0, 2]));
    expect(masks(1)).toEqual([first, second]);
    const inference = seededDropout(tf, { rate: 0.5, seed: 1 }).apply(ones) as typeof ones;
    expect(Array.from(inference.dataSync())).toEqual(Array(64).fill(1));
  });
});

describe('training loop', () => {
  it('early-stops on the validation set given, restoring the weights of the best epoch', async () => {
    const data = source();
    const validation = data.subset(Array.from({ length: data.size - 300 }, (_, i) => 300 + i));
    const progress: { epoch: number; valLoss?: number }[] = [];
    const model = new FnnRegressor({ ...tiny, epochs: 300, patience: 2, learningRate: 0.05 }, 1);
    const report = await model.fit(data.subset(Array.from({ length: 300 }, (_, i) => i)), {
      validation,
      onProgress: (p) => progress.push(p),
    });
    expect(report.epochs).toBeLessThan(300);
    expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: report.epochs }, (_, i) => i + 1));
    const best = Math.min(...progress.map((p) => p.valLoss!));
    expect(report.valLoss).toBe(best);
    const predicted = await model.predict(validation);
    const truth = validation.batch(Array.from({ length: validation.size }, (_, i) => i)).y;
    const mse = predicted.reduce((s, v, i) => s + (v - truth[i]) ** 2, 0) / truth.length;
    expect(mse).toBeCloseTo(best, 6);
    expect(report.notes).toMatchObject({ trainSamples: 300, validationSamples: validation.size });
  });

  it('holds out the latest part of each site in time', () => {
    const data = source();
    const reversed = data.subset(shuffleInPlace(Int32Array.from({ length: data.size }, (_, i) => i), createRng(4).next));
    const { train, validation } = holdOutLatest(reversed, 0.1);
    expect(train.length + validation.length).toBe(data.size);
    for (const site of [0, 1]) {
      const days = (idx: Int32Array) => Array.from(idx).filter((i) => reversed.sampleSite[i] === site).map((i) => reversed.sampleDay[i]);
      const trainDays = days(train);
      const validationDays = days(validation);
      expect(validationDays).toHaveLength(Math.floor(0.1 * (trainDays.length + validationDays.length)));
      expect(Math.min(...validationDays)).toBeGreaterThan(Math.max(...trainDays));
    }
  });
});
