import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterBootstrapMean } from '@fluxscale/evaluation';
import { loadConfig } from '../src/config/load.js';
import { findDriversSummary, pairByDriverSet, summariseDrivers, type DriversFile, type DriversScore } from '../src/pipeline/drivers.js';
import { planUnits } from '../src/experiments/experiment.js';
import { experiment } from '../src/experiments/registry.js';
import { DRIVER_SETS, type PlannedSite } from '../src/pipeline/plan.js';
import { seedOf } from '../src/pipeline/seeds.js';
import type { ArmScores } from '../src/pipeline/verdict.js';
import { experimentResult, tempDir } from './helpers/cli.js';

const TINY = join(__dirname, 'fixtures', 'drivers-tiny.yaml');
const bootstrap = { resamples: 2000, level: 0.95, seed: 1 };

/** Scores with correlation r and RMSE `rmse` on n test days. */
const arm = (r: number, rmse: number, n = 100): ArmScores => ({ r, r2: r * r, nse: 1 - rmse, rmse, mae: rmse, mse: rmse * rmse, n, constant: false });

/** One driver set's score of a model at a site and seed. */
const score = (model: DriversScore['model'], site: string, replicate: number, r: number, n = 100): DriversScore => ({
  model,
  band: model === 'raw' ? 'raw' : 'iav',
  mode: model === 'raw' ? null : 'full',
  group: 'GRA',
  site,
  replicate,
  scores: arm(r, 1 - r, n),
});

describe('drivers statistics', () => {
  it('pairs by model, band, mode, site and seed; a score without its partner, or on other test days, is reported, never dropped silently', () => {
    const three = [score('guided', 'a', 0, 0.1), score('guided', 'a', 1, 0.2), score('guided', 'b', 0, 0.3), score('unguided', 'c', 0, 0.1, 90)];
    const five = [score('guided', 'a', 0, 0.4), score('guided', 'b', 0, 0.5), score('guided', 'b', 1, 0.6), score('unguided', 'c', 0, 0.2, 80)];
    const { rows, unpaired } = pairByDriverSet(three, five);
    expect(rows.map((r) => [r.site, r.replicate, r.three.r, r.five.r])).toEqual([
      ['a', 0, 0.1, 0.4],
      ['b', 0, 0.3, 0.5],
    ]);
    expect(unpaired.map((u) => [u.model, u.site, u.replicate, u.reason])).toEqual([
      ['guided', 'a', 1, 'scored with three drivers only'],
      ['unguided', 'c', 0, 'scored on 90 test days with three drivers, 80 with five'],
      ['guided', 'b', 1, 'scored with five drivers only'],
    ]);
  });

  it('five − three per model, and the guidance gain with five − with three, with the verdict\'s site bootstrap', () => {
    // sites a–f, 2 seeds: guided r +0.1·k better with five; unguided +0.05 with five everywhere
    const sites = ['a', 'b', 'c', 'd', 'e', 'f'];
    const three = sites.flatMap((s) => [0, 1].flatMap((rep) => [score('guided', s, rep, 0.2), score('unguided', s, rep, 0.3)]));
    const five = sites.flatMap((s, k) => [0, 1].flatMap((rep) => [score('guided', s, rep, 0.2 + 0.1 * (k + 1) + 0.02 * rep), score('unguided', s, rep, 0.35)]));
    const summaries = summariseDrivers(pairByDriverSet(three, five).rows, { bootstrap });
    const guided = findDriversSummary(summaries, { question: 'drivers', model: 'guided', band: 'iav', mode: 'full', metric: 'r' })!;
    const siteMeans = sites.map((_, k) => 0.1 * (k + 1) + 0.01);
    expect(guided.sites).toBe(6);
    expect(guided.replicates).toBe(2);
    expect(guided.mean).toBeCloseTo(0.36, 12);
    const interval = clusterBootstrapMean(Float64Array.from(siteMeans), bootstrap);
    expect([guided.lo, guided.hi]).toEqual([expect.closeTo(interval.lo, 12), expect.closeTo(interval.hi, 12)]);
    expect(guided.levels).toEqual({ three: expect.closeTo(0.2, 12), five: expect.closeTo(0.56, 12) });
    expect(guided.verdict).toBe('helps');
    const unguided = findDriversSummary(summaries, { question: 'drivers', model: 'unguided', band: 'iav', mode: 'full', metric: 'r' })!;
    expect(unguided.mean).toBeCloseTo(0.05, 12);
    // RMSE = 1 − r here: five has the lower RMSE, so it helps too
    expect(findDriversSummary(summaries, { question: 'drivers', model: 'guided', band: 'iav', mode: 'full', metric: 'rmse' })).toMatchObject({ mean: expect.closeTo(-0.36, 12), verdict: 'helps' });
    // gain with three: 0.2 − 0.3 = −0.1; with five: 0.2 + 0.1(k+1) + 0.01 − 0.35; difference 0.36 − 0.05 = 0.31
    const gain = findDriversSummary(summaries, { question: 'guidance', model: 'guided − unguided', band: 'iav', mode: 'full', metric: 'r' })!;
    expect(gain.mean).toBeCloseTo(0.31, 12);
    expect(gain.levels.three).toBeCloseTo(-0.1, 12);
    expect(gain.levels.five).toBeCloseTo(0.21, 12);
    expect(gain.verdict).toBe('helps');
  });
});

