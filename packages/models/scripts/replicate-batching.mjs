// What batching K seed replicates into one model could save: the fused LSTM kernel's forward + backward
// time for one chunk of B rows against the same work for K·B rows (K replicates with shared data order
// share their inputs, so their rows stack into one call of K times the batch). A ratio
// K·t(B) / t(K·B) near 1 means the kernel is already as efficient at the verdict's batch as at the
// stacked one, and batching the replicates would save next to nothing of the kernel's time.
//
// Usage (after `pnpm build`): node scripts/replicate-batching.mjs [--threads 2] [--repeats 20]
import { WasmLstmKernel } from '../dist/fused-lstm/index.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, v, i, all) => (i % 2 === 0 ? [...pairs, [v.replace(/^--/, ''), all[i + 1]]] : pairs), []));
const threads = Number(args.threads ?? 2);
const repeats = Number(args.repeats ?? 20);
// The verdict's stateful LSTM: 16 rows per step, chunks of 120 days, 32 units, 3 drivers + the day of year (sin, cos).
const [B, T, F, H] = [16, 120, 5, 32];
const K = [1, 2, 5, 10];

function random(n, seed) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

const kernel = WasmLstmKernel.load({ threads });
const weights = { kernel: random(F * 4 * H, 1), recurrentKernel: random(H * 4 * H, 2), bias: random(4 * H, 3) };
function seconds(batch) {
  const dims = { batch, steps: T, features: F, units: H, recurrentActivation: 'sigmoid', returnSequences: true };
  const x = random(batch * T * F, 4);
  const dy = random(batch * T * H, 5);
  const once = () => kernel.backward(kernel.forward(dims, x, weights).tape, dy);
  for (let i = 0; i < 3; i++) once();
  const started = process.hrtime.bigint();
  for (let i = 0; i < repeats; i++) once();
  return Number(process.hrtime.bigint() - started) / 1e9 / repeats;
}

const base = seconds(B);
console.log(`fused LSTM kernel, ${threads} thread(s): forward + backward of one chunk (T ${T}, F ${F}, H ${H})`);
console.log('| replicates K | rows | ms per call | K separate calls, ms | saving if stacked |');
console.log('|---:|---:|---:|---:|---:|');
for (const k of K) {
  const t = k === 1 ? base : seconds(k * B);
  console.log(`| ${k} | ${k * B} | ${(t * 1e3).toFixed(2)} | ${(k * base * 1e3).toFixed(2)} | ${((k * base) / t).toFixed(2)}× |`);
}
kernel.close();
