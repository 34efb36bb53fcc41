/**
 * The verdict: does scale guidance help? For every site, SSA mode, seed replicate and guided band,
 * the paired difference between a guided model (trained on the band) and the unguided model (trained
 * on raw NEE, its whole-record prediction decomposed into the band), in R², RMSE and MAE on the
 * site's test days, both scored against the truth band of the observed NEE. Per ecosystem group and
 * over all sites: the mean difference with a 95 % interval from a seeded site-level (cluster)
 * bootstrap, seeds averaged within a site first; the seed-to-seed spread; a Wilcoxon signed-rank
 * test across sites; and the verdict — helps, hurts or no evidence. The paper's second claim (each
 * band's own LSTM beats the other band's LSTM on it, Table 2) goes through the same machinery.
 *
 * Everything in verdict.json is recomputed from its per-site rows by `summarise`.
 */
import { join } from 'node:path';
import { bandLabel, GUIDED_BANDS, otherBand, type DecompositionMode, type GuidedBand } from '@fluxscale/decomposition';
import { clusterMeans, clusterBootstrapMean, scoreBySite, wilcoxonSignedRank, type Scores } from '@fluxscale/evaluation';
import { writeFileAtomic, writeJsonAtomic } from '@fluxscale/util';
import type { RunConfig } from '../config/schema.js';
import type { RunContext } from './context.js';
import type { Unit } from './plan.js';
import { againstTruth, readPredictions, readUnguidedBands, type Predictions } from './predictions.js';
import { crossFile } from './work.js';

/** The two comparisons: guided vs unguided (Fig. 3), and a band's own LSTM vs the other band's (Table 2). */
export type Comparison = 'guidance' | 'cross-scale';

/** The scores compared, each with the direction that means better. */
export const VERDICT_METRICS = ['r2', 'rmse', 'mae'] as const;
export type VerdictMetric = (typeof VERDICT_METRICS)[number];

/** Whether a larger value of the metric is better (R²) or a smaller one (RMSE, MAE). */
export const higherIsBetter = (metric: VerdictMetric): boolean => metric === 'r2';

/** The label of the pooled row. */
export const ALL_SITES = 'all sites';

/** What a difference says: the treatment is better (helps), worse (hurts), or the interval covers zero. */
export type Verdict = 'helps' | 'hurts' | 'no evidence';

/**
 * A site's scores of one model: R² (squared Pearson r), RMSE and MAE in gC m⁻² d⁻¹, on n test days.
 * An undefined score (e.g. the R² of a constant prediction) is NaN in memory and null in verdict.json.
 */
export type SiteScores = Pick<Scores, 'r2' | 'rmse' | 'mae' | 'n'>;

/** A score as a number: NaN for a score that is undefined (null once read back from JSON). */
const scoreValue = (v: number | null): number => (v === null ? Number.NaN : v);

/** One site's paired comparison in one SSA mode, seed replicate and band. */
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
  readonly treatment: SiteScores;
  /** Guidance: the unguided model decomposed into the band; cross-scale: the other band's LSTM. */
  readonly reference: SiteScores;
}

/** The summary of one comparison, model, band, mode, group (or all sites) and metric. */
export interface VerdictSummary {
  readonly comparison: Comparison;
  readonly model: string;
  readonly band: GuidedBand;
  readonly mode: DecompositionMode;
  readonly group: string;
  readonly metric: VerdictMetric;
  /** Sites with a finite difference (seeds averaged within each). */
  readonly sites: number;
  readonly replicates: number;
  /** Mean over sites of treatment − reference, in the metric's unit. */
  readonly mean: number;
  /** The bootstrap interval of the mean (null with fewer than 2 sites). */
  readonly lo: number | null;
  readonly hi: number | null;
  /** Standard deviation over seed replicates of the mean-over-sites difference (null with one replicate). */
  readonly seedSpread: number | null;
  /** Two-sided Wilcoxon signed-rank test of the site differences against zero. */
  readonly wilcoxon: { readonly statistic: number; readonly p: number; readonly n: number; readonly method: string } | null;
  readonly verdict: Verdict;
}

/** The verdict of one comparison, model, band, mode and group: R² and RMSE must agree for helps or hurts. */
export interface VerdictCell {
  readonly comparison: Comparison;
  readonly model: string;
  readonly band: GuidedBand;
  readonly mode: DecompositionMode;
  readonly group: string;
  readonly verdict: Verdict;
}

/** How the summaries were computed, so that anyone can recompute them from the rows. */
export interface VerdictSettings {
  readonly bootstrap: { readonly resamples: number; readonly level: number; readonly seed: number };
}

const pick = (s: Scores): SiteScores => ({ r2: s.r2, rmse: s.rmse, mae: s.mae, n: s.n });