describe('the drivers plan', () => {
  const sites: PlannedSite[] = ['AT-Neu', 'DE-Gri'].map((site) => ({ site, group: 'GRA', file: `${site}.csv`, igbp: 'GRA', lat: 47, lon: 11 }));

  it('plans the verdict\'s LSTM units once per driver set: the same sites, seeds and test blocks, different units', () => {
    const config = loadConfig({ profile: 'paper-drivers' });
    const units = planUnits(experiment('drivers'), config, sites);
    const of = (drivers: readonly string[]) => units.filter((u) => u.drivers === drivers);
    const [three, five] = [of(DRIVER_SETS.three), of(DRIVER_SETS.five)];
    expect(three.length).toBe(five.length);
    expect(three.length + five.length + 1).toBe(units.length);
    // 2 sites × (1 full + 4 train-only) prepares; 1 group × 3 seeds × 4 blocks × (1 raw + 2 modes × 2 bands) fits
    expect(three.filter((u) => u.kind === 'prepare').length).toBe(2 * 5);
    expect(three.filter((u) => u.kind === 'fit').length).toBe(3 * 4 * 5);
    expect(new Set(units.map((u) => u.id)).size).toBe(units.length);
    three.forEach((u, i) => {
      expect(five[i].path).toBe(u.path.replace(/^three\//, 'five/'));
      expect(seedOf(config.seed, five[i])).toBe(seedOf(config.seed, u));
    });
    expect(units.at(-1)!.kind).toBe('score');
  });

  it('refuses other drivers than the paper\'s, naming the setting', () => {
    const config = loadConfig({ profile: 'paper-drivers', overrides: { data: { drivers: ['TA_F', 'VPD_F'] } } });
    expect(() => planUnits(experiment('drivers'), config, sites)).toThrow(/data\.drivers.*WS_F,P_F,TA_F,NETRAD,VPD_F.*got TA_F,VPD_F/);
  });
});

describe('fluxscale experiment drivers (tiny)', () => {
  const runDir = join(tempDir(), 'run');
  let file: DriversFile;

  beforeAll(() => {
    file = experimentResult<DriversFile>('drivers', TINY, runDir, 'drivers.json');
  });

  it('pairs every site and seed of both driver sets, and writes drivers.md and the report section', () => {
    expect(file.sites).toBe(3);
    expect(file.groups).toEqual({ GRA: 2, DBF: 1 });
    expect(file.unpaired).toEqual([]);
    // DE-Gri's IAV truth does not vary on its test days: left out of that band, and listed
    expect(file.excluded.map((e) => [e.site, e.band])).toEqual([['DE-Gri', 'iav']]);
    // per site and seed: raw NEE, and guided and unguided in 2 bands × 1 mode, less DE-Gri's IAV
    expect(file.rows.length).toBe(3 * 2 * (1 + 2 * 2) - 2 * 2);
    for (const row of file.rows) expect(row.five.n).toBe(row.three.n);
    const raw = file.rows.filter((r) => r.model === 'raw');
    expect(raw.some((r) => r.five.r !== r.three.r)).toBe(true);
    const md = readFileSync(join(runDir, 'drivers.md'), 'utf8');
    expect(md).toContain("# Three drivers or the paper's five?");
    expect(md).toContain('None: every score of one driver set has its partner');
    expect(md).toContain('DE-Gri (IAV)');
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<section id="drivers">');
    expect(html).toContain('Does guidance help more once they are there?');
  });
});
