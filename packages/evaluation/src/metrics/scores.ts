import { InvalidParameterError } from './errors.js';
import { momentCorrelation, pairMoments } from '@fluxscale/util';
import { maskPairs, type Series } from './pairs.js';
import { groupIndices } from './groups.js';

/**
 * Every score of one simulated series against observations, in the units of the inputs
 * (gC m⁻² d⁻¹ for NEE; squared units for `mse`, `sb`, `sdsd`, `lcs`; `pearson`, `r2`, `nse` unitless).
 * Standard deviations are population SDs (1/n). Pairs where either value is NaN are dropped first.
 */
export interface Scores {
  /** Root mean square error. */
  readonly rmse: number;
  /** Mean square error (= sb + sdsd + lcs). */
  readonly mse: number;
  /** Mean absolute error. */
  readonly mae: number;
  /** Squared Pearson correlation. */
  readonly r2: number;
  /** Pearson correlation coefficient. */
  readonly pearson: number;
  /** Lack of correlation, 2·SDs·SDm·(1 − r) (Kobayashi & Salam 2000). */
  readonly lcs: number;
  /** Squared bias, (mean_s − mean_m)². */
  readonly sb: number;
  /** Squared difference of the SDs, (SDs − SDm)². */
  readonly sdsd: number;
  /** Mean bias, mean_s − mean_m (simulated minus measured). */
  readonly bias: number;
  /** Nash–Sutcliffe efficiency, 1 − Σ(s − m)² / Σ(m − mean_m)². */
  readonly nse: number;
  /** Number of pairs used. */
  readonly n: number;
  /** Number of pairs dropped because either value was NaN. */
  readonly masked: number;
  /** Only when a score is undefined (NaN or infinite): why, per score, in words (see {@link scoreAll}). */
  readonly undefinedReasons?: Readonly<Partial<Record<ScoreName, string>>>;
}

/** The names of the scores proper (every numeric field of {@link Scores} but the counts). */
export type ScoreName = Exclude<keyof Scores, 'n' | 'masked' | 'undefinedReasons'>;

const SCORE_NAMES: readonly ScoreName[] = ['rmse', 'mse', 'mae', 'r2', 'pearson', 'lcs', 'sb', 'sdsd', 'bias', 'nse'];

/** Why each non-finite score of `scores` is undefined, from the pair count and whether either series is constant; undefined when all are finite. */
function undefinedReasons(scores: Omit<Scores, 'undefinedReasons'>, constantSim: boolean, constantObs: boolean): Scores['undefinedReasons'] {
  const { n, masked } = scores;
  const constant =
    constantSim && constantObs
      ? 'the predictions and the observations are both constant (zero variance)'
      : constantSim
        ? 'the predictions are constant (zero variance)'
        : 'the observations are constant (zero variance)';
  const why = (name: ScoreName): string => {
    if (n === 0) return masked > 0 ? `n = 0: each of the ${masked} pairs has a NaN value` : 'n = 0: there is nothing to score';
    if (n === 1 && (name === 'pearson' || name === 'r2' || name === 'nse')) return 'n = 1: it needs at least 2 pairs';
    if (constantObs && name === 'nse') return 'the observations are constant (zero variance)';
    if ((constantSim || constantObs) && (name === 'pearson' || name === 'r2')) return constant;
    return 'an observed or predicted value is infinite';
  };
  const bad = SCORE_NAMES.filter((name) => !Number.isFinite(scores[name]));
  return bad.length === 0 ? undefined : Object.fromEntries(bad.map((name) => [name, why(name)]));
}

/** Scores of one site, as returned by {@link scoreBySite}. */
export interface SiteScores extends Scores {
  /** The site id, as given. */
  readonly site: string | number;
}

/**
 * All scores of `simulated` against `observed` (pooled over every pair), dropping NaN pairs.
 * Undefined scores are NaN, never 0: with no pairs left every score is NaN; `pearson` and `r2` are NaN
 * when n < 2 or either series is constant; `nse` is NaN when the observations are constant. `lcs` is
 * computed as 2·(SDs·SDm − cov), so it is exactly 0 when either series is constant (the identity
 * MSE = SB + SDSD + LCS then still holds). Whenever a score is undefined, `undefinedReasons` says why
 * in words per score (e.g. r2: "the predictions are constant (zero variance)", or "n = 0: …").
 */
