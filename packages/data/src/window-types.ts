/**
 * The contract between @fluxscale/data (which builds samples) and @fluxscale/models (which trains on
 * them). A sample is one target day with the input window of days ending on it; windows are never
 * materialised all at once, a source serves them in batches on request — one window per sample, or one
 * chunk per run of consecutive samples (a sequence model predicting every day of the run in one pass).
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

/**
 * One batch of chunks. A chunk is a run of `targets` samples of one site on consecutive days with the
 * inputs of the window − 1 days before its first target day: `x` is row-major
 * [size, window + targets − 1, features] (day d of a chunk is the input of its first target day − window + 1 + d),
 * `y` is [size, targets]. Target k of a chunk is the target of its day window − 1 + k.
 */
export interface ChunkBatch {
  /** Inputs, row-major [size, window + targets − 1, features]. */
  readonly x: Float32Array;
  /** Targets, row-major [size, targets]. */
  readonly y: Float32Array;
  /** Number of chunks in the batch. */
  readonly size: number;
  /** Days of warm-up plus one: the window of the chunk's first target. */
  readonly window: number;
  /** Target days per chunk. */
  readonly targets: number;
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
  /**
   * Builds the chunks whose first targets are the samples `firstSamples`: chunk k holds samples
   * firstSamples[k] … firstSamples[k] + targets − 1, which must be of one site on consecutive days.
   */
  chunks(firstSamples: ArrayLike<number>, targets: number): ChunkBatch;
  /** The subset of samples at the given indices, as a source of its own (no copy of data). */
  subset(indices: ArrayLike<number>): WindowSource;
}
