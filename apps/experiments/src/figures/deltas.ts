/**
 * The heat table of Figs. 3 and 4: per ecosystem group, the difference of two LSTMs' test scores
 * (ΔRMSE, ΔR², ΔLCS, ΔMAE) on the seasonal and the IAV band, blue where the first model is better.
 */
import { deltaHeatTable } from '@fluxscale/evaluation';
import { bandLabel, GUIDED_BANDS, type GuidedBand } from '@fluxscale/decomposition';

/** The scores compared, in column order. */
export const DELTA_METRICS = ['rmse', 'r2', 'lcs', 'mae'] as const;
export type DeltaMetric = (typeof DELTA_METRICS)[number];
/** Column names of the metrics' differences. */
export const DELTA_LABEL: Record<DeltaMetric, string> = { rmse: 'ΔRMSE', r2: 'ΔR²', lcs: 'ΔLCS', mae: 'ΔMAE' };

/** Is a difference (first − second) of `metric` an improvement: lower RMSE, LCS, MAE; higher R²? */
export const improves = (metric: DeltaMetric, delta: number): boolean => (metric === 'r2' ? delta > 0 : delta < 0);

/** SVG heat table: rows `groups`, columns band × metric, cells `delta(group, band, metric)`. */
export function bandDeltaTable(
  groups: readonly string[],
  delta: (group: string, band: GuidedBand, metric: DeltaMetric) => number,
  labels: { readonly title: string; readonly columnTitle: string },
): Promise<string> {
  return deltaHeatTable({
    rows: groups,
    columns: GUIDED_BANDS.flatMap((band) => DELTA_METRICS.map((m) => `${DELTA_LABEL[m]} ${bandLabel(band)}`)),
    values: groups.map((group) => GUIDED_BANDS.flatMap((band) => DELTA_METRICS.map((m) => delta(group, band, m)))),
    betterWhen: GUIDED_BANDS.flatMap(() => DELTA_METRICS.map((m) => (m === 'r2' ? 'higher' : 'lower'))),
    title: labels.title,
    rowTitle: 'Ecosystem group',
    columnTitle: labels.columnTitle,
  });
}
