/**
 * The explicit grid of work of a run: one unit per site preparation, per group × model × task ×
 * trial × fold of the random search, per final fit, per cross-scale application, plus scoring and
 * the report; the verdict experiment plans its units per SSA mode and seed replicate instead (no
 * search). With rolling-origin evaluation every fit and cross-scale application is planned once per
 * test block (the search runs on the first block's training part). Each unit has a content id (a hash of its kind, keys, the configuration it depends on
 * and the ids of the units it needs), which is also its cache key.
 */
import { createHash } from 'node:crypto';
import { GUIDED_BANDS, TASKS, type DecompositionMode, type Task } from '@fluxscale/decomposition';
import { modelSpec } from '@fluxscale/models';
import type { RunConfig } from '../config/schema.js';
import { chainWarmStarts } from './warm-start.js';

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
  /** Rolling-origin evaluation: the test block (0 … evaluation.folds − 1) a unit trains for and predicts; absent with the chronological split. */
  readonly block?: number;
  /** Warm-started fits (`evaluation.warmStart`): the id of the previous block's fit whose weights this fit starts from. */
  readonly warmFrom?: string;
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

/** The test blocks of a run: one per rolling-origin fold, or the chronological split's one (undefined). */
export function testBlocks(config: RunConfig): Array<number | undefined> {
  return config.evaluation.scheme === 'rolling-origin' ? Array.from({ length: config.evaluation.folds }, (_, k) => k) : [undefined];
}

/** Whether a site's SSA depends on the test block: train-only SSA is fitted on each block's training part. */
const ssaPerBlock = (config: RunConfig, mode: DecompositionMode): boolean => mode === 'train-only' && config.evaluation.scheme === 'rolling-origin';

/** The block a search (tune units) trains on: the first block's training part (rolling-origin), else the split's. */
const searchBlock = (config: RunConfig): number | undefined => testBlocks(config)[0];

/** A unit path with its test block, if any. */
const withBlock = (path: string, block: number | undefined): string => (block === undefined ? path : `${path}/block-${block}`);

/** The prepare units of the sites in one SSA mode: per site, and per test block where the SSA depends on it; keyed site|block. */
function prepareUnits(config: RunConfig, sites: readonly PlannedSite[], mode: DecompositionMode, folder: string): Map<string, Unit> {
  const dataKey = { data: config.data, windows: config.windows, ssa: { ...config.ssa, mode }, evaluation: config.evaluation };
  const blocks = ssaPerBlock(config, mode) ? testBlocks(config) : [undefined];
  const out = new Map<string, Unit>();
  for (const input of sites) {
    const { site } = input;
    for (const block of blocks) {
      const unit: Unit = { id: hash(['prepare', input, dataKey, block ?? null]), kind: 'prepare', path: withBlock(`${folder}/${site}`, block), deps: [], site, input, mode, ...(block === undefined ? {} : { block }) };
      out.set(`${site}|${block ?? ''}`, unit);
    }
  }
  return out;
}

/** The prepare units a group's fit for `block` reads: each site's own for the block, or its only one. */
function preparesOf(prepare: ReadonlyMap<string, Unit>, sites: readonly string[], block: number | undefined): Unit[] {
  return sites.map((s) => prepare.get(`${s}|${block ?? ''}`) ?? prepare.get(`${s}|`)!);
}

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
  return chainWarmStarts(config, experiment === 'verdict' ? planVerdict(config, sites) : planTables(experiment, config, sites));
}

