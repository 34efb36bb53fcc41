/**
 * A linear model on standardised summary features, ŷ = intercept + Σ_j w_j·(x_j − mean_j)/scale_j,
 * as LASSO and ridge fit it: prediction, the state it saves, and reading that state back.
 */
import { damagedModel } from '../model-header.js';
import { join } from 'node:path';
import type { Standardiser } from './features.js';
import { savedArray, type SavedModel } from './model-dir.js';
import type { MatrixState, SummaryMatrix } from './summary-regressor.js';

/** A fitted linear model: the feature standardiser, the weights on standardised features and the intercept (target units). */
export interface LinearState {
  readonly standardiser: Standardiser;
  readonly weights: Float64Array;
  readonly intercept: number;
}

/** The model's prediction for every row of a summary matrix (target units). */
export function predictLinear(data: SummaryMatrix, model: LinearState): Float64Array {
  const { mean, scale } = model.standardiser;
  const { weights } = model;
  const out = new Float64Array(data.rows);
  for (let i = 0; i < data.rows; i++) {
    let fit = model.intercept;
    for (let j = 0; j < data.cols; j++) fit += (weights[j] * (data.x[i * data.cols + j] - mean[j])) / scale[j];
    out[i] = fit;
  }
  return out;
}

/** The state a linear model saves: the intercept, the weights and the standardiser's means and scales. */
export function linearState(model: LinearState): MatrixState {
  return { state: { intercept: model.intercept }, arrays: { weights: model.weights, mean: model.standardiser.mean, scale: model.standardiser.scale } };
}

/** Reads a linear model's state back from a loaded model directory `dir`. */
export function readLinearState(saved: SavedModel, dir: string): LinearState {
  if (typeof saved.state.intercept !== 'number') throw damagedModel(join(dir, 'model.json'), 'no numeric state.intercept');
  return {
    weights: savedArray(saved, 'weights', Float64Array),
    standardiser: { mean: savedArray(saved, 'mean', Float64Array), scale: savedArray(saved, 'scale', Float64Array) },
    intercept: saved.state.intercept,
  };
}
