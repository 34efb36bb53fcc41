import * as tf from '../tfjs.js';
import { isFusedLstmAvailable } from './engine.js';
import { fusedLstm, fusedLstmFromState, type FusedLstmStep } from './op.js';
import { FusedLstmError, type LstmState, type RecurrentActivation } from './types.js';

type Initializer = ReturnType<typeof tf.initializers.zeros>;
type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0];

/** Arguments of the FusedLstm layer (a subset of tf.layers.lstm's, same defaults). */
export interface FusedLstmLayerArgs {
  units: number;
  /** Default 'hardSigmoid', as tf.layers.lstm. */
  recurrentActivation?: RecurrentActivation;
  /** Default false: output the last hidden state [batch, units]. */
  returnSequences?: boolean;
  /** Default glorotNormal, as tf.layers.lstm. */
  kernelInitializer?: Initializer;
  /** Default orthogonal, as tf.layers.lstm. */
  recurrentInitializer?: Initializer;
  /** Default zeros, as tf.layers.lstm. */
  biasInitializer?: Initializer;
  inputShape?: tf.Shape;
  batchInputShape?: tf.Shape;
  name?: string;
  trainable?: boolean;
  dtype?: 'float32';
}


/**
 * Drop-in replacement for tf.layers.lstm (tanh cell, hard-sigmoid or sigmoid gates, zero initial states, no
 * dropout or masking) that runs the whole sequence in the fused kernel. Its weights — kernel [features, 4·units],
 * recurrent_kernel [units, 4·units], bias [4·units], gates i, f, c, o — have the stock layer's names, shapes and
 * order, so getWeights/setWeights transfer both ways; serialised as class 'FusedLSTM'.
 */
export class FusedLstm extends tf.layers.Layer {
  static className = 'FusedLSTM';
  readonly units: number;
  readonly recurrentActivation: RecurrentActivation;
  readonly returnSequences: boolean;
  private readonly initializers: { kernel: Initializer; recurrent: Initializer; bias: Initializer };
  private kernel?: tf.LayerVariable;
  private recurrentKernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: FusedLstmLayerArgs) {
    const { units, recurrentActivation, returnSequences, kernelInitializer, recurrentInitializer, biasInitializer, ...base } = args;
    super(base as LayerArgs);
    if (!Number.isInteger(units) || units < 1) throw new FusedLstmError(`units must be a positive integer, got ${units}`);
    if (recurrentActivation !== undefined && recurrentActivation !== 'hardSigmoid' && recurrentActivation !== 'sigmoid') {
      throw new FusedLstmError(`recurrentActivation must be 'hardSigmoid' or 'sigmoid', got '${String(recurrentActivation)}'`);
    }
    this.units = units;
    this.recurrentActivation = recurrentActivation ?? 'hardSigmoid';
    this.returnSequences = returnSequences ?? false;
    this.initializers = {
      kernel: kernelInitializer ?? tf.initializers.glorotNormal({}),
      recurrent: recurrentInitializer ?? tf.initializers.orthogonal({}),
      bias: biasInitializer ?? tf.initializers.zeros(),
    };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1];
    if (shape.length !== 3 || features == null) throw new FusedLstmError(`input must be [batch, steps, features], got [${shape.join(', ')}]`);
    const H = this.units;
    this.kernel = this.addWeight('kernel', [features, 4 * H], 'float32', this.initializers.kernel);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [H, 4 * H], 'float32', this.initializers.recurrent);
    this.bias = this.addWeight('bias', [4 * H], 'float32', this.initializers.bias);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!this.kernel || !this.recurrentKernel || !this.bias) throw new FusedLstmError('FusedLstm layer called before it was built');
    return fusedLstm(x, this.kernel.read(), this.recurrentKernel.read(), this.bias.read(), {
      recurrentActivation: this.recurrentActivation,
      returnSequences: this.returnSequences,
    });
  }

  /**
   * Runs the layer (as `call`) from the initial states `initial` (h and c, [batch, units] each; null: zeros)
   * and returns its output with the states after the last step, detached from the gradient (see
   * fusedLstmFromState). Builds the layer when needed.
   */
  callFromState(x: tf.Tensor, initial: LstmState | null): FusedLstmStep {
    if (!this.built) this.build(x.shape);
    if (!this.kernel || !this.recurrentKernel || !this.bias) throw new FusedLstmError('FusedLstm layer called before it was built');
    return fusedLstmFromState(x, this.kernel.read(), this.recurrentKernel.read(), this.bias.read(), initial, {
      recurrentActivation: this.recurrentActivation,
      returnSequences: this.returnSequences,
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      recurrentActivation: this.recurrentActivation,
      returnSequences: this.returnSequences,
    };
  }
}
tf.serialization.registerClass(FusedLstm);

/** Creates a FusedLstm layer (the fused counterpart of tf.layers.lstm). */
export function fusedLstmLayer(args: FusedLstmLayerArgs): FusedLstm {
  return new FusedLstm(args);
}

/**
 * Whether the fused LSTM should replace the stock layer on this TensorFlow.js backend: on the CPU and
 * WebAssembly backends when the WebAssembly SIMD kernel loads (else the stock layer is kept), and on
 * the WebGPU backend (WGSL kernels); not on native TensorFlow ('tensorflow'), where the stock layer
 * runs natively.
 */
export function fusedLstmSuitsBackend(backendName: string): boolean {
  if (backendName === 'webgpu') return true;
  return (backendName === 'cpu' || backendName === 'wasm') && isFusedLstmAvailable();
}
