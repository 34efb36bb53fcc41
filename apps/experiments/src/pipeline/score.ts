/**
 * score: pools every model's test predictions over all sites and scores them (Table 1), scores the
 * unguided predictions on the bands after decomposing them with SSA as the paper does (Fig. 3),
 * the cross-scale applications (Table 2) and the recombined bands (Table S1); writes metrics as
 * CSV and JSON, and the tables as markdown.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BANDS, decomposeRecord, GUIDED_BANDS, otherBand, type Band, type GuidedBand, type Task } from '@fluxscale/decomposition';
import { scoreAll, scoreBySite, type Scores } from '@fluxscale/evaluation';
import { writeFileAtomic, writeJsonAtomic } from '@fluxscale/util';
import { guidanceMarkdown, SCORE_METRICS, table1Markdown, table2Markdown, tableS1Markdown, type CrossScore, type PooledScore, type RunScores } from '../report/tables.js';
import type { RunContext } from './context.js';
import type { ExperimentName, Unit } from './plan.js';
import { dayIndex } from './prepared.js';
import { damagedUnitFile, readUnitText } from './unit-files.js';
import { crossFile, PREDICTIONS_HEADER } from './work.js';

/** Predictions of one fit, one row per sample. */
export interface Predictions {
  readonly site: string[];
  readonly date: string[];
  readonly observed: Float64Array;
  readonly predicted: Float64Array;
}

/** A number as String() writes it (NaN and ±Infinity included); null for anything else (an empty or cut cell). */
const csvNumber = (text: string | undefined): number | null => {
  if (text === 'NaN') return Number.NaN;
  const v = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  return Number.isNaN(v) ? null : v;
};

/**
 * Reads a predictions CSV (site,date,observed,predicted) written by a fit or cross unit. A missing
 * file, another header or a line that is not site,YYYY-MM-DD,number,number (a file cut short) is an
 * error naming the file and the line.
 */
export function readPredictions(file: string): Predictions {
  const [header, ...lines] = readUnitText(file).trimEnd().split('\n');
  if (header !== PREDICTIONS_HEADER) throw damagedUnitFile(file, `line 1 is '${header.slice(0, 60)}', expected '${PREDICTIONS_HEADER}'`);
  const site: string[] = [];
  const date: string[] = [];
  const observed = new Float64Array(lines.length);
  const predicted = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [s, d, o, p, ...rest] = line.split(',');
    const [obs, pred] = [csvNumber(o), csvNumber(p)];
    if (rest.length > 0 || !s || !/^\d{4}-\d{2}-\d{2}$/.test(d ?? '') || obs === null || pred === null) {
      throw damagedUnitFile(file, `line ${i + 2} is '${line.slice(0, 60)}', expected site,YYYY-MM-DD,observed,predicted`);
    }
    site.push(s);
    date.push(d);
    observed[i] = obs;
    predicted[i] = pred;
  });
  return { site, date, observed, predicted };
}

/** One row of metrics.csv: pooled (site '*') or per site. */
interface MetricRow extends Scores {
  readonly model: string;
  readonly task: string;
  readonly guidance: string;
  readonly site: string;
}

const concat = (parts: readonly Predictions[]): Predictions => ({
  site: parts.flatMap((p) => p.site),
  date: parts.flatMap((p) => p.date),
  observed: Float64Array.from(parts.flatMap((p) => Array.from(p.observed))),
  predicted: Float64Array.from(parts.flatMap((p) => Array.from(p.predicted))),
});

/**
 * The unguided model's predictions in one band: per site, the whole-record prediction is decomposed
 * by SSA with the site window rule and the band is read off on the test days; observed = the truth
 * band of the site's observed target on those days.
 */
