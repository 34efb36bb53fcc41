// Package benchmark entry (`pnpm bench`): runs the baseline, stock-LSTM, fused-LSTM and training-formulation
// benchmarks against their Python peers (scikit-learn, PyTorch CPU with 2 threads) in one run, prints a table and writes
// bench/results/latest.json as a list of { case, ours, peer, unit, speedup } (speedup > 1: fluxscale faster).
// `node bench/run.mjs --only fused,lstm` runs a subset. `--smoke` runs every case once at tiny sizes, checks the
// rows and writes nothing. A suite that fails is reported, the others still run, and the run exits 1. Needs the
// package built (`pnpm build`) and /usr/bin/python3 with python3-sklearn and python3-torch (Debian packages);
// without them the rows have no peer.
import { execSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { finishBench, smokeRequested } from '../../../tooling/bench/index.mjs';
import { runBaselineBench } from './baselines.mjs';
import { runFusedLstmBench } from './fused-lstm.mjs';
import { runLstmBench } from './lstm.mjs';
import { runSequenceBench } from './sequence.mjs';
import { runStatefulBench } from './stateful.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// The suites, in the order they run; to add one, import it and add a line. A suite is an async function of
// options that resolves to rows; with { smoke: true } it runs the same code paths at tiny sizes (each suite
// keeps those sizes beside its full ones), and any other option overrides a size.
// fused before lstm: the stock LSTM rows then share the PyTorch rounds that fused-lstm.mjs interleaves.
const suites = {
  baselines: runBaselineBench,
  fused: runFusedLstmBench,
  lstm: runLstmBench,
  sequence: runSequenceBench,
  stateful: runStatefulBench,
};
const smoke = smokeRequested();
const onlyArg = process.argv.indexOf('--only');
const requested = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : Object.keys(suites);
const unknown = requested.filter((name) => !(name in suites));
const only = Object.keys(suites).filter((name) => requested.includes(name));
if (unknown.length > 0) {
  console.error(`bench: unknown suite(s) ${unknown.join(', ')} (known: ${Object.keys(suites).join(', ')})`);
  process.exit(2);
}

const cpu = execSync("lscpu | sed -n 's/^Model name:[ \\t]*//p'", { encoding: 'utf8' }).trim();
console.log(`machine: ${cpu}, ${availableParallelism()} cores, node ${process.version}${smoke ? ' (smoke run)' : ''}`);
const rows = [];
const failed = [];
for (const name of only) {
  try {
    rows.push(...(await suites[name]({ smoke })));
  } catch (error) {
    failed.push(name);
    console.error(`bench: suite ${name} failed: ${error.stack ?? error}`);
  }
}
const fmt = (v) => (v === null || v === undefined ? '—' : Number(v).toPrecision(4));
console.table(rows.map((r) => ({ case: r.case, ours: fmt(r.ours), peer: fmt(r.peer), unit: r.unit, speedup: fmt(r.speedup) })));
// With --only, the other suites' rows of the last full run are kept.
if (rows.length > 0) finishBench(rows, { smoke, file: path.join(here, 'results', 'latest.json'), merge: onlyArg > 0 });
if (failed.length > 0) console.error(`bench: suite(s) ${failed.join(', ')} failed (see above)`);
process.exit(failed.length > 0 ? 1 : 0);
