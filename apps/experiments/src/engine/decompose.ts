/**
 * One site's variables in SSA bands, as a table (date, then raw/seasonal/iav/trend per variable):
 * the same window rule, train/test boundary and extension per role as the experiments' prepare stage.
 */
import { basename } from 'node:path';
import {
  ConfigError,
  DEFAULT_TARGET,
  DEFAULT_WINDOW,
  PAPER_DRIVERS,
  formatDay,
  prepareVariables,
  readDirectoryConfig,
  siteFilesBySite,
  siteReader,
  type OutOfRangeReport,
} from '@fluxscale/data';
import { decomposeVariable, siteTrainLength, TASKS, type BandDecomposition, type DecompositionMode } from '@fluxscale/decomposition';
import { csvText } from '@fluxscale/util';

/** What to decompose and how. */
export interface DecomposeRequest {
  readonly data: string;
  /** The format of the site files (default fluxnet2015-dd). */
  readonly format?: string;
  readonly site: string;
  /** One variable (default: the directory's target); `all` takes the target and every driver the file has. */
  readonly variable?: string;
  readonly all?: boolean;
  /** SSA window L (days; default 1461, capped at half the fitted span) and eigentriples. */
  readonly window?: number;
  readonly rank?: number;
  readonly mode: DecompositionMode;
  /** train-only mode: the leading fraction of the target days fitted (the experiments' split, 365-day model windows). */
  readonly trainFraction: number;
  readonly minYears: number;
}

/** A site's variables in bands. */
export interface SiteDecomposition {
  readonly variables: readonly string[];
  readonly dates: Int32Array;
  readonly raw: Readonly<Record<string, Float64Array>>;
  readonly bands: Readonly<Record<string, BandDecomposition>>;
  /** Values outside their variable's plausible range, read as missing and filled (per requested variable). */
  readonly outOfRange: Readonly<Record<string, OutOfRangeReport>>;
}

/** The site file of a site in a data directory (error naming the directory and the sites it has). */
function siteFile(dir: string, site: string, format: string | undefined): string {
  const { files } = siteFilesBySite(dir, format);
  const sites = files.map((f) => siteReader(format).siteOf(basename(f)));
  if (!sites.includes(site)) throw new ConfigError('--site', `no site file of ${site} in ${dir}${sites.length > 0 ? ` (sites: ${sites.join(', ')})` : ''}`);
  return files[sites.indexOf(site)];
}

/** Reads, selects, gap-fills and decomposes the requested variables of one site. */
export function decomposeSiteVariables(request: DecomposeRequest): SiteDecomposition {
  if (request.variable && request.all) throw new ConfigError('--var', 'use either --var NAME or --all, not both');
  const file = siteFile(request.data, request.site, request.format);
  const config = readDirectoryConfig(request.data);
  const target = config.target ?? DEFAULT_TARGET;
  const series = siteReader(request.format).read(file);
  const variables = request.all ? [target, ...(config.drivers ?? PAPER_DRIVERS)].filter((v) => series.columns[v]) : [request.variable ?? target];
  const prepared = prepareVariables(series, variables, { minYears: request.minYears });
  const trainLength = siteTrainLength(prepared.dates.length, { window: DEFAULT_WINDOW, trainFraction: request.trainFraction });
  const ssa = { mode: request.mode, window: request.window ?? null, rank: request.rank ?? null };
  const bands = Object.fromEntries(variables.map((v) => [v, decomposeVariable(prepared.values[v], v === target ? 'target' : 'driver', ssa, trainLength)]));
  const outOfRange = Object.fromEntries(variables.filter((v) => series.outOfRange[v]).map((v) => [v, series.outOfRange[v]]));
  return { variables, dates: prepared.dates, raw: prepared.values, bands, outOfRange };
}

/** The decomposition as CSV: date, then raw/seasonal/iav/trend (prefixed VAR_ when `prefixed`). */
export function decompositionCsv(d: SiteDecomposition, prefixed: boolean): string {
  const columnsOf = (v: string) => ({ raw: d.raw[v], seasonal: d.bands[v].seasonal, iav: d.bands[v].iav, trend: d.bands[v].trend });
  const header = ['date', ...d.variables.flatMap((v) => TASKS.map((k) => (prefixed ? `${v}_${k}` : k)))];
  const rows = [header];
  for (let t = 0; t < d.dates.length; t++) rows.push([formatDay(d.dates[t]), ...d.variables.flatMap((v) => TASKS.map((k) => String(columnsOf(v)[k][t])))]);
  return csvText(rows);
}
