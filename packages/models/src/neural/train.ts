/**
 * The training loop shared by the neural models: seeded shuffling, mini-batch Adam on the mean
 * squared error, gradient clipping by global norm, early stopping on a validation set with the best
 * weights restored, progress per epoch, and an abort check between batches.
 */
import type { Tf } from '../backend/index.js';
import type * as TfModule from '@tensorflow/tfjs';
import type { FitOptions } from '../regressor.js';
import { createRng, shuffleInPlace } from '@fluxscale/util';

type Tensor = TfModule.Tensor;

/** A set of samples served as tensors, batch by batch. */
export interface SampleFeed {
  readonly size: number;
  /** Network inputs and targets of the samples at `positions` (0 … size-1) of this feed. */
  take(positions: Int32Array): { readonly x: Tensor; readonly y: Float32Array };
}

/** Optimisation settings of one training run. */
export interface TrainSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Global-norm gradient clip; 0 disables clipping. */
  readonly clipNorm: number;
  /** Epochs without validation improvement before stopping; 0 runs all epochs. */
  readonly patience: number;
  /** Seed of the batch order. */
  readonly seed: number;
  /** Samples per forward pass when evaluating the validation set. */
  readonly evalBatchSize: number;
}

/** Outcome of a training run. */
export interface TrainOutcome {
  readonly epochs: number;
  /** Mean training loss (MSE) of the last epoch run. */
  readonly loss: number;
  /** Lowest validation MSE, whose weights the model holds, when validating. */
  readonly valLoss?: number;
}

/** Lets timers and I/O (e.g. an abort) run between batches. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Scales `grads` so that their joint L2 norm is at most `clipNorm` (inside a tidy scope). */
function clipByGlobalNorm(tf: Tf, grads: TfModule.NamedTensorMap, clipNorm: number): TfModule.NamedTensorMap {
  const names = Object.keys(grads);
  const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n])))));
  const scale = tf.minimum(1, tf.div(clipNorm, tf.maximum(norm, 1e-12)));
  const clipped: TfModule.NamedTensorMap = {};
  for (const name of names) clipped[name] = tf.mul(grads[name], scale);
  return clipped;
}

/**
 * Runs the network over `feed` in batches of `batchSize` (one kernel call per batch) and hands each
 * batch's outputs, its first sample's position and its targets to `visit`.
 */
async function eachPrediction(
  tf: Tf,
  model: TfModule.LayersModel,
  feed: SampleFeed,
  batchSize: number,
  visit: (start: number, values: Float32Array, y: Float32Array) => void,
): Promise<void> {
  for (let start = 0; start < feed.size; start += batchSize) {
    const positions = new Int32Array(Math.min(batchSize, feed.size - start)).map((_, k) => start + k);
    const { x, y } = feed.take(positions);
    const prediction = tf.tidy(() => (model.predict(x, { batchSize }) as Tensor).reshape([-1]));
    visit(start, await prediction.data<'float32'>(), y);
    prediction.dispose();
    x.dispose();
  }
}

/** Network outputs for every sample of `feed`, in order, in batches of `batchSize`. */
export async function predictFeed(tf: Tf, model: TfModule.LayersModel, feed: SampleFeed, batchSize: number): Promise<Float32Array> {
  const out = new Float32Array(feed.size);
  await eachPrediction(tf, model, feed, batchSize, (start, values) => out.set(values, start));
  return out;
}

/** Mean squared error of the model over `feed`. */
async function meanSquaredError(tf: Tf, model: TfModule.LayersModel, feed: SampleFeed, batchSize: number): Promise<number> {
  let sum = 0;
  await eachPrediction(tf, model, feed, batchSize, (_, values, y) => {
    for (let k = 0; k < values.length; k++) sum += (values[k] - y[k]) ** 2;
  });
  return sum / feed.size;
}

/** One Adam step on one batch; returns the batch MSE before the step. */
async function step(
  tf: Tf,
  model: TfModule.LayersModel,
  optimizer: TfModule.Optimizer,
  variables: TfModule.Variable[],
  batch: { x: Tensor; y: Float32Array },
  clipNorm: number,
): Promise<number> {
  const loss = tf.tidy(() => {
    const target = tf.tensor2d(batch.y, [batch.y.length, 1]);
    const { value, grads } = optimizer.computeGradients(
      () => tf.losses.meanSquaredError(target, model.apply(batch.x, { training: true }) as Tensor) as TfModule.Scalar,
      variables,
    );
    optimizer.applyGradients(clipNorm > 0 ? clipByGlobalNorm(tf, grads, clipNorm) : grads);
    return value;
  });
  const value = (await loss.data())[0];
  loss.dispose();
  return value;
}

/**
 * Trains `model` on `train` for up to `settings.epochs` epochs. With a validation feed, stops after
 * `patience` epochs without a lower validation MSE and restores the weights of the best epoch.
 * Rejects with the signal's reason (an AbortError) if `options.signal` aborts.
 */
export async function trainNetwork(
  tf: Tf,
  model: TfModule.LayersModel,
  train: SampleFeed,
  validation: SampleFeed | null,
  settings: TrainSettings,
  options: Pick<FitOptions, 'signal' | 'onProgress'> = {},
): Promise<TrainOutcome> {
  const rng = createRng(settings.seed);
  const order = new Int32Array(train.size).map((_, i) => i);
  const optimizer = tf.train.adam(settings.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as TfModule.Variable);
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: Tensor[] | null = null;
  let sinceBest = 0;
  let epochsRun = 0;
  let loss = Number.NaN;
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      shuffleInPlace(order, rng.next);
      let sum = 0;
      for (let start = 0; start < train.size; start += settings.batchSize) {
        options.signal?.throwIfAborted();
        const batch = train.take(order.subarray(start, Math.min(start + settings.batchSize, train.size)));
        try {
          sum += (await step(tf, model, optimizer, variables, batch, settings.clipNorm)) * batch.y.length;
        } finally {
          batch.x.dispose();
        }
        await yieldToEventLoop();
      }
      options.signal?.throwIfAborted();
      loss = sum / train.size;
      epochsRun = epoch;
      const valLoss = validation === null ? undefined : await meanSquaredError(tf, model, validation, settings.evalBatchSize);
      options.onProgress?.({ epoch, epochs: settings.epochs, loss, ...(valLoss === undefined ? {} : { valLoss }) });
      if (valLoss === undefined) continue;
      if (valLoss < best) {
        best = valLoss;
        sinceBest = 0;
        bestWeights?.forEach((t) => t.dispose());
        bestWeights = model.getWeights().map((t) => t.clone());
      } else if (settings.patience > 0 && ++sinceBest >= settings.patience) {
        break;
      }
    }
    if (bestWeights !== null) model.setWeights(bestWeights);
  } finally {
    bestWeights?.forEach((t) => t.dispose());
    optimizer.dispose();
  }
  return { epochs: epochsRun, loss, ...(validation === null ? {} : { valLoss: best }) };
}