/** Per-site scores of predictions, by site. */
function siteScores(p: Predictions): Map<string, SiteScores> {
  return new Map(scoreBySite(p.observed, p.predicted, p.site).map((s) => [String(s.site), pick(s)]));
}

/** Paired rows of two prediction sets of the same test days, site by site. */
function pairRows(keys: Omit<VerdictRow, 'site' | 'treatment' | 'reference'>, treatment: Predictions, reference: Predictions): VerdictRow[] {
  const a = siteScores(treatment);
  const b = siteScores(reference);
  return [...a.entries()].map(([site, scores]) => ({ ...keys, site, treatment: scores, reference: b.get(site)! }));
}

/** The per-site rows of a finished verdict run, from its fit and cross units. */
export function verdictRows(ctx: RunContext, units: readonly Unit[]): VerdictRow[] {
  const rows: VerdictRow[] = [];
  const fits = units.filter((u) => u.kind === 'fit');
  const fitOf = (u: Unit, task: Unit['task'], model = u.model) =>
    fits.find((f) => f.mode === u.mode && f.group === u.group && f.replicate === u.replicate && f.task === task && f.model === model)!;
  const guided = (fit: Unit, band: GuidedBand) => againstTruth(ctx, readPredictions(join(ctx.dirOf(fit), 'test.csv')), band, fit.mode);
  for (const raw of fits.filter((f) => f.task === 'raw')) {
    const unguided = readUnguidedBands(ctx, join(ctx.dirOf(raw), 'unguided.csv'), raw.mode);
    for (const band of GUIDED_BANDS) {
      const keys = { comparison: 'guidance' as const, model: raw.model!, band, mode: raw.mode!, group: raw.group!, replicate: raw.replicate! };
      rows.push(...pairRows(keys, guided(fitOf(raw, band), band), unguided[band]));
    }
  }
  for (const cross of units.filter((u) => u.kind === 'cross')) {
    for (const band of GUIDED_BANDS) {
      const other = readPredictions(join(ctx.dirOf(cross), crossFile(otherBand(band))));
      const keys = { comparison: 'cross-scale' as const, model: 'lstm', band, mode: cross.mode!, group: cross.group!, replicate: cross.replicate! };
      rows.push(...pairRows(keys, guided(fitOf(cross, band, 'lstm'), band), againstTruth(ctx, other, band, cross.mode)));
    }
  }
  return rows;
}

/** What an interval says about a difference of `metric` (treatment − reference). */
export function verdictOf(metric: VerdictMetric, lo: number | null, hi: number | null): Verdict {
  if (lo === null || hi === null) return 'no evidence';
  const better = higherIsBetter(metric) ? lo > 0 : hi < 0;
  const worse = higherIsBetter(metric) ? hi < 0 : lo > 0;
  return better ? 'helps' : worse ? 'hurts' : 'no evidence';
}

/** The sample standard deviation of finite values, or null with fewer than two. */
function spread(values: readonly number[]): number | null {
  const v = values.filter(Number.isFinite);
  if (v.length < 2) return null;
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  return Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1));
}

/** The summary of the rows of one comparison, model, band, mode and group (or all sites) in one metric. */
function summary(rows: readonly VerdictRow[], metric: VerdictMetric, settings: VerdictSettings): Omit<VerdictSummary, 'comparison' | 'model' | 'band' | 'mode' | 'group' | 'metric'> {
  const diff = rows.map((r) => scoreValue(r.treatment[metric]) - scoreValue(r.reference[metric]));
  const bySite = clusterMeans(diff, rows.map((r) => r.site));
  const kept = bySite.means.filter(Number.isFinite);
  const replicates = [...new Set(rows.map((r) => r.replicate))].sort((a, b) => a - b);
  const replicateMeans = replicates.map((rep) => {
    const d = rows.flatMap((r, i) => (r.replicate === rep && Number.isFinite(diff[i]) ? [diff[i]] : []));
    return d.length > 0 ? d.reduce((a, x) => a + x, 0) / d.length : Number.NaN;
  });
  const mean = kept.length > 0 ? kept.reduce((a, x) => a + x, 0) / kept.length : Number.NaN;
  const interval = kept.length >= 2 ? clusterBootstrapMean(kept, settings.bootstrap) : null;
  const test = kept.length >= 1 ? wilcoxonSignedRank(kept) : null;
  const lo = interval?.lo ?? null;
  const hi = interval?.hi ?? null;
  return {
    sites: kept.length,
    replicates: replicates.length,
    mean: interval?.mean ?? mean,
    lo,
    hi,
    seedSpread: spread(replicateMeans),
    wilcoxon: test ? { statistic: test.statistic, p: test.p, n: test.n, method: test.method } : null,
    verdict: verdictOf(metric, lo, hi),
  };
}

