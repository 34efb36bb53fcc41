/**
 * Parsing of FLUXNET file names: FLUXNET2015's `FLX_<SITE>_FLUXNET2015_<KIND>_<RES>_<y0>-<y1>[_<v>].csv[.gz|.zip]`
 * and the same convention in later ONEFlux releases (AmeriFlux `AMF_<SITE>_FLUXNET_...`, versions such as `beta-3`).
 */

/** What a FLUXNET file name says about its content. */
export interface SiteFileName {
  /** Site id, e.g. `DE-Hai`. */
  readonly siteId: string;
  /** Product, e.g. `FULLSET`, `SUBSET`, `ZARRDERIVED`, `MERGED`. */
  readonly kind: string;
  /** Temporal resolution code: `DD` (daily), `MM`, `WW`, `YY`, `HH`, `HR`, or null for a whole-site zip. */
  readonly resolution: string | null;
  /** First and last calendar year named in the file. */
  readonly firstYear: number;
  readonly lastYear: number;
  /** Processing version such as `1-4`, if present. */
  readonly version: string | null;
  /** Compression: none, gzip or zip. */
  readonly compression: 'none' | 'gzip' | 'zip';
}

const FILE_NAME =
  /^FLX_([A-Z]{2}-[A-Za-z0-9]{3})_FLUXNET2015_([A-Z0-9]+)_(?:(DD|MM|WW|YY|HH|HR)_)?(\d{4})-(\d{4})(?:_(\d+-\d+))?(\.csv|\.csv\.gz|\.zip|\.csv\.zip)$/;

/** The ONEFlux releases' convention: FLX or AMF, FLUXNET2015 or FLUXNET, a version of letters or digits before its dash. */
const ONEFLUX_FILE_NAME =
  /^(?:FLX|AMF)_([A-Z]{2}-[A-Za-z0-9]{3})_FLUXNET(?:2015)?_([A-Z0-9]+)_(?:(DD|MM|WW|YY|HH|HR)_)?(\d{4})-(\d{4})(?:_([A-Za-z0-9]+-\d+))?(\.csv|\.csv\.gz|\.zip|\.csv\.zip)$/;

/** What a name matched by one of the conventions says; null where it names no resolution and is no zip. */
function fileNameOf(m: RegExpExecArray | null): SiteFileName | null {
  if (!m) return null;
  const [, siteId, kind, resolution, y0, y1, version, ext] = m;
  if (!resolution && ext !== '.zip') return null;
  return {
    siteId,
    kind,
    resolution: resolution ?? null,
    firstYear: Number(y0),
    lastYear: Number(y1),
    version: version ?? null,
    compression: ext === '.csv' ? 'none' : ext === '.csv.gz' ? 'gzip' : 'zip',
  };
}

/** Parses a FLUXNET2015 file name (base name, no directory); null if it does not follow the convention. */
export function parseSiteFileName(baseName: string): SiteFileName | null {
  return fileNameOf(FILE_NAME.exec(baseName));
}

/**
 * Parses a file name of a ONEFlux release (base name, no directory): the FLUXNET2015 convention, also
 * with the prefix AMF, the product FLUXNET and versions like `beta-3`; null if it follows neither.
 */
export function parseOneFluxFileName(baseName: string): SiteFileName | null {
  return fileNameOf(ONEFLUX_FILE_NAME.exec(baseName));
}

/** True if the name is a daily FLUXNET2015 file (or a whole-site zip that may contain one). */
export function isDailySiteFileName(baseName: string): boolean {
  const parsed = parseSiteFileName(baseName);
  return parsed !== null && (parsed.resolution === 'DD' || (parsed.resolution === null && parsed.compression === 'zip'));
}
