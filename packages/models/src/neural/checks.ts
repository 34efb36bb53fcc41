/**
 * Input validation at the edge of the neural models: finite values, batch and source shapes that
 * match what the model was built for. Each failure is a `ModelError` ('bad-input' / 'empty-input').
 */
import type { WindowBatch, WindowSource } from '@fluxscale/data';
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

/** Throws unless `batch` is [size, window, features] of `shape` and holds `expectedSize` samples. */
export function assertBatchShape(kind: string, batch: WindowBatch, shape: InputShape, expectedSize: number): void {
  const features = shape.featureNames.length;
  const consistent =
    batch.size === expectedSize &&
    batch.window === shape.window &&
    batch.features === features &&
    batch.x.length === batch.size * batch.window * batch.features &&
    batch.y.length === batch.size;
  if (!consistent) {
    throw new ModelError(
      'bad-input',
      `${kind}: batch shape mismatch: got ${batch.size} samples × ${batch.window} days × ${batch.features} features ` +
        `(x ${batch.x.length} values, y ${batch.y.length}), expected ${expectedSize} × ${shape.window} × ${features}`,
      'batch',
    );
  }
}

/**
 * Throws on the first NaN or ±Infinity in the window inputs `x` ([size, window, features]), naming
 * the sample, day of the window and feature.
 */
export function assertFiniteInputs(kind: string, x: Float32Array, shape: InputShape, sampleIndex: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      const features = shape.featureNames.length;
      const sample = Math.floor(i / (shape.window * features));
      const day = Math.floor(i / features) % shape.window;
      const feature = shape.featureNames[i % features];
      throw new ModelError(
        'bad-input',
        `${kind}: non-finite input ${x[i]} in sample ${sampleIndex[sample]}, window day ${day}, feature '${feature}'`,
        feature,
      );
    }
  }
}

/** Throws on the first NaN or ±Infinity among training targets `y`. */
export function assertFiniteTargets(kind: string, y: Float32Array, sampleIndex: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new ModelError('bad-input', `${kind}: non-finite target ${y[i]} in sample ${sampleIndex[i]}`, 'target');
  }
}
