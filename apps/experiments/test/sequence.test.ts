import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';

/**
 * The LSTM's sequence formulation in an experiment, beside the windows formulation, on two bundled
 * grassland sites: it trains on every training day (not every 15th window), and it is scored on the
 * same test days, site by site, as the windows formulation. Whether it scores as well is a benchmark
 * (bench/sequence.mjs, `pnpm bench`): four full runs on all 12 sites.
 */
describe('sequence against windows training of the LSTM, two bundled sites', () => {
  const dir = tempDir();
  const run = (name: string, lstm: string): string => {
    const config = join(dir, `${name}.yaml`);
    writeFileSync(
      config,
      [
        'extends: quick',
        `profile: ${name}`,
        'backend: cpu',
        'data: { sites: [AT-Neu, US-Var] }',
        'windows: { length: 30, trainStride: 15, testStride: 7 }',
        'models: [lstm]',
        'tasks: [raw]',
        `search: { trials: 1, fixed: { lstm: ${lstm} } }`,
        '',
      ].join('\n'),
    );
    const runDir = join(dir, name);
    const r = runCli(['experiment', 'table1', '--config', config, '--out', runDir, '--jobs', '1']);
    expect(r.stderr).toMatch(/units run, 0 cached, 0 failed/);
    return runDir;
  };
  /** metrics.csv rows of the raw model: key columns and n. */
  const scored = (runDir: string): string[] =>
    readFileSync(join(runDir, 'metrics.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter((r) => r[1] === 'raw')
      .map((r) => r.slice(0, 5).join(','));
  const fit = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'fit', 'GRA', 'raw', 'lstm', 'fit.json'), 'utf8'));

  it('trains on every training day and is scored on the same test days as the windows formulation', () => {
    const windows = run('windows', '{ training: windows, epochs: 1, hidden: 8, batchSize: 64 }');
    const sequence = run('sequence', '{ training: sequence, targetDays: 60, epochs: 1, hidden: 8, batchSize: 8 }');
    expect(fit(sequence).params).toMatchObject({ training: 'sequence', targetDays: 60 });
    expect(fit(sequence).trainSamples).toBeGreaterThan(14 * fit(windows).trainSamples);
    const rows = scored(windows);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(scored(sequence)).toEqual(rows);
  });
});
