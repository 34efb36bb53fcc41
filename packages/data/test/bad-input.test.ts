import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  ConfigError,
  FluxnetDataError,
  FluxnetFormatError,
  SAMPLE_DATA_DIR,
  createWindowSource,
  prepareDirectory,
  prepareSite,
  readSiteFile,
  readSiteMeta,
} from '../src/index.js';
import { FIXTURES, tempDir, thrown } from './helpers.js';

const BAD = join(FIXTURES, 'bad');
const NAME = 'FLX_AT-Neu_FLUXNET2015_ZARRDERIVED_DD_2002-2002.csv';
const ZIP = 'FLX_CH-Lae_FLUXNET2015_FULLSET_2004-2004_1-4.zip';
const META = { siteId: 'US-Whs', igbp: 'OSH', lat: 31.7438, lon: -110.0522 };
const US_WHS = join(SAMPLE_DATA_DIR, 'FLX_US-Whs_FLUXNET2015_ZARRDERIVED_DD_2007-2014.csv.gz');

/** Writes the US-Whs sample file with its text altered by `edit`, returns the path. */
function alteredUsWhs(edit: (lines: string[]) => string[]): string {
  const dir = tempDir();
  const lines = gunzipSync(readFileSync(US_WHS)).toString('utf8').trim().split('\n');
  const path = join(dir, 'FLX_US-Whs_FLUXNET2015_ZARRDERIVED_DD_2007-2014.csv');
  writeFileSync(path, edit(lines).join('\n') + '\n');
  return path;
}

describe('malformed files throw FluxnetFormatError naming file, line and column', () => {
  it.each([
    ['truncated', 21, undefined, /row has 4 fields, expected 11 \(file truncated\?\)/],
    ['notimestamp', 1, 'TIMESTAMP', /header has no TIMESTAMP column/],
    ['nonnumeric', 11, 'TA_F', /cell "4\.1O7" is not a number/],
    ['unordered', 17, 'TIMESTAMP', /day out of order: before the previous day 2002-01-15 \(previous row 2002-01-16\)/],
    ['duplicated', 10, 'TIMESTAMP', /duplicated day 2002-01-08/],
  ])('%s', (kind, line, column, message) => {
    const file = join(BAD, kind, NAME);
    const err = thrown(() => readSiteFile(file)) as FluxnetFormatError;
    expect(err).toBeInstanceOf(FluxnetFormatError);
    expect(err.file).toBe(file);
    expect(err.line).toBe(line);
    expect(err.column).toBe(column);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(file)).toBe(true);
  });

  it.each([
    ['zip-corrupt', /corrupt zip archive/],
    ['zip-cut', /corrupt zip archive: end of central directory not found/],
  ])('%s', (kind, message) => {
    const file = join(BAD, kind, ZIP);
    const err = thrown(() => readSiteFile(file));
    expect(err).toBeInstanceOf(FluxnetFormatError);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(file);
  });

  it('a corrupt gzip file', () => {
    const dir = tempDir();
    const file = join(dir, 'FLX_US-Whs_FLUXNET2015_ZARRDERIVED_DD_2007-2014.csv.gz');
    writeFileSync(file, readFileSync(US_WHS).subarray(0, 5000));
    expect(thrown(() => readSiteFile(file))).toEqual(expect.objectContaining({ name: 'FluxnetFormatError', file }));
  });

  it('a header without a requested variable is a FluxnetDataError naming the variable', () => {
    const file = join(BAD, 'novpd', NAME);
    const err = thrown(() => readSiteFile(file, { columns: ['NEE_VUT_REF', 'TA_F', 'VPD_F'] })) as FluxnetDataError;
    expect(err).toBeInstanceOf(FluxnetDataError);
    expect(err.variable).toBe('VPD_F');
    expect(err.message).toBe(`${file}: requested variable VPD_F is not in the header`);
  });

  it('a bad metadata table', () => {
    const dir = tempDir();
    const file = join(dir, 'meta.csv');
    writeFileSync(file, 'site_id,igbp,lat,lon\nUS-Whs,OSH,north,-110\n');
    const err = thrown(() => readSiteMeta(file)) as FluxnetFormatError;
    expect(err).toBeInstanceOf(FluxnetFormatError);
    expect([err.line, err.column]).toEqual([2, 'lat']);
  });
});

