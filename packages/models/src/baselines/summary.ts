/**
 * Window summary features: what the non-sequence models (LASSO, SVR, RF, FNN) see of an input
 * window. Each dynamic feature (a driver) becomes its value on the last day plus its means over the
 * last 7, 30, 90 and 365 days (spans capped by the window length, duplicates dropped); the calendar
 * and site features (doy_sin, doy_cos, lat, lon) appear once, with their last-day value.
 */
import type { WindowSource } from '@fluxscale/data';
import { ModelError } from '../errors.js';

/** Trailing spans (days) over which each dynamic feature is averaged. */
export const SUMMARY_SPANS: readonly number[] = [7, 30, 90, 365];

/** Features that are summarised by their last-day value only (calendar and site position). */
export const STATIC_FEATURES: readonly string[] = ['doy_sin', 'doy_cos', 'lat', 'lon'];

/** Samples per batch requested from a source while summarising. */
const SUMMARY_BATCH = 512;

/** Summary features of a set of windows. */
export interface WindowSummary {
  /** Summary features, row-major [rows, cols] (units of the source's features). */
  readonly x: Float64Array;
  /** Target of each row (the source's target units). */
  readonly y: Float32Array;
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of summary features per row. */
  readonly cols: number;
  /** Summary feature names, e.g. `TA_F:last`, `TA_F:mean30`, `doy_sin`. */
  readonly names: readonly string[];
}

/** The averaging spans used for a window of `window` days: SUMMARY_SPANS capped at `window`, unique. */
export function summarySpans(window: number): number[] {
  return [...new Set(SUMMARY_SPANS.map((span) => Math.min(span, window)))];
}

/** Names of the summary features of windows of `window` days over the daily features `featureNames`. */
export function summaryNames(featureNames: readonly string[], window: number): string[] {
  const spans = summarySpans(window);
  const names: string[] = [];
  for (const name of featureNames) {
    if (STATIC_FEATURES.includes(name)) names.push(name);
    else names.push(`${name}:last`, ...spans.map((span) => `${name}:mean${span}`));
  }
  return names;
}

/**
 * Summarises the windows of `source` (all samples, or those at `indices`, in that order): for each
 * dynamic feature the last-day value and the trailing means over `summarySpans(window)` days,
 * computed from backward running sums over each window (one pass over its last max-span days); static features once.
 * Throws a `ModelError` ('bad-input') naming the feature when a window holds NaN or Infinity.
 */
export function summariseWindows(source: WindowSource, indices?: ArrayLike<number>): WindowSummary {
  const window = source.window;
  const features = source.featureNames.length;
  const spans = summarySpans(window);
  const names = summaryNames(source.featureNames, window);
  const isStatic = source.featureNames.map((name) => STATIC_FEATURES.includes(name));
  const dynamic = Int32Array.from(source.featureNames.keys()).filter((f) => !isStatic[f]);
  const column = new Int32Array(features);
  for (let f = 1; f < features; f++) column[f] = column[f - 1] + (isStatic[f - 1] ? 1 : 1 + spans.length);
  const sums = new Float64Array(dynamic.length);
  const rows = indices ? indices.length : source.size;
  const cols = names.length;
  const x = new Float64Array(rows * cols);
  const y = new Float32Array(rows);
  const chunk = new Int32Array(Math.min(SUMMARY_BATCH, Math.max(rows, 1)));
  for (let start = 0; start < rows; start += chunk.length) {
    const size = Math.min(chunk.length, rows - start);
    const ids = chunk.subarray(0, size);
    for (let i = 0; i < size; i++) ids[i] = indices ? indices[start + i] : start + i;
    const batch = source.batch(ids);
    if (batch.window !== window || batch.features !== features || batch.size !== size) {
      throw new ModelError('bad-input', `source batch has shape [${batch.size}, ${batch.window}, ${batch.features}], expected [${size}, ${window}, ${features}]`);
    }
    const bx = batch.x;
    for (let i = 0; i < size; i++) {
      const row = (start + i) * cols;
      const base = i * window * features;
      const lastDay = base + (window - 1) * features;
      for (let f = 0; f < features; f++) {
        const last = bx[lastDay + f];
        if (!Number.isFinite(last)) throw nonFinite(source.featureNames[f], ids[i]);
        x[row + column[f]] = last;
      }
      sums.fill(0);
      let day = 0;
      for (let k = 0; k < spans.length; k++) {
        const span = spans[k];
        for (; day < span; day++) {
          const offset = base + (window - 1 - day) * features;
          for (let d = 0; d < dynamic.length; d++) sums[d] += bx[offset + dynamic[d]];
        }
        for (let d = 0; d < dynamic.length; d++) x[row + column[dynamic[d]] + 1 + k] = sums[d] / span;
      }
      for (let d = 0; d < dynamic.length; d++) {
        if (!Number.isFinite(sums[d])) throw nonFinite(source.featureNames[dynamic[d]], ids[i]);
      }
      y[start + i] = batch.y[i];
    }
  }
  return { x, y, rows, cols, names };
}

function nonFinite(feature: string, sample: number): ModelError {
  return new ModelError('bad-input', `feature '${feature}' is NaN or infinite in the window of sample ${sample}`, feature);
}
