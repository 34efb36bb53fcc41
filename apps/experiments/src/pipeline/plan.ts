/**
 * The explicit grid of work of a run: one unit per site preparation, per group × model × task ×
 * trial × fold of the random search, per final fit, per cross-scale application, plus scoring and
 * the report; the verdict experiment plans its units per SSA mode and seed replicate instead (no
 * search). Each unit has a content id (a hash of its kind, keys, the configuration it depends on
 * and the ids of the units it needs), which is also its cache key.
 */
import { createHash } from 'node:crypto';
import { GUIDED_BANDS, TASKS, type DecompositionMode, type Task } from '@fluxscale/decomposition';
import { modelSpec } from '@fluxscale/models';
import type { RunConfig } from '../config/schema.js';

/** Kinds of units, in the order their stages run. */
export const STAGES = ['prepare', 'tune', 'fit', 'cross', 'score'] as const;
export type UnitKind = (typeof STAGES)[number];

/** One unit of work. `path` is its output folder, relative to the run directory. */
export interface Unit {
  readonly id: string;
  readonly kind: UnitKind;
  readonly path: string;
  readonly deps: readonly string[];
  readonly site?: string;
  /** Prepare units: the site's daily file and metadata. */
  readonly input?: PlannedSite;
  readonly group?: string;
  readonly sites?: readonly string[];
  readonly model?: string;
  readonly task?: Task;
  readonly trial?: number;
  readonly fold?: number;
  /** Verdict units: the SSA mode of the site decomposition they use (else the run's ssa.mode). */
  readonly mode?: DecompositionMode;
  /** Verdict units: the seed replicate (0 … seeds − 1) of a fit or cross-scale application. */
  readonly replicate?: number;
}

/** The experiments a plan can cover. */
export type ExperimentName = 'table1' | 'table2' | 's1' | 'all' | 'verdict';

/** A usable site as planned: id, ecosystem group, daily file and metadata (IGBP, decimal degrees). */
export interface PlannedSite {
  readonly site: string;
  readonly group: string;
  readonly file: string;
  readonly igbp: string;
  readonly lat: number;
  readonly lon: number;
}

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

const slug = (group: string): string => group.replace(/\+/g, '-');

/** The tasks an experiment needs (table2 needs the guided seasonal and IAV models). */
export function tasksFor(experiment: ExperimentName, config: RunConfig): Task[] {
  if (experiment === 'table2') return [...GUIDED_BANDS];
  const wanted = new Set<Task>(config.tasks);
  if (experiment === 's1' || experiment === 'all') wanted.add('trend');
  if (experiment === 'all') (['raw', ...GUIDED_BANDS] as const).forEach((t) => wanted.add(t));
  return TASKS.filter((t) => wanted.has(t));
}

/** The models an experiment needs (table2 only the LSTM). */
export function modelsFor(experiment: ExperimentName, config: RunConfig): string[] {
  return experiment === 'table2' ? ['lstm'] : [...config.models];
}

/** Trials of the random search for one model (1 = no search: defaults plus fixed values). */
export function trialsFor(config: RunConfig, model: string): number {
  const t = config.search.trials;
  return typeof t === 'number' ? t : (t[model] ?? 1);
}

