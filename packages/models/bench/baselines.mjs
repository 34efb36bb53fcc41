// Baseline benchmark: LASSO, SVR and RF fit / predict time on a 20,000-row summary matrix against
// scikit-learn (scripts/bench_baselines.py) in the same run. The peer script builds the matrix from
// real FLUXNET2015 windows (the MERGED daily sites of ../shared/data/fluxnet2015: 29 summary
// features, tiled up to 20,000 rows; the committed 19-feature fixture when that folder is absent)
// and writes it to a temp folder; both sides fit the same matrix (a synthetic one, and no peer rows, when
// the peer cannot run). Ours reaches the models through the registry (modelSpec) and fits the summary
// directly (fitSummary / predictSummary: the window summary itself is not timed, scikit-learn gets a
// ready matrix too). Same settings on both sides: LASSO alpha 0.01 tol 1e-4 on standardised
// features; SVR C 1, epsilon 0.1, gamma 'scale' on a 5,000-row subsample (the cap fluxscale applies
// by default, applied to scikit-learn as well), predicting all rows; RF 100 trees, all features per
// split, min leaf 1, 2 threads (n_jobs=2). Needs the package built (`pnpm build`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { peerFailure } from '../../../tooling/bench/index.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

function readMatrix(dir) {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const asF64 = (file) => {
    const buf = readFileSync(path.join(dir, file));
    return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  };
  const x = asF64('x.f64');
  const y = Float32Array.from(asF64('y.f64'));
  const names = Array.from({ length: meta.cols }, (_, j) => `f${j}`);
  return { meta, summary: { x, y, rows: meta.rows, cols: meta.cols, names } };
}

/** A synthetic matrix of `rows` × 19 standard-normal features and a linear target, for when the peer cannot build one. */
function syntheticMatrix(rows, svrCap) {
  const cols = 19;
  let state = 777;
  const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
  const x = Float64Array.from({ length: rows * cols }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
  const y = Float32Array.from({ length: rows }, (_, i) => x[i * cols] - 0.5 * x[i * cols + 1] + 0.1 * uniform());
  const names = Array.from({ length: cols }, (_, j) => `f${j}`);
  return { meta: { rows, cols, origin: 'synthetic matrix', tiled: false, svrCap }, summary: { x, y, rows, cols, names } };
}

/**
 * The matrix and scikit-learn's seconds per case from the peer script, or a synthetic matrix and
 * { peer: null, reason } when /usr/bin/python3 cannot run it.
 */
function peerRun(dir, o) {
  const args = ['--out', dir, '--rows', String(o.rows), '--svr-cap', String(o.svrCap), '--trees', String(o.trees)];
  try {
    const out = execFileSync('/usr/bin/python3', [path.join(here, '..', 'scripts', 'bench_baselines.py'), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ...readMatrix(dir), peer: JSON.parse(out.trim().split('\n').pop()) };
  } catch (error) {
    const reason = `scikit-learn peer unavailable (${peerFailure(error)}); install it with: apt-get install python3-sklearn python3-pandas`;
    console.warn(reason);
    return { ...syntheticMatrix(o.rows, o.svrCap), peer: null, reason };
  }
}

async function seconds(fn) {
  const start = performance.now();
  const out = await fn();
  return [(performance.now() - start) / 1000, out];
}

const FULL = { rows: 20000, svrCap: 5000, trees: 100 };
const SMOKE = { rows: 300, svrCap: 100, trees: 4 };

/**
 * Runs the baseline benchmark; resolves to rows { case, ours, peer, unit, speedup, note } (speedup > 1: fluxscale
 * faster). Options: smoke (tiny sizes), rows (20,000), svrCap (5,000), trees (100).
 */
export async function runBaselineBench(options = {}) {
  const o = { ...(options.smoke ? SMOKE : FULL), ...options };
  const dir = mkdtempSync(path.join(tmpdir(), 'fluxscale-bench-baselines-'));
  try {
    const { meta, summary, peer, reason } = peerRun(dir, o);
    const models = require(path.join(here, '..', 'dist', 'index.js'));
    const input = { featureNames: summary.names, window: 1, scaler: null };
    const ours = {};
    const lasso = models.modelSpec('lasso').create({ alpha: 0.01, tol: 1e-4, maxIter: 10000 }, { seed: 1 });
    [ours['lasso-fit']] = await seconds(() => lasso.fitSummary(summary, input));
    const svr = models.modelSpec('svr').create({ C: 1, epsilon: 0.1, gamma: 'scale', maxSamples: meta.svrCap }, { seed: 1 });
    [ours['svr-fit']] = await seconds(() => svr.fitSummary(summary, input));
    [ours['svr-predict']] = await seconds(() => svr.predictSummary(summary));
    const rf = models.modelSpec('rf').create({ nEstimators: o.trees, maxFeatures: 1, minSamplesLeaf: 1, threads: 2 }, { seed: 1 });
    [ours['rf-fit']] = await seconds(() => rf.fitSummary(summary, input));
    [ours['rf-predict']] = await seconds(() => rf.predictSummary(summary));
    const label = `${meta.rows}x${meta.cols}${meta.tiled ? ' tiled' : ''}`;
    return Object.keys(ours).map((name) => ({
      case: name,
      ours: ours[name],
      peer: peer?.[name] ?? null,
      unit: 's',
      speedup: peer ? peer[name] / ours[name] : null,
      note: `${label}, ${meta.origin}`,
      ...(peer ? {} : { peerSkipped: reason }),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await runBaselineBench();
  console.table(results.map((r) => ({ ...r, ours: r.ours.toFixed(3), peer: r.peer?.toFixed(3), speedup: r.speedup?.toFixed(2) })));
}
