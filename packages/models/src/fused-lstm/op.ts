import * as tf from '@tensorflow/tfjs';
import { fusedLstmKernel } from './engine.js';
import { FusedLstmError, type LstmDims, type RecurrentActivation } from './types.js';
import { fusedLstmOnWebGpu } from './webgpu-op.js';

/** Options of the fused LSTM operation. */
export interface FusedLstmOptions {
  /** Gate activation; default 'hardSigmoid', as tf.layers.lstm in TensorFlow.js. */
  recurrentActivation?: RecurrentActivation;
  /** Output every step's hidden state [batch, steps, units] instead of the last one [batch, units]; default false. */
  returnSequences?: boolean;
}

const float32 = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

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
  const dims: LstmDims = {
    batch,
    steps,
    features,
    units,
    recurrentActivation: options.recurrentActivation ?? 'hardSigmoid',
    returnSequences: options.returnSequences ?? false,
  };
  if (tf.getBackend() === 'webgpu') return fusedLstmOnWebGpu(x, kernel, recurrentKernel, bias, dims);
  const outShape = dims.returnSequences ? [batch, steps, units] : [batch, units];
  // Outside a gradient tape (predict, plain evaluation) nothing will ask for gradients: run the forward-only pass.
  const recording = tf.engine().isTapeOn();
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xt, k, rk, b] = inputs as tf.Tensor[];
    const engine = fusedLstmKernel();
    const weights = { kernel: float32(k), recurrentKernel: float32(rk), bias: float32(b) };
    const xs = float32(xt);
    const forward = recording ? engine.forward(dims, xs, weights) : undefined;
    const output = forward?.output ?? engine.infer(dims, xs, weights);
    return {
      value: tf.tensor(output, outShape, 'float32'),
      gradFunc: (dy: tf.Tensor) => {
        const tape = forward?.tape ?? engine.forward(dims, xs, weights).tape;
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
