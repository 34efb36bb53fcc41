/**
 * The on-disk model directory: model.json (what the model is: kind, params, inputs, scaler,
 * backend, versions, seed), topology.json (the tfjs layers topology and weight manifest) and
 * weights.bin (the weights, little-endian float32). Files are written to a temporary directory
 * beside them and renamed into place one by one, model.json last, so that a reader never sees a
 * model.json whose weights are not complete.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as TfModule from '../tfjs.js';
import { readFileBytes } from '@fluxscale/util';
import { damagedModel, modelReadFailure, readModelFileJson, readModelJson, REFIT, type ModelHeader } from '../model-header.js';

const META_FILE = 'model.json';
const TOPOLOGY_FILE = 'topology.json';
const WEIGHTS_FILE = 'weights.bin';

/** Contents of model.json. */
export interface ModelMeta extends ModelHeader {
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly featureNames: readonly string[];
  readonly window: number;
  readonly scaler: Readonly<Record<string, unknown>> | null;
  /** Backend the model was trained on. */
  readonly backend: string;
  readonly seed: number;
  /** Model-specific state, e.g. the FNN's input summary and its standardisation. */
  readonly extra?: Readonly<Record<string, unknown>>;
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
      const topology = readModelFileJson<{
        modelTopology: TfModule.io.ModelArtifacts['modelTopology'];
        weightSpecs: TfModule.io.WeightsManifestEntry[];
      }>(topologyPath);
      if (!Array.isArray(topology?.weightSpecs)) throw damagedModel(topologyPath, 'no weightSpecs list');
      const weightsPath = path.join(dir, WEIGHTS_FILE);
      const bytes = readFileBytes(weightsPath, REFIT, modelReadFailure);
      const expected = topology.weightSpecs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
      if (bytes.byteLength !== expected) throw damagedModel(weightsPath, `${bytes.byteLength} bytes, the topology needs ${expected}`);
      const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return { modelTopology: topology.modelTopology, weightSpecs: topology.weightSpecs, weightData };
    },
  };
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

/** Reads and checks model.json of `dir`: format, format version, kind and the network's fields. */
export async function readModelMeta(dir: string, kind: string): Promise<ModelMeta> {
  const file = path.join(dir, META_FILE);
  const meta = (await readModelJson(file, kind)) as Partial<ModelMeta>;
  const complete =
    typeof meta.params === 'object' &&
    Array.isArray(meta.featureNames) &&
    Number.isInteger(meta.window) &&
    Number.isInteger(meta.seed) &&
    typeof meta.backend === 'string';
  if (!complete) throw damagedModel(file, 'missing or malformed params, featureNames, window, seed or backend');
  return meta as ModelMeta;
}