/** The units of the paper's tables and figures: prepare, search, fit per block, cross-scale, score. */
function planTables(experiment: ExperimentName, config: RunConfig, sites: readonly PlannedSite[]): Unit[] {
  const units: Unit[] = [];
  const prepare = prepareUnits(config, sites, config.ssa.mode, 'prepare');
  units.push(...prepare.values());
  const groups = [...new Set(sites.map((s) => s.group))].sort();
  const blocks = testBlocks(config);
  for (const group of groups) {
    const groupSites = sites.filter((s) => s.group === group).map((s) => s.site);
    const prepIdsOf = (block: number | undefined) => preparesOf(prepare, groupSites, block).map((u) => u.id);
    const fits = new Map<string, Unit>();
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
        const tuneBlock = searchBlock(config);
        if (trials > 1) {
          for (let trial = 0; trial < trials; trial++) {
            for (let fold = 0; fold < config.search.folds; fold++) {
              const unit: Unit = {
                id: hash(['tune', group, task, model, trial, fold, modelKey, prepIdsOf(tuneBlock)]),
                kind: 'tune',
                path: `tune/${base}/trial-${trial}-fold-${fold}`,
                deps: prepIdsOf(tuneBlock),
                group,
                sites: groupSites,
                model,
                task,
                trial,
                fold,
                ...(tuneBlock === undefined ? {} : { block: tuneBlock }),
              };
              tuneIds.push(unit.id);
              units.push(unit);
            }
          }
        }
        for (const block of blocks) {
          const prepIds = prepIdsOf(block);
          const fit: Unit = {
            id: hash(['fit', group, task, model, trials, modelKey, prepIds, tuneIds, block ?? null]),
            kind: 'fit',
            path: withBlock(`fit/${base}`, block),
            deps: [...prepIds, ...tuneIds],
            group,
            sites: groupSites,
            model,
            task,
            ...(block === undefined ? {} : { block }),
          };
          fits.set(`${task}/${model}/${block ?? ''}`, fit);
          units.push(fit);
        }
      }
    }
    if ((experiment === 'table2' || experiment === 'all') && config.models.includes('lstm')) {
      for (const block of blocks) {
        const deps = [...prepIdsOf(block), fits.get(`seasonal/lstm/${block ?? ''}`)!.id, fits.get(`iav/lstm/${block ?? ''}`)!.id];
        units.push({ id: hash(['cross', group, deps]), kind: 'cross', path: withBlock(`cross/${slug(group)}`, block), deps, group, sites: groupSites, model: 'lstm', ...(block === undefined ? {} : { block }) });
      }
    }
  }
  const before = units.map((u) => u.id);
  units.push({ id: hash(['score', experiment, before]), kind: 'score', path: `score/${experiment}`, deps: before });
  return units;
}

/**
 * The verdict's grid: per SSA mode, the prepare units of the sites; per group × model × seed replicate
 * × test block, one unguided fit (raw NEE: its inputs are the same in every SSA mode, so one fit
 * serves both modes) and, per mode, a fit of each guided band, with the profile's fixed parameters
 * (no search); per mode × group × replicate × block, the cross-scale application of the band LSTMs;
 * one score unit.
 */
function planVerdict(config: RunConfig, sites: readonly PlannedSite[]): Unit[] {
  const { modes, models } = config.verdict;
  const units: Unit[] = [];
  const groups = [...new Set(sites.map((s) => s.group))].sort();
  const blocks = testBlocks(config);
  const prepares = new Map(modes.map((mode) => [mode, prepareUnits(config, sites, mode, `prepare/${mode}`)] as const));
  for (const p of prepares.values()) units.push(...p.values());
  for (const group of groups) {
    const groupSites = sites.filter((s) => s.group === group).map((s) => s.site);
    const prepIdsOf = (mode: DecompositionMode, block: number | undefined) => preparesOf(prepares.get(mode)!, groupSites, block).map((u) => u.id);
    const fitIds = new Map<string, string>();
    for (const model of models) {
      const modelKey = { seed: config.seed, threads: modelSpec(model).threaded ? config.threads : null, fixed: config.search.fixed[model] ?? {} };
      for (let replicate = 0; replicate < verdictSeeds(config, model); replicate++) {
        for (const block of blocks) {
          const blockKey = block === undefined ? {} : { block };
          const raw = prepIdsOf(modes[0], block);
          units.push({
            id: hash(['fit', group, 'raw', model, replicate, modelKey, raw, block ?? null]),
            kind: 'fit',
            path: withBlock(`fit/unguided/${slug(group)}/${model}/seed-${replicate}`, block),
            deps: raw,
            group,
            sites: groupSites,
            model,
            task: 'raw',
            replicate,
            ...blockKey,
          });
          for (const mode of modes) {
            for (const task of GUIDED_BANDS) {
              const prepIds = prepIdsOf(mode, block);
              const fit: Unit = {
                id: hash(['fit', mode, group, task, model, replicate, modelKey, prepIds, block ?? null]),
                kind: 'fit',
                path: withBlock(`fit/${mode}/${slug(group)}/${task}/${model}/seed-${replicate}`, block),
                deps: prepIds,
                group,
                sites: groupSites,
                model,
                task,
                mode,
                replicate,
                ...blockKey,
              };
              fitIds.set(`${mode}/${task}/${model}/${replicate}/${block ?? ''}`, fit.id);
              units.push(fit);
            }
          }
        }
      }
    }
    if (!models.includes('lstm')) continue;
    for (const mode of modes) {
      for (let replicate = 0; replicate < verdictSeeds(config, 'lstm'); replicate++) {
        for (const block of blocks) {
          const deps = [...prepIdsOf(mode, block), ...GUIDED_BANDS.map((b) => fitIds.get(`${mode}/${b}/lstm/${replicate}/${block ?? ''}`)!)];
          units.push({
            id: hash(['cross', mode, group, replicate, deps]),
            kind: 'cross',
            path: withBlock(`cross/${mode}/${slug(group)}/seed-${replicate}`, block),
            deps,
            group,
            sites: groupSites,
            model: 'lstm',
            mode,
            replicate,
            ...(block === undefined ? {} : { block }),
          });
        }
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
