import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_SITES, clusterBootstrapMean, wilcoxonSignedRank } from '@fluxscale/evaluation';
import { summarise, type ArmScores, type VerdictFile, type VerdictRow, type VerdictSettings } from '../src/pipeline/verdict.js';
import { armScores } from '../src/pipeline/verdict-rows.js';
import { experimentResult, tempDir } from './helpers/cli.js';

const TINY = join(__dirname, 'fixtures', 'verdict-tiny.yaml');

/** Scores of one arm: r and R² from `r`, MSE from `mse`. */
const arm = (r: number, mse: number, constant = false): ArmScores => ({ r, r2: r * r, nse: 1 - mse, rmse: Math.sqrt(mse), mae: Math.sqrt(mse), mse, n: 100, constant });

/** A synthetic row: the treatment's r is the reference's + `d`, its MSE the reference's − d/10. */
function row(site: string, group: string, replicate: number, d: number): VerdictRow {
  return { comparison: 'guidance', model: 'lstm', band: 'iav', mode: 'full', group, site, replicate, reference: arm(0.3, 0.5), treatment: arm(0.3 + d, 0.5 - d / 10), baseline: arm(0.1, 0.8) };
}

describe('verdict statistics', () => {
  const settings: VerdictSettings = { bootstrap: { resamples: 2000, level: 0.95, seed: 1 }, primary: { seasonal: 'r', iav: 'r' } };

  it('averages seeds within a site, bootstraps sites, reports the seed spread, the levels and the gain over the baseline', () => {
    // Sites a–f of group G; replicate 0 gives differences 0.1…0.6, replicate 1 the same + 0.2.
    const rows = ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((s, k) => [row(s, 'G', 0, 0.1 * (k + 1)), row(s, 'G', 1, 0.1 * (k + 1) + 0.2)]);
    const { summaries, cells } = summarise(rows, settings);
    const r = summaries.find((s) => s.group === ALL_SITES && s.metric === 'r')!;
    const siteMeans = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    expect(r.sites).toBe(6);
    expect(r.replicates).toBe(2);
    expect(r.mean).toBeCloseTo(0.45, 12);
    const interval = clusterBootstrapMean(Float64Array.from(siteMeans), settings.bootstrap);
    expect(r.lo).toBeCloseTo(interval.lo, 12);
    expect(r.hi).toBeCloseTo(interval.hi, 12);
    expect(r.seedSpread).toBeCloseTo(0.2 / Math.SQRT2, 12); // replicate means 0.35 and 0.55
    expect(r.wilcoxon!.p).toBeCloseTo(wilcoxonSignedRank(Float64Array.from(siteMeans)).p, 12);
    expect(r.verdict).toBe('helps');
    expect(r.levels.reference).toBeCloseTo(0.3, 12);
    expect(r.levels.baseline).toBeCloseTo(0.1, 12);
    expect(r.overBaseline.treatment.mean).toBeCloseTo(0.3 + 0.45 - 0.1, 12);
    // MSE skill over the baseline: 1 − MSE / 0.8 per arm; the difference is (MSE_ref − MSE_treat) / 0.8.
    const msess = summaries.find((s) => s.group === ALL_SITES && s.metric === 'msess')!;
    expect(msess.mean).toBeCloseTo(0.045 / 0.8, 12);
    expect(msess.levels.baseline).toBe(0);
    expect(summaries.find((s) => s.group === ALL_SITES && s.metric === 'rmse')!.verdict).toBe('helps');
    expect(cells.find((c) => c.group === ALL_SITES)).toMatchObject({ metric: 'r', verdict: 'helps' });
    expect(cells.map((c) => c.group)).toEqual([ALL_SITES, 'G']);
  });

  it('a cell\'s verdict is its band\'s primary metric\'s, and every metric of a cell covers the same sites', () => {
    // r improves, MSE gets worse: the verdict follows the declared primary metric.
    const rows = ['a', 'b', 'c', 'd', 'e'].map((s, k) => ({ ...row(s, 'G', 0, 0.2 + 0.01 * k), treatment: arm(0.5 + 0.01 * k, 0.7) }));
    const byR = summarise(rows, settings);
    const byMsess = summarise(rows, { ...settings, primary: { seasonal: 'r', iav: 'msess' } });
    expect(byR.cells[0]).toMatchObject({ metric: 'r', verdict: 'helps' });
    expect(byMsess.cells[0]).toMatchObject({ metric: 'msess', verdict: 'hurts' });
    expect(new Set(byR.summaries.filter((s) => s.group === ALL_SITES).map((s) => s.sites))).toEqual(new Set([5]));
  });

  it('a constant prediction scores r = R² = 0 and counts, where the old rule dropped its pair; a constant truth excludes the site', () => {
    const observed = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i / 3));
    const p = (predicted: Float64Array, truth = observed) => ({ site: Array(40).fill('XX-Con'), date: Array(40).fill('2005-01-01'), observed: truth, predicted });
    const constant = armScores(p(new Float64Array(40).fill(0.2))).get('XX-Con')!;
    expect(constant).toMatchObject({ r: 0, r2: 0, constant: true });
    expect(constant.nse).toBeLessThan(0);
    expect(armScores(p(observed, new Float64Array(40).fill(1))).get('XX-Con')).toBeNull();
    // Four sites where guidance is worse by 0.1 in r, and one where the unguided prediction is constant (r = 0)
    // while the guided one reaches r = 0.5: counted, it moves the mean; dropped, the mean is −0.1.
    const rows = ['a', 'b', 'c', 'd'].map((s) => row(s, 'G', 0, -0.1));
    rows.push({ ...row('e', 'G', 0, 0), treatment: arm(0.5, 0.4), reference: { ...constant, mse: 0.6 } });
    const zero = summarise(rows, settings).summaries.find((s) => s.group === ALL_SITES && s.metric === 'r')!;
    const dropped = summarise(rows, settings, 'drop').summaries.find((s) => s.group === ALL_SITES && s.metric === 'r')!;
    expect(zero.sites).toBe(5);
    expect(zero.mean).toBeCloseTo((4 * -0.1 + 0.5) / 5, 12);
    expect(dropped.sites).toBe(4);
    expect(dropped.mean).toBeCloseTo(-0.1, 12);
  });
});

