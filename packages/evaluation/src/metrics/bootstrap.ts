/**
 * Site-level (cluster) bootstrap of a mean: the confidence interval of a mean difference across
 * sites, where the site, not the day or the seed, is the independent unit.
 */
import { mulberry32 } from '@fluxscale/util';
import { InsufficientDataError, InvalidParameterError } from './errors.js';
import { groupIndices } from './groups.js';
import { mean as meanOf } from '@fluxscale/util';
import { dropNaN, type Series } from './pairs.js';
import { percentileOfSorted } from './percentiles.js';

/** Fewest resamples {@link clusterBootstrapMean} accepts: fewer leave the 2.5 % and 97.5 % quantiles noisy. */
export const MIN_BOOTSTRAP_RESAMPLES = 2000;

/** Means of values grouped by cluster label, e.g. per-seed differences averaged within their site. */
export interface ClusterMeans {
  /** Cluster labels, in order of first appearance. */
  readonly clusters: readonly (string | number)[];
  /** Mean of each cluster's non-NaN values, in the units of the values; NaN where all were NaN. */
  readonly means: Float64Array;
  /** Number of non-NaN values averaged in each cluster. */
  readonly counts: Int32Array;
}

/**
 * Averages `values` within each cluster (`clusters[i]` labels `values[i]`, e.g. the site of a
 * (site, seed) difference), dropping NaN values; clusters come out in order of first appearance.
 * Pass the means to {@link clusterBootstrapMean} or {@link wilcoxonSignedRank} so that each cluster
 * counts once, however many seeds it has.
 */
export function clusterMeans(values: Series, clusters: ArrayLike<string | number>): ClusterMeans {
  if (clusters.length !== values.length) {
    throw new InvalidParameterError('clusters', `length ${clusters.length} differs from values length ${values.length}`);
  }
  const groups = groupIndices(clusters);
  const means = new Float64Array(groups.size);
  const counts = new Int32Array(groups.size);
  let k = 0;
  for (const indices of groups.values()) {
    const kept = dropNaN(Float64Array.from(indices, (i) => values[i]));
    counts[k] = kept.length;
    means[k] = meanOf(kept);
    k++;
  }
  return { clusters: [...groups.keys()], means, counts };
}

/** Options of {@link clusterBootstrapMean}. */
export interface ClusterBootstrapOptions {
  /** Bootstrap resamples (default 10000, at least {@link MIN_BOOTSTRAP_RESAMPLES}). */
  readonly resamples?: number;
  /** Confidence level in (0, 1) (default 0.95). */
  readonly level?: number;
  /** Seed of the mulberry32 generator, an integer in [0, 2³²) (default 1). */
  readonly seed?: number;
}

/** Mean of per-cluster values with its percentile bootstrap confidence interval. */
export interface ClusterBootstrapInterval {
  /** Mean of the cluster values, in their units. */
  readonly mean: number;
  /** Lower end of the interval: the (1 − level)/2 quantile of the bootstrap means. */
  readonly lo: number;
  /** Upper end of the interval: the (1 + level)/2 quantile of the bootstrap means. */
  readonly hi: number;
  /** Standard deviation of the bootstrap means (bootstrap standard error of the mean), in the units of the values. */
  readonly standardError: number;
  /** Number of clusters used. */
  readonly n: number;
  /** Number of clusters dropped because their value was NaN. */
  readonly masked: number;
  /** Bootstrap resamples drawn. */
  readonly resamples: number;
  /** Confidence level of [lo, hi]. */
  readonly level: number;
  /** Seed of the generator; with `resamples` and the values it reproduces the interval exactly. */
  readonly seed: number;
}

function resampleCount(resamples: number): number {
  if (!Number.isInteger(resamples) || resamples < MIN_BOOTSTRAP_RESAMPLES) {
    throw new InvalidParameterError('resamples', `must be an integer ≥ ${MIN_BOOTSTRAP_RESAMPLES}, got ${resamples}`);
  }
  return resamples;
}

function confidenceLevel(level: number): number {
  if (!(level > 0 && level < 1)) throw new InvalidParameterError('level', `must be in (0, 1), got ${level}`);
  return level;
}

function generatorSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidParameterError('seed', `must be an integer in [0, 2^32), got ${seed}`);
  }
  return seed;
}

/**
 * Mean of one value per cluster (per site, e.g. a guided − unguided ΔR² already averaged over the
 * site's seeds with {@link clusterMeans}) and its percentile bootstrap confidence interval: `resamples`
 * times, n clusters are drawn with replacement (mulberry32 uniforms from `seed`) and averaged; `lo`
 * and `hi` are the (1 − level)/2 and (1 + level)/2 quantiles of these means (numpy's 'linear'
 * percentile). The same values, options and seed give the same interval on every platform. NaN values
 * are dropped (counted in `masked`); fewer than 2 clusters left throws InsufficientDataError, an
 * infinite value InvalidParameterError. Constant values give lo = mean = hi.
 */
export function clusterBootstrapMean(values: Series, options: ClusterBootstrapOptions = {}): ClusterBootstrapInterval {
  const resamples = resampleCount(options.resamples ?? 10000);
  const level = confidenceLevel(options.level ?? 0.95);
  const seed = generatorSeed(options.seed ?? 1);
  for (let i = 0; i < values.length; i++) {
    if (values[i] === Infinity || values[i] === -Infinity) throw new InvalidParameterError('values', `value at index ${i} is infinite`);
  }
  const kept = dropNaN(values);
  const n = kept.length;
  if (n < 2) throw new InsufficientDataError('values', n, 2, 'a bootstrap confidence interval');
  const mean = meanOf(kept);
  // Resample deviations from the mean, so that equal values give exactly the mean back.
  const deviations = kept.map((v) => v - mean);
  const uniform = mulberry32(seed);
  const means = new Float64Array(resamples);
  let sum = 0;
  let sumSquares = 0;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += deviations[Math.floor(uniform() * n)];
    const d = s / n;
    means[r] = mean + d;
    sum += d;
    sumSquares += d * d;
  }
  means.sort();
  const spread = sumSquares / resamples - (sum / resamples) ** 2;
  return {
    mean,
    lo: percentileOfSorted(means, (100 * (1 - level)) / 2),
    hi: percentileOfSorted(means, (100 * (1 + level)) / 2),
    standardError: Math.sqrt(Math.max(0, (spread * resamples) / (resamples - 1))),
    n,
    masked: values.length - n,
    resamples,
    level,
    seed,
  };
}
