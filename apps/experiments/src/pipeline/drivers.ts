/**
 * The drivers experiment's statistics: do the paper's five drivers (WS_F, P_F, TA_F, NETRAD, VPD_F)
 * do better than the 110-site set's three (TA_F, SW_IN_F, VPD_F)? The same sites, seeds and test
 * blocks run with each set; rows pair the two by model, band, SSA mode, site and seed replicate. Two
 * questions, with the verdict's machinery (seeds averaged within a site, site-bootstrap interval,
 * Wilcoxon test, verdict of the interval):
 *
 * - drivers: five − three per model (the raw LSTM on raw NEE; the guided band LSTM; the unguided LSTM
 *   decomposed into the band), band and mode;
 * - guidance: (guided − unguided with five) − (guided − unguided with three) per band and mode: does
 *   guidance help more once the drivers are there?
 *
 * A row present with one driver set only, or scored on other test days, is never dropped silently:
 * it is listed in `unpaired` and kept out of every summary.
 */
import type { DecompositionMode, GuidedBand } from '@fluxscale/decomposition';
import { ALL_SITES, pairedComparison } from '@fluxscale/evaluation';
import type { RunConfig } from '../config/schema.js';
import { DRIVER_SETS } from './plan.js';
import { VERDICT_METRICS, type ArmScores, type ComparisonFile, type DifferenceSummary, type ExcludedSite, type VerdictMetric, type VerdictSettings } from './verdict.js';

/** The driver sets compared. */
export type DriverSet = keyof typeof DRIVER_SETS;

/** The models compared: the raw LSTM on raw NEE, the guided band LSTM, the unguided (raw) LSTM decomposed into the band. */
export type DriversModel = 'raw' | 'guided' | 'unguided';

/** One driver set's scores of a model at one site, band, mode and seed replicate (mode null for raw NEE, which has no SSA). */
export interface DriversScore {
  readonly model: DriversModel;
  readonly band: 'raw' | GuidedBand;
  readonly mode: DecompositionMode | null;
  readonly group: string;
  readonly site: string;
  readonly replicate: number;
  readonly scores: ArmScores;
}

/** One site's paired scores: the same model, band, mode and seed with three and with five drivers. */
export interface DriversRow extends Omit<DriversScore, 'scores'> {
  readonly three: ArmScores;
  readonly five: ArmScores;
}

/** A score with no partner in the other driver set (or one on other test days), with why. */
export interface UnpairedScore extends Omit<DriversScore, 'scores'> {
  readonly reason: string;
}

const pairKey = (s: Omit<DriversScore, 'scores' | 'group'>): string => JSON.stringify([s.model, s.band, s.mode, s.site, s.replicate]);

/**
 * Pairs the scores of the two driver sets by model, band, mode, site and seed replicate. A score
 * without a partner, or whose partner was scored on a different number of test days, is unpaired.
 */
export function pairByDriverSet(three: readonly DriversScore[], five: readonly DriversScore[]): { rows: DriversRow[]; unpaired: UnpairedScore[] } {
  const byKey = (scores: readonly DriversScore[]) => new Map(scores.map((s) => [pairKey(s), s]));
  const [threeByKey, fiveByKey] = [byKey(three), byKey(five)];
  const rows: DriversRow[] = [];
  const unpaired: UnpairedScore[] = [];
  const keysOf = ({ scores: _, ...keys }: DriversScore) => keys;
  for (const [key, t] of threeByKey) {
    const f = fiveByKey.get(key);
    if (!f) unpaired.push({ ...keysOf(t), reason: 'scored with three drivers only' });
    else if (f.scores.n !== t.scores.n) unpaired.push({ ...keysOf(t), reason: `scored on ${t.scores.n} test days with three drivers, ${f.scores.n} with five` });
    else rows.push({ ...keysOf(t), three: t.scores, five: f.scores });
  }
  for (const [key, f] of fiveByKey) if (!threeByKey.has(key)) unpaired.push({ ...keysOf(f), reason: 'scored with five drivers only' });
  return { rows, unpaired };
}

