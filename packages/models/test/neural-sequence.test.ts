/**
 * The LSTM's sequence formulation (training: 'sequence'): chunk tiling, no test-part target in training,
 * prediction over exactly the tiled history, gradients of the every-step network, learning a known
 * lagged response as well as the windows formulation, reproducibility and save/load.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '../src/tfjs.js';
import { SAMPLE_DATA_DIR, createWindowSource, fitScaler, prepareDirectory, type LazyWindowSource, type WindowSiteInput } from '@fluxscale/data';
import { selectBackend } from '../src/backend/index.js';
import { ReferenceLstmKernel, WasmLstmKernel } from '../src/fused-lstm/index.js';
import { FnnRegressor, LstmRegressor, lstmSpec } from '../src/neural/index.js';
import { consecutiveRuns, tileRun } from '../src/neural/chunk-feed.js';
import { buildLstmNetwork } from '../src/neural/network.js';
import { createRng } from '@fluxscale/util';
import { targetOutputs } from '../src/neural/train.js';
import { randomArray, randomProblem, relativeError } from './fused-lstm-helpers.js';
import { anomaly, deHaiDrivers, rSquared, standardise } from './helpers/neural-source.js';

const DRIVERS = ['TA_F', 'SW_IN_F', 'VPD_F'];
const prepared = prepareDirectory(SAMPLE_DATA_DIR, { drivers: DRIVERS });

/** Real sites of the bundled sample as window inputs (optionally with their test part replaced). */
function sampleSites(ids: readonly string[], edit?: (input: WindowSiteInput, trainEnd: number) => WindowSiteInput): WindowSiteInput[] {
  return prepared.sites
    .filter((s) => ids.includes(s.siteId))
    .map((s) => {
      const input = { siteId: s.siteId, lat: s.lat, lon: s.lon, dates: s.dates, target: s.target, drivers: s.drivers };
      return edit ? edit(input, s.dates.length) : input;
    });
}

/** The sample of a feed position's tiling chunk slot k (prediction tiling), from the tiling rule itself. */
function slotOf(position: number, runStart: number, runLength: number, targetDays: number): number {
  const q = position - runStart;
  if (runLength <= targetDays) return q;
  const full = Math.floor(runLength / targetDays) * targetDays;
  return q < full ? q % targetDays : q - (runLength - targetDays);
}

