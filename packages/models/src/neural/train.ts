/**
 * The training loop shared by the neural models: seeded shuffling, mini-batch Adam on the mean
 * squared error, gradient clipping by global norm, early stopping on a validation set with the best
 * weights restored, progress per epoch, and an abort check between batches. A feed serves items —
 * one window per sample, or one chunk of consecutive samples whose last outputs are all targets.
 */
import type { Tf } from '../backend/index.js';
import type * as TfModule from '../tfjs.js';
import { reshape, slice } from '../tfjs.js';
import type { FitOptions } from '../regressor.js';
import { createRng, shuffleInPlace, type Rng } from '@fluxscale/util';
import type { FeedBatch, SampleFeed } from './feed.js';
import type { StatefulFeed } from './stateful-feed.js';
import { applyFromState, leadingRows, type NetworkState } from './stateful-network.js';

type Tensor = TfModule.Tensor;

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
 * The network's outputs [items, targets] that `targets` target slots per item are compared with: the
 * last `targets` steps of a [items, steps, 1] output, or a [items, 1] output itself.
 */
export function targetOutputs(output: Tensor, targets: number): Tensor {
  if (output.rank === 2 && output.shape[1] === targets) return output;
  const steps = output.shape[1]!;
  return slice(reshape(output, [output.shape[0]!, steps]), [0, steps - targets], [-1, targets]);
}

/**
 * Runs the network over `feed` in batches of `batchSize` items (one kernel call per batch) and hands
 * each batch's target outputs, row-major like its `y`, with the batch to `visit`.
 */
async function eachPrediction(
  tf: Tf,
  model: TfModule.LayersModel,
  feed: SampleFeed,
  batchSize: number,
  visit: (values: Float32Array, batch: FeedBatch) => void,
): Promise<void> {
  for (let start = 0; start < feed.size; start += batchSize) {
    const positions = new Int32Array(Math.min(batchSize, feed.size - start)).map((_, k) => start + k);
    const batch = feed.take(positions);
    const prediction = tf.tidy(() => tf.reshape(targetOutputs(model.predict(batch.x, { batchSize }) as Tensor, batch.targets), [-1]));
    visit(await prediction.data<'float32'>(), batch);
    prediction.dispose();
    batch.x.dispose();
  }
}

/** Network outputs for every sample of `feed`, in sample order, in batches of `batchSize` items. */
export async function predictFeed(tf: Tf, model: TfModule.LayersModel, feed: SampleFeed, batchSize: number): Promise<Float32Array> {
  const out = new Float32Array(feed.samples);
  await eachPrediction(tf, model, feed, batchSize, (values, { slotSamples }) => {
    for (let k = 0; k < values.length; k++) if (slotSamples[k] >= 0) out[slotSamples[k]] = values[k];
  });
  return out;
}

/** Mean squared error of the model over the samples of `feed`. */
async function meanSquaredError(tf: Tf, model: TfModule.LayersModel, feed: SampleFeed, batchSize: number): Promise<number> {
  let sum = 0;
  await eachPrediction(tf, model, feed, batchSize, (values, { y, slotSamples }) => {
    for (let k = 0; k < values.length; k++) if (slotSamples[k] >= 0) sum += (values[k] - y[k]) ** 2;
  });
  return sum / feed.samples;
}

/** Loss weights of a batch: null when every target slot counts, else 1 for the slots that count and 0 elsewhere. */
function slotWeights(slotSamples: Int32Array): Float32Array | null {
  return slotSamples.every((s) => s >= 0) ? null : Float32Array.from(slotSamples, (s) => (s >= 0 ? 1 : 0));
}

/**
 * One Adam step on one batch whose network output (in training mode) `forward` computes; returns the batch
 * MSE (over the target slots that count) before the step.
 */
async function step(
  tf: Tf,
  optimizer: TfModule.Optimizer,
  variables: TfModule.Variable[],
  batch: FeedBatch,
  forward: () => Tensor,
  clipNorm: number,
): Promise<number> {
  const weights = slotWeights(batch.slotSamples);
  const loss = tf.tidy(() => {
    const shape: [number, number] = [batch.y.length / batch.targets, batch.targets];
    const target = tf.tensor2d(batch.y, shape);
    const output = (): Tensor => targetOutputs(forward(), batch.targets);
    const { value, grads } = optimizer.computeGradients(
      () =>
        (weights === null
          ? tf.losses.meanSquaredError(target, output())
          : tf.losses.meanSquaredError(target, output(), tf.tensor2d(weights, shape))) as TfModule.Scalar,
      variables,
    );
    optimizer.applyGradients(clipNorm > 0 ? clipByGlobalNorm(tf, grads, clipNorm) : grads);
    return value;
  });
  const value = (await loss.data())[0];
  loss.dispose();
  return value;
}

