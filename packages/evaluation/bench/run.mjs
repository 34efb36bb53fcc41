// Benchmark of @fluxscale/evaluation's wavelets against pycwt (the Python peer), same machine, same run.
// Series: FR-Gri daily NEE_VUT_REF 2004–2014 (N = 4018, real FLUXNET2015 data) and a shifted, scaled
// copy; dt = 1 d, dj = 1/12, s0 = 2 d, J = 131. Writes bench/results/latest.json and prints a table.
// Needs `pnpm build` first, and /usr/bin/python3 with numpy, scipy, tqdm for the peer. `--smoke`: the first
// 512 days, J = 24, 2 Monte Carlo pairs over 25 scales, one run each side, rows checked, nothing written.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { finishBench, peerFailure, smokeRequested } from '../../../tooling/bench/index.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const repoRoot = path.resolve(pkg, '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const file = 'FLX_FR-Gri_FLUXNET2015_ZARRDERIVED_DD_2004-2014.csv';
const candidates = [path.join(shared, 'data', 'fluxnet2015', file), path.join(repoRoot, 'packages', 'data', 'sample', 'fluxnet2015', file)];
const csv = candidates.find((p) => existsSync(p));
if (!csv) throw new Error(`FR-Gri daily file not found in ${candidates.join(' or ')}`);
const pycwtDir = path.join(shared, 'reference', 'pycwt');
const smoke = smokeRequested();
const repeats = smoke ? 1 : Number(process.env.BENCH_REPEATS ?? 5);

const { cwt, xwt, wtc, wtcSignificance, wtcSignificanceParallel, ar1 } = require(path.join(pkg, 'dist', 'index.js'));
const threads = availableParallelism();

const lines = readFileSync(csv, 'utf8').trim().split('\n');
const column = lines[0].split(',').indexOf('NEE_VUT_REF');
const observed = Float64Array.from(lines.slice(1, smoke ? 513 : undefined), (l) => Number(l.split(',')[column]));
if (observed.some((v) => v === -9999)) throw new Error(`${csv}: NEE has gaps`);
const n = observed.length;
const simulated = Float64Array.from(observed, (_, i) => 0.9 * observed[(i - 3 + n) % n] + 0.2);
const grid = { dt: 1, dj: 1 / 12, s0: 2, J: smoke ? 24 : 131 };
const mc = smoke ? { J: 24, count: 2 } : { J: 96, count: 10 };
const lag1 = [ar1(observed, 'allen-smith'), ar1(simulated, 'allen-smith')];

async function medianMs(fn, times) {
  await fn();
  const t = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn();
    t.push(performance.now() - start);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

const mcOptions = { ...grid, J: mc.J, count: mc.count, smoothing: 'pycwt' };
const ours = {
  cwt: await medianMs(() => cwt(observed, grid), repeats),
  xwt: await medianMs(() => xwt(observed, simulated, { ...grid, lag1 }), repeats),
  wtc: await medianMs(() => wtc(observed, simulated, { ...grid, smoothing: 'pycwt' }), repeats),
  mc: await medianMs(() => wtcSignificance(lag1[0], lag1[1], mcOptions), 1),
  mcParallel: await medianMs(() => wtcSignificanceParallel(lag1[0], lag1[1], { ...mcOptions, workers: threads }), 1),
};

let peer = {};
let peerSkipped;
try {
  const sizes = ['--days', n, '--J', grid.J, '--mc-J', mc.J, '--mc-count', mc.count].map(String);
  const out = execFileSync('/usr/bin/python3', [path.join(here, 'peer.py'), csv, String(repeats), ...sizes], {
    env: { ...process.env, PYTHONPATH: pycwtDir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  peer = JSON.parse(out.trim().split('\n').pop());
} catch (err) {
  peerSkipped = `pycwt peer unavailable (${peerFailure(err)}); it needs numpy, scipy and tqdm: apt-get install python3-numpy python3-scipy python3-tqdm`;
  console.error(peerSkipped);
}

const labels = {
  cwt: `CWT, N=${n}, ${grid.J + 1} scales`,
  xwt: `XWT, N=${n}, ${grid.J + 1} scales`,
  wtc: `WTC (no significance), N=${n}, ${grid.J + 1} scales`,
  mc: `WTC Monte Carlo, ${mc.count} surrogate pairs, ${mc.J + 1} scales (length ${Math.ceil(6 * 2 * 2 ** (mc.J / 12))})`,
  mcParallel: `WTC Monte Carlo as above, ${threads} worker threads (pycwt: 1 thread)`,
};
peer.mcParallel = peer.mc;
const results = Object.keys(ours).map((key) => ({
  case: labels[key],
  ours: Number(ours[key].toFixed(2)),
  peer: peer[key] === undefined ? null : Number(peer[key].toFixed(2)),
  unit: 'ms',
  speedup: peer[key] === undefined ? null : Number((peer[key] / ours[key]).toFixed(2)),
  ...(peerSkipped ? { peerSkipped } : {}),
}));
console.log('| case | fluxscale (ms) | pycwt (ms) | speedup |');
console.log('|---|---:|---:|---:|');
for (const r of results) console.log(`| ${r.case} | ${r.ours} | ${r.peer ?? '–'} | ${r.speedup ?? '–'} |`);
finishBench(results, { smoke, file: path.join(here, 'results', 'latest.json') });
