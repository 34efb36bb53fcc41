/**
 * Reading FLUXNET2015 daily site files (plain, .gz or .zip), site metadata tables and a data
 * directory's fluxscale.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDailyCsv, type DailyTable, type ReadOptions } from './csv.js';
import { ConfigError, FluxnetFormatError } from './errors.js';
import { parseSiteFileName } from './file-name.js';
import { readBytes, siteFileBytes } from './site-bytes.js';

/** One site's file, read into daily values on a continuous day grid. */
export interface SiteSeries extends DailyTable {
  /** Site id from the file name, e.g. `DE-Hai`. */
  readonly siteId: string;
  /** Product named in the file name (FULLSET, SUBSET, ZARRDERIVED, MERGED...). */
  readonly kind: string;
  /** Path of the file read. */
  readonly file: string;
}

/** Site metadata: IGBP class and position (decimal degrees, WGS84). */
export interface SiteMeta {
  readonly siteId: string;
  readonly igbp: string;
  readonly lat: number;
  readonly lon: number;
}

/**
 * Reads one FLUXNET2015 daily file `FLX_<SITE>_FLUXNET2015_<KIND>_DD_<y0>-<y1>[_<v>].csv[.gz|.zip]`
 * (a FLUXNET whole-site .zip is searched for its _DD_ CSV) into typed columns on a continuous day grid.
 * Values keep FLUXNET units; -9999 becomes NaN, and so does a value outside its plausible range
 * (counted in `outOfRange`) unless `outOfRange: 'error'` makes it a FluxnetFormatError.
 */
export function readSiteFile(path: string, options: ReadOptions = {}): SiteSeries {
  const name = parseSiteFileName(basename(path));
  if (!name) {
    throw new FluxnetFormatError(path, 'file name does not follow FLX_<SITE>_FLUXNET2015_<KIND>_DD_<y0>-<y1>[_<v>].csv[.gz|.zip]');
  }
  if (name.resolution !== null && name.resolution !== 'DD') {
    throw new FluxnetFormatError(path, `not a daily file (resolution ${name.resolution}, expected DD)`);
  }
  const { bytes } = siteFileBytes(
    path,
    name.compression,
    (csvs) => csvs.find((e) => parseSiteFileName(basename(e.name))?.resolution === 'DD') ?? (csvs.length === 1 ? csvs[0] : undefined),
    'zip archive holds no daily (_DD_) CSV file',
  );
  const table = parseDailyCsv(bytes, path, options);
  return { ...table, siteId: name.siteId, kind: name.kind, file: path };
}

/** Splits one CSV line, honouring double quotes (metadata tables may quote names). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

const META_ALIASES: Record<keyof SiteMeta, string[]> = {
  siteId: ['site_id', 'site', 'sitename'],
  igbp: ['igbp', 'classid', 'igbp_class'],
  lat: ['lat', 'latitude', 'location_lat'],
  lon: ['lon', 'longitude', 'location_long', 'location_lon'],
};

/**
 * Reads a site metadata CSV with at least the columns site_id, igbp, lat, lon (case-insensitive;
 * other columns are ignored) into a map keyed by site id. Latitude must lie in [-90, 90], longitude in [-180, 180].
 */
export function readSiteMeta(csvPath: string): Map<string, SiteMeta> {
  const lines = readBytes(csvPath).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0]).map((h) => h.toLowerCase());
  const index = {} as Record<keyof SiteMeta, number>;
  for (const key of Object.keys(META_ALIASES) as Array<keyof SiteMeta>) {
    index[key] = header.findIndex((h) => META_ALIASES[key].includes(h));
    if (index[key] < 0) {
      throw new FluxnetFormatError(csvPath, `metadata table needs a ${META_ALIASES[key][0]} column`, { line: 1, column: META_ALIASES[key][0] });
    }
  }
  const meta = new Map<string, SiteMeta>();
  for (let l = 1; l < lines.length; l++) {
    if (lines[l].trim() === '') continue;
    const cells = splitCsvLine(lines[l]);
    if (cells.length < header.length) {
      throw new FluxnetFormatError(csvPath, `row has ${cells.length} fields, expected ${header.length}`, { line: l + 1 });
    }
    const coordinate = (key: 'lat' | 'lon', limit: number): number => {
      const v = Number(cells[index[key]]);
      if (cells[index[key]] === '' || !Number.isFinite(v) || Math.abs(v) > limit) {
        throw new FluxnetFormatError(csvPath, `"${cells[index[key]]}" is not a valid ${key}`, { line: l + 1, column: header[index[key]] });
      }
      return v;
    };
    const siteId = cells[index.siteId];
    if (meta.has(siteId)) throw new FluxnetFormatError(csvPath, `site ${siteId} listed twice`, { line: l + 1 });
    meta.set(siteId, { siteId, igbp: cells[index.igbp].toUpperCase(), lat: coordinate('lat', 90), lon: coordinate('lon', 180) });
  }
  return meta;
}

/** Defaults a data directory may set in its `fluxscale.json`. */
export interface DirectoryConfig {
  /** Target variable. */
  readonly target?: string;
  /** Driver variables, in feature order. */
  readonly drivers?: readonly string[];
  /** Metadata CSV, relative to the directory. */
  readonly meta?: string;
}

/** Name of the optional configuration file of a data directory. */
export const DIRECTORY_CONFIG_FILE = 'fluxscale.json';

/** Reads `<dir>/fluxscale.json` if present ({} otherwise); `meta` is resolved to an absolute path. */
export function readDirectoryConfig(dir: string): DirectoryConfig {
  const path = join(dir, DIRECTORY_CONFIG_FILE);
  if (!existsSync(path)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(path, `invalid JSON: ${(err as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError(path, 'must hold a JSON object');
  const { target, drivers, meta } = json as Record<string, unknown>;
  if (target !== undefined && (typeof target !== 'string' || target === '')) throw new ConfigError(path, '"target" must be a non-empty string');
  if (drivers !== undefined && (!Array.isArray(drivers) || drivers.length === 0 || !drivers.every((d) => typeof d === 'string' && d !== ''))) {
    throw new ConfigError(path, '"drivers" must be a non-empty array of variable names');
  }
  if (meta !== undefined && (typeof meta !== 'string' || meta === '')) throw new ConfigError(path, '"meta" must be a file name');
  return {
    ...(target !== undefined ? { target: target as string } : {}),
    ...(drivers !== undefined ? { drivers: drivers as string[] } : {}),
    ...(meta !== undefined ? { meta: resolve(dirname(path), meta as string) } : {}),
  };
}
