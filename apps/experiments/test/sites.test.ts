import { SAMPLE_DATA_DIR } from '@fluxscale/data';
import { runCli, tempDir } from './helpers/cli.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const US_WHS = 'FLX_US-Whs_FLUXNET2015_ZARRDERIVED_DD_2007-2014.csv.gz';

interface SitesJson {
  sites: Array<{ site: string; igbp: string; group: string; lat: number; lon: number; first_day: string; last_day: string; n_days: number; filled: Record<string, number>; out_of_range: Record<string, { count: number; firstLine: number; firstValue: string }> }>;
  skipped: Array<{ site: string; reason: string }>;
}

const run = (...args: string[]) => runCli(['sites', ...args]);

describe('fluxscale sites', () => {
  it('lists the bundled sample as JSON on stdout alone', () => {
    const r = run('--format', 'json');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as SitesJson;
    expect(out.skipped).toEqual([]);
    expect(out.sites.map((s) => s.site)).toEqual(['AT-Neu', 'AU-How', 'BE-Bra', 'CH-Dav', 'CH-Lae', 'CZ-wet', 'DE-Hai', 'FI-Hyy', 'FR-Gri', 'FR-Pue', 'US-Var', 'US-Whs']);
    expect(out.sites[2]).toEqual({
      site: 'BE-Bra',
      igbp: 'MF',
      group: 'MF',
      lat: 51.3092,
      lon: 4.5206,
      first_day: '2004-01-01', // NEE is missing all of 2003, so the run 2004-2014 (11 y) beats 1996-2002 (7 y)
      last_day: '2014-12-31',
      n_days: 4018,
      filled: { NEE_VUT_REF: 0, TA_F: 0, SW_IN_F: 0, VPD_F: 0 },
      out_of_range: {},
    });
  });

  it('prints a table and a CSV', () => {
    const table = run();
    expect(table.status).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['site', 'igbp', 'group', 'lat', 'lon', 'first_day', 'last_day', 'n_days', 'filled_NEE_VUT_REF', 'filled_TA_F', 'filled_SW_IN_F', 'filled_VPD_F']);
    expect(lines[1].split(/\s+/).slice(0, 8)).toEqual(['AT-Neu', 'GRA', 'GRA', '47.1167', '11.3175', '2002-01-01', '2012-12-31', '4018']);
    expect(table.stdout).toContain('12 usable site(s), 0 skipped');
    const csv = run('--format', 'csv');
    const rows = csv.stdout.trim().split('\n');
    expect(rows).toHaveLength(13);
    expect(rows[12]).toBe('US-Whs,OSH,OSH+CSH,31.7438,-110.0522,2007-01-01,2014-12-31,2922,0.0000,0.0000,0.0000,0.0000');
  });

  it('takes flags after a lone -- (what `pnpm run <alias> -- --flag` passes on)', () => {
    const csv = run('--', '--format', 'csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout.trim().split('\n')).toEqual(run('--format', 'csv').stdout.trim().split('\n'));
  });

  it('reports skipped sites with reasons (drivers and min years from flags)', () => {
    const r = run('--drivers', 'TA_F,P_F', '--format', 'json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as SitesJson;
    expect(out.sites.map((s) => s.site)).toEqual(['CH-Dav', 'CH-Lae', 'FI-Hyy', 'FR-Pue']);
    expect(out.skipped).toHaveLength(8);
    expect(out.skipped[0].reason).toMatch(/FLX_AT-Neu_.*: requested variable P_F is not in the header$/);
    expect(r.stderr).toContain('skipped AT-Neu');
    const long = JSON.parse(run('--min-years', '19', '--format', 'json').stdout) as SitesJson;
    expect(long.sites.map((s) => s.site)).toEqual(['FI-Hyy']);
    expect(long.skipped.find((s) => s.site === 'BE-Bra')!.reason).toMatch(/only 11 consecutive usable year\(s\) \(need 19/);
  });

  it('fails naming an unknown driver, after listing every skipped site with its reason', () => {
    const r = run('--drivers', 'TA_F,FOO_F');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('0 usable site(s), 12 skipped');
    expect(r.stderr).toMatch(/fluxscale sites: skipped AT-Neu: .*requested variable FOO_F is not in the header/);
    expect(r.stderr).toMatch(/fluxscale: error: --drivers: no file of .* has a usable FOO_F \(every site was skipped for it, reasons above\)\n$/);
  });

  it('fails when no site is usable for other reasons, saying how many were skipped', () => {
    const r = run('--min-years', '40');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/fluxscale: error: no usable site in .* \(12 skipped, reasons above\)\n$/);
  });

  it('accepts a single file with a metadata table', () => {
    const dir = tempDir();
    const meta = join(dir, 'meta.csv');
    writeFileSync(meta, 'site_id,igbp,lat,lon\nUS-Whs,OSH,31.7438,-110.0522\n');
    const r = run('--data', join(SAMPLE_DATA_DIR, US_WHS), '--meta', meta, '--drivers', 'TA_F', '--target', 'NEE_VUT_REF', '--format', 'json');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as SitesJson).sites.map((s) => [s.site, s.n_days, Object.keys(s.filled)])).toEqual([['US-Whs', 2922, ['NEE_VUT_REF', 'TA_F']]]);
  });

  it('skips a site with an unknown IGBP code, naming the code', () => {
    const dir = tempDir();
    const meta = join(dir, 'meta.csv');
    writeFileSync(meta, 'site_id,igbp,lat,lon\nUS-Whs,XYZ,31.7438,-110.0522\n');
    const r = run('--data', join(SAMPLE_DATA_DIR, US_WHS), '--meta', meta, '--drivers', 'TA_F', '--format', 'json');
    // No usable site is an error, but the listing with the reason still comes first.
    expect(r.status).not.toBe(0);
    const out = JSON.parse(r.stdout) as SitesJson;
    expect(out.sites).toEqual([]);
    expect(out.skipped).toEqual([{ site: 'US-Whs', reason: expect.stringMatching(/unknown IGBP code "XYZ" for site US-Whs/) }]);
    expect(r.stderr).toMatch(/skipped US-Whs: .*unknown IGBP code "XYZ"/);
  });

  it.each([
    [['--min-years', '0'], /option '--min-years <n>' argument '0' is invalid/],
    [['--min-years', 'five'], /option '--min-years <n>' argument 'five' is invalid/],
    [['--format', 'xml'], /option '--format <format>' argument 'xml' is invalid\. Allowed choices are table, json, csv/],
    [['--drivers', 'TA_F,,VPD_F'], /option '--drivers <list>' argument 'TA_F,,VPD_F' is invalid/],
    [['--target', ' '], /option '--target <name>' argument ' ' is invalid/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--data', '/nonexistent/fluxnet'], /fluxscale: error: \/nonexistent\/fluxnet: no such file or directory/],
    [['--meta', '/nonexistent/meta.csv'], /\/nonexistent\/meta\.csv: site metadata table not found/],
  ])('bad flags %j exit non-zero with a message naming the flag or path', (args, message) => {
    const r = run(...args);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('reads an implausible value as missing, fills it and reports it with its line', () => {
    const dir = tempDir();
    const lines = gunzipSync(readFileSync(join(SAMPLE_DATA_DIR, US_WHS))).toString('utf8').split('\n');
    const header = lines[0].split(',');
    const nee = header.indexOf('NEE_VUT_REF');
    const row = lines[400].split(',');
    row[nee] = '1e6';
    lines[400] = row.join(',');
    writeFileSync(join(dir, US_WHS.replace('.gz', '')), lines.join('\n'));
    for (const name of ['sites.csv', 'fluxscale.json']) writeFileSync(join(dir, name), readFileSync(join(SAMPLE_DATA_DIR, name)));
    const json = JSON.parse(run('--data', dir, '--format', 'json').stdout) as SitesJson;
    expect(json.sites[0].out_of_range).toEqual({ NEE_VUT_REF: { count: 1, firstLine: 401, firstValue: '1e6' } });
    expect(json.sites[0].filled.NEE_VUT_REF).toBeGreaterThan(0);
    // announced on stderr, one line per site and variable, whatever the format
    for (const format of ['table', 'json']) {
      const lines = run('--data', dir, '--format', format).stderr.split('\n').filter((l) => l.includes('read as missing'));
      expect(lines).toEqual(['fluxscale sites: US-Whs NEE_VUT_REF: 1 value(s) not within -50 to 50 gC m-2 d-1, read as missing and filled (the first at line 401: 1e6)']);
    }
    // and by a new run of an experiment, beside the manifest's record of it
    const runDir = join(tempDir(), 'run');
    const plan = runCli(['plan', 'table1', '--data', dir, '--out', runDir]);
    expect(plan.status).toBe(0);
    expect(plan.stderr).toMatch(/\] US-Whs NEE_VUT_REF: 1 value\(s\) not within -50 to 50 gC m-2 d-1, read as missing and filled \(the first at line 401: 1e6\)\n/);
    expect(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')).sites[0].outOfRange).toEqual({ NEE_VUT_REF: { count: 1, firstLine: 401, firstValue: '1e6' } });
  });

  it('an empty directory and a truncated file exit non-zero naming the problem', () => {
    const empty = tempDir();
    const e = run('--data', empty);
    expect(e.status).toBe(1);
    expect(e.stderr).toContain(`${empty}: directory holds no FLUXNET2015 daily file`);
    const dir = tempDir();
    const text = gunzipSync(readFileSync(join(SAMPLE_DATA_DIR, US_WHS))).toString('utf8');
    const file = join(dir, US_WHS.replace('.gz', ''));
    const lines = text.split('\n');
    writeFileSync(file, [...lines.slice(0, 37), lines[37].slice(0, 20)].join('\n')); // cut inside line 38
    writeFileSync(join(dir, 'sites.csv'), 'site_id,igbp,lat,lon\nUS-Whs,OSH,31.7438,-110.0522\n');
    const t = run('--data', dir, '--drivers', 'TA_F');
    expect(t.status).toBe(1);
    expect(t.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')} \\(line 38\\): row has 3 fields, expected 6 \\(file truncated\\?\\)`));
  });
});
