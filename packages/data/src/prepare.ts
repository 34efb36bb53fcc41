/**
 * From raw site series to model-ready sites: QC masking, continuity selection, gap filling and
 * ecosystem grouping, for one file or a whole data directory.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dayNumber } from './dates.js';
import { ConfigError, FluxnetDataError, FluxnetFormatError } from './errors.js';
import { ecosystemGroup, type EcosystemGroup } from './ecosystem.js';
import { fillByCalendarDay, type FillReport } from './fill.js';
import { describeRange, type OutOfRangePolicy, type OutOfRangeReport } from './ranges.js';
import { siteFilesBySite } from './directory.js';
import { readDirectoryConfig, readSiteMeta, type SiteMeta, type SiteSeries } from './read.js';
import { siteReader } from './readers/registry.js';
import type { SiteFormatOption } from './readers/site-reader.js';
import { DEFAULT_MIN_VALID_FRACTION, selectYears } from './select.js';

/** Default target: net ecosystem exchange, gC m-2 d-1 (VUT, reference USTAR member). */
export const DEFAULT_TARGET = 'NEE_VUT_REF';
/** The paper's drivers: wind speed, precipitation, air temperature, net radiation, vapour pressure deficit. */
export const PAPER_DRIVERS: readonly string[] = ['WS_F', 'P_F', 'TA_F', 'NETRAD', 'VPD_F'];
/**
 * Drivers gap-filled by the site's day-of-year mean whatever their gaps, and not counted in year
 * selection: net radiation, as the paper fills its radiation gaps (18.6 % of its records).
 */
export const DAY_OF_YEAR_FILLED: readonly string[] = ['NETRAD'];
/** Default minimum number of selected years for a site to be kept (the paper's rule). */
export const DEFAULT_MIN_YEARS = 5;
/** Name of the metadata table looked for in a data directory when none is configured. */
export const DEFAULT_META_FILE = 'sites.csv';

/** Options of {@link prepareSite} and {@link prepareDirectory}. */
export interface PrepareOptions {
  /** Target variable (default NEE_VUT_REF, or the directory's fluxscale.json). */
  readonly target?: string;
  /** Driver variables, in feature order (default PAPER_DRIVERS, or the directory's fluxscale.json). */
  readonly drivers?: readonly string[];
  /** If set, target values whose `<target>_QC` is below it count as missing (default: no QC masking). */
  readonly qcThreshold?: number | null;
  /** Minimum number of consecutive usable years (default 5). */
  readonly minYears?: number;
  /** Minimum fraction of valid days in a usable year, per variable (default 0.8). */
  readonly minValidFraction?: number;
  /** Drivers whose gaps do not count in year selection; they are filled like the others (default DAY_OF_YEAR_FILLED). */
  readonly fillOnly?: readonly string[];
}

/** Options of {@link prepareSiteFile} and {@link prepareDirectory}: those of prepareSite and how the file is read. */
export interface PrepareFileOptions extends PrepareOptions, SiteFormatOption {
  /** A value outside its variable's plausible range is read as missing (default 'missing') or fails the read ('error'). */
  readonly outOfRange?: OutOfRangePolicy;
}

/** A gap-filled site over its selected years. */
export interface PreparedSite {
  readonly siteId: string;
  readonly igbp: string;
  readonly group: EcosystemGroup;
  /** Latitude and longitude, decimal degrees. */
  readonly lat: number;
  readonly lon: number;
  /** Consecutive days since 1970-01-01 (UTC), 1 January of the first to 31 December of the last selected year. */
  readonly dates: Int32Array;
  /** Name of the target variable. */
  readonly targetName: string;
  /** Gap-filled target (FLUXNET units, gC m-2 d-1 for NEE). */
  readonly target: Float64Array;
  /** Gap-filled drivers (FLUXNET units), keyed by name, in the order requested. */
  readonly drivers: Record<string, Float64Array>;
  /** Filling report per variable (target and drivers), with the values read as missing for being out of range. */
  readonly fill: Record<string, FillReport>;
  /** First and last selected calendar year. */
  readonly firstYear: number;
  readonly lastYear: number;
  /** Source file. */
  readonly file: string;
}

interface ResolvedOptions {
  target: string;
  drivers: readonly string[];
  qcThreshold: number | null;
  minYears: number;
  minValidFraction: number;
  fillOnly: readonly string[];
}

type SelectionRule = Pick<ResolvedOptions, 'minYears' | 'minValidFraction'> & { fillOnly: readonly string[] };

