// Load a site: read the bundled FLUXNET2015 sample, select each site's usable years, fill gaps, and
// serve 365-day input windows in standardised batches.
import { SAMPLE_DATA_DIR, createWindowSource, fitScaler, formatDay, iterateBatches, prepareDirectory } from '@fluxscale/data';

const { sites, skipped } = prepareDirectory(SAMPLE_DATA_DIR); // or your folder of FLX_*_DD_* files
console.log(`${sites.length} usable sites, ${skipped.length} skipped`);

const site = sites.find((s) => s.siteId === 'FR-Gri');
if (!site) throw new Error('FR-Gri is not in the sample');
console.log(
  `${site.siteId} (${site.igbp}, group ${site.group}): ${formatDay(site.dates[0])} to ${formatDay(site.dates[site.dates.length - 1])},`,
  `${site.dates.length} days, ${(100 * site.fill[site.targetName].filledFraction).toFixed(1)} % of ${site.targetName} gap-filled`,
);

// 365-day windows of the drivers → next-day NEE; the first 80 % of each site's days train
const train = createWindowSource(sites, { split: 'train' });
const scaler = fitScaler(train); // mean and SD of the training days only
const test = createWindowSource(sites, { split: 'test', scaler });
console.log(`${train.size} training and ${test.size} test windows of ${train.featureNames.join(', ')}`);

for (const { batch } of iterateBatches(train.withScaler(scaler), { batchSize: 128, shuffle: true, seed: 1 })) {
  console.log(`first batch: x [${batch.size}, ${batch.window}, ${batch.features}], y [${batch.size}] standardised ${site.targetName}`);
  break;
}
