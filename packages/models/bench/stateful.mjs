// The LSTM's stateful formulation (training: 'stateful'): training days covered per second, beside PyTorch CPU
// doing the same stateful training (scripts/bench_lstm_torch.py --stateful 1: chunks of targetDays steps from
// the carried, detached states of the previous step, Linear(1) and MSE at every step; 2 threads on both sides,
// `torch.set_num_threads(2)`). Same model on both sides: 8 features, LSTM(64), dense(1), Adam, MSE, clip-norm 1.
// Ours is LstmRegressor.fit through the public API on the fused WebAssembly kernel with 2 threads (wasm backend,
// no dropout, no validation), on `rows` synthetic sites walked side by side (one batch row each), read lazily by
// @fluxscale/data; its rate is that of the fastest of several epochs, each including its warm-up chunk (window − 1
// days per site without loss) and building the chunks. PyTorch's is that of its fastest chunk step, warm-up not
// included (torch-peer.mjs). Rounds of PyTorch and of ours alternate. Needs the package built (`pnpm build`).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { timeEpochs } from './sequence.mjs';
import { PEER_REPS, peerSkipped, stepRates, torchRates } from './torch-peer.mjs';

const require = createRequire(import.meta.url);

const fmt = (v) => (v === null || v === undefined ? '—' : v.toFixed(0));

/**
 * Runs the stateful benchmark and returns one row { case, ours, peer, unit, speedup, note } (unit training
 * days/s, speedup = ours / PyTorch): lstm-days-stateful-2t. Options: smoke (tiny sizes, one round, to check
 * that it runs), window (365), features (8), hidden (64), targetDays (120), rows (16 sites per batch), chunks
 * (10 chunks per site and epoch), threads (2, both sides), epochs (4 per round; the first is not timed),
 * rounds (3), reps (PEER_REPS), python ('/usr/bin/python3').
 */
export async function runStatefulBench(options = {}) {
  const sizes = options.smoke ? { window: 30, hidden: 8, targetDays: 10, rows: 2, chunks: 3, epochs: 2, rounds: 1, reps: 2 } : {};
  const o = { window: 365, features: 8, hidden: 64, targetDays: 120, rows: 16, chunks: 10, threads: 2, epochs: 4, rounds: 3, reps: PEER_REPS, python: '/usr/bin/python3', ...sizes, ...options };
  const models = require('../dist/index.js');
  const data = require('@fluxscale/data');
  await models.selectBackend({ name: 'wasm', log: () => undefined });
  models.setFusedLstmThreads(o.threads);
  const params = { hidden: o.hidden, layers: 1, learningRate: 1e-3, clipNorm: 1, batchSize: o.rows, training: 'stateful', targetDays: o.targetDays };
  const pool = { seconds: [], days: 0 };
  let peer = { train: null };
  for (let round = 0; round < o.rounds; round++) {
    peer = torchRates({ window: o.window, features: o.features, hidden: o.hidden, threads: o.threads, reps: o.reps, python: o.python, batch: o.rows, targetDays: o.targetDays, stateful: true });
    await timeEpochs(models, data, { window: o.window, model: params }, o.window - 1 + o.chunks * o.targetDays, o.epochs, o.features, pool, o.rows);
  }
  models.setFusedLstmThreads(undefined);
  const ours = stepRates(pool.seconds, pool.days);
  const peerDays = peer.train === null ? null : peer.train * o.targetDays;
  return [
    {
      case: 'lstm-days-stateful-2t',
      ours: ours.best,
      peer: peerDays,
      unit: 'training days/s',
      speedup: peerDays === null ? null : ours.best / peerDays,
      note:
        `targetDays ${o.targetDays}, ${o.rows} sites side by side, ${o.chunks} chunks per site and epoch plus the warm-up; fastest of ${pool.seconds.length} epochs in ${o.rounds} rounds (median ${fmt(ours.median)}), ` +
        `PyTorch fastest of ${peer.steps ?? 0} chunk steps (median ${fmt(peer.trainMedian === undefined ? null : peer.trainMedian * o.targetDays)})`,
      ...peerSkipped(peer),
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await runStatefulBench({ smoke: process.argv.includes('--smoke') });
  console.table(rows.map((r) => ({ case: r.case, ours: r.ours, peer: r.peer, unit: r.unit, speedup: r.speedup })));
  for (const r of rows) console.log(`${r.case}: ${r.note}`);
  process.exit(0);
}
