/**
 * Feeds summarised windows to a dense network. The summary is the baselines' `summariseWindows`
 * (so the FNN sees what LASSO, SVR and RF see); each summary column is standardised with the mean
 * and standard deviation of the training samples. Summaries are kept for the whole set (a few dozen
 * numbers per sample); the windows behind them are built batch by batch and dropped.
 */
import type { WindowSource } from '@fluxscale/data';
import type { Tf } from '../backend/index.js';
import { summariseWindows } from '../baselines/index.js';
import { ModelError } from '../errors.js';
import { assertFiniteTargets } from './checks.js';
import type { SampleFeed } from './feed.js';

/** Column standardisation of the summary, fitted on training samples. */
export interface SummaryScaling {
  readonly names: readonly string[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Summaries [n, m] (float32) and targets of the samples at `indices` of `source` (all when null). */
export function summarise(
  kind: string,
  source: WindowSource,
  indices: Int32Array | null,
  withTargets: boolean,
): { x: Float32Array; y: Float32Array; names: readonly string[] } {
  const summary = indices === null ? summariseWindows(source) : summariseWindows(source, indices);
  if (withTargets) assertFiniteTargets(kind, summary.y, indices ?? new Int32Array(summary.rows).map((_, i) => i));
  return { x: Float32Array.from(summary.x), y: summary.y, names: summary.names };
}

/** Per-column mean and standard deviation (1 where a column is constant) of summaries `x` [n, m]. */
export function fitScaling(x: Float32Array, names: readonly string[]): SummaryScaling {
  const m = names.length;
  const n = x.length / m;
  const mean = new Float64Array(m);
  const sq = new Float64Array(m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) mean[j] += x[i * m + j];
  for (let j = 0; j < m; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sq[j] += (x[i * m + j] - mean[j]) ** 2;
  const std = Array.from(sq, (s) => {
    const sd = Math.sqrt(s / n);
    return sd > 1e-12 ? sd : 1;
  });
  return { names: [...names], mean: Array.from(mean), std };
}

/** A summarised sample set, as `summarise` returns it. */
export type Summaries = ReturnType<typeof summarise>;

/**
 * A feed of the standardised `summaries` (standardised in place); throws if their columns differ
 * from those `scaling` was fitted on.
 */
export function summaryFeed(tf: Tf, kind: string, summaries: Summaries, scaling: SummaryScaling, withTargets: boolean): SampleFeed {
  const { x, y, names } = summaries;
  if (names.join(',') !== scaling.names.join(',')) {
    throw new ModelError('bad-input', `${kind}: window summary columns [${names.join(', ')}] differ from the model's [${scaling.names.join(', ')}]`, 'summary');
  }
  const m = names.length;
  for (let k = 0; k < x.length; k++) x[k] = (x[k] - scaling.mean[k % m]) / scaling.std[k % m];
  const size = x.length / m;
  return {
    size,
    samples: size,
    take(positions) {
      const rows = new Float32Array(positions.length * m);
      const targets = new Float32Array(positions.length);
      for (let r = 0; r < positions.length; r++) {
        rows.set(x.subarray(positions[r] * m, (positions[r] + 1) * m), r * m);
        targets[r] = withTargets ? y[positions[r]] : Number.NaN;
      }
      return { x: tf.tensor2d(rows, [positions.length, m]), y: targets, targets: 1, slotSamples: positions };
    },
  };
}
