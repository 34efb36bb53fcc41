/**
 * What the LSTM and the FNN share behind the `Regressor` interface: input checks, the early-stopping
 * hold-out, training on the active TensorFlow.js backend, batched prediction, save and load.
 * A subclass says how samples become network inputs (an `InputEncoder`) and which network to build.
 */
import type { WindowSource } from '@fluxscale/data';
import { activeBackend, type Tf } from '../backend/index.js';
import type * as TfModule from '../tfjs.js';
import { ModelError } from '../errors.js';
import type { FitOptions, FitReport, Params, Regressor } from '../regressor.js';
import { assertNotEmpty, assertSameShape, type InputShape } from './checks.js';
import { damagedModel, modelHeader } from '../model-header.js';
import { fileIOHandler, readModelMeta, writeModelDir, type ModelMeta } from './model-dir.js';
import { asParams, type NeuralParams } from './params.js';
import { createRng, type Rng } from '@fluxscale/util';
import { registerSeededDropout } from './seeded-dropout.js';
import { holdOutLatest } from './split.js';
import type { StatefulFeed } from './stateful-feed.js';
import type { SampleFeed } from './feed.js';
import { predictFeed, trainNetwork } from './train.js';

/** Samples per forward pass in prediction and validation. */
const EVAL_BATCH_SIZE = 512;

/** Turns window samples into network inputs; fitted on the training part where it has state. */
export interface InputEncoder {
  /** A feed of the samples at `indices` of `source` (all, in order, when null). */
  feed(tf: Tf, source: WindowSource, indices: Int32Array | null, withTargets: boolean): SampleFeed;
  /** The feed training runs on, where it is not `feed` (e.g. a stateful one whose batches continue one another). */
  trainingFeed?(tf: Tf, source: WindowSource, indices: Int32Array): StatefulFeed;
  /** State to store in model.json (`extra`), if any. */
  readonly state?: Readonly<Record<string, unknown>>;
}

interface FittedNetwork {
  readonly tf: Tf;
  /** Backend the network was trained on (kept through save and load). */
  readonly backend: string;
  readonly network: TfModule.LayersModel;
  readonly shape: InputShape;
  readonly scaler: Readonly<Record<string, unknown>> | null;
  readonly encoder: InputEncoder;
}

/** Sets `network`'s weights to a warm start's, which must have the same shapes (the same architecture). */
function assignWarmStart(kind: string, network: TfModule.LayersModel, weights: readonly TfModule.Tensor[]): void {
  const own = network.getWeights();
  const same = own.length === weights.length && own.every((w, i) => w.shape.join('x') === weights[i]!.shape.join('x'));
  if (!same) {
    const shapes = (ws: readonly TfModule.Tensor[]) => ws.map((w) => `[${w.shape.join(', ')}]`).join(' ');
    throw new ModelError('bad-param', `${kind}: the warm start's weights (${shapes(weights)}) do not fit this network (${shapes(own)}): train both with the same architecture`, 'warmStart');
  }
  network.setWeights([...weights]);
}

/** Base of the TensorFlow.js regressors. */
export abstract class NeuralRegressor implements Regressor {
  abstract readonly kind: string;
  readonly params: Params;
  private fitted: FittedNetwork | null = null;

  protected constructor(
    protected readonly settings: NeuralParams,
    protected readonly seed: number,
  ) {
    this.params = asParams(settings);
  }

  /** The encoder fitted on the training samples at `indices` of `train`. */
  protected abstract fitEncoder(tf: Tf, train: WindowSource, indices: Int32Array): InputEncoder;
  /** The encoder as saved in model.json's `extra`. */
  protected abstract restoreEncoder(shape: InputShape, state: Readonly<Record<string, unknown>> | undefined): InputEncoder;
  /** The untrained network for inputs of `shape` as `encoder` encodes them. */
  protected abstract buildNetwork(tf: Tf, shape: InputShape, encoder: InputEncoder, rng: Rng): TfModule.LayersModel;

