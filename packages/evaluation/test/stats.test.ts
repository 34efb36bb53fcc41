import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32, normalDeviates } from '@fluxscale/util';
import { clusterBootstrapMean, clusterMeans, InsufficientDataError, InvalidParameterError, MIN_BOOTSTRAP_RESAMPLES, wilcoxonSignedRank } from '../src/index.js';
import { normalTwoSided } from '../src/metrics/special.js';

interface WilcoxonCase {
  label: string;
  differences: (number | null)[];
  method: 'exact' | 'approx';
  statistic: number;
  p: number;
  z: number;
  scipyAuto: { statistic: number; p: number };
  autoAgrees: boolean;
}

interface Fixture {
  scipy: string;
  clusters: { values: number[]; labels: string[]; order: string[]; means: number[]; counts: number[] };
  bootstrap: { values: number[]; mean: number; resamples: number; level: number; lo: number; hi: number; standardError: number };
  wilcoxon: WilcoxonCase[];
  normalTwoSided: { z: number; p: number }[];
}

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'metrics', 'stats_reference.json'), 'utf8')) as Fixture;
const toSeries = (values: (number | null)[]): Float64Array => Float64Array.from(values, (v) => (v === null ? Number.NaN : v));
const relClose = (actual: number, expected: number, rel: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
};

describe('wilcoxonSignedRank against scipy.stats.wilcoxon', () => {
  test('the fixture was made by the Debian scipy whose behaviour is documented', () => {
    expect(fixture.scipy).toBe('1.10.1');
    expect(fixture.wilcoxon.map((c) => c.method)).toEqual(expect.arrayContaining(['exact', 'approx']));
  });

  test.each(fixture.wilcoxon.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const differences = toSeries(c.differences);
    const result = wilcoxonSignedRank(differences);
    expect(result.method).toBe(c.method);
    expect(result.statistic).toBe(c.statistic);
    relClose(result.p, c.p, 1e-10);
    const finite = differences.filter((d) => !Number.isNaN(d));
    expect(result.masked).toBe(differences.length - finite.length);
    expect(result.zeros).toBe(finite.filter((d) => d === 0).length);
    expect(result.n).toBe(finite.length - result.zeros);
    if (c.method === 'approx') relClose(result.z, c.z, 1e-12);
    else expect(result.z).toBeNaN();
    // scipy 1.10.1's method='auto' agrees everywhere except with ties among ≤ 50 differences (see README).
    if (!c.autoAgrees) {
      expect(c.method).toBe('approx');
      expect(result.n).toBeLessThanOrEqual(50);
    }
  });

  test('the cases cover exact and normal p-values far in the tail and near 1', () => {
    const ps = fixture.wilcoxon.map((c) => c.p);
    expect(Math.min(...ps)).toBeLessThan(1e-20);
    expect(ps.filter((p) => p > 0.5).length).toBeGreaterThan(3);
  });

  test('exact p-value equals a full enumeration of the 2^n sign patterns', () => {
    const magnitudes = [0.31, 1.7, 0.05, 2.4, 0.9, 1.2, 0.66, 3.1, 0.48];
    const n = magnitudes.length;
    const rank = magnitudes.map((m) => magnitudes.filter((o) => o <= m).length);
    const total = (n * (n + 1)) / 2;
    for (const signs of [0b000000000, 0b000010001, 0b101010101, 0b011011000]) {
      const d = magnitudes.map((m, i) => ((signs >> i) & 1 ? -m : m));
      const rPlus = rank.reduce((s, r, i) => s + ((signs >> i) & 1 ? 0 : r), 0);
      const observed = Math.min(rPlus, total - rPlus);
      let asExtreme = 0;
      for (let pattern = 0; pattern < 2 ** n; pattern++) {
        const r = rank.reduce((s, rk, i) => s + ((pattern >> i) & 1 ? rk : 0), 0);
        if (Math.min(r, total - r) <= observed) asExtreme++;
      }
      const result = wilcoxonSignedRank(d);
      expect(result.method).toBe('exact');
      expect(result.statistic).toBe(observed);
      // Two-sided = twice the smaller tail = share of patterns at least as far from the centre (symmetric null).
      relClose(result.p, Math.min(1, asExtreme / 2 ** n), 1e-14);
    }
  });

  test('no usable difference throws InsufficientDataError', () => {
    expect(() => wilcoxonSignedRank([0, 0, Number.NaN])).toThrow(InsufficientDataError);
    expect(() => wilcoxonSignedRank([])).toThrow(/differences: a Wilcoxon signed-rank test/);
  });
});

