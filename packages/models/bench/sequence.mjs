// Training formulations of the LSTM: training days covered per second by the windows formulation at stride 1
// (one window of `window` days per target day) and by the sequence formulation (chunks of window − 1 warm-up
// days and targetDays target days, the loss on every target day), each beside PyTorch CPU doing the same
// training (scripts/bench_lstm_torch.py, 2 threads, `torch.set_num_threads(2)`). Same model on both sides:
// window 365, 8 features, LSTM(64), dense(1), Adam, MSE, clip-norm 1; sequence: dense(1) at every step, MSE
// over the last targetDays steps.
// Ours is LstmRegressor.fit through the public API on the fused WebAssembly kernel with 2 threads (wasm
// backend, no dropout, no validation), on a synthetic site read lazily by @fluxscale/data; its rate is that of
// the fastest of several epochs (each about 10 gradient steps, including building the windows or chunks and,
// for the sequence, the partial chunks at the two ends of the run). PyTorch's is that of its fastest step
// (torch-peer.mjs). Three rounds of PyTorch and of ours alternate. The row's note also gives how much the output at every step costs: one training step of
// the fused LSTM + dense on [chunks, window + targetDays − 1, 8] with outputs at every step against the same
// step with the output of the last step only. Needs the package built (`pnpm build`).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PEER_REPS, peerSkipped, stepRates, torchRates } from './torch-peer.mjs';

const require = createRequire(import.meta.url);

/** One synthetic site `id` of `days` days with `drivers` standard-normal drivers (8 features with the calendar ones), its draws seeded by `seed`. */
function syntheticSite(days, drivers, id = 'BENCH', seed = 4242) {
  let state = seed;
  const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const series = () => Float64Array.from({ length: days }, normal);
  return {
    siteId: id,
    lat: 50,
    lon: 10,
    dates: Int32Array.from({ length: days }, (_, i) => 10957 + i),
    target: series(),
    drivers: Object.fromEntries(Array.from({ length: drivers }, (_, d) => [`x${d}`, series()])),
  };
}

/**
 * Seconds of each epoch but the first of `epochs` epochs of `params` on `sites` sites of `days` days each (all
 * target days train, so every epoch covers each of them once); adds them to `pool.seconds` and sets `pool.days`.
 */
export async function timeEpochs(models, data, params, days, epochs, features, pool, sites = 1) {
  const inputs = Array.from({ length: sites }, (_, k) => syntheticSite(days, features - 4, k === 0 ? 'BENCH' : `BENCH${k}`, 4242 + k));
  const source = data.createWindowSource(inputs, { window: params.window, split: 'all' });
  const model = new models.LstmRegressor({ ...params.model, epochs, valFraction: 0, patience: 0, dropout: 0 }, 1);
  const seconds = [];
  let last = performance.now();
  await model.fit(source, {
    onProgress: () => {
      const now = performance.now();
      seconds.push((now - last) / 1000);
      last = now;
    },
  });
  model.release();
  pool.seconds.push(...seconds.slice(1));
  pool.days = source.size;
}

/** Seconds of the fastest of `reps` training steps of the fused LSTM + dense on x, outputs at every step or the last. */
function fusedStepSeconds(tf, models, o, everyStep, reps) {
  const steps = o.window + o.targetDays - 1;
  const model = tf.sequential();
  model.add(models.createLstmLayer(tf, { units: o.hidden, returnSequences: everyStep, seed: 1, inputShape: [steps, o.features], implementation: 'auto' }));
  model.add(tf.layers.dense({ units: 1 }));
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([o.chunkBatch, steps, o.features]);
  const y = tf.randomNormal([o.chunkBatch, everyStep ? o.targetDays : 1]);
  const output = () => {
    const out = model.apply(x, { training: true });
    return everyStep ? out.reshape([o.chunkBatch, steps]).slice([0, steps - o.targetDays], [-1, o.targetDays]) : out;
  };
  const step = () => optimizer.minimize(() => tf.losses.meanSquaredError(y, output()), false);
  for (let i = 0; i < 3; i++) step();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    step();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return best;
}

const fmt = (v) => (v === null || v === undefined ? '—' : v.toFixed(0));

const FULL = { window: 365, features: 8, hidden: 64, windowBatch: 64, targetDays: 120, chunkBatch: 16, epochs: 4, rounds: 3, reps: PEER_REPS };
const SMOKE = { window: 20, features: 8, hidden: 8, windowBatch: 4, targetDays: 5, chunkBatch: 2, epochs: 2, rounds: 1, reps: 1 };

