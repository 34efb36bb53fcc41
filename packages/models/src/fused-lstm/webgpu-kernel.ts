/**
 * The fused LSTM on TensorFlow.js' WebGPU backend: the recurrence of a whole sequence in one WGSL
 * dispatch (forward) and one (backward), instead of ~100 small kernels per time step. One workgroup
 * runs one sequence through all steps, one invocation per hidden unit (its four gates), with h_{t−1}
 * in workgroup memory and a barrier per step. The input projection and the weight gradients are
 * batched GEMMs done by tfjs around these kernels (see op.ts).
 */
import * as tf from '../tfjs.js';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { FusedLstmError, type RecurrentActivation } from './types.js';

/** tfjs kernel: xw [B, T, 4H] (x·W + b), recurrentKernel [H, 4H] → see `LstmSequenceOutput`. */
export const LSTM_SEQUENCE_KERNEL = 'FluxscaleLstmSequence';
/** tfjs kernel: tape [B, T, 6H], recurrentKernel [H, 4H], dy → dA [B, T, 4H] (pre-activation gradients). */
export const LSTM_SEQUENCE_GRAD_KERNEL = 'FluxscaleLstmSequenceGrad';

const WEBGPU = 'webgpu';

/**
 * What the forward kernel writes: 'tape' — per step the gates i, f, c̃, o, the cell c and h
 * ([B, T, 6H], for the backward pass); 'sequence' — every h ([B, T, H]); 'last' — h_T ([B, H]).
 */
export type LstmSequenceOutput = 'tape' | 'sequence' | 'last';

/** Attributes of both kernels. */
export interface LstmKernelAttrs {
  readonly recurrentActivation: RecurrentActivation;
  /** Forward: what to write. Backward: whether dy holds every step's gradient ('sequence') or the last step's ('last'). */
  readonly output: LstmSequenceOutput;
}

/** Bytes of workgroup memory per hidden unit: the backward kernel keeps dh, dc and the 4 gate gradients. */
const WORKGROUP_BYTES_PER_UNIT = 6 * 4;

/** Largest hidden size the kernels support on a device with `maxWorkgroupStorage` bytes of workgroup memory. */
export function maxWebGpuLstmUnits(maxWorkgroupStorage: number): number {
  return Math.floor(maxWorkgroupStorage / WORKGROUP_BYTES_PER_UNIT);
}

/** Invocations per workgroup: one per unit up to the device's limit (units beyond it are looped over). */
function workgroupSize(units: number, device: GPUDevice): number {
  const limit = Math.min(device.limits.maxComputeInvocationsPerWorkgroup, device.limits.maxComputeWorkgroupSizeX);
  let size = 32;
  while (size < units && size * 2 <= limit) size *= 2;
  return Math.min(size, limit);
}

/** WGSL of the gate activation, its derivative through its output y, and an overflow-safe tanh. */
function activationCode(kind: RecurrentActivation): string {
  const gate = kind === 'sigmoid' ? 'return 1.0 / (1.0 + exp(-a));' : 'return clamp(0.2 * a + 0.5, 0.0, 1.0);';
  const slope = kind === 'sigmoid' ? 'return y * (1.0 - y);' : 'return select(0.0, 0.2, y > 0.0 && y < 1.0);';
  return `
    fn gateOf(a : f32) -> f32 { ${gate} }
    fn gateSlope(y : f32) -> f32 { ${slope} }
    fn tanhOf(a : f32) -> f32 {
      let e = exp(-2.0 * abs(a));
      return sign(a) * (1.0 - e) / (1.0 + e);
    }`;
}

/** WGSL constants: units H, gate columns G = 4H, invocations per workgroup WG. */
function preamble(units: number, size: number): string {
  return `
    const H : i32 = ${units};
    const G : i32 = ${4 * units};
    const WG : i32 = ${size};`;
}

/** WGSL: the workgroup's sequence b (clamped to the batch; `live` says whether it exists) and the invocation's lane. */
const SEQUENCE_ROW = `
    let row = i32(workgroupId.z * numWorkgroups.x * numWorkgroups.y + workgroupId.y * numWorkgroups.x + workgroupId.x);
    let lane = i32(localId.x);
    let B = uniforms.batch;
    let T = uniforms.steps;
    let b = min(row, B - 1);
    let live = row < B;`;

