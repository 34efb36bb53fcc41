import {
  checkLstmArguments,
  FusedLstmError,
  outputLength,
  type LstmDims,
  type LstmForward,
  type LstmGradients,
  type LstmKernel,
  type LstmState,
  type LstmWeights,
  type RecurrentActivation,
} from './types.js';

/** Gate activation as a function of its pre-activation. */
function gate(kind: RecurrentActivation, a: number): number {
  return kind === 'hardSigmoid' ? Math.min(1, Math.max(0, 0.2 * a + 0.5)) : 1 / (1 + Math.exp(-a));
}

/** Derivative of the gate activation written through its output y. */
function gateSlope(kind: RecurrentActivation, y: number): number {
  if (kind === 'hardSigmoid') return y > 0 && y < 1 ? 0.2 : 0;
  return y * (1 - y);
}

/**
 * The state of unit k before step t of sequence b (flat row = b·steps + t): the previous row of `states`
 * ([batch, steps, H]), or at t = 0 the initial state `initial` ([batch, H]; zero when absent).
 */
function previous(states: Float32Array, initial: Float32Array | undefined, row: number, b: number, t: number, H: number, k: number): number {
  if (t > 0) return states[(row - 1) * H + k];
  return initial === undefined ? 0 : initial[b * H + k];
}

interface ReferenceTape {
  dims: LstmDims;
  x: Float32Array;
  weights: LstmWeights;
  /** Initial states, when not zeros. */
  initial: LstmState | undefined;
  /** Gate activations [batch, steps, 4·units] (i, f, c, o). */
  gates: Float32Array;
  /** Cell states [batch, steps, units]. */
  cells: Float32Array;
  /** Hidden states [batch, steps, units]. */
  hidden: Float32Array;
}

/**
 * Whole-sequence LSTM in plain TypeScript on Float32Array storage: the fallback for runtimes without
 * WebAssembly SIMD and the reference the SIMD kernel is tested against. Same algorithm as the kernel
 * (input projection, recurrence with the four gates together, backpropagation through time).
 */
export class ReferenceLstmKernel implements LstmKernel {
  readonly name = 'typescript';
  readonly threads = 1;

  /** The forward pass's output (the reference keeps its tape; only the WebAssembly kernel has a leaner path). */
  infer(dims: LstmDims, x: Float32Array, weights: LstmWeights): Float32Array {
    return this.forward(dims, x, weights).output;
  }

  forward(dims: LstmDims, x: Float32Array, weights: LstmWeights, initial?: LstmState): LstmForward {
    checkLstmArguments(dims, x, weights, initial);
    const { batch: B, steps: T, features: F, units: H, recurrentActivation: act } = dims;
    const G = 4 * H;
    const { kernel: W, recurrentKernel: U, bias } = weights;
    const gates = new Float32Array(B * T * G);
    const cells = new Float32Array(B * T * H);
    const hidden = new Float32Array(B * T * H);
    const a = new Float64Array(G);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const row = b * T + t;
        for (let j = 0; j < G; j++) a[j] = bias[j];
        for (let f = 0; f < F; f++) {
          const xv = x[row * F + f];
          for (let j = 0; j < G; j++) a[j] += xv * W[f * G + j];
        }
        if (t > 0 || initial !== undefined) {
          for (let k = 0; k < H; k++) {
            const hv = previous(hidden, initial?.h, row, b, t, H, k);
            for (let j = 0; j < G; j++) a[j] += hv * U[k * G + j];
          }
        }
        for (let k = 0; k < H; k++) {
          const i = gate(act, a[k]);
          const f = gate(act, a[H + k]);
          const c = Math.tanh(a[2 * H + k]);
          const o = gate(act, a[3 * H + k]);
          const g = row * G;
          gates[g + k] = i;
          gates[g + H + k] = f;
          gates[g + 2 * H + k] = c;
          gates[g + 3 * H + k] = o;
          const cPrev = previous(cells, initial?.c, row, b, t, H, k);
          const cell = f * cPrev + i * c;
          cells[row * H + k] = cell;
          hidden[row * H + k] = o * Math.tanh(cell);
        }
      }
    }
    const output = new Float32Array(outputLength(dims));
    const final = { h: new Float32Array(B * H), c: new Float32Array(B * H) };
    for (let b = 0; b < B; b++) {
      final.h.set(hidden.subarray((b * T + T - 1) * H, (b * T + T) * H), b * H);
      final.c.set(cells.subarray((b * T + T - 1) * H, (b * T + T) * H), b * H);
    }
    output.set(dims.returnSequences ? hidden : final.h);
    const tape: ReferenceTape = { dims, x, weights, initial, gates, cells, hidden };
    return { output, final, tape };
  }

  backward(tape: unknown, dy: Float32Array): LstmGradients {
    const { dims, x, weights, initial, gates, cells, hidden } = tape as ReferenceTape;
    if (dy.length !== outputLength(dims)) throw new FusedLstmError(`dy has ${dy.length} values, expected ${outputLength(dims)}`);
    const { batch: B, steps: T, features: F, units: H, recurrentActivation: act } = dims;
    const G = 4 * H;
    const { kernel: W, recurrentKernel: U } = weights;
    const dx = new Float32Array(B * T * F);
    const dW = new Float64Array(F * G);
    const dU = new Float64Array(H * G);
    const dB = new Float64Array(G);
    const dh = new Float64Array(H);
    const dc = new Float64Array(H);
    const da = new Float64Array(G);
    for (let b = 0; b < B; b++) {
      dc.fill(0);
      if (dims.returnSequences) dh.fill(0);
      else for (let k = 0; k < H; k++) dh[k] = dy[b * H + k];
      for (let t = T - 1; t >= 0; t--) {
        const row = b * T + t;
        if (dims.returnSequences) for (let k = 0; k < H; k++) dh[k] += dy[row * H + k];
        const g = row * G;
        for (let k = 0; k < H; k++) {
          const i = gates[g + k], f = gates[g + H + k], c = gates[g + 2 * H + k], o = gates[g + 3 * H + k];
          const tc = Math.tanh(cells[row * H + k]);
          const cPrev = previous(cells, initial?.c, row, b, t, H, k);
          const dCell = dc[k] + dh[k] * o * (1 - tc * tc);
          da[k] = dCell * c * gateSlope(act, i);
          da[H + k] = dCell * cPrev * gateSlope(act, f);
          da[2 * H + k] = dCell * i * (1 - c * c);
          da[3 * H + k] = dh[k] * tc * gateSlope(act, o);
          dc[k] = dCell * f;
        }
        for (let j = 0; j < G; j++) dB[j] += da[j];
        for (let f = 0; f < F; f++) {
          const xv = x[row * F + f];
          let s = 0;
          for (let j = 0; j < G; j++) {
            dW[f * G + j] += xv * da[j];
            s += da[j] * W[f * G + j];
          }
          dx[row * F + f] = s;
        }
        for (let k = 0; k < H; k++) {
          const hPrev = previous(hidden, initial?.h, row, b, t, H, k);
          let s = 0;
          for (let j = 0; j < G; j++) {
            dU[k * G + j] += hPrev * da[j];
            s += da[j] * U[k * G + j];
          }
          dh[k] = s;
        }
      }
    }
    return { dx, dKernel: Float32Array.from(dW), dRecurrentKernel: Float32Array.from(dU), dBias: Float32Array.from(dB) };
  }
}
