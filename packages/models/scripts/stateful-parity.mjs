// Accuracy parity of the LSTM's stateful formulation (training: 'stateful') with the sequence formulation
// (training: 'sequence', the settings the bundled-sample parity test and the exploration chose: targetDays 120,
// hidden 32, batchSize 16, learningRate 0.01, epochs 150, patience 15), the stateful one with the same settings.
// Both train on every training day of each ecosystem group (the experiments app's pipeline, lstm-scoring.mjs)
// and score the test part: pooled raw and seasonal R² per seed, and the wall time of the fits.
//
// Usage (after `pnpm build`; writes stateful-parity-<data>.json next to this script and prints the table):
//   node scripts/stateful-parity.mjs [--data sample|subset] [--seeds 42,43,44] [--tasks raw,seasonal] [--formulations sequence,stateful] [--threads 1]
// --data subset: the sites listed in stateful-parity-sites.txt of the 110-site folder data/fluxnet2015-daily.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DRIVERS, evaluate, groupInputs, writeResults } from './lstm-scoring.mjs';

const require = createRequire(import.meta.url);
const data = require('@fluxscale/data');
const models = require('../dist/index.js');

const here = path.dirname(fileURLToPath(import.meta.url));
const COMMON = { hidden: 32, targetDays: 120, batchSize: 16, learningRate: 0.01, epochs: 150, patience: 15 };

function parseArgs(argv) {
  const args = { data: 'sample', seeds: '42,43,44', tasks: 'raw,seasonal', formulations: 'sequence,stateful', threads: '1' };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args) || argv[i + 1] === undefined) {
      console.error(`stateful-parity: unknown or incomplete option ${argv[i]} (known: ${Object.keys(args).map((k) => `--${k}`).join(', ')})`);
      process.exit(2);
    }
    args[key] = argv[i + 1];
  }
  if (!['sample', 'subset'].includes(args.data)) {
    console.error(`stateful-parity: --data must be sample or subset, got ${args.data}`);
    process.exit(2);
  }
  return args;
}

/** The prepared sites: the bundled sample, or the listed subset of the 110-site folder. */
function sites(which) {
  const options = { target: 'NEE_VUT_REF', drivers: DRIVERS, minYears: 5 };
  if (which === 'sample') return data.prepareDirectory(data.SAMPLE_DATA_DIR, options).sites;
  const dir = path.join(here, '..', '..', '..', 'data', 'fluxnet2015-daily');
  if (!existsSync(dir)) throw new Error(`stateful-parity: ${dir} not found (the 110-site folder of the repository)`);
  const listed = readFileSync(path.join(here, 'stateful-parity-sites.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const prepared = data.prepareDirectory(dir, options).sites.filter((s) => listed.includes(s.siteId));
  if (prepared.length !== listed.length) throw new Error(`stateful-parity: ${listed.length} sites listed, ${prepared.length} usable`);
  return prepared;
}

async function main() {
  const args = parseArgs(process.argv);
  const backend = await models.selectBackend({ name: 'wasm', log: () => undefined });
  models.setFusedLstmThreads(Number(args.threads));
  const prepared = sites(args.data);
  const out = path.join(here, `stateful-parity-${args.data}.json`);
  const results = { data: args.data, backend: backend.name, kernel: models.fusedLstmInfo(), params: COMMON, sites: prepared.map((s) => `${s.siteId} (${s.group})`), runs: [] };
  for (const task of args.tasks.split(',')) {
    const inputsByGroup = groupInputs(prepared, task);
    for (const training of args.formulations.split(',')) {
      for (const seed of args.seeds.split(',').map(Number)) {
        const run = { task, ...(await evaluate({ name: training, stride: 1, params: { ...COMMON, training } }, inputsByGroup, 'test', seed)) };
        results.runs.push(run);
        console.log(`${args.data} ${task} ${training} seed ${seed}: R² ${run.r2.toFixed(4)}, fits ${run.fitSeconds.toFixed(1)} s, epochs ${Object.values(run.groups).map((g) => g.epochs).join('/')}`);
        writeResults(out, results);
      }
    }
  }
  console.log(`stateful-parity: ${results.runs.length} runs written to ${out}`);
  process.exit(0);
}

await main();
