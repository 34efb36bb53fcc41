/**
 * The LSTM's stateful formulation (training: 'stateful'): the fused kernels' carried states (two chunks with
 * carried states are one chunk, exactly), the epoch plan (every training day one loss per epoch, states never
 * crossing runs, seeded offsets), and training and prediction through the regressor.
 */
import * as tf from '../src/tfjs.js';
import { createRng } from '@fluxscale/util';
import { selectBackend } from '../src/backend/index.js';
import { ReferenceLstmKernel, WasmLstmKernel, type LstmKernel, type LstmState } from '../src/fused-lstm/index.js';
import { LstmRegressor, lstmSpec } from '../src/neural/index.js';
import { consecutiveRuns } from '../src/neural/chunk-feed.js';
import { planEpoch, statefulFeed, type StatefulBatch } from '../src/neural/stateful-feed.js';
import { randomArray, randomProblem, relativeError } from './fused-lstm-helpers.js';
import { expectFiniteDifferences } from './helpers/finite-differences.js';
import { seriesSource, type SiteSeries } from './helpers/neural-source.js';

const reference = new ReferenceLstmKernel();
const oneThread = WasmLstmKernel.load({ threads: 1 });
const twoThreads = WasmLstmKernel.load({ threads: 2 });
const chunked = WasmLstmKernel.load({ threads: 2, workBudgetBytes: 1 });
beforeAll(async () => {
  await selectBackend({ name: 'wasm', log: () => undefined });
});
afterAll(() => [oneThread, twoThreads, chunked].forEach((k) => k.close()));

const kernels: [string, LstmKernel][] = [
  ['reference', reference],
  ['wasm, 1 thread', oneThread],
  ['wasm, 2 threads', twoThreads],
  ['wasm, chunked work', chunked],
];

describe('fused LSTM kernels from carried states', () => {
  const [B, T, T1, F, H] = [5, 17, 6, 3, 6];
  const whole = randomProblem(B, T, F, H, 31, 'sigmoid', true);
  /** Rows t0 … t1 − 1 of every sequence of x [B, T, F]. */
  const steps = (t0: number, t1: number): Float32Array => {
    const out = new Float32Array(B * (t1 - t0) * F);
    for (let b = 0; b < B; b++) out.set(whole.x.subarray((b * T + t0) * F, (b * T + t1) * F), b * (t1 - t0) * F);
    return out;
  };

  it.each(kernels)('%s: T steps in one call equal T1 and T − T1 steps with the state carried, exactly', (_, kernel) => {
    const one = kernel.forward(whole.dims, whole.x, whole.weights);
    const first = kernel.forward({ ...whole.dims, steps: T1 }, steps(0, T1), whole.weights);
    const second = kernel.forward({ ...whole.dims, steps: T - T1 }, steps(T1, T), whole.weights, first.final);
    expect(Array.from(first.output)).toEqual(Array.from(sliceSteps(one.output, B, T, H, 0, T1)));
    expect(Array.from(second.output)).toEqual(Array.from(sliceSteps(one.output, B, T, H, T1, T)));
    expect(Array.from(second.final.h)).toEqual(Array.from(one.final.h));
    expect(Array.from(second.final.c)).toEqual(Array.from(one.final.c));
  });

  it.each(kernels.slice(1))('%s: forward and weight gradients from given states match the reference', (_, kernel) => {
    const problem = randomProblem(7, 9, 5, 16, 41, 'hardSigmoid', true);
    const initial: LstmState = { h: randomArray(7 * 16, 42, 0.8), c: randomArray(7 * 16, 43, 2) };
    const dy = randomArray(7 * 9 * 16, 44, 1);
    const run = (k: LstmKernel) => {
      const { output, final, tape } = k.forward(problem.dims, problem.x, problem.weights, initial);
      return { output, final, grads: k.backward(tape, dy) };
    };
    const [a, b] = [run(kernel), run(reference)];
    for (const [x, y] of [
      [a.output, b.output],
      [a.final.h, b.final.h],
      [a.final.c, b.final.c],
      [a.grads.dx, b.grads.dx],
      [a.grads.dKernel, b.grads.dKernel],
      [a.grads.dRecurrentKernel, b.grads.dRecurrentKernel],
      [a.grads.dBias, b.grads.dBias],
    ]) {
      expect(relativeError(x, y)).toBeLessThan(1e-4);
    }
  });

  it('the reference gradients with given states match central finite differences (states held fixed)', () => {
    const problem = randomProblem(2, 4, 3, 3, 51, 'sigmoid', true);
    const initial: LstmState = { h: randomArray(6, 52, 0.8), c: randomArray(6, 53, 2) };
    const dy = randomArray(2 * 4 * 3, 54, 1);
    const grads = reference.backward(reference.forward(problem.dims, problem.x, problem.weights, initial).tape, dy);
    const loss = (): number => reference.forward(problem.dims, problem.x, problem.weights, initial).output.reduce((s, v, i) => s + v * dy[i], 0);
    expectFiniteDifferences(problem.weights.recurrentKernel, grads.dRecurrentKernel, loss);
    expectFiniteDifferences(problem.weights.bias, grads.dBias, loss);
  });

  it('rejects initial states of the wrong size, naming them', () => {
    const bad = { h: new Float32Array(B * H - 1), c: new Float32Array(B * H) };
    expect(() => oneThread.forward(whole.dims, whole.x, whole.weights, bad)).toThrow(/initial h has/);
  });
});

