/**
 * The run directory as a store of finished units: a unit is done when its folder holds a
 * `unit.json` whose id matches the plan. Units are written atomically (see atomic.ts), so an
 * interrupted run resumes exactly where it stopped and a half-finished unit never counts as done.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeDirAtomic, writeJsonAtomic } from '@fluxscale/util';
import type { Unit } from '../pipeline/plan.js';

/** The record a finished unit leaves in its folder. */
export interface UnitRecord {
  readonly id: string;
  readonly kind: string;
  readonly seconds: number;
  readonly finishedAt: string;
}

/** A unit whose folder belongs to a different plan (another config or code version). */
export class StaleRunError extends Error {
  override readonly name = 'StaleRunError';
}

/** Absolute output folder of a unit. */
export const unitDir = (runDir: string, unit: Unit): string => join(runDir, unit.path);

/** True when the unit has finished in this run directory; refuses folders of another plan. */
export function isUnitDone(runDir: string, unit: Unit): boolean {
  const file = join(unitDir(runDir, unit), 'unit.json');
  if (!existsSync(file)) return false;
  const record = JSON.parse(readFileSync(file, 'utf8')) as UnitRecord;
  if (record.id !== unit.id) {
    throw new StaleRunError(
      `${file} was written by unit ${record.id}, but this plan expects ${unit.id} for ${unit.path}: ` +
        'the run directory was made by another configuration or version; use a new --out directory',
    );
  }
  return true;
}

/** Where a failed unit's record and log go. */
export const failureFile = (runDir: string, unit: Unit): string => join(runDir, 'failures', `${unit.id}.json`);

/**
 * Runs one unit unless it is done: `work` fills a temporary folder that becomes the unit's folder
 * only when it succeeds. A failure leaves a record under failures/ (message, stack, log path) and
 * nothing in the unit's place; a later success removes the record. Returns 'done' | 'skipped' | 'failed'.
 */
export async function runUnit(
  runDir: string,
  unit: Unit,
  work: (outDir: string) => Promise<void>,
): Promise<{ status: 'done' | 'skipped' | 'failed'; error?: Error }> {
  if (isUnitDone(runDir, unit)) return { status: 'skipped' };
  const started = Date.now();
  try {
    await writeDirAtomic(unitDir(runDir, unit), async (tmp) => {
      await work(tmp);
      const record: UnitRecord = { id: unit.id, kind: unit.kind, seconds: (Date.now() - started) / 1000, finishedAt: new Date().toISOString() };
      writeJsonAtomic(join(tmp, 'unit.json'), record);
    });
    rmSync(failureFile(runDir, unit), { force: true });
    return { status: 'done' };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    writeJsonAtomic(failureFile(runDir, unit), {
      id: unit.id,
      kind: unit.kind,
      path: unit.path,
      message: error.message,
      stack: error.stack,
      failedAt: new Date().toISOString(),
    });
    return { status: 'failed', error };
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
    out.push({ unit, message: (JSON.parse(readFileSync(file, 'utf8')) as { message: string }).message, file });
  }
  return out;
}
