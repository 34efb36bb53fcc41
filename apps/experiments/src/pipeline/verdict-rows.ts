/**
 * The verdict's score unit: the per-site rows of a finished verdict run, read from its fit and cross
 * units (every test block joined into one out-of-sample series per site), scored against the truth
 * bands beside the no-skill baseline; then verdict.json and verdict.md.
 */
import { join } from 'node:path';
import { GUIDED_BANDS, otherBand, type Band } from '@fluxscale/decomposition';
import { METRICS, scoreBySite, type MetricName } from '@fluxscale/evaluation';
import { writeFileAtomic, writeJsonAtomic } from '@fluxscale/util';
import type { RunContext } from './context.js';
import { unitsByBlocks, joinedPredictions, noSkillPredictions, unguidedBands } from './out-of-sample.js';
import { POOLED_GROUP, type Unit } from './plan.js';
import { againstTruth, type Predictions } from './predictions.js';
import { verdictFile, type ArmScores, type Comparison, type ExcludedSite, type VerdictRow } from './verdict.js';
import { verdictMarkdown } from './verdict-markdown.js';
import { rawSkillBySite, unseenSites } from './unseen-sites.js';
import { crossFile } from './work.js';

/**
 * Per site: the scores of predictions against their truth band, or null where the truth does not
 * vary. A constant prediction scores 0 in every metric the registry leaves undefined for it (r, R²).
 */
export function armScores(p: Predictions): Map<string, ArmScores | null> {
  return new Map(
    scoreBySite(p.observed, p.predicted, p.site).map((s) => {
      const truthVaries = Number.isFinite(s.nse);
      const constant = truthVaries && !Number.isFinite(s.pearson);
      const score = (name: MetricName, value: number) => (constant && !METRICS[name].definedForConstant ? 0 : value);
      const arm: ArmScores = { r: score('r', s.pearson), r2: score('r2', s.r2), nse: score('nse', s.nse), rmse: score('rmse', s.rmse), mae: score('mae', s.mae), mse: score('mse', s.mse), n: s.n, constant };
      return [String(s.site), truthVaries ? arm : null];
    }),
  );
}

type RowKeys = Omit<VerdictRow, 'site' | 'treatment' | 'reference' | 'baseline'>;

/** Collects rows and the sites excluded for a constant truth band. */
class RowSink {
  readonly rows: VerdictRow[] = [];
  private readonly excluded = new Map<string, ExcludedSite>();

  /** `siteGroups`: each site's ecosystem group, which a pooled model's rows are summarised under. */
  constructor(private readonly siteGroups: ReadonlyMap<string, string>) {}

  /** Adds the rows of one comparison (three prediction sets of the same test days), site by site. */
  add(keys: RowKeys, treatment: Predictions, reference: Predictions, baseline: Predictions): void {
    const [t, r, b] = [armScores(treatment), armScores(reference), armScores(baseline)];
    for (const [site, scores] of t) {
      const group = keys.group === POOLED_GROUP ? this.siteGroups.get(site)! : keys.group;
      if (scores === null) {
        this.excluded.set(`${keys.band}|${site}`, { band: keys.band, group, site, reason: 'the truth band does not vary on the test days' });
        continue;
      }
      this.rows.push({ ...keys, group, site, treatment: scores, reference: r.get(site)!, baseline: b.get(site)! });
    }
  }

  excludedSites(): ExcludedSite[] {
    return [...this.excluded.values()].sort((a, b) => a.band.localeCompare(b.band) || a.site.localeCompare(b.site));
  }
}

/** The per-site rows of a finished verdict run from its fit and cross units, and the excluded sites. */
export function verdictRows(ctx: RunContext, units: readonly Unit[]): { rows: VerdictRow[]; excluded: ExcludedSite[] } {
  const sink = new RowSink(new Map(units.filter((u) => u.kind === 'prepare').map((u) => [u.site!, u.input!.group])));
  const fits = unitsByBlocks(units, (u) => u.kind === 'fit');
  const joined = (match: Partial<Unit>, file?: string) => {
    const found = [...unitsByBlocks(units, (u) => Object.entries(match).every(([k, v]) => (u as unknown as Record<string, unknown>)[k] === v)).values()];
    if (found.length !== 1) throw new Error(`the plan has ${found.length} unit series for ${JSON.stringify(match)}`);
    return joinedPredictions(ctx, found[0], file);
  };
  // The no-skill baseline of a group, on the test days of its first unguided fit (every model's are the same days).
  const baselines = new Map<string, Record<Band, Predictions>>();
  for (const raw of [...fits.values()].filter((f) => f[0].task === 'raw')) {
    const { group, model, replicate } = raw[0];
    const predictions = joinedPredictions(ctx, raw);
    const unguided = unguidedBands(ctx, predictions);
    if (!baselines.has(group!)) baselines.set(group!, unguidedBands(ctx, noSkillPredictions(ctx, predictions, raw)));
    const baseline = baselines.get(group!)!;
    for (const mode of ctx.config.verdict.modes) {
      for (const band of GUIDED_BANDS) {
        const guided = againstTruth(ctx, joined({ kind: 'fit', mode, group, task: band, model, replicate }), band);
        sink.add({ comparison: 'guidance', model: model!, band, mode, group: group!, replicate: replicate! }, guided, unguided[band], baseline[band]);
      }
    }
  }
  const crosses = unitsByBlocks(units, (u) => u.kind === 'cross');
  for (const cross of crosses.values()) {
    const { mode, group, replicate } = cross[0];
    // A group with cross units has LSTM fits, whose unguided fit set its baseline above.
    const baseline = baselines.get(group!)!;
    for (const band of GUIDED_BANDS) {
      const own = againstTruth(ctx, joined({ kind: 'fit', mode, group, task: band, model: 'lstm', replicate }), band);
      const other = againstTruth(ctx, joinedPredictions(ctx, cross, crossFile(otherBand(band))), band);
      const keys = { comparison: 'cross-scale' as Comparison, model: 'lstm', band, mode: mode!, group: group!, replicate: replicate! };
      sink.add(keys, own, other, baseline[band]);
    }
  }
  return { rows: sink.rows, excluded: sink.excludedSites() };
}

/** The score unit of a verdict run: verdict.json and verdict.md, in the unit folder and the run directory. */
export function verdictWork(ctx: RunContext, out: string, unit: Unit): void {
  const units = unit.deps.map((id) => ctx.byId.get(id)!);
  const { rows, excluded } = verdictRows(ctx, units);
  const sites = new Map(units.filter((u) => u.kind === 'prepare').map((u) => [u.site!, u.input!.group]));
  const groups: Record<string, number> = {};
  for (const group of sites.values()) groups[group] = (groups[group] ?? 0) + 1;
  const file = verdictFile(ctx.config, rows, excluded, groups);
  const markdown = verdictMarkdown(file);
  const skill = rawSkillBySite(ctx, units);
  const unseen = unseenSites(ctx, units.filter((u) => u.kind === 'fit'), (model, site) => skill.get(`${model}|${site}`));
  for (const dir of [out, ctx.runDir]) {
    writeJsonAtomic(join(dir, 'verdict.json'), file);
    writeFileAtomic(join(dir, 'verdict.md'), markdown);
    if (unseen) writeJsonAtomic(join(dir, 'unseen-sites.json'), unseen);
  }
}
