import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';

const TINY = join(__dirname, 'fixtures', 'tiny.yaml');

describe('fluxscale experiment table1 (tiny config, end to end)', () => {
  const runDir = join(tempDir(), 'run');
  let first: ReturnType<typeof runCli>;

  beforeAll(() => {
    first = runCli(['experiment', 'table1', '--config', TINY, '--out', runDir, '--jobs', '1']);
  });

  it('finishes and prints a complete Table 1 for the models run', () => {
    expect(first.stderr).toMatch(/units run, 0 cached, 0 failed/);
    expect(first.status).toBe(0);
    const table = readFileSync(join(runDir, 'table1.md'), 'utf8');
    expect(first.stdout).toContain('# Table 1');
    for (const model of ['LASSO', 'LSTM']) {
      const row = table.split('\n').find((l) => l.startsWith(`| ${model} |`))!;
      const ours = row.split('|').slice(2, -1).map((c) => Number(c.trim().split(' ')[0]));
      expect(ours).toHaveLength(12);
      expect(ours.every(Number.isFinite)).toBe(true);
    }
  });

  it('leaves a complete run directory', () => {
    for (const name of ['config.json', 'manifest.json', 'units.jsonl', 'metrics.csv', 'table1.md']) expect(existsSync(join(runDir, name))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.sites.map((s: { site: string }) => s.site)).toEqual(['AT-Neu', 'US-Var']);
    expect(manifest.ssa.mode).toBe('full');
    expect(manifest.backend).toBe('cpu');
    expect(manifest.failures).toEqual([]);
    expect(readdirSync(join(runDir, 'prepare')).sort()).toEqual(['AT-Neu', 'US-Var']);
    for (const task of ['raw', 'seasonal', 'iav']) {
      for (const model of ['lasso', 'lstm']) {
        const fit = join(runDir, 'fit', 'GRA', task, model);
        expect(existsSync(join(fit, 'model', 'model.json'))).toBe(true);
        const rows = readFileSync(join(fit, 'test.csv'), 'utf8').trim().split('\n');
        expect(rows[0]).toBe('site,date,observed,predicted');
        expect(rows.length).toBeGreaterThan(50);
      }
    }
    expect(readdirSync(join(runDir, 'tune', 'GRA', 'raw', 'lasso')).sort()).toEqual(['trial-0-fold-0', 'trial-0-fold-1', 'trial-1-fold-0', 'trial-1-fold-1']);
    const metrics = readFileSync(join(runDir, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(metrics[0]).toBe('model,task,guidance,site,n,rmse,r2,lcs,mae,mse,sb,sdsd,bias,pearson,nse');
    expect(metrics.some((l) => l.startsWith('lstm,seasonal,unguided,*,'))).toBe(true);
  });

  it('--resume skips every finished unit and reproduces the table', () => {
    const again = runCli(['experiment', 'table1', '--resume', runDir, '--jobs', '1']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/0 units run, \d+ cached, 0 failed/);
    expect(again.stdout).toBe(first.stdout);
  });

  it('refuses a --resume together with config flags, and an --out that holds a run', () => {
    const clash = runCli(['experiment', 'table1', '--resume', runDir, '--seed', '3']);
    expect(clash.status).not.toBe(0);
    expect(clash.stderr).toContain('drop --seed');
    const taken = runCli(['experiment', 'table1', '--config', TINY, '--out', runDir]);
    expect(taken.status).not.toBe(0);
    expect(taken.stderr).toContain('already holds a run');
  });
});

describe('fluxscale experiment: bad input', () => {
  it.each([
    [['experiment', 'table9'], /<name> must be one of table1, table2, s1, all/],
    [['experiment', 'table1', '--profile', 'huge'], /--profile must be one of/],
    [['experiment', 'table1', '--seed', '-1'], /--seed must be a non-negative integer/],
    [['experiment', 'table1', '--config', '/nonexistent.yaml'], /config file not found: \/nonexistent.yaml/],
    [['experiment', 'table1', '--data', '/nonexistent-dir'], /\/nonexistent-dir/],
  ])('%j fails clearly', (args, message) => {
    const r = runCli(args as string[]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });
});
