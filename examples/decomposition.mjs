// Split a site into bands: singular spectrum analysis of FR-Gri's daily NEE into its seasonal
// (< 16 months), inter-annual (16–128 months) and trend (> 128 months) parts.
import { SAMPLE_DATA_DIR, prepareDirectory } from '@fluxscale/data';
import { decomposeBands, dominantPeriod } from '@fluxscale/decomposition';

const site = prepareDirectory(SAMPLE_DATA_DIR).sites.find((s) => s.siteId === 'FR-Gri');
if (!site) throw new Error('FR-Gri is not in the sample');
const nee = site.target; // gap-filled daily NEE, gC m-2 d-1

// the paper's mode: the whole record (window 1461 days, 30 eigentriples)
const { seasonal, iav, trend, meta } = decomposeBands(nee);
console.log(`window ${meta.window} d, rank ${meta.rank}, captured ${(100 * meta.capturedShare).toFixed(1)} % of the variance`);
for (const [band, share] of Object.entries(meta.bandVarianceShare)) console.log(`${band}: ${(100 * share).toFixed(1)} % of the variance`);
console.log(`dominant period of the seasonal band: ${dominantPeriod(seasonal).toFixed(0)} days`);

// the bands and the residual add up to the series
const day = 1000;
console.log(`day ${day}: NEE ${nee[day].toFixed(3)} = seasonal ${seasonal[day].toFixed(3)} + IAV ${iav[day].toFixed(3)} + trend ${trend[day].toFixed(3)} + residual`);

// leakage-free: fit on the first 80 % only and extend the bands over the rest by recurrent forecasting
const trainLength = Math.floor(0.8 * nee.length);
const leakFree = decomposeBands(nee, { mode: 'train-only', trainLength });
console.log(`train-only: fitted on ${leakFree.meta.fittedLength} of ${leakFree.meta.length} days`);