/** Builds the units of an experiment over the planned sites. */
export function planUnits(experiment: ExperimentName, config: RunConfig, sites: readonly PlannedSite[]): Unit[] {
  if (experiment === 'verdict') return planVerdict(config, sites);
  const units: Unit[] = [];
  const dataKey = { data: config.data, windows: config.windows, ssa: config.ssa };
  const prepare = new Map<string, Unit>();
  for (const input of sites) {
    const { site } = input;
    const unit: Unit = { id: hash(['prepare', input, dataKey]), kind: 'prepare', path: `prepare/${site}`, deps: [], site, input };
    prepare.set(site, unit);
    units.push(unit);
  }
  const groups = [...new Set(sites.map((s) => s.group))].sort();
  const fits = new Map<string, Unit>();
  for (const group of groups) {
    const groupSites = sites.filter((s) => s.group === group).map((s) => s.site);
    const prepIds = groupSites.map((s) => prepare.get(s)!.id);
    for (const task of tasksFor(experiment, config)) {
      for (const model of modelsFor(experiment, config)) {
        const modelKey = {
          seed: config.seed,
          threads: modelSpec(model).threaded ? config.threads : null,
          fixed: config.search.fixed[model] ?? {},
          space: config.search.spaces[model] ?? null,
          folds: config.search.folds,
        };
        const base = `${slug(group)}/${task}/${model}`;
        const tuneIds: string[] = [];
        const trials = trialsFor(config, model);
        if (trials > 1) {
          for (let trial = 0; trial < trials; trial++) {
            for (let fold = 0; fold < config.search.folds; fold++) {
              const unit: Unit = {
                id: hash(['tune', group, task, model, trial, fold, modelKey, prepIds]),
                kind: 'tune',
                path: `tune/${base}/trial-${trial}-fold-${fold}`,
                deps: prepIds,
                group,
                sites: groupSites,
                model,
                task,
                trial,
                fold,
              };
              tuneIds.push(unit.id);
              units.push(unit);
            }
          }
        }
        const fit: Unit = {
          id: hash(['fit', group, task, model, trials, modelKey, prepIds, tuneIds]),
          kind: 'fit',
          path: `fit/${base}`,
          deps: [...prepIds, ...tuneIds],
          group,
          sites: groupSites,
          model,
          task,
        };
        fits.set(`${group}/${task}/${model}`, fit);
        units.push(fit);
      }
    }
    if ((experiment === 'table2' || experiment === 'all') && config.models.includes('lstm')) {
      const deps = [...prepIds, fits.get(`${group}/seasonal/lstm`)!.id, fits.get(`${group}/iav/lstm`)!.id];
      units.push({ id: hash(['cross', group, deps]), kind: 'cross', path: `cross/${slug(group)}`, deps, group, sites: groupSites, model: 'lstm' });
    }
  }
  const before = units.map((u) => u.id);
  units.push({ id: hash(['score', experiment, before]), kind: 'score', path: `score/${experiment}`, deps: before });
  return units;
}

/** The unguided task and the guided bands: what the verdict compares. */
export const VERDICT_TASKS: readonly Task[] = ['raw', ...GUIDED_BANDS];

/**
 * The verdict's grid: per SSA mode, one prepare unit per site; per mode × group × task (raw and the
 * guided bands) × model × seed replicate, a fit with the profile's fixed parameters (no search); per
 * mode × group × replicate, the cross-scale application of the band LSTMs; one score unit.
 */
function planVerdict(config: RunConfig, sites: readonly PlannedSite[]): Unit[] {
  const { modes, models } = config.verdict;
  const units: Unit[] = [];
  const groups = [...new Set(sites.map((s) => s.group))].sort();
  for (const mode of modes) {
    const dataKey = { data: config.data, windows: config.windows, ssa: { ...config.ssa, mode } };
    const prepare = new Map<string, Unit>();
    for (const input of sites) {
      const { site } = input;
      const unit: Unit = { id: hash(['prepare', input, dataKey]), kind: 'prepare', path: `prepare/${mode}/${site}`, deps: [], site, input, mode };
      prepare.set(site, unit);
      units.push(unit);
    }
    for (const group of groups) {
      const groupSites = sites.filter((s) => s.group === group).map((s) => s.site);
      const prepIds = groupSites.map((s) => prepare.get(s)!.id);
      const fitIds = new Map<string, string>();
      for (const model of models) {
        const modelKey = { seed: config.seed, threads: modelSpec(model).threaded ? config.threads : null, fixed: config.search.fixed[model] ?? {} };
        for (const task of VERDICT_TASKS) {
          for (let replicate = 0; replicate < verdictSeeds(config, model); replicate++) {
            const fit: Unit = {
              id: hash(['fit', mode, group, task, model, replicate, modelKey, prepIds]),
              kind: 'fit',
              path: `fit/${mode}/${slug(group)}/${task}/${model}/seed-${replicate}`,
              deps: prepIds,
              group,
              sites: groupSites,
              model,
              task,
              mode,
              replicate,
            };
            fitIds.set(`${task}/${model}/${replicate}`, fit.id);
            units.push(fit);
          }
        }
      }
      if (!models.includes('lstm')) continue;
      for (let replicate = 0; replicate < verdictSeeds(config, 'lstm'); replicate++) {
        const deps = [...prepIds, ...GUIDED_BANDS.map((b) => fitIds.get(`${b}/lstm/${replicate}`)!)];
        units.push({ id: hash(['cross', mode, group, replicate, deps]), kind: 'cross', path: `cross/${mode}/${slug(group)}/seed-${replicate}`, deps, group, sites: groupSites, model: 'lstm', mode, replicate });
      }
    }
  }
  const before = units.map((u) => u.id);
  units.push({ id: hash(['score', 'verdict', before]), kind: 'score', path: 'score/verdict', deps: before });
  return units;
}

/** Seed replicates of one model in the verdict. */
export function verdictSeeds(config: RunConfig, model: string): number {
  const s = config.verdict.seeds;
  return typeof s === 'number' ? s : (s[model] ?? 1);
}
