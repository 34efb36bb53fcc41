/**
 * Crash-safe writing: every file or folder is written under a temporary name beside its target and
 * renamed into place, so an interrupted or killed process never leaves a half-written result under
 * the target's name. Temporary names end in `.tmp-<pid>-<random>`. Only regular files are replaced
 * so: a symbolic link is followed (its target is written, the link stays), and a device, FIFO or
 * socket (`/dev/null`, `/dev/stdout`, a named pipe) is written in place.
 */
import { existsSync, lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { describeFileError } from './files.js';

/** The marker every temporary name carries: `<target>.tmp-<pid>-<random>`. */
export const TEMP_MARKER = '.tmp-';

/** A fresh temporary name beside `target`. */
export function tempName(target: string): string {
  return `${target}${TEMP_MARKER}${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Removes a temporary file or folder if it is there; a failure to remove it never hides the error being handled. */
function removeQuietly(tmp: string): void {
  try {
    rmSync(tmp, { recursive: true, force: true });
  } catch {
    // nothing to remove, or nothing can be removed there: the caller's error says why
  }
}

/** The process id in a temporary name made by {@link tempName} (a path or a base name), or null for any other name. */
export function tempOwner(name: string): number | null {
  const m = /\.tmp-(\d+)-[a-z0-9]+$/.exec(basename(name));
  return m ? Number(m[1]) : null;
}

/**
 * A failed write of `file`: the message names the file and says why in words ("no space left on
 * device", "read-only file system"); `code` is the system error code (ENOSPC, EROFS, …) when there is one.
 */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  readonly code?: string;

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`cannot write ${file}: ${describeFileError(cause)}`, { cause });
    const code = (cause as NodeJS.ErrnoException)?.code;
    if (code !== undefined) this.code = code;
  }
}

/** Where a write of `path` lands: the path itself, or the end of its chain of symbolic links (which may not exist yet). */
function linkTarget(path: string): string {
  let target = path;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(target).isSymbolicLink()) return target;
      link = readlinkSync(target);
    } catch {
      return target; // nothing there yet: a new regular file
    }
    target = resolve(dirname(target), link);
  }
  return target; // a loop of links: the write fails and says so
}

/** Whether `path` exists and is something other than a regular file or folder (a device, FIFO or socket). */
function isSpecialFile(path: string): boolean {
  try {
    const stats = statSync(path);
    return !stats.isFile() && !stats.isDirectory();
  } catch {
    return false;
  }
}

/**
 * Writes `data` to `path` atomically (temp file in the same directory, then rename); creates the
 * directory. A symbolic link is followed, and a device, FIFO or socket is written in place (no rename
 * over it). Throws {@link FileWriteError}.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = linkTarget(path);
  if (isSpecialFile(target)) {
    try {
      writeFileSync(target, data);
    } catch (err) {
      throw new FileWriteError(path, err);
    }
    return;
  }
  const tmp = tempName(target);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (err) {
    removeQuietly(tmp);
    throw new FileWriteError(path, err);
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
  const tmp = tempName(dir);
  try {
    mkdirSync(dirname(dir), { recursive: true });
    mkdirSync(tmp);
  } catch (err) {
    throw new FileWriteError(tmp, err);
  }
  try {
    await fill(tmp);
    if (existsSync(dir)) {
      rmSync(tmp, { recursive: true, force: true });
      return false;
    }
    renameSync(tmp, dir);
    return true;
  } catch (err) {
    removeQuietly(tmp);
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(dir)) return false;
    throw err;
  }
}
