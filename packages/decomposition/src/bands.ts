/**
 * Grouping of SSA components into the paper's frequency bands by dominant period (days): seasonal
 * (< 16 months), inter-annual variability (16–128 months) and trend (> 128 months, including the
 * zero-frequency mean component whose period is infinite).
 */
import { DecompositionError } from './errors.js';

/** Frequency band of a component. */
export type Band = 'seasonal' | 'iav' | 'trend';

/** The three bands in reporting order. */
export const BANDS: readonly Band[] = ['seasonal', 'iav', 'trend'];

/** The two bands the paper trains guided models on and compares (seasonal and inter-annual). */
export type GuidedBand = Extract<Band, 'seasonal' | 'iav'>;

/** The guided bands, seasonal first (the paper's table order). */
export const GUIDED_BANDS: readonly GuidedBand[] = ['seasonal', 'iav'];

/** What a model is trained to predict: the raw series (the unguided model) or one band of it (a guided model). */
export type Task = 'raw' | Band;

/** Every task, raw first then the bands in reporting order. */
export const TASKS: readonly Task[] = ['raw', ...BANDS];

/** How a band or task is named in text: raw, seasonal, IAV, trend. */
export function bandLabel(band: Task): string {
  return band === 'iav' ? 'IAV' : band;
}

/** The other guided band: the one a cross-scale model of `band` was trained on. */
export function otherBand(band: GuidedBand): GuidedBand {
  return band === 'seasonal' ? 'iav' : 'seasonal';
}

/** Period limits in days: seasonal < seasonalMaxDays ≤ iav ≤ trendMinDays < trend. */
export interface BandLimits {
  readonly seasonalMaxDays: number;
  readonly trendMinDays: number;
}

/** Average month length (days) used to turn the paper's month limits into days. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** The paper's limits: 16 months (487 d) and 128 months (3896 d). */
export const PAPER_BAND_LIMITS: BandLimits = {
  seasonalMaxDays: Math.round(16 * DAYS_PER_MONTH),
  trendMinDays: Math.round(128 * DAYS_PER_MONTH),
};

/** Checks that the limits are positive and ordered. */
export function checkBandLimits(limits: BandLimits): BandLimits {
  const { seasonalMaxDays, trendMinDays } = limits;
  if (!(seasonalMaxDays > 0) || !(trendMinDays >= seasonalMaxDays) || !Number.isFinite(trendMinDays)) {
    throw new DecompositionError('bandLimits', `need 0 < seasonalMaxDays ≤ trendMinDays < ∞, got ${seasonalMaxDays} and ${trendMinDays}`);
  }
  return limits;
}

/** Band of a component with dominant period `periodDays` (Infinity → trend). */
export function bandOfPeriod(periodDays: number, limits: BandLimits = PAPER_BAND_LIMITS): Band {
  if (periodDays < limits.seasonalMaxDays) return 'seasonal';
  if (periodDays > limits.trendMinDays) return 'trend';
  return 'iav';
}

/** Population variance of a series (unit²). */
export function variance(series: ArrayLike<number>): number {
  const n = series.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += series[i];
  mean /= n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (series[i] - mean) ** 2;
  return sum / n;
}

/**
 * Variance of each band divided by the variance of the input (dimensionless). Bands are not exactly
 * orthogonal, so the shares need not sum to 1.
 */
export function bandVarianceShares(input: ArrayLike<number>, bands: Record<Band, ArrayLike<number>>): Record<Band, number> {
  const total = variance(input);
  const share = (band: Band): number => (total > 0 ? variance(bands[band]) / total : 0);
  return { seasonal: share('seasonal'), iav: share('iav'), trend: share('trend') };
}
