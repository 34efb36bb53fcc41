/**
 * `fluxscale export`: a run's predictions and metrics as one long table each, for pandas, R or any
 * Arrow reader. Predictions: one row per run × SSA mode × seed replicate × group × model × task ×
 * guidance × site × test day — the guided band models and the unguided model on raw NEE (test.csv of
 * each fit), the unguided model's out-of-sample predictions in bands (the observations with the test
 * days replaced by the prediction, decomposed as the truth is), and the
 * cross-scale LSTMs (Table 2); `observed` is what the scores use (the truth band for a band). Metrics:
 * the rows of metrics.csv with the run's name in front; for a verdict run, its per-site rows
 * (verdict.json: treatment and reference scores per site, band, mode and replicate).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { TableColumn } from '@fluxscale/data';
import { BANDS, GUIDED_BANDS, otherBand } from '@fluxscale/decomposition';
import type { RunContext } from '../pipeline/context.js';
import { unitsByBlocks, joinedPredictions, unguidedBands } from '../pipeline/out-of-sample.js';
import type { Unit } from '../pipeline/plan.js';
import { againstTruth, readPredictions, type Predictions } from '../pipeline/predictions.js';
import { isoDay } from '../pipeline/prepared.js';
import { METRIC_COLUMNS } from '../pipeline/score.js';
import type { VerdictFile } from '../pipeline/verdict.js';
import { crossFile } from '../pipeline/work.js';
import { unfinishedRunAdvice } from './results.js';
import { contextOf, readPlannedRun } from './run-dir.js';
import { isUnitDone } from './store.js';
import { TABLE_FORMATS, writeTable, type Table, type TableFormat } from './table-files.js';

/** The formats `fluxscale export` writes. */
export const EXPORT_FORMATS = TABLE_FORMATS;

/** The keys of one block of predictions. */
interface PredictionKeys {
  /** SSA mode of the site decomposition; seed replicate (0 outside a verdict run). */
  readonly mode: string;
  readonly replicate: string;
  readonly group: string;
  readonly model: string;
  readonly task: string;
  readonly guidance: string;
}

/** Every finished prediction of a run, block by block (fits, their unguided bands, cross-scale applications). */
function predictionBlocks(ctx: RunContext): Array<{ keys: PredictionKeys; predictions: Predictions }> {
  const blocks: Array<{ keys: PredictionKeys; predictions: Predictions }> = [];
  const done = ctx.units.filter((u) => isUnitDone(ctx.runDir, u));
  const keysOf = (unit: Unit) => ({ mode: unit.mode ?? ctx.config.ssa.mode, replicate: String(unit.replicate ?? 0), group: unit.group! });
  for (const unit of done) {
    const at = keysOf(unit);
    if (unit.kind === 'fit') {
      const test = againstTruth(ctx, readPredictions(join(ctx.dirOf(unit), 'test.csv')), unit.task!);
      const guidance = unit.task === 'raw' ? 'unguided' : 'guided';
      blocks.push({ keys: { ...at, model: unit.model!, task: unit.task!, guidance }, predictions: test });
    } else if (unit.kind === 'cross') {
      for (const modelTask of GUIDED_BANDS) {
        const predictions = againstTruth(ctx, readPredictions(join(ctx.dirOf(unit), crossFile(modelTask))), otherBand(modelTask));
        blocks.push({ keys: { ...at, model: `lstm-${modelTask}`, task: otherBand(modelTask), guidance: 'cross' }, predictions });
      }
    }
  }
  // The unguided model in bands: per group, model and replicate, once every test block is done.
  for (const fits of unitsByBlocks(ctx.units, (u) => u.kind === 'fit' && u.task === 'raw').values()) {
    if (!fits.every((u) => isUnitDone(ctx.runDir, u))) continue;
    const bands = unguidedBands(ctx, joinedPredictions(ctx, fits));
    for (const band of BANDS) blocks.push({ keys: { ...keysOf(fits[0]), model: fits[0].model!, task: band, guidance: 'unguided' }, predictions: bands[band] });
  }
  return blocks;
}

/** Repeats one value per row of each block. */
const repeat = (blocks: ReadonlyArray<{ predictions: Predictions }>, value: (i: number) => string): string[] =>
  blocks.flatMap((b, i) => Array.from(b.predictions.site, () => value(i)));

