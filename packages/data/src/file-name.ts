/** Parsing of FLUXNET2015 file names, `FLX_<SITE>_FLUXNET2015_<KIND>_<RES>_<y0>-<y1>[_<v>].csv[.gz|.zip]`. */

/** What a FLUXNET2015 file name says about its content. */
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

/** Parses a FLUXNET2015 file name (base name, no directory); null if it does not follow the convention. */
export function parseSiteFileName(baseName: string): SiteFileName | null {
  const m = FILE_NAME.exec(baseName);
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

/** True if the name is a daily FLUXNET2015 file (or a whole-site zip that may contain one). */
export function isDailySiteFileName(baseName: string): boolean {
  const parsed = parseSiteFileName(baseName);
  return parsed !== null && (parsed.resolution === 'DD' || (parsed.resolution === null && parsed.compression === 'zip'));
}
