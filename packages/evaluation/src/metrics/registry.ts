/**
 * The metric registry: what fluxscale knows about each score it reports — its label, its unit (a
 * power of the target's unit), which values are better, whether a constant prediction has it, and
 * the function computing it. Tables, figures and verdicts read these facts here.
 */
import { InvalidParameterError } from './errors.js';
import type { Series } from './pairs.js';
import { bias, lcs, mae, mse, nse, pearson, r2, rmse, sb, sdsd } from './scores.js';

/** Which way a metric improves: a higher value is better, or a lower one. */
export type BetterWhen = 'higher' | 'lower';

/** Which values of a metric are better: higher, lower, or nearer zero (a signed bias). */
export type MetricBetter = BetterWhen | 'zero';

/** The unit of fluxscale's target, NEE: the default unit of {@link metricUnit}. */
export const NEE_UNIT = 'gC m⁻² d⁻¹';

/** One metric's facts. */
export interface MetricEntry {
  /** Short label in tables and figures, e.g. 'R²', 'MSE skill'. */
  readonly label: string;
  /** The power of the target's unit the metric is in: 0 unitless, 1 the target's unit, 2 its square. */
  readonly power: 0 | 1 | 2;
  /** Which values are better. */
  readonly better: MetricBetter;
  /**
   * Whether the metric is defined for a constant prediction (zero variance) of a varying truth; r and
   * R² are not (`scoreAll` gives NaN; a caller decides how such a prediction counts).
   */
  readonly definedForConstant: boolean;
  /** The function computing it from observed and simulated series, where it needs nothing else. */
  readonly compute?: (observed: Series, simulated: Series) => number;
}

/** Types every entry as a {@link MetricEntry} (so each has the optional `compute`), keeping its direction's literal type. */
const registry = <T extends Readonly<Record<string, MetricEntry>>>(entries: T): { readonly [K in keyof T]: MetricEntry & { readonly better: T[K]['better'] } } => entries;

/**
 * Every metric fluxscale reports. `r` is the signed Pearson correlation (`pearson`, the `pearson`
 * field of `Scores`); `r2` its square (as in the paper), not `nse` = 1 − SSE/SST (scikit-learn's
 * r2_score); `msess` the MSE skill over a baseline prediction, 1 − MSE / MSE of the baseline
 * (computed by the caller, who holds the baseline).
 */
export const METRICS = registry({
  rmse: { label: 'RMSE', power: 1, better: 'lower', definedForConstant: true, compute: rmse },
  mse: { label: 'MSE', power: 2, better: 'lower', definedForConstant: true, compute: mse },
  mae: { label: 'MAE', power: 1, better: 'lower', definedForConstant: true, compute: mae },
  r2: { label: 'R²', power: 0, better: 'higher', definedForConstant: false, compute: r2 },
  r: { label: 'r', power: 0, better: 'higher', definedForConstant: false, compute: pearson },
  nse: { label: 'NSE', power: 0, better: 'higher', definedForConstant: true, compute: nse },
  msess: { label: 'MSE skill', power: 0, better: 'higher', definedForConstant: true },
  lcs: { label: 'LCS', power: 2, better: 'lower', definedForConstant: true, compute: lcs },
  sb: { label: 'SB', power: 2, better: 'lower', definedForConstant: true, compute: sb },
  sdsd: { label: 'SDSD', power: 2, better: 'lower', definedForConstant: true, compute: sdsd },
  bias: { label: 'bias', power: 1, better: 'zero', definedForConstant: true, compute: bias },
} as const);

/** The name of a registered metric. */
export type MetricName = keyof typeof METRICS;

/** A metric whose higher or whose lower values are better (every one but the signed bias). */
export type RankedMetricName = { [K in MetricName]: (typeof METRICS)[K]['better'] extends BetterWhen ? K : never }[MetricName];

/** The names of every registered metric, in registry order. */
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** The registry entry of `name`; an unregistered name throws InvalidParameterError (for names read from files or input). */
export function metric(name: string): MetricEntry {
  if (!Object.hasOwn(METRICS, name)) throw new InvalidParameterError('metric', `must be one of ${METRIC_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  return METRICS[name as MetricName];
}

/** Whether a higher or a lower value of a ranked metric is better. */
export const betterWhen = (name: RankedMetricName): BetterWhen => METRICS[name].better;

/** +1 where a higher value of the metric is better, −1 where a lower one is: a difference times this sign is positive when it improves. */
export const betterSign = (name: RankedMetricName): 1 | -1 => (betterWhen(name) === 'higher' ? 1 : -1);

/** Whether value `a` of metric `name` is strictly better than value `b` (higher, lower, or nearer zero); NaN is never better. */
export function isBetter(name: MetricName, a: number, b: number): boolean {
  const better = METRICS[name].better;
  return better === 'higher' ? a > b : better === 'lower' ? a < b : Math.abs(a) < Math.abs(b);
}

/** The unit of metric `name` for a target in `targetUnit` (default NEE's): '' when unitless, the target's unit, or its square in brackets. */
export function metricUnit(name: MetricName, targetUnit: string = NEE_UNIT): string {
  const power = METRICS[name].power;
  return power === 0 ? '' : power === 1 ? targetUnit : `(${targetUnit})²`;
}
