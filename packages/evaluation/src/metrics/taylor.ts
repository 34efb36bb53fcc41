import { momentCorrelation, pairMoments } from '@fluxscale/util';
import { maskPairs, type Series } from './pairs.js';

/** Taylor-diagram statistics of one model against observations (Taylor 2001), population SDs. */
export interface TaylorStats {
  /** SD of the observations (input units). */
  readonly sdObserved: number;
  /** SD of the simulation (input units). */
  readonly sdSimulated: number;
  /** sdSimulated / sdObserved (the radial coordinate of the diagram). */
  readonly normalizedSd: number;
  /** Pearson correlation (the angular coordinate, θ = acos r). */
  readonly correlation: number;
  /** Centred RMS difference, √mean(((s − s̄) − (o − ō))²) (input units). */
  readonly crmsd: number;
  /** crmsd / sdObserved. */
  readonly normalizedCrmsd: number;
  /** Number of pairs used. */
  readonly n: number;
  /** Number of pairs dropped because either value was NaN. */
  readonly masked: number;
}

/**
 * Taylor statistics of `simulated` against `observed`, NaN pairs dropped. They satisfy
 * crmsd² = sdS² + sdO² − 2·sdS·sdO·r. Degenerate cases give NaN, not 0: no pairs → all NaN;
 * constant observations → normalizedSd, correlation and normalizedCrmsd NaN; constant simulation or
 * n < 2 → correlation NaN.
 */
export function taylorStats(observed: Series, simulated: Series): TaylorStats {
  const pairs = maskPairs(observed, simulated);
  const n = pairs.observed.length;
  const m = pairMoments(pairs.simulated, pairs.observed);
  const sdSimulated = Math.sqrt(m.varA);
  const sdObserved = Math.sqrt(m.varB);
  const crmsd = Math.sqrt(Math.max(0, m.varA + m.varB - 2 * m.cov));
  const correlation = momentCorrelation(m);
  return {
    sdObserved,
    sdSimulated,
    normalizedSd: sdObserved === 0 ? Number.NaN : sdSimulated / sdObserved,
    correlation,
    crmsd,
    normalizedCrmsd: sdObserved === 0 ? Number.NaN : crmsd / sdObserved,
    n,
    masked: pairs.masked,
  };
}
