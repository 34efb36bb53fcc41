/**
 * The LSTM regressor of the paper: [batch, window, features] → LSTM stack → dense(1) on the last
 * step, trained with Adam on the MSE, early stopping and gradient clipping. Three training
 * formulations (`training`): 'windows' trains on windows (one target per window of `window` days,
 * the paper's); 'sequence' trains on chunks of one site's record — window − 1 warm-up days, then
 * `targetDays` target days, the loss on every target day (dense(1) applied at every step) — so that
 * each training day costs (window + targetDays − 1) / targetDays steps rather than `window`;
 * 'stateful' walks each run of consecutive training days in consecutive chunks of `targetDays` days,
 * the LSTM states carried (detached) from chunk to chunk and the warm-up paid once per run and epoch
 * (stateful-feed.ts), so that a training day costs about one step.
 * Prediction (and validation) uses the windows or the sequence formulation; a stateful model predicts
 * each run of consecutive days in one pass — window − 1 warm-up days from zero states, then every day
 * of the run — as it was trained.
 */
import type { WindowSource } from '@fluxscale/data';
import type { Tf } from '../backend/index.js';
import type * as TfModule from '../tfjs.js';
import type { ModelSpec } from '../regressor.js';
import type { InputShape } from './checks.js';
import { chunkFeed } from './chunk-feed.js';
import { buildLstmNetwork } from './network.js';
import { NeuralRegressor, type InputEncoder } from './neural-regressor.js';
import { asParams, neuralParamDefinitions, neuralSearchSpace, resolveNeuralParams, type NeuralParams } from './params.js';
import type { ParamSchema } from '../params.js';
import type { Rng } from '@fluxscale/util';
import { targetOutputs } from './train.js';
import { statefulFeed } from './stateful-feed.js';
import { windowFeed } from './window-feed.js';

/** Hyper-parameters of the LSTM: the common ones and the training formulation. */
export interface LstmParams extends NeuralParams {
  /** 'windows' (one target day per window), 'sequence' (chunks of `targetDays` target days) or 'stateful' (consecutive chunks, states carried). */
  readonly training: 'windows' | 'sequence' | 'stateful';
  /** Sequence and stateful formulations: target days per chunk. */
  readonly targetDays: number;
}

/** The LSTM's hyper-parameters and what they mean (the common ones, `batchSize` in items, the training formulation). */
export const lstmParamDefinitions: ParamSchema = {
  ...neuralParamDefinitions,
  batchSize: {
    type: 'int',
    min: 1,
    max: 65536,
    description: 'windows (training: windows), chunks (training: sequence) or runs of consecutive days walked side by side (training: stateful) per gradient step',
  },
  training: {
    type: 'choice',
    keywords: ['windows', 'sequence', 'stateful'],
    description:
      "training formulation: 'windows' trains on windows, one target day each (the paper's); 'sequence' trains on chunks of window − 1 warm-up days and targetDays target days with the loss on every target day, tiled from a random offset each epoch; " +
      "'stateful' walks each run of consecutive training days in order in chunks of targetDays days, the LSTM states carried from chunk to chunk without gradient, the warm-up paid once per run and epoch, random offsets and row order each epoch, and predicts each run in one pass (fused LSTM only; both need every training day: stride 1)",
  },
  targetDays: { type: 'int', min: 1, max: 100000, description: "sequence and stateful formulations: target days per chunk (ignored with training: 'windows')" },
};

/** Default LSTM hyper-parameters: one layer of 64 units, windows formulation; `epochs` is a cap, early stopping ends sooner. */
export const lstmDefaults: LstmParams = {
  hidden: 64,
  layers: 1,
  dropout: 0.1,
  learningRate: 1e-3,
  batchSize: 64,
  epochs: 100,
  patience: 10,
  clipNorm: 1,
  valFraction: 0.1,
  training: 'windows',
  targetDays: 120,
};

/** Prediction chunk length of the stateful formulation: every run is one chunk. */
const WHOLE_RUN = Number.POSITIVE_INFINITY;

/** Sequence-to-one LSTM on raw windows, trained on windows, on chunks of consecutive days, or statefully. */
export class LstmRegressor extends NeuralRegressor {
  readonly kind = 'lstm';
  private readonly lstm: LstmParams;

  /** An untrained LSTM; throws a `ModelError` on unknown or out-of-range hyper-parameters. */
  constructor(params: Partial<Record<string, number | string | boolean>>, seed: number) {
    const settings = resolveNeuralParams('lstm', lstmDefaults, params, lstmParamDefinitions);
    super(settings, seed);
    this.lstm = settings;
  }

  protected fitEncoder(_tf: Tf, train: WindowSource): InputEncoder {
    return this.restoreEncoder({ window: train.window, featureNames: train.featureNames });
  }

  protected restoreEncoder(shape: InputShape): InputEncoder {
    const { training, targetDays, batchSize } = this.lstm;
    if (training === 'windows') return { feed: (tf, source, indices, withTargets) => windowFeed(tf, this.kind, source, indices, shape, withTargets) };
    const predictionDays = training === 'stateful' ? WHOLE_RUN : targetDays;
    return {
      feed: (tf, source, indices, withTargets) => chunkFeed(tf, this.kind, source, indices, shape, predictionDays, withTargets),
      ...(training === 'stateful'
        ? { trainingFeed: (tf: Tf, source: WindowSource, indices: Int32Array) => statefulFeed(tf, this.kind, source, indices, shape, targetDays, batchSize) }
        : {}),
    };
  }

  protected buildNetwork(tf: Tf, shape: InputShape, _encoder: InputEncoder, rng: Rng): TfModule.LayersModel {
    return buildLstmNetwork(tf, shape.window, shape.featureNames.length, this.settings, rng, this.lstm.training !== 'windows');
  }

  /**
   * The fitted network as a differentiable function (inference mode: no dropout) of standardised
   * windows [batch, window, features], in `featureNames` order, to the standardised target [batch, 1]
   * (a sequence-trained network's output at the last step): what GradientSHAP and factorial responses explain.
   */
  windowFunction(): (x: TfModule.Tensor3D) => TfModule.Tensor {
    const network = this.fittedNetwork('windowFunction');
    return (x) => targetOutputs(network.apply(x, { training: false }) as TfModule.Tensor, 1);
  }
}

/** Registry entry of the LSTM (kind 'lstm'); its search space is the paper's (after Besnard et al. 2019). */
export const lstmSpec: ModelSpec = {
  kind: 'lstm',
  engine: 'neural',
  threaded: true,
  params: lstmParamDefinitions,
  defaults: asParams(lstmDefaults),
  space: neuralSearchSpace,
  quickParams: { hidden: 4, epochs: 2, batchSize: 32, learningRate: 0.01, patience: 0 },
  warmStarts: true,
  sampling: (params) => (params.training === 'sequence' || params.training === 'stateful' ? 'runs' : 'windows'),
  create: (params, options) => new LstmRegressor(params, options.seed),
  load: (dir) => LstmRegressor.loadFrom('lstm', dir, (params, seed) => new LstmRegressor(params, seed)),
};
