/**
 * Test helper: a WindowSource over the committed real FLUXNET2015 series fixture
 * (test/fixtures/baselines/series.json, made by scripts/baselines_reference.py). One sample per day
 * whose full window lies inside the site's series; no scaling (scaler null).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChunkBatch, WindowBatch, WindowSource } from '@fluxscale/data';
import { chunksOfWindows } from './chunks.js';

/** The series fixture as committed. */
export interface SeriesFixture {
  readonly featureNames: string[];
  readonly target: string;
  readonly sites: { id: string; igbp: string; firstDay: number; features: Record<string, number[]>; target: number[] }[];
}

/** Reference values made by scikit-learn for the same windows (test/fixtures/baselines/reference.json). */
export interface BaselineReference {
  readonly window: number;
  readonly names: string[];
  readonly samples: number;
  readonly rows: Record<string, number[]>;
  readonly lasso: { alpha: number; coef: number[]; intercept: number }[];
  readonly trainFraction: number;
  readonly svr: { params: { C: number; epsilon: number; gamma: number }; r2: number };
  readonly rf: { params: { n_estimators: number; max_features: number; min_samples_leaf: number }; r2: number };
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'baselines');

/** Reads the series fixture. */
export function readSeriesFixture(): SeriesFixture {
  return JSON.parse(readFileSync(join(FIXTURES, 'series.json'), 'utf8')) as SeriesFixture;
}

/** Reads the scikit-learn reference values. */
export function readBaselineReference(): BaselineReference {
  return JSON.parse(readFileSync(join(FIXTURES, 'reference.json'), 'utf8')) as BaselineReference;
}

interface SiteData {
  readonly x: Float32Array; // [days, features]
  readonly y: Float32Array;
  readonly firstDay: number;
}

/** A WindowSource over `series` with windows of `window` days (samples ordered by site, then day). */
export function seriesSource(series: SeriesFixture, window: number): WindowSource {
  const features = series.featureNames.length;
  const sites: SiteData[] = series.sites.map((site) => {
    const days = site.target.length;
    const x = new Float32Array(days * features);
    series.featureNames.forEach((name, f) => site.features[name].forEach((v, d) => (x[d * features + f] = v)));
    return { x, y: Float32Array.from(site.target), firstDay: site.firstDay };
  });
  const siteOf: number[] = [];
  const dayOf: number[] = [];
  sites.forEach((site, s) => {
    for (let t = window - 1; t < site.y.length; t++) {
      siteOf.push(s);
      dayOf.push(t);
    }
  });
  return makeSource(sites, series.featureNames, series.sites.map((s) => s.id), window, Int32Array.from(siteOf), Int32Array.from(dayOf));
}

function makeSource(sites: SiteData[], featureNames: string[], siteIds: string[], window: number, siteOf: Int32Array, dayOf: Int32Array): WindowSource {
  const features = featureNames.length;
  return {
    size: siteOf.length,
    window,
    featureNames,
    siteIds,
    scaler: null,
    sampleSite: siteOf,
    sampleDay: dayOf.map((t, i) => sites[siteOf[i]].firstDay + t),
    batch(indices: ArrayLike<number>): WindowBatch {
      const size = indices.length;
      const x = new Float32Array(size * window * features);
      const y = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        const k = indices[i];
        if (!(k >= 0 && k < siteOf.length)) throw new RangeError(`sample index ${k} out of range`);
        const site = sites[siteOf[k]];
        const t = dayOf[k];
        x.set(site.x.subarray((t - window + 1) * features, (t + 1) * features), i * window * features);
        y[i] = site.y[t];
      }
      return { x, y, size, window, features };
    },
    subset(indices: ArrayLike<number>): WindowSource {
      const pick = (a: Int32Array): Int32Array => Int32Array.from(indices, (k) => a[k]);
      return makeSource(sites, featureNames, siteIds, window, pick(siteOf), pick(dayOf));
    },
    chunks(firstSamples: ArrayLike<number>, targets: number): ChunkBatch {
      return chunksOfWindows(this, firstSamples, targets);
    },
  };
}

/** Indices of the first `fraction` of each site's samples (train) and the rest (test), chronological. */
export function chronologicalSplit(source: WindowSource, fraction: number): { train: Int32Array; test: Int32Array } {
  const train: number[] = [];
  const test: number[] = [];
  source.siteIds.forEach((_, s) => {
    const idx: number[] = [];
    for (let i = 0; i < source.size; i++) if (source.sampleSite[i] === s) idx.push(i);
    const cut = Math.floor(idx.length * fraction);
    train.push(...idx.slice(0, cut));
    test.push(...idx.slice(cut));
  });
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/** Coefficient of determination 1 − SSE/SST (scikit-learn's r2_score). */
export function rSquared(predicted: ArrayLike<number>, target: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < target.length; i++) mean += target[i];
  mean /= target.length;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < target.length; i++) {
    sse += (target[i] - predicted[i]) ** 2;
    sst += (target[i] - mean) ** 2;
  }
  return 1 - sse / sst;
}

/** The targets of a source, in sample order. */
export function targets(source: WindowSource): Float32Array {
  return source.batch(Int32Array.from({ length: source.size }, (_, i) => i)).y;
}
