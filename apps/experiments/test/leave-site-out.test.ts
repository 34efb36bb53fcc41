/**
 * Leave-site-out evaluation on real sites of the bundled sample: the plan never lets a held-out site
 * into its fold's training, search or scaler; every site is predicted once over its whole usable
 * record; a pooled model honours its IGBP input; settings the scheme cannot honour are refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DATA_DIR } from '@fluxscale/data';
import { contextOf, readPlannedRun } from '../src/engine/run-dir.js';
import { testWindows } from '../src/figures/inputs.js';
import { readScaler } from '../src/pipeline/work.js';
import { runCli, tempDir } from './helpers/cli.js';

const LSO = join(__dirname, 'fixtures', 'lso-tiny.yaml');
const WINDOW = 30;
const TRAIN_STRIDE = 15;

interface PlanUnit {
  id: string;
  kind: string;
  path: string;
  deps: string[];
  site?: string;
  group?: string;
  sites?: string[];
  heldOut?: string[];
  model?: string;
  task?: string;
  block?: number;
}

const planOf = (runDir: string): PlanUnit[] => readFileSync(join(runDir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PlanUnit);

/** Plans (or, with `run`, runs) an experiment into a fresh directory; fails the test on a non-zero exit. */
function cli(command: 'plan' | 'experiment', args: string[]): string {
  const runDir = join(tempDir(), 'run');
  const r = runCli([command, ...args, '--out', runDir, ...(command === 'experiment' ? ['--jobs', '1'] : [])]);
  if (r.status !== 0) throw new Error(`fluxscale ${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return runDir;
}

/** A prepared site's raw series of `variable` (default the target), read from bands.f64 ([variable][task][day], raw first), and its first day. */
function preparedSeries(runDir: string, site: string, variable?: string): { firstDay: number; target: Float64Array } {
  const dir = join(runDir, 'prepare', site);
  const info = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as { nDays: number; firstDay: number; variables: string[] };
  const bytes = readFileSync(join(dir, 'bands.f64'));
  const TASKS = 4;
  const offset = bytes.byteOffset + (variable ? info.variables.indexOf(variable) : 0) * TASKS * info.nDays * 8;
  return { firstDay: info.firstDay, target: new Float64Array(bytes.buffer.slice(offset, offset + info.nDays * 8)) };
}
const preparedTarget = (runDir: string, site: string) => preparedSeries(runDir, site);

const mean = (xs: ArrayLike<number>[]): number => {
  let sum = 0;
  let n = 0;
  for (const x of xs) {
    for (let i = 0; i < x.length; i++) sum += x[i];
    n += x.length;
  }
  return sum / n;
};

describe('leave-site-out plan', () => {
  const plan = planOf(cli('plan', ['table1', '--config', LSO]));
  const prepareId = new Map(plan.filter((u) => u.kind === 'prepare').map((u) => [u.id, u.site!]));

  it('holds each fold out of its models: the fits of a group partition its sites, none trains on what it predicts', () => {
    const fits = plan.filter((u) => u.kind === 'fit');
    expect(new Set(fits.map((f) => f.group))).toEqual(new Set(['GRA', 'MF', 'ENF+EBF']));
    for (const group of ['GRA', 'MF', 'ENF+EBF']) {
      const own = fits.filter((f) => f.group === group);
      expect(own).toHaveLength(2);
      const heldOut = own.flatMap((f) => f.heldOut!);
      expect(new Set(heldOut).size).toBe(heldOut.length);
      for (const f of own) {
        expect(f.sites!.filter((s) => f.heldOut!.includes(s))).toEqual([]);
        expect([...f.sites!, ...f.heldOut!].sort()).toEqual([...heldOut].sort());
      }
    }
  });

  it('searches each fold on its training sites only, and fits a site’s SSA on nothing but its own record', () => {
    const fits = plan.filter((u) => u.kind === 'fit');
    for (const fit of fits) {
      const tunes = fit.deps.filter((id) => !prepareId.has(id)).map((id) => plan.find((u) => u.id === id)!);
      expect(tunes.length).toBe(2 * 2);
      for (const tune of tunes) {
        expect(tune.kind).toBe('tune');
        expect(tune.block).toBe(fit.block);
        expect(tune.sites).toEqual(fit.sites);
        expect(tune.deps.map((id) => prepareId.get(id)).filter((s) => fit.heldOut!.includes(s!))).toEqual([]);
      }
    }
    for (const p of plan.filter((u) => u.kind === 'prepare')) expect(p.deps).toEqual([]);
  });

  it('deals the sites anew when the seed changes', () => {
    const heldOutOf = (p: PlanUnit[]) => JSON.stringify(p.filter((u) => u.kind === 'fit').map((u) => [u.group, u.block, u.heldOut]));
    const again = planOf(cli('plan', ['table1', '--config', LSO]));
    expect(heldOutOf(again)).toBe(heldOutOf(plan));
    const seeds = [1, 2, 3].map((seed) => heldOutOf(planOf(cli('plan', ['table1', '--config', LSO, '--seed', String(seed)]))));
    expect(seeds.some((s) => s !== heldOutOf(plan))).toBe(true);
  });

  it('takes 5 site folds when --scheme switches a profile to leave-site-out, and records them in the manifest', () => {
    const runDir = cli('plan', ['table1', '--scheme', 'leave-site-out', '--grouping', 'pooled']);
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as { evaluation: { folds: number }; grouping: string };
    expect(config.evaluation.folds).toBe(5);
    expect(config.grouping).toBe('pooled');
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { evaluation: { siteFolds: Array<{ group: string; trainedOn: string[]; heldOut: string[] }> } };
    const folds = manifest.evaluation.siteFolds;
    expect(folds).toHaveLength(5);
    expect(folds.flatMap((f) => f.heldOut).sort()).toHaveLength(12);
    for (const f of folds) expect(f.trainedOn.length + f.heldOut.length).toBe(12);
  });

  it('refuses train-only SSA naming the key', () => {
    const trainOnly = join(tempDir(), 'train-only.yaml');
    writeFileSync(trainOnly, `${readFileSync(LSO, 'utf8')}ssa:\n  mode: train-only\n`);
    let r = runCli(['plan', 'table1', '--config', trainOnly, '--out', join(tempDir(), 'run')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/ssa\.mode: train-only does not apply under evaluation\.scheme leave-site-out/);
    r = runCli(['plan', 'verdict', '--profile', 'verdict-quick', '--scheme', 'leave-site-out', '--out', join(tempDir(), 'run')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/verdict\.modes: train-only does not apply/);
    // The drivers experiment fits the verdict's units, so it reads the verdict's modes too.
    r = runCli(['plan', 'drivers', '--scheme', 'leave-site-out', '--out', join(tempDir(), 'run')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/verdict\.modes: train-only does not apply/);
  });

  it('skips, with the reason, a site alone in its ecosystem group when models are per group', () => {
    const manifestOf = (grouping: string) =>
      JSON.parse(readFileSync(join(cli('plan', ['table1', '--scheme', 'leave-site-out', '--grouping', grouping]), 'manifest.json'), 'utf8')) as {
        sites: Array<{ site: string }>;
        skipped: Array<{ site: string; reason: string }>;
      };
    const perGroup = manifestOf('per-group');
    // The sample's single sites of CRO, WET, SAV+WSA, OSH+CSH and DBF.
    expect(perGroup.skipped.map((s) => s.site).sort()).toEqual(['AU-How', 'CZ-wet', 'DE-Hai', 'FR-Gri', 'US-Whs']);
    expect(perGroup.skipped.find((s) => s.site === 'FR-Gri')!.reason).toMatch(/only site of ecosystem group CRO.*grouping: pooled keeps it/);
    expect(perGroup.sites).toHaveLength(7);
    expect(manifestOf('pooled').sites).toHaveLength(12);
  });
});

describe('leave-site-out run, pooled', () => {
  const runDir = cli('experiment', ['table1', '--config', LSO, '--grouping', 'pooled']);
  const plan = planOf(runDir);
  const fits = plan.filter((u) => u.kind === 'fit');

  it('predicts every site exactly once, over its whole usable record', () => {
    expect(fits).toHaveLength(2);
    const seen = new Map<string, string[]>();
    for (const fit of fits) {
      const rows = readFileSync(join(runDir, fit.path, 'test.csv'), 'utf8').trim().split('\n').slice(1);
      for (const row of rows) {
        const [site, date] = row.split(',');
        expect(fit.heldOut).toContain(site);
        seen.set(site, [...(seen.get(site) ?? []), date]);
      }
    }
    expect([...seen.keys()].sort()).toEqual(['AT-Neu', 'BE-Bra', 'CH-Dav', 'CH-Lae', 'FI-Hyy', 'US-Var']);
    for (const [site, dates] of seen) {
      const { firstDay, target } = preparedTarget(runDir, site);
      const days = dates.map((d) => Date.parse(d) / 86_400_000 - firstDay);
      expect(days).toEqual(Array.from({ length: target.length - WINDOW + 1 }, (_, k) => WINDOW - 1 + k));
    }
  });

  it('trains and scales each fold on its training sites’ days only', () => {
    for (const fit of fits) {
      const scaler = JSON.parse(readFileSync(join(runDir, fit.path, 'scaler.json'), 'utf8')) as { yMean: number };
      // The target is scaled over each site's target days from its first to its last (strided) training sample.
      const samplesOf = (s: string) => Math.ceil((preparedTarget(runDir, s).target.length - WINDOW + 1) / TRAIN_STRIDE);
      const targetDays = (s: string) => preparedTarget(runDir, s).target.subarray(WINDOW - 1, WINDOW + (samplesOf(s) - 1) * TRAIN_STRIDE);
      expect(scaler.yMean).toBeCloseTo(mean(fit.sites!.map(targetDays)), 9);
      expect(Math.abs(scaler.yMean - mean([...fit.sites!, ...fit.heldOut!].map(targetDays)))).toBeGreaterThan(1e-3);
      const samples = fit.sites!.reduce((n, s) => n + samplesOf(s), 0);
      expect((JSON.parse(readFileSync(join(runDir, fit.path, 'fit.json'), 'utf8')) as { trainSamples: number }).trainSamples).toBe(samples);
    }
  });

  it('honours the IGBP input: the same drivers with another class give another prediction, also on a site it never saw', () => {
    const fit = fits.find((f) => f.heldOut!.includes('AT-Neu'))!;
    const meta = join(tempDir(), 'sites.csv');
    writeFileSync(meta, readFileSync(join(SAMPLE_DATA_DIR, 'sites.csv'), 'utf8').replace('AT-Neu,GRA', 'AT-Neu,ENF'));
    const predicted = (extra: string[]) => {
      const r = runCli(['predict', '--model', join(runDir, fit.path), '--site', 'AT-Neu', ...extra]);
      expect(r.status).toBe(0);
      return r.stdout.trim().split('\n').slice(1).map((l) => Number(l.split(',')[3]));
    };
    const asGrassland = predicted([]);
    const asForest = predicted(['--meta', meta]);
    expect(asForest).toHaveLength(asGrassland.length);
    expect(Math.max(...asGrassland.map((p, i) => Math.abs(p - asForest[i])))).toBeGreaterThan(0.01);
    // The test rows of the run are the same predictions as predicting the held-out site afresh.
    const rows = readFileSync(join(runDir, fit.path, 'test.csv'), 'utf8').trim().split('\n').filter((l) => l.startsWith('AT-Neu,'));
    expect(rows.map((l) => Number(l.split(',')[3]))).toEqual(asGrassland.map((p) => expect.closeTo(p, 9)));
  });

  it('hands the figures each fold’s test windows: its held-out sites’ whole records, the days it predicted', () => {
    const ctx = contextOf(readPlannedRun(runDir));
    for (const fit of fits) {
      const predicted = readFileSync(join(runDir, fit.path, 'test.csv'), 'utf8').trim().split('\n').length - 1;
      const windows = testWindows(ctx, ctx.units.find((u) => u.id === fit.id)!, 'raw', readScaler(join(runDir, fit.path)));
      expect(windows.size).toBe(predicted);
      expect(new Set(Array.from(windows.sampleSite, (k) => windows.siteIds[k]))).toEqual(new Set(fit.heldOut));
    }
  });

  it('places each site in climate space and measures its distance to its fold’s nearest training site', () => {
    const unseen = JSON.parse(readFileSync(join(runDir, 'unseen-sites.json'), 'utf8')) as {
      variables: string[];
      sites: Array<{ site: string; fold: number; distance: number; climate: Record<string, number>; skill: Record<string, { nse: number }> }>;
    };
    expect(unseen.variables).toEqual(['TA_F', 'VPD_F', 'SW_IN_F']);
    const all = unseen.sites.map((s) => s.site);
    const climate = new Map(all.map((s) => [s, unseen.variables.map((v) => mean([preparedSeries(runDir, s, v).target]))]));
    const z = unseen.variables.map((_, k) => {
      const values = all.map((s) => climate.get(s)![k]);
      const m = values.reduce((a, v) => a + v, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length);
      return (s: string) => (climate.get(s)![k] - m) / sd;
    });
    for (const s of unseen.sites) {
      unseen.variables.forEach((v, k) => expect(s.climate[v]).toBeCloseTo(climate.get(s.site)![k], 9));
      const fit = fits.find((f) => f.heldOut!.includes(s.site))!;
      expect(s.fold).toBe(fit.block);
      const nearest = Math.min(...fit.sites!.map((t) => Math.hypot(...z.map((f) => f(t) - f(s.site)))));
      expect(s.distance).toBeCloseTo(nearest, 9);
      expect(Number.isFinite(s.skill.lasso.nse)).toBe(true);
    }
    // The Californian grassland is the farthest from any European training site.
    expect(unseen.sites.reduce((a, b) => (b.distance > a.distance ? b : a)).site).toBe('US-Var');
  });

  it('reports the unseen sites: Table 1 beside a chronological run’s, and skill against distance', () => {
    const out = join(tempDir(), 'report.html');
    const r = runCli(['report', runDir, '--chronological', runDir, '--out', out]);
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    const section = html.slice(html.indexOf('<section id="unseen-sites">'));
    expect(section).toMatch(/<h2>Unseen sites<\/h2>/);
    expect(section).toContain('Table 1 under leave-site-out (unseen sites)');
    expect(section).toContain('Table 1 under the chronological split');
    expect((section.slice(0, section.indexOf('</section>\n<section')).match(/<circle /g) ?? []).length).toBe(6 + 1);
    const bad = runCli(['report', runDir, '--chronological', tempDir(), '--out', join(tempDir(), 'x.html')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--chronological .* is not a run directory/);
  });
});
