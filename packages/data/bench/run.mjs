#!/usr/bin/env node
// Benchmark: loading FLUXNET2015 daily site files with @fluxscale/data (readSiteFile, every column, into
// Float64Array columns on a continuous day grid, with validation) against pandas.read_csv on the same
// files, in the same run. Each side reports the best of REPEATS full passes, timed inside its own
// process (interpreter start-up excluded). Writes bench/results/latest.json. Run `pnpm bench` (builds first).
// `--smoke`: the first two files of each folder, one pass each, rows checked, nothing written.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { finishBench, smokeRequested } from '../../../tooling/bench/index.mjs';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, '..', 'dist', 'index.js'))) {
  console.error('packages/data/dist is missing: run `pnpm --filter @fluxscale/data build` first');
  process.exit(1);
}
const { readSiteFile, SAMPLE_DATA_DIR } = createRequire(import.meta.url)('../dist/index.js');
const shared = resolve(here, '..', '..', '..', '..', 'shared', 'data');
const smoke = smokeRequested();
const REPEATS = smoke ? 1 : Number(process.env.BENCH_REPEATS ?? 5);
const PYTHON = '/usr/bin/python3';

const dailyFiles = (dir) =>
  readdirSync(dir)
    .filter((f) => /^FLX_.*_DD_.*\.csv(\.gz)?$/.test(f))
    .sort()
    .slice(0, smoke ? 2 : undefined)
    .map((f) => join(dir, f));
const cases = [
  { name: (n) => `read ${n} daily files, shared fluxnet2015 (csv)`, dir: join(shared, 'fluxnet2015') },
  { name: (n) => `read ${n} daily files, shared fluxnet2015-daily (csv)`, dir: join(shared, 'fluxnet2015-daily') },
  { name: (n) => `read ${n} bundled sample files (csv.gz)`, dir: SAMPLE_DATA_DIR },
].filter((c) => existsSync(c.dir));

function timeOurs(files) {
  const pass = () => {
    let days = 0;
    for (const f of files) days += readSiteFile(f).dates.length;
    return days;
  };
  pass();
  let best = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    pass();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

const PY = `
import json, sys, time
try:
    import pandas as pd
except ImportError:
    print(json.dumps({"error": "pandas missing"})); sys.exit(0)
files, repeats = json.loads(sys.argv[1]), int(sys.argv[2])
def one_pass():
    return sum(len(pd.read_csv(f)) for f in files)
one_pass()
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter(); one_pass(); best = min(best, (time.perf_counter() - t0) * 1000)
print(json.dumps({"ms": best, "pandas": pd.__version__}))
`;

function timePandas(files) {
  const r = spawnSync(PYTHON, ['-c', PY, JSON.stringify(files), String(REPEATS)], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { error: r.error?.message ?? r.stderr.trim() };
  return JSON.parse(r.stdout);
}

const results = [];
let pandasVersion = null;
for (const c of cases) {
  const files = dailyFiles(c.dir);
  const ours = timeOurs(files);
  const peer = timePandas(files);
  const peerSkipped = peer.error && `pandas peer unavailable (${peer.error}); install it with: apt-get install python3-pandas`;
  if (peerSkipped) console.error(peerSkipped);
  else pandasVersion = peer.pandas;
  const p = peer.error ? null : peer.ms;
  const row = { case: c.name(files.length), ours: +ours.toFixed(1), peer: p === null ? null : +p.toFixed(1), unit: 'ms', speedup: p === null ? null : +(p / ours).toFixed(2) };
  results.push(peerSkipped ? { ...row, peerSkipped } : row);
}

const head = ['case', 'fluxscale (ms)', `pandas ${pandasVersion ?? '-'} (ms)`, 'speedup'];
const rows = results.map((r) => [r.case, String(r.ours), r.peer === null ? '-' : String(r.peer), r.speedup === null ? '-' : `${r.speedup}x`]);
console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`);
console.log(`\nbest of ${REPEATS} passes each, Node ${process.version}; speedup = pandas time / fluxscale time`);
finishBench(results, { smoke, file: join(here, 'results', 'latest.json') });
