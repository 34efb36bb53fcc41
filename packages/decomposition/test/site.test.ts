import { prepareDirectory, rollingOriginBounds, SAMPLE_DATA_DIR, trainEndIndex } from '@fluxscale/data';
import { decomposeBands, decomposeRecord, decomposeSite, ssaWindowFor } from '../src/index.js';

const site = prepareDirectory(SAMPLE_DATA_DIR).sites.find((s) => s.siteId === 'FR-Gri')!;
const split = { window: 365, trainFraction: 0.8 };
const n = site.target.length;

describe('decomposeSite', () => {
  it('uses one window rule: the configured window (default 1461 d) capped at half the fitted span', () => {
    expect(ssaWindowFor(4000)).toBe(1461);
    expect(ssaWindowFor(2000)).toBe(1000);
    expect(ssaWindowFor(4000, 730)).toBe(730);
    expect(ssaWindowFor(1000, 730)).toBe(500);
  });

  it('full mode: the bands of every variable sum to its series, and the truth is the target\'s bands', () => {
    const bands = decomposeSite(site, { mode: 'full' }, split);
    expect(bands.variables).toEqual([site.targetName, ...Object.keys(site.drivers)]);
    expect(bands.trainLength).toBe(trainEndIndex(n, 365, 0.8));
    for (const v of bands.variables) {
      const s = bands.series[v];
      for (let t = 0; t < n; t += 97) expect(s.seasonal[t] + s.iav[t] + s.trend[t]).toBeCloseTo(s.raw[t], 9);
      expect(bands.decomposition[v]).toMatchObject({ mode: 'full', window: ssaWindowFor(n), extension: null });
    }
    expect(bands.truth.iav).toBe(bands.series[site.targetName].iav);
    expect(Array.from(bands.series[site.targetName].raw)).toEqual(Array.from(site.target));
  });

  it('train-only mode: nothing after the boundary shapes a training band, and the truth is the observed record decomposed whole', () => {
    const bands = decomposeSite(site, { mode: 'train-only' }, split);
    const { trainLength } = bands;
    const changed = { ...site, target: Float64Array.from(site.target, (v, t) => (t >= trainLength ? v + 50 * Math.sin(t) : v)) };
    const other = decomposeSite(changed, { mode: 'train-only' }, split);
    const target = site.targetName;
    // The target's bands (training and forecast) do not see the test part's values at all.
    expect(Array.from(other.series[target].iav)).toEqual(Array.from(bands.series[target].iav));
    expect(Array.from(other.series[target].seasonal.subarray(0, trainLength))).toEqual(Array.from(bands.series[target].seasonal.subarray(0, trainLength)));
    expect(bands.decomposition[target]).toMatchObject({ mode: 'train-only', extension: 'forecast', window: ssaWindowFor(trainLength) });
    expect(bands.decomposition.TA_F).toMatchObject({ mode: 'train-only', extension: 'project' });
    // The truth is the full-record decomposition of the observed target: it does see the test part.
    const whole = decomposeRecord(site.target, {});
    expect(Array.from(bands.truth.iav)).toEqual(Array.from(whole.iav));
    expect(Array.from(other.truth.iav)).not.toEqual(Array.from(bands.truth.iav));
    expect(Array.from(bands.truth.iav)).toEqual(Array.from(decomposeBands(site.target, { window: ssaWindowFor(n) }).iav));
    // …and differs from the forecast on the test part.
    let gap = 0;
    for (let t = trainLength; t < n; t++) gap = Math.max(gap, Math.abs(bands.truth.iav[t] - bands.series[target].iav[t]));
    expect(gap).toBeGreaterThan(0.01);
  });

  it('refuses drivers of another length, naming them', () => {
    expect(() => decomposeSite({ targetName: 'NEE', target: site.target, drivers: { TA_F: site.target.subarray(1) } }, { mode: 'full' }, split)).toThrow(/TA_F.*days/);
  });

  it('train-only mode with a rolling-origin test block: no target value of the block or after it enters any band the models train on', () => {
    for (let block = 0; block < 4; block++) {
      const blockSplit = { ...split, testBlock: { initialTrain: 0.4, folds: 4, block } };
      const bands = decomposeSite(site, { mode: 'train-only' }, blockSplit);
      const { trainLength } = bands;
      expect(trainLength).toBe(rollingOriginBounds(n, 365, 0.4, 4)[block].trainEnd);
      const poison = (v: ArrayLike<number>) => Float64Array.from(v, (x, t) => (t >= trainLength ? x + 40 * Math.cos(t / 3) : x));
      // Drivers are known when predicting (their bands beyond the boundary are projections); the target is not.
      const changed = { ...site, target: poison(site.target) };
      const other = decomposeSite(changed, { mode: 'train-only' }, blockSplit);
      expect(Array.from(other.series[site.targetName].iav)).toEqual(Array.from(bands.series[site.targetName].iav));
      for (const v of bands.variables) {
        for (const band of ['seasonal', 'iav'] as const) {
          expect(Array.from(other.series[v][band].subarray(0, trainLength))).toEqual(Array.from(bands.series[v][band].subarray(0, trainLength)));
        }
      }
    }
  });
});
