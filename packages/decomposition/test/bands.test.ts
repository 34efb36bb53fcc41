import { PAPER_BAND_LIMITS, bandOfPeriod, decomposeBands, dominantPeriod, dominantPeriods, DecompositionError, nextPowerOfTwo, periodogram } from '../src/index.js';
import { pearsonR as correlation } from '@fluxscale/util';
import { loadSites, maxAbsDiff, syntheticParts } from './helpers.js';

describe('band rule', () => {
  it("uses the paper's limits in days and sends zero frequency to the trend", () => {
    expect(PAPER_BAND_LIMITS).toEqual({ seasonalMaxDays: 487, trendMinDays: 3896 });
    expect(bandOfPeriod(365)).toBe('seasonal');
    expect(bandOfPeriod(486.9)).toBe('seasonal');
    expect(bandOfPeriod(487)).toBe('iav');
    expect(bandOfPeriod(3896)).toBe('iav');
    expect(bandOfPeriod(3897)).toBe('trend');
    expect(bandOfPeriod(Infinity)).toBe('trend');
  });
});

describe('decomposeBands on a synthetic series with known parts', () => {
  const parts = syntheticParts(6000, 0.2);
  const result = decomposeBands(parts.x);

  it('recovers seasonal, iav and trend, each correlating > 0.99 with the truth', () => {
    expect(correlation(result.seasonal, parts.seasonal)).toBeGreaterThan(0.99);
    expect(correlation(result.iav, parts.iav)).toBeGreaterThan(0.99);
    expect(correlation(result.trend, parts.trend)).toBeGreaterThan(0.99);
    const rms = Math.sqrt(result.trend.reduce((sum, v, t) => sum + (v - parts.trend[t]) ** 2, 0) / result.trend.length);
    expect(rms).toBeLessThan(0.1);
  });

  it('puts each known oscillation in its band by period', () => {
    const periods = result.meta.components.filter((c) => c.share > 1e-3).map((c) => [c.band, c.periodDays] as const);
    for (const [band, period] of periods) {
      if (band === 'seasonal') expect(Math.min(Math.abs(period - 365.25), Math.abs(period - 182.625))).toBeLessThan(5);
      if (band === 'iav') expect(Math.abs(period - 1095.75)).toBeLessThan(30);
      if (band === 'trend') expect(period).toBeGreaterThan(3896);
    }
    expect(new Set(periods.map(([b]) => b))).toEqual(new Set(['seasonal', 'iav', 'trend']));
  });

  it('sums back to the input to 1e-9 and reports what it did', () => {
    const sum = result.seasonal.map((v, t) => v + result.iav[t] + result.trend[t]);
    expect(maxAbsDiff(sum, parts.x)).toBeLessThan(1e-9);
    expect(result.meta).toMatchObject({ mode: 'full', extension: null, window: 1461, rank: 30, solver: 'lanczos', length: 6000 });
    expect(result.meta.capturedShare).toBeGreaterThan(0.99);
    expect(result.meta.capturedShare).toBeLessThanOrEqual(1 + 1e-12);
    expect(result.meta.bandVarianceShare.seasonal).toBeGreaterThan(0.8);
    expect(result.components).toHaveLength(30);
  });
});

describe('dominantPeriod', () => {
  it('finds a sine period on the zero-padded grid and ∞ for a constant', () => {
    const x = Float64Array.from({ length: 4018 }, (_, t) => Math.sin((2 * Math.PI * t) / 365.25));
    expect(Math.abs(dominantPeriod(x) - 365.25)).toBeLessThan(3);
    expect(dominantPeriod(new Float64Array(100).fill(2))).toBe(Infinity);
  });

  it('dominantPeriods (two series per FFT) agrees with dominantPeriod one by one', () => {
    const list = [365.25, 182.625, 1095.75, 40].map((p, i) =>
      Float64Array.from({ length: 3000 }, (_, t) => Math.cos((2 * Math.PI * t) / p + i) + 0.3 * Math.sin((2 * Math.PI * t) / 91)),
    );
    list.push(new Float64Array(3000).fill(1));
    expect(dominantPeriods(list)).toEqual(list.map((x) => dominantPeriod(x)));
  });
});

/**
 * US-Whs (semi-arid shrubland, summer-monsoon pulses) is the one site whose seasonal band peaks at a
 * harmonic of the year (3rd: ≈ 122 d); its annual peak is still within 80 % of the maximum.
 */
const HARMONIC_PEAK_SITES: Record<string, number> = { 'US-Whs': 3 };

describe('decomposeBands on real FLUXNET2015 NEE (committed fixture)', () => {
  const sites = loadSites();

  it.each(sites.map((s) => [s.site, s] as const))('%s: seasonal band peaks at the annual cycle (365 ± 10 d; US-Whs its 3rd harmonic); shares reported', (_site, s) => {
    const x = Float64Array.from(s.nee);
    const window = Math.min(1461, Math.floor(x.length / 2));
    const result = decomposeBands(x, { window });
    const harmonic = HARMONIC_PEAK_SITES[s.site] ?? 1;
    expect(Math.abs(dominantPeriod(result.seasonal) - 365 / harmonic)).toBeLessThanOrEqual(10 / harmonic);
    const grid = nextPowerOfTwo(4 * x.length);
    const power = periodogram(result.seasonal, grid);
    const annual = Math.round(grid / 365.25);
    const annualPeak = Math.max(...power.subarray(annual - 3, annual + 4));
    expect(annualPeak).toBeGreaterThan((harmonic === 1 ? 0.999 : 0.8) * Math.max(...power));
    const shares = result.meta.bandVarianceShare;
    for (const band of ['seasonal', 'iav', 'trend'] as const) {
      expect(shares[band]).toBeGreaterThanOrEqual(0);
      expect(shares[band]).toBeLessThan(1.5);
    }
    expect(shares.seasonal).toBeGreaterThan(shares.iav);
    const sum = result.seasonal.map((v, t) => v + result.iav[t] + result.trend[t]);
    expect(maxAbsDiff(sum, x)).toBeLessThan(1e-9);
  });

  it('refuses the default window for records shorter than 8 years, naming the N needed', () => {
    const short = Float64Array.from(sites[0].nee.slice(0, 2500));
    expect(() => decomposeBands(short)).toThrow(DecompositionError);
    expect(() => decomposeBands(short)).toThrow(/needs at least 2922 days/);
  });
});
