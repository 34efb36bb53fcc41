/**
 * One interface for every model fluxscale trains (LSTM, FNN, LASSO, SVR, RF): fit on a lazily
 * windowed sample source, predict, save to and load from a model directory.
 */
import type { WindowSource } from '@fluxscale/data';
import type { Params, ParamSchema } from './params.js';

export type { Params } from './params.js';

/** Progress of one training epoch (neural models) or one stage (baselines). */
export interface FitProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly valLoss?: number;
}

/** Options of `Regressor.fit`. */
export interface FitOptions {
  /** Samples for early stopping (neural models); ignored by models that do not use it. */
  readonly validation?: WindowSource;
  /** Aborts training between batches / trees; `fit` then rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** Called after each epoch or stage. */
  readonly onProgress?: (progress: FitProgress) => void;
  /**
   * A fitted (or loaded) model of the same kind and input shape whose weights replace the fresh
   * initialisation: a warm start. Only models whose registry entry has `warmStarts` accept it.
   */
  readonly warmStart?: Regressor;
}

/** What `fit` reports back. */
export interface FitReport {
  /** Epochs run (neural models) or 1. */
  readonly epochs: number;
  /** Final training loss (MSE in standardised target units). */
  readonly loss: number;
  /** Best validation loss, where a validation set was given. */
  readonly valLoss?: number;
  /** Wall time of the fit, in seconds. */
  readonly seconds: number;
  /** Model-specific notes, e.g. the subsample cap SVR applied. */
  readonly notes?: Readonly<Record<string, number | string>>;
}

/** A trainable regression model over windowed samples. */
export interface Regressor {
  /** Registry name of the model: 'lstm', 'fnn', 'lasso', 'svr', 'rf'. */
  readonly kind: string;
  /** Hyper-parameters in force (defaults filled in). */
  readonly params: Params;
  /** Trains on `train`; resolves when done. Calling it again retrains from scratch. */
  fit(train: WindowSource, options?: FitOptions): Promise<FitReport>;
  /** Predicts one value per sample of `source`, in the (standardised) target units of training. */
  predict(source: WindowSource): Promise<Float32Array>;
  /** Writes weights, params, feature names, scaler, backend and package version to `dir`. */
  save(dir: string): Promise<void>;
}

/** A hyper-parameter search space: each entry draws one value from a seeded uniform(0,1) draw. */
export type SearchSpace = Readonly<Record<string, ParamRange>>;

/** The range of one hyper-parameter. */
export type ParamRange =
  | { readonly type: 'int'; readonly min: number; readonly max: number; readonly log?: boolean }
  | { readonly type: 'float'; readonly min: number; readonly max: number; readonly log?: boolean }
  | { readonly type: 'choice'; readonly values: readonly (number | string | boolean)[] };

/**
 * How a model computes: 'neural' = a TensorFlow.js network (needs a backend, may use a GPU);
 * 'summary' = a baseline on window summaries in plain TypeScript, whose models also fit and predict
 * on a ready-made summary (`SummaryFitting`; `checkModel` holds them to it).
 */
export type ModelEngine = 'neural' | 'summary';

/** Everything the registry knows about one model kind. */
export interface ModelSpec {
  readonly kind: string;
  /** What runs its fits: a TensorFlow.js network or plain TypeScript on window summaries. */
  readonly engine: ModelEngine;
  /** Whether its fits run the fused LSTM kernel, whose thread count then shapes its numbers. */
  readonly threaded: boolean;
  /** Its hyper-parameters: type, range and meaning of each. */
  readonly params: ParamSchema;
  /** Default hyper-parameters. */
  readonly defaults: Params;
  /** Default random-search space (after Besnard et al. 2019 for the neural models). */
  readonly space: SearchSpace;
  /**
   * What a fit with `params` trains on: 'windows' (any subset of the samples, e.g. every k-th day) or
   * 'runs' of consecutive days (every training day must be a sample: stride 1). Absent: 'windows'.
   */
  readonly sampling?: (params: Params) => 'windows' | 'runs';
  /**
   * Hyper-parameters (over the defaults) for a fit of seconds on a few hundred samples that still
   * runs every stage of training: what `checkModel` fits with. Absent: the defaults.
   */
  readonly quickParams?: Params;
  /** Whether its `fit` can start from another fitted model's weights (`FitOptions.warmStart`). */
  readonly warmStarts?: boolean;
  /** Creates an untrained model; unknown parameter names are an error. */
  create(params: Partial<Record<string, number | string | boolean>>, options: { seed: number }): Regressor;
  /** Loads a model saved by `Regressor.save`. */
  load(dir: string): Promise<Regressor>;
}