describe('fluxscale experiment verdict (tiny)', () => {
  const runDir = join(tempDir(), 'run');
  let file: VerdictFile;

  beforeAll(() => {
    file = experimentResult<VerdictFile>('verdict', TINY, runDir, 'verdict.json');
  });

  it('plans both SSA modes, every seed replicate, every test block and the controls, without a search; one unguided fit serves both modes', () => {
    const units = readFileSync(join(runDir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const count = (kind: string, task?: string) => units.filter((u) => u.kind === kind && (task === undefined || u.task === task)).length;
    // full: one per site; train-only: one per site and test block (its SSA is fitted on each block's training part)
    expect(count('prepare')).toBe(4 + 4 * 2);
    expect(count('tune')).toBe(0);
    // 2 groups × (2 LSTM + 1 LASSO + 1 RF replicates) × 2 blocks: one raw fit, and 2 modes × 2 bands guided fits
    expect(count('fit', 'raw')).toBe(2 * 4 * 2);
    expect(count('fit')).toBe(2 * 4 * 2 * (1 + 2 * 2));
    expect(count('cross')).toBe(2 * 2 * 2 * 2);
    expect(count('score')).toBe(1);
  });

  it('holds every per-site row with the no-skill baseline, and every summary is recomputed from them', () => {
    // 4 sites × 2 bands × 2 modes, less the excluded site-bands: LSTM 2 replicates, LASSO 1, RF 1; cross-scale 2 replicates.
    const bands = 4 * 2 - file.excluded.length;
    expect(file.rows.filter((r) => r.comparison === 'guidance')).toHaveLength(bands * 2 * 4);
    expect(file.rows.filter((r) => r.comparison === 'cross-scale')).toHaveLength(bands * 2 * 2);
    for (const r of file.rows) for (const a of [r.treatment, r.reference, r.baseline]) expect(Number.isFinite(a.r) && Number.isFinite(a.nse)).toBe(true);
    const again = summarise(file.rows, { bootstrap: file.bootstrap, primary: file.primary });
    expect(again.summaries).toEqual(file.summaries);
    expect(again.cells).toEqual(file.cells);
    expect(summarise(file.rows, { bootstrap: file.bootstrap, primary: file.primary }, 'drop', false).summaries).toEqual(file.dropped);
    expect(file.groups).toEqual({ GRA: 2, 'ENF+EBF': 2 });
    expect(file.evaluation).toEqual({ scheme: 'rolling-origin', initialTrain: 0.4, folds: 2, warmStart: null });
  });

  it('scores the unguided model out of sample: the same fit in both SSA modes, and the baseline alike for every model', () => {
    const of = (mode: string, model: string) => file.rows.filter((r) => r.comparison === 'guidance' && r.mode === mode && r.model === model).map((r) => r.reference);
    expect(of('full', 'lstm')).toEqual(of('train-only', 'lstm'));
    const baselines = new Set(file.rows.filter((r) => r.band === 'iav').map((r) => `${r.site}|${r.baseline.mse}`));
    expect(baselines.size).toBe(4 - file.excluded.filter((e) => e.band === 'iav').length);
  });

  it('writes verdict.md, the forest plots and a report that opens with the answer', () => {
    const markdown = readFileSync(join(runDir, 'verdict.md'), 'utf8');
    expect(markdown).toMatch(/^# Does scale guidance help\?/);
    expect(markdown).toContain('## Beside the no-skill baseline');
    expect(markdown).toContain('## What the conclusion depends on');
    expect(markdown).toContain('row dropped');
    const figure = JSON.parse(readFileSync(join(runDir, 'figures', 'verdict', 'figure.json'), 'utf8'));
    expect(figure.panels.map((p: { file: string }) => p.file)).toEqual(['verdict-lstm-r.svg', 'verdict-lstm-rmse.svg', 'verdict-lasso-r.svg', 'verdict-rf-r.svg', 'verdict-cross-r.svg']);
    for (const p of figure.panels) expect(existsSync(join(runDir, 'figures', 'verdict', p.file))).toBe(true);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    const first = html.indexOf('<section id="');
    expect(html.slice(first, first + 80)).toContain('id="verdict"');
    expect(html).toContain('Does scale guidance help?');
  });
});
