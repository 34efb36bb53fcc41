/**
 * Where the CLI writes: `-` is stdout for every --out of one file or stream, a link is followed, a
 * device is written in place, and relative paths are the user's, also under `pnpm fluxscale`.
 */
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';

const DECOMPOSE = ['decompose', '--site', 'FR-Gri', '--window', '365', '--rank', '8'];

describe('--out -', () => {
  it('sites: the same list on stdout as without --out, nothing on disk', () => {
    const dir = tempDir();
    const plain = runCli(['sites', '--format', 'csv'], {}, dir);
    const dash = runCli(['sites', '--format', 'csv', '--out', '-'], {}, dir);
    expect([dash.status, dash.stdout]).toEqual([0, plain.stdout]);
    expect(dash.stdout.split('\n')[0]).toMatch(/^site,igbp,group,lat,lon,first_day,last_day,n_days,filled_NEE_VUT_REF/);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('decompose: the CSV on stdout, the same as written to a file; both --out and --plot on stdout is refused', () => {
    const dir = tempDir();
    const dash = runCli([...DECOMPOSE, '--out', '-'], {}, dir);
    expect(dash.status).toBe(0);
    expect(runCli([...DECOMPOSE, '--out', 'fr-gri.csv'], {}, dir).status).toBe(0);
    expect(dash.stdout).toBe(readFileSync(join(dir, 'fr-gri.csv'), 'utf8'));
    expect(dash.stdout.split('\n')[0]).toBe('date,raw,seasonal,iav,trend');
    expect(dash.stderr).toContain('wrote stdout');
    const both = runCli([...DECOMPOSE, '--out', '-', '--plot', '-'], {}, dir);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('fluxscale: error: --plot: stdout already takes the CSV (--out -)');
  });

  it('experiment: a run directory cannot be stdout', () => {
    const r = runCli(['experiment', 'table1', '--out', '-'], {}, tempDir());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('fluxscale: error: --out -: stdout takes one file or stream, and a run is a folder');
  });
});

describe('files that are not regular files', () => {
  it('a symbolic link is followed: its target gets the output, the link stays', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'sites.csv'), 'old\n');
    symlinkSync(join('real', 'sites.csv'), join(dir, 'link.csv'));
    const r = runCli(['sites', '--format', 'csv', '--out', 'link.csv'], {}, dir);
    expect(r.status).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.csv'))).toBe(join('real', 'sites.csv'));
    expect(readFileSync(join(dir, 'real', 'sites.csv'), 'utf8')).toBe(runCli(['sites', '--format', 'csv']).stdout);
  });

  it('/dev/null is written in place and stays a device', () => {
    const r = runCli([...DECOMPOSE, '--out', '/dev/null']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('relative paths', () => {
  /** A package whose `fluxscale` script the package manager runs from its root, started in root/sub. */
  function scriptEnv(root: string, script: string): NodeJS.ProcessEnv {
    return { npm_lifecycle_event: script, npm_package_json: join(root, 'package.json'), INIT_CWD: join(root, 'sub') };
  }

  it('resolve from the folder `pnpm fluxscale` was run in (INIT_CWD), not the repository root it runs from', () => {
    const root = tempDir();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'package.json'), '{}\n');
    const r = runCli(['sites', '--format', 'csv', '--out', 'sites.csv'], scriptEnv(root, 'fluxscale'), root);
    expect(r.status).toBe(0);
    expect(readFileSync(join(root, 'sub', 'sites.csv'), 'utf8').startsWith('site,igbp,')).toBe(true);
    expect(existsSync(join(root, 'sites.csv'))).toBe(false);
  });

  it('resolve from the current directory otherwise (another script, or a script that moved first)', () => {
    const root = tempDir();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'package.json'), '{}\n');
    expect(runCli(['sites', '--out', 'other.txt'], scriptEnv(root, 'test'), root).status).toBe(0);
    expect(existsSync(join(root, 'other.txt'))).toBe(true);
    const elsewhere = tempDir();
    expect(runCli(['sites', '--out', 'moved.txt'], scriptEnv(root, 'fluxscale'), elsewhere).status).toBe(0);
    expect(existsSync(join(elsewhere, 'moved.txt'))).toBe(true);
  });
});
