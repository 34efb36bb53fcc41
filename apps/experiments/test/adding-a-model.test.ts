import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerModel, ridgeSpec } from '@fluxscale/models';
import { runExperiment } from '../src/engine/experiment.js';
import { loadConfig } from '../src/config/load.js';
import { tempDir } from './helpers/cli.js';

/** A tiny config on two bundled grassland sites with the template model (ridge) beside LASSO. */
function tinyConfig(models: string): string {
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
      '',
    ].join('\n'),
  );
  return file;
}

describe('adding a model: the template registered with one call runs in an experiment like a built-in one', () => {
  it('is refused by the config before it is registered, then tuned, fitted and scored', async () => {
    expect(() => loadConfig({ profile: 'quick', configFile: tinyConfig('lasso, ridge') })).toThrow(/models\.1: Invalid option: expected one of "lstm"\|"fnn"\|"lasso"\|"svr"\|"rf"$/m);
    registerModel(ridgeSpec);
    const out = join(tempDir(), 'run');
    const outcome = await runExperiment('table1', { config: tinyConfig('lasso, ridge'), out, jobs: 1 });
    expect(outcome.exitCode).toBe(0);
    const metrics = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const pooledRidge = metrics.filter((r) => r[0] === 'ridge' && r[3] === '*');
    expect(pooledRidge.map((r) => `${r[1]}/${r[2]}`).sort()).toEqual(['iav/guided', 'iav/unguided', 'raw/unguided', 'seasonal/guided', 'seasonal/unguided', 'trend/unguided']);
    for (const r of pooledRidge) expect(Number.isFinite(Number(r[5]))).toBe(true);
    const fit = JSON.parse(readFileSync(join(out, 'fit', 'GRA', 'seasonal', 'ridge', 'fit.json'), 'utf8'));
    expect(fit.params.alpha).toBe(0.1);
    expect(fit.trials).toHaveLength(2);
    expect(readFileSync(join(out, 'table1.md'), 'utf8')).toMatch(/\| RIDGE \| [0-9.]+ \(—\)/);
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
