/**
 * A full disk: the run directory on a 1 MB tmpfs (the tiny run needs about 2 MB). The run stops at
 * the first unit that cannot be written, saying "no space left on device" with the path; nothing
 * half-written counts as done; after the filesystem grows, --resume finishes with the same tables
 * as a run that never ran out of space. Needs root and mount (CI, with FLUXSCALE_REQUIRE_ROOT=1: a
 * failure without them); skipped, with the reason, elsewhere.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runsHere } from '@fluxscale/jest-preset';
import { runCli, tempDir } from './helpers/cli.js';
import { cannotMount, incompleteDoneUnits, leftovers, sh } from './helpers/run-dir.js';

const TINY = join(__dirname, 'fixtures', 'tiny.yaml');
const itMounted = runsHere('disk-full.test.ts (it mounts a small tmpfs)', cannotMount(), 'FLUXSCALE_REQUIRE_ROOT') ? it : it.skip;

describe('a full disk', () => {
  itMounted('stops the run with "no space left" and the path, keeps only complete units, and --resume finishes it once there is room', () => {
    const reference = join(tempDir(), 'reference');
    expect(runCli(['experiment', 'table1', '--config', TINY, '--out', reference, '--jobs', '2']).status).toBe(0);
    const mount = join(tempDir(), 'small');
    mkdirSync(mount);
    sh('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
    try {
      const runDir = join(mount, 'run');
      const full = runCli(['experiment', 'table1', '--config', TINY, '--out', runDir, '--jobs', '2']);
      expect(full.status).toBe(1);
      expect(full.stderr).toMatch(new RegExp(`stopped: \\S+: cannot write ${runDir}/\\S+: no space left on device`));
      expect(full.stderr).toContain(`resume with: fluxscale experiment table1 --resume ${runDir}`);
      expect(full.stderr).not.toMatch(/fluxscale: error/);
      expect(existsSync(join(runDir, 'metrics.csv'))).toBe(false);
      expect(incompleteDoneUnits(runDir)).toEqual([]);
      expect(leftovers(runDir)).toEqual([]);
      expect(existsSync(join(runDir, 'failures'))).toBe(false);

      sh('mount', ['-o', 'remount,size=64m', mount]);
      const resumed = runCli(['experiment', 'table1', '--resume', runDir, '--jobs', '2']);
      expect(resumed.status).toBe(0);
      expect(resumed.stderr).toMatch(/finished in \d+ s: [1-9]\d* units run, [1-9]\d* cached, 0 failed/);
      for (const name of ['metrics.csv', 'metrics.json', 'table1.md']) expect(readFileSync(join(runDir, name), 'utf8')).toBe(readFileSync(join(reference, name), 'utf8'));
      expect(incompleteDoneUnits(runDir)).toEqual([]);
      expect(leftovers(runDir)).toEqual([]);
    } finally {
      sh('umount', [mount]);
    }
  }, 120_000);
});
