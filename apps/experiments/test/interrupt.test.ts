/**
 * Interrupted runs: Ctrl-C aborts the units in flight and says so (counted and named, not as
 * failures, with the --resume command); a killed executor's workers stop at once instead of
 * finishing their unit; a resume removes the temporary files, folders and claims that killed
 * processes left (those whose pid no longer runs on this host), and leaves a live process's alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';
import { groupAlive, incompleteDoneUnits, leftovers, startCli, tinyVariant, waitFor, type CliProcess } from './helpers/run-dir.js';

/** tiny.yaml with LSTMs that train long (400 epochs, no early stopping): a fit is in flight when the signal comes. */
const LONG = tinyVariant('tiny-long-lstm', 'lstm: { training: windows, epochs: 1, patience: 3,', 'lstm: { training: windows, epochs: 400, patience: 0,');

/** Starts table1 on the long-LSTM config and resolves once the raw LASSO fit is done (the raw LSTM fit is then running). */
async function startUntilFitting(runDir: string, jobs: number): Promise<CliProcess> {
  const cli = startCli(['experiment', 'table1', '--config', LONG, '--out', runDir, '--jobs', String(jobs)]);
  expect(await waitFor(() => cli.ended() || existsSync(join(runDir, 'fit', 'GRA', 'raw', 'lasso', 'unit.json')), 90_000)).toBe(true);
  expect(cli.ended()).toBe(false);
  await new Promise((r) => setTimeout(r, 300));
  return cli;
}

describe('Ctrl-C', () => {
  it.each([
    ['in this process (--jobs 1), SIGINT to the executor', 1, 'process'],
    ['in worker processes (--jobs 2), SIGINT to the whole process group as a terminal sends it', 2, 'group'],
  ] as const)('%s: the units in flight are aborted, named and not failed; the resume command is shown', async (_what, jobs, target) => {
    const runDir = join(tempDir(), 'run');
    const cli = await startUntilFitting(runDir, jobs);
    process.kill(target === 'group' ? -cli.child.pid! : cli.child.pid!, 'SIGINT');
    const end = await cli.exited;
    expect(end.code).toBe(130);
    expect(end.stderr).toContain('interrupted (SIGINT): aborting the units in flight');
    expect(end.stderr).toMatch(/interrupted after \d+ s: \d+ units run, 0 cached, 0 failed, [12] aborted/);
    expect(end.stderr).toMatch(/aborted, not failed \(they run again on resume\): (\S+, )?fit\/GRA\/raw\/lstm/);
    expect(end.stderr).toContain(`resume with: fluxscale experiment table1 --resume ${runDir}`);
    expect(end.stderr).not.toContain('finishing the units in flight');
    expect(existsSync(join(runDir, 'failures'))).toBe(false);
    expect(existsSync(join(runDir, 'fit', 'GRA', 'raw', 'lstm'))).toBe(false);
    expect(leftovers(runDir)).toEqual([]);
    expect(incompleteDoneUnits(runDir)).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.interrupted).toBe(true);
    expect(manifest.aborted).toContain('fit/GRA/raw/lstm');
    expect(manifest.failures).toEqual([]);
    expect(runCli(['status', '--run', runDir]).stdout).toMatch(/fit\s+\d+\s+[1-9]\s+0/);
  }, 120_000);
});

describe('a killed executor', () => {
  it('takes its workers with it: the LSTM fit in flight stops at once instead of being finished and written', async () => {
    const runDir = join(tempDir(), 'run');
    const cli = await startUntilFitting(runDir, 2);
    process.kill(cli.child.pid!, 'SIGKILL');
    await cli.exited;
    expect(await waitFor(() => !groupAlive(cli.child.pid!), 1000)).toBe(true);
    expect(existsSync(join(runDir, 'fit', 'GRA', 'raw', 'lstm', 'unit.json'))).toBe(false);
    expect(incompleteDoneUnits(runDir)).toEqual([]);
  }, 120_000);
});

describe('--resume after a kill', () => {
  it('removes the temporary files, folders and claims of dead processes, and leaves those of live ones', async () => {
    const runDir = join(tempDir(), 'run');
    const tiny = join(__dirname, 'fixtures', 'tiny.yaml');
    expect(runCli(['plan', 'table1', '--config', tiny, '--out', runDir]).status).toBe(0);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const sleeper = spawnSync('sh', ['-c', 'sleep 60 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' }).stdout.trim();
    const killed = [
      join(runDir, `prepare/AT-Neu.tmp-${dead}-a1b2c3d4`),
      join(runDir, `tune/GRA/raw/lasso/trial-0-fold-0.tmp-${dead}-zz99`),
      join(runDir, `manifest.json.tmp-${dead}-0k1`),
      join(runDir, 'prepare/US-Var.claim'),
    ];
    mkdirSync(join(killed[0], 'sub'), { recursive: true });
    writeFileSync(join(killed[0], 'sub', 'bands.f64'), 'partial');
    mkdirSync(killed[1], { recursive: true });
    writeFileSync(killed[2], '{"half": ');
    writeFileSync(killed[3], JSON.stringify({ host: hostname(), pid: Number(dead), since: new Date().toISOString() }));
    const alive = join(runDir, `figures.tmp-${sleeper}-livelive`);
    mkdirSync(alive);
    const r = runCli(['experiment', 'table1', '--resume', runDir, '--jobs', '1']);
    process.kill(Number(sleeper));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/removed 4 leftover\(s\) of killed processes/);
    for (const path of killed) expect(existsSync(path)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    expect(leftovers(runDir)).toEqual([alive]);
  }, 120_000);
});
