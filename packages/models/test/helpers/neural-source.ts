/**
 * In-memory WindowSources for the neural-model tests: daily series per site, windowed on request
 * exactly as the WindowSource contract says (sample = target day t, window = days t-window+1 … t).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChunkBatch, WindowBatch, WindowSource } from '@fluxscale/data';
import { pearsonR } from '@fluxscale/util';
import { chunksOfWindows } from './chunks.js';

/** Daily series of one site. */
export interface SiteSeries {
  readonly id: string;
  /** Days since 1970-01-01 of the first value. */
  readonly firstDay: number;
  /** One series per feature, all of the same length. */
  readonly drivers: readonly Float32Array[];
  /** Target per day; days before the first full window are not samples. */
  readonly target: Float32Array;
}

interface Sample {
  readonly site: number;
  /** Index of the target day in the site's series. */
  readonly t: number;
}

function makeSource(sites: readonly SiteSeries[], featureNames: readonly string[], window: number, samples: readonly Sample[]): WindowSource {
  const features = featureNames.length;
  return {
    size: samples.length,
    window,
    featureNames,
    siteIds: sites.map((s) => s.id),
    sampleSite: Int32Array.from(samples, (s) => s.site),
    sampleDay: Int32Array.from(samples, (s) => sites[s.site].firstDay + s.t),
    scaler: { kind: 'test', note: 'in-memory helper source' },
    batch(indices: ArrayLike<number>): WindowBatch {
      const size = indices.length;
      const x = new Float32Array(size * window * features);
      const y = new Float32Array(size);
      for (let b = 0; b < size; b++) {
        const { site, t } = samples[indices[b]];
        const { drivers, target } = sites[site];
        for (let w = 0; w < window; w++) {
          const day = t - window + 1 + w;
          for (let f = 0; f < features; f++) x[(b * window + w) * features + f] = drivers[f][day];
        }
        y[b] = target[t];
      }
      return { x, y, size, window, features };
    },
    subset(indices: ArrayLike<number>): WindowSource {
      return makeSource(sites, featureNames, window, Array.from(indices, (i) => samples[i]));
    },
    chunks(firstSamples: ArrayLike<number>, targets: number): ChunkBatch {
      return chunksOfWindows(this, firstSamples, targets);
    },
  };
}

/** A source with one sample per day that has a full window (all sites, in site then day order). */
export function seriesSource(sites: readonly SiteSeries[], featureNames: readonly string[], window: number): WindowSource {
  const samples: Sample[] = [];
  sites.forEach((s, site) => {
    for (let t = window - 1; t < s.target.length; t++) samples.push({ site, t });
  });
  return makeSource(sites, featureNames, window, samples);
}

/** Samples whose target day is before (`before`) or on/after the split day, as two sources. */
export function splitByDay(source: WindowSource, splitDay: number): { train: WindowSource; test: WindowSource } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < source.size; i++) (source.sampleDay[i] < splitDay ? train : test).push(i);
  return { train: source.subset(train), test: source.subset(test) };
}

/** The real DE-Hai driver series of test/fixtures/neural-de-hai.json (FLUXNET2015, CC-BY-4.0). */
export function deHaiDrivers(): { firstDay: number; TA_F: Float32Array; SW_IN_F: Float32Array } {
  const file = path.join(__dirname, '..', 'fixtures', 'neural-de-hai.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { firstDay: string; series: { TA_F: number[]; SW_IN_F: number[] } };
  return {
    firstDay: Math.round(Date.parse(`${doc.firstDay}T00:00:00Z`) / 86400000),
    TA_F: Float32Array.from(doc.series.TA_F),
    SW_IN_F: Float32Array.from(doc.series.SW_IN_F),
  };
}

/**
 * Two sites of real standardised DE-Hai drivers (TA_F, SW_IN_F; one 200 days, one 150) with a
 * simple lagged target: the mean of the temperature 3 days before and today's radiation.
 */
export function laggedTwoSiteSource(window: number): WindowSource {
  const d = deHaiDrivers();
  const ta = standardise(d.TA_F);
  const sw = standardise(d.SW_IN_F);
  const site = (offset: number, days: number) => {
    const drivers = [ta.slice(offset, offset + days), sw.slice(offset, offset + days)];
    const target = drivers[0].map((_, t) => (t < 3 ? 0 : (drivers[0][t - 3] + drivers[1][t]) / 2));
    return { id: `S${offset}`, firstDay: d.firstDay + offset, drivers, target };
  };
  return seriesSource([site(0, 200), site(400, 150)], ['TA_F', 'SW_IN_F'], window);
}

/**
 * Departure of a daily series from its mean seasonal cycle (the mean of the same day of year over
 * all years, day of year counted in 365.25-day years from the first value).
 */
export function anomaly(values: Float32Array): Float32Array {
  const sum = new Float64Array(366);
  const count = new Float64Array(366);
  const doy = (t: number) => Math.floor(t % 365.25);
  values.forEach((v, t) => {
    sum[doy(t)] += v;
    count[doy(t)] += 1;
  });
  return values.map((v, t) => v - sum[doy(t)] / count[doy(t)]);
}

/** (x − mean) / sd of a series. */
export function standardise(values: Float32Array): Float32Array {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  const sd = Math.sqrt(sq / values.length) || 1;
  return values.map((v) => (v - mean) / sd);
}

/** Targets of every sample of `source`, in order. */
export function targetsOf(source: WindowSource): Float32Array {
  return source.batch(Int32Array.from({ length: source.size }, (_, i) => i)).y;
}

/** Squared Pearson correlation of `a` and `b` (R² as the paper scores it). */
export const rSquared = (a: ArrayLike<number>, b: ArrayLike<number>): number => pearsonR(a, b) ** 2;
