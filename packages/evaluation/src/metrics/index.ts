export { InvalidParameterError, InsufficientDataError } from './errors.js';
export type { Series, MaskedPairs } from './pairs.js';
export { maskPairs } from './pairs.js';
export type { Scores, SiteScores } from './scores.js';
export { scoreAll, scoreBySite, rmse, mae, mse, r2, pearson, lcs, sb, sdsd, bias, nse } from './scores.js';
export type { Summary } from './percentiles.js';
export { percentile, summarize } from './percentiles.js';
export type { PairedTTest } from './ttest.js';
export { pairedTTest } from './ttest.js';
export type { ClusterMeans, ClusterBootstrapOptions, ClusterBootstrapInterval } from './bootstrap.js';
export { clusterMeans, clusterBootstrapMean, MIN_BOOTSTRAP_RESAMPLES } from './bootstrap.js';
export type { WilcoxonMethod, WilcoxonSignedRank } from './wilcoxon.js';
export { wilcoxonSignedRank, WILCOXON_EXACT_MAX_N } from './wilcoxon.js';
export type { TaylorStats } from './taylor.js';
export { taylorStats } from './taylor.js';
export {
  lnGamma,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  inverseRegularizedGammaP,
  chiSquareQuantile,
  studentTCdf,
  studentTTwoSided,
  normalTwoSided,
} from './special.js';
