import { resolve } from 'node:path';
import { prepareDirectory, rollingOriginBounds, SAMPLE_DATA_DIR, type PreparedSite } from '@fluxscale/data';
import { BANDS, decomposeOutOfSample, decomposeRecord, decomposeSite, DecompositionError } from '../src/index.js';

/** The repository's 110-site daily set (in the repository only, not in any package). */
const DAILY = resolve(__dirname, '..', '..', '..', 'data', 'fluxnet2015-daily');
const split = { window: 365, trainFraction: 0.8 };

/** Every day after the initial training part of a 4-block rolling-origin evaluation, as indices. */
function testDays(site: PreparedSite): Int32Array {
  const blocks = rollingOriginBounds(site.target.length, split.window, 0.4, 4, site.siteId);
  return Int32Array.from({ length: site.target.length - blocks[0].trainEnd }, (_, i) => blocks[0].trainEnd + i);
}

/** The oracle: a prediction equal to the observations gives back the truth bands of `modes` exactly (the target alone is decomposed). */
function expectOracle(sites: readonly PreparedSite[], modes: ReadonlyArray<'full' | 'train-only'>): void {
  for (const site of sites) {
    const days = testDays(site);
    const bands = decomposeOutOfSample(site.target, days, Float64Array.from(days, (d) => site.target[d]), {});
    for (const mode of modes) {
      const truth = decomposeSite({ ...site, drivers: {} }, { mode }, split).truth;
      for (const band of BANDS) expect(bands[band]).toEqual(truth[band]);
    }
  }
}

describe('decomposeOutOfSample', () => {
  it('gives back the truth bands exactly for a prediction equal to the observations: the bundled sample', () => {
    expectOracle(prepareDirectory(SAMPLE_DATA_DIR).sites, ['full', 'train-only']);
  });

  it('gives back the truth bands exactly for a prediction equal to the observations: the 110 sites', () => {
    const { sites } = prepareDirectory(DAILY, { drivers: ['TA_F'] });
    expect(sites.length).toBeGreaterThanOrEqual(109);
    // The truth is the same in both modes (the sample shows it); the full mode's is checked here.
    expectOracle(sites, ['full']);
  }, 120_000);

  it('gives no credit for the training days: a model that fits them but predicts the test days wrongly scores as if it had not fitted them', () => {
    const site = prepareDirectory(SAMPLE_DATA_DIR).sites.find((s) => s.siteId === 'FR-Gri')!;
    const days = testDays(site);
    const flat = Float64Array.from(days, () => 0);
    // Whatever a model predicts on the training days, the bands see the observations there: two models
    // that differ only on the training days get the same test-day bands (decomposing their whole-record
    // predictions would not).
    const exact = Float64Array.from(site.target);
    const off = Float64Array.from(site.target, (v, i) => (i < days[0] ? v + 3 * Math.sin(i / 400) : v));
    days.forEach((d) => (exact[d] = off[d] = 0));
    const oos = decomposeOutOfSample(site.target, days, flat, {});
    expect(Array.from(oos.iav)).toEqual(Array.from(decomposeRecord(exact, {}).iav));
    expect(Array.from(decomposeRecord(off, {}).iav.subarray(days[0]))).not.toEqual(Array.from(oos.iav.subarray(days[0])));
  });

  it('names a day outside the record or a length mismatch', () => {
    const observed = Float64Array.from({ length: 3000 }, (_, i) => Math.sin(i / 58));
    expect(() => decomposeOutOfSample(observed, [3000], [1], {})).toThrow(DecompositionError);
    expect(() => decomposeOutOfSample(observed, [1, 2], [1], {})).toThrow(/predicted: has 1 values for 2 days/);
  });
});
