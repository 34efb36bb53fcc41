/**
 * Input validation at the edge of the neural models: finite values, batch and source shapes that
 * match what the model was built for. Each failure is a `ModelError` ('bad-input' / 'empty-input').
 */
import type { ChunkBatch, WindowBatch, WindowSource } from '@fluxscale/data';
import { ModelError } from '../errors.js';

/** The input shape a model is built for. */
export interface InputShape {
  readonly window: number;
  readonly featureNames: readonly string[];
}

/** Throws unless `source` has samples. */
export function assertNotEmpty(kind: string, source: WindowSource, role: string): void {
  if (source.size === 0) throw new ModelError('empty-input', `${kind}: the ${role} set has no samples`, role);
}

/** Throws unless `source` has the window length and the feature names (same order) of `shape`. */
export function assertSameShape(kind: string, source: WindowSource, shape: InputShape, role: string): void {
  if (source.window !== shape.window) {
    throw new ModelError('bad-input', `${kind}: the ${role} set has windows of ${source.window} days, the model ${shape.window}`, 'window');
  }
  const given = source.featureNames.join(', ');
  const expected = shape.featureNames.join(', ');
  if (given !== expected) {
    throw new ModelError('bad-input', `${kind}: the ${role} set has features [${given}], the model [${expected}]`, 'featureNames');
  }
}

/**
 * Throws unless `batch` holds `expectedSize` items of `shape`: windows [size, window, features] with one
 * target each, or chunks [size, window + targets − 1, features] with `expectedTargets` targets each.
 */
export function assertBatchShape(kind: string, batch: WindowBatch | ChunkBatch, shape: InputShape, expectedSize: number, expectedTargets = 1): void {
  const features = shape.featureNames.length;
  const targets = 'targets' in batch ? batch.targets : 1;
  const steps = batch.window + targets - 1;
  const consistent =
    batch.size === expectedSize &&
    batch.window === shape.window &&
    targets === expectedTargets &&
    batch.features === features &&
    batch.x.length === batch.size * steps * batch.features &&
    batch.y.length === batch.size * targets;
  if (!consistent) {
    const perItem = expectedTargets === 1 ? '' : ` (${targets} targets per chunk, expected ${expectedTargets})`;
    throw new ModelError(
      'bad-input',
      `${kind}: batch shape mismatch: got ${batch.size} samples × ${batch.window} days × ${batch.features} features ` +
        `(x ${batch.x.length} values, y ${batch.y.length}), expected ${expectedSize} × ${shape.window} × ${features}${perItem}`,
      'batch',
    );
  }
}

/**
 * Throws on the first NaN or ±Infinity in the inputs `x` ([items, steps, features]), naming the feature
 * and, through `where(item, step)`, the sample and day.
 */
export function assertFiniteInputs(kind: string, x: Float32Array, featureNames: readonly string[], steps: number, where: (item: number, step: number) => string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      const features = featureNames.length;
      const feature = featureNames[i % features];
      const place = where(Math.floor(i / (steps * features)), Math.floor(i / features) % steps);
      throw new ModelError('bad-input', `${kind}: non-finite input ${x[i]} in ${place}, feature '${feature}'`, feature);
    }
  }
}

/** Throws on the first NaN or ±Infinity among training targets `y`. */
export function assertFiniteTargets(kind: string, y: Float32Array, sampleIndex: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new ModelError('bad-input', `${kind}: non-finite target ${y[i]} in sample ${sampleIndex[i]}`, 'target');
  }
}
