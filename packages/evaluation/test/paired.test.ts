import { clusterBootstrapMean, InvalidParameterError, pairedComparison, siteMean, siteMeanInterval, verdictOf, type PairedRows } from '../src/index.js';

const bootstrap = { resamples: 2000, level: 0.95, seed: 1 };
const SITES = ['a', 'b', 'c', 'd', 'e', 'f'];

/**
 * Synthetic rows with a known answer: six sites, one row per site and replicate; the treatment is the
 * reference plus `difference(site index, replicate)`.
 */
function rows(difference: (k: number, replicate: number) => number, replicates = [0, 1]): PairedRows {
  const keys = SITES.flatMap((site, k) => replicates.map((replicate) => ({ site, k, replicate })));
  const reference = keys.map(({ k }) => 0.3 + 0.01 * k);
  return {
    treatment: keys.map(({ k, replicate }, i) => reference[i] + difference(k, replicate)),
    reference,
    sites: keys.map((r) => r.site),
    replicates: keys.map((r) => r.replicate),
  };
}

describe('verdictOf', () => {
  test('helps / hurts / no evidence follow the interval and the metric direction', () => {
    expect(verdictOf('r', 0.01, 0.2)).toBe('helps');
    expect(verdictOf('msess', -0.2, -0.01)).toBe('hurts');
    expect(verdictOf('rmse', -0.2, -0.01)).toBe('helps');
    expect(verdictOf('rmse', 0.01, 0.2)).toBe('hurts');
    expect(verdictOf('mae', -0.1, 0.1)).toBe('no evidence');
    expect(verdictOf('r', null, null)).toBe('no evidence');
  });
});

describe('pairedComparison', () => {
  test('differences all positive: helps where higher is better, hurts where lower is', () => {
    const positive = rows((k) => 0.1 * (k + 1));
    expect(pairedComparison(positive, { metric: 'r2', bootstrap }).verdict).toBe('helps');
    expect(pairedComparison(positive, { metric: 'rmse', bootstrap }).verdict).toBe('hurts');
    const negative = rows((k) => -0.1 * (k + 1));
    expect(pairedComparison(negative, { metric: 'mae', bootstrap }).verdict).toBe('helps');
  });

  test('seeds are averaged within a site: two replicates of a site count as one site', () => {
    // Replicate 1 is replicate 0 + 0.2: site means 0.2 … 0.7, replicate means 0.35 and 0.55.
    const result = pairedComparison(
      rows((k, replicate) => 0.1 * (k + 1) + 0.2 * replicate),
      { metric: 'r', bootstrap },
    );
    const siteMeans = Float64Array.from(SITES, (_, k) => 0.1 * (k + 1) + 0.1);
    const interval = clusterBootstrapMean(siteMeans, bootstrap);
    expect([result.sites, result.replicates]).toEqual([6, 2]);
    expect(result.mean).toBeCloseTo(0.45, 12);
    expect(result.lo).toBeCloseTo(interval.lo, 12);
    expect(result.hi).toBeCloseTo(interval.hi, 12);
    expect(result.seedSpread).toBeCloseTo(0.2 / Math.SQRT2, 12);
    // (z 0.975 + z 0.8) · SD of 0.2 … 0.7 (√0.035) / √6
    expect(result.detectable).toBeCloseTo(((1.959964 + 0.841621) * Math.sqrt(0.035)) / Math.sqrt(6), 12);
    expect(result.levels.reference).toBeCloseTo(0.325, 12);
    expect(result.levels.treatment).toBeCloseTo(0.325 + 0.45, 12);
    // The same site means given as one replicate each: the same interval and test.
    const once = pairedComparison(
      rows((k) => 0.1 * (k + 1) + 0.1, [0]),
      { metric: 'r', bootstrap },
    );
    expect([once.sites, once.replicates, once.seedSpread]).toEqual([6, 1, null]);
    expect(once.lo).toBeCloseTo(result.lo!, 12);
    expect(once.wilcoxon).toEqual(result.wilcoxon);
  });

  test('the Wilcoxon test of six site means matches scipy', () => {
    // Reference: /usr/bin/python3 -c 'from scipy.stats import wilcoxon; print(wilcoxon([0.12, -0.05, 0.31, 0.08, 0.22, -0.14]))'
    // with scipy 1.10.1 gives WilcoxonResult(statistic=5.0, pvalue=0.3125).
    const means = [0.12, -0.05, 0.31, 0.08, 0.22, -0.14];
    const result = pairedComparison(
      rows((k) => means[k], [0]),
      { metric: 'nse', bootstrap },
    );
    expect(result.wilcoxon).toEqual({ statistic: 5, p: expect.closeTo(0.3125, 12), n: 6, method: 'exact' });
    expect(result.verdict).toBe('no evidence');
  });

  test('deterministic for a bootstrap seed', () => {
    const input = rows((k, replicate) => Math.sin(k + replicate) / 10);
    const [first, again] = [pairedComparison(input, { metric: 'r', bootstrap }), pairedComparison(input, { metric: 'r', bootstrap })];
    expect(again).toEqual(first);
    const other = pairedComparison(input, { metric: 'r', bootstrap: { ...bootstrap, seed: 2 } });
    expect([other.lo, other.hi]).not.toEqual([first.lo, first.hi]);
    expect(other.mean).toBe(first.mean);
  });

  test('one site: no interval and no evidence; mismatched columns and a metric without a direction are rejected', () => {
    const one: PairedRows = { treatment: [0.5, 0.7], reference: [0.1, 0.1], sites: ['a', 'a'], replicates: [0, 1] };
    expect(pairedComparison(one, { metric: 'r', bootstrap })).toMatchObject({ sites: 1, mean: expect.closeTo(0.5, 12), lo: null, hi: null, detectable: null, verdict: 'no evidence' });
    expect(() => pairedComparison({ ...one, sites: ['a'] }, { metric: 'r', bootstrap })).toThrow(/sites: length 1 differs from treatment length 2/);
    expect(() => pairedComparison(one, { metric: 'bias' as 'r', bootstrap })).toThrow(InvalidParameterError);
  });
});

describe('siteMean and siteMeanInterval', () => {
  test('a site’s rows are averaged before the mean over sites', () => {
    // Site a has 3 rows (mean 1), site b one (3): the site mean is 2, the row mean would be 1.5.
    const values = [0, 1, 2, 3];
    const sites = ['a', 'a', 'a', 'b'];
    expect(siteMean(values, sites)).toBe(2);
    const interval = siteMeanInterval(values, sites, bootstrap);
    expect(interval.mean).toBe(2);
    expect(interval.lo!).toBeGreaterThanOrEqual(1);
    expect(interval.hi!).toBeLessThanOrEqual(3);
    expect(siteMeanInterval([4, 5], ['a', 'a'], bootstrap)).toEqual({ mean: 4.5, lo: null, hi: null });
  });
});
