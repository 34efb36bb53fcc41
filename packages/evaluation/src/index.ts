// The public face of @fluxscale/evaluation. Numerical building blocks (FFT, special functions,
// smoothing kernels, the vega renderer, contouring) stay inside.

// Metrics and statistics.
export { InsufficientDataError, InvalidParameterError } from './metrics/errors.js';
export { maskPairs, type MaskedPairs, type Series } from './metrics/pairs.js';
export { bias, lcs, mae, mse, nse, pearson, r2, rmse, sb, scoreAll, scoreBySite, sdsd, type ScoreName, type Scores, type SiteScores } from './metrics/scores.js';
export { percentile, summarize, type Summary } from './metrics/percentiles.js';
export { pairedTTest, type PairedTTest } from './metrics/ttest.js';
export {
  clusterBootstrapMean,
  clusterMeans,
  MIN_BOOTSTRAP_RESAMPLES,
  type ClusterBootstrapInterval,
  type ClusterBootstrapOptions,
  type ClusterMeans,
} from './metrics/bootstrap.js';
export { WILCOXON_EXACT_MAX_N, wilcoxonSignedRank, type WilcoxonMethod, type WilcoxonSignedRank } from './metrics/wilcoxon.js';
export { taylorStats, type TaylorStats } from './metrics/taylor.js';
export {
  betterSign,
  betterWhen,
  isBetter,
  metric,
  METRIC_NAMES,
  metricUnit,
  METRICS,
  NEE_UNIT,
  type BetterWhen,
  type MetricBetter,
  type MetricEntry,
  type MetricName,
  type RankedMetricName,
} from './metrics/registry.js';
export { VERDICTS, verdictOf, type Verdict } from './metrics/verdict.js';
export {
  ALL_SITES,
  pairedComparison,
  siteMean,
  siteMeanInterval,
  type PairedComparison,
  type PairedComparisonOptions,
  type PairedRows,
  type PairedWilcoxon,
  type SiteInterval,
} from './metrics/paired.js';

// Wavelets: CWT, red-noise significance, cross-wavelet transform and coherence.
export { morlet, type Morlet } from './wavelets/morlet.js';
export { coneOfInfluence, cwt, icwt, waveletVariance, type ComplexMatrix, type CwtOptions, type CwtResult, type PadMode } from './wavelets/cwt.js';
export {
  globalSpectrum,
  redNoiseSpectrum,
  scaleAverage,
  waveletSignificance,
  type GlobalSpectrum,
  type GlobalSpectrumOptions,
  type LocalSignificance,
  type ScaleAverage,
  type ScaleAverageOptions,
  type SignificanceOptions,
} from './wavelets/significance.js';
export { ar1, type Ar1Method } from './wavelets/ar1.js';
export { xwt, type XwtOptions, type XwtResult } from './wavelets/cross.js';
export { type ScaleSmoothing } from './wavelets/smoothing.js';
export { wtc, wtcSignificance, wtcSignificanceParallel, type WtcOptions, type WtcResult, type WtcSignificance, type WtcSignificanceOptions } from './wavelets/coherence.js';

// Explaining models: GradientSHAP, driver shares, factorial responses.
export * from './explain/index.js';

// Figures (SVG).
export { closeFigureRenderer, FigureRenderError } from './figures/render.js';
export type { DateValues } from './figures/time.js';
export { taylorDiagram, type TaylorDiagramInput, type TaylorModel } from './figures/taylor.js';
export { groupedBars, type BarSeries, type GroupedBarsInput } from './figures/bars.js';
export { deltaHeatTable, improvementScores, type DeltaHeatTableInput } from './figures/heat-table.js';
export { MAX_WAVELET_CELLS, MAX_WAVELET_COLUMNS, waveletPlot, type WaveletKind, type WaveletPlotInput } from './figures/wavelet.js';
export { responseSurface, type ResponseSurfaceInput, type SurfaceAxis } from './figures/surface.js';
export { bandSeries, type BandLine, type BandSeriesInput } from './figures/bands.js';
export { forestPlot, type ForestPlotInput, type ForestRow } from './figures/forest.js';
