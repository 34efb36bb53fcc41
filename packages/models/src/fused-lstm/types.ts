/** Recurrent (gate) activation of the LSTM: Keras' hard sigmoid clip(0.2·x + 0.5, 0, 1) or the logistic sigmoid. */
export type RecurrentActivation = 'hardSigmoid' | 'sigmoid';

/** Sizes of one fused LSTM call: x is [batch, steps, features], the layer has `units` hidden units. */
export interface LstmDims {
  batch: number;
  steps: number;
  features: number;
  units: number;
  recurrentActivation: RecurrentActivation;
  /** true: output h for every step [batch, steps, units]; false: the last step only [batch, units]. */
  returnSequences: boolean;
}

/** LSTM weights in the tf.layers.lstm layout, gate blocks in Keras order i, f, c, o:
 *  kernel [features, 4·units], recurrentKernel [units, 4·units], bias [4·units]. */
export interface LstmWeights {
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
}

/** Gradients of a scalar loss with respect to the input sequence and every weight (same layouts). */
export interface LstmGradients {
  dx: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
}

/** LSTM state of every sequence of a batch: hidden states h and cell states c, each row-major [batch, units]. */
export interface LstmState {
  h: Float32Array;
  c: Float32Array;
}

/** Result of a forward pass: the output, the state after the last step, and an opaque tape the backward pass of the same kernel consumes. */
export interface LstmForward {
  output: Float32Array;
  final: LstmState;
  tape: unknown;
}

/** A whole-sequence LSTM implementation (WebAssembly SIMD or the TypeScript fallback). */
export interface LstmKernel {
  /** 'wasm-simd' or 'typescript'. */
  readonly name: string;
  /** Threads the kernel splits a batch over. */
  readonly threads: number;
  /** Runs the LSTM over x [batch, steps, features] from `initial` states (zeros when omitted); no gradient flows to them. */
  forward(dims: LstmDims, x: Float32Array, weights: LstmWeights, initial?: LstmState): LstmForward;
  /** Runs the LSTM like forward() but keeps nothing for a backward pass (inference); returns the output. */
  infer(dims: LstmDims, x: Float32Array, weights: LstmWeights): Float32Array;
  /** Backpropagates dy (shaped like the forward output) through the pass recorded in `tape`. */
  backward(tape: unknown, dy: Float32Array): LstmGradients;
}

/** Thrown for invalid fused-LSTM arguments (names the offending parameter) or an unusable kernel. */
export class FusedLstmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FusedLstmError';
  }
}

/** Checks that the arrays match `dims`; throws FusedLstmError naming the first mismatching parameter. */
export function checkLstmArguments(dims: LstmDims, x: Float32Array, weights: LstmWeights, initial?: LstmState): void {
  const { batch, steps, features, units } = dims;
  for (const [name, value] of Object.entries({ batch, steps, features, units })) {
    if (!Number.isInteger(value) || value < 1) throw new FusedLstmError(`${name} must be a positive integer, got ${value}`);
  }
  const expect = (name: string, array: Float32Array, length: number): void => {
    if (array.length !== length) throw new FusedLstmError(`${name} has ${array.length} values, expected ${length}`);
  };
  expect('x', x, batch * steps * features);
  expect('kernel', weights.kernel, features * 4 * units);
  expect('recurrentKernel', weights.recurrentKernel, units * 4 * units);
  expect('bias', weights.bias, 4 * units);
  if (initial !== undefined) {
    expect('initial h', initial.h, batch * units);
    expect('initial c', initial.c, batch * units);
  }
}

/** Number of values in the forward output for `dims`. */
export function outputLength(dims: LstmDims): number {
  return dims.batch * dims.units * (dims.returnSequences ? dims.steps : 1);
}
