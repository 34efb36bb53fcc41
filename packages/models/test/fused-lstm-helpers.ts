import type { LstmDims, LstmWeights, RecurrentActivation } from '../src/fused-lstm/index.js';

/** Deterministic uniform(-scale, scale) values (mulberry32), so failures reproduce. */
export function randomArray(length: number, seed: number, scale = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** A problem of the given sizes with random inputs and weights (weights scaled like Glorot). */
export function randomProblem(
  batch: number,
  steps: number,
  features: number,
  units: number,
  seed: number,
  recurrentActivation: RecurrentActivation = 'hardSigmoid',
  returnSequences = false,
): { dims: LstmDims; x: Float32Array; weights: LstmWeights } {
  const dims: LstmDims = { batch, steps, features, units, recurrentActivation, returnSequences };
  const weights: LstmWeights = {
    kernel: randomArray(features * 4 * units, seed + 1, Math.sqrt(6 / (features + 4 * units))),
    recurrentKernel: randomArray(units * 4 * units, seed + 2, Math.sqrt(3 / units)),
    bias: randomArray(4 * units, seed + 3, 0.5),
  };
  return { dims, x: randomArray(batch * steps * features, seed, 1.5), weights };
}

/** Largest absolute difference relative to the largest absolute reference value. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
