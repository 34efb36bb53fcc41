// Package benchmark entry (`pnpm bench`): runs the baseline, stock-LSTM, fused-LSTM and training-formulation
// benchmarks against their Python peers (scikit-learn, PyTorch CPU with 2 threads) in one run, prints a table and writes
// bench/results/latest.json as a list of { case, ours, peer, unit, speedup } (speedup > 1: fluxscale faster).
// `node bench/run.mjs --only fused,lstm` runs a subset. Needs the package built (`pnpm build`) and
// /usr/bin/python3 with python3-sklearn and python3-torch (Debian packages).
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBaselineBench } from './baselines.mjs';
import { runFusedLstmBench } from './fused-lstm.mjs';
import { runLstmBench } from './lstm.mjs';
import { runSequenceBench } from './sequence.mjs';
import { runStatefulBench } from './stateful.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// fused before lstm: the stock LSTM rows then share the PyTorch rounds that fused-lstm.mjs interleaves.
const suites = { baselines: runBaselineBench, fused: runFusedLstmBench, lstm: runLstmBench, sequence: runSequenceBench, stateful: runStatefulBench };
const onlyArg = process.argv.indexOf('--only');
const requested = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : Object.keys(suites);
const unknown = requested.filter((name) => !(name in suites));
const only = Object.keys(suites).filter((name) => requested.includes(name));
if (unknown.length > 0) {
  console.error(`bench: unknown suite(s) ${unknown.join(', ')} (known: ${Object.keys(suites).join(', ')})`);
  process.exit(2);
}

const cpu = execSync("lscpu | sed -n 's/^Model name:[ \\t]*//p'", { encoding: 'utf8' }).trim();
console.log(`machine: ${cpu}, ${availableParallelism()} cores, node ${process.version}`);
const rows = [];
for (const name of only) rows.push(...(await suites[name]()));
const fmt = (v) => (v === null || v === undefined ? '—' : Number(v).toPrecision(4));
console.table(rows.map((r) => ({ case: r.case, ours: fmt(r.ours), peer: fmt(r.peer), unit: r.unit, speedup: fmt(r.speedup) })));
const dir = path.join(here, 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'latest.json');
// With --only, the other suites' rows of the last full run are kept.
const kept = onlyArg > 0 && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).filter((r) => !rows.some((n) => n.case === r.case)) : [];
writeFileSync(`${file}.tmp`, `${JSON.stringify([...kept, ...rows], null, 1)}\n`);
renameSync(`${file}.tmp`, file);
process.exit(0);
