import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  SAMPLE_DATA_DIR,
  dayNumber,
  formatDay,
  listSiteFiles,
  parseDailyCsv,
  parseSiteFileName,
  readDataDirectory,
  readDirectoryConfig,
  readSiteFile,
  readSiteMeta,
} from '../src/index.js';
import { FIXTURES, tempDir } from './helpers.js';

const ZIP_DIR = join(FIXTURES, 'zip');
const CSV = join(ZIP_DIR, 'FLX_CH-Lae_FLUXNET2015_FULLSET_DD_2004-2004_1-4.csv');

describe('file names', () => {
  it('parses the FLUXNET2015 convention', () => {
    expect(parseSiteFileName('FLX_DE-Hai_FLUXNET2015_FULLSET_DD_2000-2012_1-4.csv.gz')).toEqual({
      siteId: 'DE-Hai',
      kind: 'FULLSET',
      resolution: 'DD',
      firstYear: 2000,
      lastYear: 2012,
      version: '1-4',
      compression: 'gzip',
    });
    expect(parseSiteFileName('FLX_DE-Hai_FLUXNET2015_FULLSET_2000-2012_1-4.zip')?.resolution).toBeNull();
    expect(parseSiteFileName('FLX_DE-Hai_FLUXNET2015_FULLSET_2000-2012_1-4.csv')).toBeNull();
    expect(parseSiteFileName('notes.csv')).toBeNull();
  });

  it('lists only daily files of a directory, skipping _MM_ files', () => {
    const names = listSiteFiles(SAMPLE_DATA_DIR).map((f) => f.split('/').pop());
    expect(names).toHaveLength(12);
    expect(names.every((n) => n!.includes('_DD_'))).toBe(true);
  });
});

describe('readSiteFile', () => {
  it('parses real rows into typed columns with exact values', () => {
    const s = readSiteFile(CSV);
    expect(s.siteId).toBe('CH-Lae');
    expect(s.rowCount).toBe(60);
    expect(formatDay(s.dates[0])).toBe('2004-01-01');
    expect(s.dates[59] - s.dates[0]).toBe(59);
    // 20040101 row: TA_F -2.377, SW_IN_F 38.148, VPD_F 0.865 (checked against the FULLSET DD file, see SOURCES.md)
    expect(s.columns.TA_F[0]).toBe(-2.377);
    expect(s.columns.SW_IN_F[0]).toBe(38.148);
    expect(s.columns.VPD_F[0]).toBe(0.865);
    const line2 = readFileSync(CSV, 'utf8').split('\n')[1].split(',');
    expect(s.columns.NEE_VUT_REF[0]).toBe(Number(line2[1]));
    expect(Object.keys(s.columns)).toEqual(['NEE_VUT_REF', 'NEE_VUT_REF_QC', 'TA_F', 'SW_IN_F', 'LW_IN_F', 'VPD_F', 'PA_F', 'P_F', 'WS_F']);
  });

  it('parses every cell exactly as Number() does', () => {
    const text = readFileSync(CSV, 'utf8').trim().split('\n');
    const header = text[0].split(',');
    const s = readSiteFile(CSV);
    for (let r = 1; r < text.length; r++) {
      const cells = text[r].split(',');
      for (let c = 1; c < header.length; c++) {
        const expected = Number(cells[c]) === -9999 ? NaN : Number(cells[c]);
        expect(s.columns[header[c]][r - 1]).toBe(expected);
      }
    }
  });

  it('reads only the requested columns', () => {
    expect(Object.keys(readSiteFile(CSV, { columns: ['TA_F', 'NEE_VUT_REF'] }).columns)).toEqual(['TA_F', 'NEE_VUT_REF']);
  });

  it('gives identical columns for plain, gzip and zip versions of a file', () => {
    const dir = tempDir();
    const gz = join(dir, 'FLX_CH-Lae_FLUXNET2015_FULLSET_DD_2004-2004_1-4.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(CSV)));
    const plain = readSiteFile(CSV);
    const zipped = readSiteFile(join(ZIP_DIR, 'FLX_CH-Lae_FLUXNET2015_FULLSET_2004-2004_1-4.zip'));
    for (const other of [readSiteFile(gz), zipped]) {
      expect(other.dates).toEqual(plain.dates);
      expect(other.columns).toEqual(plain.columns);
    }
  });

  it('marks -9999 and days absent from the TIMESTAMP sequence as NaN on a continuous grid', () => {
    const s = readSiteFile(join(FIXTURES, 'gaps', 'FLX_AT-Neu_FLUXNET2015_ZARRDERIVED_DD_2002-2002.csv'));
    expect(s.rowCount).toBe(27);
    expect(s.dates.length).toBe(30);
    expect(s.dates[0]).toBe(dayNumber(2002, 1, 1));
    for (const day of [3, 4, 5]) expect(Number.isNaN(s.columns.TA_F[day])).toBe(true);
    expect(Number.isNaN(s.columns.TA_F[2])).toBe(false);
    expect(Number.isNaN(s.columns.TA_F[6])).toBe(false);
    const t = parseDailyCsv(Buffer.from('TIMESTAMP,A\r\n20000228,1\r\n20000229,-9999\r\n20000301,NA\r\n20000302,\r\n20000303,2.5e1\r\n'), 'mem');
    expect(Array.from(t.columns.A)).toEqual([1, NaN, NaN, NaN, 25]);
  });
});

describe('metadata and directories', () => {
  it('reads a site metadata table', () => {
    const meta = readSiteMeta(join(SAMPLE_DATA_DIR, 'sites.csv'));
    expect(meta.size).toBe(12);
    expect(meta.get('DE-Hai')).toEqual({ siteId: 'DE-Hai', igbp: 'DBF', lat: 51.0792, lon: 10.453 });
  });

  it('reads the sample directory with its fluxscale.json', () => {
    expect(readDirectoryConfig(SAMPLE_DATA_DIR)).toEqual({
      target: 'NEE_VUT_REF',
      drivers: ['TA_F', 'SW_IN_F', 'VPD_F'],
      meta: join(SAMPLE_DATA_DIR, 'sites.csv'),
    });
    const d = readDataDirectory(SAMPLE_DATA_DIR, { columns: ['NEE_VUT_REF', 'TA_F'] });
    expect(d.series.map((s) => s.siteId)).toEqual(['AT-Neu', 'AU-How', 'BE-Bra', 'CH-Dav', 'CH-Lae', 'CZ-wet', 'DE-Hai', 'FI-Hyy', 'FR-Gri', 'FR-Pue', 'US-Var', 'US-Whs']);
    expect(d.duplicates).toEqual([]);
  });

  it('uses one daily file per site and reports duplicates', () => {
    const d = readDataDirectory(ZIP_DIR);
    expect(d.series).toHaveLength(1);
    expect(d.series[0].file.endsWith('FLX_CH-Lae_FLUXNET2015_FULLSET_2004-2004_1-4.zip')).toBe(true);
    expect(d.duplicates[0].file.endsWith('FULLSET_DD_2004-2004_1-4.csv')).toBe(true);
  });
});
