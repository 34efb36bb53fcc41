/**
 * Where a site's record is cut into training and test target days. Target days are the days with a
 * full input window behind them (indices window − 1 … length − 1 of the site's series).
 *
 * - chronological: the first floor(trainFraction · n) target days train, the rest test (one split).
 * - rolling-origin: the first `initialTrain` of the target days (never fewer than
 *   {@link MIN_INITIAL_TRAIN_DAYS}) are only trained on; the rest is cut into `folds` consecutive
 *   test blocks, and block k trains on every target day before it and tests on it. Joined, the blocks'
 *   test days cover every target day after the initial training part exactly once.
 * - leave-site-out: not a cut in time but of the sites — {@link siteFolds} assigns each site to one
 *   of `folds` site folds; fold k trains on the other folds' sites over their whole records and
 *   predicts its own sites over their whole records.
 */
import { mulberry32, shuffleInPlace } from '@fluxscale/util';
import { ConfigError, FluxnetDataError } from './errors.js';

/** Default window length, days. */
export const DEFAULT_WINDOW = 365;
/** Default fraction of target days used for training. */
export const DEFAULT_TRAIN_FRACTION = 0.8;

/** Fewest target days of the initial training part of a rolling-origin split: two years. */
export const MIN_INITIAL_TRAIN_DAYS = 730;

/** A rolling-origin evaluation: initial training share, number of test blocks, and the block served. */
export interface TestBlock {
  /** Share of the target days that is only trained on (0 < initialTrain < 1; at least two years). */
  readonly initialTrain: number;
  /** Consecutive test blocks after the initial training part. */
  readonly folds: number;
  /** The block served, 0 … folds − 1: it trains on every target day before it. */
  readonly block: number;
}

/** A site's split: target days [trainStart, trainEnd) train, [trainEnd, testEnd) test (indices into its series). */
export interface SplitBounds {
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testEnd: number;
}

/** The split options that fix the bounds: the window, and a training fraction or a rolling-origin test block. */
export interface SplitOptions {
  readonly window: number;
  /** Chronological split: leading fraction of the target days that trains (ignored with `testBlock`). */
  readonly trainFraction: number;
  /** Rolling-origin split: the test block served (absent: chronological). */
  readonly testBlock?: TestBlock | null;
}

/**
 * Index (into a site's series of `length` days) of the first test target day: the target days with a
 * full window behind them (indices window − 1 … length − 1) are split, the first floor(trainFraction·n) train.
 */
export function trainEndIndex(length: number, window = DEFAULT_WINDOW, trainFraction = DEFAULT_TRAIN_FRACTION): number {
  return window - 1 + Math.floor(trainFraction * Math.max(0, length - window + 1));
}

/** Checks a rolling-origin block's settings, naming the bad parameter. */
export function checkTestBlock(block: TestBlock): TestBlock {
  if (!(block.initialTrain > 0 && block.initialTrain < 1)) throw new ConfigError('initialTrain', `must be in (0, 1), got ${block.initialTrain}`);
  if (!Number.isInteger(block.folds) || block.folds < 1) throw new ConfigError('folds', `must be an integer >= 1, got ${block.folds}`);
  if (!Number.isInteger(block.block) || block.block < 0 || block.block >= block.folds) {
    throw new ConfigError('block', `must be an integer in [0, ${block.folds}), got ${block.block}`);
  }
  return block;
}

/**
 * Every test block's bounds of a rolling-origin split of a site of `length` days (see the module
 * comment). Throws a FluxnetDataError naming `siteId` when the site has too few target days for the
 * initial part and one day per block.
 */
export function rollingOriginBounds(length: number, window: number, initialTrain: number, folds: number, siteId = 'site'): SplitBounds[] {
  const first = window - 1;
  const n = Math.max(0, length - first);
  const initial = Math.max(Math.floor(initialTrain * n), MIN_INITIAL_TRAIN_DAYS);
  const rest = n - initial;
  if (rest < folds) {
    throw new FluxnetDataError(siteId, `${n} target days leave ${Math.max(0, rest)} after the ${initial}-day initial training part, fewer than ${folds} test blocks need`);
  }
  return Array.from({ length: folds }, (_, k) => ({
    trainStart: first,
    trainEnd: first + initial + Math.floor((k * rest) / folds),
    testEnd: first + initial + Math.floor(((k + 1) * rest) / folds),
  }));
}

/** The bounds of a site of `length` days under `options` (chronological, or one rolling-origin block). */
export function splitBounds(length: number, options: SplitOptions, siteId = 'site'): SplitBounds {
  const { window, trainFraction, testBlock } = options;
  if (!testBlock) return { trainStart: window - 1, trainEnd: trainEndIndex(length, window, trainFraction), testEnd: length };
  checkTestBlock(testBlock);
  return rollingOriginBounds(length, window, testBlock.initialTrain, testBlock.folds, siteId)[testBlock.block];
}

/** Default number of site folds of a leave-site-out evaluation. */
export const DEFAULT_SITE_FOLDS = 5;

/** A site to assign to a leave-site-out fold: its id and the stratum (ecosystem group) it is shuffled within. */
export interface FoldSite {
  readonly site: string;
  readonly group: string;
}

/**
 * The leave-site-out fold (0 … folds − 1) of every site, by site id. Within each group (groups in
 * sorted order, sites sorted by id) a mulberry32(seed) shuffle orders the sites, which are then dealt
 * to the folds in turn, continuing where the previous group stopped, so that folds stay balanced. A
 * group of fewer sites than folds puts each site in a fold of its own (leave-one-site-out within the
 * group). Repeatable for a seed; throws a ConfigError naming `folds` or `sites` for a bad argument.
 */
export function siteFolds(sites: readonly FoldSite[], folds: number, seed: number): Map<string, number> {
  if (!Number.isInteger(folds) || folds < 2) throw new ConfigError('folds', `must be an integer >= 2 for leave-site-out, got ${folds}`);
  const ids = new Set(sites.map((s) => s.site));
  if (ids.size !== sites.length) throw new ConfigError('sites', 'a site is listed twice');
  const random = mulberry32(seed);
  const out = new Map<string, number>();
  let next = 0;
  for (const group of [...new Set(sites.map((s) => s.group))].sort()) {
    const members = sites.filter((s) => s.group === group).map((s) => s.site).sort();
    for (const k of shuffleInPlace(Int32Array.from(members, (_, i) => i), random)) out.set(members[k], next++ % folds);
  }
  return out;
}
