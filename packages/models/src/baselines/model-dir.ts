/**
 * The on-disk form of a fitted baseline: `model.json` (format header, kind, params, input signature,
 * the source's scaler, package version, small JSON state) and `weights.bin` (typed arrays, little
 * endian, laid out as `model.json`'s `arrays` table says). Both files are written to a temporary
 * file and renamed, weights first, so a directory with a `model.json` is always complete.
 */
import { readFileBytes, writeFileAtomic } from '@fluxscale/util';
import { join } from 'node:path';
import type { ModelError } from '../errors.js';
import { damagedModel, modelHeader, modelReadFailure, readModelJson, REFIT } from '../model-header.js';
import type { Params } from '../regressor.js';
import type { InputSignature } from './features.js';

/** Typed arrays a model directory can hold. */
export type WeightArray = Float64Array | Int32Array;

/** Everything a baseline saves. */
export interface SavedModel extends InputSignature {
  readonly kind: string;
  readonly params: Params;
  readonly scaler: Readonly<Record<string, unknown>> | null;
  /** Small model state (numbers, strings) stored in model.json. */
  readonly state: Readonly<Record<string, unknown>>;
  /** Large arrays stored in weights.bin. */
  readonly arrays: Readonly<Record<string, WeightArray>>;
}

interface ArrayEntry {
  dtype: 'float64' | 'int32';
  offset: number;
  length: number;
}

/** Saves a fitted baseline to `dir` (created if needed). */
export function writeModelDir(dir: string, model: SavedModel): void {
  const table: Record<string, ArrayEntry> = {};
  let bytes = 0;
  for (const [name, array] of Object.entries(model.arrays)) {
    table[name] = { dtype: array instanceof Float64Array ? 'float64' : 'int32', offset: bytes, length: array.length };
    bytes += Math.ceil(array.byteLength / 8) * 8;
  }
  const weights = new Uint8Array(bytes);
  for (const [name, array] of Object.entries(model.arrays)) {
    weights.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), table[name].offset);
  }
  const header = {
    ...modelHeader(model.kind),
    params: model.params,
    featureNames: model.featureNames,
    window: model.window,
    scaler: model.scaler,
    state: model.state,
    weights: { file: 'weights.bin', bytes, arrays: table },
  };
  writeFileAtomic(join(dir, 'weights.bin'), weights);
  writeFileAtomic(join(dir, 'model.json'), `${JSON.stringify(header, null, 1)}\n`);
}

/**
 * Reads a model directory written by `writeModelDir` for a model of `kind`. Throws a `ModelError`
 * ('bad-model-dir', naming the file) for missing or malformed files, another format or format
 * version, or another model kind.
 */
export async function readModelDir(dir: string, kind: string): Promise<SavedModel> {
  const headerFile = join(dir, 'model.json');
  const header = await readModelJson(headerFile, kind);
  const bad = (why: string): ModelError => damagedModel(headerFile, why);
  const weightsInfo = header.weights as { file?: unknown; bytes?: unknown; arrays?: Record<string, ArrayEntry> } | undefined;
  if (
    typeof header.params !== 'object' ||
    !Array.isArray(header.featureNames) ||
    typeof header.window !== 'number' ||
    typeof header.state !== 'object' ||
    weightsInfo?.file !== 'weights.bin' ||
    typeof weightsInfo.arrays !== 'object'
  ) {
    throw bad('is missing params, featureNames, window, state or weights');
  }
  const weightsFile = join(dir, 'weights.bin');
  const raw = readFileBytes(weightsFile, REFIT, modelReadFailure);
  if (raw.length !== weightsInfo.bytes) throw damagedModel(weightsFile, `${raw.length} bytes, model.json says ${String(weightsInfo.bytes)}`);
  const aligned = new Uint8Array(raw.length);
  aligned.set(raw);
  const arrays: Record<string, WeightArray> = {};
  for (const [name, entry] of Object.entries(weightsInfo.arrays)) {
    const width = entry.dtype === 'float64' ? 8 : 4;
    if (entry.offset % 8 !== 0 || entry.offset + entry.length * width > raw.length) throw bad(`array '${name}' lies outside weights.bin`);
    arrays[name] =
      entry.dtype === 'float64'
        ? new Float64Array(aligned.buffer, entry.offset, entry.length)
        : new Int32Array(aligned.buffer, entry.offset, entry.length);
  }
  return {
    kind,
    params: header.params as Params,
    featureNames: header.featureNames as string[],
    window: header.window,
    scaler: (header.scaler ?? null) as Record<string, unknown> | null,
    state: header.state as Record<string, unknown>,
    arrays,
  };
}

/** The array `name` of a loaded model, checked to exist with the expected type. */
export function savedArray<T extends WeightArray>(model: SavedModel, name: string, type: new (n: number) => T): T {
  const array = model.arrays[name];
  if (!(array instanceof type)) throw damagedModel('weights.bin', `no ${type.name} '${name}'`);
  return array;
}
