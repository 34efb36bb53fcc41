import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError,
  FluxnetDataError,
  FluxnetFormatError,
  PLAUSIBLE_RANGES,
  SAMPLE_DATA_DIR,
  parseDailyCsv,
  plausibleRange,
  prepareDirectory,
  prepareSite,
  prepareSiteFile,
  readDataDirectory,
  readSiteFile,
} from '../src/index.js';
import { FIXTURES, tempDir, thrown } from './helpers.js';

// The first 30 real AT-Neu rows (2002-01-01..30) with five cells replaced: NEE_VUT_REF 1e6 on line 6
// (2002-01-05) and -2.5e6 on line 17, TA_F 1e308 on line 9, VPD_F 1e400 on line 20, SW_IN_F -1e400 on line 24.
const NAME = 'FLX_AT-Neu_FLUXNET2015_ZARRDERIVED_DD_2002-2002.csv';
const FILE = join(FIXTURES, 'bad', 'outofrange', NAME);
const AT_NEU = { siteId: 'AT-Neu', igbp: 'GRA', lat: 47.1167, lon: 11.3175 };
const DRIVERS = ['TA_F', 'SW_IN_F', 'VPD_F'];
/** One usable year from 30 days of data. */
const ONE_SHORT_YEAR = { drivers: DRIVERS, minYears: 1, minValidFraction: 0.05 };
const ALTERED = { NEE_VUT_REF: [4, 15], TA_F: [7], VPD_F: [18], SW_IN_F: [22] } as const;

/** The same 30 days from the bundled (unaltered) AT-Neu file. */
function realRows(): Record<string, Float64Array> {
  const sample = readSiteFile(join(SAMPLE_DATA_DIR, readdirSync(SAMPLE_DATA_DIR).find((f) => f.startsWith('FLX_AT-Neu_'))!));
  return Object.fromEntries(Object.entries(sample.columns).map(([k, v]) => [k, v.slice(0, 30)]));
}