describe('unusable data throw FluxnetDataError', () => {
  it('all -9999 target', () => {
    const file = alteredUsWhs((lines) => lines.map((l, i) => (i === 0 ? l : l.replace(/^(\d+),[^,]*,/, '$1,-9999,'))));
    const err = thrown(() => prepareSite(readSiteFile(file), META, { drivers: ['TA_F'] }));
    expect(err).toBeInstanceOf(FluxnetDataError);
    expect(err.message).toBe(`${file}: variable NEE_VUT_REF has no valid value (all -9999)`);
  });

  it('too few usable years', () => {
    const err = thrown(() => prepareSite(readSiteFile(US_WHS), META, { drivers: ['TA_F'], minYears: 9 }));
    expect(err).toBeInstanceOf(FluxnetDataError);
    expect(err.message).toMatch(/only 8 consecutive usable year\(s\) \(need 9/);
  });

  it('unknown IGBP code', () => {
    const err = thrown(() => prepareSite(readSiteFile(US_WHS), { ...META, igbp: 'XYZ' }, { drivers: ['TA_F'] }));
    expect(err).toBeInstanceOf(FluxnetDataError);
    expect(err.message).toMatch(/unknown IGBP code "XYZ" for site US-Whs/);
  });

  it('a series shorter than one window', () => {
    const site = { siteId: 'US-Whs', lat: 31.7, lon: -110, dates: Int32Array.from({ length: 300 }, (_, i) => i), target: new Float64Array(300), drivers: { TA_F: new Float64Array(300) } };
    const err = thrown(() => createWindowSource([site], { window: 365 }));
    expect(err).toBeInstanceOf(FluxnetDataError);
    expect(err.message).toBe('US-Whs: series of 300 days is shorter than one 365-day window');
  });
});

describe('directories and paths', () => {
  it('an empty directory', () => {
    const dir = tempDir();
    const err = thrown(() => prepareDirectory(dir));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/holds no FLUXNET2015 daily file/);
  });

  it('a non-existent path', () => {
    for (const fn of [() => prepareDirectory('/nonexistent/fluxnet'), () => readSiteFile('/nonexistent/FLX_US-Whs_FLUXNET2015_FULLSET_DD_2007-2014_1-4.csv')]) {
      const err = thrown(fn);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toMatch(/^\/nonexistent\/.*: no such file or directory$/);
    }
  });

  it('skips unusable sites with reasons but throws for malformed files unless skipMalformed', () => {
    const dir = tempDir();
    const noQc = alteredUsWhs((lines) => lines.map((l) => l.split(',').filter((_, k) => k !== 2).join(',')));
    writeFileSync(join(dir, 'FLX_US-Whs_FLUXNET2015_ZARRDERIVED_DD_2007-2014.csv'), readFileSync(noQc));
    writeFileSync(join(dir, NAME), readFileSync(join(BAD, 'nonnumeric', NAME)));
    writeFileSync(join(dir, 'sites.csv'), 'site_id,igbp,lat,lon\nUS-Whs,OSH,31.7438,-110.0522\nAT-Neu,GRA,47.1167,11.3175\n');
    expect(() => prepareDirectory(dir, { drivers: ['TA_F'] })).toThrow(FluxnetFormatError);
    const r = prepareDirectory(dir, { drivers: ['TA_F'], skipMalformed: true, qcThreshold: 0.5 });
    expect(r.sites).toEqual([]);
    expect(r.skipped.map((s) => [s.siteId, s.reason.replace(dir + '/', '')])).toEqual([
      ['AT-Neu', `${NAME} (line 11, column TA_F): cell "4.1O7" is not a number`],
      ['US-Whs', 'FLX_US-Whs_FLUXNET2015_ZARRDERIVED_DD_2007-2014.csv: requested variable NEE_VUT_REF_QC is not in the header'],
    ]);
  });

  it('a site missing from the metadata table is skipped', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', 'FLX_US-Whs_FLUXNET2015_ZARRDERIVED_DD_2007-2014.csv.gz'), readFileSync(US_WHS));
    writeFileSync(join(dir, 'meta.csv'), 'site_id,igbp,lat,lon\nAT-Neu,GRA,47.1167,11.3175\n');
    const r = prepareDirectory(join(dir, 'd'), { drivers: ['TA_F'], meta: join(dir, 'meta.csv') });
    expect(r.skipped[0].reason).toBe(`site US-Whs is not in the metadata table ${join(dir, 'meta.csv')}`);
  });

  it('bad options are ConfigErrors naming the option', () => {
    expect(thrown(() => prepareDirectory(SAMPLE_DATA_DIR, { minYears: 0 })).message).toBe('minYears: must be an integer >= 1, got 0');
    expect(thrown(() => prepareDirectory(SAMPLE_DATA_DIR, { drivers: [] })).message).toMatch(/^drivers: /);
    expect(thrown(() => prepareDirectory(SAMPLE_DATA_DIR, { qcThreshold: 2 })).message).toMatch(/^qcThreshold: /);
  });
});
