/** The bytes of a site file: read from disk, gunzipped, or one CSV entry of a zip archive. */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ConfigError, FluxnetFormatError } from './errors.js';
import type { SiteFileName } from './file-name.js';
import { extractZipEntry, listZipEntries, type ZipEntry } from './zip.js';

/** The bytes of `path`; a missing or unreadable file is a {@link ConfigError}. */
export function readBytes(path: string): Buffer {
  if (!existsSync(path)) throw new ConfigError(path, 'no such file or directory');
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError(path, `cannot read: ${(err as Error).message}`);
  }
}

/** A site file's CSV bytes and, for a zip archive, the name of the entry they come from. */
export interface SiteFileBytes {
  readonly bytes: Buffer;
  readonly entry: string | null;
}

/**
 * The CSV bytes of the site file `path` compressed as its name says: as read, gunzipped, or the entry
 * of a zip archive that `pick` chooses among its CSV entries (none: a FluxnetFormatError saying
 * `noEntry`). Corrupt gzip or zip data is a FluxnetFormatError naming the file.
 */
export function siteFileBytes(
  path: string,
  compression: SiteFileName['compression'],
  pick: (csvEntries: readonly ZipEntry[]) => ZipEntry | undefined,
  noEntry: string,
): SiteFileBytes {
  const bytes = readBytes(path);
  if (compression === 'gzip') {
    try {
      return { bytes: gunzipSync(bytes), entry: null };
    } catch (err) {
      throw new FluxnetFormatError(path, `corrupt gzip data: ${(err as Error).message}`);
    }
  }
  if (compression === 'none') return { bytes, entry: null };
  const entry = pick(listZipEntries(bytes, path).filter((e) => e.name.toLowerCase().endsWith('.csv')));
  if (!entry) throw new FluxnetFormatError(path, noEntry);
  return { bytes: extractZipEntry(bytes, entry, path), entry: entry.name };
}
