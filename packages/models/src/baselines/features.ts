/**
 * Turning a window source into the summary matrix a baseline trains on or predicts from, and
 * standardising its columns.
 */
import type { WindowSource } from '@fluxscale/data';
import { ModelError } from '../errors.js';
import { summariseWindows, type WindowSummary } from './summary.js';

/** What a fitted baseline remembers about its inputs. */
export interface InputSignature {
  readonly featureNames: readonly string[];
  readonly window: number;
}

/** Summarises a training source; rejects an empty source and non-finite features. */
export function trainingSummary(source: WindowSource): WindowSummary {
  if (source.size === 0) throw new ModelError('empty-input', 'the training source has no samples');
  return summariseWindows(source);
}

/** Rejects non-finite targets, naming the first offending sample. */
export function assertFiniteTargets(y: Float32Array): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new ModelError('bad-input', `target is NaN or infinite for sample ${i}`, 'target');
  }
}

/** Rejects NaN or infinite summary features, naming the first offending column. */
export function assertFiniteSummary(summary: WindowSummary): void {
  for (let k = 0; k < summary.x.length; k++) {
    if (!Number.isFinite(summary.x[k])) {
      const name = summary.names[k % summary.cols] ?? `column ${k % summary.cols}`;
      throw new ModelError('bad-input', `summary feature '${name}' is NaN or infinite in row ${Math.floor(k / summary.cols)}`, name);
    }
  }
}

/** Summarises a source to predict from, after checking it has the features and window of training. */
export function predictionSummary(source: WindowSource, trained: InputSignature): WindowSummary {
  const names = source.featureNames;
  if (source.window !== trained.window) {
    throw new ModelError('bad-input', `source windows have ${source.window} days, the model was trained on ${trained.window}`, 'window');
  }
  if (names.length !== trained.featureNames.length || names.some((name, i) => name !== trained.featureNames[i])) {
    throw new ModelError('bad-input', `source features [${names.join(', ')}] differ from the trained features [${trained.featureNames.join(', ')}]`, 'featureNames');
  }
  return summariseWindows(source);
}

/** Column means and scales (population SD; 1 for a constant column) of a row-major matrix. */
export interface Standardiser {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/** Fits a standardiser to the columns of `x` ([rows, cols], row-major). */
export function fitStandardiser(x: Float64Array, rows: number, cols: number): Standardiser {
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += x[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = x[i * cols + j] - mean[j];
      scale[j] += d * d;
    }
  }
  for (let j = 0; j < cols; j++) {
    const sd = Math.sqrt(scale[j] / rows);
    scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1;
  }
  return { mean, scale };
}

/** Returns (x − mean) / scale column by column, as a new row-major matrix. */
export function standardise(x: Float64Array, cols: number, s: Standardiser): Float64Array {
  const z = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const j = k % cols;
    z[k] = (x[k] - s.mean[j]) / s.scale[j];
  }
  return z;
}

/** Mean squared difference between predictions and targets. */
export function meanSquaredError(predicted: ArrayLike<number>, target: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < target.length; i++) {
    const d = predicted[i] - target[i];
    sum += d * d;
  }
  return sum / target.length;
}
