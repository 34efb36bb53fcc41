/**
 * Integration test on a real one-node Slurm cluster (tooling/slurm/local-cluster.sh, started by
 * `pnpm test:slurm`): the tiny config runs through --executor slurm and must give exactly the
 * metrics of the same config run with --executor local, with the chronological split and with
 * rolling-origin evaluation. Not part of `pnpm test`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';

const TINY = join(__dirname, 'fixtures', 'tiny.yaml');

describe('--executor slurm on a real cluster', () => {
  const root = tempDir();
  const slurmRun = join(root, 'slurm');
  const localRun = join(root, 'local');

  it('runs the whole plan as chained array jobs and waits for it', () => {
    const r = runCli(['experiment', 'table1', '--config', TINY, '--executor', 'slurm', '--wait', '--out', slurmRun]);
    expect(r.stderr).toMatch(/submitted prepare: job \d+/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# Table 1');
    const jobs = JSON.parse(readFileSync(join(slurmRun, 'slurm', 'jobs.json'), 'utf8')) as Array<{ stage: string; jobId: string }>;
    expect(jobs.map((j) => j.stage)).toEqual(['prepare', 'tune', 'fit', 'fit', 'score']);
    expect(readdirSync(join(slurmRun, 'logs')).length).toBeGreaterThan(0);
    const status = runCli(['status', '--run', slurmRun]).stdout;
    expect(status).toMatch(/score\s+1\s+0\s+0/);
    expect(status).toMatch(new RegExp(`slurm job ${jobs[0].jobId} \\(prepare\\): `));
  });

  it('gives exactly the metrics of the local executor', () => {
    const r = runCli(['experiment', 'table1', '--config', TINY, '--executor', 'local', '--jobs', '1', '--out', localRun]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(slurmRun, 'metrics.csv'), 'utf8')).toBe(readFileSync(join(localRun, 'metrics.csv'), 'utf8'));
    expect(readFileSync(join(slurmRun, 'table1.md'), 'utf8')).toBe(readFileSync(join(localRun, 'table1.md'), 'utf8'));
  });

  it('rolling-origin evaluation (a fit per test block) gives exactly the metrics of the local executor too', () => {
    const slurmBlocks = join(root, 'slurm-blocks');
    const localBlocks = join(root, 'local-blocks');
    const viaSlurm = runCli(['experiment', 'table1', '--config', TINY, '--scheme', 'rolling-origin', '--executor', 'slurm', '--wait', '--out', slurmBlocks]);
    expect(viaSlurm.status).toBe(0);
    expect(runCli(['experiment', 'table1', '--config', TINY, '--scheme', 'rolling-origin', '--executor', 'local', '--jobs', '1', '--out', localBlocks]).status).toBe(0);
    expect(readdirSync(join(slurmBlocks, 'fit', 'GRA', 'raw', 'lstm')).sort()).toEqual(['block-0', 'block-1', 'block-2', 'block-3']);
    expect(readFileSync(join(slurmBlocks, 'metrics.csv'), 'utf8')).toBe(readFileSync(join(localBlocks, 'metrics.csv'), 'utf8'));
  });

  it('--resume re-submits nothing when everything is done', () => {
    const r = runCli(['experiment', 'table1', '--resume', slurmRun, '--executor', 'slurm', '--wait']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('nothing to submit: every unit is done');
  });
});
