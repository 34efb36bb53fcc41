/**
 * The verdict of a paired comparison: what the interval of a mean difference (treatment − reference)
 * says, given which values of the metric are better.
 */
import { betterSign, type RankedMetricName } from './registry.js';

/** What a difference says: the treatment is better (helps), worse (hurts), or the interval covers zero. */
export const VERDICTS = ['helps', 'hurts', 'no evidence'] as const;

/** What a difference says (one of {@link VERDICTS}). */
export type Verdict = (typeof VERDICTS)[number];

/**
 * The verdict of an interval [lo, hi] of treatment − reference in `metric`: 'helps' when it lies on
 * the better side of 0 (above for a higher-is-better metric, below for a lower-is-better one), 'hurts'
 * when on the worse side, else (or without an interval) 'no evidence'.
 */
export function verdictOf(metric: RankedMetricName, lo: number | null, hi: number | null): Verdict {
  if (lo === null || hi === null) return 'no evidence';
  const higher = betterSign(metric) === 1;
  const better = higher ? lo > 0 : hi < 0;
  const worse = higher ? hi < 0 : lo > 0;
  return better ? 'helps' : worse ? 'hurts' : 'no evidence';
}
