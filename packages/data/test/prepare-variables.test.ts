import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { ConfigError, FluxnetDataError, SAMPLE_DATA_DIR, prepareSite, prepareVariables, readSiteFile, readSiteMeta } from '../src/index.js';

const fileOf = (site: string): string => join(SAMPLE_DATA_DIR, readdirSync(SAMPLE_DATA_DIR).find((f) => f.startsWith(`FLX_${site}_`))!);

describe('prepareVariables', () => {
  const meta = readSiteMeta(join(SAMPLE_DATA_DIR, 'sites.csv'));

  test('selects and fills exactly as prepareSite does for the same variables', () => {
    const series = readSiteFile(fileOf('BE-Bra'));
    const site = prepareSite(series, meta.get('BE-Bra')!, { target: 'NEE_VUT_REF', drivers: ['TA_F', 'SW_IN_F', 'VPD_F'] });
    const vars = prepareVariables(series, ['NEE_VUT_REF', 'TA_F', 'SW_IN_F', 'VPD_F']);
    expect(Array.from(vars.dates)).toEqual(Array.from(site.dates));
    expect(Array.from(vars.values.NEE_VUT_REF)).toEqual(Array.from(site.target));
    expect(Array.from(vars.values.VPD_F)).toEqual(Array.from(site.drivers.VPD_F));
    expect(vars.fill).toEqual(site.fill);
  });

  test('prepares one variable of a site that lacks the others (no driver needed)', () => {
    const series = readSiteFile(fileOf('FR-Gri'));
    expect(series.columns.P_F).toBeUndefined();
    const vars = prepareVariables(series, ['NEE_VUT_REF']);
    expect(vars.firstYear).toBe(2004);
    expect(vars.lastYear).toBe(2014);
    expect(vars.values.NEE_VUT_REF.length).toBe(vars.dates.length);
    expect(vars.values.NEE_VUT_REF.every(Number.isFinite)).toBe(true);
  });

  test('names the bad parameter or variable', () => {
    const series = readSiteFile(fileOf('FR-Gri'));
    expect(() => prepareVariables(series, [])).toThrow(ConfigError);
    expect(() => prepareVariables(series, ['TA_F', 'TA_F'])).toThrow(/variables/);
    expect(() => prepareVariables(series, ['P_F'])).toThrow(FluxnetDataError);
    expect(() => prepareVariables(series, ['NEE_VUT_REF'], { minYears: 30 })).toThrow(/only 11 consecutive usable year/);
  });
});
