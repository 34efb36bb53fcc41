/**
 * Crash-safe writing: every file or folder is written under a temporary name beside its target and
 * renamed into place, so an interrupted or killed process never leaves a half-written result under
 * the target's name. Temporary names end in `.tmp-<pid>-<random>`.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The marker every temporary name carries: `<target>.tmp-<pid>-<random>`. */
export const TEMP_MARKER = '.tmp-';

/** A fresh temporary name beside `target`. */
export function tempName(target: string): string {
  return `${target}${TEMP_MARKER}${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Writes `data` to `path` atomically (temp file in the same directory, then rename); creates the directory. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Writes a value as pretty JSON (2-space indent, final newline), atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Fills a directory atomically: `fill` writes into a fresh temporary folder which is then renamed
 * to `dir`. When `dir` already exists (another process finished the same work first) the new copy
 * is discarded and false is returned; the existing one is left intact. Resolves to true when this
 * call put `dir` in place.
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
