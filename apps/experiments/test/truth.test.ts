import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDirectory, SAMPLE_DATA_DIR } from '@fluxscale/data';
import { decomposeRecord } from '@fluxscale/decomposition';
import { scoreAll } from '@fluxscale/evaluation';
import { runCli, tempDir } from './helpers/cli.js';

/**
 * In the leakage-free SSA mode a band model's own target on the test part is a recurrent forecast.
 * Every band score must use the truth instead: the observed target decomposed over its whole record.
 */
describe('train-only mode: band predictions are scored against the observed band, never the forecast', () => {
  const dir = tempDir();
  const config = join(dir, 'train-only.yaml');
  writeFileSync(config, `${readFileSync(join(__dirname, 'fixtures', 'tiny.yaml'), 'utf8')}\nssa: { mode: train-only, window: null, rank: null }\n`);
  const runDir = join(dir, 'run');

  beforeAll(() => {
    const r = runCli(['experiment', 'table1', '--config', config, '--out', runDir, '--jobs', '1']);
    expect(r.status).toBe(0);
  });

  const csvRows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

  it.each([
    ['lasso', 'iav'],
    ['lstm', 'seasonal'],
  ])('%s %s: the metrics equal an independent score against the full-record decomposition of the observed NEE', (model, band) => {
    const sites = new Map(prepareDirectory(SAMPLE_DATA_DIR).sites.map((s) => [s.siteId, s]));
    const truthOf = new Map<string, Float64Array>();
    const test = csvRows(join(runDir, 'fit', 'GRA', band, model, 'test.csv'));
    const truth = Float64Array.from(test, ([site, date]) => {
      const s = sites.get(site)!;
      if (!truthOf.has(site)) truthOf.set(site, decomposeRecord(s.target, {})[band as 'seasonal' | 'iav']);
      return truthOf.get(site)![Date.parse(date) / 86400000 - s.dates[0]];
    });
    const forecast = Float64Array.from(test, (row) => Number(row[2]));
    const predicted = Float64Array.from(test, (row) => Number(row[3]));
    // The model's own test targets (the forecast) really differ from the truth…
    expect(Math.max(...truth.map((t, i) => Math.abs(t - forecast[i])))).toBeGreaterThan(0.01);
    // …and the run scored against the truth.
    const metrics = csvRows(join(runDir, 'metrics.csv')).find((r) => r[0] === model && r[1] === band && r[2] === 'guided' && r[3] === '*')!;
    const expected = scoreAll(truth, predicted);
    expect(Number(metrics[5])).toBeCloseTo(expected.rmse, 10);
    expect(Number(metrics[6])).toBeCloseTo(expected.r2, 10);
    expect(Number(metrics[8])).toBeCloseTo(expected.mae, 10);
    expect(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')).truth).toMatch(/whole record/);
  });
});
