import * as tf from '../tfjs.js';
import { fusedLstmKernel } from './engine.js';
import { FusedLstmError, type LstmDims, type LstmState, type RecurrentActivation } from './types.js';
import { fusedLstmOnWebGpu } from './webgpu-op.js';

/** Options of the fused LSTM operation. */
export interface FusedLstmOptions {
  /** Gate activation; default 'hardSigmoid', as tf.layers.lstm in TensorFlow.js. */
  recurrentActivation?: RecurrentActivation;
  /** Output every step's hidden state [batch, steps, units] instead of the last one [batch, units]; default false. */
  returnSequences?: boolean;
}

const float32 = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

/** Checks the shapes of x and the weights and returns the call's sizes. */
function callDims(x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor, options: FusedLstmOptions): LstmDims {
  if (x.rank !== 3) throw new FusedLstmError(`x must be [batch, steps, features], got shape [${x.shape.join(', ')}]`);
  const [batch, steps, features] = x.shape;
  const units = recurrentKernel.shape[0];
  const expectShape = (name: string, t: tf.Tensor, shape: number[]): void => {
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new FusedLstmError(`${name} must have shape [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
    }
  };
  expectShape('kernel', kernel, [features, 4 * units]);
  expectShape('recurrentKernel', recurrentKernel, [units, 4 * units]);
  expectShape('bias', bias, [4 * units]);
  return {
    batch,
    steps,
    features,
    units,
    recurrentActivation: options.recurrentActivation ?? 'hardSigmoid',
    returnSequences: options.returnSequences ?? false,
  };
}

/**
 * The fused LSTM as a tf.customGrad operation on the CPU kernel (engine.ts), from `initial` states (zeros when
 * undefined). `final`, when given, receives the states after the last step (outside the gradient).
 */
function cpuOp(
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor,
  dims: LstmDims,
  initial: LstmState | undefined,
  final?: (state: LstmState) => void,
): tf.Tensor {
  const outShape = dims.returnSequences ? [dims.batch, dims.steps, dims.units] : [dims.batch, dims.units];
  // Outside a gradient tape (predict, plain evaluation) nothing will ask for gradients: run the forward-only pass
  // unless the final states are wanted.
  const recording = tf.engine().isTapeOn() || final !== undefined;
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xt, k, rk, b] = inputs as tf.Tensor[];
    const engine = fusedLstmKernel();
    const weights = { kernel: float32(k), recurrentKernel: float32(rk), bias: float32(b) };
    const xs = float32(xt);
    const forward = recording ? engine.forward(dims, xs, weights, initial) : undefined;
    if (forward !== undefined) final?.(forward.final);
    const output = forward?.output ?? engine.infer(dims, xs, weights);
    return {
      value: tf.tensor(output, outShape, 'float32'),
      gradFunc: (dy: tf.Tensor) => {
        const tape = forward?.tape ?? engine.forward(dims, xs, weights, initial).tape;
        const g = engine.backward(tape, float32(dy));
        return [
          tf.tensor(g.dx, xt.shape, 'float32'),
          tf.tensor(g.dKernel, k.shape, 'float32'),
          tf.tensor(g.dRecurrentKernel, rk.shape, 'float32'),
          tf.tensor(g.dBias, b.shape, 'float32'),
        ];
      },
    };
  });
  return op(x, kernel, recurrentKernel, bias);
}

/**
 * LSTM over a whole sequence as one differentiable TensorFlow.js operation (tf.customGrad) run by the fused
 * kernel: x [batch, steps, features], kernel [features, 4·units], recurrentKernel [units, 4·units], bias [4·units]
 * in tf.layers.lstm's layout (gates i, f, c, o; cell activation tanh), zero initial states. Returns h_T
 * [batch, units] (or every h, see options). Gradients flow to x and to all three weights. On the WebGPU
 * backend the WGSL kernels run it on the GPU (webgpu-op.ts); elsewhere the CPU kernel (engine.ts).
 */
export function fusedLstm(
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor,
  options: FusedLstmOptions = {},
): tf.Tensor {
  const dims = callDims(x, kernel, recurrentKernel, bias, options);
  if (tf.getBackend() === 'webgpu') return fusedLstmOnWebGpu(x, kernel, recurrentKernel, bias, dims);
  return cpuOp(x, kernel, recurrentKernel, bias, dims, undefined);
}

/** Output of `fusedLstmFromState`: the operation's output and the states after its last step. */
export interface FusedLstmStep {
  /** h_T [batch, units] or every h [batch, steps, units], as `fusedLstm` returns. */
  output: tf.Tensor;
  /** h and c after the last step, [batch, units] each: plain arrays, detached from the gradient. */
  final: LstmState;
}

/**
 * `fusedLstm` from given initial states (h and c, [batch, units] each; null: zeros) that also returns the
 * states after the last step, detached: what truncated backpropagation through time carries from one chunk of
 * a batch of sequences to the next. Gradients flow to x and the weights, none to the initial states. Runs on
 * the CPU kernel; throws a FusedLstmError on the WebGPU backend, whose kernels start from zero states.
 */
export function fusedLstmFromState(
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor,
  initial: LstmState | null,
  options: FusedLstmOptions = {},
): FusedLstmStep {
  const dims = callDims(x, kernel, recurrentKernel, bias, options);
  if (tf.getBackend() === 'webgpu') throw new FusedLstmError('initial states are not supported on the WebGPU backend');
  let final: LstmState | undefined;
  const output = cpuOp(x, kernel, recurrentKernel, bias, dims, initial ?? undefined, (state) => (final = state));
  if (final === undefined) throw new FusedLstmError('the fused LSTM returned no final state');
  return { output, final };
}
