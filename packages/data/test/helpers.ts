import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Test fixtures folder. */
export const FIXTURES = join(__dirname, 'fixtures');
/** Repository root and the shared data folder next to it (may be absent). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const SHARED = resolve(REPO_ROOT, '..', 'shared');

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fluxscale-data-'));
}

/** The error `fn` throws (fails the test if it returns). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
