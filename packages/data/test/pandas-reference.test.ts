import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DATA_DIR, formatDay, prepareSite, readSiteFile, readSiteMeta, type PrepareOptions } from '../src/index.js';
import { FIXTURES } from './helpers.js';

interface VarRef {
  missing: number;
  filled_fraction: number;
  longest_gap: number;
  mean_filled: number;
  std_filled: number;
}
interface CaseRef {
  skipped: boolean;
  first_year?: number;
  last_year?: number;
  n_days?: number;
  vars?: Record<string, VarRef>;
}
interface SiteRef {
  file: string;
  rows: number;
  n_days: number;
  first_day: string;
  last_day: string;
  raw: Record<string, { mean: number; missing: number }>;
  cases: Record<string, CaseRef>;
}
interface Reference {
  target: string;
  drivers: string[];
  cases: Record<string, { qc_threshold: number | null; min_valid_fraction: number; min_years: number }>;
  sites: Record<string, SiteRef>;
}

const ref = JSON.parse(readFileSync(join(FIXTURES, 'pandas-reference.json'), 'utf8')) as Reference;
const meta = readSiteMeta(join(SAMPLE_DATA_DIR, 'sites.csv'));

function mean(v: Float64Array): number {
  let s = 0;
  let n = 0;
  for (const x of v) {
    if (x !== x) continue;
    s += x;
    n++;
  }
  return s / n;
}

function std(v: Float64Array): number {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / v.length);
}

describe.each(Object.entries(ref.sites))('%s agrees with pandas', (siteId, site) => {
  const series = readSiteFile(join(SAMPLE_DATA_DIR, site.file));

  it('day counts, first and last day, raw means and missing counts', () => {
    expect(series.rowCount).toBe(site.rows);
    expect(series.dates.length).toBe(site.n_days);
    expect(formatDay(series.dates[0])).toBe(site.first_day);
    expect(formatDay(series.dates[series.dates.length - 1])).toBe(site.last_day);
    expect(Object.keys(series.columns).sort()).toEqual(Object.keys(site.raw).sort());
    for (const [name, r] of Object.entries(site.raw)) {
      const col = series.columns[name];
      expect(col.reduce((a, x) => a + (x === x ? 0 : 1), 0)).toBe(r.missing);
      expect(mean(col)).toBeCloseTo(r.mean, 10);
    }
  });

  it.each(Object.keys(ref.cases))('selection and gap filling, case %s', (caseName) => {
    const cfg = ref.cases[caseName];
    const expected = site.cases[caseName];
    const options: PrepareOptions = {
      target: ref.target,
      drivers: ref.drivers,
      qcThreshold: cfg.qc_threshold,
      minValidFraction: cfg.min_valid_fraction,
      minYears: cfg.min_years,
    };
    if (expected.skipped) {
      expect(() => prepareSite(series, meta.get(siteId)!, options)).toThrow(/consecutive usable year/);
      return;
    }
    const p = prepareSite(series, meta.get(siteId)!, options);
    expect([p.firstYear, p.lastYear, p.dates.length]).toEqual([expected.first_year, expected.last_year, expected.n_days]);
    for (const [name, v] of Object.entries(expected.vars!)) {
      const values = name === ref.target ? p.target : p.drivers[name];
      expect(p.fill[name].missing).toBe(v.missing);
      expect(p.fill[name].longestGap).toBe(v.longest_gap);
      expect(p.fill[name].filledFraction).toBeCloseTo(v.filled_fraction, 12);
      expect(mean(values)).toBeCloseTo(v.mean_filled, 9);
      expect(std(values)).toBeCloseTo(v.std_filled, 9);
    }
  });
});

it('the qc case really exercises gap filling', () => {
  const filled = Object.values(ref.sites).map((s) => s.cases.qc.vars?.[ref.target].missing ?? 0);
  expect(filled.filter((m) => m > 100).length).toBeGreaterThan(5);
});
