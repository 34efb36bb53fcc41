/**
 * What a neural model's training loop is fed: items (windows or chunks of consecutive samples) served
 * as tensors, batch by batch, each with the targets of its last outputs.
 */
import type * as TfModule from '../tfjs.js';
import type { Rng } from '@fluxscale/util';

type Tensor = TfModule.Tensor;

/** Network inputs of some items of a feed with the targets of their last `targets` outputs each. */
export interface FeedBatch {
  readonly x: Tensor;
  /** Targets, row-major [items, targets]: target k of an item is compared with its output k of the last `targets`. */
  readonly y: Float32Array;
  /** Target slots per item (1 for windows). */
  readonly targets: number;
  /** Feed sample (0 … samples − 1) of each target slot, laid out like `y`; −1 where a slot counts neither in the loss nor as a prediction. */
  readonly slotSamples: Int32Array;
}

/** A set of samples served as tensors, batch by batch, as `size` items (windows or chunks). */
export interface SampleFeed {
  /** Items (network inputs) in the feed. */
  readonly size: number;
  /** Samples the items predict, each exactly once (= size for windows). */
  readonly samples: number;
  /** Network inputs and targets of the items at `positions` (0 … size-1) of this feed. */
  take(positions: Int32Array): FeedBatch;
  /** Re-tiles a training feed for the next epoch with draws from `rng` (size may change); feeds without it keep their items. */
  nextEpoch?(rng: Rng): void;
}
