/**
 * The verdict's statistics: does scale guidance help? For every site, SSA mode, seed replicate and
 * guided band, a row holds the scores of a treatment (the guided model), a reference (the unguided
 * model, its out-of-sample prediction decomposed into the band) and the no-skill baseline (the
 * training days' day-of-year climatology through the unguided path), each against the truth band on
 * the site's out-of-sample test days. Per ecosystem group and over all sites, per metric: the mean of
 * treatment − reference with a 95 % interval from a seeded site-level (cluster) bootstrap (seeds
 * averaged within a site first), the seed-to-seed spread, a Wilcoxon signed-rank test across sites,
 * every arm's mean level and each arm's gain over the baseline. A cell's verdict (helps, hurts, no
 * evidence) comes from the band's declared primary metric. The paper's second claim (each band's own
 * LSTM beats the other band's LSTM on it, Table 2) goes through the same machinery.
 *
 * Undefined scores are not dropped: a site whose truth band is constant on its test days has no row
 * (it is listed as excluded); a constant prediction of a varying truth scores r = R² = 0. Every
 * metric of a cell therefore covers the same sites. Everything in verdict.json is recomputed from its
 * rows by `summarise`.
 */
import type { DecompositionMode, GuidedBand } from '@fluxscale/decomposition';
import { ALL_SITES, pairedComparison, siteMean, siteMeanInterval, type PairedComparison, type SiteInterval } from '@fluxscale/evaluation';
import type { PrimaryMetric, RunConfig } from '../config/schema.js';

/** The two comparisons: guided vs unguided (Fig. 3), and a band's own LSTM vs the other band's (Table 2). */
export type Comparison = 'guidance' | 'cross-scale';

/**
 * The scores compared: signed Pearson r; MSE skill over the no-skill baseline (1 − MSE / MSE of the
 * baseline); R² (squared r); NSE (1 − SSE / SST); RMSE and MAE in gC m⁻² d⁻¹.
 */
export const VERDICT_METRICS = ['r', 'msess', 'r2', 'nse', 'rmse', 'mae'] as const;
export type VerdictMetric = (typeof VERDICT_METRICS)[number];

/** How a constant prediction of a varying truth counts: r = R² = 0 (the rule), or its row dropped (the old rule, a sensitivity check). */
export type UndefinedRule = 'zero' | 'drop';

/**
 * A site's scores of one model against the truth band on its test days: signed Pearson r, R² (r²),
 * NSE, RMSE, MAE (gC m⁻² d⁻¹) and MSE ((gC m⁻² d⁻¹)²) on n days; `constant` when the prediction
 * does not vary (then r = R² = 0).
 */
export interface ArmScores {
  readonly r: number;
  readonly r2: number;
  readonly nse: number;
  readonly rmse: number;
  readonly mae: number;
  readonly mse: number;
  readonly n: number;
  readonly constant: boolean;
}

/** One site's scores in one comparison, model, SSA mode, seed replicate and band. */
export interface VerdictRow {
  readonly comparison: Comparison;
  /** The model compared (guidance: LSTM, LASSO, RF…; cross-scale: the LSTM). */
  readonly model: string;
  /** The band scored. */
  readonly band: GuidedBand;
  readonly mode: DecompositionMode;
  readonly group: string;
  readonly site: string;
  readonly replicate: number;
  /** Guidance: the guided model; cross-scale: the band's own LSTM. */
  readonly treatment: ArmScores;
  /** Guidance: the unguided model in the band; cross-scale: the other band's LSTM. */
  readonly reference: ArmScores;
  /** The no-skill baseline in the band. */
  readonly baseline: ArmScores;
}

/** A site left out of every metric of a band: its truth band does not vary on its test days. */
export interface ExcludedSite {
  readonly band: GuidedBand;
  readonly group: string;
  readonly site: string;
  readonly reason: string;
}

/** The statistics of one metric's differences over sites, without the arms' levels (see `pairedComparison`). */
export type DifferenceSummary = Omit<PairedComparison, 'levels'>;

/** The summary of one comparison, model, band, mode, group (or all sites) and metric: treatment − reference (see `pairedComparison`). */
export interface VerdictSummary extends DifferenceSummary {
  readonly comparison: Comparison;
  readonly model: string;
  readonly band: GuidedBand;
  readonly mode: DecompositionMode;
  readonly group: string;
  readonly metric: VerdictMetric;
  /** Mean over sites of each arm's score (seeds averaged within a site). */
  readonly levels: { readonly treatment: number; readonly reference: number; readonly baseline: number };
  /** Each arm's score minus the no-skill baseline's: mean over sites with its bootstrap interval. */
  readonly overBaseline: { readonly treatment: SiteInterval; readonly reference: SiteInterval };
}

/** The verdict of one comparison, model, band, mode and group: its primary metric's. */
export type VerdictCell = Pick<VerdictSummary, 'comparison' | 'model' | 'band' | 'mode' | 'group' | 'metric' | 'verdict'>;

