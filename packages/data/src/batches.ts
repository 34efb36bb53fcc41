/** Iteration over a window source in (optionally shuffled, seeded) batches. */
import { ConfigError } from './errors.js';
import { mulberry32, shuffleInPlace } from '@fluxscale/util';
import type { WindowBatch, WindowSource } from './window-types.js';

/** Options of {@link iterateBatches}. */
export interface BatchOptions {
  /** Samples per batch (the last batch may be smaller unless dropLast). */
  readonly batchSize: number;
  /** Visit samples in a seeded random order (default false: source order). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  readonly seed?: number;
  /** Drop a final batch smaller than batchSize (default false). */
  readonly dropLast?: boolean;
}

/**
 * Yields `{ indices, batch }` covering every sample of `source` once (one epoch), in source order or
 * in a permutation fixed by `seed`; each batch is built only when reached.
 */
export function* iterateBatches(source: WindowSource, options: BatchOptions): Generator<{ indices: Int32Array; batch: WindowBatch }> {
  const { batchSize, shuffle = false, seed = 0, dropLast = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError('batchSize', `must be an integer >= 1, got ${batchSize}`);
  const order = new Int32Array(source.size);
  for (let i = 0; i < order.length; i++) order[i] = i;
  if (shuffle) shuffleInPlace(order, mulberry32(seed));
  for (let start = 0; start < order.length; start += batchSize) {
    const indices = order.subarray(start, Math.min(order.length, start + batchSize));
    if (dropLast && indices.length < batchSize) break;
    yield { indices, batch: source.batch(indices) };
  }
}
