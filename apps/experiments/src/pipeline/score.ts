/**
 * score: pools every model's test predictions over all sites (and test blocks) and scores them
 * (Table 1), scores the unguided predictions on the bands (out of sample: see out-of-sample.ts; Fig. 3),
 * the cross-scale applications (Table 2) and the recombined bands (Table S1); writes metrics as
 * CSV and JSON, and the tables as markdown.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BANDS, GUIDED_BANDS, otherBand, type GuidedBand, type Task } from '@fluxscale/decomposition';
import { scoreAll, scoreBySite, type Scores } from '@fluxscale/evaluation';
import { csvText, writeFileAtomic, writeJsonAtomic } from '@fluxscale/util';
import { guidanceMarkdown, SCORE_METRICS, table1Markdown, table2Markdown, tableS1Markdown, type CrossScore, type PooledScore, type RunScores } from './tables.js';
import type { RunContext } from './context.js';
import type { Unit } from './plan.js';
import { unitsByBlocks, joinedPredictions, unguidedBands } from './out-of-sample.js';
import { againstTruth, concatPredictions, readPredictions, type Predictions } from './predictions.js';
import { dayIndex } from './prepared.js';
import { unseenSites } from './unseen-sites.js';
import { crossFile } from './work.js';

/** One row of metrics.csv: pooled (site '*') or per site. */
interface MetricRow extends Scores {
  readonly model: string;
  readonly task: string;
  readonly guidance: string;
  readonly site: string;
}

const scoreRows = (p: Predictions, keys: { model: string; task: string; guidance: string }): MetricRow[] => [
  { ...keys, site: '*', ...scoreAll(p.observed, p.predicted) },
  ...scoreBySite(p.observed, p.predicted, p.site).map(({ site, ...s }) => ({ ...keys, site: String(site), ...s })),
];

/** The columns of metrics.csv, in order. */
export const METRIC_COLUMNS = ['model', 'task', 'guidance', 'site', 'n', 'rmse', 'r2', 'lcs', 'mae', 'mse', 'sb', 'sdsd', 'bias', 'pearson', 'nse'] as const;

/** The tables' four scores of a score set, with n and why any of the four is undefined. */
function tableScores(s: Scores): RunScores & { n: number } {
  const reasons = SCORE_METRICS.flatMap((m) => (s.undefinedReasons?.[m] ? [[m, s.undefinedReasons[m]] as const] : []));
  return { rmse: s.rmse, r2: s.r2, lcs: s.lcs, mae: s.mae, n: s.n, ...(reasons.length > 0 ? { undefinedReasons: Object.fromEntries(reasons) } : {}) };
}


/** What the paper's tables are made of: the pooled, cross-scale and recombined scores, the models in row order, and the note under each table. */
interface TableInputs {
  readonly scores: readonly PooledScore[];
  readonly cross: readonly CrossScore[];
  readonly recombined: readonly PooledScore[];
  readonly models: readonly string[];
  readonly note: string;
}

/** The paper's tables a score unit can write (`<name>.md`), each as Markdown beside the paper's numbers. */
const PAPER_TABLES = {
  table1: (t: TableInputs) => `${table1Markdown(t.scores, t.models, t.note)}\n${guidanceMarkdown(t.scores, t.models)}`,
  table2: (t: TableInputs) => table2Markdown(t.cross, t.note),
  s1: (t: TableInputs) => tableS1Markdown(t.scores, t.recombined, t.models, t.note),
} satisfies Record<string, (t: TableInputs) => string>;

/** The name of one of the paper's tables: table1, table2 or s1. */
export type PaperTable = keyof typeof PAPER_TABLES;

/** Scores a finished run and writes metrics and the paper's `tables` into `out` and the run directory. */
export function scoreWork(ctx: RunContext, tables: readonly PaperTable[], out: string, unit: Unit): void {
  const fits = unit.deps.map((id) => ctx.byId.get(id)!).filter((u) => u.kind === 'fit');
  const crosses = unit.deps.map((id) => ctx.byId.get(id)!).filter((u) => u.kind === 'cross');
  const rows: MetricRow[] = [];
  const pooled = new Map<string, Predictions[]>();
  const add = (key: string, p: Predictions) => pooled.set(key, [...(pooled.get(key) ?? []), p]);
  for (const fit of fits) add(`${fit.model}|${fit.task}|guided`, againstTruth(ctx, readPredictions(join(ctx.dirOf(fit), 'test.csv')), fit.task!));
  for (const raw of unitsByBlocks(ctx.units, (u) => u.kind === 'fit' && u.task === 'raw').values()) {
    const bands = unguidedBands(ctx, joinedPredictions(ctx, raw));
    for (const band of BANDS) add(`${raw[0].model}|${band}|unguided`, bands[band]);
  }
  for (const cross of crosses) {
    for (const modelTask of GUIDED_BANDS) {
      const inputTask = otherBand(modelTask);
      add(`lstm-${modelTask}|${inputTask}|cross`, againstTruth(ctx, readPredictions(join(ctx.dirOf(cross), crossFile(modelTask))), inputTask));
    }
  }
  const scores: PooledScore[] = [];
  const cross: CrossScore[] = [];
  for (const [key, parts] of pooled) {
    const [model, task, guidance] = key.split('|');
    const p = concatPredictions(parts);
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
  const csv = csvText([[...METRIC_COLUMNS], ...rows.map((r) => METRIC_COLUMNS.map((c) => String(r[c])))]);
  writeFileSync(join(out, 'metrics.csv'), csv);
  const metrics = { pooled: scores, cross, recombined, rows };
  writeJsonAtomic(join(out, 'metrics.json'), metrics);
  const sites = [...new Set(fits.flatMap((f) => [...(f.sites ?? []), ...(f.heldOut ?? [])]))].sort();
  const { evaluation, grouping } = ctx.config;
  const scheme = evaluation.scheme === 'leave-site-out' ? `, leave-site-out (${evaluation.folds} site folds, ${grouping})` : grouping === 'pooled' ? ', pooled' : '';
  const note = `${sites.length} sites (${sites.join(', ')}), profile ${ctx.config.profile}, drivers ${ctx.config.data.drivers.join(', ')}, SSA ${ctx.config.ssa.mode}${scheme}; the paper: 94 sites, drivers WS_F, P_F, TA_F, NETRAD, VPD_F, full-record SSA.`;
  const inputs: TableInputs = { scores, cross, recombined, models: [...new Set(fits.map((f) => f.model!))], note };
  for (const table of tables) {
    const text = PAPER_TABLES[table](inputs);
    writeFileSync(join(out, `${table}.md`), text);
    writeFileAtomic(join(ctx.runDir, `${table}.md`), text);
  }
  writeFileAtomic(join(ctx.runDir, 'metrics.csv'), csv);
  writeJsonAtomic(join(ctx.runDir, 'metrics.json'), metrics);
  const raw = new Map(rows.filter((r) => r.task === 'raw' && r.site !== '*').map((r) => [`${r.model}|${r.site}`, { nse: r.nse, r2: r.r2 }]));
  const unseen = unseenSites(ctx, fits, (model, site) => raw.get(`${model}|${site}`));
  if (unseen) for (const dir of [out, ctx.runDir]) writeJsonAtomic(join(dir, 'unseen-sites.json'), unseen);
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
