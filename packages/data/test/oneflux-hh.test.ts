import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CO2_FLUX_TO_CARBON,
  FluxnetDataError,
  FluxnetFormatError,
  SAMPLE_DATA_DIR,
  formatDay,
  listSiteFiles,
  prepareDirectory,
  readSiteFile,
  siteReader,
  type SiteSeries,
} from '../src/index.js';
import { tempDir, thrown } from './helpers.js';

/**
 * Sub-daily files built from a real daily file: each day of CH-Lae (bundled sample, FLUXNET2015 DD)
 * becomes 48 half-hours (or 24 hours) whose values average — precipitation: sum — to the daily value,
 * with a day-night step that averages to zero (so a record counted in the wrong day shows), and the
 * reader must give the daily file back.
 */
const DD_FILE = 'FLX_CH-Lae_FLUXNET2015_MERGED_DD_2004-2014.csv.gz';
const daily = readSiteFile(join(SAMPLE_DATA_DIR, DD_FILE));
const VARIABLES = ['TA_F', 'SW_IN_F', 'VPD_F', 'P_F', 'WS_F', 'NEE_VUT_REF'] as const;
/** Amplitude of the day-night step added to each variable's records: + in the first half of the day, - in the second. */
const AMPLITUDE: Record<string, number> = { TA_F: 6, SW_IN_F: 150, VPD_F: 4, WS_F: 1, NEE_VUT_REF: 3 };
/** gC m-2 d-1 per µmol CO2 m-2 s-1, from first principles: seconds per day × mol per µmol × g C per mol (12.0107). */
const UMOL_CO2_TO_GC_PER_DAY = 86_400 * 1e-6 * 12.0107;
/** Days (from the first) with TA_F -9999 in one record, and with one record left out, in the damaged half-hourly file. */
const MISSING_DAY = 9;
const DROPPED_DAY = 20;

