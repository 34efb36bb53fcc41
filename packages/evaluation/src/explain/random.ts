/** Seeded pseudo-random numbers for GradientSHAP sampling: reproducible on every platform and backend. */

/** A seeded stream of uniform and normal deviates. */
export interface RandomStream {
  /** Uniform deviate in [0, 1). */
  uniform(): number;
  /** Standard normal deviate (Box–Muller). */
  normal(): number;
  /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
}

/**
 * Random stream seeded by an integer: mulberry32 uniforms (32-bit state) turned into normals by the
 * Box–Muller transform (the second deviate of each pair is kept for the next call).
 */
export function randomStream(seed: number): RandomStream {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare = Number.NaN;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = Number.NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  const permutation = (n: number): Int32Array => {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  };
  return { uniform, normal, permutation };
}
