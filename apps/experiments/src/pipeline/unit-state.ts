/**
 * Whether a unit has finished in a run directory, as its folder shows: its unit.json names the unit and
 * every file the unit wrote with its size. Read by the executors (to skip or redo a unit) and by the
 * figures (to refuse drawing from unfinished units); checked folders are remembered per process.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, type FileReadError } from '@fluxscale/util';
import type { Unit } from './plan.js';

/** The record a finished unit leaves in its folder. */
export interface UnitRecord {
  readonly id: string;
  readonly kind: string;
  readonly seconds: number;
  readonly finishedAt: string;
  /** The process that wrote the folder: its host name and process id. */
  readonly writer: { readonly host: string; readonly pid: number };
  /** Every file of the folder (relative path → bytes), unit.json aside. */
  readonly files: Readonly<Record<string, number>>;
}

/** A unit whose folder belongs to a different plan (another config or code version). */
export class StaleRunError extends Error {
  override readonly name = 'StaleRunError';
}

/** Absolute output folder of a unit. */
export const unitDir = (runDir: string, unit: Unit): string => join(runDir, unit.path);

/** A unit's folder as found: done, or not (with what is wrong with it when it is there but damaged). */
export type UnitState = { readonly done: true } | { readonly done: false; readonly damage?: string };

const DONE: UnitState = { done: true };
/** Unit folders found complete by this process (a finished unit does not change). */
const verified = new Set<string>();

/** The state of a unit's folder; throws {@link StaleRunError} for a folder written by another plan. */
export function inspectUnit(runDir: string, unit: Unit): UnitState {
  const dir = unitDir(runDir, unit);
  if (verified.has(dir)) return DONE;
  if (!existsSync(dir)) return { done: false };
  const file = join(dir, 'unit.json');
  if (!existsSync(file)) return { done: false, damage: 'it has no unit.json' };
  let record: Partial<UnitRecord> | null;
  try {
    record = readJsonFile<Partial<UnitRecord> | null>(file, '');
  } catch (err) {
    return { done: false, damage: `unit.json: ${(err as FileReadError).problem ?? String(err)}` };
  }
  if (typeof record?.id !== 'string') return { done: false, damage: 'unit.json has no unit id' };
  if (record.id !== unit.id) {
    throw new StaleRunError(
      `${file} was written by unit ${record.id}, but this plan expects ${unit.id} for ${unit.path}: ` +
        'the run directory was made by another configuration or version; use a new --out directory',
    );
  }
  // Folders written before unit.json listed its files are taken as they are.
  for (const [name, bytes] of Object.entries(record.files ?? {})) {
    const size = statSync(join(dir, name), { throwIfNoEntry: false })?.size;
    if (size === undefined) return { done: false, damage: `${name} is missing` };
    if (size !== bytes) return { done: false, damage: `${name} has ${size} bytes, unit.json says ${bytes} (cut short?)` };
  }
  verified.add(dir);
  return DONE;
}

/** True when the unit has finished in this run directory (see {@link inspectUnit}). */
export function isUnitDone(runDir: string, unit: Unit): boolean {
  return inspectUnit(runDir, unit).done;
}

/** Forgets that the folder `dir` was found complete (it was moved away or is being rewritten). */
export function forgetUnitState(dir: string): void {
  verified.delete(dir);
}
