/**
 * The heat table of Figs. 3 and 4: per ecosystem group, the difference of two LSTMs' test scores
 * (ΔRMSE, ΔR², ΔLCS, ΔMAE) on the seasonal and the IAV band, blue where the first model is better.
 */
import { betterWhen, deltaHeatTable, METRICS } from '@fluxscale/evaluation';
import { bandLabel, GUIDED_BANDS, type GuidedBand } from '@fluxscale/decomposition';

/** The scores compared, in column order. */
export const DELTA_METRICS = ['rmse', 'r2', 'lcs', 'mae'] as const;
export type DeltaMetric = (typeof DELTA_METRICS)[number];
/** Column name of a metric's difference: ΔRMSE, ΔR², ΔLCS, ΔMAE. */
export const deltaLabel = (metric: DeltaMetric): string => `Δ${METRICS[metric].label}`;

/** SVG heat table: rows `groups`, columns band × metric, cells `delta(group, band, metric)`. */
export function bandDeltaTable(
  groups: readonly string[],
  delta: (group: string, band: GuidedBand, metric: DeltaMetric) => number,
  labels: { readonly title: string; readonly columnTitle: string },
): Promise<string> {
  return deltaHeatTable({
    rows: groups,
    columns: GUIDED_BANDS.flatMap((band) => DELTA_METRICS.map((m) => `${deltaLabel(m)} ${bandLabel(band)}`)),
    values: groups.map((group) => GUIDED_BANDS.flatMap((band) => DELTA_METRICS.map((m) => delta(group, band, m)))),
    betterWhen: GUIDED_BANDS.flatMap(() => DELTA_METRICS.map((m) => betterWhen(m))),
    title: labels.title,
    rowTitle: 'Ecosystem group',
    columnTitle: labels.columnTitle,
  });
}