function resolveSelection(options: Pick<PrepareOptions, 'minYears' | 'minValidFraction' | 'fillOnly'>): SelectionRule {
  const minYears = options.minYears ?? DEFAULT_MIN_YEARS;
  const fillOnly = options.fillOnly ?? DAY_OF_YEAR_FILLED;
  const minValidFraction = options.minValidFraction ?? DEFAULT_MIN_VALID_FRACTION;
  if (!Number.isInteger(minYears) || minYears < 1) throw new ConfigError('minYears', `must be an integer >= 1, got ${minYears}`);
  if (!(minValidFraction > 0 && minValidFraction <= 1)) throw new ConfigError('minValidFraction', `must be in (0, 1], got ${minValidFraction}`);
  return { minYears, minValidFraction, fillOnly };
}

function resolveOptions(options: PrepareOptions, defaults: { target?: string; drivers?: readonly string[] } = {}): ResolvedOptions {
  const target = options.target ?? defaults.target ?? DEFAULT_TARGET;
  const drivers = options.drivers ?? defaults.drivers ?? PAPER_DRIVERS;
  const qcThreshold = options.qcThreshold ?? null;
  if (target.trim() === '') throw new ConfigError('target', 'must be a variable name');
  if (drivers.length === 0 || drivers.some((d) => d.trim() === '')) throw new ConfigError('drivers', 'must be a non-empty list of variable names');
  if (new Set([target, ...drivers]).size !== drivers.length + 1) throw new ConfigError('drivers', 'variables must be distinct and differ from the target');
  if (options.fillOnly?.includes(target)) throw new ConfigError('fillOnly', `the target ${target} is selected on, never only filled`);
  if (qcThreshold !== null && !(qcThreshold >= 0 && qcThreshold <= 1)) throw new ConfigError('qcThreshold', `must be in [0, 1], got ${qcThreshold}`);
  return { target, drivers, qcThreshold, ...resolveSelection(options) };
}

function columnsOf(o: ResolvedOptions): string[] {
  return [o.target, ...o.drivers, ...(o.qcThreshold !== null ? [`${o.target}_QC`] : [])];
}

/** The variables (columns) a file must provide for the given options. */
export function requiredColumns(options: PrepareOptions = {}): string[] {
  return columnsOf(resolveOptions(options));
}

/** Copies `values` (on `dates`) onto the consecutive days from `first`, length `n`; NaN outside. */
function onPeriod(dates: Int32Array, values: Float64Array, first: number, n: number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  const offset = first - dates[0];
  const from = Math.max(0, -offset);
  const to = Math.min(n, dates.length - offset);
  for (let i = from; i < to; i++) out[i] = values[i + offset];
  return out;
}

/** Gap-filled variables over the longest run of usable years (see {@link prepareVariables}). */
export interface PreparedVariables {
  readonly siteId: string;
  /** Consecutive days since 1970-01-01 (UTC), 1 January of the first to 31 December of the last selected year. */
  readonly dates: Int32Array;
  /** Gap-filled series by variable name (FLUXNET units). */
  readonly values: Record<string, Float64Array>;
  /** Filling report per variable. */
  readonly fill: Record<string, FillReport>;
  readonly firstYear: number;
  readonly lastYear: number;
}

/** `2 value(s) of NEE_VUT_REF not within -50 to 50 gC m-2 d-1, the first at line 6: 1e6`. */
function describeOutOfRange(name: string, report: OutOfRangeReport): string {
  return `${report.count} value(s) of ${name} not ${describeRange(name)}, the first at line ${report.firstLine}: ${report.firstValue}`;
}