/** The parts of tfjs-backend-webgpu's program interface these kernels use. */
interface Program {
  readonly variableNames: string[];
  readonly outputShape: number[];
  shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number];
  readonly uniforms: string;
  getUserCode(): string;
}

/** One program per sequence: dispatch B workgroups of `size` invocations. */
function sequenceProgram(name: string, variableNames: string[], outputShape: number[], batch: number, size: number, code: string): Program {
  return {
    variableNames,
    outputShape,
    shaderKey: name,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [batch, 1, 1],
    workgroupSize: [size, 1, 1],
    uniforms: 'batch : i32, steps : i32,',
    getUserCode: () => code,
  };
}

/** WGSL that stores step t's values of unit k for an output kind. */
function storeCode(output: LstmSequenceOutput): string {
  if (output === 'tape') {
    return `let o6 = (b * T + t) * 6 * H;
        result[o6 + k] = i; result[o6 + H + k] = f; result[o6 + 2 * H + k] = g; result[o6 + 3 * H + k] = o;
        result[o6 + 4 * H + k] = c; result[o6 + 5 * H + k] = h;`;
  }
  if (output === 'sequence') return 'result[(b * T + t) * H + k] = h;';
  return 'if (t == T - 1) { result[b * H + k] = h; }';
}

/** The forward recurrence: h and c of every step from xw = x·W + b and U. */
function forwardProgram(batch: number, steps: number, units: number, attrs: LstmKernelAttrs, size: number): Program {
  const widths: Record<LstmSequenceOutput, number[]> = {
    tape: [batch, steps, 6 * units],
    sequence: [batch, steps, units],
    last: [batch, units],
  };
  const code = `${preamble(units, size)}
    var<workgroup> hs : array<f32, ${2 * units}>;
    var<workgroup> cs : array<f32, ${units}>;
    ${activationCode(attrs.recurrentActivation)}
    fn main(index : i32) {
      ${SEQUENCE_ROW}
      for (var k = lane; k < H; k += WG) { hs[k] = 0.0; cs[k] = 0.0; }
      workgroupBarrier();
      for (var t = 0; t < T; t++) {
        let cur = (t % 2) * H;
        let nxt = H - cur;
        let x0 = (b * T + t) * G;
        for (var k = lane; k < H; k += WG) {
          var ai = xw[x0 + k];
          var af = xw[x0 + H + k];
          var ag = xw[x0 + 2 * H + k];
          var ao = xw[x0 + 3 * H + k];
          for (var m = 0; m < H; m++) {
            let hv = hs[cur + m];
            let r = m * G + k;
            ai += hv * u[r];
            af += hv * u[r + H];
            ag += hv * u[r + 2 * H];
            ao += hv * u[r + 3 * H];
          }
          let i = gateOf(ai);
          let f = gateOf(af);
          let g = tanhOf(ag);
          let o = gateOf(ao);
          let c = f * cs[k] + i * g;
          let h = o * tanhOf(c);
          cs[k] = c;
          hs[nxt + k] = h;
          if (live) {
            ${storeCode(attrs.output)}
          }
        }
        workgroupBarrier();
      }
    }`;
  return sequenceProgram(`fluxscaleLstmForward_${units}_${attrs.recurrentActivation}_${attrs.output}`, ['xw', 'u'], widths[attrs.output], batch, size, code);
}

