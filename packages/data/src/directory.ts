/** Finding and reading the site files of a data directory, in the format of a registered reader. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ReadOptions } from './csv.js';
import { ConfigError } from './errors.js';
import { readDirectoryConfig, type DirectoryConfig, type SiteSeries } from './read.js';
import { siteReader } from './readers/registry.js';
import type { SiteFormatOption } from './readers/site-reader.js';

/**
 * The site files of a directory in `format` (default fluxnet2015-dd), sorted by name; other files (other
 * resolutions such as `*_MM_*`, other formats) are skipped. Throws {@link ConfigError} if `dir` is
 * missing or not a directory, or the format is unknown.
 */
export function listSiteFiles(dir: string, format?: string): string[] {
  const reader = siteReader(format);
  if (!existsSync(dir)) throw new ConfigError(dir, 'no such directory');
  if (!statSync(dir).isDirectory()) throw new ConfigError(dir, 'not a directory');
  return readdirSync(dir)
    .filter((f) => reader.siteOf(f) !== null)
    .sort()
    .map((f) => join(dir, f));
}

/** A file not used because another file of the same site came first by name. */
export interface DuplicateSiteFile {
  readonly siteId: string;
  readonly file: string;
  readonly kept: string;
}

/**
 * The site files of `dir` in `format`, one per site (the first by name; the others in `duplicates`),
 * Throws {@link ConfigError} if the directory is missing or holds no such file.
 */
export function siteFilesBySite(dir: string, format?: string): { files: string[]; duplicates: DuplicateSiteFile[] } {
  const reader = siteReader(format);
  const all = listSiteFiles(dir, format);
  if (all.length === 0) throw new ConfigError(dir, `directory holds no ${reader.siteFile}`);
  const seen = new Map<string, string>();
  const files: string[] = [];
  const duplicates: DuplicateSiteFile[] = [];
  for (const file of all) {
    const siteId = reader.siteOf(basename(file))!;
    const kept = seen.get(siteId);
    if (kept) duplicates.push({ siteId, file, kept });
    else {
      seen.set(siteId, file);
      files.push(file);
    }
  }
  return { files, duplicates };
}

/** Result of {@link readDataDirectory}. */
export interface DataDirectory {
  /** Parsed site files, one per site, sorted by file name. */
  readonly series: SiteSeries[];
  /** Defaults from the directory's fluxscale.json. */
  readonly config: DirectoryConfig;
  /** Files not read because the site already had one. */
  readonly duplicates: readonly DuplicateSiteFile[];
}

/**
 * Reads every site file of `dir` in `options.format` (one per site, see {@link siteFilesBySite}) with
 * its fluxscale.json defaults. Any unreadable file throws; use prepareDirectory to skip unusable sites.
 */
export function readDataDirectory(dir: string, options: ReadOptions & SiteFormatOption = {}): DataDirectory {
  const { format, ...read } = options;
  const { files, duplicates } = siteFilesBySite(dir, format);
  const reader = siteReader(format);
  return { series: files.map((f) => reader.read(f, read)), config: readDirectoryConfig(dir), duplicates };
}
