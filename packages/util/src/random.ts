/**
 * Seeded pseudo-random numbers, so that every shuffle, initialisation, subsample and resample of
 * fluxscale is reproducible: one generator (mulberry32) and the few draws built on it.
 */

/**
 * mulberry32: a 32-bit seeded generator; returns a function giving uniform numbers in [0, 1).
 * The same seed always yields the same sequence.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `array` in place (Fisher-Yates) with the uniform generator `random`, and returns it. */
export function shuffleInPlace<T extends { [i: number]: number; length: number }>(array: T, random: () => number): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}

/**
 * Standard normal deviates from the uniform generator `random` (Box–Muller; the second deviate of
 * each pair is kept for the next call).
 */
export function normalDeviates(random: () => number): () => number {
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = Number.NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** A seeded stream of draws; every method takes from the same underlying sequence. */
export interface Rng {
  /** Uniform draw in [0, 1). */
  next(): number;
  /** A 31-bit non-negative integer, e.g. a seed for a tfjs initialiser. */
  nextSeed(): number;
  /** Standard normal draw (Box–Muller over `next`). */
  normal(): number;
  /** A uniformly random permutation of 0 … n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
}

/** A seeded stream of uniform, integer-seed and normal draws; `seed` is any integer. */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    nextSeed: () => Math.floor(next() * 2147483648),
    normal: normalDeviates(next),
    permutation: (n) => shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), next),
  };
}
