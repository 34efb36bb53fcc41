/**
 * Reading files with errors that help: every failure names the file, says what is wrong with it in
 * words (missing, permission denied, not valid JSON …) and what to do about it, instead of a bare
 * `Unexpected token` or `ENOENT`.
 */
import { readFileSync } from 'node:fs';

/** Plain words for the system error codes of file reads and writes; the error's own message otherwise. */
export function describeFileError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EEXIST':
      // mkdir -p meets a file where a folder should be
      return e.syscall === 'mkdir' ? 'a part of the path is a file, not a directory' : 'already exists';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'EIO':
      return 'input/output error (a failing disk or network filesystem)';
    default:
      // Errors of node:fs may come from another realm (a test sandbox): no instanceof here.
      return typeof e?.message === 'string' ? e.message : String(err);
  }
}

/** A file that could not be read or parsed: `file`, what is wrong (`problem`) and what to do (`remedy`). */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';

  constructor(
    readonly file: string,
    readonly problem: string,
    readonly remedy: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}; ${remedy}`, options);
  }
}

/** Turns a {@link FileReadError} into the error a caller throws instead (e.g. a package's own error type). */
export type ReadFailure = (error: FileReadError) => Error;

const asIs: ReadFailure = (error) => error;

/** The bytes of `file`; a failure throws `fail(FileReadError)` naming the file and `remedy`. */
export function readFileBytes(file: string, remedy: string, fail: ReadFailure = asIs): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw fail(new FileReadError(file, `cannot read: ${describeFileError(err)}`, remedy, { cause: err }));
  }
}

/** The text (UTF-8) of `file`; a failure throws `fail(FileReadError)` naming the file and `remedy`. */
export function readTextFile(file: string, remedy: string, fail: ReadFailure = asIs): string {
  return readFileBytes(file, remedy, fail).toString('utf8');
}

/** Parses JSON text read from `file` (`what` says where in it, e.g. "line 3"); throws like {@link readJsonFile}. */
export function parseJsonText<T = unknown>(text: string, file: string, remedy: string, fail: ReadFailure = asIs, what = ''): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    const at = what ? `${what}: ` : '';
    const problem = text.trim() === '' ? `${at}empty (cut off when written?)` : `${at}not valid JSON (${(err as Error).message})`;
    throw fail(new FileReadError(file, problem, remedy, { cause: err }));
  }
}

/**
 * The parsed JSON of `file`. A missing or unreadable file, empty text or invalid JSON throws
 * `fail(FileReadError)` (by default the FileReadError itself), whose message names the file, the
 * problem and `remedy` — what the user should do, e.g. "refit the model".
 */
export function readJsonFile<T = unknown>(file: string, remedy: string, fail: ReadFailure = asIs): T {
  return parseJsonText<T>(readTextFile(file, remedy, fail), file, remedy, fail);
}
