/**
 * The on-disk model directory: model.json (what the model is: kind, params, inputs, scaler,
 * backend, versions, seed), topology.json (the tfjs layers topology and weight manifest) and
 * weights.bin (the weights, little-endian float32). Files are written to a temporary directory
 * beside them and renamed into place one by one, model.json last, so that a reader never sees a
 * model.json whose weights are not complete.
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { ModelError } from '../errors.js';

/** Value of model.json's `format`. */
export const MODEL_FORMAT = 'fluxscale-model';
/** The model-directory layout this version reads and writes. */
export const MODEL_FORMAT_VERSION = 1;

const META_FILE = 'model.json';
const TOPOLOGY_FILE = 'topology.json';
const WEIGHTS_FILE = 'weights.bin';

/** Contents of model.json. */
export interface ModelMeta {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: number;
  readonly kind: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly featureNames: readonly string[];
  readonly window: number;
  readonly scaler: Readonly<Record<string, unknown>> | null;
  /** Backend the model was trained on. */
  readonly backend: string;
  readonly packageVersion: string;
  readonly seed: number;
  /** Model-specific state, e.g. the FNN's input summary and its standardisation. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Version of this package, from its package.json (two levels above src/neural and dist/neural). */
export async function packageVersion(): Promise<string> {
  const text = await readFile(path.join(__dirname, '..', '..', 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function joinWeights(data: TfModule.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    joined.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return joined;
}

/**
 * A tfjs IOHandler that saves a layers model's topology and weights to `dir` (files written to
 * `staging` first when given) and loads them back — tfjs without tfjs-node has no file:// handler.
 */
export function fileIOHandler(dir: string, staging = dir): TfModule.io.IOHandler {
  return {
    async save(artifacts) {
      const weights = joinWeights(artifacts.weightData);
      const topology = { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs ?? [], weightsFile: WEIGHTS_FILE };
      await writeFile(path.join(staging, WEIGHTS_FILE), weights);
      await writeFile(path.join(staging, TOPOLOGY_FILE), JSON.stringify(topology));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(topology.weightSpecs).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load() {
      const topologyPath = path.join(dir, TOPOLOGY_FILE);
      const topology = JSON.parse(await readModelFile(topologyPath, 'utf8')) as {
        modelTopology: TfModule.io.ModelArtifacts['modelTopology'];
        weightSpecs: TfModule.io.WeightsManifestEntry[];
      };
      const bytes = await readModelFile(path.join(dir, WEIGHTS_FILE));
      const expected = topology.weightSpecs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
      if (bytes.byteLength !== expected) {
        throw new ModelError('bad-model-dir', `${path.join(dir, WEIGHTS_FILE)}: ${bytes.byteLength} bytes, the topology needs ${expected}`, WEIGHTS_FILE);
      }
      const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return { modelTopology: topology.modelTopology, weightSpecs: topology.weightSpecs, weightData };
    },
  };
}

async function readModelFile(file: string): Promise<Buffer>;
async function readModelFile(file: string, encoding: 'utf8'): Promise<string>;
async function readModelFile(file: string, encoding?: 'utf8'): Promise<Buffer | string> {
  try {
    return encoding === undefined ? await readFile(file) : await readFile(file, encoding);
  } catch (error) {
    throw new ModelError('bad-model-dir', `${file}: cannot read model file (${(error as Error).message})`, file, { cause: error });
  }
}

/**
 * Writes a model directory: `writeWeights` saves the network through the IOHandler it is given,
 * then model.json is written; all files are staged in a temporary directory inside `dir` and
 * renamed into place, model.json last.
 */
export async function writeModelDir(
  dir: string,
  meta: ModelMeta,
  writeWeights: (handler: TfModule.io.IOHandler) => Promise<unknown>,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const staging = await mkdtemp(path.join(dir, '.staging-'));
  try {
    await writeWeights(fileIOHandler(dir, staging));
    await writeFile(path.join(staging, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
    for (const file of [WEIGHTS_FILE, TOPOLOGY_FILE, META_FILE]) await rename(path.join(staging, file), path.join(dir, file));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Reads and checks model.json of `dir`: format, format version and kind. */
export async function readModelMeta(dir: string, kind: string): Promise<ModelMeta> {
  const file = path.join(dir, META_FILE);
  let meta: Partial<ModelMeta>;
  try {
    meta = JSON.parse(await readModelFile(file, 'utf8')) as Partial<ModelMeta>;
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new ModelError('bad-model-dir', `${file}: not valid JSON (${(error as Error).message})`, file, { cause: error });
  }
  if (meta.format !== MODEL_FORMAT) {
    throw new ModelError('bad-model-dir', `${file}: not a fluxscale model (format ${JSON.stringify(meta.format)})`, file);
  }
  if (meta.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new ModelError(
      'bad-model-dir',
      `${file}: model directory format version ${JSON.stringify(meta.formatVersion)}, this @fluxscale/models reads version ${MODEL_FORMAT_VERSION} only`,
      file,
    );
  }
  if (meta.kind !== kind) {
    throw new ModelError('bad-model-dir', `${file}: holds a '${String(meta.kind)}' model, not '${kind}'`, file);
  }
  const complete =
    typeof meta.params === 'object' &&
    Array.isArray(meta.featureNames) &&
    Number.isInteger(meta.window) &&
    Number.isInteger(meta.seed) &&
    typeof meta.backend === 'string';
  if (!complete) throw new ModelError('bad-model-dir', `${file}: missing or malformed params, featureNames, window, seed or backend`, file);
  return meta as ModelMeta;
}
