/**
 * The fused LSTM operation on the WebGPU backend: tensors stay on the GPU. Forward: the input
 * projection x·W + b as one GEMM, then the recurrence in one dispatch (webgpu-kernel.ts). Backward:
 * one dispatch for the gate gradients dA of every step, then dW = xᵀ·dA, dU = h₋₁ᵀ·dA, db = Σ dA and
 * dx = dA·Wᵀ as GEMMs. Batches whose activations exceed the device's largest storage buffer run in
 * chunks of sequences.
 */
import * as tf from '../tfjs.js';
import { FusedLstmError, type LstmDims } from './types.js';
import { LSTM_SEQUENCE_GRAD_KERNEL, LSTM_SEQUENCE_KERNEL, tapeBytesPerSequence, webGpuLimits, type LstmKernelAttrs, type LstmSequenceOutput } from './webgpu-kernel.js';

function runKernel(name: string, inputs: tf.NamedTensorMap, attrs: LstmKernelAttrs): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Weight and input gradients of one sequence batch from its saved inputs and tape. */
function gradients(saved: tf.Tensor[], dy: tf.Tensor, dims: LstmDims, attrs: LstmKernelAttrs): tf.Tensor[] {
  const { batch: B, steps: T, features: F, units: H } = dims;
  const [x, kernel, recurrentKernel, tape] = saved;
  const dA = tf.reshape(runKernel(LSTM_SEQUENCE_GRAD_KERNEL, { tape, u: recurrentKernel, dy }, attrs), [B * T, 4 * H]);
  const hidden = tf.slice(tape, [0, 0, 5 * H], [B, T, H]);
  const hPrev = T === 1 ? tf.zeros([B, 1, H]) : tf.pad(tf.slice(hidden, [0, 0, 0], [B, T - 1, H]), [[0, 0], [1, 0], [0, 0]]);
  return [
    tf.reshape(tf.matMul(dA, kernel, false, true), [B, T, F]),
    tf.matMul(tf.reshape(x, [B * T, F]), dA, true, false),
    tf.matMul(tf.reshape(hPrev, [B * T, H]), dA, true, false),
    tf.sum(dA, 0),
  ];
}

/** The op on one batch that fits the device's buffers. */
function sequenceOp(x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor, dims: LstmDims): tf.Tensor {
  const { batch: B, steps: T, features: F, units: H } = dims;
  const output: LstmSequenceOutput = dims.returnSequences ? 'sequence' : 'last';
  const attrs = (kind: LstmSequenceOutput): LstmKernelAttrs => ({ recurrentActivation: dims.recurrentActivation, output: kind });
  // Outside a gradient tape (predict, plain evaluation) nothing will ask for gradients: write h only.
  const recording = tf.engine().isTapeOn();
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xt, k, rk, b] = inputs as tf.Tensor[];
    const save = inputs[4] as tf.GradSaveFunc;
    const xw = tf.reshape(tf.add(tf.matMul(tf.reshape(xt, [B * T, F]), k), b), [B, T, 4 * H]);
    if (!recording) {
      return {
        value: runKernel(LSTM_SEQUENCE_KERNEL, { xw, u: rk }, attrs(output)),
        gradFunc: () => {
          throw new FusedLstmError('the fused LSTM ran without a gradient tape and has no gradients');
        },
      };
    }
    const tape = runKernel(LSTM_SEQUENCE_KERNEL, { xw, u: rk }, attrs('tape'));
    const hidden = tf.slice(tape, [0, 0, 5 * H], [B, T, H]);
    const value = dims.returnSequences ? hidden : tf.reshape(tf.slice(hidden, [0, T - 1, 0], [B, 1, H]), [B, H]);
    save([xt, k, rk, tape]);
    return { value, gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => gradients(saved, dy as tf.Tensor, dims, attrs(output)) };
  });
  return op(x, kernel, recurrentKernel, bias);
}

/** Sequences per chunk so that every buffer of the op fits the device's largest storage binding. */
function sequencesPerChunk(dims: LstmDims): number {
  const limits = webGpuLimits();
  const bytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const rows = Math.floor(bytes / tapeBytesPerSequence(dims.steps, dims.units));
  if (rows < 1) throw new FusedLstmError(`one sequence of ${dims.steps} steps × ${dims.units} units needs more than the WebGPU device's ${bytes}-byte buffers`);
  return rows;
}

/**
 * The fused LSTM on the active WebGPU backend, in tf.layers.lstm's layout (see `fusedLstm`),
 * differentiable with respect to x and the three weights; `rows` sequences at a time (default: as
 * many as the device's buffers hold).
 */
export function fusedLstmOnWebGpu(
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor,
  dims: LstmDims,
  rows = sequencesPerChunk(dims),
): tf.Tensor {
  if (dims.batch <= rows) return sequenceOp(x, kernel, recurrentKernel, bias, dims);
  const sizes = Array.from({ length: Math.ceil(dims.batch / rows) }, (_, i) => Math.min(rows, dims.batch - i * rows));
  return tf.tidy(() => {
    const parts = tf.split(x, sizes, 0).map((part, i) => sequenceOp(part, kernel, recurrentKernel, bias, { ...dims, batch: sizes[i] }));
    return tf.concat(parts, 0);
  });
}
