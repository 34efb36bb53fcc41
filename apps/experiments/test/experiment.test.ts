import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDirectory, rollingOriginBounds, SAMPLE_DATA_DIR } from '@fluxscale/data';
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

/** The rows of a metrics.csv as objects of strings. */
function metricRows(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])));
}

describe('evaluation schemes', () => {
  it('chronological (the default) reproduces the Table 1 metrics of the single split as they were before rolling-origin evaluation existed', () => {
    const runDir = join(tempDir(), 'run');
    const r = runCli(['experiment', 'table1', '--config', TINY, '--out', runDir, '--jobs', '1']);
    expect(r.status).toBe(0);
    const ours = metricRows(join(runDir, 'metrics.csv'));
    const before = metricRows(join(__dirname, 'fixtures', 'tiny-table1-chronological.csv'));
    expect(before.length).toBe(18);
    for (const row of before) {
      const now = ours.find((o) => o.model === row.model && o.task === row.task && o.guidance === row.guidance && o.site === row.site)!;
      for (const metric of ['n', 'rmse', 'r2', 'mae', 'bias', 'nse']) expect(Number(now[metric])).toBeCloseTo(Number(row[metric]), 10);
    }
  });

  it('rolling-origin predicts every day after the initial training part exactly once, each block by models trained only before it', () => {
    const runDir = join(tempDir(), 'run');
    const r = runCli(['experiment', 'table1', '--config', TINY, '--scheme', 'rolling-origin', '--out', runDir, '--jobs', '1']);
    expect(r.stderr).toMatch(/units run, 0 cached, 0 failed/);
    expect(r.status).toBe(0);
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'));
    expect(config.evaluation).toEqual({ scheme: 'rolling-origin', initialTrain: 0.4, folds: 4, warmStart: null });
    const sites = new Map(prepareDirectory(SAMPLE_DATA_DIR).sites.map((s) => [s.siteId, s]));
    for (const model of ['lasso', 'lstm']) {
      const seen = new Map<string, number>();
      for (let block = 0; block < 4; block++) {
        const dir = join(runDir, 'fit', 'GRA', 'raw', model, `block-${block}`);
        const fit = JSON.parse(readFileSync(join(dir, 'fit.json'), 'utf8'));
        expect(fit.inputs.testBlock).toEqual({ initialTrain: 0.4, folds: 4, block });
        for (const line of readFileSync(join(dir, 'test.csv'), 'utf8').trim().split('\n').slice(1)) {
          const [site, date] = line.split(',');
          const s = sites.get(site)!;
          const bounds = rollingOriginBounds(s.dates.length, 30, 0.4, 4, site)[block];
          const day = Date.parse(date) / 86_400_000 - s.dates[0];
          // The day lies in this block's test days, after every training day of the block's model.
          expect(day >= bounds.trainEnd && day < bounds.testEnd).toBe(true);
          seen.set(`${site}|${date}`, (seen.get(`${site}|${date}`) ?? 0) + 1);
        }
      }
      // testStride 7: every 7th day of each block, no day twice.
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      for (const [site, s] of sites) {
        if (!['AT-Neu', 'US-Var'].includes(site)) continue;
        const blocks = rollingOriginBounds(s.dates.length, 30, 0.4, 4, site);
        const expected = blocks.reduce((n, b) => n + Math.ceil((b.testEnd - b.trainEnd) / 7), 0);
        expect([...seen.keys()].filter((k) => k.startsWith(`${site}|`)).length).toBe(expected);
      }
    }
    // The search ran once, on the first block's training part; the table pools the blocks.
    expect(readdirSync(join(runDir, 'tune', 'GRA', 'raw', 'lasso'))).toHaveLength(4);
    const pooled = metricRows(join(runDir, 'metrics.csv')).find((m) => m.model === 'lstm' && m.task === 'raw' && m.site === '*')!;
    expect(Number(pooled.n)).toBeGreaterThan(150);
  });
});

