/**
 * Paired comparison of two models over sites: per (site, seed replicate) row the difference
 * treatment − reference of one metric; seeds averaged within a site, so that the site is the
 * independent unit; the mean over sites with its site-bootstrap interval, the seed-to-seed spread,
 * the smallest detectable effect, a Wilcoxon signed-rank test across sites and the verdict.
 */
import { clusterBootstrapMean, clusterMeans, type ClusterBootstrapOptions } from './bootstrap.js';
import { InvalidParameterError } from './errors.js';
import { groupIndices } from './groups.js';
import type { Series } from './pairs.js';
import { METRIC_NAMES, METRICS, type MetricEntry, type RankedMetricName } from './registry.js';
import { verdictOf, type Verdict } from './verdict.js';
import { wilcoxonSignedRank, type WilcoxonSignedRank } from './wilcoxon.js';

/** The label of the pooled group, every site together, beside the per-group ones. */
export const ALL_SITES = 'all sites';

/** z of 0.975 plus z of 0.8: a two-sided test at the 5 % level with 80 % power (normal approximation). */
const DETECTABLE_Z = 1.959964 + 0.841621;

/** A mean over sites with its bootstrap interval (null bounds with fewer than 2 sites), in the units of the values. */
export interface SiteInterval {
  readonly mean: number;
  readonly lo: number | null;
  readonly hi: number | null;
}

/** The rows compared: per (site, seed replicate) row, both models' scores of one metric. */
export interface PairedRows {
  /** The treatment's score per row, in the metric's units. */
  readonly treatment: Series;
  /** The reference's score per row. */
  readonly reference: Series;
  /** Each row's site: the resampling unit. */
  readonly sites: ArrayLike<string | number>;
  /** Each row's seed replicate. */
  readonly replicates: ArrayLike<number>;
}

/** Options of {@link pairedComparison}. */
export interface PairedComparisonOptions {
  /** The metric scored: its registry entry says which differences are better. */
  readonly metric: RankedMetricName;
  /** The site bootstrap: resamples, confidence level, seed (see {@link clusterBootstrapMean}). */
  readonly bootstrap: ClusterBootstrapOptions;
}

/** The Wilcoxon signed-rank test of a comparison: statistic, two-sided p, differences used and method. */
export type PairedWilcoxon = Pick<WilcoxonSignedRank, 'statistic' | 'p' | 'n' | 'method'>;

/** What the differences treatment − reference say over sites (units of the metric). */
export interface PairedComparison extends SiteInterval {
  /** Sites with a row (seeds averaged within each). */
  readonly sites: number;
  /** Distinct seed replicates. */
  readonly replicates: number;
  /** Sample standard deviation over seed replicates of the mean difference (null with one replicate). */
  readonly seedSpread: number | null;
  /**
   * The smallest true mean difference these sites would detect with 80 % power in a two-sided test at
   * the 5 % level: (z 0.975 + z 0.8) · sample SD of the site differences / √sites (null with fewer than 2 sites).
   */
  readonly detectable: number | null;
  /** Two-sided Wilcoxon signed-rank test of the site differences against zero (null without a site). */
  readonly wilcoxon: PairedWilcoxon | null;
  /** 'helps' when the interval lies on the metric's better side of 0, 'hurts' on its worse side, else 'no evidence'. */
  readonly verdict: Verdict;
  /** Mean over sites of each model's score (seeds averaged within a site). */
  readonly levels: { readonly treatment: number; readonly reference: number };
}

/** The mean of values, NaN for none (NaN values propagate). */
function average(v: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i];
  return v.length > 0 ? sum / v.length : Number.NaN;
}

/** The sample standard deviation of the finite values, or null with fewer than two. */
function sampleSd(values: ArrayLike<number>): number | null {
  const v = Array.from(values).filter(Number.isFinite);
  if (v.length < 2) return null;
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  return Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1));
}

