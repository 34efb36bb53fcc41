import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CLI, runCli, tempDir } from './helpers/cli.js';
import { sampleCopy } from './helpers/run-dir.js';

const TINY = join(__dirname, 'fixtures', 'tiny.yaml');

const units = (runDir: string) => readFileSync(join(runDir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('fluxscale plan / run-unit / status', () => {
  const data = sampleCopy();
  const runDir = join(tempDir(), 'run');

  beforeAll(() => {
    const r = runCli(['plan', 'table1', '--config', TINY, '--data', data, '--out', runDir]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(runDir);
  });

  it('writes the plan: one line per unit with id, kind, keys and dependencies', () => {
    const plan = units(runDir);
    const kinds = plan.map((u) => u.kind);
    expect(kinds.filter((k) => k === 'prepare')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'tune')).toHaveLength(3 * 2 * 2);
    expect(kinds.filter((k) => k === 'fit')).toHaveLength(3 * 2);
    expect(kinds.filter((k) => k === 'score')).toHaveLength(1);
    expect(new Set(plan.map((u) => u.id)).size).toBe(plan.length);
    const fit = plan.find((u) => u.kind === 'fit' && u.model === 'lasso' && u.task === 'iav');
    const tunes = plan.filter((u) => u.kind === 'tune' && u.model === 'lasso' && u.task === 'iav').map((u) => u.id);
    expect(fit.deps).toEqual(expect.arrayContaining(tunes));
    expect(runCli(['status', runDir]).stdout).toMatch(/prepare\s+0\s+2\s+0/);
    expect(runCli(['status', '--run', runDir]).stdout).toMatch(/prepare\s+0\s+2\s+0/);
    expect(runCli(['status']).stderr).toContain('fluxscale: error: missing the run directory');
  });

  it('a unit that throws is recorded as failed with its error; rerunning it after the fix completes it', () => {
    const file = join(data, readdirSync(data).find((f) => f.includes('US-Var'))!);
    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, 100));
    const index = units(runDir).filter((u) => u.kind === 'prepare').findIndex((u) => u.site === 'US-Var');
    const failed = runCli(['run-unit', '--run', runDir, '--stage', 'prepare', '--index', String(index)]);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('prepare/US-Var failed');
    const status = runCli(['status', '--run', runDir]).stdout;
    expect(status).toMatch(/prepare\s+0\s+1\s+1/);
    expect(status).toContain(`failed prepare/US-Var (--stage prepare --index ${index})`);
    expect(existsSync(join(runDir, 'prepare', 'US-Var'))).toBe(false);
    writeFileSync(file, good);
    expect(runCli(['run-unit', runDir, '--stage', 'prepare', '--index', String(index)]).status).toBe(0);
    expect(runCli(['status', runDir]).stdout).toMatch(/prepare\s+1\s+1\s+0/);
  });

  it('a half-written unit (killed mid-write) does not count as done', () => {
    const index = units(runDir).filter((u) => u.kind === 'prepare').findIndex((u) => u.site === 'AT-Neu');
    mkdirSync(join(runDir, 'prepare', 'AT-Neu.tmp-99999-killed'));
    writeFileSync(join(runDir, 'prepare', 'AT-Neu.tmp-99999-killed', 'bands.f64'), 'partial');
    expect(runCli(['status', '--run', runDir]).stdout).toMatch(/prepare\s+1\s+1\s+0/);
    expect(runCli(['run-unit', '--run', runDir, '--stage', 'prepare', '--index', String(index)]).status).toBe(0);
    expect(runCli(['status', '--run', runDir]).stdout).toMatch(/prepare\s+2\s+0\s+0/);
  });

  it('two runners of the same unit leave one intact result', async () => {
    const index = 0;
    const runOnce = () =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, [CLI, 'run-unit', '--run', runDir, '--stage', 'tune', '--index', String(index)], { stdio: 'ignore' });
        p.on('exit', (code) => resolve(code ?? 1));
      });
    const codes = await Promise.all([runOnce(), runOnce()]);
    expect(codes).toEqual([0, 0]);
    const unit = units(runDir).filter((u) => u.kind === 'tune')[index];
    const record = JSON.parse(readFileSync(join(runDir, unit.path, 'unit.json'), 'utf8'));
    expect(record.id).toBe(unit.id);
    expect(JSON.parse(readFileSync(join(runDir, unit.path, 'score.json'), 'utf8')).mse).toBeGreaterThan(0);
    expect(readdirSync(join(runDir, unit.path, '..')).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('refuses an index out of range, an unknown stage, a unit whose dependencies are not done, and a run of another version', () => {
    const outOfRange = runCli(['run-unit', '--run', runDir, '--stage', 'prepare', '--index', '2']);
    expect(outOfRange.status).not.toBe(0);
    expect(outOfRange.stderr).toContain("--index 2 is out of range: stage 'prepare'");
    expect(runCli(['run-unit', '--run', runDir, '--stage', 'train', '--index', '0']).stderr).toContain('--stage must be one of prepare, tune, fit, cross, score');
    expect(runCli(['run-unit', '--run', runDir, '--stage', 'score', '--index', '0']).stderr).toContain('needs');
    const other = join(tempDir(), 'other');
    cpSync(runDir, other, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(other, 'manifest.json'), 'utf8'));
    const ours = manifest.versions['@fluxscale/models'];
    manifest.versions['@fluxscale/models'] = '99.0.0';
    writeFileSync(join(other, 'manifest.json'), JSON.stringify(manifest));
    const stale = runCli(['run-unit', '--run', other, '--stage', 'prepare', '--index', '0']);
    expect(stale.status).not.toBe(0);
    expect(stale.stderr).toContain(`planned with @fluxscale/models@99.0.0 but this is @fluxscale/models@${ours}: plan a new run directory`);
  });
});

describe('--executor slurm without a cluster', () => {
  it('--dry-run writes one array-job script per stage, chained, with the configured resources', () => {
    const runDir = join(tempDir(), 'slurm-run');
    const r = runCli(['experiment', 'table1', '--config', TINY, '--executor', 'slurm', '--dry-run', '--out', runDir]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('dry run: nothing submitted');
    const scripts = readdirSync(join(runDir, 'slurm')).sort();
    expect(scripts).toEqual(['fit-neural.sbatch', 'fit.sbatch', 'prepare.sbatch', 'score.sbatch', 'tune.sbatch']);
    const tune = readFileSync(join(runDir, 'slurm', 'tune.sbatch'), 'utf8');
    expect(tune).toContain('#SBATCH --array=0-11%50');
    expect(tune).toContain('#SBATCH --cpus-per-task=1');
    expect(tune).toContain(`run-unit "${runDir}" --stage tune --index "$SLURM_ARRAY_TASK_ID"`);
    expect(readFileSync(join(runDir, 'slurm', 'fit-neural.sbatch'), 'utf8')).toContain('#SBATCH --array=1,3,5%50');
  });

  it('names the executor and the way out when sbatch is missing', () => {
    const r = runCli(['experiment', 'table1', '--config', TINY, '--executor', 'slurm', '--out', join(tempDir(), 'x')], { PATH: '/nonexistent' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("--executor slurm: 'sbatch' was not found on PATH");
    expect(r.stderr).toContain('--executor local');
  });

  it('refuses relative paths, which other nodes would not see', () => {
    const r = runCli(['experiment', 'table1', '--config', TINY, '--executor', 'slurm', '--dry-run', '--out', 'runs/relative']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("--out must be an absolute path on a filesystem every node sees, got 'runs/relative'");
  });
});