/** Selects the longest run of usable years of `raw` (named `names`) and gap-fills each on it. */
function selectAndFill(series: SiteSeries, names: readonly string[], raw: readonly Float64Array[], o: SelectionRule): PreparedVariables {
  const file = series.file;
  const outOfRange = names.filter((name) => series.outOfRange[name]).map((name) => describeOutOfRange(name, series.outOfRange[name]));
  const readAsMissing = outOfRange.length > 0 ? `; read as missing: ${outOfRange.join('; ')}` : '';
  raw.forEach((v, k) => {
    if (!v.some((x) => x === x)) {
      const why = series.outOfRange[names[k]] ? `all missing; read as missing: ${describeOutOfRange(names[k], series.outOfRange[names[k]])}` : 'all -9999';
      throw new FluxnetDataError(file, `variable ${names[k]} has no valid value (${why})`, names[k]);
    }
  });
  const selected = names.filter((name) => !o.fillOnly.includes(name));
  const selection = selectYears(
    series.dates,
    raw.filter((_, k) => selected.includes(names[k])),
    { minValidFraction: o.minValidFraction },
  );
  if (selection.years < o.minYears) {
    throw new FluxnetDataError(
      file,
      `only ${selection.years} consecutive usable year(s) (need ${o.minYears}; a usable year has >= ${o.minValidFraction * 100} % valid days of ${selected.join(', ')}${readAsMissing})`,
    );
  }
  const first = dayNumber(selection.firstYear!, 1, 1);
  const n = dayNumber(selection.lastYear! + 1, 1, 1) - first;
  const dates = new Int32Array(n);
  for (let i = 0; i < n; i++) dates[i] = first + i;
  const fill: Record<string, FillReport> = {};
  const values: Record<string, Float64Array> = {};
  raw.forEach((v, k) => {
    const result = fillByCalendarDay(dates, onPeriod(series.dates, v, first, n));
    if (!result) throw new FluxnetDataError(file, `variable ${names[k]} has no valid value in the selected years ${selection.firstYear}-${selection.lastYear}`, names[k]);
    const outside = series.outOfRange[names[k]];
    fill[names[k]] = outside ? { ...result.report, outOfRange: outside } : result.report;
    values[names[k]] = result.filled;
  });
  return { siteId: series.siteId, dates, values, fill, firstYear: selection.firstYear!, lastYear: selection.lastYear! };
}

function columnOf(series: SiteSeries, name: string): Float64Array {
  const c = series.columns[name];
  if (!c) throw new FluxnetDataError(series.file, `variable ${name} was not read from the file`, name);
  return c;
}

function prepareResolved(series: SiteSeries, meta: SiteMeta, o: ResolvedOptions): PreparedSite {
  const group = ecosystemGroup(meta.igbp);
  if (!group) throw new FluxnetDataError(series.file, `unknown IGBP code "${meta.igbp}" for site ${series.siteId} (not in the paper's ecosystem groups)`);
  let target = columnOf(series, o.target);
  if (o.qcThreshold !== null) {
    const qc = columnOf(series, `${o.target}_QC`);
    target = target.map((v, i) => (qc[i] >= o.qcThreshold! ? v : NaN));
  }
  const names = [o.target, ...o.drivers];
  const prepared = selectAndFill(series, names, [target, ...o.drivers.map((d) => columnOf(series, d))], o);
  const drivers: Record<string, Float64Array> = {};
  for (const d of o.drivers) drivers[d] = prepared.values[d];
  return {
    siteId: series.siteId,
    igbp: meta.igbp,
    group,
    lat: meta.lat,
    lon: meta.lon,
    dates: prepared.dates,
    targetName: o.target,
    target: prepared.values[o.target],
    drivers,
    fill: prepared.fill,
    firstYear: prepared.firstYear,
    lastYear: prepared.lastYear,
    file: series.file,
  };
}

/**
 * Selection and gap filling of just the named variables of a parsed site, with no target or driver
 * roles (e.g. to decompose one variable of a site that lacks others). Throws {@link FluxnetDataError}
 * for an absent or all-missing variable or fewer than `minYears` usable years.
 */
export function prepareVariables(series: SiteSeries, variables: readonly string[], options: Pick<PrepareOptions, 'minYears' | 'minValidFraction'> = {}): PreparedVariables {
  if (variables.length === 0 || variables.some((v) => v.trim() === '')) throw new ConfigError('variables', 'must be a non-empty list of variable names');
  if (new Set(variables).size !== variables.length) throw new ConfigError('variables', 'must be distinct');
  return selectAndFill(series, variables, variables.map((v) => columnOf(series, v)), resolveSelection(options));
}

/**
 * Prepares one parsed site: optional QC masking of the target, selection of the longest run of usable
 * years, gap filling by the mean annual cycle. Throws {@link FluxnetDataError} for an unknown IGBP code,
 * an absent or all-missing variable, or fewer than `minYears` usable years.
 */
export function prepareSite(series: SiteSeries, meta: SiteMeta, options: PrepareOptions = {}): PreparedSite {
  return prepareResolved(series, meta, resolveOptions(options));
}