/** Every summary and cell of the rows: per comparison, model, band, mode, and group plus all sites. */
export function summarise(rows: readonly VerdictRow[], settings: VerdictSettings): { summaries: VerdictSummary[]; cells: VerdictCell[] } {
  const summaries: VerdictSummary[] = [];
  const cells: VerdictCell[] = [];
  const keyOf = (r: VerdictRow) => JSON.stringify([r.comparison, r.model, r.band, r.mode]);
  for (const key of [...new Set(rows.map(keyOf))]) {
    const [comparison, model, band, mode] = JSON.parse(key) as [Comparison, string, GuidedBand, DecompositionMode];
    const these = rows.filter((r) => keyOf(r) === key);
    const groups = [...new Set(these.map((r) => r.group))].sort();
    for (const group of [ALL_SITES, ...groups]) {
      const subset = group === ALL_SITES ? these : these.filter((r) => r.group === group);
      const byMetric = Object.fromEntries(VERDICT_METRICS.map((metric) => [metric, summary(subset, metric, settings)]));
      for (const metric of VERDICT_METRICS) summaries.push({ comparison, model, band, mode, group, metric, ...byMetric[metric] });
      const [r2, rmse] = [byMetric.r2.verdict, byMetric.rmse.verdict];
      cells.push({ comparison, model, band, mode, group, verdict: r2 === rmse ? r2 : 'no evidence' });
    }
  }
  return { summaries, cells };
}

/** verdict.json: the question, the settings, every per-site row and what was computed from them. */
export interface VerdictFile extends VerdictSettings {
  readonly question: string;
  readonly definitions: Readonly<Record<string, string>>;
  readonly models: readonly string[];
  readonly modes: readonly DecompositionMode[];
  readonly seeds: RunConfig['verdict']['seeds'];
  readonly sites: number;
  readonly groups: Readonly<Record<string, number>>;
  readonly rows: readonly VerdictRow[];
  readonly summaries: readonly VerdictSummary[];
  readonly cells: readonly VerdictCell[];
}

const DEFINITIONS = {
  guidance: 'treatment = the guided model trained on the band; reference = the unguided model trained on raw NEE, its whole-record prediction decomposed into the band by SSA',
  'cross-scale': "treatment = the band's own LSTM on its band's inputs; reference = the other band's LSTM on the same inputs",
  scores: 'per site, on its test days, against the truth band (the observed NEE decomposed over its whole record): R² = squared Pearson r; RMSE and MAE in gC m⁻² d⁻¹',
  difference: 'treatment − reference per site and seed replicate (a null score, undefined e.g. for a constant prediction, drops that difference); seeds are averaged within a site before the bootstrap and the Wilcoxon test',
  interval: "percentile interval of the mean over sites from a site-level (cluster) bootstrap: resamples of the sites' seed-averaged differences, drawn with mulberry32(bootstrap.seed)",
  seedSpread: 'sample standard deviation over seed replicates of the mean difference over sites',
  verdict: "per metric: helps when the interval lies on the better side of 0 (above for R², below for RMSE and MAE), hurts when on the worse side, else no evidence; a cell's verdict needs R² and RMSE to agree",
};

/** Builds verdict.json from the rows (see `summarise`). */
export function verdictFile(config: RunConfig, rows: readonly VerdictRow[], groups: Readonly<Record<string, number>>): VerdictFile {
  const settings: VerdictSettings = { bootstrap: config.verdict.bootstrap };
  const { summaries, cells } = summarise(rows, settings);
  return {
    question: 'Does scale guidance help? Guided band models against the unguided model decomposed into the bands',
    definitions: DEFINITIONS,
    ...settings,
    models: config.verdict.models,
    modes: config.verdict.modes,
    seeds: config.verdict.seeds,
    sites: Object.values(groups).reduce((a, n) => a + n, 0),
    groups,
    rows,
    summaries,
    cells,
  };
}

