/** The reader of FLUXNET2015 daily (DD) files, which hold the daily values as they are used. */
import { isDailySiteFileName, parseSiteFileName } from '../file-name.js';
import { readSiteFile } from '../read.js';
import type { SiteReader } from './site-reader.js';

/** `fluxnet2015-dd`: FLUXNET2015 daily files `FLX_<SITE>_FLUXNET2015_<KIND>_DD_<y0>-<y1>[_<v>].csv[.gz|.zip]`, read by {@link readSiteFile}. */
export const fluxnet2015Daily: SiteReader = {
  format: 'fluxnet2015-dd',
  description: 'FLUXNET2015 daily (DD) files, values as they are (a whole-site zip is searched for its DD file)',
  siteFile: 'FLUXNET2015 daily file (FLX_*_DD_*.csv[.gz|.zip])',
  siteOf: (baseName) => (isDailySiteFileName(baseName) ? parseSiteFileName(baseName)!.siteId : null),
  read: readSiteFile,
};