/** The long predictions table of a run (see the module comment); `run` names the run in its first column. */
export function predictionsTable(ctx: RunContext, run: string): Table {
  const blocks = predictionBlocks(ctx);
  const rows = blocks.reduce((n, b) => n + b.predictions.site.length, 0);
  const date = new Int32Array(rows);
  const observed = new Float64Array(rows);
  const predicted = new Float64Array(rows);
  let at = 0;
  for (const { predictions } of blocks) {
    predictions.date.forEach((d, i) => (date[at + i] = isoDay(d)));
    observed.set(predictions.observed, at);
    predicted.set(predictions.predicted, at);
    at += predictions.site.length;
  }
  const key = (name: keyof PredictionKeys): TableColumn => ({ name, kind: 'string', values: repeat(blocks, (i) => blocks[i].keys[name]) });
  return {
    name: 'predictions',
    rows,
    columns: [
      { name: 'run', kind: 'string', values: repeat(blocks, () => run) },
      key('mode'),
      key('replicate'),
      key('group'),
      key('model'),
      key('task'),
      key('guidance'),
      { name: 'site', kind: 'string', values: blocks.flatMap((b) => b.predictions.site) },
      { name: 'date', kind: 'date', values: date },
      { name: 'observed', kind: 'float', values: observed },
      { name: 'predicted', kind: 'float', values: predicted },
    ],
  };
}

/** The per-site rows of a verdict run (verdict.json), one per comparison × model × band × mode × group × site × replicate. */
function verdictTable(file: string, run: string): Table {
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as VerdictFile).rows;
  const score = (v: number | null): number => (v === null ? NaN : v);
  const text = (name: 'comparison' | 'model' | 'band' | 'mode' | 'group' | 'site'): TableColumn => ({ name, kind: 'string', values: rows.map((r) => r[name]) });
  const scores = (side: 'treatment' | 'reference'): TableColumn[] => [
    { name: `${side}_n`, kind: 'int', values: Int32Array.from(rows, (r) => r[side].n) },
    ...(['r2', 'rmse', 'mae'] as const).map((m): TableColumn => ({ name: `${side}_${m}`, kind: 'float', values: Float64Array.from(rows, (r) => score(r[side][m])) })),
  ];
  return {
    name: 'metrics',
    rows: rows.length,
    columns: [
      { name: 'run', kind: 'string', values: rows.map(() => run) },
      ...(['comparison', 'model', 'band', 'mode', 'group', 'site'] as const).map(text),
      { name: 'replicate', kind: 'int', values: Int32Array.from(rows, (r) => r.replicate) },
      ...scores('treatment'),
      ...scores('reference'),
    ],
  };
}

/** The metrics of a run (its metrics.json rows, as in metrics.csv; a verdict run's per-site rows) with the run's name in front. */
export function metricsTable(runDir: string, run: string, experiment: string): Table {
  const verdict = join(runDir, 'verdict.json');
  if (existsSync(verdict)) return verdictTable(verdict, run);
  const file = join(runDir, 'metrics.json');
  if (!existsSync(file)) throw new Error(`${file} not found: ${unfinishedRunAdvice(runDir, experiment)}`);
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as { rows: Array<Record<string, string | number | null>> }).rows;
  const number = (v: string | number | null | undefined): number => (typeof v === 'number' ? v : NaN);
  return {
    name: 'metrics',
    rows: rows.length,
    columns: [
      { name: 'run', kind: 'string', values: rows.map(() => run) },
      ...METRIC_COLUMNS.map((name): TableColumn => {
        if (name === 'model' || name === 'task' || name === 'guidance' || name === 'site') return { name, kind: 'string', values: rows.map((r) => String(r[name])) };
        if (name === 'n') return { name, kind: 'int', values: Int32Array.from(rows, (r) => number(r[name])) };
        return { name, kind: 'float', values: Float64Array.from(rows, (r) => number(r[name])) };
      }),
    ],
  };
}

/** The tables `fluxscale export` writes. */
export const EXPORT_TABLES = ['metrics', 'predictions'] as const;

/** The name of an exported table. */
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** What `exportRun` wrote. */
export interface ExportResult {
  readonly files: ReadonlyArray<{ readonly file: string; readonly rows: number }>;
}

/** The named tables of the run in `runDir` (default both); `run` in the tables is the run directory's name. */
export function exportTables(runDir: string, names: readonly ExportTable[] = EXPORT_TABLES): Table[] {
  const planned = readPlannedRun(runDir, { anyVersion: true });
  const run = basename(planned.runDir);
  return names.map((name) => (name === 'metrics' ? metricsTable(planned.runDir, run, planned.experiment) : predictionsTable(contextOf(planned), run)));
}

/**
 * Writes `predictions.<ext>` and `metrics.<ext>` (or the one `table`) of the run in `runDir` into the
 * folder `out` (default RUN_DIR/export), each file atomically.
 */
export async function exportRun(runDir: string, options: { readonly format: TableFormat; readonly out?: string; readonly table?: ExportTable }): Promise<ExportResult> {
  const tables = exportTables(runDir, options.table === undefined ? EXPORT_TABLES : [options.table]);
  const out = resolve(options.out ?? join(runDir, 'export'));
  mkdirSync(out, { recursive: true });
  const files = [];
  for (const table of tables) files.push({ file: await writeTable(table, out, options.format), rows: table.rows });
  return { files };
}