/**
 * Runs the formulation benchmark and returns rows { case, ours, peer, unit, speedup, note } (unit training
 * days/s, speedup = ours / PyTorch): lstm-days-windows-2t and lstm-days-sequence-2t. Options: smoke (tiny sizes),
 * window (365), features (8), hidden (64), windowBatch (64), targetDays (120), chunkBatch (16), threads (2, both
 * sides), epochs (4 per round, ours; the first is not timed), rounds (3, alternating PyTorch and ours), reps
 * (PEER_REPS per round, PyTorch, and the every-step check), python ('/usr/bin/python3').
 */
export async function runSequenceBench(options = {}) {
  const o = { ...(options.smoke ? SMOKE : FULL), threads: 2, python: '/usr/bin/python3', ...options };
  const models = require('../dist/index.js');
  const data = require('@fluxscale/data');
  const { tf } = await models.selectBackend({ name: 'wasm', log: () => undefined });
  models.setFusedLstmThreads(o.threads);
  const common = { hidden: o.hidden, layers: 1, learningRate: 1e-3, clipNorm: 1 };
  const peerArgs = { window: o.window, features: o.features, hidden: o.hidden, threads: o.threads, reps: o.reps, python: o.python };
  const pools = { windows: { seconds: [], days: 0 }, sequence: { seconds: [], days: 0 } };
  let peerWindows = { train: null };
  let peerChunks = { train: null };
  // rounds of PyTorch and of ours alternate, so that both see the same machine conditions; about 10 gradient
  // steps per epoch on each side
  for (let round = 0; round < o.rounds; round++) {
    peerWindows = torchRates({ ...peerArgs, batch: o.windowBatch });
    peerChunks = torchRates({ ...peerArgs, batch: o.chunkBatch, targetDays: o.targetDays });
    await timeEpochs(models, data, { window: o.window, model: { ...common, batchSize: o.windowBatch } }, o.window - 1 + 10 * o.windowBatch, o.epochs, o.features, pools.windows);
    const sequenceModel = { ...common, batchSize: o.chunkBatch, training: 'sequence', targetDays: o.targetDays };
    await timeEpochs(models, data, { window: o.window, model: sequenceModel }, o.window - 1 + 10 * o.chunkBatch * o.targetDays, o.epochs, o.features, pools.sequence);
  }
  const windows = stepRates(pools.windows.seconds, pools.windows.days);
  const sequence = stepRates(pools.sequence.seconds, pools.sequence.days);
  const lastOnly = fusedStepSeconds(tf, models, o, false, o.reps);
  const everyStep = fusedStepSeconds(tf, models, o, true, o.reps);
  models.setFusedLstmThreads(undefined); // stops the kernel's worker threads
  const peerSequence = peerChunks.train === null ? null : peerChunks.train * o.targetDays;
  const overhead = (100 * (everyStep - lastOnly)) / lastOnly;
  const row = (name, ours, peer, rates, note) => ({ case: name, ours, peer, unit: 'training days/s', speedup: peer === null ? null : ours / peer, note, ...peerSkipped(rates) });
  return [
    row(
      'lstm-days-windows-2t',
      windows.best,
      peerWindows.train,
      peerWindows,
      `stride 1, batch ${o.windowBatch} windows; fastest of ${pools.windows.seconds.length} epochs in ${o.rounds} rounds (median ${fmt(windows.median)}), PyTorch fastest of ${peerWindows.steps ?? 0} steps (median ${fmt(peerWindows.trainMedian)})`,
    ),
    row(
      'lstm-days-sequence-2t',
      sequence.best,
      peerSequence,
      peerChunks,
      `targetDays ${o.targetDays}, batch ${o.chunkBatch} chunks of ${o.window + o.targetDays - 1} days; fastest of ${pools.sequence.seconds.length} epochs in ${o.rounds} rounds (median ${fmt(sequence.median)}), ` +
        `PyTorch fastest of ${peerChunks.steps ?? 0} steps (median ${fmt(peerChunks.trainMedian === undefined ? null : peerChunks.trainMedian * o.targetDays)}); ` +
        `${(sequence.best / windows.best).toFixed(1)}× the windows formulation's days/s; outputs at every step add ${overhead.toFixed(1)} % to a fused training step ` +
        `(${(1000 * everyStep).toFixed(1)} ms vs ${(1000 * lastOnly).toFixed(1)} ms)`,
    ),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await runSequenceBench();
  console.table(rows.map((r) => ({ case: r.case, ours: r.ours, peer: r.peer, unit: r.unit, speedup: r.speedup })));
  for (const r of rows) console.log(`${r.case}: ${r.note}`);
}
