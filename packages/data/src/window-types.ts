/**
 * The contract between @fluxscale/data (which builds samples) and @fluxscale/models (which trains on
 * them). A sample is one target day with the input window of days ending on it; windows are never
 * materialised all at once, a source serves them in batches on request.
 */

/** One batch of samples: `x` is row-major [size, window, features], `y` is [size]. */
export interface WindowBatch {
  /** Inputs, row-major [size, window, features]. */
  readonly x: Float32Array;
  /** Targets, one per sample. */
  readonly y: Float32Array;
  /** Number of samples in the batch. */
  readonly size: number;
  /** Days per input window. */
  readonly window: number;
  /** Features per day. */
  readonly features: number;
}

/** A lazily windowed set of samples (e.g. the training part of one ecosystem group). */
export interface WindowSource {
  /** Number of samples. */
  readonly size: number;
  /** Days per input window. */
  readonly window: number;
  /** Feature names, in the order of the last axis of `x`. */
  readonly featureNames: readonly string[];
  /** Site index (into `siteIds`) of each sample. */
  readonly sampleSite: Int32Array;
  /** Target day of each sample, as days since 1970-01-01 (UTC). */
  readonly sampleDay: Int32Array;
  /** Site ids, indexed by `sampleSite`. */
  readonly siteIds: readonly string[];
  /** JSON description of the standardisation already applied to x and y (null if none), stored with trained models. */
  readonly scaler: Readonly<Record<string, unknown>> | null;
  /** Builds the batch of the given sample indices, in that order. */
  batch(indices: ArrayLike<number>): WindowBatch;
  /** The subset of samples at the given indices, as a source of its own (no copy of data). */
  subset(indices: ArrayLike<number>): WindowSource;
}
