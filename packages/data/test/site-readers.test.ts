import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  ConfigError,
  DEFAULT_SITE_FORMAT,
  SAMPLE_DATA_DIR,
  parseDailyCsv,
  prepareDirectory,
  readSiteFile,
  registerSiteReader,
  siteFilesBySite,
  siteReader,
  siteReaders,
  type SiteReader,
} from '../src/index.js';
import { tempDir, thrown } from './helpers.js';

const FR_GRI = 'FLX_FR-Gri_FLUXNET2015_ZARRDERIVED_DD_2004-2014.csv.gz';

/** A reader of a made-up format: `<SITE>.toy.csv`, daily CSV text as in the DD files. */
const toy: SiteReader = {
  format: 'toy',
  description: 'daily CSV files named <SITE>.toy.csv',
  siteFile: 'toy file (<SITE>.toy.csv)',
  siteOf: (baseName) => /^([A-Z]{2}-[A-Za-z0-9]{3})\.toy\.csv$/.exec(baseName)?.[1] ?? null,
  read: (path, options) => ({ ...parseDailyCsv(readFileSync(path), path, options), siteId: basename(path).slice(0, 6), kind: 'TOY', file: path }),
};

describe('the site reader registry', () => {
  it('has the FLUXNET2015 daily reader as default, then the ONEFlux half-hourly one', () => {
    expect(siteReaders().map((r) => r.format)).toEqual(['fluxnet2015-dd', 'oneflux-hh']);
    expect(DEFAULT_SITE_FORMAT).toBe('fluxnet2015-dd');
    expect(siteReader()).toBe(siteReader('fluxnet2015-dd'));
    expect(siteReader().read).toBe(readSiteFile);
  });

  it('refuses an unknown format, naming the option and the known formats', () => {
    const err = thrown(() => siteReader('fluxnet-hh'));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe("format: unknown site file format 'fluxnet-hh' (known: fluxnet2015-dd, oneflux-hh)");
    expect(thrown(() => prepareDirectory(SAMPLE_DATA_DIR, { format: 'fluxnet-hh' })).message).toMatch(/^format: unknown site file format/);
  });

  it('reads a registered format in every function that finds or reads site files', () => {
    registerSiteReader(toy);
    expect(siteReaders().map((r) => r.format)).toEqual(['fluxnet2015-dd', 'oneflux-hh', 'toy']);
    const dir = tempDir();
    writeFileSync(join(dir, 'FR-Gri.toy.csv'), gunzipSync(readFileSync(join(SAMPLE_DATA_DIR, FR_GRI))));
    copyFileSync(join(SAMPLE_DATA_DIR, FR_GRI), join(dir, FR_GRI));
    copyFileSync(join(SAMPLE_DATA_DIR, 'sites.csv'), join(dir, 'sites.csv'));
    expect(siteFilesBySite(dir, 'toy').files).toEqual([join(dir, 'FR-Gri.toy.csv')]);
    expect(siteFilesBySite(dir).files).toEqual([join(dir, FR_GRI)]);
    const drivers = ['TA_F', 'SW_IN_F', 'VPD_F'];
    const fromToy = prepareDirectory(dir, { format: 'toy', drivers }).sites;
    const fromDD = prepareDirectory(dir, { drivers }).sites;
    expect(fromToy.map((s) => [s.siteId, s.file])).toEqual([['FR-Gri', join(dir, 'FR-Gri.toy.csv')]]);
    expect(Array.from(fromToy[0].target)).toEqual(Array.from(fromDD[0].target));
    expect(thrown(() => siteFilesBySite(SAMPLE_DATA_DIR, 'toy')).message).toBe(`${SAMPLE_DATA_DIR}: directory holds no toy file (<SITE>.toy.csv)`);
  });

  it('refuses a taken or malformed format name', () => {
    expect(thrown(() => registerSiteReader({ ...toy, format: 'oneflux-hh' })).message).toBe("format: site file format 'oneflux-hh' is already registered");
    expect(thrown(() => registerSiteReader({ ...toy, format: 'My Format' })).message).toBe("format: site file format 'My Format' must be a lower-case name like 'my-format'");
  });
});
