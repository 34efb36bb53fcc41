import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '@fluxscale/util';
import { InsufficientDataError, InvalidParameterError, lcs, mae, nse, pairedTTest, pearson, percentile, r2, rmse, sb, scoreAll, scoreBySite, sdsd, summarize, taylorStats, bias } from '../src/index.js';
import { chiSquareQuantile, studentTCdf } from '../src/metrics/special.js';

interface Fixture {
  observed: (number | null)[];
  simulated: (number | null)[];
  sites: string[];
  pooled: Record<string, number>;
  perSite: Record<string, Record<string, number>>;
  ttests: { label: string; a: (number | null)[]; b: (number | null)[]; t: number; p: number; df: number; meanDiff: number }[];
  percentiles: { label: string; values: number[]; q: number[]; expected: number[]; mean: number }[];
  distributions: { chi2ppf: { p: number; dof: number; x: number }[]; tcdf: { t: number; df: number; cdf: number }[] };
}

const fixture = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'metrics', 'metrics_reference.json'), 'utf8'),
) as Fixture;
const toSeries = (values: (number | null)[]): Float64Array => Float64Array.from(values, (v) => (v === null ? Number.NaN : v));
const observed = toSeries(fixture.observed);
const simulated = toSeries(fixture.simulated);

/** Seeded uniform PRNG so the identity tests are reproducible. */
const uniform = mulberry32;

const relClose = (actual: number, expected: number, rel = 1e-10): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
};

describe('metrics on real FLUXNET NEE against numpy', () => {
  test('pooled scores match numpy (NaN pairs masked and counted)', () => {
    const scores = scoreAll(observed, simulated);
    for (const key of ['rmse', 'mae', 'r2', 'pearson', 'lcs', 'sb', 'sdsd', 'bias', 'nse']) {
      relClose(scores[key as keyof typeof scores] as number, fixture.pooled[key]);
    }
    expect(scores.n).toBe(fixture.pooled.n);
    expect(scores.masked).toBe(fixture.pooled.masked);
    expect(scores.masked).toBeGreaterThan(0);
  });

  test('single-metric functions agree with scoreAll and accept number arrays', () => {
    const plainObs = Array.from(observed);
    const plainSim = Array.from(simulated);
    const all = scoreAll(observed, simulated);
    const single = { rmse, mae, r2, pearson, lcs, sb, sdsd, bias, nse };
    for (const [key, fn] of Object.entries(single)) expect(fn(plainObs, plainSim)).toBe(all[key as keyof typeof all]);
  });

  test('per-site scores match numpy, in order of first appearance', () => {
    const bySite = scoreBySite(observed, simulated, fixture.sites);
    expect(bySite.map((s) => s.site)).toEqual(Object.keys(fixture.perSite));
    for (const site of bySite) {
      const ref = fixture.perSite[site.site as string];
      relClose(site.rmse, ref.rmse);
      relClose(site.r2, ref.r2);
      relClose(site.lcs, ref.lcs);
      expect(site.n).toBe(ref.n);
      expect(site.masked).toBe(ref.masked);
    }
  });

  test('paired t-test t, df and two-sided p equal scipy.stats.ttest_rel', () => {
    for (const c of fixture.ttests) {
      const res = pairedTTest(toSeries(c.a), toSeries(c.b));
      relClose(res.t, c.t, 1e-9);
      expect(res.df).toBe(c.df);
      relClose(res.meanDiff, c.meanDiff, 1e-9);
      expect(Math.abs(res.p - c.p)).toBeLessThanOrEqual(1e-9 * c.p + 1e-300);
    }
    expect(fixture.ttests.some((c) => c.p > 0.01 && c.p < 0.99)).toBe(true);
  });

  test('percentiles equal numpy.percentile (linear) and summarize reports them', () => {
    for (const c of fixture.percentiles) {
      c.q.forEach((q, i) => relClose(percentile(c.values, q), c.expected[i], 1e-12));
      const s = summarize(c.values);
      relClose(s.p25, c.expected[2], 1e-12);
      relClose(s.median, c.expected[3], 1e-12);
      relClose(s.p75, c.expected[4], 1e-12);
      relClose(s.mean, c.mean, 1e-12);
      expect(s.min).toBe(c.expected[0]);
      expect(s.max).toBe(c.expected[6]);
    }
  });

  test('chi-square quantiles and the Student t CDF equal scipy', () => {
    for (const c of fixture.distributions.chi2ppf) relClose(chiSquareQuantile(c.p, c.dof), c.x, 1e-10);
    for (const c of fixture.distributions.tcdf) relClose(studentTCdf(c.t, c.df), c.cdf, 1e-11);
  });
});

