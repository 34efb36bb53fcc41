/**
 * The network architectures: LSTM stack → dense(1) on the last step (or on every step, for sequence
 * training), and a dense stack on a summarised window. Every initialiser and dropout layer draws its
 * seed from one `Rng`.
 */
import type { Tf } from '../backend/index.js';
import type * as TfModule from '../tfjs.js';
import { createLstmLayer } from './lstm-layer.js';
import type { Rng } from '@fluxscale/util';
import { seededDropout } from './seeded-dropout.js';

/** Shape of the hidden stack. */
export interface StackShape {
  readonly hidden: number;
  readonly layers: number;
  readonly dropout: number;
}

function addOutput(tf: Tf, model: TfModule.Sequential, rng: Rng): void {
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: rng.nextSeed() }), name: 'output' }));
}

function addDropout(tf: Tf, model: TfModule.Sequential, rate: number, rng: Rng, index: number): void {
  if (rate > 0) model.add(seededDropout(tf, { rate, seed: rng.nextSeed(), name: `dropout_${index}` }));
}

/**
 * input [batch, window, features] → `layers` LSTM layers (dropout after each) → dense(1) on the last step
 * ([batch, 1]). With `everyStep`, the input may have any number of steps [batch, steps, features] and
 * dense(1) applies to every step's hidden state ([batch, steps, 1]); the weights are the same.
 */
export function buildLstmNetwork(tf: Tf, window: number, features: number, shape: StackShape, rng: Rng, everyStep = false): TfModule.Sequential {
  const model = tf.sequential({ name: 'fluxscale_lstm' });
  for (let i = 0; i < shape.layers; i++) {
    model.add(
      createLstmLayer(tf, {
        units: shape.hidden,
        returnSequences: everyStep || i < shape.layers - 1,
        seed: rng.nextSeed(),
        name: `lstm_${i}`,
        ...(i === 0 ? { inputShape: [everyStep ? null : window, features] as const } : {}),
      }),
    );
    addDropout(tf, model, shape.dropout, rng, i);
  }
  addOutput(tf, model, rng);
  return model;
}

/** input [batch, inputs] → `layers` dense ReLU layers (dropout after each) → dense(1). */
export function buildFnnNetwork(tf: Tf, inputs: number, shape: StackShape, rng: Rng): TfModule.Sequential {
  const model = tf.sequential({ name: 'fluxscale_fnn' });
  for (let i = 0; i < shape.layers; i++) {
    model.add(
      tf.layers.dense({
        units: shape.hidden,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: rng.nextSeed() }),
        name: `dense_${i}`,
        ...(i === 0 ? { inputShape: [inputs] } : {}),
      }),
    );
    addDropout(tf, model, shape.dropout, rng, i);
  }
  addOutput(tf, model, rng);
  return model;
}
