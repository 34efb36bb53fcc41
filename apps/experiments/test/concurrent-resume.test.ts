/**
 * Two resumers at once: two `experiment --resume` processes started together on the same planned
 * run directory share its units through claims — each unit is computed by one of them and its
 * folder written once — and both end with the complete run and the same tables as a run alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';
import { incompleteDoneUnits, leftovers, plannedUnits, startCli } from './helpers/run-dir.js';

const TINY = join(__dirname, 'fixtures', 'tiny.yaml');

/** The counts of a run's closing line: units run by it, cached, run by another process, failed. */
function counts(stderr: string): { run: number; cached: number; others: number; failed: number } {
  const m = /finished in \d+ s: (\d+) units run, (\d+) cached(?:, (\d+) run by another process)?, (\d+) failed/.exec(stderr);
  if (!m) throw new Error(`no closing line in:\n${stderr}`);
  return { run: Number(m[1]), cached: Number(m[2]), others: Number(m[3] ?? 0), failed: Number(m[4]) };
}

describe('two --resume processes on the same run directory', () => {
  it('compute every unit once between them, and both finish with the tables of a run alone', async () => {
    const reference = join(tempDir(), 'reference');
    expect(runCli(['experiment', 'table1', '--config', TINY, '--out', reference, '--jobs', '2']).status).toBe(0);
    const runDir = join(tempDir(), 'shared');
    expect(runCli(['plan', 'table1', '--config', TINY, '--out', runDir]).status).toBe(0);
    const total = plannedUnits(runDir).length;

    const a = startCli(['experiment', 'table1', '--resume', runDir, '--jobs', '2']);
    const b = startCli(['experiment', 'table1', '--resume', runDir, '--jobs', '2']);
    const [endA, endB] = await Promise.all([a.exited, b.exited]);
    expect(endA.code).toBe(0);
    expect(endB.code).toBe(0);
    const [ca, cb] = [counts(endA.stderr), counts(endB.stderr)];
    // Every unit was computed by exactly one of the two; the other counted it as run elsewhere.
    expect(ca.run + cb.run).toBe(total);
    expect(ca.failed + cb.failed).toBe(0);
    expect(ca.run + ca.cached + ca.others).toBe(total);
    expect(cb.run + cb.cached + cb.others).toBe(total);
    // Each unit.json names the process that wrote it: the workers of A and B, one writer per unit.
    const writers = plannedUnits(runDir).map((u) => JSON.parse(readFileSync(join(runDir, u.path, 'unit.json'), 'utf8')).writer.pid as number);
    expect(writers.every((pid) => Number.isInteger(pid))).toBe(true);
    expect(new Set(writers).size).toBeGreaterThanOrEqual(2);
    for (const name of ['metrics.csv', 'metrics.json', 'table1.md']) expect(readFileSync(join(runDir, name), 'utf8')).toBe(readFileSync(join(reference, name), 'utf8'));
    expect(endA.stdout).toBe(endB.stdout);
    expect(incompleteDoneUnits(runDir)).toEqual([]);
    expect(leftovers(runDir)).toEqual([]);
  }, 180_000);
});
