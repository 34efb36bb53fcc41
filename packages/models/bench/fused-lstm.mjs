// Fused LSTM benchmark: training and inference samples/s of the fused WebAssembly kernel (1 and 2 threads)
// against PyTorch CPU (2 threads) on the same machine in the same run.
// Each rate is the fastest of a few timed steps, on both sides (the machine may be shared).
// Training = one full step through TensorFlow.js: FusedLstm + dense(1) forward, MSE, backward (fused kernel),
// tf.train.adam update. Inference = model.predict. Needs the package built (`pnpm build`) and
// /usr/bin/python3 with torch for the peer (rows get peer null without it).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { torchRates } from './torch-peer.mjs';

const require = createRequire(import.meta.url);

/** Floating-point operations of one LSTM forward pass (the GEMMs: input projection and recurrence). */
function forwardFlops({ window, features, hidden, batch }) {
  return 2 * batch * window * (features + hidden) * 4 * hidden;
}

/** Samples/s of the fastest of `reps` timed steps (after one warm-up step): the least disturbed by other load. */
function timeRate(step, batch, reps) {
  step();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    step();
    best = Math.min(best, performance.now() - start);
  }
  return (batch * 1000) / best;
}


/**
 * Runs the fused LSTM benchmark and returns rows { case, ours, peer, unit, speedup } (speedup > 1: fluxscale is
 * faster). Options: window (365), features (8), hidden (64), batch (64), reps (4), peerReps (4), python
 * ('/usr/bin/python3'). Also prints samples/s and achieved GFLOP/s of the LSTM GEMMs.
 */
export async function runFusedLstmBench(options = {}) {
  const o = { window: 365, features: 8, hidden: 64, batch: 64, reps: 4, peerReps: 4, python: '/usr/bin/python3', ...options };
  const tf = require('@tensorflow/tfjs');
  const fused = require('../dist/fused-lstm/index.js');
  await tf.setBackend('cpu');
  const model = tf.sequential();
  model.add(new fused.FusedLstm({ units: o.hidden, inputShape: [o.window, o.features] }));
  model.add(tf.layers.dense({ units: 1 }));
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([o.batch, o.window, o.features]);
  const y = tf.randomNormal([o.batch, 1]);
  const train = () => optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true })), false);
  const infer = () => tf.tidy(() => model.predict(x).dataSync());
  const peer = torchRates({ ...o, threads: 2, reps: o.peerReps });
  const rows = [];
  const flops = forwardFlops(o);
  for (const threads of [1, 2]) {
    fused.setFusedLstmThreads(threads);
    for (const [kind, step, flopFactor] of [['train', train, 3], ['infer', infer, 1]]) {
      const ours = timeRate(step, o.batch, o.reps);
      const gflops = (ours / o.batch) * flops * flopFactor / 1e9;
      console.log(`lstm-${kind}-fused-${threads}t: ${ours.toFixed(1)} samples/s, ${gflops.toFixed(2)} GFLOP/s (kernel ${fused.fusedLstmInfo().kernel})`);
      const p = peer[kind];
      rows.push({ case: `lstm-${kind}-fused-${threads}t`, ours, peer: p, unit: 'samples/s', speedup: p ? ours / p : null });
    }
  }
  fused.shutdownFusedLstm();
  tf.dispose([x, y]);
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await runFusedLstmBench();
  console.table(rows);
}
