/** The reader of FLUXNET2015 and later ONEFlux half-hourly (HH) and hourly (HR) files, aggregated to daily values. */
import { basename } from 'node:path';
import type { ReadOptions } from '../csv.js';
import { FluxnetFormatError } from '../errors.js';
import { parseOneFluxFileName, type SiteFileName } from '../file-name.js';
import { isSubDaily, parseSubDailyCsv } from '../half-hourly.js';
import type { SiteSeries } from '../read.js';
import { siteFileBytes } from '../site-bytes.js';
import type { SiteReader } from './site-reader.js';

const NAME_PATTERN = '<FLX|AMF>_<SITE>_<FLUXNET2015|FLUXNET>_<KIND>_<HH|HR>_<y0>-<y1>_<v>.csv[.gz|.zip]';

/** The name of a half-hourly or hourly file, or of a whole-site zip that may hold one; null for any other name. */
function subDailyName(baseName: string): SiteFileName | null {
  const name = parseOneFluxFileName(baseName);
  return name !== null && (isSubDaily(name.resolution) || (name.resolution === null && name.compression === 'zip')) ? name : null;
}

/** The resolution code a zip entry's name gives, or null. */
const entryResolution = (entry: string): string | null => parseOneFluxFileName(basename(entry))?.resolution ?? null;

/**
 * Reads one ONEFlux half-hourly or hourly file (`FLX_<SITE>_FLUXNET2015_<KIND>_HH_<y0>-<y1>_<v>.csv`,
 * `AMF_<SITE>_FLUXNET_<KIND>_HR_...`, gzipped, or a whole-site zip searched for its HH, else HR, CSV)
 * into daily values on a continuous day grid, by the rules of parseSubDailyCsv.
 */
export function readOneFluxFile(path: string, options: ReadOptions = {}): SiteSeries {
  const name = parseOneFluxFileName(basename(path));
  if (!name) throw new FluxnetFormatError(path, `file name does not follow ${NAME_PATTERN}`);
  if (name.resolution !== null && !isSubDaily(name.resolution)) {
    throw new FluxnetFormatError(path, `not a half-hourly or hourly file (resolution ${name.resolution}, expected HH or HR)`);
  }
  const { bytes, entry } = siteFileBytes(
    path,
    name.compression,
    (csvs) =>
      csvs.find((e) => entryResolution(e.name) === 'HH') ??
      csvs.find((e) => entryResolution(e.name) === 'HR') ??
      (csvs.length === 1 && isSubDaily(name.resolution) ? csvs[0] : undefined),
    'zip archive holds no half-hourly (_HH_) or hourly (_HR_) CSV file',
  );
  const fromEntry = entry === null ? null : entryResolution(entry);
  const resolution = isSubDaily(fromEntry) ? fromEntry : name.resolution;
  if (!isSubDaily(resolution)) throw new FluxnetFormatError(path, `the zip entry ${entry} names no resolution (HH or HR)`);
  return { ...parseSubDailyCsv(bytes, path, resolution, options), siteId: name.siteId, kind: name.kind, file: path };
}

/** `oneflux-hh`: FLUXNET2015 / ONEFlux half-hourly or hourly FULLSET files, aggregated to daily values as the DD files are. */
export const onefluxHalfHourly: SiteReader = {
  format: 'oneflux-hh',
  description: 'FLUXNET2015 / ONEFlux half-hourly (HH) or hourly (HR) files (FLUXNET2015, ICOS, AmeriFlux FLUXNET), aggregated to daily values as the DD files are',
  siteFile: `ONEFlux half-hourly or hourly file (${NAME_PATTERN})`,
  siteOf: (baseName) => subDailyName(baseName)?.siteId ?? null,
  read: readOneFluxFile,
};
