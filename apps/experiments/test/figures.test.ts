import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { guidanceFindings, type GuidanceScores } from '../src/figures/fig3.js';
import { crossFindings } from '../src/figures/fig5.js';
import { meanShares, shareFindings, type ModelShares } from '../src/figures/fig6.js';
import { planeFit, responsePairs } from '../src/figures/fig7.js';
import { evenlySpaced } from '../src/figures/inputs.js';
import { experiment } from '../src/experiments/registry.js';
import type { FigureRecord } from '../src/figures/record.js';
import { bandLag1, meanInPeriods, meanOverTime } from '../src/figures/wavelet.js';
import { ar1 } from '@fluxscale/evaluation';
import { runCli, tempDir } from './helpers/cli.js';

const TINY = join(__dirname, 'fixtures', 'tiny.yaml');

const scores = (rmse: number, r2: number) => ({ rmse, r2, lcs: 0, mae: rmse / 2, mse: rmse * rmse, sb: 0, sdsd: 0, bias: 0, pearson: Math.sqrt(r2), nse: 0, n: 10, masked: 0 });

describe('figure numerics (known answers)', () => {
  it('planeFit recovers an exact plane and measures what a bump leaves', () => {
    const x = Float64Array.from([0, 1, 2, 3]);
    const y = Float64Array.from([10, 20, 30]);
    const z = new Float64Array(12);
    for (let iy = 0; iy < 3; iy++) for (let ix = 0; ix < 4; ix++) z[iy * 4 + ix] = 1 + 2 * x[ix] - 0.5 * y[iy];
    const mask = new Uint8Array(12);
    const flat = planeFit({ x, y, z, mask, nx: 4, ny: 3 });
    expect(flat.bx).toBeCloseTo(2, 12);
    expect(flat.by).toBeCloseTo(-0.5, 12);
    expect(flat.residualShare).toBeCloseTo(0, 12);
    const bumped = Float64Array.from(z);
    bumped[1 * 4 + 1] += 5;
    expect(planeFit({ x, y, z: bumped, mask, nx: 4, ny: 3 }).residualShare).toBeGreaterThan(0.05);
    mask[1 * 4 + 1] = 1;
    expect(planeFit({ x, y, z: bumped, mask, nx: 4, ny: 3 }).residualShare).toBeCloseTo(0, 12);
  });

  it('meanInPeriods averages only cells inside the period range and outside the cone of influence', () => {
    const periods = Float64Array.from([10, 100, 1000]);
    const coi = Float64Array.from([50, 500, 5000, 500]);
    const field = Float64Array.from({ length: 12 }, (_, k) => k);
    expect(meanInPeriods(field, periods, coi, 50, 200)).toBeCloseTo((5 + 6 + 7) / 3, 12);
    expect(meanInPeriods(field, periods, coi, 0, 10)).toBeCloseTo((0 + 1 + 2 + 3) / 4, 12);
    expect(meanInPeriods(field, periods, coi, 999, 1001)).toBe(10);
    expect(meanInPeriods(field, periods, coi, 2000, 3000)).toBeNaN();
    expect(Array.from(meanOverTime(field, periods, coi))).toEqual([1.5, 6, 10]);
    expect(Array.from(meanOverTime(field, Float64Array.from([10, 100, 9999]), coi))).toEqual([1.5, 6, Number.NaN]);
  });

  it('bandLag1 keeps an AR(1) estimate inside (−1, 1) for bands as smooth as a slow oscillation', () => {
    const smooth = Float64Array.from({ length: 4000 }, (_, t) => Math.sin((2 * Math.PI * t) / 1000));
    expect(ar1(smooth)).toBeGreaterThan(1);
    expect(bandLag1(smooth)).toBe(0.9999);
    const alternating = Float64Array.from({ length: 100 }, (_, t) => (t % 2 === 0 ? 1 : -1) * (1 + t / 100));
    expect(bandLag1(alternating)).toBeCloseTo(ar1(alternating), 12);
  });

  it('evenlySpaced spreads indices over the whole range, or keeps them all', () => {
    expect(Array.from(evenlySpaced(10, 4))).toEqual([1, 3, 6, 8]);
    expect(Array.from(evenlySpaced(3, 5))).toEqual([0, 1, 2]);
  });

  it('responsePairs takes net radiation before shortwave and needs both drivers of a pair', () => {
    expect(responsePairs(['TA_F', 'SW_IN_F', 'VPD_F'])).toEqual([['TA_F', 'SW_IN_F']]);
    expect(responsePairs(['WS_F', 'P_F', 'TA_F', 'NETRAD', 'SW_IN_F'])).toEqual([['TA_F', 'NETRAD'], ['WS_F', 'P_F']]);
    expect(responsePairs(['TA_F', 'VPD_F', 'P_F'])).toEqual([]);
  });
});

