/**
 * Small train and test sources from the bundled FLUXNET2015 sample of @fluxscale/data (DE-Hai, NEE
 * with TA_F, SW_IN_F and VPD_F, standardised on the training part), for checks that fit every model
 * kind: two years of the record, windows of 10 days, every 3rd training day and every 5th test day.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DATA_DIR, createWindowSource, fitScaler, prepareSiteFile, readSiteMeta, type WindowSiteInput, type WindowSource } from '@fluxscale/data';

const SITE = 'DE-Hai';
const DRIVERS = ['TA_F', 'SW_IN_F', 'VPD_F'];
const DAYS = 730;
const WINDOW = 10;

/** The first two years of DE-Hai as window-source input. */
function sampleSite(): WindowSiteInput {
  const file = readdirSync(SAMPLE_DATA_DIR).find((name) => name.startsWith(`FLX_${SITE}_`))!;
  const meta = readSiteMeta(join(SAMPLE_DATA_DIR, 'sites.csv')).get(SITE)!;
  const site = prepareSiteFile(join(SAMPLE_DATA_DIR, file), meta, { drivers: DRIVERS, minYears: 2 });
  const drivers = Object.fromEntries(DRIVERS.map((name) => [name, site.drivers[name].subarray(0, DAYS)]));
  return { siteId: site.siteId, lat: site.lat, lon: site.lon, dates: site.dates.subarray(0, DAYS), target: site.target.subarray(0, DAYS), drivers };
}

/** Training and test samples of the bundled sample, standardised with the training part's scaler. */
export function sampleSources(): { train: WindowSource; test: WindowSource } {
  const sites = [sampleSite()];
  const scaler = fitScaler(sites, { window: WINDOW, drivers: DRIVERS });
  const options = { window: WINDOW, drivers: DRIVERS, scaler };
  return { train: createWindowSource(sites, { ...options, split: 'train', stride: 3 }), test: createWindowSource(sites, { ...options, split: 'test', stride: 5 }) };
}
