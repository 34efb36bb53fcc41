/**
 * The prepare stage's output for one site: the gap-filled target and drivers with their SSA bands,
 * and the target's truth bands, stored as one little-endian Float64 file beside a JSON description.
 * File layout: [variable][task][day] for every variable (tasks in TASKS order: raw, seasonal, iav,
 * trend), then [band][day] of the target's truth (bands in BANDS order).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FillReport, PreparedSite, WindowSiteInput } from '@fluxscale/data';
import { BANDS, TASKS, type Band, type SiteBands, type Task, type VariableDecomposition } from '@fluxscale/decomposition';
import { writeJsonAtomic } from '@fluxscale/util';
import { damagedUnitFile, readUnitBytes, readUnitJson } from './unit-files.js';

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
  /** Days of the training part (first test target day's index). */
  readonly trainLength: number;
  /** Per variable: days missing before filling (out-of-range values included), their share, the longest gap, and the out-of-range values read as missing. */
  readonly fill: Record<string, FillReport>;
  /** Per variable: SSA mode, window, rank and band variance shares. */
  readonly ssa: Record<string, VariableDecomposition>;
  /** How the truth bands were obtained. */
  readonly truth: SiteBands['truthMethod'];
}

/** A prepared site in memory. */
export interface PreparedBands {
  readonly info: PreparedSiteInfo;
  readonly dates: Int32Array;
  /** All series (see the module comment for the layout). */
  readonly buffer: Float64Array;
  /** series(variable, task) → the raw series or one of its bands, as models see it in the run's SSA mode. */
  series(variable: string, task: Task): Float64Array;
  /** truth(band) → the band of the observed target over its whole record: what band predictions are scored against. */
  truth(band: Band): Float64Array;
}

/** Index into a prepared site's series of an ISO date (YYYY-MM-DD). */
export function dayIndex(site: PreparedBands, isoDate: string): number {
  return isoDay(isoDate) - site.info.firstDay;
}

/** Days since 1970-01-01 (UTC) of a YYYY-MM-DD date. */
export const isoDay = (isoDate: string): number => Date.parse(isoDate) / 86_400_000;

/** A prepared site over one buffer (see the module comment for the layout). */
function fromBuffer(info: PreparedSiteInfo, all: Float64Array): PreparedBands {
  const n = info.nDays;
  const dates = Int32Array.from({ length: n }, (_, i) => info.firstDay + i);
  const truthOffset = info.variables.length * TASKS.length * n;
  return {
    info,
    dates,
    buffer: all,
    series(variable, task) {
      const i = info.variables.indexOf(variable);
      if (i < 0) throw new Error(`site ${info.siteId}: variable ${variable} was not prepared`);
      const offset = (i * TASKS.length + TASKS.indexOf(task)) * n;
      return all.subarray(offset, offset + n);
    },
    truth(band) {
      const offset = truthOffset + BANDS.indexOf(band) * n;
      return all.subarray(offset, offset + n);
    },
  };
}

/** A gap-filled site of @fluxscale/data with its decomposition, as the prepare stage stores it. */
export function siteInBands(site: PreparedSite, bands: SiteBands): PreparedBands {
  const n = site.dates.length;
  const info: PreparedSiteInfo = {
    siteId: site.siteId,
    igbp: site.igbp,
    group: site.group,
    lat: site.lat,
    lon: site.lon,
    file: site.file,
    firstDay: site.dates[0],
    nDays: n,
    variables: bands.variables,
    trainLength: bands.trainLength,
    fill: site.fill,
    ssa: bands.decomposition,
    truth: bands.truthMethod,
  };
  const all = new Float64Array((bands.variables.length * TASKS.length + BANDS.length) * n);
  bands.variables.forEach((v, i) => TASKS.forEach((task, j) => all.set(bands.series[v][task], (i * TASKS.length + j) * n)));
  BANDS.forEach((band, j) => all.set(bands.truth[band], (bands.variables.length * TASKS.length + j) * n));
  return fromBuffer(info, all);
}

/** Writes a prepared site into a unit folder. */
export function writePrepared(dir: string, site: PreparedBands): void {
  const all = site.buffer;
  writeFileSync(join(dir, 'bands.f64'), Buffer.from(all.buffer, all.byteOffset, all.byteLength));
  writeJsonAtomic(join(dir, 'site.json'), site.info);
}

/** Reads a prepared site from its unit folder; a missing, unparsable or short file is an error naming it. */
export function readPrepared(dir: string): PreparedBands {
  const infoFile = join(dir, 'site.json');
  const info = readUnitJson<PreparedSiteInfo>(infoFile);
  if (!Array.isArray(info?.variables) || !Number.isInteger(info.nDays)) throw damagedUnitFile(infoFile, 'no variables list or day count');
  const bandsFile = join(dir, 'bands.f64');
  const bytes = readUnitBytes(bandsFile);
  const expected = (info.variables.length * TASKS.length + BANDS.length) * info.nDays * Float64Array.BYTES_PER_ELEMENT;
  if (bytes.byteLength !== expected) throw damagedUnitFile(bandsFile, `${bytes.byteLength} bytes, site.json describes ${expected}`);
  return fromBuffer(info, new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
}

/** The names of the one-hot IGBP inputs of a pooled model, one per class: IGBP_<class>. */
export const igbpFeatures = (classes: readonly string[]): string[] => classes.map((c) => `IGBP_${c}`);

/**
 * Window inputs of a site for a task: target and drivers taken from the task's series (raw or one
 * band), and per class of `igbpClasses` a constant one-hot input (1 on every day for the site's class, else 0).
 */
export function taskInput(site: PreparedBands, task: Task, igbpClasses: readonly string[] = []): WindowSiteInput {
  const [target, ...drivers] = site.info.variables;
  const n = site.info.nDays;
  const oneHot = igbpClasses.map((c, k) => [igbpFeatures(igbpClasses)[k], new Float64Array(n).fill(c === site.info.igbp.toUpperCase() ? 1 : 0)] as const);
  return {
    siteId: site.info.siteId,
    lat: site.info.lat,
    lon: site.info.lon,
    dates: site.dates,
    target: site.series(target, task),
    drivers: Object.fromEntries([...drivers.map((d) => [d, site.series(d, task)] as const), ...oneHot]),
  };
}
