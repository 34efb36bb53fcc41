// Speed of GradientSHAP (expected gradients) on the 'cpu' backend of TensorFlow.js with fluxscale's LSTM layer
// (the fused WebAssembly kernel), against the same
// computation in PyTorch on the CPU (bench/explain_peer.py), same machine, same run.
// Case: LSTM (hidden 64) + dense over windows of 365 days × 8 features, 20 samples per window, background of
// 16 windows, 64 interpolated windows per gradient call. Random inputs and weights (speed does not depend on them).
// The cost is linear in windows × samples, so a few windows are timed and the figure is scaled to 1,000 windows
// (EXPLAIN_WINDOWS=1000 times them all). Needs `pnpm build` first.
// Writes bench/results/explain.json and prints a table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const tf = { ...require('@tensorflow/tfjs-core'), ...require('@tensorflow/tfjs-layers') };
require('@tensorflow/tfjs-backend-cpu');
const { gradientShap } = require(path.join(pkg, 'dist', 'index.js'));
const { createLstmLayer } = require('@fluxscale/models');

const config = {
  windows: Number(process.env.EXPLAIN_WINDOWS ?? 3),
  samples: Number(process.env.EXPLAIN_SAMPLES ?? 20),
  hidden: 64,
  window: 365,
  features: 8,
  background: 16,
  batchSize: 64,
};
const target = 1000;

/** The LSTM as fluxscale builds it: @fluxscale/models' layer factory (the fused kernel on the cpu backend). */
function lstm() {
  const model = tf.sequential({
    layers: [
      createLstmLayer(tf, { units: config.hidden, returnSequences: false, seed: 1, inputShape: [config.window, config.features] }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  return { model, explained: (x) => model.apply(x) };
}

function windows(n, seed) {
  const x = tf.tidy(() => tf.randomNormal([n, config.window, config.features], 0, 1, 'float32', seed).dataSync());
  return { x: Float32Array.from(x), n, window: config.window, features: config.features };
}

async function ours() {
  await tf.setBackend('cpu');
  const { model, explained } = lstm();
  const background = windows(config.background, 7);
  const options = { background, noiseStd: 0.01, seed: 1, batchSize: config.batchSize };
  await gradientShap(explained, { ...options, inputs: windows(1, 8), samples: 2 });
  const inputs = windows(config.windows, 9);
  const start = performance.now();
  const result = await gradientShap(explained, { ...options, inputs, samples: config.samples });
  const seconds = (performance.now() - start) / 1000;
  model.dispose();
  return { seconds, relativeMeanGap: result.completenessError.relativeMeanGap };
}

function peer() {
  try {
    const out = execFileSync('/usr/bin/python3', [path.join(here, 'explain_peer.py'), JSON.stringify(config)], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop());
  } catch (error) {
    console.warn(`peer skipped: ${error.message.split('\n')[0]}`);
    return null;
  }
}

const measured = await ours();
const reference = peer();
const scale = target / config.windows;
const row = {
  case: `GradientSHAP ${target} windows × ${config.window} d × ${config.features} features, LSTM-${config.hidden}, ${config.samples} samples (from ${config.windows} timed)`,
  ours: measured.seconds * scale,
  peer: reference ? reference.seconds * scale : null,
  unit: 's',
  speedup: reference ? reference.seconds / measured.seconds : null,
};
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'explain.json'), JSON.stringify([row], null, 2) + '\n');
const fmt = (v) => (v === null ? 'n/a' : v.toFixed(1));
console.log('| case | fluxscale tfjs-cpu (s) | PyTorch CPU (s) | speedup |');
console.log('|---|---|---|---|');
console.log(`| ${row.case} | ${fmt(row.ours)} | ${fmt(row.peer)} | ${row.speedup === null ? 'n/a' : row.speedup.toFixed(3)} |`);
console.log(`per window: ${(measured.seconds / config.windows).toFixed(2)} s ours, ${reference ? (reference.seconds / config.windows).toFixed(2) : 'n/a'} s peer (torch threads ${reference?.threads ?? 'n/a'})`);
