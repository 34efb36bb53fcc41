// Helpers shared by the scripts that build fluxscale's bundled daily data folders (this package's
// sample and the repository's data/fluxnet2015-daily): the columns kept, the trimming of a daily site
// file to them, and @fluxscale/util's crash-safe write (built by `pnpm build`), passed on for the
// repository's own script, which cannot resolve the workspace package from the root.
export { writeFileAtomic } from '@fluxscale/util';

/** The columns of a FLUXNET2015 daily file that fluxscale uses, in the order they are kept. */
export const KEEP = ['TIMESTAMP', 'NEE_VUT_REF', 'NEE_VUT_REF_QC', 'TA_F', 'SW_IN_F', 'VPD_F', 'P_F', 'WS_F'];

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