/**
 * Reads (only the needed columns of) a site file in `options.format` (default fluxnet2015-dd) and
 * prepares it; see {@link prepareSite}. Out-of-range values are read as missing and reported in
 * `fill`, or throw with `outOfRange: 'error'`.
 */
export function prepareSiteFile(path: string, meta: SiteMeta, options: PrepareFileOptions = {}): PreparedSite {
  return prepareSite(siteReader(options.format).read(path, { columns: requiredColumns(options), outOfRange: options.outOfRange }), meta, options);
}

/** A site left out of a prepared directory, with the reason. */
export interface SkippedSite {
  readonly siteId: string;
  readonly file: string;
  readonly reason: string;
  /** The requested variable the site was left out for (absent from its file, or never valid), if one. */
  readonly variable?: string;
}

/** Options of {@link prepareDirectory}. */
export interface PrepareDirectoryOptions extends PrepareFileOptions {
  /** Site metadata: a CSV path or a parsed table (default: fluxscale.json's meta, else sites.csv of the directory). */
  readonly meta?: string | ReadonlyMap<string, SiteMeta>;
  /** Skip malformed files (FluxnetFormatError) with a reason instead of throwing (default false). */
  readonly skipMalformed?: boolean;
}

/** Result of {@link prepareDirectory}. */
export interface PreparedDirectory {
  /** Usable sites, sorted by file name. */
  readonly sites: PreparedSite[];
  /** Sites left out, with reasons. */
  readonly skipped: SkippedSite[];
  /** The settings used (after fluxscale.json and defaults). */
  readonly target: string;
  readonly drivers: readonly string[];
  readonly metaFile: string | null;
}

function loadMeta(dir: string, option: PrepareDirectoryOptions['meta'], configured: string | undefined): { meta: ReadonlyMap<string, SiteMeta>; file: string | null } {
  if (option !== undefined && typeof option !== 'string') return { meta: option, file: null };
  const file = option ?? configured ?? join(dir, DEFAULT_META_FILE);
  if (!existsSync(file)) {
    throw new ConfigError(file, 'site metadata table not found (pass meta, or put sites.csv with site_id,igbp,lat,lon in the data directory)');
  }
  return { meta: readSiteMeta(file), file };
}

/**
 * Prepares every site file of a directory in `options.format` (default fluxnet2015-dd), or a single
 * site file, with defaults from the directory's fluxscale.json. Sites that cannot be used (missing metadata, unknown IGBP code,
 * absent or all-missing variable, too few usable years, duplicate file) are returned in `skipped`
 * with a reason; malformed files (and, with `outOfRange: 'error'`, files with an out-of-range value)
 * throw {@link FluxnetFormatError} unless `skipMalformed`. Each site's `fill` reports out-of-range values.
 */
export function prepareDirectory(path: string, options: PrepareDirectoryOptions = {}): PreparedDirectory {
  if (!existsSync(path)) throw new ConfigError(path, 'no such file or directory');
  const isFile = statSync(path).isFile();
  const dir = isFile ? dirname(path) : path;
  const reader = siteReader(options.format);
  const { files, duplicates } = isFile ? { files: [path], duplicates: [] } : siteFilesBySite(dir, reader.format);
  const config = readDirectoryConfig(dir);
  const o = resolveOptions(options, config);
  const { meta, file: metaFile } = loadMeta(dir, options.meta, config.meta);
  const columns = columnsOf(o);
  const sites: PreparedSite[] = [];
  const skipped: SkippedSite[] = duplicates.map((d) => ({ siteId: d.siteId, file: d.file, reason: `another file of the site is used: ${d.kept}` }));
  for (const file of files) {
    try {
      const series = reader.read(file, { columns, outOfRange: options.outOfRange });
      const siteMeta = meta.get(series.siteId);
      if (!siteMeta) {
        skipped.push({ siteId: series.siteId, file, reason: `site ${series.siteId} is not in the metadata table ${metaFile ?? ''}`.trim() });
        continue;
      }
      sites.push(prepareResolved(series, siteMeta, o));
    } catch (err) {
      if (err instanceof FluxnetDataError || (options.skipMalformed && err instanceof FluxnetFormatError)) {
        const variable = err instanceof FluxnetDataError ? err.variable : undefined;
        skipped.push({ siteId: reader.siteOf(basename(file)) ?? file, file, reason: err.message, ...(variable === undefined ? {} : { variable }) });
      } else throw err;
    }
  }
  return { sites, skipped, target: o.target, drivers: o.drivers, metaFile };
}
