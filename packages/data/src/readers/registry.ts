/**
 * The site file reader registry: every format of site files fluxscale can read, by name. Adding a
 * format is one module exporting a `SiteReader` plus one line in BUILT_IN below; `registerSiteReader`
 * adds one at run time (a plugin).
 */
import { isRegistryName } from '@fluxscale/util';
import { ConfigError } from '../errors.js';
import { fluxnet2015Daily } from './fluxnet2015-dd.js';
import { onefluxHalfHourly } from './oneflux-hh.js';
import type { SiteReader } from './site-reader.js';

const BUILT_IN: readonly SiteReader[] = [fluxnet2015Daily, onefluxHalfHourly];

const REGISTRY = new Map<string, SiteReader>(BUILT_IN.map((reader) => [reader.format, reader]));

/** The format read when none is named: FLUXNET2015 daily files. */
export const DEFAULT_SITE_FORMAT = fluxnet2015Daily.format;

/** The registered readers, built-in ones first. */
export function siteReaders(): SiteReader[] {
  return [...REGISTRY.values()];
}

/** The reader of a format (default {@link DEFAULT_SITE_FORMAT}); a ConfigError naming `format` and the known formats for an unknown one. */
export function siteReader(format: string = DEFAULT_SITE_FORMAT): SiteReader {
  const reader = REGISTRY.get(format);
  if (!reader) throw new ConfigError('format', `unknown site file format '${format}' (known: ${[...REGISTRY.keys()].join(', ')})`);
  return reader;
}

/**
 * Adds a format to the registry of this process (a reader of your own files); a ConfigError naming
 * `format` if the name is taken or is not a lower-case name like `my-format`.
 */
export function registerSiteReader(reader: SiteReader): void {
  if (!isRegistryName(reader.format)) throw new ConfigError('format', `site file format '${reader.format}' must be a lower-case name like 'my-format'`);
  if (REGISTRY.has(reader.format)) throw new ConfigError('format', `site file format '${reader.format}' is already registered`);
  REGISTRY.set(reader.format, reader);
}
