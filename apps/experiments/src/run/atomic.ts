/**
 * Atomic writes: everything a run writes goes to a temporary name first and is renamed into place,
 * so an interrupted or crashed run never leaves a half-written file or unit behind.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '@fluxscale/data';
import { dirname } from 'node:path';

const tempName = (target: string): string => `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

export { writeFileAtomic };

/** Writes a value as pretty JSON, atomically. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Fills a directory atomically: `fill` writes into a fresh temporary folder which is then renamed
 * to `dir`. When `dir` already exists (another runner finished the same work first) the new copy
 * is discarded and false is returned; the existing one is left intact.
 */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void> | void): Promise<boolean> {
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = tempName(dir);
  mkdirSync(tmp);
  try {
    await fill(tmp);
    if (existsSync(dir)) {
      rmSync(tmp, { recursive: true, force: true });
      return false;
    }
    renameSync(tmp, dir);
    return true;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(dir)) return false;
    throw err;
  }
}
