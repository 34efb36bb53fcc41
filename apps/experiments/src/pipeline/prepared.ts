/**
 * The prepare stage's output for one site: the gap-filled target and drivers and their SSA bands,
 * stored as one little-endian Float64 file ([variable][band][day]) beside a JSON description.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WindowSiteInput } from '@fluxscale/data';
import type { TaskName } from '../config/schema.js';
import { writeJsonAtomic } from '../run/atomic.js';

/** Series kinds stored per variable, in file order. */
export const SERIES_KINDS = ['original', 'seasonal', 'iav', 'trend'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

/** The JSON half of a prepared site. */
export interface PreparedSiteInfo {
  readonly siteId: string;
  readonly igbp: string;
  readonly group: string;
  readonly lat: number;
  readonly lon: number;
  readonly file: string;
  /** First day (days since 1970-01-01) and number of consecutive days. */
  readonly firstDay: number;
  readonly nDays: number;
  /** Target first, then the drivers in feature order. */
  readonly variables: readonly string[];
  /** Days of the training part (first test target day's index); used by the train-only SSA mode. */
  readonly trainLength: number;
  readonly fill: Record<string, { missing: number; filledFraction: number; longestGap: number }>;
  /** Per variable: SSA window, rank, mode and band variance shares. */
  readonly ssa: Record<string, unknown>;
}

/** A prepared site in memory. */
export interface PreparedBands {
  readonly info: PreparedSiteInfo;
  readonly dates: Int32Array;
  /** All series, laid out [variable][kind][day]. */
  readonly buffer: Float64Array;
  /** series(variable, kind) → the stored series. */
  series(variable: string, kind: SeriesKind): Float64Array;
}

/** Index into a prepared site's series of an ISO date (YYYY-MM-DD). */
export function dayIndex(site: PreparedBands, isoDate: string): number {
  return Date.parse(isoDate) / 86400000 - site.info.firstDay;
}

/** A prepared site over one buffer laid out [variable][kind][day]. */
function fromBuffer(info: PreparedSiteInfo, all: Float64Array): PreparedBands {
  const dates = Int32Array.from({ length: info.nDays }, (_, i) => info.firstDay + i);
  return {
    info,
    dates,
    buffer: all,
    series(variable, kind) {
      const i = info.variables.indexOf(variable);
      if (i < 0) throw new Error(`site ${info.siteId}: variable ${variable} was not prepared`);
      const offset = (i * SERIES_KINDS.length + SERIES_KINDS.indexOf(kind)) * info.nDays;
      return all.subarray(offset, offset + info.nDays);
    },
  };
}

/** A prepared site in memory from its series per variable and kind. */
export function preparedBands(info: PreparedSiteInfo, data: Record<string, Record<SeriesKind, Float64Array>>): PreparedBands {
  const all = new Float64Array(info.variables.length * SERIES_KINDS.length * info.nDays);
  info.variables.forEach((v, i) => SERIES_KINDS.forEach((k, j) => all.set(data[v][k], (i * SERIES_KINDS.length + j) * info.nDays)));
  return fromBuffer(info, all);
}

/** Writes a prepared site into a unit folder. */
export function writePrepared(dir: string, site: PreparedBands): void {
  const all = site.buffer;
  writeFileSync(join(dir, 'bands.f64'), Buffer.from(all.buffer, all.byteOffset, all.byteLength));
  writeJsonAtomic(join(dir, 'site.json'), site.info);
}

/** Reads a prepared site from its unit folder. */
export function readPrepared(dir: string): PreparedBands {
  const info = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as PreparedSiteInfo;
  const bytes = readFileSync(join(dir, 'bands.f64'));
  return fromBuffer(info, new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
}

/** The series a task trains on: raw data for the unguided task, the band otherwise. */
export const kindOfTask = (task: TaskName): SeriesKind => (task === 'raw' ? 'original' : task);

/** Window inputs of a site for a task: the task's band (or the raw series) of target and drivers. */
export function taskInput(site: PreparedBands, task: TaskName): WindowSiteInput {
  return inputOfKind(site, kindOfTask(task));
}

/** Window inputs of a site with target and drivers taken from one series kind. */
export function inputOfKind(site: PreparedBands, kind: SeriesKind): WindowSiteInput {
  const [target, ...drivers] = site.info.variables;
  return {
    siteId: site.info.siteId,
    lat: site.info.lat,
    lon: site.info.lon,
    dates: site.dates,
    target: site.series(target, kind),
    drivers: Object.fromEntries(drivers.map((d) => [d, site.series(d, kind)])),
  };
}
