/**
 * An undefined score is never a bare '—': a LASSO with a penalty above α_max keeps every weight at
 * zero, so its predictions are one constant and R² is undefined. table1.md, s1.md, metrics.json and
 * the HTML report all say why (before, the rounding of the constant's mean made R² come out as
 * ~1e-32, printed 0.000).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';

describe('undefined scores', () => {
  const runDir = join(tempDir(), 'run');
  const s1Dir = join(tempDir(), 's1');
  let run: ReturnType<typeof runCli>;

  beforeAll(() => {
    const config = join(tempDir(), 'constant.yaml');
    writeFileSync(
      config,
      [
        'extends: quick',
        'profile: constant-lasso',
        'backend: cpu',
        'data: { sites: [AT-Neu, US-Var] }',
        'windows: { length: 30, trainStride: 15, testStride: 7 }',
        'models: [lasso]',
        'search: { trials: { lasso: 1 }, folds: 2, fixed: { lasso: { alpha: 100 } } }',
        '',
      ].join('\n'),
    );
    run = runCli(['experiment', 'table1', '--config', config, '--out', runDir, '--jobs', '1']);
    expect(run.status).toBe(0);
    expect(runCli(['experiment', 's1', '--config', config, '--out', s1Dir, '--jobs', '1']).status).toBe(0);
  });

  it('are explained under the tables: which score, and why', () => {
    const predicted = readFileSync(join(runDir, 'fit', 'GRA', 'seasonal', 'lasso', 'test.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[3]);
    expect(new Set(predicted).size).toBe(1);
    const table1 = readFileSync(join(runDir, 'table1.md'), 'utf8');
    expect(table1).toMatch(/\| LASSO \| [\d.]+ \(2\.097\) \| — \(0\.342\) \|/);
    expect(table1).toContain('Undefined scores (—):\n- LASSO raw: R² undefined — the predictions are constant (zero variance)');
    expect(table1).toContain('- LASSO seasonal: R² undefined — the predictions are constant (zero variance)');
    expect(table1).toContain('- LASSO iav guided: R² undefined — the predictions are constant (zero variance)');
    expect(run.stdout).toContain('- LASSO iav: R² undefined — the predictions are constant (zero variance)');
    const s1 = readFileSync(join(s1Dir, 's1.md'), 'utf8');
    expect(s1).toContain('- LASSO trend: R² undefined — the predictions are constant (zero variance)');
    expect(s1).toContain('- LASSO seasonal + IAV: R² undefined — the predictions are constant (zero variance)');
    for (const line of table1.split('\n').filter((l) => l.startsWith('| LASSO |'))) {
      const dashes = line.split('|').filter((c) => c.trim().startsWith('—')).length;
      expect(dashes).toBeLessThanOrEqual(table1.split('\n').filter((l) => l.startsWith('- LASSO')).length);
    }
  });

  it('carry their reason in metrics.json, pooled and per site, and in the report', () => {
    const metrics = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8'));
    const raw = metrics.pooled.find((s: { model: string; task: string }) => s.model === 'lasso' && s.task === 'raw');
    expect(raw.r2).toBeNull();
    expect(raw.undefinedReasons).toEqual({ r2: 'the predictions are constant (zero variance)' });
    const site = metrics.rows.find((r: { task: string; guidance: string; site: string }) => r.task === 'seasonal' && r.guidance === 'guided' && r.site === 'AT-Neu');
    expect(site.undefinedReasons.pearson).toBe('the predictions are constant (zero variance)');
    for (const row of metrics.rows) {
      for (const key of ['rmse', 'r2', 'lcs', 'mae', 'nse']) if (row[key] === null) expect(row.undefinedReasons?.[key]).toEqual(expect.any(String));
    }
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<li>LASSO raw: R² undefined — the predictions are constant (zero variance)</li>');
  });
});