describe('paper findings', () => {
  it('Fig. 3: counts the groups where guidance helps and names the savanna gain', () => {
    const rows: GuidanceScores[] = [
      { group: 'GRA', band: 'iav', guided: scores(0.3, 0.3), unguided: scores(0.4, 0.1) },
      { group: 'SAV+WSA', band: 'iav', guided: scores(0.2, 0.6), unguided: scores(0.3, 0.1) },
      { group: 'DBF', band: 'iav', guided: scores(0.5, 0.1), unguided: scores(0.4, 0.2) },
      { group: 'GRA', band: 'seasonal', guided: scores(1.0, 0.7), unguided: scores(1.2, 0.6) },
    ];
    const byId = Object.fromEntries(guidanceFindings(rows).map((f) => [f.id, f]));
    expect(byId['fig3-iav-r2']).toMatchObject({ reproduced: true, observed: 'better in 2 of 3 groups, mean ΔR² +0.200' });
    expect(byId['fig3-seasonal-rmse'].reproduced).toBe(true);
    expect(byId['fig3-wsa-iav-r2'].reproduced).toBe(true);
    const noSavanna = guidanceFindings(rows.filter((r) => r.group !== 'SAV+WSA'));
    expect(noSavanna.find((f) => f.id === 'fig3-wsa-iav-r2')).toMatchObject({ reproduced: null, observed: 'no SAV/WSA group in this run' });
    expect(noSavanna.find((f) => f.id === 'fig3-iav-r2')!.reproduced).toBe(false);
  });

  it('Figs. 4–5: every group must lose with the cross-scale model; a site t-test needs two sites', () => {
    const groups = [
      { group: 'GRA', target: 'seasonal' as const, correct: { rmse: 1 }, cross: { rmse: 2 } },
      { group: 'DBF', target: 'seasonal' as const, correct: { rmse: 1.5 }, cross: { rmse: 1.2 } },
      { group: 'GRA', target: 'iav' as const, correct: { rmse: 0.3 }, cross: { rmse: 0.4 } },
    ];
    const findings = crossFindings(groups, [
      { target: 'seasonal', rows: [1, 2, 3], r2: { p: 0.001, meanDiff: 0.3 } },
      { target: 'iav', rows: [1], r2: null },
    ]);
    const byId = Object.fromEntries(findings.map((f) => [f.id, f]));
    expect(byId['fig4-seasonal-rmse']).toMatchObject({ reproduced: false, observed: 'correct-scale RMSE lower in 1 of 2 groups' });
    expect(byId['fig4-iav-rmse'].reproduced).toBe(true);
    expect(byId['fig5-seasonal-site-r2'].reproduced).toBe(true);
    expect(byId['fig5-iav-site-r2'].reproduced).toBeNull();
  });

  it("Fig. 6: the paper's own shares reproduce every finding, swapped ones do not, missing drivers cannot tell", () => {
    const paperLike = shareFindings({ radiation: 46.9, temperature: 34.8, VPD: 18.3 }, { temperature: 24.5, radiation: 21.1, VPD: 20, precipitation: 17.4, wind: 17 });
    expect(paperLike.map((f) => f.reproduced)).toEqual([true, true, true, true]);
    const swapped = shareFindings({ temperature: 60, radiation: 30, VPD: 10 }, { radiation: 70, temperature: 20, VPD: 10 });
    expect(swapped.map((f) => f.reproduced)).toEqual([false, false, false, false]);
    expect(shareFindings({ temperature: 100 }, { temperature: 100 }).map((f) => f.reproduced)).toEqual([null, null, null, null]);
    const perGroup: ModelShares[] = [
      { group: 'A', task: 'seasonal', shares: { temperature: 40, radiation: 60 } },
      { group: 'B', task: 'seasonal', shares: { temperature: 20, radiation: 80 } },
      { group: 'A', task: 'iav', shares: { temperature: 50, radiation: 50 } },
    ];
    expect(meanShares(perGroup, 'seasonal', ['temperature', 'radiation'])).toEqual({ temperature: 30, radiation: 70 });
  });
});

