import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDirectory, SAMPLE_DATA_DIR } from '@fluxscale/data';
import { loadConfig } from '../src/config/load.js';
import { planUnits, type Experiment } from '../src/experiments/experiment.js';
import { experiment, experimentNames, registerExperiment } from '../src/experiments/registry.js';
import { planPrepare } from '../src/pipeline/plan.js';
import { runCli, tempDir } from './helpers/cli.js';

/** The two bundled sites of the toy runs. */
const SITES = ['AT-Neu', 'US-Var'];

/**
 * A toy experiment as a plugin (the example of docs/adding-an-experiment.md): it prepares the sites and
 * fits nothing; its score unit writes one table row per prepared site (days, mean of the gap-filled
 * NEE) as `site-days.md`.
 */
function toyPlugin(dir: string): string {
  const file = join(dir, 'site-days.cjs');
  writeFileSync(
    file,
    `const { join } = require('node:path');
const { planPrepare } = require(${JSON.stringify(join(__dirname, '..', 'dist', 'index.js'))});
const { writeFileAtomic } = require(${JSON.stringify(require.resolve('@fluxscale/util'))});
exports.experiments = [{
  name: 'site-days',
  help: 'days and mean NEE of each prepared site',
  plan: (config, sites) => planPrepare(config, sites),
  score: (ctx, out, unit) => {
    const rows = unit.deps.map((id) => ctx.byId.get(id)).map((prepare) => {
      const nee = ctx.site(prepare.site).series(ctx.config.data.target, 'raw');
      return '| ' + prepare.site + ' | ' + nee.length + ' | ' + (nee.reduce((a, b) => a + b, 0) / nee.length).toFixed(4) + ' |';
    });
    const text = ['| site | days | mean NEE |', '| --- | --- | --- |', ...rows, ''].join('\\n');
    for (const dir of [out, ctx.runDir]) writeFileAtomic(join(dir, 'site-days.md'), text);
  },
  tables: ['site-days'],
}];
`,
  );
  return file;
}

/** A config of the quick profile on the two sites. */
function tinyConfig(): string {
  const file = join(tempDir(), 'tiny.yaml');
  writeFileSync(file, `extends: quick\nprofile: tiny\nbackend: cpu\ndata: { sites: [${SITES.join(', ')}] }\n`);
  return file;
}

/** The toy's table computed independently: each site's selected days and mean gap-filled NEE, as @fluxscale/data prepares them. */
function expectedTable(): string {
  const config = loadConfig({ profile: 'quick' });
  const { target, drivers, minYears, qcThreshold, outOfRange } = config.data;
  const { sites } = prepareDirectory(SAMPLE_DATA_DIR, { target, drivers, minYears, qcThreshold, outOfRange });
  const rows = SITES.map((id) => sites.find((s) => s.siteId === id)!).map((s) => `| ${s.siteId} | ${s.dates.length} | ${(s.target.reduce((a, b) => a + b, 0) / s.target.length).toFixed(4)} |`);
  return ['| site | days | mean NEE |', '| --- | --- | --- |', ...rows, ''].join('\n');
}

