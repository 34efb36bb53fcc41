/**
 * The run directory as a store of finished units. A unit is done when its folder holds a readable
 * `unit.json` whose id matches the plan and every file it lists is there with the listed size.
 * Units are written to a temporary folder and renamed into place (writeDirAtomic), so an
 * interrupted run resumes exactly where it stopped and a half-finished unit never counts as done.
 * A damaged unit folder (unreadable unit.json, a file missing or cut short, or a file a later unit
 * could not read) is moved aside under `damaged/` and the unit runs again.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { ModelError } from '@fluxscale/models';
import { FileReadError, FileWriteError, readJsonFile, writeDirAtomic, writeJsonAtomic } from '@fluxscale/util';
import type { Unit } from '../pipeline/plan.js';
import { forgetUnitState, inspectUnit, isUnitDone, unitDir, type UnitRecord } from '../pipeline/unit-state.js';
import { thisProcess } from './claims.js';
import { log } from './progress.js';

// The executors read a unit's state through the store; the figures read it from the pipeline below.
export { inspectUnit, isUnitDone, unitDir } from '../pipeline/unit-state.js';

/** Seconds a finished unit took (its unit.json), or null for a unit not done. */
export function unitSeconds(runDir: string, unit: Unit): number | null {
  const file = join(unitDir(runDir, unit), 'unit.json');
  if (!existsSync(file)) return null;
  const record = readJsonFile<Partial<UnitRecord> | null>(file, '');
  return typeof record?.seconds === 'number' ? record.seconds : null;
}

/** Files of a folder, recursively, as relative path → bytes. */
function listFiles(dir: string, base = dir, out: Record<string, number> = {}): Record<string, number> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, base, out);
    else out[relative(base, path).split(sep).join('/')] = statSync(path).size;
  }
  return out;
}

/**
 * Moves a damaged unit folder to RUN_DIR/damaged/<its path>/<time>-<pid> (with the reason in
 * `why.txt` there), logs it and returns the new place; null when it was gone already.
 */
