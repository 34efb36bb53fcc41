/** Location of the FLUXNET2015 sample shipped with the package. */
import { resolve } from 'node:path';

/**
 * Absolute path of the bundled sample directory (12 FLUXNET2015 daily site files, gzipped, with
 * sites.csv, fluxscale.json and ATTRIBUTION.md); valid from src/ (tests) and dist/ (built package).
 */
export const SAMPLE_DATA_DIR: string = resolve(__dirname, '..', 'sample', 'fluxnet2015');
