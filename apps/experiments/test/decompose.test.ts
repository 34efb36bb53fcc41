import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';

describe('fluxscale decompose', () => {
  it('writes date,raw,seasonal,iav,trend for the target of a bundled site, bands summing to the series, and an SVG', () => {
    const dir = tempDir();
    const out = join(dir, 'fr-gri.csv');
    const plot = join(dir, 'fr-gri.svg');
    const r = runCli(['decompose', '--site', 'FR-Gri', '--out', out, '--plot', plot]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/FR-Gri NEE_VUT_REF: 4018 days, L = 1461, rank 30/);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('date,raw,seasonal,iav,trend');
    expect(rows).toHaveLength(1 + 4018);
    expect(rows[1].startsWith('2004-01-01,')).toBe(true);
    for (const row of rows.slice(1)) {
      const [, raw, seasonal, iav, trend] = row.split(',').map(Number);
      expect(Math.abs(seasonal + iav + trend - raw)).toBeLessThan(1e-9);
    }
    const svg = readFileSync(plot, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('FR-Gri NEE_VUT_REF: SSA bands');
  });

  it('--all decomposes the target and every driver the file has, in train-only mode', () => {
    const out = join(tempDir(), 'all.csv');
    const r = runCli(['decompose', '--site', 'CH-Dav', '--all', '--mode', 'train-only', '--window', '730', '--out', out]);
    expect(r.status).toBe(0);
    const header = readFileSync(out, 'utf8').split('\n')[0].split(',');
    expect(header.slice(0, 5)).toEqual(['date', 'NEE_VUT_REF_raw', 'NEE_VUT_REF_seasonal', 'NEE_VUT_REF_iav', 'NEE_VUT_REF_trend']);
    expect(header).toHaveLength(1 + 4 * 4);
    expect(r.stderr).toContain('mode train-only/forecast');
  });

  it.each([
    [['--site', 'XX-Nope', '--out', '/tmp/x.csv'], /no site file of XX-Nope/],
    [['--site', 'FR-Gri', '--var', 'P_F', '--out', '/tmp/x.csv'], /P_F/],
    [['--site', 'FR-Gri', '--window', '0', '--out', '/tmp/x.csv'], /--window must be a positive integer/],
    [['--site', 'FR-Gri', '--mode', 'half', '--out', '/tmp/x.csv'], /--mode must be one of full, train-only/],
    [['--site', 'FR-Gri'], /required option '--out <file.csv>'/],
  ])('%j fails clearly, writing nothing', (args, message) => {
    const r = runCli(['decompose', ...(args as string[])]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(existsSync('/tmp/x.csv')).toBe(false);
  });
});