/** Trains on one batch: one Adam step, the batch's tensor freed and the event loop let through; returns the loss summed over the slots that count and their number. */
type BatchTrainer = (batch: FeedBatch, forward: () => Tensor) => Promise<{ sum: number; counted: number }>;

/** One training epoch with draws from `rng`: the loss summed over the slots that count, and their number. */
type Epoch = (rng: Rng, signal?: AbortSignal) => Promise<{ sum: number; counted: number }>;

/**
 * Epochs over a feed of independent items, each in a random order (from `rng`, shuffling the last epoch's
 * order); an epoch returns the summed loss and the slots counted.
 */
function shuffledEpochs(model: TfModule.LayersModel, train: SampleFeed, batchSize: number, trainBatch: BatchTrainer): Epoch {
  let order = new Int32Array(train.size).map((_, i) => i);
  return async (rng, signal) => {
    train.nextEpoch?.(rng);
    if (order.length !== train.size) order = new Int32Array(train.size).map((_, i) => i);
    shuffleInPlace(order, rng.next);
    let sum = 0;
    let counted = 0;
    for (let start = 0; start < train.size; start += batchSize) {
      signal?.throwIfAborted();
      const batch = train.take(order.subarray(start, Math.min(start + batchSize, train.size)));
      const part = await trainBatch(batch, () => model.apply(batch.x, { training: true }) as Tensor);
      sum += part.sum;
      counted += part.counted;
    }
    return { sum, counted };
  };
}

/** Epochs of a stateful feed: batches in order, each continuing batch from the carried (detached) states of the last. */
function statefulEpochs(model: TfModule.LayersModel, train: StatefulFeed, trainBatch: BatchTrainer): Epoch {
  return async (rng, signal) => {
    let sum = 0;
    let counted = 0;
    const carried: { last?: { state: NetworkState; rows: number } } = {};
    for (const batch of train.epoch(rng)) {
      signal?.throwIfAborted();
      const rows = batch.x.shape[0];
      const { last } = carried;
      const initial = batch.continues && last !== undefined ? leadingRows(last.state, last.rows, rows) : null;
      const part = await trainBatch(batch, () => {
        const run = applyFromState(model, batch.x, initial, true);
        carried.last = { state: run.final, rows };
        return run.output;
      });
      sum += part.sum;
      counted += part.counted;
    }
    return { sum, counted };
  };
}

/**
 * Trains `model` on `train` for up to `settings.epochs` epochs. With a validation feed, stops after
 * `patience` epochs without a lower validation MSE and restores the weights of the best epoch.
 * Rejects with the signal's reason (an AbortError) if `options.signal` aborts.
 */
export async function trainNetwork(
  tf: Tf,
  model: TfModule.LayersModel,
  train: SampleFeed | StatefulFeed,
  validation: SampleFeed | null,
  settings: TrainSettings,
  options: Pick<FitOptions, 'signal' | 'onProgress'> = {},
): Promise<TrainOutcome> {
  const rng = createRng(settings.seed);
  const optimizer = tf.train.adam(settings.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as TfModule.Variable);
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: Tensor[] | null = null;
  let sinceBest = 0;
  let epochsRun = 0;
  let loss = Number.NaN;
  const trainBatch: BatchTrainer = async (batch, forward) => {
    try {
      const counted = batch.slotSamples.reduce((n, s) => (s >= 0 ? n + 1 : n), 0);
      const sum = (await step(tf, optimizer, variables, batch, forward, settings.clipNorm)) * counted;
      await yieldToEventLoop();
      return { sum, counted };
    } finally {
      batch.x.dispose();
    }
  };
  const runEpoch = 'epoch' in train ? statefulEpochs(model, train, trainBatch) : shuffledEpochs(model, train, settings.batchSize, trainBatch);
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const { sum, counted } = await runEpoch(rng, options.signal);
      options.signal?.throwIfAborted();
      loss = sum / counted;
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