export function scoreAll(observed: Series, simulated: Series): Scores {
  const pairs = maskPairs(observed, simulated);
  const o = pairs.observed;
  const s = pairs.simulated;
  const n = o.length;
  if (n === 0) {
    const nan = Number.NaN;
    const empty = { rmse: nan, mse: nan, mae: nan, r2: nan, pearson: nan, lcs: nan, sb: nan, sdsd: nan, bias: nan, nse: nan, n, masked: pairs.masked };
    return { ...empty, undefinedReasons: undefinedReasons(empty, false, false) };
  }
  const m = pairMoments(s, o);
  let sse = 0;
  let sae = 0;
  for (let i = 0; i < n; i++) {
    const e = s[i] - o[i];
    sse += e * e;
    sae += Math.abs(e);
  }
  const sdSim = Math.sqrt(m.varA);
  const sdObs = Math.sqrt(m.varB);
  const bias = m.meanA - m.meanB;
  const pearson = momentCorrelation(m);
  const ssObs = m.varB * n;
  const scores = {
    rmse: Math.sqrt(sse / n),
    mse: sse / n,
    mae: sae / n,
    r2: pearson * pearson,
    pearson,
    lcs: 2 * (sdSim * sdObs - m.cov),
    sb: bias * bias,
    sdsd: (sdSim - sdObs) ** 2,
    bias,
    nse: ssObs === 0 ? Number.NaN : 1 - sse / ssObs,
    n,
    masked: pairs.masked,
  };
  const reasons = undefinedReasons(scores, sdSim === 0, sdObs === 0);
  return reasons ? { ...scores, undefinedReasons: reasons } : scores;
}

/** Root mean square error of simulated vs observed (input units; NaN pairs dropped; NaN when none left). */
export const rmse = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).rmse;
/** Mean absolute error (input units; NaN pairs dropped; NaN when none left). */
export const mae = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).mae;
/** Mean square error (squared input units; NaN pairs dropped; NaN when none left). */
export const mse = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).mse;
/** Squared Pearson correlation (unitless; NaN when n < 2 or either series is constant). */
export const r2 = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).r2;
/** Pearson correlation (unitless; NaN when n < 2 or either series is constant). */
export const pearson = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).pearson;
/** Lack of correlation 2·SDs·SDm·(1 − r) (squared units; 0 when either series is constant; NaN when no pairs). */
export const lcs = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).lcs;
/** Squared bias (mean_s − mean_m)² (squared units; NaN when no pairs). */
export const sb = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).sb;
/** Squared SD difference (SDs − SDm)², population SDs (squared units; NaN when no pairs). */
export const sdsd = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).sdsd;
/** Mean bias mean_s − mean_m (input units; NaN when no pairs). */
export const bias = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).bias;
/** Nash–Sutcliffe efficiency (unitless; NaN when the observations are constant or no pairs). */
export const nse = (observed: Series, simulated: Series): number => scoreAll(observed, simulated).nse;

/**
 * Scores per site: pairs are grouped by `siteIds[i]` and scored with {@link scoreAll}. Sites come out in
 * order of first appearance; a site whose pairs are all NaN is kept, with NaN scores and n = 0.
 */
export function scoreBySite(observed: Series, simulated: Series, siteIds: ArrayLike<string | number>): SiteScores[] {
  if (siteIds.length !== observed.length) {
    throw new InvalidParameterError('siteIds', `length ${siteIds.length} differs from observed length ${observed.length}`);
  }
  if (simulated.length !== observed.length) {
    throw new InvalidParameterError('simulated', `length ${simulated.length} differs from observed length ${observed.length}`);
  }
  const result: SiteScores[] = [];
  for (const [site, indices] of groupIndices(siteIds)) {
    const o = Float64Array.from(indices, (i) => observed[i]);
    const s = Float64Array.from(indices, (i) => simulated[i]);
    result.push({ site, ...scoreAll(o, s) });
  }
  return result;
}
