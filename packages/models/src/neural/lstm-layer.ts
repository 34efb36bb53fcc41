/**
 * The one place an LSTM layer is built. Weights follow tf.layers.lstm: kernel [F, 4H], recurrent
 * kernel [H, 4H], bias [4H], gates in the order input, forget, cell, output. On the CPU, WebAssembly
 * and WebGPU backends the fused whole-sequence kernel (FusedLstm, same weights) replaces the stock
 * layer, which unrolls every time step into separate kernels; on native TensorFlow the stock layer
 * runs natively and is kept.
 */
import type { Tf } from '../backend/index.js';
import type * as TfModule from '../tfjs.js';
import { FusedLstm, fusedLstmSuitsBackend, type FusedLstmLayerArgs } from '../fused-lstm/index.js';

/** Options of `createLstmLayer`. */
export interface LstmLayerOptions {
  /** Hidden units H. */
  readonly units: number;
  /** Return the hidden state of every step ([batch, window, H]) rather than of the last ([batch, H]). */
  readonly returnSequences: boolean;
  /** Seed of the kernel (Glorot uniform) and recurrent kernel (orthogonal) initialisers. */
  readonly seed: number;
  /** [window, features] when this is the first layer of the network (window null: any number of steps). */
  readonly inputShape?: readonly [number | null, number];
  readonly name?: string;
  /**
   * 'auto': fused where `fusedLstmSuitsBackend` says so; 'stock': always tf.layers.lstm.
   * Default: the environment variable FLUXSCALE_LSTM ('stock' or 'auto'), else 'auto'.
   */
  readonly implementation?: 'auto' | 'stock';
}

/** Whether `createLstmLayer` builds the fused layer on the active backend. */
export function usesFusedLstm(tf: Tf, implementation: LstmLayerOptions['implementation'] = process.env.FLUXSCALE_LSTM === 'stock' ? 'stock' : 'auto'): boolean {
  return implementation === 'auto' && fusedLstmSuitsBackend(tf.getBackend());
}

/** Bias initialiser of `unitForgetBias`: 0 for the input, cell and output gates, 1 for the forget gate. */
function unitForgetBias(tf: Tf, units: number): NonNullable<FusedLstmLayerArgs['biasInitializer']> {
  const apply = () => tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]);
  return { apply } as unknown as NonNullable<FusedLstmLayerArgs['biasInitializer']>;
}

/** An LSTM layer with seeded initialisers, tanh cell activation, sigmoid gates and unit forget bias. */
export function createLstmLayer(tf: Tf, options: LstmLayerOptions): TfModule.layers.Layer {
  const common = {
    units: options.units,
    returnSequences: options.returnSequences,
    recurrentActivation: 'sigmoid' as const,
    kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: options.seed + 1 }),
    ...(options.inputShape === undefined ? {} : { inputShape: [...options.inputShape] }),
    ...(options.name === undefined ? {} : { name: options.name }),
  };
  if (usesFusedLstm(tf, options.implementation)) {
    return new FusedLstm({ ...common, biasInitializer: unitForgetBias(tf, options.units) });
  }
  return tf.layers.lstm({ ...common, activation: 'tanh', unitForgetBias: true, biasInitializer: 'zeros' });
}
