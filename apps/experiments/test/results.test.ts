/** `fluxscale show` and `fluxscale runs` on a tiny finished run and a planned, unfinished one. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentNames } from '../src/experiments/registry.js';
import { FIGURE_IDS } from '../src/figures/record.js';
import { runCli, tempDir } from './helpers/cli.js';

const TINY = join(__dirname, 'fixtures', 'tiny.yaml');

describe('fluxscale show and runs', () => {
  const root = tempDir();
  const finished = join(root, 'runs', 'first');
  const planned = join(root, 'runs', 'nested', 'second');

  beforeAll(() => {
    const run = runCli(['experiment', 'table1', '--config', TINY, '--out', finished, '--jobs', '1']);
    if (run.status !== 0) throw new Error(run.stderr);
    mkdirSync(join(root, 'runs', 'nested'));
    if (runCli(['plan', 'table2', '--config', TINY, '--out', planned]).status !== 0) throw new Error('plan failed');
  }, 300_000);

  it("show RUN prints the run's tables as the experiment wrote them, known tables first, any other after", () => {
    writeFileSync(join(finished, 'another.md'), '## Another experiment\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
    const r = runCli(['show', finished]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const table1 = readFileSync(join(finished, 'table1.md'), 'utf8');
    expect(table1).toContain('| LASSO |');
    expect(r.stdout).toBe(`${table1.trimEnd()}\n\n## Another experiment\n\n| a | b |\n|---|---|\n| 1 | 2 |\n`);
    expect(runCli(['show', '--run', finished]).stdout).toBe(r.stdout);
  });

  it('show --format json gives the tables by name and the run\'s metrics', () => {
    const r = runCli(['show', finished, '--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect({ run: json.run, experiment: json.experiment, profile: json.profile, state: json.state }).toEqual({ run: finished, experiment: 'table1', profile: 'tiny', state: 'finished' });
    expect(json.tables.table1).toBe(readFileSync(join(finished, 'table1.md'), 'utf8'));
    expect(json.metrics).toEqual(JSON.parse(readFileSync(join(finished, 'metrics.json'), 'utf8')));
  });

  it('show on an unfinished run says how to see what is left and how to finish it', () => {
    const r = runCli(['show', planned]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`fluxscale: error: ${planned} has no table yet: the run is not finished: fluxscale status ${planned} shows what is left; once it has stopped, fluxscale experiment table2 --resume ${planned} finishes it`);
  });

  it("predict --out - writes the model's predictions to stdout, the same as to a file", () => {
    const model = join(finished, 'fit', 'GRA', 'raw', 'lstm');
    const dir = tempDir();
    const dash = runCli(['predict', '--model', model, '--site', 'AT-Neu', '--backend', 'cpu', '--out', '-'], {}, dir);
    expect(dash.status).toBe(0);
    expect(dash.stdout.split('\n')[0]).toBe('site,date,observed,predicted');
    expect(runCli(['predict', '--model', model, '--site', 'AT-Neu', '--backend', 'cpu', '--out', 'at-neu.csv'], {}, dir).status).toBe(0);
    expect(readFileSync(join(dir, 'at-neu.csv'), 'utf8')).toBe(dash.stdout);
    expect(runCli(['predict', '--model', model, '--site', 'AT-Neu', '--backend', 'cpu']).stdout).toBe(dash.stdout);
  });

  it('runs DIR lists every run directory under it, oldest first, with experiment, profile, status and date', () => {
    const r = runCli(['runs', 'runs'], {}, root);
    expect(r.status).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\n').map((l) => l.split(/\s{2,}/));
    expect(header).toEqual(['run', 'experiment', 'profile', 'status', 'date']);
    const today = new Date().toISOString().slice(0, 10);
    expect(rows.map((row) => row.slice(0, 4))).toEqual([
      [join('runs', 'first'), 'table1', 'tiny', 'finished'],
      [join('runs', 'nested', 'second'), 'table2', 'tiny', 'unfinished'],
    ]);
    for (const row of rows) expect(row[4]).toMatch(new RegExp(`^${today} \\d\\d:\\d\\d$`));
    const json = JSON.parse(runCli(['runs', join(root, 'runs', 'nested'), '--format', 'json']).stdout);
    expect(json).toEqual([{ run: planned, experiment: 'table2', profile: 'tiny', state: 'unfinished', createdAt: expect.stringMatching(new RegExp(`^${today}T`)) }]);
    const missing = runCli(['runs', join(root, 'nowhere')]);
    expect([missing.status, missing.stderr]).toEqual([1, expect.stringContaining('nowhere: no such folder')]);
  });
});

describe('help', () => {
  it('lists every command, and every experiment and figure where a command takes one', () => {
    const help = runCli(['--help']).stdout;
    for (const command of ['sites', 'decompose', 'experiment', 'predict', 'plan', 'run-unit', 'status', 'report', 'show', 'runs', 'init', 'config', 'export']) {
      expect([command, new RegExp(`\\n  ${command} `).test(help)]).toEqual([command, true]);
    }
    const experiment = runCli(['experiment', '--help']).stdout;
    const plan = runCli(['plan', '--help']).stdout;
    for (const name of [...experimentNames(), ...FIGURE_IDS]) expect([name, new RegExp(`\\b${name}\\b`).test(experiment)]).toEqual([name, true]);
    for (const name of experimentNames()) expect([name, new RegExp(`\\b${name}\\b`).test(plan)]).toEqual([name, true]);
  });
});
