/**
 * Input windows of the models to explain, and batched evaluation of a model over streams of windows
 * built on the fly (so that n × samples interpolated windows are never held in memory at once).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidParameterError } from '../metrics/errors.js';

/**
 * The model to explain: maps a batch of input windows [batch, window, features] to one output per
 * window ([batch] or [batch, 1]). Must be differentiable with tf.grad for GradientSHAP (a
 * tf.LayersModel's `predict` or `apply` is). The gradients of its ops must be registered, as
 * @tensorflow/tfjs-layers and the all-in-one @tensorflow/tfjs do when they load.
 */
export type ExplainedModel = (x: tf.Tensor3D) => tf.Tensor;

/** Row-major windows [n, window, features]. */
export interface WindowArray {
  readonly x: Float32Array;
  readonly n: number;
  readonly window: number;
  readonly features: number;
}

/** Windows as {@link WindowArray} or as a WindowBatch of @fluxscale/data ({x, y, size, window, features}). */
export type WindowInput = WindowArray | { readonly x: Float32Array; readonly size: number; readonly window: number; readonly features: number };

/** Validates windows given as a WindowArray or a WindowBatch and returns them as a WindowArray (no copy). */
export function toWindowArray(input: WindowInput, parameter: string): WindowArray {
  if (input === null || typeof input !== 'object' || !(input.x instanceof Float32Array)) {
    throw new InvalidParameterError(parameter, 'expected {x: Float32Array, n (or size), window, features}');
  }
  const n = 'n' in input ? input.n : input.size;
  const { window, features } = input;
  for (const [name, value] of [['n', n], ['window', window], ['features', features]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidParameterError(`${parameter}.${name}`, `must be a positive integer, got ${value}`);
  }
  if (input.x.length !== n * window * features) {
    throw new InvalidParameterError(`${parameter}.x`, `length ${input.x.length} is not n·window·features = ${n}·${window}·${features}`);
  }
  for (let i = 0; i < input.x.length; i++) {
    if (!Number.isFinite(input.x[i])) throw new InvalidParameterError(`${parameter}.x`, `non-finite value at index ${i}`);
  }
  return { x: input.x, n, window, features };
}

/** Checks that an option is a positive integer (or absent, then returns the default). */
export function positiveInteger(value: number | undefined, fallback: number, parameter: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new InvalidParameterError(parameter, `must be a positive integer, got ${v}`);
  return v;
}

/** A stream of `total` rows, each a [window, features] input built into a batch buffer on request. */
export interface RowStream {
  readonly total: number;
  readonly window: number;
  readonly features: number;
  /** Writes row `row` of the stream into `target` (length window·features). */
  fill(row: number, target: Float32Array): void;
}

/**
 * Evaluates `evaluate` on the rows of a stream, `batchSize` rows at a time (inside tf.tidy), and hands each
 * batch's result values to `consume` with the index of its first row. `evaluate` must return a tensor with
 * `size` values per row.
 */
export async function runBatches(
  stream: RowStream,
  batchSize: number,
  evaluate: (x: tf.Tensor3D) => tf.Tensor,
  size: number,
  consume: (values: Float32Array, firstRow: number, rows: number) => void,
): Promise<void> {
  const rowLength = stream.window * stream.features;
  const buffer = new Float32Array(Math.min(batchSize, stream.total) * rowLength);
  for (let first = 0; first < stream.total; first += batchSize) {
    const rows = Math.min(batchSize, stream.total - first);
    for (let r = 0; r < rows; r++) stream.fill(first + r, buffer.subarray(r * rowLength, (r + 1) * rowLength));
    const result = tf.tidy(() => {
      const input = tf.tensor3d(buffer.subarray(0, rows * rowLength), [rows, stream.window, stream.features]);
      return evaluate(input);
    });
    try {
      if (result.size !== rows * size) {
        throw new InvalidParameterError('model', `returned ${result.size} values for a batch of ${rows} windows, expected ${rows * size} (output shape [batch] or [batch, 1])`);
      }
      consume((await result.data()) as Float32Array, first, rows);
    } finally {
      result.dispose();
    }
  }
}

/** Model outputs, one per row of the stream (model units). */
export async function predictRows(model: ExplainedModel, stream: RowStream, batchSize: number): Promise<Float64Array> {
  const out = new Float64Array(stream.total);
  await runBatches(stream, batchSize, model, 1, (values, first, rows) => {
    for (let r = 0; r < rows; r++) out[first + r] = values[r];
  });
  return out;
}

/** The windows themselves as a row stream. */
export function windowRows(windows: WindowArray): RowStream {
  const rowLength = windows.window * windows.features;
  return {
    total: windows.n,
    window: windows.window,
    features: windows.features,
    fill: (row, target) => target.set(windows.x.subarray(row * rowLength, (row + 1) * rowLength)),
  };
}
