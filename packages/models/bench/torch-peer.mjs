// The PyTorch CPU peer of the LSTM benchmarks (scripts/bench_lstm_torch.py), shared by lstm.mjs and
// fused-lstm.mjs so both compare with the same model, timing rule and thread count. Each torchRates call runs
// the peer once more and pools its step times with those of the earlier calls in this process (same
// configuration): fused-lstm.mjs interleaves peer rounds with its own, so both sides see the same machine
// conditions, and lstm.mjs (sharedTorchRates) reuses that pool, so all LSTM rows of a run share one peer.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { peerFailure } from '../../../tooling/bench/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pools = new Map();

/** Timed steps per kind and round (after warm-up), on both sides of the LSTM benchmarks. */
export const PEER_REPS = 10;

/**
 * Rates of `batch` samples per step from step durations in seconds: { best } from the fastest step (the least
 * disturbed by other load) and { median } from the median one, in samples/s. The rule of both sides.
 */
export function stepRates(seconds, batch) {
  const sorted = [...seconds].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { best: batch / sorted[0], median: batch / median };
}

const scriptArgs = ({ window = 365, features = 8, hidden = 64, batch = 64, threads = 2, reps = PEER_REPS, targetDays = 0, stateful = false }) =>
  ['--window', window, '--features', features, '--hidden', hidden, '--batch', batch, '--threads', threads, '--reps', reps]
    .concat(targetDays > 0 ? ['--target-days', targetDays] : [])
    .concat(stateful ? ['--stateful', 1] : [])
    .map(String);

/** Pooled rates of the rounds in `pool` (see torchRates). */
function pooledRates(pool, batch) {
  const train = stepRates(pool.train, batch), infer = stepRates(pool.infer, batch);
  return {
    train: train.best, infer: infer.best, trainMedian: train.median, inferMedian: infer.median,
    torch: pool.torch, threads: pool.threads, steps: pool.train.length,
  };
}

/**
 * Runs one round of the PyTorch peer on the same LSTM and returns its pooled training and inference rates over
 * every round of this configuration so far: { train, infer } (fastest step), { trainMedian, inferMedian },
 * { torch, threads, steps }; or { train: null, infer: null, unavailable } (why) with a warning when
 * /usr/bin/python3 has no torch (apt-get install python3-torch). Options: window, features, hidden, batch,
 * threads, reps, python, and targetDays (≥ 1: the sequence formulation, batch chunks of window + targetDays − 1
 * steps; rates in chunks/s), and stateful (with targetDays: chunks of targetDays steps from the carried, detached
 * states of the last step).
 */
export function torchRates(options = {}) {
  const { batch = 64, python = '/usr/bin/python3' } = options;
  const args = scriptArgs(options);
  let round;
  try {
    round = JSON.parse(execFileSync(python, [path.join(here, '..', 'scripts', 'bench_lstm_torch.py'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    const unavailable = `PyTorch peer unavailable (${peerFailure(error)}); install it with: apt-get install python3-torch`;
    console.warn(unavailable);
    return { train: null, infer: null, unavailable };
  }
  const key = [python, ...args].join(' ');
  const pool = pools.get(key) ?? { train: [], infer: [] };
  pool.train.push(...round.trainSeconds);
  pool.infer.push(...round.inferSeconds);
  Object.assign(pool, { torch: round.torch, threads: round.threads });
  pools.set(key, pool);
  return pooledRates(pool, batch);
}

/** The pooled rates of the rounds this process already ran for this configuration (so that suites of one
 *  bench run share the peer), or those of a first round (torchRates). */
export function sharedTorchRates(options = {}) {
  const pool = pools.get([options.python ?? '/usr/bin/python3', ...scriptArgs(options)].join(' '));
  return pool === undefined ? torchRates(options) : pooledRates(pool, options.batch ?? 64);
}

/** The peerSkipped field of a row whose peer rates are `rates` (torchRates): { peerSkipped: why } when it did not run. */
export function peerSkipped(rates) {
  return rates.unavailable === undefined ? {} : { peerSkipped: rates.unavailable };
}
