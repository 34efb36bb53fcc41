/**
 * The feed-forward baseline (FNN): dense ReLU layers on the standardised window summary that the
 * other baselines use (`summariseWindows`), trained like the LSTM.
 */
import type { WindowSource } from '@fluxscale/data';
import type { Tf } from '../backend/index.js';
import type * as TfModule from '../tfjs.js';
import { damagedModel } from '../model-header.js';
import type { ModelSpec } from '../regressor.js';
import type { InputShape } from './checks.js';
import { buildFnnNetwork } from './network.js';
import { NeuralRegressor, type InputEncoder } from './neural-regressor.js';
import { asParams, neuralParamDefinitions, neuralSearchSpace, resolveNeuralParams, type NeuralParams } from './params.js';
import type { Rng } from '@fluxscale/util';
import { fitScaling, summarise, summaryFeed, type Summaries, type SummaryScaling } from './summary-feed.js';

/** Default FNN hyper-parameters: two layers of 64 units. */
export const fnnDefaults: NeuralParams = {
  hidden: 64,
  layers: 2,
  dropout: 0.1,
  learningRate: 1e-3,
  batchSize: 64,
  epochs: 200,
  patience: 15,
  clipNorm: 1,
  valFraction: 0.1,
};

function isScaling(state: unknown): state is SummaryScaling {
  const s = state as Partial<SummaryScaling> | undefined;
  return (
    Array.isArray(s?.names) &&
    Array.isArray(s.mean) &&
    Array.isArray(s.std) &&
    s.mean.length === s.names.length &&
    s.std.length === s.names.length
  );
}

/** Dense network on a summarised window. */
export class FnnRegressor extends NeuralRegressor {
  readonly kind = 'fnn';

  /** An untrained FNN; throws a `ModelError` on unknown or out-of-range hyper-parameters. */
  constructor(params: Partial<Record<string, number | string | boolean>>, seed: number) {
    super(resolveNeuralParams('fnn', fnnDefaults, params), seed);
  }

  protected fitEncoder(_tf: Tf, train: WindowSource, indices: Int32Array): InputEncoder {
    const trainSummaries = summarise(this.kind, train, indices, true);
    return this.encoderFor(fitScaling(trainSummaries.x, trainSummaries.names), { source: train, indices, summaries: trainSummaries });
  }

  protected restoreEncoder(_shape: InputShape, state: Readonly<Record<string, unknown>> | undefined): InputEncoder {
    const scaling = state?.summaryScaling;
    if (!isScaling(scaling)) throw damagedModel('model.json', 'no valid extra.summaryScaling of an fnn');
    return this.encoderFor(scaling);
  }

  protected buildNetwork(tf: Tf, _shape: InputShape, encoder: InputEncoder, rng: Rng): TfModule.LayersModel {
    const scaling = (encoder.state as { summaryScaling: SummaryScaling }).summaryScaling;
    return buildFnnNetwork(tf, scaling.names.length, this.settings, rng);
  }

  /** An encoder standardising with `scaling`; `primed` holds summaries already computed (the training set's). */
  private encoderFor(scaling: SummaryScaling, primed?: { source: WindowSource; indices: Int32Array; summaries: Summaries }): InputEncoder {
    return {
      state: { summaryScaling: scaling },
      feed: (tf, source, indices, withTargets) => {
        const cached = primed?.source === source && primed.indices === indices ? primed.summaries : undefined;
        if (cached !== undefined) primed = undefined;
        const summaries = cached ?? summarise(this.kind, source, indices, withTargets);
        return summaryFeed(tf, this.kind, summaries, scaling, withTargets);
      },
    };
  }
}

/** Registry entry of the FNN (kind 'fnn'); same search space as the LSTM. */
export const fnnSpec: ModelSpec = {
  kind: 'fnn',
  engine: 'neural',
  threaded: false,
  params: neuralParamDefinitions,
  defaults: asParams(fnnDefaults),
  space: neuralSearchSpace,
  quickParams: { hidden: 4, epochs: 2, batchSize: 32, learningRate: 0.01, patience: 0 },
  warmStarts: true,
  create: (params, options) => new FnnRegressor(params, options.seed),
  load: (dir) => FnnRegressor.loadFrom('fnn', dir, (params, seed) => new FnnRegressor(params, seed)),
};