  /** Trains from scratch on `train`; early-stops on `options.validation` or on a per-site hold-out. */
  async fit(train: WindowSource, options: FitOptions = {}): Promise<FitReport> {
    const started = performance.now();
    assertNotEmpty(this.kind, train, 'training');
    const shape: InputShape = { window: train.window, featureNames: [...train.featureNames] };
    const { validation } = options;
    if (validation !== undefined) {
      assertNotEmpty(this.kind, validation, 'validation');
      assertSameShape(this.kind, validation, shape, 'validation');
    }
    const split =
      validation === undefined && this.settings.valFraction > 0
        ? holdOutLatest(train, this.settings.valFraction)
        : { train: new Int32Array(train.size).map((_, i) => i), validation: new Int32Array(0) };
    if (split.train.length === 0) {
      throw new ModelError('empty-input', `${this.kind}: no training samples left after holding out valFraction ${this.settings.valFraction}`, 'valFraction');
    }
    const { tf, name: backend } = await activeBackend();
    const rng = createRng(this.seed);
    const encoder = this.fitEncoder(tf, train, split.train);
    const trainFeed = encoder.trainingFeed?.(tf, train, split.train) ?? encoder.feed(tf, train, split.train, true);
    const validationFeed =
      validation !== undefined
        ? encoder.feed(tf, validation, null, true)
        : split.validation.length > 0
          ? encoder.feed(tf, train, split.validation, true)
          : null;
    const initial = options.warmStart === undefined ? null : this.warmStartWeights(options.warmStart, shape);
    this.release();
    const network = this.buildNetwork(tf, shape, encoder, rng);
    try {
      if (initial !== null) assignWarmStart(this.kind, network, initial);
      const outcome = await trainNetwork(
        tf,
        network,
        trainFeed,
        validationFeed,
        { ...this.settings, seed: rng.nextSeed(), evalBatchSize: EVAL_BATCH_SIZE },
        options,
      );
      this.fitted = { tf, backend, network, shape, scaler: train.scaler, encoder };
      return {
        epochs: outcome.epochs,
        loss: outcome.loss,
        ...(outcome.valLoss === undefined ? {} : { valLoss: outcome.valLoss }),
        seconds: (performance.now() - started) / 1000,
        notes: { backend, trainSamples: trainFeed.samples, validationSamples: validationFeed?.samples ?? 0 },
      };
    } catch (error) {
      network.dispose();
      throw error;
    }
  }

  /** The weights of `from`, checked to fit a network of this kind for inputs of `shape`. */
  private warmStartWeights(from: Regressor, shape: InputShape): TfModule.Tensor[] {
    if (!(from instanceof NeuralRegressor) || from.kind !== this.kind) {
      throw new ModelError('bad-param', `${this.kind}: a warm start needs a fitted ${this.kind}, got a ${from.kind}`, 'warmStart');
    }
    const source = from.requireFitted('a warm start');
    const same = source.shape.window === shape.window && source.shape.featureNames.join(',') === shape.featureNames.join(',');
    if (!same) {
      throw new ModelError(
        'bad-input',
        `${this.kind}: the warm start's inputs (window ${source.shape.window}, ${source.shape.featureNames.join(', ')}) differ from the training samples' (window ${shape.window}, ${shape.featureNames.join(', ')})`,
        'warmStart',
      );
    }
    return source.network.getWeights();
  }

  /** One prediction per sample of `source`, in the standardised target units of training. */
  async predict(source: WindowSource): Promise<Float32Array> {
    const fitted = this.requireFitted('predict');
    assertSameShape(this.kind, source, fitted.shape, 'prediction');
    if (source.size === 0) return new Float32Array(0);
    return predictFeed(fitted.tf, fitted.network, fitted.encoder.feed(fitted.tf, source, null, false), EVAL_BATCH_SIZE);
  }

  /** Writes model.json, topology.json and weights.bin to `dir` (see model-dir.ts). */
  async save(dir: string): Promise<void> {
    const fitted = this.requireFitted('save');
    const meta: ModelMeta = {
      ...modelHeader(this.kind),
      params: this.params,
      featureNames: fitted.shape.featureNames,
      window: fitted.shape.window,
      scaler: fitted.scaler,
      backend: fitted.backend,
      seed: this.seed,
      ...(fitted.encoder.state === undefined ? {} : { extra: fitted.encoder.state }),
    };
    await writeModelDir(dir, meta, (handler) => fitted.network.save(handler));
  }

  /** Frees the network's tensors; the model must be fitted or loaded again before use. */
  release(): void {
    this.fitted?.network.dispose();
    this.fitted = null;
  }

  /** Restores a saved network into this (untrained) model. */
  protected async restore(dir: string, meta: ModelMeta): Promise<void> {
    const { tf } = await activeBackend();
    registerSeededDropout(tf);
    const shape: InputShape = { window: meta.window, featureNames: meta.featureNames };
    const encoder = this.restoreEncoder(shape, meta.extra);
    let network: TfModule.LayersModel;
    try {
      network = await tf.loadLayersModel(fileIOHandler(dir));
    } catch (error) {
      if (error instanceof ModelError) throw error;
      throw damagedModel(dir, `cannot rebuild the network (${(error as Error).message})`, error);
    }
    this.fitted = { tf, backend: meta.backend, network, shape, scaler: meta.scaler, encoder };
  }

  /**
   * Reads `dir`'s model.json for `kind`, creates the model from its params and seed, and restores its
   * network (what each neural spec's `load` does).
   * @internal
   */
  static async loadFrom<M extends NeuralRegressor>(
    kind: string,
    dir: string,
    create: (params: Readonly<Record<string, number | string | boolean>>, seed: number) => M,
  ): Promise<M> {
    const meta = await readModelMeta(dir, kind);
    const model = create(meta.params, meta.seed);
    await model.restore(dir, meta);
    return model;
  }

  /** The fitted (or loaded) network; throws a `ModelError` naming `action` when there is none. */
  protected fittedNetwork(action: string): TfModule.LayersModel {
    return this.requireFitted(action).network;
  }

  private requireFitted(action: string): FittedNetwork {
    if (this.fitted === null) throw new ModelError('not-fitted', `${this.kind}: ${action} needs a fitted or loaded model`, action);
    return this.fitted;
  }
}