/** Backpropagation through time of one sequence: dA (gate pre-activation gradients) of every step. */
function backwardProgram(batch: number, steps: number, units: number, attrs: LstmKernelAttrs, size: number): Program {
  const addDy = attrs.output === 'sequence' ? 'dhk += dy[(b * T + t) * H + k];' : 'if (t == T - 1) { dhk += dy[b * H + k]; }';
  const code = `${preamble(units, size)}
    var<workgroup> dh : array<f32, ${units}>;
    var<workgroup> dc : array<f32, ${units}>;
    var<workgroup> da : array<f32, ${4 * units}>;
    ${activationCode(attrs.recurrentActivation)}
    fn main(index : i32) {
      ${SEQUENCE_ROW}
      for (var k = lane; k < H; k += WG) { dh[k] = 0.0; dc[k] = 0.0; }
      workgroupBarrier();
      for (var s = 0; s < T; s++) {
        let t = T - 1 - s;
        let r6 = (b * T + t) * 6 * H;
        for (var k = lane; k < H; k += WG) {
          var dhk = dh[k];
          ${addDy}
          let i = tape[r6 + k];
          let f = tape[r6 + H + k];
          let g = tape[r6 + 2 * H + k];
          let o = tape[r6 + 3 * H + k];
          let tc = tanhOf(tape[r6 + 4 * H + k]);
          var cPrev = 0.0;
          if (t > 0) { cPrev = tape[r6 - 2 * H + k]; }
          let dCell = dc[k] + dhk * o * (1.0 - tc * tc);
          let dai = dCell * g * gateSlope(i);
          let daf = dCell * cPrev * gateSlope(f);
          let dag = dCell * i * (1.0 - g * g);
          let dao = dhk * tc * gateSlope(o);
          dc[k] = dCell * f;
          da[k] = dai;
          da[H + k] = daf;
          da[2 * H + k] = dag;
          da[3 * H + k] = dao;
          if (live) {
            let r4 = (b * T + t) * G;
            result[r4 + k] = dai; result[r4 + H + k] = daf; result[r4 + 2 * H + k] = dag; result[r4 + 3 * H + k] = dao;
          }
        }
        workgroupBarrier();
        for (var k = lane; k < H; k += WG) {
          let r = k * G;
          var sum = 0.0;
          for (var j = 0; j < G; j++) { sum += da[j] * u[r + j]; }
          dh[k] = sum;
        }
        workgroupBarrier();
      }
    }`;
  return sequenceProgram(`fluxscaleLstmBackward_${units}_${attrs.recurrentActivation}_${attrs.output}`, ['tape', 'u', 'dy'], [batch, steps, 4 * units], batch, size, code);
}

/** Runs `program` for `batch` sequences of `steps` steps on the WebGPU backend. */
function run(backend: WebGPUBackend, program: Program, inputs: tf.TensorInfo[], batch: number, steps: number): tf.TensorInfo {
  const uniforms = [
    { type: 'int32', data: [batch] },
    { type: 'int32', data: [steps] },
  ];
  return backend.runWebGPUProgram(program as never, inputs, 'float32', uniforms);
}

/** Checks that `units` fits the device's workgroup memory; returns the workgroup size to use. */
function checkedWorkgroup(units: number, device: GPUDevice): number {
  const max = maxWebGpuLstmUnits(device.limits.maxComputeWorkgroupStorageSize);
  if (units > max) throw new FusedLstmError(`units ${units} exceeds the WebGPU LSTM kernel's limit of ${max} on this device`);
  return workgroupSize(units, device);
}

/** The arguments tfjs passes a kernel. */
interface KernelArgs {
  readonly inputs: Record<string, tf.TensorInfo>;
  readonly backend: unknown;
  readonly attrs?: unknown;
}

function forwardKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const gpu = backend as WebGPUBackend;
  const { xw, u } = inputs;
  const [batch, steps] = xw.shape;
  const units = u.shape[0];
  const program = forwardProgram(batch, steps, units, attrs as LstmKernelAttrs, checkedWorkgroup(units, gpu.device));
  return run(gpu, program, [xw, u], batch, steps);
}

function backwardKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const gpu = backend as WebGPUBackend;
  const { tape, u, dy } = inputs;
  const [batch, steps] = tape.shape;
  const units = u.shape[0];
  const program = backwardProgram(batch, steps, units, attrs as LstmKernelAttrs, checkedWorkgroup(units, gpu.device));
  return run(gpu, program, [tape, u, dy], batch, steps);
}

for (const [kernelName, kernelFunc] of [
  [LSTM_SEQUENCE_KERNEL, forwardKernel],
  [LSTM_SEQUENCE_GRAD_KERNEL, backwardKernel],
] as const) {
  if (tf.getKernel(kernelName, WEBGPU) === undefined) tf.registerKernel({ kernelName, backendName: WEBGPU, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}

/** Storage-buffer bytes the training pass of one sequence of `steps` steps needs (its tape). */
export function tapeBytesPerSequence(steps: number, units: number): number {
  return steps * 6 * units * 4;
}

/** The active WebGPU device's limits (the fused op sizes its batches by them). */
export function webGpuLimits(): GPUSupportedLimits {
  return (tf.backend() as WebGPUBackend).device.limits;
}
