/**
 * What LASSO, SVR and RF share: they train on the window summary matrix of a source, predict from
 * it, and save to / load from a model directory. Subclasses implement the matrix-level parts.
 */
import type { WindowSource } from '@fluxscale/data';
import { ModelError } from '../errors.js';
import { damagedModel } from '../model-header.js';
import type { FitOptions, FitReport, Params, Regressor } from '../regressor.js';
import { assertFiniteSummary, assertFiniteTargets, predictionSummary, trainingSummary, type InputSignature } from './features.js';
import type { WindowSummary } from './summary.js';
import { writeModelDir, type SavedModel, type WeightArray } from './model-dir.js';

/** The summary matrix handed to a subclass: row-major [rows, cols]. */
export interface SummaryMatrix {
  readonly x: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** What a subclass's fit reports back. */
export interface MatrixFitResult {
  /** Training MSE in target units. */
  readonly loss: number;
  readonly notes?: Readonly<Record<string, number | string>>;
}

/** What a subclass's fitted state serialises to. */
export interface MatrixState {
  readonly state: Readonly<Record<string, unknown>>;
  readonly arrays: Readonly<Record<string, WeightArray>>;
}

/** Input signature and scaler of the training source. */
export interface TrainedSignature extends InputSignature {
  readonly scaler: Readonly<Record<string, unknown>> | null;
}

/**
 * What a model of engine 'summary' offers besides `Regressor`: fitting and predicting on a window
 * summary computed once (hyper-parameter search reuses one summary across folds and trials).
 */
export interface SummaryFitting {
  /** Fits on `summariseWindows` of a source with the given feature names, window and scaler. */
  fitSummary(summary: WindowSummary, input: TrainedSignature, options?: FitOptions): Promise<FitReport>;
  /** Predicts one value per summary row (the columns the model was trained on). */
  predictSummary(summary: WindowSummary): Float32Array;
}

/** Base class of the summary-feature baselines. */
export abstract class SummaryRegressor implements Regressor, SummaryFitting {
  private signature: (TrainedSignature & { readonly cols: number }) | null = null;

  protected constructor(
    readonly kind: string,
    readonly params: Params,
    protected readonly seed: number,
  ) {}

  /** Fits the model to a summary matrix and targets. */
  protected abstract fitMatrix(data: SummaryMatrix, y: Float32Array, options: FitOptions): Promise<MatrixFitResult>;
  /** Predicts one value per row of a summary matrix. */
  protected abstract predictMatrix(data: SummaryMatrix): Float64Array;
  /** The fitted state, for saving. */
  protected abstract exportState(): MatrixState;

  async fit(train: WindowSource, options: FitOptions = {}): Promise<FitReport> {
    const started = performance.now();
    options.signal?.throwIfAborted();
    if (options.warmStart !== undefined) throw new ModelError('bad-param', `${this.kind}: a summary baseline is fitted in closed form or from scratch and takes no warm start`, 'warmStart');
    const report = await this.fitSummary(trainingSummary(train), { featureNames: train.featureNames, window: train.window, scaler: train.scaler }, options);
    return { ...report, seconds: (performance.now() - started) / 1000 };
  }

  /**
   * Fits on an already computed summary (`summariseWindows` of a source with the given feature
   * names, window and scaler), e.g. to reuse one summary for several models; `fit` summarises and
   * calls this. Targets must be finite.
   */
  async fitSummary(summary: WindowSummary, input: TrainedSignature, options: FitOptions = {}): Promise<FitReport> {
    const started = performance.now();
    if (summary.rows === 0) throw new ModelError('empty-input', 'the training summary has no rows');
    if (summary.x.length !== summary.rows * summary.cols || summary.y.length !== summary.rows) {
      throw new ModelError('bad-input', `summary arrays do not match its shape [${summary.rows}, ${summary.cols}]`);
    }
    assertFiniteTargets(summary.y);
    assertFiniteSummary(summary);
    this.signature = null;
    const result = await this.fitMatrix(summary, summary.y, options);
    this.signature = { featureNames: [...input.featureNames], window: input.window, scaler: input.scaler, cols: summary.cols };
    options.onProgress?.({ epoch: 1, epochs: 1, loss: result.loss });
    const report: FitReport = { epochs: 1, loss: result.loss, seconds: (performance.now() - started) / 1000 };
    return result.notes ? { ...report, notes: result.notes } : report;
  }

  async predict(source: WindowSource): Promise<Float32Array> {
    return this.predictSummary(predictionSummary(source, this.requireFitted('predict')));
  }

  /** Predicts from an already computed summary with the columns the model was trained on. */
  predictSummary(summary: WindowSummary): Float32Array {
    const { cols } = this.requireFitted('predict');
    if (summary.cols !== cols) throw new ModelError('bad-input', `summary has ${summary.cols} columns, the model was trained on ${cols}`, 'cols');
    assertFiniteSummary(summary);
    return Float32Array.from(this.predictMatrix(summary));
  }

  async save(dir: string): Promise<void> {
    const signature = this.requireFitted('save');
    const { state, arrays } = this.exportState();
    const { featureNames, window, scaler, cols } = signature;
    writeModelDir(dir, { kind: this.kind, params: this.params, featureNames, window, scaler, state: { ...state, cols }, arrays });
  }

  /** Restores the input signature of a loaded model (the subclass restores its own state). */
  protected restoreSignature(saved: SavedModel): void {
    const cols = saved.state.cols;
    if (typeof cols !== 'number' || !Number.isInteger(cols)) throw damagedModel('model.json', 'no integer state.cols');
    this.signature = { featureNames: saved.featureNames, window: saved.window, scaler: saved.scaler, cols };
  }

  private requireFitted(action: string): TrainedSignature & { readonly cols: number } {
    if (this.signature === null) throw new ModelError('not-fitted', `${action} called on a ${this.kind} model that has not been fitted`);
    return this.signature;
  }
}
