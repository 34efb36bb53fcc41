/**
 * What a model's out-of-sample predictions are scored as, the same way for every model:
 *
 * - Test predictions of a task joined over the test blocks of a rolling-origin evaluation (one block
 *   with the chronological split): one out-of-sample series per site.
 * - The unguided model's bands: per site, the observed target with its test days replaced by the
 *   prediction, decomposed by SSA over the whole record with the very rule of the truth bands
 *   (`decomposeOutOfSample`: same window and rank), read off on the test days. The training days carry
 *   the observations, not the model's fit to them, so a model gets no credit for fitting its training
 *   days; a prediction equal to the observations gives back the truth bands exactly.
 * - The no-skill baseline: on each test day, the mean observed target on that calendar day over the
 *   days before its test block (the training days' day-of-year climatology), through the same path.
 *   Under leave-site-out a held-out site has no training days: its baseline is the mean over its
 *   fold's training sites of their whole-record day-of-year climatologies.
 * - Under leave-site-out every target day of a held-out site is a test day; only the first window − 1
 *   days (no full input window behind them) carry the observations into the unguided bands' SSA.
 */
import { join } from 'node:path';
import { calendarSlot, meanAnnualCycle, splitBounds } from '@fluxscale/data';
import { BANDS, decomposeOutOfSample, type Band } from '@fluxscale/decomposition';
import type { RunContext } from './context.js';
import { testBlocks, type Unit } from './plan.js';
import { againstTruth, concatPredictions, readPredictions, type Predictions } from './predictions.js';
import { dayIndex, type PreparedBands } from './prepared.js';
import { siteSplit, testBlockOf } from './work.js';

/** The test predictions of fit (or cross) units joined over their test blocks: `file` of each unit's folder. */
export function joinedPredictions(ctx: RunContext, units: readonly Unit[], file = 'test.csv'): Predictions {
  const ordered = [...units].sort((a, b) => (a.block ?? 0) - (b.block ?? 0));
  return concatPredictions(ordered.map((u) => readPredictions(join(ctx.dirOf(u), file))));
}

/** The key of a unit without its test block: the units of one model over all blocks share it. */
export const keyWithoutBlock = (u: Unit): string => JSON.stringify([u.kind, u.group, u.task, u.model, u.mode ?? null, u.replicate ?? null]);

/** The units passing `keep`, grouped over their test blocks (by `keyWithoutBlock`), blocks in order. */
export function unitsByBlocks(units: readonly Unit[], keep: (u: Unit) => boolean): Map<string, Unit[]> {
  const out = new Map<string, Unit[]>();
  for (const u of units) {
    if (!keep(u)) continue;
    const key = keyWithoutBlock(u);
    const units = out.get(key);
    if (units) units.push(u);
    else out.set(key, [u]);
  }
  for (const units of out.values()) units.sort((a, b) => (a.block ?? 0) - (b.block ?? 0));
  return out;
}

/** A site's observed target (gap-filled, target units) over its whole record. */
const observedTarget = (site: PreparedBands): Float64Array => site.series(site.info.variables[0], 'raw');

/** Row indices of `p` by site, in row order. */
function rowsBySite(p: Predictions): Map<string, number[]> {
  const out = new Map<string, number[]>();
  p.site.forEach((s, i) => {
    const rows = out.get(s);
    if (rows) rows.push(i);
    else out.set(s, [i]);
  });
  return out;
}

/**
 * The unguided model's out-of-sample predictions `raw` (target units, one row per test day) in each
 * band, scored against the truth bands (see the module comment for the rule).
 */
export function unguidedBands(ctx: RunContext, raw: Predictions): Record<Band, Predictions> {
  const predicted = Object.fromEntries(BANDS.map((b) => [b, new Float64Array(raw.site.length)])) as Record<Band, Float64Array>;
  for (const [siteId, rows] of rowsBySite(raw)) {
    const site = ctx.site(siteId);
    const days = Int32Array.from(rows, (i) => dayIndex(site, raw.date[i]));
    const bands = decomposeOutOfSample(observedTarget(site), days, Float64Array.from(rows, (i) => raw.predicted[i]), ctx.config.ssa);
    rows.forEach((i, k) => {
      for (const band of BANDS) predicted[band][i] = bands[band][days[k]];
    });
  }
  return Object.fromEntries(BANDS.map((band) => [band, againstTruth(ctx, { ...raw, predicted: predicted[band] }, band)])) as Record<Band, Predictions>;
}

/** A site's whole-record day-of-year climatology of the observed target (366 calendar slots). */
const siteClimatology = (site: PreparedBands): Float64Array => meanAnnualCycle(site.dates, observedTarget(site))!;

/** Per held-out site of `fits` (leave-site-out fit units): the mean of its fold's training sites' climatologies. */
function heldOutClimatologies(ctx: RunContext, fits: readonly Unit[]): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const fit of fits) {
    const cycles = fit.sites!.map((s) => siteClimatology(ctx.site(s)));
    const mean = Float64Array.from(cycles[0], (_, slot) => cycles.reduce((a, c) => a + c[slot], 0) / cycles.length);
    for (const s of fit.heldOut ?? []) out.set(s, mean);
  }
  return out;
}

/**
 * The no-skill baseline on the days of `template` (any model's raw test predictions, made by the fit
 * units `fits`): per site and test day, the mean observed target on that calendar day over the days
 * before the day's test block; under leave-site-out, over the fold's training sites' whole records.
 */
export function noSkillPredictions(ctx: RunContext, template: Predictions, fits: readonly Unit[]): Predictions {
  const predicted = new Float64Array(template.site.length);
  const observed = new Float64Array(template.site.length);
  const blocks = testBlocks(ctx.config);
  const heldOut = heldOutClimatologies(ctx, fits);
  for (const [siteId, rows] of rowsBySite(template)) {
    const site = ctx.site(siteId);
    const target = observedTarget(site);
    const own = heldOut.get(siteId);
    if (own) {
      for (const i of rows) {
        const k = dayIndex(site, template.date[i]);
        predicted[i] = own[calendarSlot(site.dates[k])];
        observed[i] = target[k];
      }
      continue;
    }
    const cycles = blocks.map((block) => {
      const bounds = splitBounds(site.info.nDays, siteSplit({ ...ctx.config, testBlock: testBlockOf(ctx.config, block) }), siteId);
      return { bounds, cycle: meanAnnualCycle(site.dates.subarray(0, bounds.trainEnd), target.subarray(0, bounds.trainEnd))! };
    });
    for (const i of rows) {
      const k = dayIndex(site, template.date[i]);
      const own = cycles.find((c) => k >= c.bounds.trainEnd && k < c.bounds.testEnd);
      if (!own) throw new Error(`site ${siteId}: test day ${template.date[i]} lies in no test block`);
      predicted[i] = own.cycle[calendarSlot(site.dates[k])];
      observed[i] = target[k];
    }
  }
  return { site: template.site, date: template.date, observed, predicted };
}
