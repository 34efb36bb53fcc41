/** What a site file reader is: the entry of one file format in the reader registry. */
import type { ReadOptions } from '../csv.js';
import type { SiteSeries } from '../read.js';

/**
 * A reader of one format of site files: how it recognises its files in a directory and how it reads
 * one into the daily values every later step uses (a {@link SiteSeries}: daily columns in FLUXNET
 * daily units on a continuous day grid, NaN where missing).
 */
export interface SiteReader {
  /** Its name, the value of a `format` option and of the CLI's `data.format`: lower-case, e.g. `fluxnet2015-dd`. */
  readonly format: string;
  /** What it reads and how, in one line. */
  readonly description: string;
  /** One of its files in words, with the file-name pattern: `FLUXNET2015 daily file (FLX_*_DD_*.csv[.gz|.zip])`. */
  readonly siteFile: string;
  /** The site id of a file name (no directory) it reads; null for any other file, which directory listings skip. */
  siteOf(baseName: string): string | null;
  /**
   * Reads one of its files into daily values (only `options.columns` if given); a value outside its
   * plausible range is missing and reported, or fails the read under `outOfRange: 'error'`.
   */
  read(path: string, options?: ReadOptions): SiteSeries;
}

/** The `format` option of the functions that find and read site files. */
export interface SiteFormatOption {
  /** Format of the site files: a registered reader's name (default `fluxnet2015-dd`, see siteReaders()). */
  readonly format?: string;
}