/** Steps t0 … t1 − 1 of every sequence of a [B, T, H] output. */
function sliceSteps(output: Float32Array, B: number, T: number, H: number, t0: number, t1: number): Float32Array {
  const out = new Float32Array(B * (t1 - t0) * H);
  for (let b = 0; b < B; b++) out.set(output.subarray((b * T + t0) * H, (b * T + t1) * H), b * (t1 - t0) * H);
  return out;
}

/** Three synthetic sites of different lengths, the second with a gap (two runs), window 30. */
function sites(): SiteSeries[] {
  const site = (id: string, days: number, seed: number): SiteSeries => ({
    id,
    firstDay: 10000 + seed,
    drivers: [randomArray(days, seed, 1), randomArray(days, seed + 1, 1)],
    target: randomArray(days, seed + 2, 1),
  });
  return [site('A', 400, 1), site('B', 700, 2), site('C', 95, 3)];
}

const WINDOW = 30;
const source = seriesSource(sites(), ['x0', 'x1'], WINDOW);
/** Every sample but a gap of 10 days in site B: runs of A, of B (two) and of C. */
const indices = Int32Array.from({ length: source.size }, (_, i) => i).filter((i) => !(source.sampleSite[i] === 1 && source.sampleDay[i] % 700 > 300 && source.sampleDay[i] % 700 <= 310));

describe('the stateful epoch plan', () => {
  const runs = consecutiveRuns(source, indices);

  it('gives every training day exactly one loss per epoch, for several batch sizes and seeds', () => {
    expect(runs.length).toBe(4);
    for (const rows of [1, 2, 3, 16]) {
      for (const seed of [1, 2, 3]) {
        const counts = new Int32Array(indices.length);
        for (const chunk of planEpoch(runs, WINDOW, 50, rows, createRng(seed))) for (const r of chunk.rows) for (let p = r.first; p < r.first + r.count; p++) counts[p]++;
        expect(counts.every((n) => n === 1)).toBe(true);
      }
    }
  });

  it('continues each row in the next chunk with the next days of the same run, and starts runs from zero states', () => {
    const chunks = planEpoch(runs, WINDOW, 50, 2, createRng(7));
    const runOf = (p: number) => runs.findIndex((r) => p >= r.start && p < r.start + r.length);
    chunks.forEach((chunk, k) => {
      expect(chunk.rows.length).toBeLessThanOrEqual(2);
      if (!chunk.continues) {
        chunk.rows.forEach((r) => expect(r.first).toBe(runs[runOf(r.first)].start));
        return;
      }
      const previous = chunks[k - 1];
      expect(chunk.rows.length).toBeLessThanOrEqual(previous.rows.length);
      chunk.rows.forEach((r, j) => {
        const before = previous.rows[j];
        expect(r.first).toBe(before.first + before.count);
        expect(runOf(r.first)).toBe(runOf(before.first));
        expect(r.skip).toBe(WINDOW - 1);
      });
    });
  });

  it('draws its row order and offsets from the seed: the same seed, the same epoch; another seed, another', () => {
    const plan = (seed: number) => JSON.stringify(planEpoch(runs, WINDOW, 50, 2, createRng(seed)));
    expect(plan(11)).toBe(plan(11));
    expect(plan(12)).not.toBe(plan(11));
  });
});

describe('the stateful feed', () => {
  it('puts each row\'s targets in the slots of its own samples, the first chunk after its (shortened) warm-up', () => {
    const feed = statefulFeed(tf, 'lstm', source, indices, { window: WINDOW, featureNames: ['x0', 'x1'] }, 50, 3);
    const seen = new Int32Array(indices.length);
    let previous: StatefulBatch | null = null;
    for (const batch of feed.epoch(createRng(5))) {
      const rows = batch.x.shape[0];
      const steps = batch.x.shape[1]!;
      const x = batch.x.dataSync();
      for (let k = 0; k < rows; k++) {
        for (let s = 0; s < batch.targets; s++) {
          const p = batch.slotSamples[k * batch.targets + s];
          if (p < 0) continue;
          seen[p]++;
          const truth = source.batch([indices[p]]);
          expect(batch.y[k * batch.targets + s]).toBe(truth.y[0]);
          // the input of the slot's step is the last day of its sample's window
          const step = steps - batch.targets + s;
          expect(x[(k * steps + step) * 2]).toBe(truth.x[(WINDOW - 1) * 2]);
        }
      }
      if (batch.continues) expect(rows).toBeLessThanOrEqual(previous!.x.shape[0]);
      previous?.x.dispose();
      previous = batch;
    }
    previous?.x.dispose();
    expect(Array.from(seen).every((n) => n === 1)).toBe(true);
    expect(feed.samples).toBe(indices.length);
  });
});

describe('LstmRegressor with training: stateful', () => {
  it('is a registry choice that needs runs of every day, and trains, validates and predicts every sample, reproducibly', async () => {
    expect(lstmSpec.sampling?.({ training: 'stateful' })).toBe('runs');
    const fit = async () => {
      const model = new LstmRegressor({ training: 'stateful', targetDays: 40, hidden: 8, batchSize: 2, epochs: 3, patience: 0, valFraction: 0.2 }, 3);
      const report = await model.fit(source.subset(indices));
      const predictions = await model.predict(source);
      model.release();
      return { report, predictions };
    };
    const [a, b] = [await fit(), await fit()];
    expect(a.report.epochs).toBe(3);
    expect(Number.isFinite(a.report.valLoss)).toBe(true);
    expect(a.predictions.length).toBe(source.size);
    expect(a.predictions.every(Number.isFinite)).toBe(true);
    expect(Array.from(b.predictions)).toEqual(Array.from(a.predictions));
    expect(b.report.loss).toBe(a.report.loss);
  });
});
