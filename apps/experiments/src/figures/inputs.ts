/**
 * What the figures read from a run directory: the fitted units of each ecosystem group, their test
 * predictions, their LSTMs (with the scaler they were trained with) and window sources of a group's
 * sites in any band, plus a CSV writer for the numbers behind the panels.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Scaler, type WindowSource } from '@fluxscale/data';
import { LstmRegressor, modelSpec } from '@fluxscale/models';
import type { Task } from '@fluxscale/decomposition';
import type { RunContext } from '../pipeline/context.js';
import type { Unit } from '../pipeline/plan.js';
import { taskInput } from '../pipeline/prepared.js';
import { evaluationSource, igbpClassesOf, modelDrivers, readScaler } from '../pipeline/work.js';
import { csvText, writeFileAtomic } from '@fluxscale/util';
import { isUnitDone } from '../pipeline/unit-state.js';
import { figureDir, type FigureId } from './record.js';

/** A figure that cannot be drawn from a run directory (a unit it needs is missing or unfinished). */
export class FigureInputError extends Error {
  override readonly name = 'FigureInputError';
}

/** Ecosystem groups of a run's fit units, sorted. */
export function fittedGroups(ctx: RunContext): string[] {
  return [...new Set(ctx.units.filter((u) => u.kind === 'fit').map((u) => u.group!))].sort();
}

/**
 * The finished units of `kind` for a group (and task and model), one per test block in block order;
 * throws {@link FigureInputError} naming what to run.
 */
export function finishedUnits(ctx: RunContext, figure: FigureId, kind: 'fit' | 'cross', keys: { group: string; task?: Task; model: string }): Unit[] {
  const units = ctx.units
    .filter((u) => u.kind === kind && u.group === keys.group && u.model === keys.model && (keys.task === undefined || u.task === keys.task))
    .sort((a, b) => (a.block ?? 0) - (b.block ?? 0));
  const what = kind === 'fit' ? `the ${keys.task} ${keys.model} fit of group ${keys.group}` : `the cross-scale unit of group ${keys.group}`;
  if (units.length === 0) {
    throw new FigureInputError(`${figure} needs ${what}, which ${ctx.runDir} did not plan (run 'fluxscale experiment ${figure}' or 'experiment all' for a run that has it)`);
  }
  const unfinished = units.find((u) => !isUnitDone(ctx.runDir, u));
  if (unfinished) throw new FigureInputError(`${figure} needs ${ctx.dirOf(unfinished)}, which is not finished: resume the run with --resume ${ctx.runDir}`);
  return units;
}

/** The finished unit of `kind` for a group (and task and model): the last test block's (trained on the most days), or the last site fold's. */
export function finishedUnit(ctx: RunContext, figure: FigureId, kind: 'fit' | 'cross', keys: { group: string; task?: Task; model: string }): Unit {
  return finishedUnits(ctx, figure, kind, keys).at(-1)!;
}

/** A fitted LSTM and the scaler of its training data. */
export interface LoadedLstm {
  readonly model: LstmRegressor;
  readonly scaler: Scaler;
}

/** Loads the LSTM of a fit unit with its scaler. */
export async function loadLstm(ctx: RunContext, fit: Unit): Promise<LoadedLstm> {
  const dir = ctx.dirOf(fit);
  const model = await modelSpec('lstm').load(join(dir, 'model'));
  if (!(model instanceof LstmRegressor)) throw new FigureInputError(`${dir}/model is not an LSTM`);
  return { model, scaler: readScaler(dir) };
}

/** Standardised windows of `sites` with target and drivers from the band `kind` (and a pooled model's IGBP inputs), test part or whole record. */
export function bandWindows(ctx: RunContext, sites: readonly string[], task: Task, scaler: Scaler, split: 'test' | 'all'): WindowSource {
  const inputs = sites.map((s) => taskInput(ctx.site(s), task, igbpClassesOf(ctx.config)));
  return evaluationSource(ctx.config.windows, modelDrivers(ctx.config), inputs, scaler, split);
}

/**
 * The windows a fit is tested on, standardised with its scaler: its held-out sites' whole records
 * under leave-site-out, else the test part of the sites it trained on.
 */
export function testWindows(ctx: RunContext, fit: Unit, task: Task, scaler: Scaler): WindowSource {
  return fit.heldOut ? bandWindows(ctx, fit.heldOut, task, scaler, 'all') : bandWindows(ctx, fit.sites!, task, scaler, 'test');
}

/** `count` indices spread evenly over 0..n−1 (all of them when count ≥ n), increasing. */
export function evenlySpaced(n: number, count: number): Int32Array {
  if (count >= n) return Int32Array.from({ length: n }, (_, i) => i);
  return Int32Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * n) / count));
}

/** The last-day value of feature `f` of every window of a batch (standardised units). */
export function lastDay(x: Float32Array, size: number, window: number, features: number, f: number): Float64Array {
  return Float64Array.from({ length: size }, (_, i) => x[(i * window + window - 1) * features + f]);
}

/** A figure CSV's cell text: non-finite numbers empty. */
const cellText = (v: unknown): string => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v));

/** Writes rows as CSV (header from `columns`; non-finite numbers as empty cells), atomically, into a figure's folder. */
export function writeFigureCsv(runDir: string, id: FigureId, file: string, columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const dir = figureDir(runDir, id);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, file), csvText([columns, ...rows.map((r) => columns.map((c) => cellText(r[c])))]));
  return file;
}

/** Writes an SVG panel atomically into a figure's folder and returns its file name. */
export function writeFigureSvg(runDir: string, id: FigureId, file: string, svg: string): string {
  const dir = figureDir(runDir, id);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, file), svg);
  return file;
}
