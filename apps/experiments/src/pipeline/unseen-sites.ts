/**
 * Unseen sites (leave-site-out): per held-out site, how far its climate lies from the sites its
 * fold's models were trained on, beside each model's skill on it. A site's climate is its mean TA,
 * VPD and SW_IN over its whole record (those of the three among the run's drivers), standardised
 * over the run's sites (z-scores); its distance is the Euclidean distance in that space to the
 * nearest training site of its fold (dimensionless, in standard deviations).
 */
import { scoreBySite } from '@fluxscale/evaluation';
import type { RunContext } from './context.js';
import { joinedPredictions, unitsByBlocks } from './out-of-sample.js';
import type { Unit } from './plan.js';

/** The climate variables of the distance, when among the drivers: mean air temperature, vapour pressure deficit, incoming shortwave radiation. */
export const CLIMATE_VARIABLES = ['TA_F', 'VPD_F', 'SW_IN_F'] as const;

/** A model's skill on one site's whole record (raw NEE): Nash–Sutcliffe efficiency and R². */
export interface SiteSkill {
  readonly nse: number;
  readonly r2: number;
}

/** One held-out site of unseen-sites.json. */
export interface UnseenSite {
  readonly site: string;
  readonly group: string;
  readonly fold: number;
  /** Distance in standardised climate space to the nearest training site of its fold. */
  readonly distance: number;
  /** The site's whole-record mean of each climate variable, in the variable's units. */
  readonly climate: Readonly<Record<string, number>>;
  /** Per model: its skill on raw NEE at this site. */
  readonly skill: Readonly<Record<string, SiteSkill>>;
}

/** unseen-sites.json: the climate variables used and every held-out site. */
export interface UnseenSitesFile {
  readonly variables: readonly string[];
  readonly sites: readonly UnseenSite[];
}

const mean = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
};

/**
 * The unseen-sites file of a leave-site-out run from its fit units (each names its training and
 * held-out sites) and the per-site raw NEE skill of each model (`skillOf(model, site)`); null when
 * the run holds no site out or has none of the climate variables among its drivers.
 */
export function unseenSites(ctx: RunContext, fits: readonly Unit[], skillOf: (model: string, site: string) => SiteSkill | undefined): UnseenSitesFile | null {
  const variables = CLIMATE_VARIABLES.filter((v) => ctx.config.data.drivers.includes(v));
  const folds = fits.filter((f) => f.heldOut && f.task === 'raw');
  if (variables.length === 0 || folds.length === 0) return null;
  const sites = [...new Set(folds.flatMap((f) => [...f.sites!, ...f.heldOut!]))].sort();
  const climate = new Map(sites.map((s) => [s, variables.map((v) => mean(ctx.site(s).series(v, 'raw')))]));
  const z = variables.map((_, k) => {
    const values = sites.map((s) => climate.get(s)![k]);
    const m = mean(values);
    const sd = Math.sqrt(mean(values.map((v) => (v - m) ** 2))) || 1;
    return (v: number) => (v - m) / sd;
  });
  const point = (s: string) => climate.get(s)!.map((v, k) => z[k](v));
  const models = [...new Set(folds.map((f) => f.model!))];
  const out = new Map<string, UnseenSite>();
  for (const fold of folds) {
    for (const site of fold.heldOut!) {
      if (out.has(site)) continue;
      const p = point(site);
      const distance = Math.min(...fold.sites!.map((t) => Math.hypot(...point(t).map((v, k) => v - p[k]))));
      const skill = Object.fromEntries(models.flatMap((m) => (skillOf(m, site) ? [[m, skillOf(m, site)!]] : [])));
      out.set(site, { site, group: ctx.site(site).info.group, fold: fold.block!, distance, climate: Object.fromEntries(variables.map((v, k) => [v, climate.get(site)![k]])), skill });
    }
  }
  return { variables, sites: [...out.values()].sort((a, b) => a.site.localeCompare(b.site)) };
}

/**
 * Per model and site, the skill of the raw NEE fits among `units` over the site's predicted days,
 * averaged over seed replicates (a verdict run has several): keyed `model|site`.
 */
export function rawSkillBySite(ctx: RunContext, units: readonly Unit[]): Map<string, SiteSkill> {
  const sums = new Map<string, { nse: number; r2: number; n: number }>();
  for (const raw of unitsByBlocks(units, (u) => u.kind === 'fit' && u.task === 'raw').values()) {
    const p = joinedPredictions(ctx, raw);
    for (const s of scoreBySite(p.observed, p.predicted, p.site)) {
      const key = `${raw[0].model}|${String(s.site)}`;
      const sum = sums.get(key) ?? { nse: 0, r2: 0, n: 0 };
      sums.set(key, { nse: sum.nse + s.nse, r2: sum.r2 + s.r2, n: sum.n + 1 });
    }
  }
  return new Map([...sums].map(([key, s]) => [key, { nse: s.nse / s.n, r2: s.r2 / s.n }]));
}
