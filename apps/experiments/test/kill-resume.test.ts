/**
 * Kill anywhere: a tiny experiment with worker processes (--jobs 2) is killed with SIGKILL — the
 * whole process group, as a scheduler or the OOM killer would — at 20 seeded random moments and
 * resumed after each. The finished metrics are byte-identical to an uninterrupted run's, no unit
 * ever counts as done without its files, nothing temporary is left, and no process of the group
 * outlives the kill (interrupt.test.ts kills the executor alone). The moments: a fifth of them anywhere in the first 1.5 s (start-up and planning),
 * the others 0–150 ms after the resumed run has finished 0, 1 or 2 more units (of 33: tiny.yaml
 * with twice as many LASSO trials). A resume that finishes the run before its kill is checked
 * like the last one, and the kills go on in a new run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '@fluxscale/util';
import { runCli, tempDir } from './helpers/cli.js';
import { finishedUnits, groupAlive, incompleteDoneUnits, leftovers, startCli, tinyVariant, waitFor } from './helpers/run-dir.js';

const KILLS = 20;

/** tiny.yaml with 4 LASSO trials instead of 2: 33 units, enough for kills in a run still going. */
const TINY = tinyVariant('tiny-kill', 'trials: { lasso: 2, lstm: 1 }', 'trials: { lasso: 4, lstm: 1 }');

/** The arguments that (re)start the run: a new run until config.json exists, then --resume. */
const runArgs = (runDir: string): string[] =>
  existsSync(join(runDir, 'config.json')) ? ['experiment', 'table1', '--resume', runDir, '--jobs', '2'] : ['experiment', 'table1', '--config', TINY, '--out', runDir, '--jobs', '2'];

describe('SIGKILL at random moments, then --resume', () => {
  it(`${KILLS} kills of the process group, each resumed: the same metrics as an uninterrupted run, and nothing half-done`, async () => {
    const reference = join(tempDir(), 'reference');
    expect(runCli(['experiment', 'table1', '--config', TINY, '--out', reference, '--jobs', '2']).status).toBe(0);
    const sameMetrics = (runDir: string): void => {
      for (const name of ['metrics.csv', 'metrics.json', 'table1.md']) expect(readFileSync(join(runDir, name), 'utf8')).toBe(readFileSync(join(reference, name), 'utf8'));
      expect(incompleteDoneUnits(runDir)).toEqual([]);
      expect(leftovers(runDir)).toEqual([]);
      expect(existsSync(join(runDir, 'failures'))).toBe(false);
    };

    const random = mulberry32(20240611);
    let runDir = join(tempDir(), 'killed');
    let killed = 0;
    let finished = 0;
    while (killed < KILLS) {
      const cli = startCli(runArgs(runDir));
      const pgid = cli.child.pid!;
      const early = random() < 0.2;
      const units = Math.floor(random() * 3);
      const delay = early ? random() * 1500 : random() * 150;
      const before = finishedUnits(runDir);
      if (!early) await waitFor(() => cli.ended() || (cli.stderr().includes('run directory:') && finishedUnits(runDir) - before >= units), 60_000);
      const timer = setTimeout(() => process.kill(-pgid, 'SIGKILL'), delay);
      const end = await cli.exited;
      clearTimeout(timer);
      expect(await waitFor(() => !groupAlive(pgid), 5000)).toBe(true);
      expect(incompleteDoneUnits(runDir)).toEqual([]);
      if (end.signal === 'SIGKILL') {
        killed += 1;
        continue;
      }
      // The resume finished the run before its kill: check it and go on with a new run.
      expect(end).toMatchObject({ code: 0 });
      sameMetrics(runDir);
      finished += 1;
      runDir = join(tempDir(), `killed-${finished}`);
    }
    const last = runCli(runArgs(runDir));
    expect(last.status).toBe(0);
    expect(last.stderr).toMatch(/finished in \d+ s: \d+ units run, \d+ cached, 0 failed/);
    sameMetrics(runDir);
  }, 240_000);
});
