/** Seeded pseudo-random numbers for reproducible Monte Carlo tests. */
import { mulberry32, normalDeviates } from '@fluxscale/data';

/** A source of standard normal deviates. */
export type NormalSource = () => number;

/** Standard normal generator seeded by an integer (mulberry32 uniforms, Box–Muller). Same seed, same sequence. */
export function seededNormal(seed: number): NormalSource {
  return normalDeviates(mulberry32(seed));
}