const fmt = (v: number | null, digits = 3): string => (v === null || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`);
const pValue = (p: number | undefined): string => (p === undefined || !Number.isFinite(p) ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3));

/** One markdown table: rows = group × band of one comparison, model and mode. */
function markdownTable(file: VerdictFile, comparison: Comparison, model: string, mode: DecompositionMode, groups: readonly string[]): string {
  const find = (group: string, band: GuidedBand, metric: VerdictMetric) =>
    file.summaries.find((s) => s.comparison === comparison && s.model === model && s.mode === mode && s.group === group && s.band === band && s.metric === metric);
  const cell = (group: string, band: GuidedBand) => file.cells.find((c) => c.comparison === comparison && c.model === model && c.mode === mode && c.group === group && c.band === band);
  const lines = ['| group | band | sites | ΔR² [95 % CI] | ΔRMSE [95 % CI] | ΔMAE [95 % CI] | Wilcoxon p (R²) | seed spread ΔR² | verdict |', '|---|---|---|---|---|---|---|---|---|'];
  for (const group of groups) {
    for (const band of GUIDED_BANDS) {
      const r2 = find(group, band, 'r2');
      if (!r2) continue;
      const rmse = find(group, band, 'rmse')!;
      const mae = find(group, band, 'mae')!;
      const ci = (s: VerdictSummary) => `${fmt(s.mean)} [${fmt(s.lo)}, ${fmt(s.hi)}]`;
      const label = group === ALL_SITES ? `**${group}**` : group;
      lines.push(`| ${label} | ${bandLabel(band)} | ${r2.sites} | ${ci(r2)} | ${ci(rmse)} | ${ci(mae)} | ${pValue(r2.wilcoxon?.p)} | ${r2.seedSpread === null ? '—' : r2.seedSpread.toFixed(3)} | ${cell(group, band)!.verdict} |`);
    }
  }
  return lines.join('\n');
}

/** The pooled verdict of a comparison, model, band and mode in plain words, with each metric's own verdict where they differ. */
export function plainVerdict(file: VerdictFile, comparison: Comparison, model: string, band: GuidedBand, mode: DecompositionMode): string {
  const s = (metric: VerdictMetric) => file.summaries.find((x) => x.comparison === comparison && x.model === model && x.band === band && x.mode === mode && x.group === ALL_SITES && x.metric === metric);
  const r2 = s('r2');
  const rmse = s('rmse');
  const cell = file.cells.find((c) => c.comparison === comparison && c.model === model && c.band === band && c.mode === mode && c.group === ALL_SITES);
  if (!r2 || !rmse || !cell) return 'not in this run';
  const each = r2.verdict === rmse.verdict ? '' : ` (R² ${r2.verdict}, RMSE ${rmse.verdict})`;
  return `${cell.verdict}${each}: ΔR² ${fmt(r2.mean)} [${fmt(r2.lo)}, ${fmt(r2.hi)}], ΔRMSE ${fmt(rmse.mean)} [${fmt(rmse.lo)}, ${fmt(rmse.hi)}] gC m⁻² d⁻¹ over ${r2.sites} sites`;
}

/** verdict.md: the headline per band and mode, then the tables per comparison, model and mode. */
export function verdictMarkdown(file: VerdictFile): string {
  const groups = [ALL_SITES, ...Object.keys(file.groups).sort()];
  const out = [
    '# Does scale guidance help?',
    '',
    `${file.sites} sites in ${Object.keys(file.groups).length} ecosystem groups; SSA modes ${file.modes.join(' and ')}; seed replicates ${JSON.stringify(file.seeds)}; ` +
      `95 % intervals from ${file.bootstrap.resamples} site-bootstrap resamples (seed ${file.bootstrap.seed}). Δ = guided − unguided (R²: higher is better; RMSE, MAE in gC m⁻² d⁻¹: lower is better).`,
    '',
    '## The LSTM, all sites',
    '',
  ];
  for (const mode of file.modes) {
    for (const band of GUIDED_BANDS) out.push(`- ${bandLabel(band)}, SSA ${mode}: ${plainVerdict(file, 'guidance', 'lstm', band, mode)}`);
  }
  out.push('', 'The paper: guidance helps on the IAV band (pooled IAV R² 0.181 guided; +0.42 in SAV/WSA) and matches the unguided LSTM on the seasonal band.', '');
  for (const comparison of ['guidance', 'cross-scale'] as const) {
    const models = [...new Set(file.summaries.filter((s) => s.comparison === comparison).map((s) => s.model))];
    for (const model of models) {
      for (const mode of file.modes) {
        const title = comparison === 'guidance' ? `${model.toUpperCase()}: guided − unguided, SSA ${mode}` : `Cross-scale (LSTM): own band − other band's LSTM, SSA ${mode}`;
        out.push(`## ${title}`, '', markdownTable(file, comparison, model, mode, groups), '');
      }
    }
  }
  out.push('Every number here is recomputed from the per-site rows of verdict.json (see its `definitions`).', '');
  return out.join('\n');
}

/** The score unit of a verdict run: verdict.json and verdict.md, in the unit folder and the run directory. */
export function verdictWork(ctx: RunContext, out: string, unit: Unit): void {
  const units = unit.deps.map((id) => ctx.byId.get(id)!);
  const rows = verdictRows(ctx, units);
  const sites = new Map(units.filter((u) => u.kind === 'prepare').map((u) => [u.site!, u.input!.group]));
  const groups: Record<string, number> = {};
  for (const group of sites.values()) groups[group] = (groups[group] ?? 0) + 1;
  const file = verdictFile(ctx.config, rows, groups);
  const markdown = verdictMarkdown(file);
  for (const dir of [out, ctx.runDir]) {
    writeJsonAtomic(join(dir, 'verdict.json'), file);
    writeFileAtomic(join(dir, 'verdict.md'), markdown);
  }
}
