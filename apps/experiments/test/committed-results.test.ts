import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriversFile } from '../src/pipeline/drivers.js';
import type { VerdictFile } from '../src/pipeline/verdict.js';

const RESULTS = join(__dirname, '..', '..', '..', 'docs', 'results');
/** The built pipeline (turbo builds the app before its tests). */
const PIPELINE = join(__dirname, '..', 'dist', 'pipeline');

/**
 * Recomputes the summaries of a committed verdict or drivers file from its rows with the built app,
 * in a plain node process: under jest's module sandbox every global lookup of the bootstrap's inner
 * loop is slow, and these files hold thousands of summaries of 2000 resamples each.
 */
function recompute(name: string): Record<string, unknown[]> {
  const script = `
    const file = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
    const { summarise } = require(${JSON.stringify(join(PIPELINE, 'verdict.js'))});
    const { summariseDrivers } = require(${JSON.stringify(join(PIPELINE, 'drivers.js'))});
    const settings = { bootstrap: file.bootstrap, primary: file.primary };
    const out = file.cells
      ? { ...summarise(file.rows, settings), dropped: summarise(file.rows, settings, 'drop', false).summaries }
      : { summaries: summariseDrivers(file.rows, settings) };
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['-e', script, join(RESULTS, name)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`recomputing ${name} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown[]>;
}

/** Expects the recomputed items to be the committed ones character for character as JSON (every number bit for bit); shows the first that differs. */
function expectAsCommitted(recomputed: readonly unknown[], committed: readonly unknown[]): void {
  const first = recomputed.findIndex((item, i) => JSON.stringify(item) !== JSON.stringify(committed[i]));
  expect(first === -1 ? null : { index: first, recomputed: recomputed[first], committed: committed[first] }).toBeNull();
  expect(recomputed).toHaveLength(committed.length);
}

describe('the committed results are recomputed exactly from their rows', () => {
  test.each(['verdict.json', 'verdict-chronological.json', 'verdict-spatial.json'])('%s: every summary, cell and dropped-rule summary', (name) => {
    const file = JSON.parse(readFileSync(join(RESULTS, name), 'utf8')) as VerdictFile;
    const again = recompute(name);
    expectAsCommitted(again.summaries, file.summaries);
    expectAsCommitted(again.cells, file.cells);
    expectAsCommitted(again.dropped, file.dropped);
  });

  test('drivers.json: every summary', () => {
    const file = JSON.parse(readFileSync(join(RESULTS, 'drivers.json'), 'utf8')) as DriversFile;
    expectAsCommitted(recompute('drivers.json').summaries, file.summaries);
  });
});