/** Constant predictions per side of one comparison, model, band and mode (rows, seed replicates counted). */
export interface ConstantCount {
  readonly comparison: Comparison;
  readonly model: string;
  readonly band: GuidedBand;
  readonly mode: DecompositionMode;
  readonly rows: number;
  readonly treatment: number;
  readonly reference: number;
  readonly baseline: number;
}

/** How the summaries were computed, so that anyone can recompute them from the rows. */
export interface VerdictSettings {
  readonly bootstrap: { readonly resamples: number; readonly level: number; readonly seed: number };
  /** Per band, the metric a cell's verdict comes from. */
  readonly primary: Readonly<Record<GuidedBand, PrimaryMetric>>;
}

/** An arm's value of `metric` in a row (MSE skill is relative to the row's baseline). */
export function armValue(row: VerdictRow, arm: 'treatment' | 'reference' | 'baseline', metric: VerdictMetric): number {
  return metric === 'msess' ? 1 - row[arm].mse / row.baseline.mse : row[arm][metric];
}

/** The summary of the rows of one comparison, model, band, mode and group in one metric. */
function summary(rows: readonly VerdictRow[], metric: VerdictMetric, settings: VerdictSettings) {
  const sites = rows.map((r) => r.site);
  const arm = (a: 'treatment' | 'reference' | 'baseline') => rows.map((r) => armValue(r, a, metric));
  const [treatment, reference, baseline] = [arm('treatment'), arm('reference'), arm('baseline')];
  const gain = (v: readonly number[]) =>
    siteMeanInterval(
      v.map((x, i) => x - baseline[i]),
      sites,
      settings.bootstrap,
    );
  const { levels, ...difference } = pairedComparison({ treatment, reference, sites, replicates: rows.map((r) => r.replicate) }, { metric, bootstrap: settings.bootstrap });
  return {
    ...difference,
    levels: { ...levels, baseline: siteMean(baseline, sites) },
    overBaseline: { treatment: gain(treatment), reference: gain(reference) },
  };
}

/** The rows a rule keeps: all (zero), or those where neither compared prediction is constant (drop). */
export const rowsUnder = (rows: readonly VerdictRow[], rule: UndefinedRule): readonly VerdictRow[] =>
  rule === 'zero' ? rows : rows.filter((r) => !r.treatment.constant && !r.reference.constant);

const keyOf = (r: Pick<VerdictRow, 'comparison' | 'model' | 'band' | 'mode'>) => JSON.stringify([r.comparison, r.model, r.band, r.mode]);

/** Every summary and cell of the rows under `rule`: per comparison, model, band, mode, and group plus all sites (`groups: false`: all sites only). */
export function summarise(
  rows: readonly VerdictRow[],
  settings: VerdictSettings,
  rule: UndefinedRule = 'zero',
  groups = true,
): { summaries: VerdictSummary[]; cells: VerdictCell[] } {
  const summaries: VerdictSummary[] = [];
  const cells: VerdictCell[] = [];
  const kept = rowsUnder(rows, rule);
  for (const key of [...new Set(kept.map(keyOf))]) {
    const [comparison, model, band, mode] = JSON.parse(key) as [Comparison, string, GuidedBand, DecompositionMode];
    const these = kept.filter((r) => keyOf(r) === key);
    const names = groups ? [...new Set(these.map((r) => r.group))].sort() : [];
    for (const group of [ALL_SITES, ...names]) {
      const subset = group === ALL_SITES ? these : these.filter((r) => r.group === group);
      for (const metric of VERDICT_METRICS) summaries.push({ comparison, model, band, mode, group, metric, ...summary(subset, metric, settings) });
      const metric = settings.primary[band];
      const primary = summaries.at(-VERDICT_METRICS.length + VERDICT_METRICS.indexOf(metric))!;
      cells.push({ comparison, model, band, mode, group, metric, verdict: primary.verdict });
    }
  }
  return { summaries, cells };
}

/** Constant predictions per side of every comparison, model, band and mode. */
export function constantCounts(rows: readonly VerdictRow[]): ConstantCount[] {
  return [...new Set(rows.map(keyOf))].map((key) => {
    const [comparison, model, band, mode] = JSON.parse(key) as [Comparison, string, GuidedBand, DecompositionMode];
    const these = rows.filter((r) => keyOf(r) === key);
    const count = (arm: 'treatment' | 'reference' | 'baseline') => these.filter((r) => r[arm].constant).length;
    return { comparison, model, band, mode, rows: these.length, treatment: count('treatment'), reference: count('reference'), baseline: count('baseline') };
  });
}

/** What verdict.json and drivers.json both hold: the question, its settings and its sites. */
export interface ComparisonFile extends VerdictSettings {
  readonly question: string;
  readonly definitions: Readonly<Record<string, string>>;
  readonly modes: readonly DecompositionMode[];
  /** How each site was split into training and test days. */
  readonly evaluation: RunConfig['evaluation'];
  readonly sites: number;
  /** Sites per ecosystem group. */
  readonly groups: Readonly<Record<string, number>>;
  /** Sites left out of a band: its truth band does not vary on their test days. */
  readonly excluded: readonly ExcludedSite[];
}