export function setAside(runDir: string, folder: string, why: string): string | null {
  const dest = join(runDir, 'damaged', relative(runDir, folder), `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  try {
    mkdirSync(dirname(dest), { recursive: true });
    renameSync(folder, dest);
  } catch (err) {
    if (!existsSync(folder)) return null;
    throw new FileWriteError(dest, err);
  }
  forgetUnitState(folder);
  try {
    writeFileSync(join(dest, 'why.txt'), `${why}\n`);
  } catch {
    // the log line below says it too
  }
  log(`${relative(runDir, folder)}: ${why}; moved it to ${relative(runDir, dest)}, so the unit runs again`);
  return dest;
}

/** The file a reading error is about (FileReadError, or a damaged model's ModelError), looking through causes. */
function damagedFileOf(err: unknown): string | null {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e instanceof FileReadError) return e.file;
    if (e instanceof ModelError && e.code === 'bad-model-dir' && e.subject?.startsWith(sep)) return e.subject;
  }
  return null;
}

/** The finished unit folder of the run that holds `file`, or null. */
function unitFolderHolding(runDir: string, file: string): string | null {
  for (let dir = dirname(file); dir.startsWith(runDir + sep); dir = dirname(dir)) {
    if (existsSync(join(dir, 'unit.json'))) return dir;
  }
  return null;
}

/** The system error code of an error or its causes (ENOSPC, EROFS …). */
function errorCode(err: unknown): string | undefined {
  for (let e = err as (Error & { code?: unknown }) | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** Codes after which no unit can be written: the run stops instead of failing unit after unit. */
const FATAL_WRITE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/** Whether a unit's error means that nothing more can be written to the run directory (disk full, quota, read-only). */
export const isFatalWriteError = (code: string | undefined): boolean => code !== undefined && FATAL_WRITE_CODES.has(code);

/** Where a failed unit's record and log go. */
export const failureFile = (runDir: string, unit: Unit): string => join(runDir, 'failures', `${unit.id}.json`);

/** How running a unit went; `code` is the system error code of a failure, when there is one. */
export interface UnitOutcome {
  readonly status: 'done' | 'skipped' | 'failed' | 'aborted';
  readonly error?: Error;
  readonly code?: string;
}

/** Records a failed unit under failures/ (message, stack, time); a record that cannot be written is left out. */
function recordFailure(runDir: string, unit: Unit, error: Error): void {
  try {
    writeJsonAtomic(failureFile(runDir, unit), { id: unit.id, kind: unit.kind, path: unit.path, message: error.message, stack: error.stack, failedAt: new Date().toISOString() });
  } catch {
    // the executor reports the failure either way
  }
}

/**
 * Runs one unit unless it is done: `work` fills a temporary folder that becomes the unit's folder
 * only when it succeeds. A damaged folder in its place is set aside first. A failure leaves a
 * record under failures/ (message, stack) and nothing in the unit's place; a later success removes
 * the record. A failure to read another unit's output sets that unit aside, so that it is
 * recomputed on resume. When `signal` aborted the work, the unit is 'aborted': nothing of it is
 * kept and nothing recorded. 'skipped': done before, or by another process first.
 */
export async function runUnit(runDir: string, unit: Unit, work: (outDir: string) => Promise<void>, signal?: AbortSignal): Promise<UnitOutcome> {
  const state = inspectUnit(runDir, unit);
  if (state.done) return { status: 'skipped' };
  const dir = unitDir(runDir, unit);
  if (existsSync(dir)) setAside(runDir, dir, `damaged (${state.damage})`);
  const started = Date.now();
  try {
    const placed = await writeDirAtomic(dir, async (tmp) => {
      await work(tmp);
      const record: UnitRecord = {
        id: unit.id,
        kind: unit.kind,
        seconds: (Date.now() - started) / 1000,
        finishedAt: new Date().toISOString(),
        writer: { host: thisProcess().host, pid: process.pid },
        files: listFiles(tmp),
      };
      writeJsonAtomic(join(tmp, 'unit.json'), record);
    });
    rmSync(failureFile(runDir, unit), { force: true });
    return { status: placed ? 'done' : 'skipped' };
  } catch (err) {
    const raw = err instanceof Error ? err : new Error(String(err));
    if (signal?.aborted) return { status: 'aborted', error: raw };
    const code = errorCode(raw);
    const error = isFatalWriteError(code) && !(raw instanceof FileWriteError) ? new FileWriteError(dir, raw) : raw;
    const damaged = damagedFileOf(raw);
    const folder = damaged === null ? null : unitFolderHolding(runDir, damaged);
    if (folder !== null) setAside(runDir, folder, `${relative(folder, damaged!)} cannot be read by ${unit.path}`);
    // Nothing can be written (disk full, read-only): not a failure of the unit, which runs again on resume.
    if (!isFatalWriteError(code)) recordFailure(runDir, unit, error);
    return { status: 'failed', error, ...(code ? { code } : {}) };
  }
}

/** Removes RUN_DIR/failures when no record is left in it. */
export function tidyFailures(runDir: string): void {
  try {
    rmdirSync(join(runDir, 'failures'));
  } catch {
    // not there, or records left
  }
}

/** The message of a failure record, or what is wrong with the record. */
function failureMessage(file: string): string {
  try {
    return readJsonFile<{ message?: string }>(file, 'delete it: the unit runs again on --resume anyway').message ?? '(no message)';
  } catch (err) {
    return (err as Error).message;
  }
}

/** Failure records currently in the run directory whose unit is still not done. */
export function openFailures(runDir: string, units: readonly Unit[]): Array<{ unit: Unit; message: string; file: string }> {
  const dir = join(runDir, 'failures');
  if (!existsSync(dir)) return [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: Array<{ unit: Unit; message: string; file: string }> = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const unit = byId.get(name.slice(0, -5));
    if (!unit || isUnitDone(runDir, unit)) continue;
    const file = join(dir, name);
    out.push({ unit, message: failureMessage(file), file });
  }
  return out;
}
