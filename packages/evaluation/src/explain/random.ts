/** Seeded pseudo-random numbers for GradientSHAP sampling: reproducible on every platform and backend. */
import { mulberry32, normalDeviates, shuffleInPlace } from '@fluxscale/data';

/** A seeded stream of uniform and normal deviates. */
export interface RandomStream {
  /** Uniform deviate in [0, 1). */
  uniform(): number;
  /** Standard normal deviate (Box–Muller). */
  normal(): number;
  /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
}

/** Random stream seeded by an integer: mulberry32 uniforms, Box–Muller normals from the same stream. */
export function randomStream(seed: number): RandomStream {
  const uniform = mulberry32(seed);
  const normal = normalDeviates(uniform);
  const permutation = (n: number): Int32Array => shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), uniform);
  return { uniform, normal, permutation };
}