/** verdict.json: the question, the settings, every per-site row and what was computed from them. */
export interface VerdictFile extends ComparisonFile {
  readonly models: readonly string[];
  readonly seeds: RunConfig['verdict']['seeds'];
  /** One model per ecosystem group, or one pooled model for all sites. */
  readonly grouping: RunConfig['grouping'];
  readonly rows: readonly VerdictRow[];
  readonly constants: readonly ConstantCount[];
  readonly summaries: readonly VerdictSummary[];
  readonly cells: readonly VerdictCell[];
  /** The all-sites summaries under the old rule that drops a row with a constant prediction (a sensitivity check). */
  readonly dropped: readonly VerdictSummary[];
}

const DEFINITIONS = {
  guidance: 'treatment = the guided model trained on the band; reference = the unguided model trained on raw NEE (one fit serves both SSA modes: its inputs do not depend on the mode, so the second mode is a sensitivity check of the guided side, not a replication), its out-of-sample prediction decomposed into the band',
  'cross-scale': "treatment = the band's own LSTM on its band's inputs; reference = the other band's LSTM on the same inputs",
  baseline: "the no-skill baseline: on each test day, the mean observed NEE on that calendar day over the days before the day's test block (the training days' day-of-year climatology; leave-site-out: the mean of the fold's training sites' whole-record climatologies), decomposed into the band like the unguided model",
  unguided:
    'a raw prediction in a band: the observed NEE with its test days replaced by the prediction, decomposed by SSA over the whole record with the truth bands\u2019 window and rank, read off on the test days (no credit for fitting the training days; a prediction equal to the observations gives back the truth bands exactly)',
  evaluation:
    'chronological: each site\u2019s last (1 − trainFraction) of target days are the test days; rolling-origin: the first initialTrain of the target days (at least two years) only train, the rest is cut into `folds` consecutive test blocks, each predicted by a model trained on every day before it, joined into one out-of-sample series per site; leave-site-out: the sites are dealt into `folds` site folds within each ecosystem group, each site’s whole record (every target day) predicted by a model trained on the other folds’ sites; with grouping pooled one model learns from every site, the IGBP class a one-hot input, and the rows keep each site’s ecosystem group',
  scores:
    'per site, on its test days, against the truth band (the observed NEE decomposed over its whole record): r = signed Pearson r; R² = r²; NSE = 1 − SSE/SST; RMSE and MAE in gC m⁻² d⁻¹; msess = 1 − MSE/MSE of the baseline. A constant prediction scores r = R² = 0; a site whose truth band is constant is excluded from that band (listed in `excluded`)',
  difference: 'treatment − reference per site and seed replicate; seeds are averaged within a site before the bootstrap and the Wilcoxon test',
  interval: "percentile interval of the mean over sites from a site-level (cluster) bootstrap: resamples of the sites' seed-averaged differences, drawn with mulberry32(bootstrap.seed)",
  seedSpread: 'sample standard deviation over seed replicates of the mean difference over sites',
  detectable: 'the smallest true mean difference the sites would detect with 80 % power at the 5 % level (two-sided): (z 0.975 + z 0.8) · sample SD of the seed-averaged site differences / √sites',
  verdict: "per metric: helps when the interval lies on the better side of 0 (above for r, msess, R², NSE; below for RMSE and MAE), hurts when on the worse side, else no evidence; a cell's verdict is its band's primary metric's",
  dropped: 'the all-sites summaries recomputed without the rows where either compared prediction is constant (the earlier rule)',
};

/** Builds verdict.json from the rows (see `summarise`). */
export function verdictFile(config: RunConfig, rows: readonly VerdictRow[], excluded: readonly ExcludedSite[], groups: Readonly<Record<string, number>>): VerdictFile {
  const settings: VerdictSettings = { bootstrap: config.verdict.bootstrap, primary: config.verdict.primary };
  const { summaries, cells } = summarise(rows, settings);
  return {
    question: 'Does scale guidance help? Guided band models against the unguided model decomposed into the bands, beside a no-skill baseline',
    definitions: DEFINITIONS,
    ...settings,
    models: config.verdict.models,
    modes: config.verdict.modes,
    seeds: config.verdict.seeds,
    evaluation: config.evaluation,
    grouping: config.grouping,
    sites: Object.values(groups).reduce((a, n) => a + n, 0),
    groups,
    rows,
    excluded,
    constants: constantCounts(rows),
    summaries,
    cells,
    dropped: summarise(rows, settings, 'drop', false).summaries,
  };
}

/** The summary of a file's comparison, model, band, mode and group in `metric` (all sites by default). */
export function findSummary(
  summaries: readonly VerdictSummary[],
  keys: Pick<VerdictSummary, 'comparison' | 'model' | 'band' | 'mode' | 'metric'> & { group?: string },
): VerdictSummary | undefined {
  const group = keys.group ?? ALL_SITES;
  return summaries.find((s) => s.comparison === keys.comparison && s.model === keys.model && s.band === keys.band && s.mode === keys.mode && s.metric === keys.metric && s.group === group);
}
