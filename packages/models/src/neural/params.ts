/**
 * Hyper-parameters of the neural models: their ranges, defaults, the paper's random-search space,
 * and validation of user-given values (unknown names and out-of-range values are errors).
 */
import { resolveParams, type ParamSchema } from '../params.js';
import type { Params, SearchSpace } from '../regressor.js';

/** Hyper-parameters common to the LSTM and the FNN, and what they mean. */
export const neuralParamDefinitions: ParamSchema = {
  hidden: { type: 'int', min: 1, max: 4096, description: 'units per hidden layer' },
  layers: { type: 'int', min: 1, max: 8, description: 'hidden layers' },
  dropout: { type: 'float', min: 0, max: 0.9, description: 'dropout rate after each hidden layer' },
  learningRate: { type: 'float', min: 1e-7, max: 1, description: 'Adam learning rate' },
  batchSize: { type: 'int', min: 1, max: 65536, description: 'samples per gradient step' },
  epochs: { type: 'int', min: 1, max: 100000, description: 'maximum passes over the training samples' },
  patience: { type: 'int', min: 0, max: 100000, description: 'epochs without validation improvement before stopping (0: never stop early)' },
  clipNorm: { type: 'float', min: 0, max: 1e9, description: 'global gradient-norm clip (0: no clipping)' },
  valFraction: {
    type: 'float',
    min: 0,
    max: 0.5,
    description: 'share of each site\'s latest training samples held out for early stopping when no validation source is given',
  },
};

/** The paper's search space (after Besnard et al. 2019), shared by the LSTM and the FNN. */
export const neuralSearchSpace: SearchSpace = {
  hidden: { type: 'int', min: 16, max: 256, log: true },
  layers: { type: 'int', min: 1, max: 2 },
  dropout: { type: 'float', min: 0, max: 0.5 },
  learningRate: { type: 'float', min: 1e-4, max: 1e-2, log: true },
  batchSize: { type: 'int', min: 32, max: 256, log: true },
};

/** Resolved hyper-parameters of a neural model. */
export interface NeuralParams {
  readonly hidden: number;
  readonly layers: number;
  readonly dropout: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly patience: number;
  readonly clipNorm: number;
  readonly valFraction: number;
}

/**
 * Fills `given` in from `defaults` and checks every value against its definition in `definitions`
 * (default: the common ones); throws a `ModelError` naming the parameter ('unknown-param' or 'bad-param').
 */
export function resolveNeuralParams<P extends NeuralParams>(
  kind: string,
  defaults: P,
  given: Partial<Record<string, number | string | boolean>>,
  definitions: ParamSchema = neuralParamDefinitions,
): P {
  return { ...(resolveParams(kind, asParams(defaults), given, definitions) as unknown as P) };
}

/** The resolved parameters as the `Params` record a `Regressor` exposes. */
export function asParams(params: NeuralParams): Params {
  return { ...params };
}