describe('warm-started folds (evaluation.warmStart)', () => {
  const WARM = `${readFileSync(TINY, 'utf8')}\nevaluation: { scheme: rolling-origin, initialTrain: 0.4, folds: 4, warmStart: { epochs: 1 } }\n`;

  it("chains each later block's LSTM fit to the previous block's, never a baseline's, and records it", () => {
    const dir = tempDir();
    const file = join(dir, 'warm.yaml');
    writeFileSync(file, WARM);
    const runDir = join(dir, 'run');
    const r = runCli(['experiment', 'table1', '--config', file, '--out', runDir, '--jobs', '1']);
    expect(r.stderr).toMatch(/units run, 0 cached, 0 failed/);
    expect(r.status).toBe(0);
    const units = readFileSync(join(runDir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; path: string; deps: string[]; warmFrom?: string });
    const byPath = new Map(units.map((u) => [u.path, u]));
    for (let block = 0; block < 4; block++) {
      const lstm = byPath.get(`fit/GRA/raw/lstm/block-${block}`)!;
      const fit = JSON.parse(readFileSync(join(runDir, lstm.path, 'fit.json'), 'utf8'));
      if (block === 0) {
        expect(lstm.warmFrom).toBeUndefined();
        expect(fit.warmStart).toBeUndefined();
      } else {
        const previous = byPath.get(`fit/GRA/raw/lstm/block-${block - 1}`)!;
        expect(lstm.warmFrom).toBe(previous.id);
        expect(lstm.deps).toContain(previous.id);
        expect(fit.warmStart).toEqual({ from: previous.path, epochs: 1 });
        expect(fit.report.epochs).toBe(1);
      }
      expect(byPath.get(`fit/GRA/raw/lasso/block-${block}`)!.warmFrom).toBeUndefined();
    }
  });

  it('is refused with a chronological split, naming the key', () => {
    const file = join(tempDir(), 'warm.yaml');
    writeFileSync(file, WARM);
    const r = runCli(['experiment', 'table1', '--config', file, '--scheme', 'chronological', '--out', join(tempDir(), 'run')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('evaluation.warmStart: warm starts chain the fits of consecutive test blocks and need evaluation.scheme rolling-origin, not chronological');
  });
});

describe('fluxscale experiment: bad input', () => {
  it.each([
    [['experiment', 'table9'], /<name> must be one of table1, table2, s1, all/],
    [['experiment', 'table1', '--profile', 'huge'], /--profile must be one of/],
    [['experiment', 'table1', '--seed', '-1'], /--seed must be a non-negative integer/],
    [['experiment', 'table1', '--config', '/nonexistent.yaml'], /config file not found: \/nonexistent.yaml/],
    [['experiment', 'table1', '--data', '/nonexistent-dir'], /\/nonexistent-dir/],
    [['experiment', 'table1', '--scheme', 'random'], /--scheme must be one of chronological, rolling-origin/],
  ])('%j fails clearly', (args, message) => {
    const r = runCli(args as string[]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });
});

describe('fluxscale predict', () => {
  it('applies a model of a run to another site, every day with a full window', () => {
    const runDir = join(tempDir(), 'run');
    expect(runCli(['experiment', 'table1', '--config', TINY, '--out', runDir, '--jobs', '1']).status).toBe(0);
    for (const model of ['lasso', 'lstm']) {
      const out = join(tempDir(), `${model}.csv`);
      const r = runCli(['predict', '--model', join(runDir, 'fit', 'GRA', 'seasonal', model), '--site', 'FR-Gri', '--out', out, '--backend', 'cpu']);
      expect(r.status).toBe(0);
      const rows = readFileSync(out, 'utf8').trim().split('\n');
      expect(rows[0]).toBe('site,date,observed,predicted');
      expect(rows).toHaveLength(1 + 4018 - 30 + 1);
      expect(rows[1].startsWith('FR-Gri,2004-01-30,')).toBe(true);
      expect(rows.slice(1).every((row) => row.split(',').slice(2).every((v) => Number.isFinite(Number(v))))).toBe(true);
    }
    const bad = runCli(['predict', '--model', runDir, '--site', 'FR-Gri']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('not a fitted model folder');
  });
});

describe('fluxscale experiment all (tiny config)', () => {
  it('writes Table 1, Table 2 (cross-scale) and Table S1 (trend band) with finite numbers', () => {
    const runDir = join(tempDir(), 'all');
    const r = runCli(['experiment', 'all', '--config', TINY, '--out', runDir, '--jobs', '1']);
    expect(r.status).toBe(0);
    const numbers = (line: string) => line.split('|').slice(2, -1).flatMap((c) => c.split(',')).map((c) => Number(c.trim().split(' ')[0]));
    const table2 = readFileSync(join(runDir, 'table2.md'), 'utf8').split('\n');
    for (const target of ['| seasonal NEE |', '| IAV NEE |']) {
      const values = numbers(table2.find((l) => l.startsWith(target))!);
      expect(values).toHaveLength(8);
      expect(values.every(Number.isFinite)).toBe(true);
    }
    const s1 = readFileSync(join(runDir, 's1.md'), 'utf8').split('\n');
    for (const model of ['LASSO', 'LSTM']) {
      const values = numbers(s1.find((l) => new RegExp(`^\\| ${model} \\| [\\d.]`).test(l))!);
      expect(values).toHaveLength(12);
      expect(values.every(Number.isFinite)).toBe(true);
      expect(s1.filter((l) => l.startsWith(`| ${model} | seasonal + IAV`))).toHaveLength(2);
    }
    expect(readdirSync(join(runDir, 'cross', 'GRA')).sort()).toEqual(['iav-lstm-on-seasonal.csv', 'seasonal-lstm-on-iav.csv', 'unit.json']);
  });
});