describe('the plausible-range table', () => {
  it('matches a column to its longest variable prefix, _QC columns to the QC fraction', () => {
    expect(plausibleRange('NEE_VUT_REF')).toBe(PLAUSIBLE_RANGES.NEE);
    expect(plausibleRange('NEE_CUT_USTAR50')).toBe(PLAUSIBLE_RANGES.NEE);
    expect(plausibleRange('NEE_VUT_REF_QC')).toBe(PLAUSIBLE_RANGES['*_QC']);
    expect(plausibleRange('TA_F')).toBe(PLAUSIBLE_RANGES.TA);
    expect(plausibleRange('TA')).toBe(PLAUSIBLE_RANGES.TA);
    expect(plausibleRange('SW_IN_F')).toBe(PLAUSIBLE_RANGES.SW_IN);
    expect(plausibleRange('NETRAD')).toBe(PLAUSIBLE_RANGES.NETRAD);
    expect(plausibleRange('P_F')).toBe(PLAUSIBLE_RANGES.P);
    expect(plausibleRange('PA_F')).toBe(PLAUSIBLE_RANGES.PA);
    for (const unlisted of ['TAU', 'PPFD_IN', 'TS_F_MDS_1', 'SW_OUT', 'A']) expect(plausibleRange(unlisted)).toBeNull();
  });

  it('the README table shows the same bounds', () => {
    const section = readFileSync(join(__dirname, '..', 'README.md'), 'utf8').split('## Plausible ranges')[1].split('\n## ')[0];
    const rows = section.split('\n').filter((l) => l.startsWith('| ')).map((l) => l.split(' | ').map((c) => c.replace(/[|`]/g, '').trim()));
    for (const [key, r] of Object.entries(PLAUSIBLE_RANGES)) {
      const row = rows.find((cells) => cells[0].split(', ').includes(key));
      expect([key, ...(row ?? []).slice(1, 4)]).toEqual([key, String(r.min), String(r.max), r.unit]);
    }
  });

  it('every bound is a finite interval with a unit and a basis', () => {
    for (const r of Object.values(PLAUSIBLE_RANGES)) {
      expect(Number.isFinite(r.min) && Number.isFinite(r.max) && r.min < r.max).toBe(true);
      expect(r.unit.length * r.basis.length).toBeGreaterThan(0);
    }
  });
});

describe("outOfRange: 'missing' (default)", () => {
  const series = readSiteFile(FILE);

  it('counts each variable and reports its first file line and cell', () => {
    expect(series.outOfRange).toEqual({
      NEE_VUT_REF: { count: 2, firstLine: 6, firstValue: '1e6' },
      TA_F: { count: 1, firstLine: 9, firstValue: '1e308' },
      SW_IN_F: { count: 1, firstLine: 24, firstValue: '-1e400' },
      VPD_F: { count: 1, firstLine: 20, firstValue: '1e400' },
    });
  });

  it('reads exactly those cells as missing and every other cell as in the real file', () => {
    const real = realRows();
    for (const [column, values] of Object.entries(real)) {
      const expected = Array.from(values);
      for (const i of ALTERED[column as keyof typeof ALTERED] ?? []) expected[i] = NaN;
      expect(Array.from(series.columns[column])).toEqual(expected);
    }
  });

  it('fills them like any missing day, reports them in the fill report, and the output is finite', () => {
    const site = prepareSite(series, AT_NEU, ONE_SHORT_YEAR);
    const real = realRows().NEE_VUT_REF;
    // One year only: a calendar day without a value is interpolated between its neighbours.
    expect(site.target[4]).toBeCloseTo((real[3] + real[5]) / 2, 12);
    expect(site.target[15]).toBeCloseTo((real[14] + real[16]) / 2, 12);
    expect([site.target, ...Object.values(site.drivers)].every((s) => s.every(Number.isFinite))).toBe(true);
    expect(site.fill.NEE_VUT_REF).toEqual({ missing: 365 - 28, filledFraction: (365 - 28) / 365, longestGap: 335, outOfRange: series.outOfRange.NEE_VUT_REF });
    expect(site.fill.TA_F.outOfRange).toEqual({ count: 1, firstLine: 9, firstValue: '1e308' });
    expect(site.fill.VPD_F.missing).toBe(365 - 29);
  });

  it('a variable with every value out of range is skipped with that reason', () => {
    const dir = tempDir();
    const lines = readFileSync(FILE, 'utf8').trimEnd().split('\n');
    const allBad = lines.map((l, i) => (i === 0 ? l : l.replace(/^(\d+),[^,]*,/, '$1,1e6,')));
    writeFileSync(join(dir, NAME), allBad.join('\n'));
    const err = thrown(() => prepareSite(readSiteFile(join(dir, NAME)), AT_NEU, ONE_SHORT_YEAR));
    expect(err).toBeInstanceOf(FluxnetDataError);
    expect(err.message).toBe(
      `${join(dir, NAME)}: variable NEE_VUT_REF has no valid value (all missing; read as missing: 30 value(s) of NEE_VUT_REF not within -50 to 50 gC m-2 d-1, the first at line 2: 1e6)`,
    );
  });

  it('too few usable years names the values read as missing', () => {
    const err = thrown(() => prepareSiteFile(FILE, AT_NEU, { drivers: ['TA_F'], minYears: 1 }));
    expect(err.message).toMatch(
      /only 0 consecutive usable year\(s\) .*; read as missing: 2 value\(s\) of NEE_VUT_REF not within -50 to 50 gC m-2 d-1, the first at line 6: 1e6; 1 value\(s\) of TA_F not within -90 to 60 degC, the first at line 9: 1e308\)$/,
    );
  });

  it('prepareDirectory returns the report with each site', () => {
    const dir = siteDir();
    const r = prepareDirectory(dir, ONE_SHORT_YEAR);
    expect(r.sites.map((s) => s.fill.NEE_VUT_REF.outOfRange)).toEqual([{ count: 2, firstLine: 6, firstValue: '1e6' }]);
  });
});

describe("outOfRange: 'error'", () => {
  it.each([
    [undefined, 6, 'NEE_VUT_REF', 'value 1e6 is implausible: NEE_VUT_REF must be within -50 to 50 gC m-2 d-1'],
    [['TA_F'], 9, 'TA_F', 'value 1e308 is implausible: TA_F must be within -90 to 60 degC'],
    [['VPD_F'], 20, 'VPD_F', 'value 1e400 is implausible: VPD_F must be within -5 to 120 hPa'],
    [['SW_IN_F'], 24, 'SW_IN_F', 'value -1e400 is implausible: SW_IN_F must be within -10 to 600 W m-2'],
  ])('columns %j: fails on line %i, column %s, naming the bound', (columns, line, column, message) => {
    const err = thrown(() => readSiteFile(FILE, { ...(columns ? { columns } : {}), outOfRange: 'error' })) as FluxnetFormatError;
    expect(err).toBeInstanceOf(FluxnetFormatError);
    expect([err.file, err.line, err.column]).toEqual([FILE, line, column]);
    expect(err.message).toBe(`${FILE} (line ${line}, column ${column}): ${message}`);
  });

  it('a column without a range must still be finite', () => {
    const err = thrown(() => parseDailyCsv(Buffer.from('TIMESTAMP,A\n20000101,1\n20000102,-1e400\n'), 'mem', { outOfRange: 'error' }));
    expect(err.message).toBe('mem (line 3, column A): value -1e400 is implausible: A must be finite');
    expect(parseDailyCsv(Buffer.from('TIMESTAMP,A\n20000101,1e300\n'), 'mem', { outOfRange: 'error' }).columns.A[0]).toBe(1e300);
  });

  it('prepareDirectory throws, or skips the site with the reason when skipMalformed', () => {
    const dir = siteDir();
    const options = { ...ONE_SHORT_YEAR, outOfRange: 'error' as const };
    expect(() => prepareDirectory(dir, options)).toThrow(FluxnetFormatError);
    expect(prepareDirectory(dir, { ...options, skipMalformed: true }).skipped).toEqual([
      { siteId: 'AT-Neu', file: join(dir, NAME), reason: `${join(dir, NAME)} (line 6, column NEE_VUT_REF): value 1e6 is implausible: NEE_VUT_REF must be within -50 to 50 gC m-2 d-1` },
    ]);
  });

  it('an unknown policy is a ConfigError naming the option', () => {
    const err = thrown(() => readSiteFile(FILE, { outOfRange: 'drop' as never }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`outOfRange: must be 'missing' or 'error', got "drop"`);
  });
});

describe('real data', () => {
  it('no value of the bundled sample is out of range, in any column', () => {
    const { series } = readDataDirectory(SAMPLE_DATA_DIR, { outOfRange: 'error' });
    expect(series).toHaveLength(12);
    expect(series.map((s) => s.outOfRange)).toEqual(series.map(() => ({})));
  });
});

/** A data directory with the altered AT-Neu file and its metadata row. */
function siteDir(): string {
  const dir = tempDir();
  copyFileSync(FILE, join(dir, NAME));
  writeFileSync(join(dir, 'sites.csv'), 'site_id,igbp,lat,lon\nAT-Neu,GRA,47.1167,11.3175\n');
  return dir;
}