/** The site means of `values` (seeds averaged within a site) and their mean with its bootstrap interval. */
function intervalOfSites(values: Series, sites: ArrayLike<string | number>, bootstrap: ClusterBootstrapOptions): SiteInterval & { readonly siteMeans: Float64Array } {
  const siteMeans = clusterMeans(values, sites).means;
  if (siteMeans.length < 2) return { mean: average(siteMeans), lo: null, hi: null, siteMeans };
  const interval = clusterBootstrapMean(siteMeans, bootstrap);
  return { mean: interval.mean, lo: interval.lo, hi: interval.hi, siteMeans };
}

/**
 * The mean over sites of per-row values (`sites[i]` labels `values[i]`; a site's rows, e.g. its seed
 * replicates, are averaged first) with its site-bootstrap interval; null bounds with fewer than 2 sites.
 */
export function siteMeanInterval(values: Series, sites: ArrayLike<string | number>, bootstrap: ClusterBootstrapOptions): SiteInterval {
  const { siteMeans: _, ...interval } = intervalOfSites(values, sites, bootstrap);
  return interval;
}

/** The mean over sites of per-row values, a site's rows averaged first (NaN without a row). */
export function siteMean(values: Series, sites: ArrayLike<string | number>): number {
  return average(clusterMeans(values, sites).means);
}

/** Throws unless every column of the rows is as long as `treatment`. */
function requireRows(rows: PairedRows): void {
  const n = rows.treatment.length;
  for (const name of ['reference', 'sites', 'replicates'] as const) {
    if (rows[name].length !== n) throw new InvalidParameterError(name, `length ${rows[name].length} differs from treatment length ${n}`);
  }
}

/**
 * Compares a treatment with a reference over sites in one metric: the per-row differences
 * treatment − reference are averaged within each site (over its seed replicates, NaN dropped), then
 * summarised over sites — their mean with a seeded percentile bootstrap interval over sites
 * ({@link clusterBootstrapMean}), the seed spread (SD over replicates of the mean difference), the
 * detectable effect, a Wilcoxon signed-rank test of the site means ({@link wilcoxonSignedRank}) and
 * the verdict of the interval in the metric's direction ({@link verdictOf}). Deterministic for a
 * bootstrap seed. Columns of different lengths or an unranked metric throw InvalidParameterError.
 */
export function pairedComparison(rows: PairedRows, options: PairedComparisonOptions): PairedComparison {
  requireRows(rows);
  const { metric, bootstrap } = options;
  const entry: MetricEntry | undefined = Object.hasOwn(METRICS, metric) ? METRICS[metric] : undefined;
  if (entry === undefined || entry.better === 'zero') {
    const ranked = METRIC_NAMES.filter((m) => METRICS[m].better !== 'zero');
    throw new InvalidParameterError('metric', `must be one of ${ranked.join(', ')} (a metric with a better direction), got ${JSON.stringify(metric)}`);
  }
  const { treatment, reference, sites, replicates } = rows;
  const diff = Float64Array.from(treatment, (t, i) => t - reference[i]);
  const { siteMeans, ...interval } = intervalOfSites(diff, sites, bootstrap);
  const byReplicate = [...groupIndices(replicates)].sort(([a], [b]) => a - b);
  const replicateMeans = byReplicate.map(([, indices]) => average(indices.map((i) => diff[i])));
  const test = siteMeans.length >= 1 ? wilcoxonSignedRank(siteMeans) : null;
  const sd = sampleSd(siteMeans);
  return {
    sites: siteMeans.length,
    replicates: byReplicate.length,
    ...interval,
    seedSpread: sampleSd(replicateMeans),
    detectable: sd === null ? null : (DETECTABLE_Z * sd) / Math.sqrt(siteMeans.length),
    wilcoxon: test ? { statistic: test.statistic, p: test.p, n: test.n, method: test.method } : null,
    verdict: verdictOf(metric, interval.lo, interval.hi),
    levels: { treatment: siteMean(treatment, sites), reference: siteMean(reference, sites) },
  };
}
