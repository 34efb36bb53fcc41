import {
  MIN_INITIAL_TRAIN_DAYS,
  SAMPLE_DATA_DIR,
  createWindowSource,
  fitScaler,
  prepareDirectory,
  rollingOriginBounds,
  siteFolds,
  splitBounds,
  trainEndIndex,
  type PreparedSite,
} from '../src/index.js';
import { thrown } from './helpers.js';

const prepared = prepareDirectory(SAMPLE_DATA_DIR);
const sites: PreparedSite[] = prepared.sites;
const WINDOW = 365;

describe('rolling-origin splits', () => {
  it('cover every target day after the initial training part exactly once, in consecutive blocks', () => {
    for (const site of sites) {
      const n = site.dates.length;
      const blocks = rollingOriginBounds(n, WINDOW, 0.4, 4, site.siteId);
      const targetDays = n - WINDOW + 1;
      const initial = blocks[0].trainEnd - (WINDOW - 1);
      expect(initial).toBe(Math.max(Math.floor(0.4 * targetDays), MIN_INITIAL_TRAIN_DAYS));
      blocks.forEach((b, k) => {
        expect(b.trainStart).toBe(WINDOW - 1);
        expect(b.testEnd).toBeGreaterThan(b.trainEnd);
        if (k > 0) expect(b.trainEnd).toBe(blocks[k - 1].testEnd);
      });
      expect(blocks[3].testEnd).toBe(n);
      // Block sizes differ by at most one day.
      const sizes = blocks.map((b) => b.testEnd - b.trainEnd);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('keeps at least two years in the initial training part of a short record', () => {
    // 5 years: 40 % of the target days is under two years, so two years are taken.
    const n = 5 * 365;
    const [first] = rollingOriginBounds(n, WINDOW, 0.4, 4);
    expect(first.trainEnd - (WINDOW - 1)).toBe(MIN_INITIAL_TRAIN_DAYS);
    expect(thrown(() => rollingOriginBounds(WINDOW + MIN_INITIAL_TRAIN_DAYS + 2, WINDOW, 0.4, 4, 'XX-Sht')).message).toMatch(/XX-Sht.*fewer than 4 test blocks/);
  });

  it('serves a block through createWindowSource: training days before it, test days in it, no test day in the scaler', () => {
    const site = sites[0];
    const input = { siteId: site.siteId, lat: site.lat, lon: site.lon, dates: site.dates, target: site.target, drivers: { TA_F: site.drivers.TA_F } };
    const served = new Set<number>();
    for (let block = 0; block < 4; block++) {
      const testBlock = { initialTrain: 0.4, folds: 4, block };
      const bounds = splitBounds(site.dates.length, { window: WINDOW, trainFraction: 0.8, testBlock });
      const train = createWindowSource([input], { window: WINDOW, split: 'train', testBlock });
      const test = createWindowSource([input], { window: WINDOW, split: 'test', testBlock });
      expect(Math.max(...train.sampleOffset)).toBe(bounds.trainEnd - 1);
      expect(Math.min(...test.sampleOffset)).toBe(bounds.trainEnd);
      expect(Math.max(...test.sampleOffset)).toBe(bounds.testEnd - 1);
      for (const t of test.sampleOffset) {
        expect(served.has(t)).toBe(false);
        served.add(t);
      }
      // The scaler sees the training days only: changing every test-block day leaves it unchanged.
      const poisoned = Float64Array.from(input.target, (v, i) => (i >= bounds.trainEnd ? v + 1e6 : v));
      const scaler = fitScaler([input], { window: WINDOW, testBlock });
      expect(fitScaler([{ ...input, target: poisoned }], { window: WINDOW, testBlock }).toJSON()).toEqual(scaler.toJSON());
    }
    const first = rollingOriginBounds(site.dates.length, WINDOW, 0.4, 4)[0].trainEnd;
    expect(served.size).toBe(site.dates.length - first);
  });

  it('chronological bounds are the training fraction of the target days', () => {
    expect(splitBounds(4000, { window: WINDOW, trainFraction: 0.8 })).toEqual({ trainStart: WINDOW - 1, trainEnd: trainEndIndex(4000, WINDOW, 0.8), testEnd: 4000 });
    expect(thrown(() => splitBounds(4000, { window: WINDOW, trainFraction: 0.8, testBlock: { initialTrain: 0.4, folds: 4, block: 4 } })).message).toMatch(/block/);
    expect(thrown(() => splitBounds(4000, { window: WINDOW, trainFraction: 0.8, testBlock: { initialTrain: 1.2, folds: 4, block: 0 } })).message).toMatch(/initialTrain/);
  });
});

describe('leave-site-out folds', () => {
  const foldSites = sites.map((s) => ({ site: s.siteId, group: s.group }));

  it('put every site in exactly one fold, each ecosystem group spread over the folds', () => {
    const folds = siteFolds(foldSites, 5, 42);
    expect([...folds.keys()].sort()).toEqual(foldSites.map((s) => s.site).sort());
    for (const fold of folds.values()) expect(fold >= 0 && fold < 5 && Number.isInteger(fold)).toBe(true);
    for (const group of new Set(foldSites.map((s) => s.group))) {
      const inGroup = foldSites.filter((s) => s.group === group).map((s) => folds.get(s.site)!);
      // Fewer sites than folds: one site per fold (leave-one-site-out); else as even as dealing allows.
      const counts = [...new Set(inGroup)].map((f) => inGroup.filter((x) => x === f).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      expect(new Set(inGroup).size).toBe(Math.min(inGroup.length, 5));
    }
    // Dealt on across groups: the 12 sample sites fill 5 folds with 2 or 3 each.
    const sizes = [0, 1, 2, 3, 4].map((f) => [...folds.values()].filter((x) => x === f).length);
    expect(sizes.sort()).toEqual([2, 2, 2, 3, 3]);
  });

  it('are the same for a seed and change with the seed', () => {
    const a = siteFolds(foldSites, 5, 42);
    expect(siteFolds([...foldSites].reverse(), 5, 42)).toEqual(a);
    const others = [1, 2, 3].map((seed) => siteFolds(foldSites, 5, seed));
    expect(others.some((o) => [...o].some(([site, fold]) => a.get(site) !== fold))).toBe(true);
  });

  it('refuse fewer than two folds and a site listed twice, naming the parameter', () => {
    expect(thrown(() => siteFolds(foldSites, 1, 42)).message).toMatch(/folds.*>= 2/);
    expect(thrown(() => siteFolds([...foldSites, foldSites[0]], 5, 42)).message).toMatch(/sites.*twice/);
  });
});