/** The value of `metric` in a score (MSE skill is not compared here: its baseline is the same in both sets). */
const valueOf = (s: ArmScores, metric: DriversMetric): number => s[metric];

/** The metrics compared: signed Pearson r, R², NSE, RMSE and MAE (gC m⁻² d⁻¹). */
export const DRIVERS_METRICS = VERDICT_METRICS.filter((m): m is Exclude<VerdictMetric, 'msess'> => m !== 'msess');
export type DriversMetric = (typeof DRIVERS_METRICS)[number];

/** The two questions: five − three drivers per model; and the guidance gain with five − the gain with three. */
export type DriversQuestion = 'drivers' | 'guidance';

/** The summary of one question, model, band, mode, group (or all sites) and metric. */
export interface DriversSummary extends DifferenceSummary {
  readonly question: DriversQuestion;
  /** drivers: the model compared; guidance: 'guided − unguided'. */
  readonly model: DriversModel | 'guided − unguided';
  readonly band: 'raw' | GuidedBand;
  readonly mode: DecompositionMode | null;
  readonly group: string;
  readonly metric: DriversMetric;
  /** Mean over sites (seeds averaged within a site) with three and with five drivers: the model's score, or the guidance gain. */
  readonly levels: { readonly three: number; readonly five: number };
}

/** The guided and unguided rows of one band, mode, site and seed, joined: the guidance gain with each set. */
interface GainRow {
  readonly band: GuidedBand;
  readonly mode: DecompositionMode | null;
  readonly group: string;
  readonly site: string;
  readonly replicate: number;
  readonly guided: DriversRow;
  readonly unguided: DriversRow;
}

function gainRows(rows: readonly DriversRow[]): GainRow[] {
  const unguided = new Map(rows.filter((r) => r.model === 'unguided').map((r) => [pairKey({ ...r, model: 'guided' }), r]));
  return rows.flatMap((g) => {
    const u = g.model === 'guided' ? unguided.get(pairKey(g)) : undefined;
    return u ? [{ band: g.band as GuidedBand, mode: g.mode, group: g.group, site: g.site, replicate: g.replicate, guided: g, unguided: u }] : [];
  });
}

/** Every summary of both questions: per model (or gain), band, mode, and all sites plus each group. */
export function summariseDrivers(rows: readonly DriversRow[], settings: Pick<VerdictSettings, 'bootstrap'>): DriversSummary[] {
  const out: DriversSummary[] = [];
  const cells = <T extends { group: string; site: string; replicate: number }>(items: readonly T[], keyOf: (t: T) => string, emit: (subset: readonly T[], group: string) => void) => {
    for (const key of [...new Set(items.map(keyOf))]) {
      const these = items.filter((t) => keyOf(t) === key);
      for (const group of [ALL_SITES, ...[...new Set(these.map((t) => t.group))].sort()]) emit(group === ALL_SITES ? these : these.filter((t) => t.group === group), group);
    }
  };
  const summarise = (subset: readonly { site: string; replicate: number }[], metric: DriversMetric, three: number[], five: number[]) => {
    const paired = { treatment: five, reference: three, sites: subset.map((r) => r.site), replicates: subset.map((r) => r.replicate) };
    const { levels, ...difference } = pairedComparison(paired, { metric, bootstrap: settings.bootstrap });
    return { ...difference, levels: { three: levels.reference, five: levels.treatment } };
  };
  cells(rows, (r) => JSON.stringify([r.model, r.band, r.mode]), (subset, group) => {
    const { model, band, mode } = subset[0];
    for (const metric of DRIVERS_METRICS) {
      out.push({ question: 'drivers', model, band, mode, group, metric, ...summarise(subset, metric, subset.map((r) => valueOf(r.three, metric)), subset.map((r) => valueOf(r.five, metric))) });
    }
  });
  cells(gainRows(rows), (g) => JSON.stringify([g.band, g.mode]), (subset, group) => {
    const { band, mode } = subset[0];
    for (const metric of DRIVERS_METRICS) {
      const gain = (set: DriverSet) => subset.map((g) => valueOf(g.guided[set], metric) - valueOf(g.unguided[set], metric));
      out.push({ question: 'guidance', model: 'guided − unguided', band, mode, group, metric, ...summarise(subset, metric, gain('three'), gain('five')) });
    }
  });
  return out;
}

