// Picks the Parquet writer of `fluxscale export`: writes a finished run's long predictions table with
// two candidates — parquet-wasm (arrow-rs compiled to WebAssembly) and hyparquet-writer (plain
// JavaScript) — and reports the installed size of each, its write time (median of 5) and file size,
// and whether pandas (through pyarrow) reads the file back with the same values.
//
// Usage: node bench/parquet-writers.mjs RUN_DIR [PYTHON]   (after `pnpm build`; PYTHON: an
// interpreter with pandas and pyarrow, default /usr/bin/python3). The candidates are installed with
// npm into a temporary folder. Writes bench/results/parquet-writers.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const [runDir, python = '/usr/bin/python3'] = process.argv.slice(2);
if (!runDir) throw new Error('usage: node bench/parquet-writers.mjs RUN_DIR [PYTHON]');

const { contextOf, readPlannedRun } = require('../dist/engine/run-dir.js');
const { predictionsTable } = require('../dist/engine/export.js');
const { arrowTable, tableParquet } = require('../dist/engine/table-files.js');
const { tableToIPC } = require('apache-arrow');

const table = predictionsTable(contextOf(readPlannedRun(runDir, { anyVersion: true })), 'bench');
console.log(`predictions of ${runDir}: ${table.rows} rows, ${table.columns.length} columns`);

const candidates = mkdtempSync(join(tmpdir(), 'parquet-candidates-'));
writeFileSync(join(candidates, 'package.json'), '{"private":true}\n');
// hyparquet-writer at the version fluxscale uses, to measure its size; parquet-wasm, the other candidate
const ours = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')).dependencies['hyparquet-writer'];
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'parquet-wasm', `hyparquet-writer@${ours}`], { cwd: candidates });
const du = (dir) => Number(execFileSync('du', ['-sk', dir]).toString().split('\t')[0]) * 1024;
const versionOf = (name) => JSON.parse(readFileSync(join(candidates, 'node_modules', name, 'package.json'), 'utf8')).version;

const wasm = createRequire(join(candidates, 'package.json'))('parquet-wasm/node');

const writers = {
  'parquet-wasm': {
    version: versionOf('parquet-wasm'),
    installedBytes: du(join(candidates, 'node_modules', 'parquet-wasm')),
    write: () => {
      const props = new wasm.WriterPropertiesBuilder().setCompression(wasm.Compression.SNAPPY).build();
      return wasm.writeParquet(wasm.Table.fromIPCStream(tableToIPC(arrowTable(table), 'stream')), props);
    },
  },
  'hyparquet-writer': {
    version: versionOf('hyparquet-writer'),
    // with its one dependency, hyparquet
    installedBytes: du(join(candidates, 'node_modules', 'hyparquet-writer')) + du(join(candidates, 'node_modules', 'hyparquet')),
    write: () => tableParquet(table), // what fluxscale export runs
  },
};

const out = mkdtempSync(join(tmpdir(), 'parquet-files-'));
const expected = { rows: table.rows, predictedSum: table.columns.find((c) => c.name === 'predicted').values.reduce((a, b) => a + b, 0) };
const rows = [];
for (const [name, w] of Object.entries(writers)) {
  const times = [];
  let bytes;
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    bytes = await w.write();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const file = join(out, `${name}.parquet`);
  writeFileSync(file, bytes);
  const check = spawnSync(
    python,
    ['-c', `import pandas as pd, sys; d = pd.read_parquet(sys.argv[1]); print(len(d), repr(float(d.predicted.sum())), d.date.dtype, d.site.dtype)`, file],
    { encoding: 'utf8' },
  );
  const read = check.status === 0 ? check.stdout.trim() : `not read: ${check.stderr.trim().split('\n').pop()}`;
  const [n, sum] = read.split(' ');
  const same = Number(n) === expected.rows && Math.abs(Number(sum) - expected.predictedSum) <= 1e-9 * Math.abs(expected.predictedSum);
  rows.push({ writer: name, version: w.version, installedMB: +(w.installedBytes / 2 ** 20).toFixed(2), writeMs: +times[2].toFixed(0), fileMB: +(statSync(file).size / 2 ** 20).toFixed(2), pandasRead: read, sameValues: same });
}
console.table(rows);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'parquet-writers.json'), `${JSON.stringify({ run: basename(runDir), rows: table.rows, node: process.version, results: rows }, null, 2)}\n`);
