/**
 * The header every fluxscale model directory's model.json carries, baselines and networks alike:
 * format tag, layout version, model kind and the package version that wrote it; and its checks.
 * One module owns the format so that both writers stay in step.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readJsonFile, type ReadFailure } from '@fluxscale/util';
import { ModelError } from './errors.js';

/** Format tag of model.json. */
export const MODEL_FORMAT = 'fluxscale-model';
/** Version of the model directory layout this code reads and writes. */
export const MODEL_FORMAT_VERSION = 1;

/** The header fields of model.json. */
export interface ModelHeader {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: number;
  readonly kind: string;
  readonly packageVersion: string;
}

let cachedVersion: string | undefined;

/** Version of @fluxscale/models, read from its package.json (one level above src/ and dist/). */
export function packageVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  return cachedVersion;
}

/** What to do about a model directory that cannot be loaded. */
export const REFIT = 'refit the model';

/** The error of a damaged model directory: `file` and what is wrong with it, and the remedy (refit). */
export function damagedModel(file: string, problem: string, cause?: unknown): ModelError {
  return new ModelError('bad-model-dir', `${file}: ${problem}; ${REFIT}`, file, cause === undefined ? undefined : { cause });
}

/** Turns a failed read of a model file into a 'bad-model-dir' ModelError naming the file (for the util readers). */
export const modelReadFailure: ReadFailure = (error) => new ModelError('bad-model-dir', error.message, error.file, { cause: error });

/** The parsed JSON of a file of a model directory; a missing, unreadable or invalid file is a 'bad-model-dir' ModelError naming it. */
export function readModelFileJson<T = unknown>(file: string): T {
  return readJsonFile<T>(file, REFIT, modelReadFailure);
}

/** The kind of the model saved in directory `dir` (from its model.json); a 'bad-model-dir' ModelError naming the file when it cannot be told. */
export function modelKindOf(dir: string): string {
  const file = resolve(dir, 'model.json');
  const header = readModelFileJson<Record<string, unknown> | null>(file);
  if (header?.format !== MODEL_FORMAT || typeof header.kind !== 'string') throw damagedModel(file, 'not a fluxscale model.json (no format and kind)');
  return header.kind;
}

/** The header of a model of `kind` written by this package. */
export function modelHeader(kind: string): ModelHeader {
  return { format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, kind, packageVersion: packageVersion() };
}

/**
 * Reads `file` (a model.json) and checks its header for a model of `kind`. Throws a `ModelError`
 * ('bad-model-dir', naming the file and saying to refit) when it cannot be read or parsed, or holds
 * another format, format version or kind.
 */
export async function readModelJson(file: string, kind: string): Promise<Record<string, unknown>> {
  const header = readModelFileJson<Record<string, unknown> | null>(file);
  const bad = (why: string): ModelError => damagedModel(file, why);
  if (header === null || typeof header !== 'object' || header.format !== MODEL_FORMAT) {
    throw bad(`not a fluxscale model directory (format ${JSON.stringify(header?.format)})`);
  }
  if (header.formatVersion !== MODEL_FORMAT_VERSION) {
    throw bad(`format version ${JSON.stringify(header.formatVersion)} is not supported (this @fluxscale/models ${packageVersion()} reads version ${MODEL_FORMAT_VERSION})`);
  }
  if (header.kind !== kind) throw bad(`holds a '${String(header.kind)}' model, expected '${kind}'`);
  return header;
}