/** drivers.json: the question, the settings, every paired per-site row, what could not be paired, and the summaries. */
export interface DriversFile extends ComparisonFile {
  readonly drivers: typeof DRIVER_SETS;
  readonly seeds: number;
  readonly rows: readonly DriversRow[];
  readonly unpaired: readonly UnpairedScore[];
  readonly summaries: readonly DriversSummary[];
}

const DEFINITIONS = {
  three: 'TA_F, SW_IN_F, VPD_F: the drivers of the 110-site set (and of every 110-site result)',
  five: "WS_F, P_F, TA_F, NETRAD, VPD_F: the paper's drivers",
  models:
    'raw = the unguided LSTM on raw NEE; guided = the LSTM trained on the band; unguided = the raw LSTM\u2019s out-of-sample prediction decomposed into the band (as in the verdict)',
  pairing: 'a row pairs the two driver sets\u2019 scores of one model, band, SSA mode, site and seed replicate on the same test days; a score without its partner is listed in `unpaired` and left out of every summary',
  drivers: 'question drivers: five − three per site and seed replicate, seeds averaged within a site; > 0 in r, R², NSE and < 0 in RMSE, MAE means the paper\u2019s drivers do better',
  guidance: 'question guidance: (guided − unguided with five) − (guided − unguided with three) per site and seed replicate: > 0 in r means guidance gains more once WS_F, P_F and NETRAD are there',
  interval: "percentile interval of the mean over sites from a site-level bootstrap of the seed-averaged site differences, drawn with mulberry32(bootstrap.seed), as in the verdict",
  verdict: "helps when the interval lies on the better side of 0, hurts when on the worse side, else no evidence; the primary metric is the verdict's (signed r)",
};

/** Builds drivers.json from the scores of both driver sets. */
export function driversFile(
  config: RunConfig,
  three: readonly DriversScore[],
  five: readonly DriversScore[],
  groups: Readonly<Record<string, number>>,
  seeds: number,
  excluded: readonly ExcludedSite[],
): DriversFile {
  const { rows, unpaired } = pairByDriverSet(three, five);
  return {
    question: "Do the paper's drivers (WS_F, P_F, NETRAD besides TA_F and VPD_F) improve the LSTM's NEE bands over the 110-site set's three, and does guidance help more once they are there?",
    definitions: DEFINITIONS,
    drivers: DRIVER_SETS,
    bootstrap: config.verdict.bootstrap,
    primary: config.verdict.primary,
    modes: config.verdict.modes,
    seeds,
    evaluation: config.evaluation,
    sites: Object.values(groups).reduce((a, n) => a + n, 0),
    groups,
    rows,
    unpaired,
    excluded,
    summaries: summariseDrivers(rows, config.verdict),
  };
}

/** The summary of a drivers file's question, model, band, mode and metric (all sites by default). */
export function findDriversSummary(
  summaries: readonly DriversSummary[],
  keys: Pick<DriversSummary, 'question' | 'model' | 'band' | 'mode' | 'metric'> & { group?: string },
): DriversSummary | undefined {
  const group = keys.group ?? ALL_SITES;
  return summaries.find((s) => s.question === keys.question && s.model === keys.model && s.band === keys.band && s.mode === keys.mode && s.metric === keys.metric && s.group === group);
}
