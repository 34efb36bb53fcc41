import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { runCli, tempDir } from './helpers/cli.js';

/** A model plugin: a CommonJS file exporting the template model (ridge) of @fluxscale/models as `models`. */
function ridgePlugin(dir: string): string {
  const file = join(dir, 'ridge-plugin.cjs');
  writeFileSync(file, `const { ridgeSpec } = require(${JSON.stringify(require.resolve('@fluxscale/models'))});\nexports.models = [ridgeSpec];\n`);
  return file;
}

/** A tiny config on two bundled grassland sites with the template model (ridge) beside LASSO. */
function tinyConfig(models: string, plugins = ''): string {
  const file = join(tempDir(), 'ridge.yaml');
  writeFileSync(
    file,
    [
      'extends: quick',
      'profile: tiny-ridge',
      'backend: cpu',
      'data: { sites: [AT-Neu, US-Var] }',
      'windows: { length: 30, trainStride: 15, testStride: 7 }',
      `models: [${models}]`,
      'search: { trials: { lasso: 1, ridge: 2 }, folds: 2, fixed: { ridge: { alpha: 0.1 } } }',
      ...(plugins ? [`plugins: [${plugins}]`] : []),
      '',
    ].join('\n'),
  );
  return file;
}

describe('adding a model: the template as a plugin runs in an experiment like a built-in one', () => {
  it('is refused by the config without its plugin; with it, tuned, fitted and scored in two worker processes', () => {
    expect(() => loadConfig({ profile: 'quick', configFile: tinyConfig('lasso, ridge') })).toThrow(/models\.1: Invalid option: expected one of "lstm"\|"fnn"\|"lasso"\|"svr"\|"rf"$/m);
    const config = tinyConfig('lasso, ridge', './ridge-plugin.cjs');
    const plugin = ridgePlugin(join(config, '..'));
    const out = join(tempDir(), 'run');
    const run = runCli(['experiment', 'table1', '--config', config, '--out', out, '--jobs', '2']);
    expect(run.stderr).toContain('0 failed');
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).plugins).toEqual([plugin]);
    const metrics = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const pooledRidge = metrics.filter((r) => r[0] === 'ridge' && r[3] === '*');
    expect(pooledRidge.map((r) => `${r[1]}/${r[2]}`).sort()).toEqual(['iav/guided', 'iav/unguided', 'raw/unguided', 'seasonal/guided', 'seasonal/unguided', 'trend/unguided']);
    for (const r of pooledRidge) expect(Number.isFinite(Number(r[5]))).toBe(true);
    const fit = JSON.parse(readFileSync(join(out, 'fit', 'GRA', 'seasonal', 'ridge', 'fit.json'), 'utf8'));
    expect(fit.params.alpha).toBe(0.1);
    expect(fit.trials).toHaveLength(2);
    expect(readFileSync(join(out, 'table1.md'), 'utf8')).toMatch(/\| RIDGE \| [0-9.]+ \(—\)/);
  });

  it('--plugin adds a plugin to the config; a missing or malformed plugin is refused, naming it', () => {
    const dir = tempDir();
    const plugin = ridgePlugin(dir);
    const printed = runCli(['config', '--print', '--config', tinyConfig('ridge'), '--plugin', plugin]);
    expect(printed.stderr).toBe('');
    expect(JSON.parse(printed.stdout)).toMatchObject({ models: ['ridge'], plugins: [plugin] });
    const missing = runCli(['config', '--print', '--config', tinyConfig('lasso', './nowhere.cjs')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/plugins\[0\]: plugin file not found: .*nowhere\.cjs/);
    const empty = join(dir, 'empty.cjs');
    writeFileSync(empty, 'exports.model = 1;\n');
    expect(() => loadConfig({ profile: 'quick', overrides: { plugins: [empty] } })).toThrow(/plugins\[0\]: .*empty\.cjs must export `models`, a non-empty array of model specs/);
  });

  it('checks a registered model\'s fixed parameters when the config is read', () => {
    const bad = join(tempDir(), 'bad.yaml');
    writeFileSync(bad, 'extends: quick\nsearch: { fixed: { lstm: { epochs: fifteen } } }\n');
    expect(() => loadConfig({ profile: 'quick', configFile: bad })).toThrow(/search\.fixed\.lstm\.epochs: .*number/);
    writeFileSync(bad, 'extends: quick\nsearch: { fixed: { rf: { nEstimators: 0 } } }\n');
    expect(() => loadConfig({ profile: 'quick', configFile: bad })).toThrow(/search\.fixed\.rf\.nEstimators: .*>=\s*1/);
    writeFileSync(bad, 'extends: quick\nsearch: { fixed: { lasso: { lambda: 1 } } }\n');
    expect(() => loadConfig({ profile: 'quick', configFile: bad })).toThrow(/search\.fixed\.lasso: Unrecognized key.*lambda/);
  });
});