export function unguidedBands(ctx: RunContext, fitDir: string, test: Predictions): Record<Band, Predictions> {
  const all = readPredictions(join(fitDir, 'all.csv'));
  const out: Record<Band, Predictions[]> = { seasonal: [], iav: [], trend: [] };
  for (const siteId of [...new Set(all.site)]) {
    const rows = all.site.flatMap((s, i) => (s === siteId ? [i] : []));
    const predicted = Float64Array.from(rows, (i) => all.predicted[i]);
    const bands = decomposeRecord(predicted, ctx.config.ssa);
    const predictedRow = new Map(rows.map((i, k) => [all.date[i], k]));
    const site = ctx.site(siteId);
    const testRows = test.site.flatMap((s, i) => (s === siteId ? [i] : []));
    for (const band of BANDS) {
      const observedBand = site.truth(band);
      out[band].push({
        site: testRows.map(() => siteId),
        date: testRows.map((i) => test.date[i]),
        observed: Float64Array.from(testRows, (i) => observedBand[dayIndex(site, test.date[i])]),
        predicted: Float64Array.from(testRows, (i) => bands[band][predictedRow.get(test.date[i])!]),
      });
    }
  }
  return { seasonal: concat(out.seasonal), iav: concat(out.iav), trend: concat(out.trend) };
}

const scoreRows = (p: Predictions, keys: { model: string; task: string; guidance: string }): MetricRow[] => [
  { ...keys, site: '*', ...scoreAll(p.observed, p.predicted) },
  ...scoreBySite(p.observed, p.predicted, p.site).map(({ site, ...s }) => ({ ...keys, site: String(site), ...s })),
];

/** The tables' four scores of a score set, with n and why any of the four is undefined. */
function tableScores(s: Scores): RunScores & { n: number } {
  const reasons = SCORE_METRICS.flatMap((m) => (s.undefinedReasons?.[m] ? [[m, s.undefinedReasons[m]] as const] : []));
  return { rmse: s.rmse, r2: s.r2, lcs: s.lcs, mae: s.mae, n: s.n, ...(reasons.length > 0 ? { undefinedReasons: Object.fromEntries(reasons) } : {}) };
}

const CSV_COLUMNS = ['model', 'task', 'guidance', 'site', 'n', 'rmse', 'r2', 'lcs', 'mae', 'mse', 'sb', 'sdsd', 'bias', 'pearson', 'nse'] as const;

