/**
 * Seeded pseudo-random numbers for everything a model draws (initialiser seeds, dropout seeds, batch
 * order, subsamples, search trials), so that one seed fixes a whole training run. Built on
 * @fluxscale/data's mulberry32 generator.
 */
import { mulberry32, shuffleInPlace as shuffleWith } from '@fluxscale/data';

/** A seeded stream of uniform draws. */
export interface Rng {
  /** Uniform draw in [0, 1). */
  next(): number;
  /** A 31-bit non-negative integer, e.g. a seed for a tfjs initialiser. */
  nextSeed(): number;
}

/** A seeded stream of uniform draws and integer seeds; `seed` is any integer. */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  return { next, nextSeed: () => Math.floor(next() * 2147483648) };
}

/** Shuffles `values` in place (Fisher–Yates) with draws from `rng`; returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(values: T, rng: Rng): T {
  return shuffleWith(values, () => rng.next());
}