/** YYYYMMDDHHMM of minute `minute` of day number `day`. */
function stamp(day: number, minute: number): string {
  const d = day + Math.floor(minute / 1440);
  const m = minute % 1440;
  return `${formatDay(d).replace(/-/g, '')}${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
}

/** Number of a day's `perDay` records flagged good (QC 0 or 1) so that their fraction is nearest the daily QC. */
const goodRecords = (qc: number, perDay: number): number => Math.round(qc * perDay);

/** The value of record `j` of `perDay` of a variable whose daily value is `value` (mean, or sum for P_F; NEE in gC m-2 d-1). */
function recordValue(name: string, value: number, j: number, perDay: number): number {
  if (name === 'P_F') return j >= 10 && j < 14 ? value / 4 : 0;
  const step = j < perDay / 2 ? AMPLITUDE[name] : -AMPLITUDE[name];
  return (name === 'NEE_VUT_REF' ? value / UMOL_CO2_TO_GC_PER_DAY : value) + step;
}

/** The sub-daily CSV lines (header first) of the first `days` days of `series` at `perDay` records a day. */
function subDailyLines(series: SiteSeries, perDay: number, days: number): string[] {
  const step = 1440 / perDay;
  const lines = [`TIMESTAMP_START,TIMESTAMP_END,${VARIABLES.join(',')},NEE_VUT_REF_QC`];
  for (let i = 0; i < days; i++) {
    const qc = series.columns.NEE_VUT_REF_QC[i];
    const good = goodRecords(qc, perDay);
    for (let j = 0; j < perDay; j++) {
      const cells = VARIABLES.map((name) => (Number.isNaN(series.columns[name][i]) ? '-9999' : String(recordValue(name, series.columns[name][i], j, perDay))));
      const flag = Number.isNaN(qc) ? '-9999' : j < good ? String(j % 2) : String(2 + (j % 2));
      lines.push([stamp(series.dates[i], j * step), stamp(series.dates[i], (j + 1) * step), ...cells, flag].join(','));
    }
  }
  return lines;
}

const csvText = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

/** The temporary directories of this file's tests, removed after them (the half-hourly files are large). */
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary directory, removed after the tests. */
function freshDir(): string {
  dirs.push(tempDir());
  return dirs[dirs.length - 1];
}

/** Writes `text` as `name` in a fresh directory, returns the path. */
function writeFile(name: string, text: string | Buffer): string {
  const path = join(freshDir(), name);
  writeFileSync(path, text);
  return path;
}

const HH_NAME = 'FLX_CH-Lae_FLUXNET2015_FULLSET_HH_2004-2014_1-4.csv';
const cleanLines = subDailyLines(daily, 48, daily.dates.length);
/** The half-hourly file with TIMESTAMP_START, TIMESTAMP_END, TA_F first: TA_F -9999 in one record of MISSING_DAY, one record of DROPPED_DAY left out. */
const hhText = csvText(
  cleanLines
    .map((line, k) => (k === 1 + MISSING_DAY * 48 + 31 ? line.replace(/^(\d{12},\d{12}),[^,]+/, '$1,-9999') : line))
    .filter((_, k) => k !== 1 + DROPPED_DAY * 48 + 7),
);
const hhFile = writeFile(HH_NAME, hhText);
const reader = siteReader('oneflux-hh');

/** Expects `got` to be the daily file's columns on its first `days` days but `except`, within float rounding, and QC to the record. */
function expectDailyBack(got: SiteSeries, days: number, perDay: number, except: readonly number[] = []): void {
  expect(Array.from(got.dates)).toEqual(Array.from(daily.dates.subarray(0, days)));
  const wrong: string[] = [];
  for (const name of [...VARIABLES, 'NEE_VUT_REF_QC']) {
    for (let i = 0; i < days; i++) {
      const want = daily.columns[name][i];
      const value = got.columns[name][i];
      if (except.includes(i)) continue;
      // Daily QC comes back as the fraction of good records, the nearest multiple of 1/perDay.
      const expected = name.endsWith('_QC') && !Number.isNaN(want) ? goodRecords(want, perDay) / perDay : want;
      const ok = Number.isNaN(expected) ? Number.isNaN(value) : Math.abs(value - expected) < 1e-9;
      if (!ok || (name.endsWith('_QC') && Math.abs(value - want) > 0.5 / perDay + 1e-12)) wrong.push(`${name} ${formatDay(daily.dates[i])}: ${value}, expected ${expected}`);
    }
  }
  expect(wrong).toEqual([]);
}

describe('oneflux-hh: half-hourly files aggregated to daily values', () => {
  const hh = reader.read(hhFile);

  it('gives the daily file back: means, the precipitation sum, NEE in gC m-2 d-1, the good-record fraction', () => {
    expect(hh.siteId).toBe('CH-Lae');
    expect(hh.kind).toBe('FULLSET');
    expect(hh.rowCount).toBe(daily.dates.length * 48 - 1);
    expectDailyBack(hh, daily.dates.length, 48, [MISSING_DAY, DROPPED_DAY]);
  });

  it('a day with one missing record of a variable has no value of it; a day with a record left out has none at all', () => {
    expect(Number.isNaN(daily.columns.TA_F[MISSING_DAY])).toBe(false);
    expect(hh.columns.TA_F[MISSING_DAY]).toBeNaN();
    expect(hh.columns.VPD_F[MISSING_DAY]).toBeCloseTo(daily.columns.VPD_F[MISSING_DAY], 9);
    for (const name of [...VARIABLES, 'NEE_VUT_REF_QC']) expect(hh.columns[name][DROPPED_DAY]).toBeNaN();
    expect(hh.columns.TA_F[DROPPED_DAY + 1]).toBeCloseTo(daily.columns.TA_F[DROPPED_DAY + 1], 9);
  });

  it('converts NEE from µmol CO2 m-2 s-1 with 12.0107 g C per mol, as ONEFlux does', () => {
    expect(CO2_FLUX_TO_CARBON).toBeCloseTo(UMOL_CO2_TO_GC_PER_DAY, 12);
    const ones = ['TIMESTAMP_START,TIMESTAMP_END,NEE_VUT_REF'];
    for (let j = 0; j < 48; j++) ones.push(`${stamp(0, j * 30)},${stamp(0, (j + 1) * 30)},1`);
    const one = reader.read(writeFile('FLX_XX-One_FLUXNET2015_FULLSET_HH_1970-1970_1-1.csv', `${ones.join('\n')}\n`));
    expect(one.columns.NEE_VUT_REF[0]).toBeCloseTo(1.03772448, 12);
  });

  it('reads only the requested columns, and a gzipped file the same', () => {
    const gz = reader.read(writeFile(`${HH_NAME}.gz`, gzipSync(hhText, { level: 1 })), { columns: ['TA_F', 'NEE_VUT_REF'] });
    expect(Object.keys(gz.columns)).toEqual(['TA_F', 'NEE_VUT_REF']);
    expect(Array.from(gz.columns.NEE_VUT_REF)).toEqual(Array.from(hh.columns.NEE_VUT_REF));
  });

  it('reads hourly (HR) files: 24 records a day', () => {
    const days = 400;
    const hr = reader.read(writeFile('FLX_CH-Lae_FLUXNET2015_FULLSET_HR_2004-2005_1-4.csv', csvText(subDailyLines(daily, 24, days))));
    expect(hr.rowCount).toBe(days * 24);
    expectDailyBack(hr, days, 24);
  });

  it('lists only sub-daily files, by both naming conventions', () => {
    const dir = freshDir();
    for (const name of [
      HH_NAME,
      DD_FILE,
      'AMF_US-Ha1_FLUXNET_FULLSET_HR_1991-2020_3-5.csv',
      'FLX_FI-Hyy_FLUXNET2015_FULLSET_DD_1996-2020_beta-3.csv',
      'FLX_FI-Hyy_FLUXNET2015_FULLSET_HH_1996-2020_beta-3.csv.gz',
      'FLX_FI-Hyy_FLUXNET2015_FULLSET_MM_1996-2020_beta-3.csv',
      'notes.csv',
    ]) {
      writeFileSync(join(dir, name), '');
    }
    const names = (format: string) => listSiteFiles(dir, format).map((f) => f.slice(dir.length + 1));
    expect(names('oneflux-hh')).toEqual(['AMF_US-Ha1_FLUXNET_FULLSET_HR_1991-2020_3-5.csv', HH_NAME, 'FLX_FI-Hyy_FLUXNET2015_FULLSET_HH_1996-2020_beta-3.csv.gz']);
    expect(names('fluxnet2015-dd')).toEqual([DD_FILE]);
  });

  it('prepares a directory of half-hourly files as the daily file', () => {
    const dir = freshDir();
    writeFileSync(join(dir, HH_NAME), csvText(cleanLines));
    copyFileSync(join(SAMPLE_DATA_DIR, 'sites.csv'), join(dir, 'sites.csv'));
    const options = { drivers: ['TA_F', 'SW_IN_F', 'VPD_F', 'P_F', 'WS_F'] };
    const fromHH = prepareDirectory(dir, { ...options, format: 'oneflux-hh' });
    const fromDD = prepareDirectory(join(SAMPLE_DATA_DIR, DD_FILE), options).sites[0];
    expect(fromHH.skipped).toEqual([]);
    const site = fromHH.sites[0];
    expect([site.siteId, site.firstYear, site.lastYear, site.file]).toEqual([fromDD.siteId, fromDD.firstYear, fromDD.lastYear, join(dir, HH_NAME)]);
    for (const [got, want] of [[site.target, fromDD.target], ...options.drivers.map((d) => [site.drivers[d], fromDD.drivers[d]])]) {
      expect(Math.max(...got.map((v, i) => Math.abs(v - want[i])))).toBeLessThan(1e-9);
    }
  });
});

describe('oneflux-hh: malformed files', () => {
  /** The first `n` lines of the half-hourly file with line `line` (1-based) replaced by `edit` of it. */
  function altered(line: number, edit: (text: string) => string, n = 200): string {
    const lines = hhText.split('\n').slice(0, n);
    lines[line - 1] = edit(lines[line - 1]);
    return writeFile(HH_NAME, `${lines.join('\n')}\n`);
  }

  it.each([
    ['an off-grid time', (t: string) => t.replace(/^(\d{10})00/, '$115'), /TIMESTAMP_START "200401010215" is not a half-hourly YYYYMMDDHHMM time/],
    ['no date', (t: string) => t.replace(/^\d{12}/, '2004-01-01'), /TIMESTAMP_START "2004-01-01" is not a half-hourly/],
    ['a time out of order', (t: string) => t.replace(/^\d{12}/, '200401010000'), /time out of order: before the previous time 200401010000 \(previous row 200401010130\)/],
  ])('a bad TIMESTAMP_START (%s) names the file and line', (_, edit, message) => {
    const file = altered(6, edit);
    const err = thrown(() => reader.read(file)) as FluxnetFormatError;
    expect(err).toBeInstanceOf(FluxnetFormatError);
    expect([err.file, err.line, err.column]).toEqual([file, 6, 'TIMESTAMP_START']);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`${file} (line 6, column TIMESTAMP_START)`)).toBe(true);
  });

  it('a TIMESTAMP_END that does not end its record names the file and line (an hourly file named HH)', () => {
    const file = altered(4, (t) => t.replace(/^(\d{12}),\d{12}/, '$1,200401010200'));
    const err = thrown(() => reader.read(file)) as FluxnetFormatError;
    expect([err.file, err.line, err.column]).toEqual([file, 4, 'TIMESTAMP_END']);
    expect(err.message).toMatch(/TIMESTAMP_END "200401010200" is not 30 minutes after TIMESTAMP_START 200401010100/);
  });

  it('a missing required column names the file and the column', () => {
    const err = thrown(() => reader.read(hhFile, { columns: ['NEE_VUT_REF', 'TA_F', 'NETRAD'] })) as FluxnetDataError;
    expect(err).toBeInstanceOf(FluxnetDataError);
    expect([err.file, err.variable]).toEqual([hhFile, 'NETRAD']);
    expect(err.message).toBe(`${hhFile}: requested variable NETRAD is not in the header`);
    const noStart = writeFile(HH_NAME, hhText.slice(0, 2000).replace('TIMESTAMP_START', 'TIME'));
    const format = thrown(() => reader.read(noStart)) as FluxnetFormatError;
    expect([format.file, format.line, format.column]).toEqual([noStart, 1, 'TIMESTAMP_START']);
  });

  it('a daily value outside its plausible range is missing and reported at the line of its first record, or fails', () => {
    const lines = hhText.split('\n').slice(0, 1 + 48 * 3);
    for (let j = 0; j < 48; j++) lines[1 + 48 + j] = lines[1 + 48 + j].replace(/^(\d{12},\d{12}),[^,]+/, '$1,70');
    const file = writeFile(HH_NAME, `${lines.join('\n')}\n`);
    const read = reader.read(file, { columns: ['TA_F'] });
    expect(read.columns.TA_F[1]).toBeNaN();
    expect(read.outOfRange).toEqual({ TA_F: { count: 1, firstLine: 50, firstValue: '70' } });
    const err = thrown(() => reader.read(file, { columns: ['TA_F'], outOfRange: 'error' })) as FluxnetFormatError;
    expect([err.line, err.column]).toEqual([50, 'TA_F']);
    expect(err.message).toMatch(/value 70 is implausible: TA_F must be within -90 to 60 degC/);
  });

  it('refuses a file name of another resolution', () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'd'));
    const file = join(dir, 'd', 'FLX_CH-Lae_FLUXNET2015_FULLSET_DD_2004-2014_1-4.csv');
    writeFileSync(file, hhText.slice(0, 2000));
    expect(thrown(() => reader.read(file)).message).toBe(`${file}: not a half-hourly or hourly file (resolution DD, expected HH or HR)`);
  });
});
