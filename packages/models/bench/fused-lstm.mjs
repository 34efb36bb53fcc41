// Fused LSTM benchmark: training and inference samples/s of the fused WebAssembly kernel (1 and 2 threads)
// against PyTorch CPU (2 threads) on the same machine in the same run. Same model on both sides: sigmoid
// gates and tanh cell (PyTorch's LSTM, and LstmRegressor's), window 365, 8 features, 64 units, batch 64.
// Timing rule of both sides (torch-peer.mjs): each kind of step is warmed up and timed `reps` times per round,
// and `rounds` rounds of PyTorch and of ours alternate, so that both see the same machine conditions; a rate
// is that of the fastest step over all rounds (the least disturbed by other load), the median step's rates
// are given in the row's note.
// Training = one full step through TensorFlow.js: the fused LSTM layer (createLstmLayer on the cpu backend) +
// dense(1) forward, MSE, backward (fused kernel), tf.train.adam update. Inference = model.predict with
// batchSize = batch (tf.js would otherwise split it into batches of 32), which runs the forward-only kernel path.
// Needs the package built (`pnpm build`) and /usr/bin/python3 with torch for the peer (rows get peer null
// without it).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PEER_REPS, peerSkipped, stepRates, torchRates } from './torch-peer.mjs';

const require = createRequire(import.meta.url);
const WARMUP = 3;

/** Floating-point operations of one LSTM forward pass (the GEMMs: input projection and recurrence). */
function forwardFlops({ window, features, hidden, batch }) {
  return 2 * batch * window * (features + hidden) * 4 * hidden;
}

/** Seconds of each of `reps` timed calls of step, after WARMUP untimed ones. */
function stepSeconds(step, reps) {
  for (let i = 0; i < WARMUP; i++) step();
  const seconds = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    step();
    seconds.push((performance.now() - start) / 1000);
  }
  return seconds;
}

const fmt = (v) => (v === null || v === undefined ? '—' : v.toFixed(0));

const FULL = { window: 365, features: 8, hidden: 64, batch: 64, reps: PEER_REPS, rounds: 3 };
const SMOKE = { window: 20, features: 8, hidden: 8, batch: 4, reps: 1, rounds: 1 };

/**
 * Runs the fused LSTM benchmark and returns rows { case, ours, peer, unit, speedup, note } (speedup > 1:
 * fluxscale is faster). Options: smoke (tiny sizes), window (365), features (8), hidden (64), batch (64), reps
 * (PEER_REPS per round, both sides), rounds (3), python ('/usr/bin/python3'). Also prints samples/s and
 * achieved GFLOP/s of the LSTM GEMMs.
 */
export async function runFusedLstmBench(options = {}) {
  const o = { ...(options.smoke ? SMOKE : FULL), python: '/usr/bin/python3', ...options };
  const models = require('../dist/index.js');
  const { tf } = await models.selectBackend({ name: 'cpu', log: () => undefined });
  const info = models.fusedLstmInfo();
  if (!info.simd) throw new Error(`the fused WebAssembly kernel is not available here (${info.fallbackReason})`);
  const model = tf.sequential();
  model.add(models.createLstmLayer(tf, { units: o.hidden, returnSequences: false, seed: 1, inputShape: [o.window, o.features], implementation: 'auto' }));
  model.add(tf.layers.dense({ units: 1 }));
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([o.batch, o.window, o.features]);
  const y = tf.randomNormal([o.batch, 1]);
  const steps = {
    train: () => optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true })), false),
    infer: () => tf.tidy(() => model.predict(x, { batchSize: o.batch }).dataSync()),
  };
  const cases = [1, 2].flatMap((threads) => ['train', 'infer'].map((kind) => ({ threads, kind, seconds: [] })));
  let peer = { train: null, infer: null };
  for (let round = 0; round < o.rounds; round++) {
    peer = torchRates({ ...o, threads: 2 });
    for (const c of cases) {
      models.setFusedLstmThreads(c.threads);
      c.seconds.push(...stepSeconds(steps[c.kind], o.reps));
    }
  }
  const flops = forwardFlops(o);
  const rows = cases.map(({ threads, kind, seconds }) => {
    const ours = stepRates(seconds, o.batch);
    const gflops = (ours.best / o.batch) * flops * (kind === 'train' ? 3 : 1) / 1e9;
    const name = `lstm-${kind}-fused-${threads}t`;
    console.log(`${name}: ${ours.best.toFixed(1)} samples/s (median ${ours.median.toFixed(1)}), ${gflops.toFixed(2)} GFLOP/s (kernel ${models.fusedLstmInfo().kernel})`);
    const p = peer[kind];
    const note = `fastest of ${seconds.length} steps in ${o.rounds} rounds; medians ours ${fmt(ours.median)}, peer ${fmt(peer[`${kind}Median`])}; ${gflops.toFixed(1)} GFLOP/s`;
    return { case: name, ours: ours.best, peer: p, unit: 'samples/s', speedup: p ? ours.best / p : null, note, ...peerSkipped(peer) };
  });
  models.setFusedLstmThreads(undefined); // stops the kernel's worker threads
  tf.dispose([x, y]);
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await runFusedLstmBench();
  console.table(rows);
}
