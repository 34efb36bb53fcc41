import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterBootstrapMean, wilcoxonSignedRank } from '@fluxscale/evaluation';
import { ALL_SITES, summarise, verdictOf, type VerdictFile, type VerdictRow } from '../src/pipeline/verdict.js';
import { runCli, tempDir } from './helpers/cli.js';

const TINY = join(__dirname, 'fixtures', 'verdict-tiny.yaml');

/** A synthetic row: treatment − reference = `d` in every metric's better direction (R² up, RMSE and MAE down). */
function row(site: string, group: string, replicate: number, d: number): VerdictRow {
  const reference = { r2: 0.5, rmse: 1, mae: 0.8, n: 100 };
  return { comparison: 'guidance', model: 'lstm', band: 'iav', mode: 'full', group, site, replicate, reference, treatment: { r2: 0.5 + d, rmse: 1 - d, mae: 0.8 - d, n: 100 } };
}

describe('verdict statistics', () => {
  const settings = { bootstrap: { resamples: 2000, level: 0.95, seed: 1 } };

  it('helps / hurts / no evidence follow the interval and the metric direction', () => {
    expect(verdictOf('r2', 0.01, 0.2)).toBe('helps');
    expect(verdictOf('r2', -0.2, -0.01)).toBe('hurts');
    expect(verdictOf('rmse', -0.2, -0.01)).toBe('helps');
    expect(verdictOf('rmse', 0.01, 0.2)).toBe('hurts');
    expect(verdictOf('mae', -0.1, 0.1)).toBe('no evidence');
    expect(verdictOf('r2', null, null)).toBe('no evidence');
  });

  it('averages seeds within a site, bootstraps sites, and reports the seed spread', () => {
    // Sites a–f of group G; replicate 0 gives differences 0.1…0.6, replicate 1 the same + 0.2.
    const rows = ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((s, k) => [row(s, 'G', 0, 0.1 * (k + 1)), row(s, 'G', 1, 0.1 * (k + 1) + 0.2)]);
    const { summaries, cells } = summarise(rows, settings);
    const r2 = summaries.find((s) => s.group === ALL_SITES && s.metric === 'r2')!;
    const siteMeans = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    expect(r2.sites).toBe(6);
    expect(r2.replicates).toBe(2);
    expect(r2.mean).toBeCloseTo(0.45, 12);
    const interval = clusterBootstrapMean(Float64Array.from(siteMeans), settings.bootstrap);
    expect(r2.lo).toBeCloseTo(interval.lo, 12);
    expect(r2.hi).toBeCloseTo(interval.hi, 12);
    expect(r2.seedSpread).toBeCloseTo(0.2 / Math.SQRT2, 12); // replicate means 0.35 and 0.55
    expect(r2.wilcoxon!.p).toBeCloseTo(wilcoxonSignedRank(Float64Array.from(siteMeans)).p, 12);
    expect(r2.verdict).toBe('helps');
    expect(summaries.find((s) => s.group === ALL_SITES && s.metric === 'rmse')!.mean).toBeCloseTo(-0.45, 12);
    expect(cells.find((c) => c.group === ALL_SITES)!.verdict).toBe('helps');
    expect(cells.map((c) => c.group)).toEqual([ALL_SITES, 'G']);
  });

  it('says no evidence when the differences straddle zero, and drops sites with an undefined score', () => {
    const rows = [row('a', 'G', 0, 0.3), row('b', 'G', 0, -0.3), row('c', 'G', 0, 0.1), row('d', 'G', 0, -0.1), row('e', 'G', 0, Number.NaN)];
    const { summaries, cells } = summarise(rows, settings);
    const r2 = summaries.find((s) => s.group === 'G' && s.metric === 'r2')!;
    expect(r2.sites).toBe(4);
    expect(r2.mean).toBeCloseTo(0, 12);
    expect(r2.seedSpread).toBeNull();
    expect(cells.find((c) => c.group === 'G')!.verdict).toBe('no evidence');
  });
});

describe('fluxscale experiment verdict (tiny)', () => {
  const runDir = join(tempDir(), 'run');
  let file: VerdictFile;

  beforeAll(() => {
    const r = runCli(['experiment', 'verdict', '--config', TINY, '--out', runDir]);
    expect(r.stderr).toMatch(/units run, 0 cached, 0 failed/);
    expect(r.status).toBe(0);
    file = JSON.parse(readFileSync(join(runDir, 'verdict.json'), 'utf8')) as VerdictFile;
  });

  it('plans both SSA modes, every seed replicate and the controls, without a search', () => {
    const units = readFileSync(join(runDir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const count = (kind: string) => units.filter((u) => u.kind === kind).length;
    expect(count('prepare')).toBe(2 * 4);
    expect(count('tune')).toBe(0);
    // 2 modes × 2 groups × 3 tasks × (2 LSTM + 1 LASSO + 2 RF replicates)
    expect(count('fit')).toBe(2 * 2 * 3 * 5);
    expect(count('cross')).toBe(2 * 2 * 2);
    expect(count('score')).toBe(1);
  });

  it('holds every per-site difference, and every summary is recomputed from them', () => {
    // 4 sites × 2 bands × 2 modes: LSTM 2 replicates, LASSO 1, RF 2; cross-scale 2 replicates.
    expect(file.rows.filter((r) => r.comparison === 'guidance')).toHaveLength(4 * 2 * 2 * 5);
    expect(file.rows.filter((r) => r.comparison === 'cross-scale')).toHaveLength(4 * 2 * 2 * 2);
    const again = summarise(file.rows, { bootstrap: file.bootstrap });
    expect(again.summaries).toEqual(file.summaries);
    expect(again.cells).toEqual(file.cells);
    expect(file.groups).toEqual({ GRA: 2, 'ENF+EBF': 2 });
  });

  it('writes verdict.md, the forest plots and a report that opens with the answer', () => {
    expect(readFileSync(join(runDir, 'verdict.md'), 'utf8')).toMatch(/^# Does scale guidance help\?/);
    const figure = JSON.parse(readFileSync(join(runDir, 'figures', 'verdict', 'figure.json'), 'utf8'));
    expect(figure.panels.map((p: { file: string }) => p.file)).toEqual(['verdict-lstm-r2.svg', 'verdict-lstm-rmse.svg', 'verdict-lasso-r2.svg', 'verdict-rf-r2.svg', 'verdict-cross-r2.svg']);
    for (const p of figure.panels) expect(existsSync(join(runDir, 'figures', 'verdict', p.file))).toBe(true);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    const first = html.indexOf('<section id="');
    expect(html.slice(first, first + 80)).toContain('id="verdict"');
    expect(html).toContain('Does scale guidance help?');
  });
});
