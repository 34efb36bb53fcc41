// LSTM benchmark: training and inference throughput (samples/s) of the TensorFlow.js LSTM regressor on each
// backend that loads here, against PyTorch CPU (2 threads, scripts/bench_lstm_torch.py) in the same run.
// Same model on both sides: [batch, 365, 8] → LSTM(64) → dense(1) on the last step, Adam, MSE, clip-norm 1.
// Ours is measured through the public API (LstmRegressor.fit for one epoch, .predict), so it includes
// building each batch's windows from a lazily windowed source. Needs the package built (`pnpm build`).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PEER_REPS, peerSkipped, sharedTorchRates } from './torch-peer.mjs';

const require = createRequire(import.meta.url);

/** A lazily windowed source of `samples` samples over one synthetic site of standard-normal drivers. */
export function syntheticSource(samples, window, features) {
  const days = samples + window - 1;
  let state = 12345;
  const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
  const series = Float32Array.from({ length: days * features }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
  const make = (list) => ({
    size: list.length,
    window,
    featureNames: Array.from({ length: features }, (_, f) => `x${f}`),
    siteIds: ['BENCH'],
    sampleSite: new Int32Array(list.length),
    sampleDay: Int32Array.from(list, (t) => t + window - 1),
    scaler: null,
    batch(indices) {
      const x = new Float32Array(indices.length * window * features);
      const y = new Float32Array(indices.length);
      for (let b = 0; b < indices.length; b++) {
        const start = list[indices[b]];
        x.set(series.subarray(start * features, (start + window) * features), b * window * features);
        y[b] = series[(start + window - 1) * features];
      }
      return { x, y, size: indices.length, window, features };
    },
    subset: (indices) => make(Array.from(indices, (i) => list[i])),
  });
  return make(Array.from({ length: samples }, (_, i) => i));
}

/**
 * Training and inference rates (samples/s) of LstmRegressor on `backend` (its LSTM layer as
 * FLUXSCALE_LSTM says): one warm-up fit on one batch, then one epoch of trainBatches[backend]
 * batches, then predict on inferSamples[backend] samples (after one warm-up sample). Options:
 * window, features, hidden, batch, trainBatches, inferSamples (per backend).
 */
export async function regressorRates(models, backend, options) {
  const { window, features, hidden, batch } = options;
  await models.selectBackend({ name: backend, log: () => undefined });
  const params = { hidden, layers: 1, dropout: 0, batchSize: batch, epochs: 1, valFraction: 0, patience: 0, learningRate: 1e-3, clipNorm: 1 };
  const trainSamples = options.trainBatches[backend] * batch;
  const warm = new models.LstmRegressor(params, 1);
  await warm.fit(syntheticSource(batch, window, features));
  warm.release();
  const model = new models.LstmRegressor(params, 1);
  const report = await model.fit(syntheticSource(trainSamples, window, features));
  const inferSource = syntheticSource(options.inferSamples[backend], window, features);
  await model.predict(inferSource.subset([0]));
  const start = performance.now();
  await model.predict(inferSource);
  const inferSeconds = (performance.now() - start) / 1000;
  model.release();
  return { train: trainSamples / report.seconds, infer: inferSource.size / inferSeconds };
}


const row = (name, ours, peer, rates) => ({
  case: name,
  ours,
  peer,
  unit: 'samples/s',
  speedup: peer === null || ours === null ? null : ours / peer,
  ...peerSkipped(rates),
});

const FULL = {
  window: 365,
  features: 8,
  hidden: 64,
  batch: 64,
  trainBatches: { wasm: 3, cpu: 1, tensorflow: 10, 'tensorflow-gpu': 20 },
  inferSamples: { wasm: 256, cpu: 64, tensorflow: 1024, 'tensorflow-gpu': 2048 },
  peerReps: PEER_REPS,
};
const SMOKE = { window: 20, features: 8, hidden: 8, batch: 4, trainBatches: { wasm: 1, cpu: 1 }, inferSamples: { wasm: 4, cpu: 4 }, peerReps: 1 };

/**
 * Runs the LSTM benchmark and returns rows { case, ours, peer, unit, speedup } (speedup = ours / peer, > 1:
 * fluxscale is faster). Cases lstm-train-<backend>, lstm-infer-<backend> for each backend in `backends` that
 * loads (others are reported and skipped). Options: smoke (tiny sizes), backends (['wasm', 'cpu']), window (365),
 * features (8), hidden (64), batch (64), trainBatches per backend ({ wasm: 3, cpu: 1 }), inferSamples per backend
 * ({ wasm: 256, cpu: 64 }), peerReps (PEER_REPS; PyTorch's rate is its fastest step, pooled with the rounds of
 * fused-lstm.mjs when that ran first in this process), threads (2, PyTorch), python ('/usr/bin/python3').
 */
export async function runLstmBench(options = {}) {
  const o = { backends: ['wasm', 'cpu'], ...(options.smoke ? SMOKE : FULL), threads: 2, python: '/usr/bin/python3', ...options };
  const models = require('../dist/index.js');
  // This bench measures the stock tf.layers.lstm path; the fused kernel has its own (fused-lstm.mjs).
  const previous = process.env.FLUXSCALE_LSTM;
  process.env.FLUXSCALE_LSTM = 'stock';
  try {
    const peer = sharedTorchRates({ ...o, reps: o.peerReps });
    const rows = [];
    for (const backend of o.backends) {
      try {
        await models.selectBackend({ name: backend, log: () => undefined });
      } catch (error) {
        console.warn(`lstm bench: backend ${backend} skipped (${error.message.split('\n')[0]})`);
        continue;
      }
      const ours = await regressorRates(models, backend, o);
      rows.push(row(`lstm-train-${backend}`, ours.train, peer.train, peer), row(`lstm-infer-${backend}`, ours.infer, peer.infer, peer));
    }
    return rows;
  } finally {
    if (previous === undefined) delete process.env.FLUXSCALE_LSTM;
    else process.env.FLUXSCALE_LSTM = previous;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await runLstmBench();
  console.table(rows.map((r) => ({ ...r, ours: r.ours?.toFixed(1), peer: r.peer?.toFixed(1), speedup: r.speedup?.toFixed(2) })));
}
