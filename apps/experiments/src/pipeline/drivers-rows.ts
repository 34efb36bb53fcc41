/**
 * The drivers experiment's score unit: per driver set, the verdict's rows of the LSTM (the guided band
 * LSTMs and the unguided LSTM decomposed into the bands, scored out of sample against the truth bands)
 * and the raw LSTM's scores on raw NEE; paired across the sets into drivers.json and drivers.md.
 */
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@fluxscale/util';
import type { RunContext } from './context.js';
import { driversFile, type DriversScore } from './drivers.js';
import { driversMarkdown } from './drivers-markdown.js';
import { joinedPredictions, unitsByBlocks } from './out-of-sample.js';
import { DRIVER_SETS, verdictSeeds, type Unit } from './plan.js';
import type { ExcludedSite } from './verdict.js';
import { armScores, verdictRows } from './verdict-rows.js';

/**
 * One driver set's scores: the raw LSTM on raw NEE, and the guided and unguided LSTM in each band and
 * mode; with the sites left out of a band because its truth does not vary on their test days.
 */
export function driverSetScores(ctx: RunContext, units: readonly Unit[]): { scores: DriversScore[]; excluded: ExcludedSite[] } {
  const scores: DriversScore[] = [];
  for (const raw of unitsByBlocks(units, (u) => u.kind === 'fit' && u.task === 'raw' && u.model === 'lstm').values()) {
    const { group, replicate } = raw[0];
    for (const [site, s] of armScores(joinedPredictions(ctx, raw))) {
      if (s !== null) scores.push({ model: 'raw', band: 'raw', mode: null, group: group!, site, replicate: replicate!, scores: s });
    }
  }
  const { rows, excluded } = verdictRows(ctx, units);
  for (const row of rows) {
    if (row.comparison !== 'guidance' || row.model !== 'lstm') continue;
    const keys = { band: row.band, mode: row.mode, group: row.group, site: row.site, replicate: row.replicate };
    scores.push({ model: 'guided', ...keys, scores: row.treatment }, { model: 'unguided', ...keys, scores: row.reference });
  }
  return { scores, excluded };
}

/** The score unit of a drivers run: drivers.json and drivers.md, in the unit folder and the run directory. */
export function driversWork(ctx: RunContext, out: string, unit: Unit): void {
  const units = unit.deps.map((id) => ctx.byId.get(id)!);
  const scoresOf = (drivers: readonly string[]) => {
    const scoped = ctx.withDrivers(drivers);
    return driverSetScores(
      scoped,
      units.filter((u) => scoped.byId.has(u.id)),
    );
  };
  const sites = new Map(units.filter((u) => u.kind === 'prepare').map((u) => [u.site!, u.input!.group]));
  const groups: Record<string, number> = {};
  for (const group of sites.values()) groups[group] = (groups[group] ?? 0) + 1;
  const [three, five] = [scoresOf(DRIVER_SETS.three), scoresOf(DRIVER_SETS.five)];
  // The truth bands are the observed NEE's, the same with either driver set: so are the excluded sites.
  const file = driversFile(ctx.config, three.scores, five.scores, groups, verdictSeeds(ctx.config, 'lstm'), five.excluded);
  const markdown = driversMarkdown(file);
  for (const dir of [out, ctx.runDir]) {
    writeJsonAtomic(join(dir, 'drivers.json'), file);
    writeFileAtomic(join(dir, 'drivers.md'), markdown);
  }
}