describe('normalTwoSided', () => {
  test('equals 2·scipy.stats.norm.sf(|z|), also far in the tail', () => {
    for (const c of fixture.normalTwoSided) relClose(normalTwoSided(c.z), c.p, 1e-12);
    expect(normalTwoSided(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normalTwoSided(Number.NaN)).toBeNaN();
  });
});

describe('clusterMeans', () => {
  test('per-site means of real site-year NEE equal numpy, in order of first appearance', () => {
    const c = fixture.clusters;
    const result = clusterMeans(c.values, c.labels);
    expect(result.clusters).toEqual(c.order);
    expect(Array.from(result.counts)).toEqual(c.counts);
    result.means.forEach((m, i) => relClose(m, c.means[i], 1e-14));
  });

  test('NaN values are left out of their cluster; an all-NaN cluster has a NaN mean', () => {
    const result = clusterMeans([1, Number.NaN, 3, Number.NaN, 5], ['a', 'a', 'b', 'c', 'b']);
    expect(result.clusters).toEqual(['a', 'b', 'c']);
    expect(Array.from(result.means)).toEqual([1, 4, Number.NaN]);
    expect(Array.from(result.counts)).toEqual([1, 2, 0]);
    expect(() => clusterMeans([1, 2], ['a'])).toThrow(/clusters: length 1 differs from values length 2/);
  });
});

describe('clusterBootstrapMean', () => {
  test('constant values give a degenerate interval at the value', () => {
    const r = clusterBootstrapMean([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(r.mean).toBeCloseTo(0.1, 15);
    expect(r.lo).toBe(r.mean);
    expect(r.hi).toBe(r.mean);
    expect(r.standardError).toBe(0);
  });

  test('two clusters: the bootstrap mean is a, (a + b)/2 or b with probabilities 1/4, 1/2, 1/4', () => {
    const [a, b] = [-0.2, 0.5];
    // Quantiles 0.3 and 0.7 fall in the middle atom; 0.2 and 0.8 in the outer ones.
    const inner = clusterBootstrapMean([a, b], { level: 0.4 });
    expect(inner.lo).toBeCloseTo((a + b) / 2, 15);
    expect(inner.hi).toBeCloseTo((a + b) / 2, 15);
    const outer = clusterBootstrapMean([a, b], { level: 0.6 });
    expect(outer.lo).toBeCloseTo(a, 15);
    expect(outer.hi).toBeCloseTo(b, 15);
    // Bootstrap SD of the mean = population SD/√n = |b − a|/2/√2.
    relClose(outer.standardError, Math.abs(b - a) / 2 / Math.SQRT2, 0.02);
  });

  test('real per-site NEE changes: agrees with scipy.stats.bootstrap (percentile) within Monte Carlo error', () => {
    const ref = fixture.bootstrap;
    const r = clusterBootstrapMean(ref.values, { resamples: ref.resamples, level: ref.level, seed: 7 });
    relClose(r.mean, ref.mean, 1e-14);
    expect(r.n).toBe(ref.values.length);
    // One 2.5 % quantile from 10⁵ resamples has a Monte Carlo SD of about 0.01 SE; allow 0.05 SE.
    expect(Math.abs(r.lo - ref.lo)).toBeLessThan(0.05 * ref.standardError);
    expect(Math.abs(r.hi - ref.hi)).toBeLessThan(0.05 * ref.standardError);
    relClose(r.standardError, ref.standardError, 0.01);
    // And with the population SD/√n, which the bootstrap SD estimates.
    const m = ref.mean;
    const populationSd = Math.sqrt(ref.values.reduce((s, v) => s + (v - m) ** 2, 0) / ref.values.length);
    relClose(r.standardError, populationSd / Math.sqrt(ref.values.length), 0.01);
  });

  test('the 95 % interval covers the true mean of normal clusters in 90–99 % of 200 replicates', () => {
    const normal = normalDeviates(mulberry32(2025));
    const [trueMean, sd, n, replicates] = [0.7, 1.3, 30, 200];
    let covered = 0;
    let width = 0;
    for (let k = 0; k < replicates; k++) {
      const values = Float64Array.from({ length: n }, () => trueMean + sd * normal());
      const r = clusterBootstrapMean(values, { resamples: MIN_BOOTSTRAP_RESAMPLES, seed: k });
      if (r.lo <= trueMean && trueMean <= r.hi) covered++;
      width += (r.hi - r.lo) / replicates;
    }
    expect(covered / replicates).toBeGreaterThanOrEqual(0.9);
    expect(covered / replicates).toBeLessThanOrEqual(0.99);
    // Width ≈ 2 · 1.96 · σ/√n (slightly less: the bootstrap uses the population SD).
    relClose(width, (2 * 1.96 * sd) / Math.sqrt(n), 0.1);
  });

  test('deterministic for a seed, different for another; NaN clusters are dropped and counted', () => {
    const values = fixture.bootstrap.values;
    const first = clusterBootstrapMean(values, { seed: 42, resamples: 3000, level: 0.9 });
    expect(clusterBootstrapMean(Float64Array.from(values), { seed: 42, resamples: 3000, level: 0.9 })).toEqual(first);
    expect(first).toMatchObject({ seed: 42, resamples: 3000, level: 0.9, n: values.length, masked: 0 });
    const other = clusterBootstrapMean(values, { seed: 43, resamples: 3000, level: 0.9 });
    expect(other.lo).not.toBe(first.lo);
    const withNaN = clusterBootstrapMean([...values, Number.NaN], { seed: 42, resamples: 3000, level: 0.9 });
    expect(withNaN).toEqual({ ...first, masked: 1 });
    expect(clusterBootstrapMean(values)).toMatchObject({ resamples: 10000, level: 0.95, seed: 1 });
  });

  test('rejects too few clusters, infinite values and bad options, naming the parameter', () => {
    expect(() => clusterBootstrapMean([1, Number.NaN])).toThrow(InsufficientDataError);
    expect(() => clusterBootstrapMean([1, Number.POSITIVE_INFINITY, 2])).toThrow(/values: value at index 1 is infinite/);
    expect(() => clusterBootstrapMean([1, 2], { resamples: 500 })).toThrow(/resamples: must be an integer ≥ 2000/);
    expect(() => clusterBootstrapMean([1, 2], { level: 95 })).toThrow(InvalidParameterError);
    expect(() => clusterBootstrapMean([1, 2], { seed: 1.5 })).toThrow(/seed/);
  });
});
