/**
 * Bad places to run in, caught early and named: an --out that is a file, a config value of the
 * wrong type (before anything is created), a read-only run directory; a read-only data directory
 * simply works; a data file removed between plan and run fails its prepare unit, naming the file,
 * while the rest carries on — and the run finishes once the file is back, with no empty failures/
 * folder left. The read-only cases need root and mount (CI); they are skipped, with the reason, elsewhere.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runsHere } from '@fluxscale/jest-preset';
import { runCli, tempDir } from './helpers/cli.js';
import { cannotMount, sampleCopy, sh } from './helpers/run-dir.js';

const LASSO = join(__dirname, 'fixtures', 'tiny-lasso.yaml');

describe('the run directory and the config, checked before any work', () => {
  it('--out naming a plain file says it must be a directory', () => {
    const file = join(tempDir(), 'results.txt');
    writeFileSync(file, 'not a directory');
    const r = runCli(['experiment', 'table1', '--config', LASSO, '--out', file]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`--out ${file} is a file; the run directory must be a directory`);
    expect(r.stderr).not.toContain('EEXIST');
    const resume = runCli(['experiment', 'table1', '--resume', file]);
    expect(resume.stderr).toContain(`--resume ${file} is a file; the run directory must be a directory`);
  });

  it('a config value of the wrong type (fixed.lstm.epochs: "fifteen") fails at once, naming the key, and creates nothing', () => {
    const config = join(tempDir(), 'bad.yaml');
    writeFileSync(config, 'extends: quick\nbackend: cpu\nsearch: { fixed: { lstm: { epochs: fifteen } } }\n');
    const runDir = join(tempDir(), 'never');
    const r = runCli(['experiment', 'table1', '--config', config, '--out', runDir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/search\.fixed\.lstm\.epochs: .*number/);
    expect(r.stderr).not.toMatch(/prepare:/);
    expect(existsSync(runDir)).toBe(false);
  });
});

describe('a data file removed between plan and run', () => {
  it('fails its prepare unit naming the file, runs the other site, exits non-zero; with the file back, --resume finishes', () => {
    const data = sampleCopy();
    const runDir = join(tempDir(), 'run');
    expect(runCli(['plan', 'table1', '--config', LASSO, '--data', data, '--out', runDir]).status).toBe(0);
    const file = join(data, readdirSync(data).find((f) => f.includes('US-Var'))!);
    renameSync(file, `${file}.away`);
    const r = runCli(['experiment', 'table1', '--resume', runDir, '--jobs', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`failed: prepare/US-Var: ${file}: no such file or directory`);
    expect(r.stderr).toMatch(/finished in \d+ s: 1 units run, 0 cached, \d+ failed/);
    expect(existsSync(join(runDir, 'prepare', 'AT-Neu', 'unit.json'))).toBe(true);
    renameSync(`${file}.away`, file);
    const again = runCli(['experiment', 'table1', '--resume', runDir, '--jobs', '1']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/units run, 1 cached, 0 failed/);
    expect(existsSync(join(runDir, 'failures'))).toBe(false);
  });
});

const itMounted = runsHere('the read-only cases of run-dir-faults.test.ts (read-only bind mounts)', cannotMount(), 'FLUXSCALE_REQUIRE_ROOT') ? it : it.skip;

describe('read-only directories (read-only bind mounts: root ignores permission bits)', () => {
  /** `dir` mounted read-only at a new path, for the duration of `use`. */
  function readOnly<T>(dir: string, use: (ro: string) => T): T {
    const ro = join(tempDir(), 'ro');
    mkdirSync(ro);
    sh('mount', ['--bind', dir, ro]);
    try {
      sh('mount', ['-o', 'remount,bind,ro', ro]);
      return use(ro);
    } finally {
      sh('umount', [ro]);
    }
  }

  itMounted('a read-only data directory simply works: it is only read', () => {
    readOnly(sampleCopy(), (data) => {
      const r = runCli(['experiment', 'table1', '--config', LASSO, '--data', data, '--out', join(tempDir(), 'run'), '--jobs', '1']);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/0 failed/);
    });
  });

  itMounted('a read-only run directory fails at once, naming it, for a new run and for a resume', () => {
    const runDir = join(tempDir(), 'run');
    expect(runCli(['plan', 'table1', '--config', LASSO, '--out', runDir]).status).toBe(0);
    readOnly(runDir, (ro) => {
      const resume = runCli(['experiment', 'table1', '--resume', ro, '--jobs', '1']);
      expect(resume.status).toBe(1);
      expect(resume.stderr).toContain(`the run directory ${ro} cannot be written: read-only file system`);
      expect(resume.stderr).not.toMatch(/prepare:/);
      const fresh = runCli(['experiment', 'table1', '--config', LASSO, '--out', join(ro, 'inner'), '--jobs', '1']);
      expect(fresh.status).toBe(1);
      expect(fresh.stderr).toContain(`the run directory ${join(ro, 'inner')} cannot be written: read-only file system`);
    });
  });
});
