import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DAY_OF_YEAR_FILLED, FluxnetDataError, PAPER_DRIVERS, prepareDirectory, prepareSiteFile, readSiteFile, readSiteMeta } from '../src/index.js';
import { REPO_ROOT, thrown } from './helpers.js';

// The official FLUXNET2015 SUBSET daily files of 17 sites, with every driver of the paper.
const DIR = join(REPO_ROOT, 'data', 'fluxnet2015-paper-drivers');
const fileOf = (site: string): string => join(DIR, readdirSync(DIR).find((f) => f.startsWith(`FLX_${site}_`))!);
const meta = readSiteMeta(join(DIR, 'sites.csv'));

describe('the paper drivers in official FLUXNET2015 SUBSET DD files', () => {
  test('a SUBSET DD file reads with P_F, WS_F and NETRAD as they are, -9999 as missing', () => {
    const series = readSiteFile(fileOf('DE-Kli'), { columns: ['P_F', 'WS_F', 'NETRAD'] });
    expect(series.kind).toBe('SUBSET');
    expect(series.siteId).toBe('DE-Kli');
    expect(series.dates.length).toBe(4018);
    // first row: 20040101, P_F 0.538, WS_F 1.989, NETRAD -9999 (zcat | sed -n 2p)
    expect(series.columns.P_F[0]).toBeCloseTo(0.538, 10);
    expect(series.columns.WS_F[0]).toBeCloseTo(1.989, 10);
    expect(series.columns.NETRAD[0]).toBeNaN();
    // zcat FLX_DE-Kli_… | awk -F, 'NR>1 && $14==-9999' | wc -l
    expect(series.columns.NETRAD.filter((v) => Number.isNaN(v)).length).toBe(1040);
    expect(series.columns.P_F.every(Number.isFinite)).toBe(true);
  });

  test("NETRAD gaps are filled by the day-of-year mean and counted, without costing a year its usability", () => {
    expect(DAY_OF_YEAR_FILLED).toEqual(['NETRAD']);
    // DE-Kli: 2004-2006 have NETRAD on less than 80 % of their days, yet every year 2004-2014 is kept
    const kli = prepareSiteFile(fileOf('DE-Kli'), meta.get('DE-Kli')!, { drivers: PAPER_DRIVERS });
    expect([kli.firstYear, kli.lastYear]).toEqual([2004, 2014]);
    expect(kli.fill.NETRAD.missing).toBe(1040);
    expect(kli.fill.NETRAD.longestGap).toBe(730);
    expect(kli.fill.NETRAD.filledFraction).toBeCloseTo(1040 / 4018, 12);
    expect(kli.drivers.NETRAD.every(Number.isFinite)).toBe(true);
    expect(kli.fill.P_F.missing).toBe(0);
    // US-Los: NEE selects 2000-2008; NETRAD -9999 on 653 of those days (awk over TIMESTAMP <= 2008)
    const los = prepareSiteFile(fileOf('US-Los'), meta.get('US-Los')!, { drivers: PAPER_DRIVERS });
    expect([los.firstYear, los.lastYear]).toEqual([2000, 2008]);
    expect(los.fill.NETRAD.missing).toBe(653);
    // a filled day takes the mean of the valid values on its calendar day: DE-Kli, 1 January 2004
    const raw = readSiteFile(fileOf('DE-Kli'), { columns: ['NETRAD'] });
    const isJan1 = (day: number) => new Date(day * 86_400_000).toISOString().slice(5, 10) === '01-01';
    const valid = raw.dates.reduce<number[]>((out, day, i) => (isJan1(day) && !Number.isNaN(raw.columns.NETRAD[i]) ? [...out, raw.columns.NETRAD[i]] : out), []);
    expect(valid.length).toBeGreaterThan(0);
    expect(kli.drivers.NETRAD[0]).toBeCloseTo(valid.reduce((a, v) => a + v, 0) / valid.length, 10);
  });

  test('counting NETRAD in the selection instead drops the years the paper keeps', () => {
    const strict = prepareSiteFile(fileOf('DE-Kli'), meta.get('DE-Kli')!, { drivers: PAPER_DRIVERS, fillOnly: [] });
    expect([strict.firstYear, strict.lastYear]).toEqual([2007, 2014]);
    expect(thrown(() => prepareSiteFile(fileOf('DE-Kli'), meta.get('DE-Kli')!, { fillOnly: ['NEE_VUT_REF'] }))).toBeInstanceOf(ConfigError);
  });

  test('a driver absent from a site file is refused with the file and the column named', () => {
    // DE-Spw's file has no SWC_F_MDS_1 column
    const err = thrown(() => prepareSiteFile(fileOf('DE-Spw'), meta.get('DE-Spw')!, { drivers: [...PAPER_DRIVERS, 'SWC_F_MDS_1'] }));
    expect(err).toBeInstanceOf(FluxnetDataError);
    expect(err.message).toContain('FLX_DE-Spw_FLUXNET2015_SUBSET_DD_2010-2014_1-4.csv.gz');
    expect(err.message).toContain('SWC_F_MDS_1');
    // in a directory, the site is listed as skipped with that reason, never silently dropped
    const dir = prepareDirectory(DIR, { drivers: [...PAPER_DRIVERS, 'SWC_F_MDS_1'] });
    const skipped = dir.skipped.filter((s) => /SWC_F_MDS_1 is not in the header/.test(s.reason)).map((s) => s.siteId);
    expect(skipped).toEqual(['DE-Spw', 'FR-Pue', 'NL-Hor', 'US-Atq', 'US-Los']);
  });

  test('16 of the 17 sites are usable with the paper drivers, the same years as with TA_F, SW_IN_F and VPD_F', () => {
    const five = prepareDirectory(DIR, { drivers: PAPER_DRIVERS });
    const three = prepareDirectory(DIR, { drivers: ['TA_F', 'SW_IN_F', 'VPD_F'] });
    expect(five.sites.length).toBe(16);
    expect(five.skipped.map((s) => s.siteId)).toEqual(['US-Cop']);
    expect(five.sites.map((s) => [s.siteId, s.firstYear, s.lastYear])).toEqual(three.sites.map((s) => [s.siteId, s.firstYear, s.lastYear]));
  });
});
