// Helpers shared by the scripts that build fluxscale's bundled daily data folders (this package's
// sample and the repository's data/fluxnet2015-daily): the columns kept, the trimming of a daily site
// file to them, and crash-safe writes.
import { renameSync, writeFileSync } from 'node:fs';

/** The columns of a FLUXNET2015 daily file that fluxscale uses, in the order they are kept. */
export const KEEP = ['TIMESTAMP', 'NEE_VUT_REF', 'NEE_VUT_REF_QC', 'TA_F', 'SW_IN_F', 'VPD_F', 'P_F', 'WS_F'];

/** Writes `data` to `path` through a temporary file and a rename, so a crash leaves no half file. */
export function writeAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** The daily CSV text `csv` cut to the KEEP columns it has (cell text verbatim), one line per row. */
export function trim(csv) {
  const lines = csv.replace(/\r/g, '').split('\n').filter((l) => l !== '');
  const header = lines[0].split(',');
  const keep = KEEP.map((c) => header.indexOf(c)).filter((i) => i >= 0);
  return `${lines.map((l) => {
    const cells = l.split(',');
    return keep.map((i) => cells[i]).join(',');
  }).join('\n')}\n`;
}
