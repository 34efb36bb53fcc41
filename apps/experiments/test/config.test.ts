import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SAMPLE_DATA_DIR } from '@fluxscale/data';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadConfig, profileNames } from '../src/config/load.js';
import { repositoryRoot } from '../src/config/package-root.js';
import { runConfigSchema } from '../src/config/schema.js';
import { configTemplate } from '../src/config/template.js';
import { runCli, tempDir } from './helpers/cli.js';

/** Every key path of a config object (leaves and objects), e.g. data.dir, search.fixed.lstm.epochs. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)]);
}

describe('fluxscale init', () => {
  const dir = tempDir();

  it('writes a commented config that loads back as the same configuration, with data.dir = DIR', () => {
    const file = join(dir, 'fluxscale.yaml');
    const r = runCli(['init', SAMPLE_DATA_DIR, '--out', file]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(file);
    const text = readFileSync(file, 'utf8');
    const parsed = parseYaml(text) as { data: { dir: string } };
    expect(parsed.data.dir).toBe(SAMPLE_DATA_DIR);
    const loaded = loadConfig({ profile: 'quick', configFile: file });
    const quick = loadConfig({ profile: 'quick' });
    expect(loaded).toEqual({ ...quick, data: { ...quick.data, dir: SAMPLE_DATA_DIR } });
    // the file alone (over a different profile) gives the same config: every key is written
    expect(loadConfig({ profile: 'drivers5', configFile: file })).toEqual(loaded);
    // every key is preceded by its meaning from the schema
    expect(text).toContain('# fewest consecutive usable years a site needs\n  minYears: 5\n');
    expect(text).toContain('# TensorFlow.js backend: auto picks the fastest that loads (auto | tensorflow-gpu | webgpu | tensorflow | wasm | cpu)\nbackend: auto\n');
    // a searched hyper-parameter is listed with its registry default, commented out
    expect(text).toMatch(/\n {6}# dropout: 0\.1 {2}# dropout rate after each hidden layer/);
  });

  it('without DIR keeps the bundled sample (data.dir: null); refuses to overwrite without --force', () => {
    const file = join(dir, 'sample.yaml');
    expect(runCli(['init', '--out', file, '--profile', 'drivers5']).status).toBe(0);
    expect(loadConfig({ profile: 'quick', configFile: file })).toEqual(loadConfig({ profile: 'drivers5' }));
    const again = runCli(['init', '--out', file]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('already exists; choose another file or pass --force');
    expect(runCli(['init', '--out', file, '--force']).status).toBe(0);
    expect(loadConfig({ profile: 'drivers5', configFile: file }).profile).toBe('quick');
  });

  it('refuses a DIR that is not a directory', () => {
    const r = runCli(['init', join(dir, 'nowhere'), '--out', join(dir, 'x.yaml')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${join(dir, 'nowhere')} is not a directory`);
    expect(existsSync(join(dir, 'x.yaml'))).toBe(false);
  });
});

describe('the config template', () => {
  it('ships at least these profiles, so that the template test below covers them', () => {
    expect(profileNames()).toEqual(expect.arrayContaining(['drivers5', 'paper', 'quick', 'scale', 'verdict', 'verdict-quick']));
  });

  it.each(profileNames())('writes every key of profile %s (on the bundled sample), each with a description', (profile) => {
    const config = loadConfig({ profile, overrides: { data: { dir: SAMPLE_DATA_DIR } } });
    const text = configTemplate(config, []);
    const file = join(tempDir(), `${profile}.yaml`);
    writeFileSync(file, text);
    expect(loadConfig({ profile: 'quick', configFile: file })).toEqual(config);
    const paths = keyPaths(config);
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) expect(text).toContain(`${path.split('.').pop()}:`);
  });

  it('fails on a schema key without a description, naming it', () => {
    const schema = runConfigSchema();
    const undescribed = schema.extend({ windows: schema.shape.windows.extend({ length: z.number().int() }).describe('the windows') });
    expect(() => configTemplate(loadConfig({ profile: 'quick' }), [], undescribed)).toThrow('config key windows.length has no description in the schema');
  });
});

describe('fluxscale config --print', () => {
  it('prints the config a new run would get, with the flags applied', () => {
    const r = runCli(['config', '--print', '--profile', 'drivers5', '--seed', '7']);
    expect(r.status).toBe(0);
    const config = JSON.parse(r.stdout);
    expect(config.seed).toBe(7);
    expect(config.data.sites).toEqual(['CH-Dav', 'CH-Lae', 'FI-Hyy', 'FR-Pue']);
    expect(config.threads).toBe(1);
  });

  it("prints a run directory's config.json; refuses config flags with --run", () => {
    const run = join(tempDir(), 'run');
    mkdirSync(run);
    const stored = { ...loadConfig({ profile: 'quick' }), seed: 11 };
    writeFileSync(join(run, 'config.json'), JSON.stringify(stored));
    const r = runCli(['config', '--print', run]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(stored);
    // --run is the same as the argument; two different ones are refused
    expect(runCli(['config', '--print', '--run', run]).stdout).toBe(r.stdout);
    expect(runCli(['config', '--print', run, '--run', tempDir()]).stderr).toContain('fluxscale: error: two run directories given');
    const yaml = runCli(['config', '--print', '--run', run, '--format', 'yaml']);
    expect(parseYaml(yaml.stdout)).toEqual(stored);
    const clash = runCli(['config', '--print', '--run', run, '--seed', '3']);
    expect(clash.status).not.toBe(0);
    expect(clash.stderr).toContain('drop --seed');
    expect(runCli(['config', '--print', '--run', tempDir()]).stderr).toContain('not a fluxscale run directory');
  });

  it('without --print shows the usage and fails', () => {
    const r = runCli(['config']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('Usage: fluxscale config');
  });
});

describe('profile paths', () => {
  it("resolve against the repository root; a missing repository folder names the profile and how to get the data", () => {
    const root = repositoryRoot();
    expect(root).not.toBeNull();
    const folder = join(root!, 'data', 'fluxnet2015-daily');
    if (existsSync(folder)) {
      expect(loadConfig({ profile: 'scale' }).data.dir).toBe(folder);
    } else {
      expect(() => loadConfig({ profile: 'scale' })).toThrow(`profile 'scale': data.dir is data/fluxnet2015-daily, a folder of the fluxscale repository, missing in this checkout (${folder})`);
      expect(() => loadConfig({ profile: 'scale' })).toThrow('--data DIR');
    }
    // a later layer replaces the repository path: no error then
    expect(loadConfig({ profile: 'scale', overrides: { data: { dir: SAMPLE_DATA_DIR } } }).data.dir).toBe(SAMPLE_DATA_DIR);
  });
});

describe('shipped profiles', () => {
  it.each(profileNames())('%s resolves, and its data paths lie inside the repository and exist', (profile) => {
    const config = loadConfig({ profile });
    const root = repositoryRoot()!;
    for (const path of [config.data.dir, config.data.meta]) {
      if (path === null) continue;
      expect(relative(root, path).startsWith('..')).toBe(false);
      expect(existsSync(path)).toBe(true);
    }
  });
});