describe('metric identities on seeded random data', () => {
  test('MSE = SB + SDSD + LCS with population SDs', () => {
    const rand = uniform(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(rand() * 500);
      const o = Float64Array.from({ length: n }, () => 10 * rand() - 5);
      const s = Float64Array.from(o, (v) => 0.7 * v + 2 * rand() - 0.5);
      const r = scoreAll(o, s);
      relClose(r.mse, r.sb + r.sdsd + r.lcs, 1e-12);
      relClose(r.rmse * r.rmse, r.mse, 1e-12);
      relClose(r.r2, r.pearson ** 2, 1e-15);
    }
  });

  test('Taylor statistics satisfy the law of cosines and match the scores', () => {
    const rand = uniform(11);
    const o = Float64Array.from({ length: 300 }, () => rand() * 4);
    const s = Float64Array.from(o, (v) => 1.3 * v + rand());
    s[17] = Number.NaN;
    const t = taylorStats(o, s);
    relClose(t.crmsd ** 2, t.sdSimulated ** 2 + t.sdObserved ** 2 - 2 * t.sdSimulated * t.sdObserved * t.correlation, 1e-12);
    relClose(t.correlation, pearson(o, s), 1e-14);
    relClose(t.normalizedSd, t.sdSimulated / t.sdObserved, 1e-15);
    relClose(t.normalizedCrmsd, t.crmsd / t.sdObserved, 1e-15);
    const scores = scoreAll(o, s);
    relClose(t.crmsd ** 2, scores.mse - scores.sb, 1e-12);
    expect(t.masked).toBe(1);
  });

  test('a perfect simulation scores RMSE 0, r 1, NSE 1, t-test of itself is NaN', () => {
    const o = [1, 4, 2, 8, 5];
    const r = scoreAll(o, o);
    expect(r.rmse).toBe(0);
    expect(r.pearson).toBeCloseTo(1, 14);
    expect(r.nse).toBe(1);
    expect(r.lcs).toBeCloseTo(0, 12);
    const t = pairedTTest(o, o);
    expect(t.t).toBeNaN();
    expect(t.p).toBeNaN();
  });
});

describe('degenerate inputs', () => {
  test('constant observations: pearson, r2, nse NaN; lcs, sdsd defined', () => {
    const o = [2, 2, 2, 2];
    const s = [1, 2, 3, 4];
    const r = scoreAll(o, s);
    expect(r.pearson).toBeNaN();
    expect(r.r2).toBeNaN();
    expect(r.nse).toBeNaN();
    expect(r.lcs).toBe(0);
    expect(r.mse).toBeCloseTo(r.sb + r.sdsd + r.lcs, 12);
    expect(taylorStats(o, s).normalizedSd).toBeNaN();
    const why = 'the observations are constant (zero variance)';
    expect(r.undefinedReasons).toEqual({ r2: why, pearson: why, nse: why });
  });

  test('identical predictions are constant whatever the rounding of their mean: r2 NaN and lcs exactly 0, not ~1e-32', () => {
    const observed = Float64Array.from({ length: 270 }, (_, i) => Math.sin(i / 9) * 3);
    const predicted = new Float64Array(270).fill(0.011957127066725392);
    let sum = 0;
    for (const v of predicted) sum += v;
    expect(sum / predicted.length).not.toBe(predicted[0]); // the naive mean is off in the last bits
    const r = scoreAll(observed, predicted);
    expect(r.r2).toBeNaN();
    expect(r.lcs).toBe(0);
    expect(r.sdsd).toBeCloseTo(r.mse - r.sb, 12);
    expect(r.undefinedReasons?.r2).toBe('the predictions are constant (zero variance)');
  });

  test('constant predictions: pearson and r2 NaN, and the reason says so; defined scores carry no reasons', () => {
    const r = scoreAll([1, 2, 3, 4], [2, 2, 2, 2]);
    expect(r.r2).toBeNaN();
    expect(r.nse).toBeCloseTo(1 - 6 / 5, 12);
    expect(r.undefinedReasons).toEqual({ r2: 'the predictions are constant (zero variance)', pearson: 'the predictions are constant (zero variance)' });
    expect(scoreAll([2, 2], [2, 2]).undefinedReasons?.r2).toBe('the predictions and the observations are both constant (zero variance)');
    expect(scoreAll([1, 2, 3], [1, 2, 4])).not.toHaveProperty('undefinedReasons');
    expect(scoreAll([1, 2], [Infinity, 2]).undefinedReasons?.rmse).toBe('an observed or predicted value is infinite');
  });

  test('all-NaN and empty inputs give NaN scores with n = 0, not zeros', () => {
    const r = scoreAll([Number.NaN, 1], [2, Number.NaN]);
    expect(r.n).toBe(0);
    expect(r.masked).toBe(2);
    for (const key of ['rmse', 'mae', 'r2', 'lcs', 'sb', 'sdsd', 'bias', 'nse'] as const) expect(r[key]).toBeNaN();
    expect(r.undefinedReasons?.rmse).toBe('n = 0: each of the 2 pairs has a NaN value');
    expect(Object.keys(r.undefinedReasons ?? {})).toHaveLength(10);
    expect(scoreAll([], []).rmse).toBeNaN();
    expect(scoreAll([], []).undefinedReasons?.mae).toBe('n = 0: there is nothing to score');
    expect(summarize([Number.NaN]).mean).toBeNaN();
    expect(percentile([], 50)).toBeNaN();
  });

  test('n = 1: errors defined, correlation NaN', () => {
    const r = scoreAll([3], [5]);
    expect(r.rmse).toBe(2);
    expect(r.pearson).toBeNaN();
    expect(r.undefinedReasons).toEqual({ r2: 'n = 1: it needs at least 2 pairs', pearson: 'n = 1: it needs at least 2 pairs', nse: 'n = 1: it needs at least 2 pairs' });
  });

  test('paired t-test with fewer than 2 pairs throws; constant non-zero difference gives p = 0', () => {
    expect(() => pairedTTest([1], [2])).toThrow(InsufficientDataError);
    expect(() => pairedTTest([1, Number.NaN], [2, 3])).toThrow(/at least 2/);
    const t = pairedTTest([2, 3, 4], [1, 2, 3]);
    expect(t.t).toBe(Number.POSITIVE_INFINITY);
    expect(t.p).toBe(0);
  });

  test('length mismatches and bad percentiles throw InvalidParameterError', () => {
    expect(() => scoreAll([1, 2], [1])).toThrow(InvalidParameterError);
    expect(() => scoreBySite([1, 2], [1, 2], ['a'])).toThrow(/siteIds/);
    expect(() => percentile([1, 2], 101)).toThrow(InvalidParameterError);
  });
});