/** Scores a finished experiment and writes metrics and tables into `out` and the run directory. */
export function scoreWork(ctx: RunContext, experiment: ExperimentName, out: string, unit: Unit): void {
  const fits = unit.deps.map((id) => ctx.byId.get(id)!).filter((u) => u.kind === 'fit');
  const crosses = unit.deps.map((id) => ctx.byId.get(id)!).filter((u) => u.kind === 'cross');
  const rows: MetricRow[] = [];
  const pooled = new Map<string, Predictions[]>();
  const add = (key: string, p: Predictions) => pooled.set(key, [...(pooled.get(key) ?? []), p]);
  for (const fit of fits) {
    const test = readPredictions(join(ctx.dirOf(fit), 'test.csv'));
    add(`${fit.model}|${fit.task}|guided`, test);
    if (fit.task === 'raw') {
      const bands = unguidedBands(ctx, ctx.dirOf(fit), test);
      for (const band of BANDS) add(`${fit.model}|${band}|unguided`, bands[band]);
    }
  }
  for (const cross of crosses) {
    for (const modelTask of GUIDED_BANDS) {
      const inputTask = otherBand(modelTask);
      add(`lstm-${modelTask}|${inputTask}|cross`, readPredictions(join(ctx.dirOf(cross), crossFile(modelTask))));
    }
  }
  const scores: PooledScore[] = [];
  const cross: CrossScore[] = [];
  for (const [key, parts] of pooled) {
    const [model, task, guidance] = key.split('|');
    const p = concat(parts);
    const keyGuidance = task === 'raw' && guidance === 'guided' ? 'unguided' : guidance;
    const r = scoreRows(p, { model, task, guidance: keyGuidance });
    rows.push(...r);
    const s = r[0];
    if (guidance === 'cross') cross.push({ target: task as GuidedBand, model: model.slice(5) as GuidedBand, ...tableScores(s) });
    else scores.push({ model, task: task as Task, guidance: keyGuidance as 'guided' | 'unguided', ...tableScores(s) });
  }
  for (const target of GUIDED_BANDS) {
    const own = scores.find((s) => s.model === 'lstm' && s.task === target && s.guidance === 'guided');
    if (own && crosses.length > 0) {
      const { model: _model, task: _task, guidance: _guidance, ...ownScores } = own;
      cross.push({ target, model: target, ...ownScores });
    }
  }
  const recombined = recombine(ctx, fits);
  const csv = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => String(r[c])).join(','))].join('\n');
  writeFileSync(join(out, 'metrics.csv'), `${csv}\n`);
  const metrics = { pooled: scores, cross, recombined, rows };
  writeJsonAtomic(join(out, 'metrics.json'), metrics);
  const sites = [...new Set(fits.flatMap((f) => f.sites ?? []))].sort();
  const note = `${sites.length} sites (${sites.join(', ')}), profile ${ctx.config.profile}, drivers ${ctx.config.data.drivers.join(', ')}, SSA ${ctx.config.ssa.mode}; the paper: 94 sites, drivers WS_F, P_F, TA_F, NETRAD, VPD_F, full-record SSA.`;
  const models = [...new Set(fits.map((f) => f.model!))];
  const tables: Record<string, string> = {};
  if (experiment === 'table1' || experiment === 'all') tables['table1.md'] = `${table1Markdown(scores, models, note)}\n${guidanceMarkdown(scores, models)}`;
  if (experiment === 'table2' || experiment === 'all') tables['table2.md'] = table2Markdown(cross, note);
  if (experiment === 's1' || experiment === 'all') tables['s1.md'] = tableS1Markdown(scores, recombined, models, note);
  for (const [name, text] of Object.entries(tables)) {
    writeFileSync(join(out, name), text);
    writeFileAtomic(join(ctx.runDir, name), text);
  }
  writeFileAtomic(join(ctx.runDir, 'metrics.csv'), `${csv}\n`);
  writeJsonAtomic(join(ctx.runDir, 'metrics.json'), metrics);
}

/** Guided band predictions summed per site and day (seasonal + IAV, and + trend) scored on raw NEE. */
function recombine(ctx: RunContext, fits: readonly Unit[]): PooledScore[] {
  const out: PooledScore[] = [];
  for (const model of [...new Set(fits.map((f) => f.model!))]) {
    const byTask = (task: Task) => fits.filter((f) => f.model === model && f.task === task).map((f) => join(ctx.dirOf(f), 'test.csv'));
    const seasonal = byTask('seasonal');
    const iav = byTask('iav');
    if (seasonal.length === 0 || iav.length === 0) continue;
    const withTrend = byTask('trend');
    const sets: Array<[Task, string[][]]> = [['iav', [seasonal, iav]]];
    if (withTrend.length > 0) sets.push(['trend', [seasonal, iav, withTrend]]);
    for (const [label, files] of sets) {
      const sum = new Map<string, number>();
      const count = new Map<string, number>();
      for (const group of files) {
        for (const file of group.filter(existsSync)) {
          const p = readPredictions(file);
          p.site.forEach((s, i) => {
            const key = `${s}|${p.date[i]}`;
            sum.set(key, (sum.get(key) ?? 0) + p.predicted[i]);
            count.set(key, (count.get(key) ?? 0) + 1);
          });
        }
      }
      const keys = [...sum.keys()].filter((k) => count.get(k) === files.length);
      const observed = Float64Array.from(keys, (k) => {
        const [s, d] = k.split('|');
        const site = ctx.site(s);
        return site.series(site.info.variables[0], 'raw')[dayIndex(site, d)];
      });
      out.push({ model, task: label, guidance: 'guided', ...tableScores(scoreAll(observed, Float64Array.from(keys, (k) => sum.get(k)!))) });
    }
  }
  return out;
}