let dir: string;
beforeAll(async () => {
  await selectBackend({ name: 'wasm', log: () => undefined });
  dir = await mkdtemp(path.join(os.tmpdir(), 'fluxscale-sequence-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('chunk tiling', () => {
  it('counts every day of a run in exactly one chunk, for any offset; chunks stay inside the run', () => {
    for (const length of [1, 5, 7, 8, 13, 14, 30, 101]) {
      for (const targetDays of [1, 3, 7, 14]) {
        for (let offset = 0; offset < targetDays; offset++) {
          const run = { start: 40, length };
          const counted = new Int32Array(length);
          for (const c of tileRun(run, targetDays, offset)) {
            expect(c.count).toBe(Math.min(targetDays, length));
            expect(c.first).toBeGreaterThanOrEqual(run.start);
            expect(c.first + c.count).toBeLessThanOrEqual(run.start + length);
            expect(0 <= c.from && c.from < c.to && c.to <= c.count).toBe(true);
            for (let j = c.from; j < c.to; j++) counted[c.first + j - run.start] += 1;
          }
          expect(Array.from(counted)).toEqual(Array(length).fill(1));
        }
      }
    }
    expect(tileRun({ start: 0, length: 10 }, 4, 0)).toEqual([
      { first: 0, count: 4, from: 0, to: 4 },
      { first: 4, count: 4, from: 0, to: 4 },
      { first: 6, count: 4, from: 2, to: 4 },
    ]);
    expect(tileRun({ start: 0, length: 10 }, 4, 3)).toEqual([
      { first: 0, count: 4, from: 0, to: 3 },
      { first: 3, count: 4, from: 0, to: 4 },
      { first: 6, count: 4, from: 1, to: 4 },
    ]);
  });

  it('finds runs of consecutive samples of one site on consecutive days', () => {
    const source = createWindowSource(sampleSites(['US-Whs', 'CZ-wet']), { window: 30 });
    const perSite = [0, 1].map((s) => source.sampleSite.filter((v) => v === s).length);
    expect(consecutiveRuns(source, null)).toEqual([
      { start: 0, length: perSite[0] },
      { start: perSite[0], length: perSite[1] },
    ]);
    const picked = Int32Array.from([3, 4, 5, 7, 8, perSite[0] - 1, perSite[0], perSite[0] + 1, 2]);
    expect(consecutiveRuns(source, picked)).toEqual([
      { start: 0, length: 3 },
      { start: 3, length: 2 },
      { start: 5, length: 1 },
      { start: 6, length: 2 },
      { start: 8, length: 1 },
    ]);
    const strided = createWindowSource(sampleSites(['US-Whs']), { window: 30, stride: 2 });
    expect(consecutiveRuns(strided, null).every((r) => r.length === 1)).toBe(true);
  });
});

describe("LSTM with training: 'sequence'", () => {
  const window = 15;
  const targetDays = 7;
  const small = { hidden: 6, epochs: 2, batchSize: 8, learningRate: 0.01, dropout: 0.1, patience: 0, training: 'sequence', targetDays };
  const sites = sampleSites(['US-Whs', 'CZ-wet']);
  const scaler = fitScaler(sites, { window });
  const whole = createWindowSource(sites, { window, scaler });
  const train = createWindowSource(sites, { window, scaler, split: 'train' });

  it('predicts each sample from exactly window + k days of history, k its slot in the tiling, in source order', async () => {
    const model = new LstmRegressor(small, 3);
    await model.fit(train.subset(Int32Array.from({ length: 400 }, (_, i) => i)));
    // runs of 20 (not a multiple of 7), 5 (shorter than a chunk), 14 (a multiple), and 9 across the site boundary
    const first = whole.sampleSite.indexOf(1);
    const runs: [number, number][] = [[100, 20], [130, 5], [140, 14], [first - 4, 9]];
    const picked = Int32Array.from(runs.flatMap(([start, length]) => Array.from({ length }, (_, i) => start + i)));
    const source = whole.subset(picked);
    const predicted = await model.predict(source);
    expect(predicted).toHaveLength(picked.length);
    const f = model.windowFunction();
    let position = 0;
    for (const [start, length] of [[100, 20], [130, 5], [140, 14], [first - 4, 4], [first, 5]]) {
      for (let q = 0; q < length; q++, position++) {
        const k = slotOf(position, position - q, length, targetDays);
        const history = whole.chunks([start + q - k], k + 1);
        const x = tf.tensor3d(history.x, [1, window + k, history.features]);
        expect(predicted[position]).toBeCloseTo(f(x).dataSync()[0], 5);
        x.dispose();
      }
    }
    model.release();
  });

  it('pads chunks of runs shorter than targetDays only to the longest run (a huge targetDays is one chunk per run)', async () => {
    const model = new LstmRegressor({ ...small, targetDays: 100000, valFraction: 0 }, 2);
    const picked = Int32Array.from([...Array.from({ length: 30 }, (_, i) => 200 + i), ...Array.from({ length: 12 }, (_, i) => 300 + i)]);
    const source = whole.subset(picked);
    await model.fit(source);
    const chunks = jest.spyOn(source, 'chunks');
    const predicted = await model.predict(source);
    expect(chunks.mock.calls.map(([, targets]) => targets).sort()).toEqual([12, 30]);
    chunks.mockRestore();
    const f = model.windowFunction();
    for (const [position, q] of [[0, 0], [29, 29], [30, 0], [41, 11]]) {
      const history = whole.chunks([picked[position] - q], q + 1);
      expect(predicted[position]).toBeCloseTo(f(tf.tensor3d(history.x, [1, window + q, history.features])).dataSync()[0], 5);
    }
    model.release();
  });

  it('never puts a test-part target (or test-part input) into training: wild test parts give bit-identical weights', async () => {
    const weights = async (edit: (values: Float64Array, trainEnd: number) => void) => {
      const edited = sampleSites(['US-Whs', 'CZ-wet'], (input, n) => {
        const trainEnd = createWindowSource([input], { window, split: 'train' }).sampleOffset.at(-1)! + 1;
        expect(trainEnd).toBeLessThan(n);
        const change = (series: ArrayLike<number>) => {
          const copy = Float64Array.from(series);
          edit(copy, trainEnd);
          return copy;
        };
        return { ...input, target: change(input.target), drivers: Object.fromEntries(Object.entries(input.drivers).map(([k, v]) => [k, change(v)])) };
      });
      const options = { window, drivers: DRIVERS };
      const source = createWindowSource(edited, { ...options, split: 'train', scaler: fitScaler(edited, options) });
      const model = new LstmRegressor({ ...small, epochs: 3 }, 8);
      await model.fit(source);
      const out = path.join(dir, `leak-${Math.random()}`);
      await model.save(out);
      model.release();
      return readFile(path.join(out, 'weights.bin'));
    };
    const asIs = await weights(() => undefined);
    const nan = await weights((v, end) => v.fill(Number.NaN, end));
    const huge = await weights((v, end) => {
      for (let i = end; i < v.length; i++) v[i] = 1e6 * (i % 7);
    });
    expect(nan.equals(asIs)).toBe(true);
    expect(huge.equals(asIs)).toBe(true);
    const changedTraining = await weights((v, end) => (v[end - 400] += 50));
    expect(changedTraining.equals(asIs)).toBe(false);
  });

  it('is reproducible for a seed, round-trips through save/load, and its window function is the output at the last step', async () => {
    const subset = train.subset(Int32Array.from({ length: 300 }, (_, i) => i));
    const fit = async (seed: number) => {
      const model = lstmSpec.create(small, { seed }) as LstmRegressor;
      const report = await model.fit(subset);
      return { model, report };
    };
    const { model, report } = await fit(5);
    expect(report.epochs).toBe(2);
    expect(report.notes).toMatchObject({ trainSamples: 270, validationSamples: 30 });
    const predicted = await model.predict(whole);
    expect(Array.from(await (await fit(5)).model.predict(whole))).toEqual(Array.from(predicted));
    expect(Array.from(await (await fit(6)).model.predict(whole))).not.toEqual(Array.from(predicted));

    const modelDir = path.join(dir, 'sequence-roundtrip');
    await model.save(modelDir);
    const meta = JSON.parse(await readFile(path.join(modelDir, 'model.json'), 'utf8'));
    expect(meta.params).toMatchObject({ training: 'sequence', targetDays, hidden: 6, batchSize: 8 });
    const loaded = (await lstmSpec.load(modelDir)) as LstmRegressor;
    expect(loaded.params).toEqual(model.params);
    expect(Array.from(await loaded.predict(whole))).toEqual(Array.from(predicted));

    // slot 0 of a chunk has exactly `window` days of history: the window function of its window
    const starts = Int32Array.from([0, targetDays, 5 * targetDays]);
    const windows = whole.batch(starts);
    const values = loaded.windowFunction()(tf.tensor3d(windows.x, [3, window, windows.features]));
    expect(values.shape).toEqual([3, 1]);
    Array.from(values.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(predicted[starts[i]], 5));
    model.release();
    loaded.release();
  });

  it('early-stops on the chunk-tiled validation set and reports its MSE; progress per epoch; aborts', async () => {
    const training = train.subset(Int32Array.from({ length: 600 }, (_, i) => i));
    const validation = train.subset(Int32Array.from({ length: 150 }, (_, i) => 600 + i));
    const progress: { epoch: number; valLoss?: number }[] = [];
    const model = new LstmRegressor({ ...small, epochs: 40, patience: 2, learningRate: 0.05 }, 1);
    const report = await model.fit(training, { validation, onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: report.epochs }, (_, i) => i + 1));
    expect(report.valLoss).toBe(Math.min(...progress.map((p) => p.valLoss!)));
    const predicted = await model.predict(validation);
    const truth = validation.batch(Int32Array.from({ length: validation.size }, (_, i) => i)).y;
    expect(predicted.reduce((s, v, i) => s + (v - truth[i]) ** 2, 0) / truth.length).toBeCloseTo(report.valLoss!, 5);
    model.release();

    const controller = new AbortController();
    const aborted = new LstmRegressor({ ...small, epochs: 50 }, 1).fit(training, {
      signal: controller.signal,
      onProgress: (p) => p.epoch === 1 && controller.abort(),
    });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects a bad training formulation or targetDays, targetDays on the FNN, and non-finite chunk inputs and targets, naming them', async () => {
    expect(() => new LstmRegressor({ targetDays: 0 }, 1)).toThrow(/'targetDays' .* must lie in \[1, 100000\], got 0/);
    expect(() => new LstmRegressor({ training: 'recurrent' }, 1)).toThrow(/'training' .* must be 'windows' or 'sequence' or 'stateful', got "recurrent"/);
    expect(() => new LstmRegressor({ targetDays: 2.5 }, 1)).toThrow(/'targetDays' .* must be an integer/);
    expect(() => new FnnRegressor({ targetDays: 30 }, 1)).toThrow("fnn: unknown hyper-parameter 'targetDays'");
    const subset = train.subset(Int32Array.from({ length: 60 }, (_, i) => i));
    const poisoned = (field: 'x' | 'y'): LazyWindowSource =>
      Object.assign(Object.create(subset) as LazyWindowSource, {
        chunks(first: ArrayLike<number>, targets: number) {
          const batch = subset.chunks(first, targets);
          batch[field][field === 'x' ? 3 * 7 + 1 : 2] = Number.NaN;
          return batch;
        },
      });
    await expect(new LstmRegressor(small, 1).fit(poisoned('x'))).rejects.toThrow(/non-finite input NaN in the chunk of samples \d+ … \d+, chunk day 3, feature 'SW_IN_F'/);
    await expect(new LstmRegressor(small, 1).fit(poisoned('y'))).rejects.toThrow(/non-finite target NaN in sample \d+/);
  });
});

describe('every-step network', () => {
  it('the fused kernel\'s gradients with outputs at every step equal the TypeScript reference at chunk-like sizes', () => {
    const problem = randomProblem(4, 120, 7, 32, 19, 'sigmoid', true);
    const kernel = WasmLstmKernel.load({ threads: 2 });
    try {
      // the loss reaches only the last 30 steps' outputs, as with 30 target days
      const dy = randomArray(4 * 120 * 32, 20).map((v, i) => (Math.floor(i / 32) % 120 >= 90 ? v : 0));
      const run = (k: WasmLstmKernel | ReferenceLstmKernel) => {
        const { output, tape } = k.forward(problem.dims, problem.x, problem.weights);
        return { output, grads: k.backward(tape, dy) };
      };
      const [fused, reference] = [run(kernel), run(new ReferenceLstmKernel())];
      expect(relativeError(fused.output, reference.output)).toBeLessThan(1e-4);
      for (const name of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias'] as const) expect(relativeError(fused.grads[name], reference.grads[name])).toBeLessThan(1e-4);
    } finally {
      kernel.close();
    }
  });

  it('with the fused layer, gives the stock network\'s masked last-N loss and gradients (same initial weights)', async () => {
    const { tf: backendTf } = await selectBackend({ name: 'cpu', log: () => undefined });
    const [B, T, F, N] = [3, 24, 4, 10];
    const build = (implementation: string) => {
      process.env.FLUXSCALE_LSTM = implementation;
      try {
        return buildLstmNetwork(backendTf, 15, F, { hidden: 8, layers: 2, dropout: 0 }, createRng(4), true);
      } finally {
        delete process.env.FLUXSCALE_LSTM;
      }
    };
    const [fused, stock] = [build('auto'), build('stock')];
    expect(fused.layers.map((l) => l.getClassName())).toEqual(['FusedLSTM', 'FusedLSTM', 'Dense']);
    expect(stock.layers.map((l) => l.getClassName())).toEqual(['LSTM', 'LSTM', 'Dense']);
    const x = backendTf.tensor3d(randomArray(B * T * F, 9, 1.5), [B, T, F]);
    const y = backendTf.tensor2d(randomArray(B * N, 10), [B, N]);
    const mask = backendTf.tensor2d(Float32Array.from({ length: B * N }, (_, i) => (i % N >= 3 || i >= N ? 1 : 0)), [B, N]);
    const outcome = (model: typeof fused) => {
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = backendTf.variableGrads(
        () => backendTf.losses.meanSquaredError(y, targetOutputs(model.apply(x) as tf.Tensor, N), mask) as tf.Scalar,
        variables,
      );
      return { loss: value.dataSync()[0], grads: variables.map((v) => grads[v.name].dataSync()) };
    };
    const a = outcome(fused);
    const b = outcome(stock);
    expect(a.loss).toBeCloseTo(b.loss, 5);
    expect(a.grads).toHaveLength(8);
    a.grads.forEach((g, i) => expect(relativeError(g, b.grads[i])).toBeLessThan(1e-4));
    await selectBackend({ name: 'wasm', log: () => undefined });
  });
});

describe('learning', () => {
  it('learns a lagged reservoir response of real temperature plus a seasonal cycle as well as the windows formulation (R² within 0.02)', async () => {
    // DE-Hai 2000–2005 (FLUXNET2015): y_t = 0.3·Σ_{k=0}^{34} e^{−k/10}·TA anomaly_{t−5−k} + 0.8·sin(2π·(t mod 365.25)/365.25) + noise:
    // a linear reservoir answering 5 days late, within the 40-day window. (A time-invariant memory: an exact lag of
    // 20 days is learnt by the windows formulation from the fixed position of the window's start, which chunks lack.)
    const d = deHaiDrivers();
    const ta = standardise(anomaly(d.TA_F));
    const sw = standardise(d.SW_IN_F);
    const rng = createRng(2);
    const target = Float64Array.from(ta, (_, t) => {
      let reservoir = 0;
      for (let k = 0; k <= 34 && t - 5 - k >= 0; k++) reservoir += Math.exp(-k / 10) * ta[t - 5 - k];
      return 0.3 * reservoir + 0.8 * Math.sin((2 * Math.PI * (t % 365.25)) / 365.25) + 0.1 * (rng.next() - 0.5);
    });
    const site: WindowSiteInput = {
      siteId: 'DE-Hai',
      lat: 50.79,
      lon: 10.45,
      dates: Int32Array.from(ta, (_, t) => d.firstDay + t),
      target,
      drivers: { TA_F: ta, SW_IN_F: sw },
    };
    const options = { window: 40, drivers: ['TA_F', 'SW_IN_F'] };
    const scaler = fitScaler([site], options);
    const train = createWindowSource([site], { ...options, split: 'train', scaler });
    const test = createWindowSource([site], { ...options, split: 'test', scaler });
    const truth = test.batch(Int32Array.from({ length: test.size }, (_, i) => i)).y;
    const score = async (params: Record<string, number | string>) => {
      const model = new LstmRegressor({ hidden: 16, dropout: 0, learningRate: 0.01, ...params }, 1);
      await model.fit(train);
      const r2 = rSquared(await model.predict(test), truth);
      model.release();
      return r2;
    };
    const windows = await score({ batchSize: 32, epochs: 30, patience: 5 });
    const sequence = await score({ training: 'sequence', targetDays: 30, batchSize: 4, epochs: 120, patience: 15 });
    expect(windows).toBeGreaterThan(0.95);
    expect(sequence).toBeGreaterThan(windows - 0.02);
  });
});
