/**
 * The LSTM regressor of the paper: [batch, window, features] → LSTM stack → dense(1) on the last
 * step, trained with Adam on the MSE, early stopping and gradient clipping.
 */
import type { WindowSource } from '@fluxscale/data';
import type { Tf } from '../backend/index.js';
import type * as TfModule from '@tensorflow/tfjs';
import type { ModelSpec } from '../regressor.js';
import type { InputShape } from './checks.js';
import { buildLstmNetwork } from './network.js';
import { NeuralRegressor, type InputEncoder } from './neural-regressor.js';
import { asParams, neuralParamDefinitions, neuralSearchSpace, resolveNeuralParams, type NeuralParams } from './params.js';
import type { Rng } from '@fluxscale/util';
import { windowFeed } from './window-feed.js';

/** Default LSTM hyper-parameters: one layer of 64 units; `epochs` is a cap, early stopping ends sooner. */
export const lstmDefaults: NeuralParams = {
  hidden: 64,
  layers: 1,
  dropout: 0.1,
  learningRate: 1e-3,
  batchSize: 64,
  epochs: 100,
  patience: 10,
  clipNorm: 1,
  valFraction: 0.1,
};

/** Sequence-to-one LSTM on raw windows. */
export class LstmRegressor extends NeuralRegressor {
  readonly kind = 'lstm';

  /** An untrained LSTM; throws a `ModelError` on unknown or out-of-range hyper-parameters. */
  constructor(params: Partial<Record<string, number | string | boolean>>, seed: number) {
    super(resolveNeuralParams('lstm', lstmDefaults, params), seed);
  }

  protected fitEncoder(_tf: Tf, train: WindowSource): InputEncoder {
    return this.restoreEncoder({ window: train.window, featureNames: train.featureNames });
  }

  protected restoreEncoder(shape: InputShape): InputEncoder {
    return { feed: (tf, source, indices, withTargets) => windowFeed(tf, this.kind, source, indices, shape, withTargets) };
  }

  protected buildNetwork(tf: Tf, shape: InputShape, _encoder: InputEncoder, rng: Rng): TfModule.LayersModel {
    return buildLstmNetwork(tf, shape.window, shape.featureNames.length, this.settings, rng);
  }

  /**
   * The fitted network as a differentiable function (inference mode: no dropout) of standardised
   * windows [batch, window, features], in `featureNames` order, to the standardised target [batch, 1]:
   * what GradientSHAP and factorial responses explain.
   */
  windowFunction(): (x: TfModule.Tensor3D) => TfModule.Tensor {
    const network = this.fittedNetwork('windowFunction');
    return (x) => network.apply(x, { training: false }) as TfModule.Tensor;
  }
}

/** Registry entry of the LSTM (kind 'lstm'); its search space is the paper's (after Besnard et al. 2019). */
export const lstmSpec: ModelSpec = {
  kind: 'lstm',
  engine: 'neural',
  threaded: true,
  params: neuralParamDefinitions,
  defaults: asParams(lstmDefaults),
  space: neuralSearchSpace,
  create: (params, options) => new LstmRegressor(params, options.seed),
  load: (dir) => LstmRegressor.loadFrom('lstm', dir, (params, seed) => new LstmRegressor(params, seed)),
};
