// App benchmark (`pnpm bench` in apps/experiments): the quick profile's table1 on the bundled sample with
// the local executor, --jobs 1 against --jobs N (N = cores), in one run on this machine. Checks that both
// runs give identical metrics, prints a table and writes bench/results/latest.json as
// [{ case, ours, peer, unit, speedup }] (ours = --jobs N, peer = --jobs 1, speedup = peer / ours).
// Needs the app built (`pnpm --filter @fluxscale/cli... build`). Takes about 10 minutes on 2 cores.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
const jobs = availableParallelism();
const scratch = mkdtempSync(path.join(tmpdir(), 'fluxscale-bench-app-'));

function run(n) {
  const out = path.join(scratch, `jobs-${n}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'experiment', 'table1', '--profile', 'quick', '--jobs', String(n), '--out', out], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`table1 --jobs ${n} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  console.log(`table1 quick --jobs ${n}: ${seconds.toFixed(1)} s`);
  return { seconds, metrics: readFileSync(path.join(out, 'metrics.csv'), 'utf8') };
}

try {
  const one = run(1);
  const many = run(jobs);
  const identical = one.metrics === many.metrics;
  console.log(`metrics.csv identical for --jobs 1 and --jobs ${jobs}: ${identical}`);
  if (!identical) process.exitCode = 1;
  const rows = [{ case: `table1-quick-jobs${jobs}-vs-jobs1`, ours: many.seconds, peer: one.seconds, unit: 's', speedup: one.seconds / many.seconds }];
  console.table(rows.map((r) => ({ ...r, ours: r.ours.toFixed(1), peer: r.peer.toFixed(1), speedup: r.speedup.toFixed(2) })));
  const dir = path.join(here, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.json.tmp'), `${JSON.stringify(rows, null, 1)}\n`);
  renameSync(path.join(dir, 'latest.json.tmp'), path.join(dir, 'latest.json'));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
