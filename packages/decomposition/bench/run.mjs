// Benchmark: decomposeBands (FFT-Lanczos SSA + band grouping) against dense SSA in numpy/LAPACK
// (numpy.linalg.svd of the trajectory matrix), on FR-Gri NEE tiled/cut to N = 3650, 7300, 14600 days,
// L = 1461, rank 30. Run `pnpm build` first. Writes bench/results/latest.json. `--smoke`: one short series
// (N = 600, L = 120, rank 6), one run each side, rows checked, nothing written.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { finishBench, peerFailure, smokeRequested } from '../../../tooling/bench/index.mjs';
import { decomposeBands } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const smoke = smokeRequested();
const WINDOW = smoke ? 120 : 1461;
const RANK = smoke ? 6 : 30;
const LENGTHS = smoke ? [600] : [3650, 7300, 14600];
const OUR_REPEATS = smoke ? 1 : 5;
const PEER_REPEATS = smoke ? 1 : Number(process.env.PEER_REPEATS ?? 1);

const sites = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(here, '..', 'test', 'fixtures', 'nee-sites.json.gz'))).toString('utf8')).sites;
const base = sites.find((s) => s.site === 'FR-Gri').nee;
const tiled = (n) => Float64Array.from({ length: n }, (_, t) => base[t % base.length]);
const cases = Object.fromEntries(LENGTHS.map((n) => [`ssa-N${n}`, tiled(n)]));

// Peer: numpy with the environment's OpenBLAS core overrides removed so LAPACK picks its own kernels.
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;
const job = JSON.stringify({ window: WINDOW, rank: RANK, repeats: PEER_REPEATS, series: Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, Array.from(v)])) });
let peer = {};
let peerSkipped;
try {
  peer = JSON.parse(execFileSync('/usr/bin/python3', [path.join(here, 'ssa_dense.py')], { input: job, env, maxBuffer: 1 << 26, stdio: 'pipe', encoding: 'utf8' }));
} catch (error) {
  peerSkipped = `numpy peer unavailable (${peerFailure(error)}); install it with: apt-get install python3-numpy`;
  console.error(peerSkipped);
}

const results = [];
const rows = [];
for (const [name, x] of Object.entries(cases)) {
  decomposeBands(x, { window: WINDOW, rank: RANK });
  const times = [];
  let result;
  for (let r = 0; r < OUR_REPEATS; r++) {
    const t0 = performance.now();
    result = decomposeBands(x, { window: WINDOW, rank: RANK });
    times.push(performance.now() - t0);
  }
  const ours = Math.min(...times);
  const krylov = result.meta.krylovDimension;
  if (peerSkipped) {
    results.push({ case: name, ours: +ours.toFixed(2), peer: null, unit: 'ms', speedup: null, peerSkipped });
    rows.push(`| ${name} | ${x.length} | ${ours.toFixed(1)} | – | – | ${krylov} | – |`);
    continue;
  }
  const svRel = Math.max(...peer[name].singularValues.map((s, i) => Math.abs(result.meta.components[i].singularValue - s) / s));
  const speedup = peer[name].ms / ours;
  results.push({ case: name, ours: +ours.toFixed(2), peer: +peer[name].ms.toFixed(2), unit: 'ms', speedup: +speedup.toFixed(2) });
  rows.push(`| ${name} | ${x.length} | ${ours.toFixed(1)} | ${peer[name].ms.toFixed(1)} | ${speedup.toFixed(1)}× | ${krylov} | ${svRel.toExponential(1)} |`);
}
console.log(`decomposeBands vs dense numpy SSA (L = ${WINDOW}, rank ${RANK}; best of ${OUR_REPEATS} ours, ${PEER_REPEATS} peer)`);
console.log('| case | N | ours (ms) | numpy dense (ms) | speedup | Krylov dim | max rel. diff σ |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
finishBench(results, { smoke, file: path.join(here, 'results', 'latest.json') });
