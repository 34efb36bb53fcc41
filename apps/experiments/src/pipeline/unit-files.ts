/**
 * Reading what earlier units wrote (score.json, fit.json, scaler.json, predictions, prepared sites):
 * a missing, cut or unparsable file stops the reading unit with an error that names the file and
 * says what to do; the engine then sets the unit that wrote it aside, so that --resume recomputes it.
 */
import { FileReadError, readFileBytes, readJsonFile, readTextFile } from '@fluxscale/util';

/** What to do about a damaged output of a unit. */
export const DAMAGED_UNIT_REMEDY = 'the unit that wrote it is damaged: resume the run (--resume RUN_DIR) to recompute it';

/** The parsed JSON of a unit's output file (see the module comment for errors). */
export const readUnitJson = <T>(file: string): T => readJsonFile<T>(file, DAMAGED_UNIT_REMEDY);

/** The text of a unit's output file (see the module comment for errors). */
export const readUnitText = (file: string): string => readTextFile(file, DAMAGED_UNIT_REMEDY);

/** The bytes of a unit's output file (see the module comment for errors). */
export const readUnitBytes = (file: string): Buffer => readFileBytes(file, DAMAGED_UNIT_REMEDY);

/** The error of a unit's output file that was read but holds the wrong thing (`problem`: what is wrong, e.g. "line 7: 3 fields, expected 4"). */
export const damagedUnitFile = (file: string, problem: string): FileReadError => new FileReadError(file, problem, DAMAGED_UNIT_REMEDY);
