import { ReferenceLstmKernel, WasmLstmKernel, type LstmGradients, type LstmKernel } from '../src/fused-lstm/index.js';
import { expectFiniteDifferences } from './helpers/finite-differences.js';
import { randomArray, randomProblem, relativeError } from './fused-lstm-helpers.js';

const reference = new ReferenceLstmKernel();
const oneThread = WasmLstmKernel.load({ threads: 1 });
const twoThreads = WasmLstmKernel.load({ threads: 2 });
afterAll(() => {
  oneThread.close();
  twoThreads.close();
});

function run(kernel: LstmKernel, problem: ReturnType<typeof randomProblem>, seed: number): { output: Float32Array; grads: LstmGradients } {
  const { output, tape } = kernel.forward(problem.dims, problem.x, problem.weights);
  const dy = randomArray(output.length, seed, 1);
  return { output, grads: kernel.backward(tape, dy) };
}

function expectClose(a: ReturnType<typeof run>, b: ReturnType<typeof run>, tolerance: number): void {
  expect(relativeError(a.output, b.output)).toBeLessThan(tolerance);
  expect(relativeError(a.grads.dx, b.grads.dx)).toBeLessThan(tolerance);
  expect(relativeError(a.grads.dKernel, b.grads.dKernel)).toBeLessThan(tolerance);
  expect(relativeError(a.grads.dRecurrentKernel, b.grads.dRecurrentKernel)).toBeLessThan(tolerance);
  expect(relativeError(a.grads.dBias, b.grads.dBias)).toBeLessThan(tolerance);
}

describe('WebAssembly SIMD LSTM kernel against the TypeScript reference', () => {
  const cases: [number, number, number, number, 'hardSigmoid' | 'sigmoid', boolean][] = [
    [1, 1, 1, 1, 'hardSigmoid', false],
    [3, 7, 5, 16, 'hardSigmoid', false],
    [3, 7, 5, 16, 'sigmoid', true],
    [5, 9, 3, 6, 'sigmoid', false],
    [9, 40, 8, 64, 'hardSigmoid', false],
  ];
  it.each(cases)('batch %i, steps %i, features %i, units %i, %s gates, sequences %s', (B, T, F, H, act, seq) => {
    const problem = randomProblem(B, T, F, H, 11 * B + T, act, seq);
    expectClose(run(oneThread, problem, 5), run(reference, problem, 5), 1e-4);
  });

  it('gives the same result on 1 and 2 threads, and after an interleaved call (recomputed activations)', () => {
    const problem = randomProblem(13, 30, 8, 20, 3, 'sigmoid', true);
    const single = run(oneThread, problem, 9);
    expectClose(run(twoThreads, problem, 9), single, 1e-5);
    const first = twoThreads.forward(problem.dims, problem.x, problem.weights);
    const other = randomProblem(6, 12, 4, 8, 4);
    twoThreads.forward(other.dims, other.x, other.weights);
    const grads = twoThreads.backward(first.tape, randomArray(first.output.length, 9, 1));
    expectClose({ output: first.output, grads }, single, 1e-5);
  });

  it('processes slices larger than the work budget in chunks, recomputing activations for the backward pass', () => {
    const problem = randomProblem(11, 6, 4, 8, 17, 'sigmoid', true);
    const chunked = WasmLstmKernel.load({ threads: 2, workBudgetBytes: 1 });
    try {
      expectClose(run(chunked, problem, 2), run(reference, problem, 2), 1e-4);
    } finally {
      chunked.close();
    }
  });

  it('rejects arrays that do not match the dimensions, naming them', () => {
    const problem = randomProblem(2, 3, 4, 5, 1);
    expect(() => oneThread.forward(problem.dims, problem.x.subarray(1), problem.weights)).toThrow(/x has 23 values/);
    expect(() => reference.forward({ ...problem.dims, units: 0 }, problem.x, problem.weights)).toThrow(/units must be a positive integer/);
  });
});

describe('forward-only (inference) path of the WebAssembly kernel', () => {
  const cases: [number, number, number, number, 'hardSigmoid' | 'sigmoid', boolean][] = [
    [1, 1, 1, 1, 'hardSigmoid', false],
    [3, 7, 5, 16, 'sigmoid', true],
    [5, 9, 3, 6, 'sigmoid', false],
    [9, 40, 8, 64, 'hardSigmoid', false],
    [7, 50, 8, 64, 'sigmoid', false],
    [4, 11, 8, 12, 'hardSigmoid', true],
  ];
  it.each(cases)('equals the training pass\'s forward output exactly, on 1 and 2 threads: batch %i, steps %i, features %i, units %i, %s gates, sequences %s', (B, T, F, H, act, seq) => {
    const problem = randomProblem(B, T, F, H, 7 * B + T, act, seq);
    const expected = Array.from(oneThread.forward(problem.dims, problem.x, problem.weights).output);
    expect(Array.from(oneThread.infer(problem.dims, problem.x, problem.weights))).toEqual(expected);
    expect(Array.from(twoThreads.infer(problem.dims, problem.x, problem.weights))).toEqual(expected);
    expect(relativeError(reference.infer(problem.dims, problem.x, problem.weights), expected)).toBeLessThan(1e-4);
  });

  it('leaves a pending backward pass correct (it reuses the memory of the saved activations)', () => {
    const problem = randomProblem(13, 30, 8, 20, 3, 'sigmoid', true);
    const single = run(oneThread, problem, 9);
    const first = twoThreads.forward(problem.dims, problem.x, problem.weights);
    const other = randomProblem(40, 25, 8, 64, 4);
    twoThreads.infer(other.dims, other.x, other.weights);
    const grads = twoThreads.backward(first.tape, randomArray(first.output.length, 9, 1));
    expectClose({ output: first.output, grads }, single, 1e-5);
  });

  it('does not depend on the work budget of the training pass', () => {
    const problem = randomProblem(11, 6, 4, 8, 17, 'sigmoid', false);
    const chunked = WasmLstmKernel.load({ threads: 2, workBudgetBytes: 1 });
    try {
      expect(Array.from(chunked.infer(problem.dims, problem.x, problem.weights))).toEqual(Array.from(oneThread.forward(problem.dims, problem.x, problem.weights).output));
    } finally {
      chunked.close();
    }
  });

  it('rejects arrays that do not match the dimensions, naming them', () => {
    const problem = randomProblem(2, 3, 4, 5, 1);
    expect(() => twoThreads.infer(problem.dims, problem.x, { ...problem.weights, bias: problem.weights.bias.subarray(2) })).toThrow(/bias has 18 values/);
  });
});

describe('TypeScript reference LSTM gradients', () => {
  it('match central finite differences of the forward pass', () => {
    const problem = randomProblem(2, 4, 3, 3, 21, 'sigmoid', true);
    const { output, tape } = reference.forward(problem.dims, problem.x, problem.weights);
    const dy = randomArray(output.length, 22, 1);
    const grads = reference.backward(tape, dy);
    const loss = (): number => {
      const out = reference.forward(problem.dims, problem.x, problem.weights).output;
      return out.reduce((s, v, i) => s + v * dy[i], 0);
    };
    expectFiniteDifferences(problem.x, grads.dx, loss);
    expectFiniteDifferences(problem.weights.kernel, grads.dKernel, loss);
    expectFiniteDifferences(problem.weights.recurrentKernel, grads.dRecurrentKernel, loss);
    expectFiniteDifferences(problem.weights.bias, grads.dBias, loss);
  });
});
