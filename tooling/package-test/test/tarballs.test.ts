/**
 * The packages as a user gets them: every publishable package is packed (pnpm pack, as a release
 * does), its tarball is checked (manifest, files, entry points, dependencies), and all of them are
 * installed with plain npm into an empty project, outside the workspace, measured (size, native
 * binaries, install scripts) and used from there: the `fluxscale` command, a tiny experiment, every
 * package's API from ES modules and CommonJS, and the README examples.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declaredPackages, entryPoints, installFootprint, pack, publishableDirs, requiredPackages, ROOT, run, type Packed } from './helpers/tarballs.js';

/** The most an install of every package may take on disk (MB, 10⁶ bytes). */
const INSTALL_LIMIT_MB = 150;

/** Phrases no shipped file may contain: references to internal documents, machines or work items. */
const INTERNAL = /SPEC §|\/work\/|\.\.\/shared\/|the issue\b/;

const work = mkdtempSync(join(tmpdir(), 'fluxscale-tarballs-'));
const project = join(work, 'project');
let packed: Packed[] = [];

/** Runs a command of the installed project; returns stdout, stderr and the exit status. */
function inProject(command: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd: project, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const fluxscale = (...args: string[]) => inProject(process.execPath, [join(project, 'node_modules', '@fluxscale', 'cli', 'dist', 'cli.js'), ...args]);

beforeAll(() => {
  const out = join(work, 'tarballs');
  mkdirSync(out);
  packed = publishableDirs().map((dir) => pack(dir, out));
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'fluxscale-user', private: true }, null, 2)}\n`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packed.map((p) => p.tarball)], project);
}, 600_000);

describe('the tarballs', () => {
  it('are the six public packages, the CLI with its bin', () => {
    expect(packed.map((p) => p.manifest.name).sort()).toEqual(['@fluxscale/cli', '@fluxscale/data', '@fluxscale/decomposition', '@fluxscale/evaluation', '@fluxscale/models', '@fluxscale/util']);
    const cli = packed.find((p) => p.manifest.name === '@fluxscale/cli')!;
    expect(cli.manifest.bin).toEqual({ fluxscale: 'dist/cli.js' });
    expect(readFileSync(join(cli.root, 'dist', 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(cli.files).toEqual(expect.arrayContaining(['profiles/quick.yaml', 'profiles/paper.yaml']));
  });

  it('have no workspace: range left and the metadata npm shows', () => {
    for (const { manifest, tarball } of packed) {
      expect([tarball, JSON.stringify(manifest).includes('workspace:')]).toEqual([tarball, false]);
      for (const key of ['description', 'license', 'homepage', 'keywords', 'engines', 'type']) expect([manifest.name, key, manifest[key] !== undefined]).toEqual([manifest.name, key, true]);
      expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/fluxscale/fluxscale.git', directory: expect.stringMatching(/^(packages|apps)\//) });
      expect(manifest.bugs).toEqual({ url: 'https://github.com/fluxscale/fluxscale/issues' });
    }
    expect(packed.find((p) => p.manifest.name === '@fluxscale/data')!.manifest.license).toBe('MIT AND CC-BY-4.0');
  });

  it('hold every entry point, a README and the LICENSE; no source maps, sources, tests or repository data', () => {
    for (const { manifest, files } of packed) {
      const missing = [...entryPoints(manifest), 'README.md', 'LICENSE', 'package.json'].filter((f) => !files.includes(f));
      expect([manifest.name, missing]).toEqual([manifest.name, []]);
      const unwanted = files.filter((f) => /\.map$|^src\/|^test\/|fluxnet2015-daily|fluxnet2015-paper-drivers|\.test\.js$/.test(f));
      expect([manifest.name, unwanted]).toEqual([manifest.name, []]);
    }
  });

  it('declare every package their JavaScript loads (evaluation does not load models)', () => {
    for (const p of packed) {
      const declared = declaredPackages(p.manifest);
      const undeclared = [...requiredPackages(p)].filter(([name]) => name !== p.manifest.name && !declared.has(name)).map(([name, file]) => `${name} (${file})`);
      expect([p.manifest.name, undeclared]).toEqual([p.manifest.name, []]);
    }
    const evaluation = packed.find((p) => p.manifest.name === '@fluxscale/evaluation')!;
    expect(requiredPackages(evaluation).has('@fluxscale/models')).toBe(false);
    expect(declaredPackages(evaluation.manifest).has('@fluxscale/models')).toBe(false);
  });

  it('ship no reference to internal documents, machine paths or work items', () => {
    for (const p of packed) {
      const hits = p.files
        .filter((f) => /\.(js|ts|md|json|yaml|cff)$/.test(f))
        .filter((f) => INTERNAL.test(readFileSync(join(p.root, f), 'utf8')))
        .map((f) => `${p.manifest.name}/${f}`);
      expect(hits).toEqual([]);
    }
  });
});

describe('installed with npm into an empty project', () => {
  it(`takes under ${INSTALL_LIMIT_MB} MB, with no native binary and no install script (the GPU and native routes are opt-in peers)`, () => {
    const footprint = installFootprint(project);
    expect({ nativeBinaries: footprint.nativeBinaries, installScripts: footprint.installScripts }).toEqual({ nativeBinaries: [], installScripts: [] });
    for (const peer of ['webgpu', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs']) expect([peer, existsSync(join(project, 'node_modules', peer))]).toEqual([peer, false]);
    process.stderr.write(`npm install of the tarballs: ${(footprint.bytes / 1e6).toFixed(1)} MB\n`);
    expect(footprint.bytes / 1e6).toBeLessThan(INSTALL_LIMIT_MB);
  });

  it('runs fluxscale --help and --version', () => {
    const help = fluxscale('--help');
    expect(help.status).toBe(0);
    for (const command of ['sites', 'decompose', 'experiment', 'predict', 'plan', 'status', 'report', 'show', 'runs', 'init', 'config', 'export']) expect(help.stdout).toContain(`  ${command}`);
    expect(fluxscale('--version').stdout.trim()).toBe(packed.find((p) => p.manifest.name === '@fluxscale/cli')!.manifest.version);
    // npm linked the bin
    expect(existsSync(join(project, 'node_modules', '.bin', 'fluxscale'))).toBe(true);
  });

  it('lists the bundled sample with fluxscale sites', () => {
    const r = fluxscale('sites');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('12 usable site(s), 0 skipped');
  });

  it('runs a tiny experiment (2 sites, LASSO and the LSTM, 1 epoch) into a run directory with its report', () => {
    writeFileSync(
      join(project, 'tiny.yaml'),
      [
        'backend: cpu',
        'data: { sites: [AT-Neu, US-Var] }',
        'windows: { length: 30, trainStride: 15, testStride: 7 }',
        'models: [lasso, lstm]',
        'search: { trials: { lasso: 2, lstm: 1 }, folds: 2, fixed: { lstm: { epochs: 1, hidden: 8 } } }',
        '',
      ].join('\n'),
    );
    const r = fluxscale('experiment', 'table1', '--config', 'tiny.yaml', '--out', 'run', '--jobs', '2');
    if (r.status !== 0) throw new Error(`experiment failed (${r.status}):\n${r.stderr}`);
    expect(r.stdout).toContain('| LASSO |');
    expect(r.stdout).toContain('| LSTM |');
    const metrics = readFileSync(join(project, 'run', 'metrics.csv'), 'utf8');
    expect(metrics.split('\n')[0]).toBe('model,task,guidance,site,n,rmse,r2,lcs,mae,mse,sb,sdsd,bias,pearson,nse');
    expect(readFileSync(join(project, 'run', 'report.html'), 'utf8')).toContain('<html');
    const manifest = JSON.parse(readFileSync(join(project, 'run', 'manifest.json'), 'utf8'));
    expect(manifest.gitCommit).toBeNull();
    expect(Object.keys(manifest.versions)).toEqual(expect.arrayContaining(['@fluxscale/cli', '@fluxscale/models']));
    // its predictions and metrics as Parquet (hyparquet-writer, an ES module loaded from CommonJS) and CSV
    for (const format of ['parquet', 'csv']) {
      const exported = fluxscale('export', 'run', '--format', format);
      expect([format, exported.status, exported.stderr]).toEqual([format, 0, expect.stringContaining('rows')]);
      expect(readFileSync(join(project, 'run', 'export', `predictions.${format}`)).length).toBeGreaterThan(1000);
    }
    expect(readFileSync(join(project, 'run', 'export', 'predictions.parquet')).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('refuses a profile whose repository data the package does not include, saying how to get it', () => {
    const r = fluxscale('config', '--print', '--profile', 'scale');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("profile 'scale': data.dir is data/fluxnet2015-daily, a folder of the fluxscale repository, which the npm package does not include");
    expect(r.stderr).toContain('https://github.com/fluxscale/fluxscale');
    expect(r.stderr).toContain('--data DIR');
  });

  it('writes a config with fluxscale init that the CLI then reads', () => {
    const sample = join(project, 'node_modules', '@fluxscale', 'data', 'sample', 'fluxnet2015');
    expect(fluxscale('init', sample).status).toBe(0);
    const printed = fluxscale('config', '--print', '--config', 'fluxscale.yaml');
    expect(printed.status).toBe(0);
    expect(JSON.parse(printed.stdout).data.dir).toBe(sample);
  });

  it("imports every package's API as an ES module (named exports) and as CommonJS", () => {
    const names = packed.map((p) => p.manifest.name).filter((n) => n !== '@fluxscale/cli');
    writeFileSync(
      join(project, 'api.mjs'),
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        'const out = {};',
        `for (const name of ${JSON.stringify(names)}) {`,
        '  const esm = await import(name);',
        "  out[name] = { cjs: Object.keys(require(name)).filter((k) => k !== '__esModule').sort(), esm: Object.keys(esm).filter((k) => k !== 'default' && k !== '__esModule' && k !== 'module.exports').sort() };",
        '}',
        "const { SAMPLE_DATA_DIR, prepareDirectory } = await import('@fluxscale/data');",
        "const { decomposeBands } = await import('@fluxscale/decomposition');",
        "const { scoreAll } = await import('@fluxscale/evaluation');",
        "const { modelSpec } = await import('@fluxscale/models');",
        "const { createRng } = await import('@fluxscale/util');",
        'const site = prepareDirectory(SAMPLE_DATA_DIR).sites[0];',
        'out.check = { site: site.siteId, bands: Object.keys(decomposeBands(site.target)).sort(), rmse: scoreAll([1, 2], [1, 2]).rmse, lstm: modelSpec("lstm").engine, random: createRng(1).next() < 1 };',
        'console.log(JSON.stringify(out));',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'api.cjs'),
      [
        "const { SAMPLE_DATA_DIR, prepareDirectory } = require('@fluxscale/data');",
        "const { decomposeBands } = require('@fluxscale/decomposition');",
        "const { rmse } = require('@fluxscale/evaluation');",
        "const { modelKinds } = require('@fluxscale/models');",
        "const { mulberry32 } = require('@fluxscale/util');",
        'const site = prepareDirectory(SAMPLE_DATA_DIR).sites[0];',
        'console.log(JSON.stringify({ site: site.siteId, seasonal: decomposeBands(site.target).seasonal.length === site.target.length, rmse: rmse([0, 0], [3, 4]), models: modelKinds(), random: typeof mulberry32(1)() }));',
      ].join('\n'),
    );
    const esm = inProject(process.execPath, ['api.mjs']);
    if (esm.status !== 0) throw new Error(esm.stderr);
    const exportsOf = JSON.parse(esm.stdout) as Record<string, { cjs: string[]; esm: string[] }> & { check: Record<string, unknown> };
    for (const name of names) {
      expect(exportsOf[name].cjs.length).toBeGreaterThan(5);
      // every CommonJS export is a named ES export (Node's cjs-module-lexer sees them all)
      expect([name, exportsOf[name].cjs.filter((k) => !exportsOf[name].esm.includes(k))]).toEqual([name, []]);
    }
    expect(exportsOf.check).toEqual({ site: 'AT-Neu', bands: ['components', 'iav', 'meta', 'seasonal', 'trend'], rmse: 0, lstm: 'neural', random: true });
    const cjs = inProject(process.execPath, ['api.cjs']);
    if (cjs.status !== 0) throw new Error(cjs.stderr);
    expect(JSON.parse(cjs.stdout)).toEqual({ site: 'AT-Neu', seasonal: true, rmse: Math.sqrt(12.5), models: ['lstm', 'fnn', 'lasso', 'svr', 'rf'], random: 'number' });
  });

  it('runs the README examples', () => {
    const examples = join(ROOT, 'examples');
    for (const file of readdirSync(examples).filter((f) => f.endsWith('.mjs'))) {
      copyFileSync(join(examples, file), join(project, file));
      const r = inProject(process.execPath, [file]);
      expect([file, r.status, r.status === 0 ? '' : r.stderr]).toEqual([file, 0, '']);
    }
  });
});
