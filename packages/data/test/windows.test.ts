import { tableFromIPC } from 'apache-arrow';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SAMPLE_DATA_DIR,
  Scaler,
  createWindowSource,
  dayNumber,
  fitScaler,
  iterateBatches,
  prepareDirectory,
  toArrowTable,
  trainEndIndex,
  writeArrowIPC,
  type PreparedSite,
  type WindowSiteInput,
} from '../src/index.js';
import { tempDir } from './helpers.js';

const prepared = prepareDirectory(SAMPLE_DATA_DIR);
const sites: PreparedSite[] = prepared.sites.filter((s) => ['US-Whs', 'CZ-wet'].includes(s.siteId));

/** A synthetic site whose values encode their day index, so window contents are known. */
function ramp(siteId: string, n: number, lat: number, lon: number): WindowSiteInput {
  const start = dayNumber(2003, 12, 30);
  return {
    siteId,
    lat,
    lon,
    dates: Int32Array.from({ length: n }, (_, i) => start + i),
    target: Float64Array.from({ length: n }, (_, i) => -i),
    drivers: { A: Float64Array.from({ length: n }, (_, i) => i), B: Float64Array.from({ length: n }, (_, i) => 2 * i) },
  };
}

describe('createWindowSource', () => {
  const a = ramp('AA-One', 20, 10, 20);
  const b = ramp('BB-Two', 15, -5, 30);

  it('splits each site chronologically by target day', () => {
    const train = createWindowSource([a, b], { window: 5, split: 'train' });
    const test = createWindowSource([a, b], { window: 5, split: 'test' });
    const all = createWindowSource([a, b], { window: 5 });
    // a: 16 target days (index 4..19): 12 train, 4 test; b: 11 (index 4..14): 8 train, 3 test
    expect([train.size, test.size, all.size]).toEqual([20, 7, 27]);
    expect(Array.from(train.sampleOffset.subarray(0, 12))).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(Array.from(test.sampleOffset)).toEqual([16, 17, 18, 19, 12, 13, 14]);
    expect(Array.from(test.sampleSite)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(test.sampleDay[0]).toBe(a.dates[16]);
    expect(createWindowSource([a], { window: 5, stride: 3, split: 'train' }).sampleOffset).toEqual(Int32Array.from([4, 7, 10, 13]));
    expect([trainEndIndex(20, 5), trainEndIndex(15, 5)]).toEqual([16, 12]);
    expect(train.featureNames).toEqual(['A', 'B', 'doy_sin', 'doy_cos', 'lat', 'lon']);
  });

  it('batches hold the window ending on the target day, features in documented order', () => {
    const src = createWindowSource([a, b], { window: 5, split: 'test' });
    const batch = src.batch([5, 0]);
    expect([batch.size, batch.window, batch.features, batch.x.length]).toEqual([2, 5, 6, 60]);
    // sample 5 = site b, target index 13: inputs are days 9..13
    for (let d = 0; d < 5; d++) {
      const row = batch.x.subarray(d * 6, d * 6 + 6);
      const day = b.dates[9 + d];
      const year = new Date(day * 864e5).getUTCFullYear();
      const doy0 = day - dayNumber(year, 1, 1);
      const angle = (2 * Math.PI * doy0) / (year === 2004 ? 366 : 365);
      expect(Array.from(row)).toEqual(Array.from(Float32Array.of(9 + d, 2 * (9 + d), Math.sin(angle), Math.cos(angle), -5, 30)));
    }
    expect(Array.from(batch.y)).toEqual([-13, -16]);
    expect(batch.x[60 / 2 + 4 * 6]).toBe(16); // sample 0 (site a, index 16): last day's A
  });

  it('subset selects samples without copying data', () => {
    const src = createWindowSource([a, b], { window: 5 });
    const sub = src.subset([26, 3]);
    expect(sub.size).toBe(2);
    expect(sub.batch([0, 1]).x).toEqual(src.batch([26, 3]).x);
    expect(sub.siteIds).toEqual(['AA-One', 'BB-Two']);
    expect(() => src.batch([27])).toThrow(/sample index 27 out of range/);
  });
});

describe('LazyWindowSource.chunks', () => {
  const a = ramp('AA-One', 20, 10, 20);
  const b = ramp('BB-Two', 15, -5, 30);

  it('holds the window of the first target, then the last day of each further window; y are the run\'s targets', () => {
    const src = createWindowSource([a, b], { window: 5, split: 'train' });
    // train: site a samples 0..11 (index 4..15), site b samples 12..19 (index 4..11)
    const chunk = src.chunks([2, 13], 4);
    expect([chunk.size, chunk.window, chunk.targets, chunk.features, chunk.x.length, chunk.y.length]).toEqual([2, 5, 4, 6, 2 * 8 * 6, 8]);
    // chunk 0: targets at indices 6..9 of site a, inputs of days 2..9; chunk 1: site b, targets 5..8, inputs 1..8
    expect(Array.from(chunk.y)).toEqual([-6, -7, -8, -9, -5, -6, -7, -8]);
    for (let d = 0; d < 8; d++) {
      expect(chunk.x[d * 6]).toBe(2 + d);
      expect(chunk.x[(8 + d) * 6 + 1]).toBe(2 * (1 + d));
      expect(chunk.x[(8 + d) * 6 + 4]).toBe(-5);
    }
  });

  it('equals the concatenation of the per-sample windows\' days, standardised like batch()', () => {
    const scaler = fitScaler(sites);
    const src = createWindowSource(sites, { split: 'train', scaler });
    const targets = 30;
    const firsts = [0, 500, src.size - targets];
    const chunk = src.chunks(firsts, targets);
    const f = src.featureNames.length;
    const steps = src.window + targets - 1;
    firsts.forEach((first, k) => {
      const windows = src.batch(Int32Array.from({ length: targets }, (_, j) => first + j));
      const expected = new Float32Array(steps * f);
      expected.set(windows.x.subarray(0, src.window * f));
      for (let j = 1; j < targets; j++) expected.set(windows.x.subarray(((j + 1) * src.window - 1) * f, (j + 1) * src.window * f), (src.window - 1 + j) * f);
      expect(chunk.x.subarray(k * steps * f, (k + 1) * steps * f)).toEqual(expected);
      expect(chunk.y.subarray(k * targets, (k + 1) * targets)).toEqual(windows.y);
    });
  });

  it('refuses runs that leave the site, skip a day or pass the last sample, naming the samples', () => {
    const src = createWindowSource([a, b], { window: 5, split: 'train' });
    expect(() => src.chunks([10], 3)).toThrow('chunks: samples 10 … 12 are not 3 consecutive days of one site (sample 12 breaks the run)');
    const strided = createWindowSource([a], { window: 5, stride: 2, split: 'train' });
    expect(() => strided.chunks([0], 2)).toThrow(/sample 1 breaks the run/);
    expect(() => src.chunks([18], 3)).toThrow('chunks: samples 18 … 20 do not exist (the source has 20 samples)');
    expect(() => src.chunks([0], 0)).toThrow('targets: must be an integer >= 1, got 0');
    expect(() => src.chunks([-1], 1)).toThrow(/sample index -1 out of range/);
    expect(src.chunks([3], 1).x).toEqual(src.batch([3]).x);
  });
});

describe('fitScaler', () => {
  it('fits on training days only and standardises x and y', () => {
    const src = createWindowSource(sites, { split: 'train' });
    const scaler = fitScaler(src);
    expect(fitScaler(sites).toJSON()).toEqual(scaler.toJSON());
    // by hand: TA_F over each site's days 0 .. last training target
    let s = 0;
    let n = 0;
    for (const site of sites) {
      const targets = site.dates.length - 364;
      const end = 364 + Math.floor(0.8 * targets);
      for (let i = 0; i < end; i++) s += site.drivers.TA_F[i];
      n += end;
    }
    expect(scaler.xMean[0]).toBeCloseTo(s / n, 10);
    const scaled = src.withScaler(scaler);
    const { x, y } = scaled.batch([0, 10, src.size - 1]);
    const raw = src.batch([0, 10, src.size - 1]);
    for (let k = 0; k < x.length; k += 97) {
      const f = k % 7;
      expect(x[k]).toBeCloseTo((raw.x[k] - scaler.xMean[f]) / scaler.xStd[f], 4);
    }
    expect(Array.from(scaler.inverseTarget(y))).toEqual(Array.from(raw.y).map((v) => expect.closeTo(v, 4)));
    expect(scaled.scaler).toEqual(scaler.toJSON());
  });

  it('round-trips through JSON and refuses a mismatched one', () => {
    const scaler = fitScaler(sites);
    const back = Scaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
    expect(back.toJSON()).toEqual(scaler.toJSON());
    const src = createWindowSource(sites, { split: 'test', scaler: scaler.toJSON() });
    expect(src.batch([3]).x).toEqual(createWindowSource(sites, { split: 'test', scaler: back }).batch([3]).x);
    expect(() => createWindowSource(sites, { drivers: ['TA_F'], scaler })).toThrow(/scaler: fitted on features/);
    expect(() => Scaler.fromJSON({ kind: 'minmax' })).toThrow(/not a serialised standard scaler/);
  });

  it('maps a constant feature to 0', () => {
    const one = sites.slice(0, 1);
    const scaler = fitScaler(one);
    expect(scaler.xStd[5]).toBe(1);
    const batch = createWindowSource(one, { split: 'train', scaler }).batch([0]);
    expect(batch.x[5]).toBe(0);
  });
});

describe('iterateBatches', () => {
  it('covers every sample once per epoch, seeded', () => {
    const src = createWindowSource(sites, { split: 'test', window: 30 });
    const seen = (seed: number): number[] => [...iterateBatches(src, { batchSize: 64, shuffle: true, seed })].flatMap((b) => Array.from(b.indices));
    const order = seen(7);
    expect([...order].sort((p, q) => p - q)).toEqual(Array.from({ length: src.size }, (_, i) => i));
    expect(seen(7)).toEqual(order);
    expect(seen(8)).not.toEqual(order);
    const batches = [...iterateBatches(src, { batchSize: 64, dropLast: true })];
    expect(batches.every((b) => b.batch.size === 64)).toBe(true);
    expect(batches.length).toBe(Math.floor(src.size / 64));
    expect(() => iterateBatches(src, { batchSize: 0 }).next()).toThrow(/batchSize/);
  });
});

describe('Arrow export', () => {
  it('round-trips a prepared site through an IPC file', () => {
    const site = sites[0];
    const table = toArrowTable(site);
    expect(table.numRows).toBe(site.dates.length);
    const path = join(tempDir(), 'site.arrow');
    writeArrowIPC(site, path);
    const back = tableFromIPC(readFileSync(path));
    expect(back.schema.fields.map((f) => f.name)).toEqual(['date', 'NEE_VUT_REF', 'TA_F', 'SW_IN_F', 'VPD_F']);
    expect(back.schema.metadata.get('fluxscale.siteId')).toBe(site.siteId);
    expect(back.getChild('NEE_VUT_REF')!.toArray()).toEqual(site.target);
    expect(back.getChild('date')!.get(0)).toBe(site.dates[0] * 86_400_000);
  });
});
