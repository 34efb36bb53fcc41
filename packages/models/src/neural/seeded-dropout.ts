/**
 * Dropout with reproducible masks. tfjs's own dropout layer re-seeds its generator with the same
 * seed on every call (the same mask every step); this layer derives the seed of call k from its
 * base seed and k, so masks differ between steps yet one seed fixes them all.
 */
import type { Tf } from '../backend/index.js';
import type * as TfModule from '../tfjs.js';

type Tensor = TfModule.Tensor;
type Kwargs = Record<string, unknown>;

/** Configuration of a `SeededDropout` layer. */
export interface SeededDropoutConfig {
  readonly rate: number;
  readonly seed: number;
  readonly name?: string;
}

/** Class name under which the layer is serialised in a model topology. */
export const SEEDED_DROPOUT_CLASS = 'FluxscaleSeededDropout';

type LayerFactory = (config: SeededDropoutConfig) => TfModule.layers.Layer;
const factories = new WeakMap<Tf, LayerFactory>();

/** Knuth's multiplicative hash step: decorrelates consecutive call seeds. */
const SEED_STEP = 2654435761;

function defineLayer(tf: Tf): LayerFactory {
  class SeededDropout extends tf.layers.Layer {
    static className = SEEDED_DROPOUT_CLASS;
    private readonly rate: number;
    private readonly seed: number;
    private calls = 0;

    constructor(config: SeededDropoutConfig) {
      super(config.name === undefined ? {} : { name: config.name });
      this.rate = config.rate;
      this.seed = config.seed;
    }

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
      const input = Array.isArray(inputs) ? inputs[0] : inputs;
      if (kwargs.training !== true || this.rate === 0) return input;
      const seed = (this.seed + Math.imul(++this.calls, SEED_STEP)) >>> 0;
      return tf.dropout(input, this.rate, undefined, seed);
    }

    override getConfig(): TfModule.serialization.ConfigDict {
      return { ...super.getConfig(), rate: this.rate, seed: this.seed };
    }
  }
  tf.serialization.registerClass(SeededDropout);
  return (config) => new SeededDropout(config);
}

/** Registers the layer class with `tf` (idempotent), so that saved topologies containing it load. */
export function registerSeededDropout(tf: Tf): LayerFactory {
  let factory = factories.get(tf);
  if (factory === undefined) {
    factory = defineLayer(tf);
    factories.set(tf, factory);
  }
  return factory;
}

/** A dropout layer of rate `rate` whose masks are a function of `seed` and the call count. */
export function seededDropout(tf: Tf, config: SeededDropoutConfig): TfModule.layers.Layer {
  return registerSeededDropout(tf)(config);
}