describe('fluxscale experiment all / <figure> (tiny config, end to end)', () => {
  const runDir = join(tempDir(), 'run');
  let first: ReturnType<typeof runCli>;

  beforeAll(() => {
    first = runCli(['experiment', 'all', '--config', TINY, '--out', runDir, '--jobs', '2']);
  });

  const record = (id: string): FigureRecord => JSON.parse(readFileSync(join(runDir, 'figures', id, 'figure.json'), 'utf8'));

  it('draws every figure with its SVG panels, CSVs and findings', () => {
    expect(first.stderr).toMatch(/0 failed/);
    expect(first.status).toBe(0);
    for (const id of experiment('all').draws) {
      const r = record(id);
      expect(r.id).toBe(id);
      expect(r.panels.length).toBeGreaterThan(0);
      for (const panel of r.panels) {
        const svg = readFileSync(join(runDir, 'figures', id, panel.file), 'utf8');
        expect(svg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
      }
      for (const csv of r.data) {
        const lines = readFileSync(join(runDir, 'figures', id, csv), 'utf8').trim().split('\n');
        expect(lines.length).toBeGreaterThan(1);
      }
      expect(r.findings.length).toBeGreaterThan(0);
      for (const f of r.findings) expect([true, false, null]).toContain(f.reproduced);
    }
    expect(first.stderr).toMatch(/report: .*report\.html \(5 figure\(s\), 22 panel\(s\)\)/);
    expect(existsSync(join(runDir, 'report.html'))).toBe(true);
    expect(record('wavelet').panels).toHaveLength(10);
    expect(record('wavelet').settings).toMatchObject({ site: 'AT-Neu', group: 'GRA', surrogates: 4 });
    expect(record('fig7').panels.map((p) => p.file)).toEqual(['fig7-GRA-seasonal-TA_F-SW_IN_F.svg', 'fig7-GRA-iav-TA_F-SW_IN_F.svg']);
  });

  it('Fig. 3 numbers are the pooled guided scores minus the unguided band scores of metrics.csv', () => {
    const rows = readFileSync(join(runDir, 'figures', 'fig3', 'fig3-guidance.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const metrics = readFileSync(join(runDir, 'metrics.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const pooled = (task: string, guidance: string) => metrics.find((m) => m[0] === 'lstm' && m[1] === task && m[2] === guidance && m[3] === '*')!;
    for (const band of ['seasonal', 'iav']) {
      const rmse = rows.find((r) => r[0] === 'GRA' && r[1] === band && r[2] === 'rmse')!;
      expect(Number(rmse[3])).toBeCloseTo(Number(pooled(band, 'guided')[5]), 9);
      expect(Number(rmse[4])).toBeCloseTo(Number(pooled(band, 'unguided')[5]), 9);
      expect(Number(rmse[5])).toBeCloseTo(Number(rmse[3]) - Number(rmse[4]), 12);
    }
  });

  it('Fig. 6 shares of each model sum to 100 % over the meteorological drivers', () => {
    const rows = readFileSync(join(runDir, 'figures', 'fig6', 'fig6-shares.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const task of ['seasonal', 'iav', 'raw']) {
      const met = rows.filter((r) => r[1] === task && r[5] !== '');
      expect(met.map((r) => r[2]).sort()).toEqual(['VPD', 'radiation', 'temperature']);
      expect(met.reduce((s, r) => s + Number(r[5]), 0)).toBeCloseTo(100, 9);
      expect(rows.filter((r) => r[1] === task).reduce((s, r) => s + Number(r[4]), 0)).toBeCloseTo(100, 9);
    }
  });

  it('--from redraws one figure into a finished run, identically for the same seed', () => {
    const before = readFileSync(join(runDir, 'figures', 'fig6', 'fig6-shares.csv'), 'utf8');
    const again = runCli(['experiment', 'fig6', '--from', runDir]);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/fig6: 4 panel\(s\)/);
    expect(readFileSync(join(runDir, 'figures', 'fig6', 'fig6-shares.csv'), 'utf8')).toBe(before);
  });

  it('refuses --from with run flags, a table name, a missing run and a site not in the run', () => {
    const clash = runCli(['experiment', 'fig3', '--from', runDir, '--seed', '3']);
    expect(clash.status).not.toBe(0);
    expect(clash.stderr).toMatch(/--from draws from an existing run .*drop --seed/);
    const table = runCli(['experiment', 'table1', '--from', runDir]);
    expect(table.status).not.toBe(0);
    expect(table.stderr).toMatch(/use it with all or fig3/);
    const missing = runCli(['experiment', 'fig3', '--from', join(runDir, 'nope')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/nope is not a planned fluxscale run: config.json is missing/);
    const site = runCli(['experiment', 'wavelet', '--from', runDir, '--site', 'FR-Gri']);
    expect(site.status).toBe(1);
    expect(site.stderr).toMatch(/wavelet failed: wavelet: site FR-Gri is not in this run \(sites: AT-Neu, US-Var\)/);
    expect(existsSync(join(runDir, 'figures', 'wavelet', 'figure.json'))).toBe(true);
  });
});

describe('figures of a run that lacks their inputs', () => {
  it('names the missing unit and how to get it', () => {
    const runDir = join(tempDir(), 'run');
    const plan = runCli(['plan', 'table2', '--config', TINY, '--out', runDir]);
    expect(plan.status).toBe(0);
    const fig3 = runCli(['experiment', 'fig3', '--from', runDir]);
    expect(fig3.status).toBe(1);
    expect(fig3.stderr).toMatch(/fig3 failed: fig3 needs the raw lstm fit of group GRA, which .* did not plan/);
    const fig5 = runCli(['experiment', 'fig5', '--from', runDir]);
    expect(fig5.stderr).toMatch(/fig5 failed: fig5 needs .*cross\/GRA, which is not finished: resume the run with --resume/);
  });
});