describe('adding an experiment: a toy experiment as a plugin runs like a built-in one', () => {
  it('is unknown without its plugin; with it, planned, run in two worker processes, shown and listed', () => {
    const config = tinyConfig();
    const unknown = runCli(['experiment', 'site-days', '--config', config, '--out', join(tempDir(), 'run')]);
    expect([unknown.status, unknown.stderr]).toEqual([1, expect.stringContaining("<name> must be one of table1, table2, s1, all, verdict, drivers, fig3, fig5, wavelet, fig6, fig7, got 'site-days'")]);

    const plugin = toyPlugin(tempDir());
    const out = join(tempDir(), 'run');
    const run = runCli(['experiment', 'site-days', '--config', config, '--plugin', plugin, '--out', out, '--jobs', '2']);
    expect(run.stderr).toContain('0 failed');
    expect(run.status).toBe(0);
    const table = readFileSync(join(out, 'site-days.md'), 'utf8');
    expect(table).toBe(expectedTable());
    expect(run.stdout).toContain(table);
    expect(readFileSync(join(out, 'score', 'site-days', 'site-days.md'), 'utf8')).toBe(table);
    const units = readFileSync(join(out, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; path: string });
    expect(units.map((u) => `${u.kind} ${u.path}`)).toEqual(['prepare prepare/AT-Neu', 'prepare prepare/US-Var', 'score score/site-days']);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).experiment).toBe('site-days');

    // Other processes find the experiment through the run's config.json: show, runs, resume.
    expect(runCli(['show', out]).stdout).toBe(table);
    expect(runCli(['runs', join(out, '..')]).stdout).toMatch(/\/run +site-days +tiny +finished /);
    const resumed = runCli(['experiment', 'site-days', '--resume', out, '--jobs', '2']);
    expect([resumed.status, resumed.stderr]).toEqual([0, expect.stringContaining('0 units run, 3 cached')]);
  });

  it('a malformed experiment of a plugin is refused, naming the file', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.cjs');
    writeFileSync(file, "exports.experiments = [{ name: 'bad', help: 'no plan', score: () => undefined }];\n");
    const r = runCli(['plan', 'bad', '--plugin', file, '--out', join(dir, 'run')]);
    expect([r.status, r.stderr]).toEqual([1, expect.stringContaining(`${file}: experiment bad: plan and score are required`)]);
  });
});

describe('the experiment registry', () => {
  const toy: Experiment = { name: 'toy-prepare', help: 'prepares the sites', plan: planPrepare, score: () => undefined };

  it('lists the built-in experiments, and a registered one after them, its facts filled in', () => {
    expect(experimentNames().slice(0, 6)).toEqual(['table1', 'table2', 's1', 'all', 'verdict', 'drivers']);
    registerExperiment(toy);
    registerExperiment(toy);
    expect(experimentNames().filter((n) => n === 'toy-prepare')).toHaveLength(1);
    expect(experiment('toy-prepare')).toMatchObject({ name: 'toy-prepare', tables: [], results: [], figures: [], draws: [], report: { headline: [], results: [] } });
    expect(experiment('drivers')).toMatchObject({ defaultProfile: 'paper-drivers', tables: ['drivers'] });
    expect(experiment('all').draws).toEqual(['fig3', 'fig5', 'wavelet', 'fig6', 'fig7']);
  });

  it('refuses an unknown name, a name taken by another entry and a malformed entry, clearly', () => {
    expect(() => experiment('table9')).toThrow(/^unknown experiment 'table9': the registered ones are table1, table2, s1, all, verdict, drivers/);
    expect(() => registerExperiment({ ...experiment('table1') })).toThrow('experiment table1 is registered already');
    expect(() => registerExperiment({ ...toy, name: 'Toy' })).toThrow('experiment name must be lower case letters, digits and dashes, got "Toy"');
    expect(() => registerExperiment({ ...toy, name: 'toy-fig', figures: ['fig9' as 'fig3'] })).toThrow('experiment toy-fig: no figure fig9');
    expect(() => registerExperiment({ ...toy, name: 'toy-report', report: { headline: ['verdict' as never] } })).toThrow('experiment toy-report: report.headline must be a list of section functions');
    expect(() => registerExperiment(null as never)).toThrow('experiment entry must be an object');
    expect(experimentNames()).not.toContain('toy-fig');
  });

  it('plans the units of an entry and one score unit over them, named after it', () => {
    const config = loadConfig({ profile: 'quick', overrides: { data: { sites: SITES } } });
    const sites = SITES.map((site) => ({ site, group: 'GRA', file: `${site}.csv`, igbp: 'GRA', lat: 47, lon: 11 }));
    const units = planUnits(toy, config, sites);
    expect(units.map((u) => `${u.kind} ${u.path}`)).toEqual(['prepare prepare/AT-Neu', 'prepare prepare/US-Var', 'score score/toy-prepare']);
    expect(units[2].deps).toEqual([units[0].id, units[1].id]);
    // the same prepare units as Table 1's plan
    const table1 = planUnits(experiment('table1'), config, sites).filter((u) => u.kind === 'prepare');
    expect(table1.map((u) => u.id)).toEqual([units[0].id, units[1].id]);
  });
});
