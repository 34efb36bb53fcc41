// The PyTorch CPU peer of the LSTM benchmarks (scripts/bench_lstm_torch.py), shared by lstm.mjs and
// fused-lstm.mjs so both compare with the same model, timing rule and thread count.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Training and inference samples/s of PyTorch on the same LSTM ({ train, infer, torch, threads }), or
 * { train: null, infer: null } with a warning when /usr/bin/python3 has no torch (apt-get install python3-torch).
 */
export function torchRates({ window = 365, features = 8, hidden = 64, batch = 64, threads = 2, reps = 4, python = '/usr/bin/python3' } = {}) {
  const script = path.join(here, '..', 'scripts', 'bench_lstm_torch.py');
  const args = ['--window', window, '--features', features, '--hidden', hidden, '--batch', batch, '--threads', threads, '--reps', reps];
  try {
    return JSON.parse(execFileSync(python, [script, ...args.map(String)], { encoding: 'utf8' }));
  } catch (error) {
    console.warn(`PyTorch peer unavailable (${error.message.split('\n')[0]}); install it with: apt-get install python3-torch`);
    return { train: null, infer: null };
  }
}
