// GPU benchmark: LSTM training and inference samples/s through LstmRegressor on the WebGPU backend
// (fused WGSL kernels) against the fused WebAssembly kernel on the CPU (wasm backend, threads =
// FLUXSCALE_THREADS or all cores), in the same run. Same model on both sides: [batch, window, 8] →
// LSTM(64) → dense(1), Adam, MSE, clip-norm 1, sigmoid gates. Rows { case, ours (webgpu), peer (wasm),
// unit, speedup } — speedup > 1: the GPU is faster — are printed as a table and as one JSON line, and
// written to bench/results/gpu.json when the adapter is a hardware one.
// Not part of `pnpm bench` (it needs a GPU); tooling/gpu/check.sh runs it. Needs the package built.
//
//   node bench/gpu.mjs [--window 365] [--batches 64,1024] [--train-batches 8] [--allow-software]
//
// The WebGPU backend must run on a hardware adapter unless --allow-software (to try the script on a
// software driver such as Mesa's lavapipe).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { regressorRates } from './lstm.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** Command-line options with their defaults. */
function parseArgs(argv) {
  const o = { window: 365, batches: [64, 1024], trainBatches: 8, allowSoftware: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const positive = (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got '${v}'`);
      return n;
    };
    if (flag === '--window') o.window = positive(value());
    else if (flag === '--batches') o.batches = value().split(',').map(positive);
    else if (flag === '--train-batches') o.trainBatches = positive(value());
    else if (flag === '--allow-software') o.allowSoftware = true;
    else throw new Error(`unknown option ${flag} (known: --window, --batches, --train-batches, --allow-software)`);
  }
  return o;
}

/**
 * Runs the benchmark: per batch size, rates on webgpu and on wasm (fused kernels on both). Returns
 * { adapter, rows }. Rejects if the WebGPU backend does not load, or runs on a software adapter
 * without `allowSoftware`.
 */
export async function runGpuBench(options) {
  const models = require('../dist/index.js');
  process.env.FLUXSCALE_LSTM = 'auto';
  const gpu = await models.selectBackend({ name: 'webgpu' });
  if (gpu.device.software && !options.allowSoftware) {
    const name = gpu.device.device || gpu.device.description || 'unnamed adapter';
    throw new Error(`the WebGPU adapter is a software one (${name}); pass --allow-software to benchmark it anyway`);
  }
  const rows = [];
  for (const batch of options.batches) {
    const o = {
      window: options.window,
      features: 8,
      hidden: 64,
      batch,
      trainBatches: { webgpu: options.trainBatches, wasm: options.trainBatches },
      inferSamples: { webgpu: 2 * batch, wasm: 2 * batch },
    };
    const rates = {};
    for (const backend of ['webgpu', 'wasm']) {
      rates[backend] = await regressorRates(models, backend, o);
      console.error(`gpu bench: batch ${batch} on ${backend}: train ${rates[backend].train.toFixed(1)}, infer ${rates[backend].infer.toFixed(1)} samples/s`);
    }
    for (const kind of ['train', 'infer']) {
      const ours = rates.webgpu[kind];
      const peer = rates.wasm[kind];
      rows.push({ case: `lstm-${kind}-webgpu-vs-wasm-fused-b${batch}`, ours, peer, unit: 'samples/s', speedup: ours / peer });
    }
  }
  models.setFusedLstmThreads(undefined); // stops the kernel's worker threads
  return { adapter: gpu.device, rows };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const result = await runGpuBench(options);
    const fmt = (v) => Number(v).toPrecision(4);
    console.table(result.rows.map((r) => ({ ...r, ours: fmt(r.ours), peer: fmt(r.peer), speedup: fmt(r.speedup) })));
    const doc = { adapter: result.adapter, window: options.window, hidden: 64, features: 8, rows: result.rows };
    if (!result.adapter.software) {
      const dir = path.join(here, 'results');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'gpu.json');
      writeFileSync(`${file}.tmp`, `${JSON.stringify(doc, null, 1)}\n`);
      renameSync(`${file}.tmp`, file);
    }
    console.log(JSON.stringify(doc));
    process.exit(0);
  } catch (error) {
    console.error(`gpu bench: ${error.message.split('\n')[0]}`);
    process.exit(1);
  }
}
