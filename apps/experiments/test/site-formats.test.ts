import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CO2_FLUX_TO_CARBON, dayNumber, formatDay, parseDailyCsv, registerSiteReader, type SiteReader } from '@fluxscale/data';
import { loadConfig } from '../src/config/load.js';
import { runCli, tempDir } from './helpers/cli.js';

/** A reader of a made-up format: `<SITE>.toy.csv`, daily CSV text as in the DD files. */
const toy: SiteReader = {
  format: 'toy',
  description: 'daily CSV files named <SITE>.toy.csv',
  siteFile: 'toy file (<SITE>.toy.csv)',
  siteOf: (baseName) => /^([A-Z]{2}-[A-Za-z0-9]{3})\.toy\.csv$/.exec(baseName)?.[1] ?? null,
  read: (path, options) => ({ ...parseDailyCsv(readFileSync(path), path, options), siteId: path.slice(-14, -8), kind: 'TOY', file: path }),
};

const FIRST_DAY = dayNumber(2004, 1, 1);
const DAYS = dayNumber(2009, 1, 1) - FIRST_DAY;

/**
 * A synthetic site XX-Syn, 2004-2008, as a half-hourly file: daily values with a seasonal cycle
 * (TA_F °C, SW_IN_F W m-2, VPD_F hPa, NEE_VUT_REF gC m-2 d-1), each day's 48 records the daily value
 * plus a day-night step of zero mean (NEE in µmol CO2 m-2 s-1), so the daily values are known.
 */
function syntheticDaily(day: number): Record<string, number> {
  const season = Math.sin((2 * Math.PI * (day - FIRST_DAY)) / 365.25);
  return { TA_F: 10 + 8 * season, SW_IN_F: 150 + 100 * season, VPD_F: 6 + 4 * season, NEE_VUT_REF: -1 - 2 * season };
}

function halfHourlyDir(): string {
  const dir = tempDir();
  const lines = ['TIMESTAMP_START,TIMESTAMP_END,TA_F,SW_IN_F,VPD_F,NEE_VUT_REF'];
  const stamp = (day: number, minute: number) =>
    `${formatDay(day + Math.floor(minute / 1440)).replace(/-/g, '')}${String(Math.floor((minute % 1440) / 60)).padStart(2, '0')}${String(minute % 60).padStart(2, '0')}`;
  for (let day = FIRST_DAY; day < FIRST_DAY + DAYS; day++) {
    const d = syntheticDaily(day);
    for (let j = 0; j < 48; j++) {
      const step = j < 24 ? 1 : -1;
      lines.push([stamp(day, j * 30), stamp(day, j * 30 + 30), d.TA_F + 3 * step, d.SW_IN_F + 50 * step, d.VPD_F + step, d.NEE_VUT_REF / CO2_FLUX_TO_CARBON + step].join(','));
    }
  }
  writeFileSync(join(dir, 'FLX_XX-Syn_FLUXNET2015_FULLSET_HH_2004-2008_1-1.csv'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'sites.csv'), 'site_id,igbp,lat,lon\nXX-Syn,GRA,45,10\n');
  return dir;
}

describe('data.format: the format of the site files', () => {
  it('defaults to fluxnet2015-dd; an unknown format is refused, naming the key and the registered formats', () => {
    expect(loadConfig({ profile: 'quick' }).data.format).toBe('fluxnet2015-dd');
    expect(() => loadConfig({ profile: 'quick', overrides: { data: { format: 'fluxnet-hh' } } })).toThrow(/data\.format: Invalid option: expected one of "fluxnet2015-dd"\|"oneflux-hh"$/m);
  });

  it('takes a registered reader: one of this process, or one a plugin exports as `siteReaders`', () => {
    expect(() => loadConfig({ profile: 'quick', overrides: { data: { format: 'toy' } } })).toThrow(/data\.format: /);
    registerSiteReader(toy);
    expect(loadConfig({ profile: 'quick', overrides: { data: { format: 'toy' } } }).data.format).toBe('toy');

    const plugin = join(tempDir(), 'toy-plugin.cjs');
    writeFileSync(
      plugin,
      [
        `const { parseDailyCsv } = require(${JSON.stringify(require.resolve('@fluxscale/data'))});`,
        "const { readFileSync } = require('node:fs');",
        'exports.siteReaders = [{',
        "  format: 'toy-plugin', description: 'daily CSV files named <SITE>.toy.csv', siteFile: 'toy file (<SITE>.toy.csv)',",
        '  siteOf: (name) => /^([A-Z]{2}-[A-Za-z0-9]{3})\\.toy\\.csv$/.exec(name)?.[1] ?? null,',
        "  read: (path, options) => ({ ...parseDailyCsv(readFileSync(path), path, options), siteId: path.slice(-14, -8), kind: 'TOY', file: path }),",
        '}];',
        '',
      ].join('\n'),
    );
    const printed = runCli(['config', '--print', '--plugin', plugin, '--data-format', 'toy-plugin']);
    expect(printed.stderr).toBe('');
    expect(JSON.parse(printed.stdout).data.format).toBe('toy-plugin');
  });

  it('fluxscale sites and a planned run read half-hourly files with --data-format oneflux-hh', () => {
    const dir = halfHourlyDir();
    const sites = runCli(['sites', '--data', dir, '--data-format', 'oneflux-hh', '--drivers', 'TA_F,SW_IN_F,VPD_F', '--format', 'json']);
    expect(sites.stderr).toBe('');
    const listed = JSON.parse(sites.stdout).sites;
    expect(listed.map((s: { site: string; first_day: string; last_day: string; n_days: number }) => [s.site, s.first_day, s.last_day, s.n_days])).toEqual([['XX-Syn', '2004-01-01', '2008-12-31', DAYS]]);
    expect(runCli(['sites', '--data', dir]).stderr).toContain(`${dir}: directory holds no FLUXNET2015 daily file (FLX_*_DD_*.csv[.gz|.zip])`);
    expect(runCli(['sites', '--data', dir, '--data-format', 'hh']).stderr).toContain("--data-format must be one of fluxnet2015-dd, oneflux-hh, got 'hh'");

    const out = join(tempDir(), 'run');
    const plan = runCli(['plan', 'table1', '--profile', 'quick', '--data', dir, '--data-format', 'oneflux-hh', '--out', out]);
    expect(plan.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).data.format).toBe('oneflux-hh');
    const prepare = readFileSync(join(out, 'units.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((u) => u.kind === 'prepare');
    expect(runCli(['run-unit', out, '--stage', 'prepare', '--index', '0']).status).toBe(0);
    const site = JSON.parse(readFileSync(join(out, prepare.path, 'site.json'), 'utf8'));
    expect([site.siteId, site.firstDay, site.nDays, site.fill.NEE_VUT_REF.missing]).toEqual(['XX-Syn', FIRST_DAY, DAYS, 0]);
    const bands = new Float64Array(readFileSync(join(out, prepare.path, 'bands.f64')).buffer.slice(0));
    // The first series of the file is the target's raw series: the synthetic daily NEE, back from µmol CO2 m-2 s-1.
    const worst = Math.max(...Array.from({ length: DAYS }, (_, i) => Math.abs(bands[i] - syntheticDaily(FIRST_DAY + i).NEE_VUT_REF)));
    expect(worst).toBeLessThan(1e-9);
  });
});
