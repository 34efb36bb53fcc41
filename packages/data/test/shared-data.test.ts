import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DATA_DIR, listSiteFiles, prepareDirectory, readDataDirectory, readSiteFile } from '../src/index.js';
import { SHARED } from './helpers.js';

const FLUXNET = join(SHARED, 'data', 'fluxnet2015');
const DAILY = join(SHARED, 'data', 'fluxnet2015-daily');
const haveShared = existsSync(FLUXNET) && existsSync(DAILY);
const describeShared = haveShared ? describe : describe.skip;

describeShared('against the shared FLUXNET2015 data', () => {
  it('the bundled sample holds the shared daily files verbatim, trimmed to the used columns', () => {
    const originals = listSiteFiles(FLUXNET);
    const sample = listSiteFiles(SAMPLE_DATA_DIR);
    expect(sample.map((f) => f.split('/').pop())).toEqual(originals.map((f) => `${f.split('/').pop()}.gz`));
    originals.forEach((file, k) => {
      const small = readSiteFile(sample[k]);
      const full = readSiteFile(file, { columns: Object.keys(small.columns) });
      expect(small.dates).toEqual(full.dates);
      expect(small.columns).toEqual(full.columns);
    });
  });

  it('prepares the 110-site folder: every site but US-Cop has >= 5 usable years of NEE, TA, SW_IN and VPD', () => {
    const r = prepareDirectory(DAILY, { drivers: ['TA_F', 'SW_IN_F', 'VPD_F'] });
    expect(r.sites.length + r.skipped.length).toBe(110);
    expect(r.skipped.map((s) => s.siteId)).toEqual(['US-Cop']);
    expect(r.sites.every((s) => s.lastYear - s.firstYear + 1 >= 5)).toBe(true);
  });

  it('with the paper drivers, sites without P_F, WS_F or NETRAD are skipped with the reason', () => {
    const r = prepareDirectory(FLUXNET);
    expect(r.sites).toEqual([]);
    expect(r.skipped).toHaveLength(12);
    expect(r.skipped.every((s) => /requested variable (WS_F|NETRAD) is not in the header/.test(s.reason))).toBe(true);
  });

  it('no value of the 110-site folder or the merged files is out of range, in any column', () => {
    for (const dir of [DAILY, FLUXNET]) {
      const { series } = readDataDirectory(dir, { outOfRange: 'error' });
      expect(series.length).toBe(dir === DAILY ? 110 : 12);
      expect(series.filter((s) => Object.keys(s.outOfRange).length > 0).map((s) => s.siteId)).toEqual([]);
    }
  });
});
