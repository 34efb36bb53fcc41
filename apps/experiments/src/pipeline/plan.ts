/**
 * The planners of a run's grid of work, the building blocks of the experiments' plans: one unit per
 * site preparation, per group × model × task × trial × fold of the random search, per final fit, per
 * cross-scale application (planTables); the verdict's units per SSA mode and seed replicate instead
 * (no search; planVerdict), and the verdict's LSTM units once per driver set (planDrivers); the one
 * score unit over them all (scoreUnit). With rolling-origin evaluation every fit and cross-scale
 * application is planned once per test block (the search runs on the first block's training part); with leave-site-out once per site
 * fold (`block` is then the fold: the unit trains on `sites` and predicts `heldOut`), the search too,
 * on the fold's training sites only. With pooled grouping one model learns from every site (group
 * `pooled`). Each unit has a content id (a hash of its kind, keys, the configuration it depends on
 * and the ids of the units it needs), which is also its cache key.
 */
import { GUIDED_BANDS, TASKS, type DecompositionMode, type Task } from '@fluxscale/decomposition';
import { ConfigError, PAPER_DRIVERS, siteFolds } from '@fluxscale/data';
import { modelSpec } from '@fluxscale/models';
import type { RunConfig } from '../config/schema.js';
import { contentId } from './content-id.js';

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
  /** The sites a unit trains on (and, but under leave-site-out, predicts). */
  readonly sites?: readonly string[];
  /** Leave-site-out: the held-out sites a unit predicts over their whole records (none of them trains). */
  readonly heldOut?: readonly string[];
  readonly model?: string;
  readonly task?: Task;
  readonly trial?: number;
  readonly fold?: number;
  /** Verdict units: the SSA mode of the site decomposition they use (else the run's ssa.mode). */
  readonly mode?: DecompositionMode;
  /** Verdict units: the seed replicate (0 … seeds − 1) of a fit or cross-scale application. */
  readonly replicate?: number;
  /** Rolling-origin evaluation: the test block (0 … evaluation.folds − 1) a unit trains for and predicts; leave-site-out: the site fold it holds out; absent with the chronological split. */
  readonly block?: number;
  /** Warm-started fits (`evaluation.warmStart`): the id of the previous block's fit whose weights this fit starts from. */
  readonly warmFrom?: string;
  /** Drivers experiment: the driver set the unit reads and trains on (else the run's data.drivers). */
  readonly drivers?: readonly string[];
}

/** A usable site as planned: id, ecosystem group, daily file and metadata (IGBP, decimal degrees). */
export interface PlannedSite {
  readonly site: string;
  readonly group: string;
  readonly file: string;
  readonly igbp: string;
  readonly lat: number;
  readonly lon: number;
}

const slug = (group: string): string => group.replace(/\+/g, '-');

/** The test blocks of a run: one per rolling-origin fold, or the chronological split's one (undefined). */
export function testBlocks(config: RunConfig): Array<number | undefined> {
  return config.evaluation.scheme === 'rolling-origin' ? Array.from({ length: config.evaluation.folds }, (_, k) => k) : [undefined];
}

/** The model group of the pooled grouping: one model for every site. */
export const POOLED_GROUP = 'pooled';

/** The group whose model a site belongs to: its ecosystem group, or the one pooled group. */
const modelGroup = (config: RunConfig, site: PlannedSite): string => (config.grouping === 'pooled' ? POOLED_GROUP : site.group);

/** One block of a group's plan: the test block or site fold, the sites trained on, and (leave-site-out) the held-out sites. */
export interface GroupBlock {
  readonly block: number | undefined;
  readonly sites: readonly string[];
  readonly heldOut?: readonly string[];
}

/** The site fold of every planned site under leave-site-out (see `siteFolds`: seeded by the run's seed, within ecosystem groups). */
export function plannedSiteFolds(config: RunConfig, sites: readonly PlannedSite[]): Map<string, number> {
  return siteFolds(sites, config.evaluation.folds, config.seed);
}

/**
 * The blocks of one model group: per test block all its sites (a split in time), or, under
 * leave-site-out, per site fold among its sites the fold's sites held out and the others trained on.
 * A fold with nothing left to train on is an error naming evaluation.folds and the group.
 */
export function groupBlocks(config: RunConfig, group: string, groupSites: readonly string[], folds: ReadonlyMap<string, number> | null): GroupBlock[] {
  if (folds === null) return testBlocks(config).map((block) => ({ block, sites: groupSites }));
  const present = [...new Set(groupSites.map((s) => folds.get(s)!))].sort((a, b) => a - b);
  return present.map((block) => {
    const heldOut = groupSites.filter((s) => folds.get(s) === block);
    const sites = groupSites.filter((s) => folds.get(s) !== block);
    if (sites.length === 0) throw new Error(`evaluation.folds: group ${group} has ${groupSites.length} site(s), too few to leave one out and train on the rest; use grouping: pooled or drop the group`);
    return { block, sites, heldOut };
  });
}

/**
 * Refuses settings that leave-site-out cannot honour: train-only SSA among the SSA `modes` a plan
 * uses (a held-out site has no training part), naming their config `key`; fewer than 2 site folds.
 */
export function checkScheme(config: RunConfig, key: string, modes: readonly DecompositionMode[]): void {
  if (config.evaluation.scheme !== 'leave-site-out') return;
  if (modes.includes('train-only')) {
    throw new ConfigError(
      key,
      `train-only does not apply under evaluation.scheme leave-site-out — it fits each site's SSA on its training days, and a held-out site has none (its target is never trained on; its drivers are decomposed over its own whole record); use full`,
    );
  }
  if (config.evaluation.folds < 2) throw new ConfigError('evaluation.folds', `leave-site-out needs at least 2 site folds, got ${config.evaluation.folds}`);
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
      const unit: Unit = { id: contentId(['prepare', input, dataKey, block ?? null]), kind: 'prepare', path: withBlock(`${folder}/${site}`, block), deps: [], site, input, mode, ...(block === undefined ? {} : { block }) };
      out.set(`${site}|${block ?? ''}`, unit);
    }
  }
  return out;
}

/** The prepare units of the sites in the run's SSA mode, under prepare/ (as the tables' plan has them). */
export function planPrepare(config: RunConfig, sites: readonly PlannedSite[]): Unit[] {
  return [...prepareUnits(config, sites, config.ssa.mode, 'prepare').values()];
}

/** The prepare units a group's fit for `block` reads: each site's own for the block, or its only one. */
function preparesOf(prepare: ReadonlyMap<string, Unit>, sites: readonly string[], block: number | undefined): Unit[] {
  return sites.map((s) => prepare.get(`${s}|${block ?? ''}`) ?? prepare.get(`${s}|`)!);
}

/** The config's tasks and `extra` ones, in TASKS order (raw, seasonal, iav, trend). */
export function tasksWith(config: RunConfig, extra: readonly Task[]): Task[] {
  const wanted = new Set<Task>([...config.tasks, ...extra]);
  return TASKS.filter((t) => wanted.has(t));
}

/** Trials of the random search for one model (1 = no search: defaults plus fixed values). */
export function trialsFor(config: RunConfig, model: string): number {
  const t = config.search.trials;
  return typeof t === 'number' ? t : (t[model] ?? 1);
}

/** The site folds of a leave-site-out run, else null (a split in time). */
const foldsOf = (config: RunConfig, sites: readonly PlannedSite[]) => (config.evaluation.scheme === 'leave-site-out' ? plannedSiteFolds(config, sites) : null);

/** The model groups of the planned sites, each with its sites in plan order, groups sorted. */
function modelGroups(config: RunConfig, sites: readonly PlannedSite[]): Array<[string, string[]]> {
  const groups = [...new Set(sites.map((s) => modelGroup(config, s)))].sort();
  return groups.map((g) => [g, sites.filter((s) => modelGroup(config, s) === g).map((s) => s.site)]);
}

/** The keys a unit of `block` carries: the block, and the sites it trains on and holds out. */
const blockKeys = (b: GroupBlock) => ({ sites: b.sites, ...(b.block === undefined ? {} : { block: b.block }), ...(b.heldOut ? { heldOut: b.heldOut } : {}) });

/** What a plan of the paper's tables covers: the tasks and models fitted, and whether the band LSTMs are applied across scales (Table 2). */
export interface TablesGrid {
  readonly tasks: readonly Task[];
  readonly models: readonly string[];
  readonly cross: boolean;
}

/**
 * The units of the paper's tables and figures: prepare, search, fit per block, and (where the grid
 * asks for it and the config has the LSTM) the cross-scale application of the band LSTMs.
 */
export function planTables(config: RunConfig, sites: readonly PlannedSite[], grid: TablesGrid): Unit[] {
  const prepare = prepareUnits(config, sites, config.ssa.mode, 'prepare');
  const units: Unit[] = [...prepare.values()];
  const folds = foldsOf(config, sites);
  for (const [group, groupSites] of modelGroups(config, sites)) {
    const blocks = groupBlocks(config, group, groupSites, folds);
    const prepIdsOf = (b: GroupBlock) => preparesOf(prepare, [...b.sites, ...(b.heldOut ?? [])], b.block).map((u) => u.id);
    // The search runs on the first block's training part, or per site fold on the fold's training sites only.
    const tuneBlocks = folds === null ? blocks.filter((b) => b.block === searchBlock(config)) : blocks;
    const fits = new Map<string, Unit>();
    for (const task of grid.tasks) {
      for (const model of grid.models) {
        const modelKey = {
          seed: config.seed,
          threads: modelSpec(model).threaded ? config.threads : null,
          fixed: config.search.fixed[model] ?? {},
          space: config.search.spaces[model] ?? null,
          folds: config.search.folds,
        };
        const base = `${slug(group)}/${task}/${model}`;
        const tuneIds = new Map<number | undefined, string[]>();
        const trials = trialsFor(config, model);
        if (trials > 1) {
          for (const tb of tuneBlocks) {
            const ids: string[] = [];
            for (let trial = 0; trial < trials; trial++) {
              for (let fold = 0; fold < config.search.folds; fold++) {
                const deps = preparesOf(prepare, tb.sites, tb.block).map((u) => u.id);
                const unit: Unit = {
                  id: contentId(['tune', group, task, model, trial, fold, modelKey, deps]),
                  kind: 'tune',
                  path: folds === null ? `tune/${base}/trial-${trial}-fold-${fold}` : withBlock(`tune/${base}/trial-${trial}-fold-${fold}`, tb.block),
                  deps,
                  group,
                  model,
                  task,
                  trial,
                  fold,
                  sites: tb.sites,
                  ...(tb.block === undefined ? {} : { block: tb.block }),
                };
                ids.push(unit.id);
                units.push(unit);
              }
            }
            tuneIds.set(tb.block, ids);
          }
        }
        for (const b of blocks) {
          const prepIds = prepIdsOf(b);
          const tunes = (folds === null ? [...tuneIds.values()][0] : tuneIds.get(b.block)) ?? [];
          const fit: Unit = {
            id: contentId(['fit', group, task, model, trials, modelKey, prepIds, tunes, b.block ?? null, ...(b.heldOut ? [b.heldOut] : [])]),
            kind: 'fit',
            path: withBlock(`fit/${base}`, b.block),
            deps: [...prepIds, ...tunes],
            group,
            model,
            task,
            ...blockKeys(b),
          };
          fits.set(`${task}/${model}/${b.block ?? ''}`, fit);
          units.push(fit);
        }
      }
    }
    if (grid.cross && config.models.includes('lstm')) {
      for (const b of blocks) {
        const deps = [...prepIdsOf(b), fits.get(`seasonal/lstm/${b.block ?? ''}`)!.id, fits.get(`iav/lstm/${b.block ?? ''}`)!.id];
        units.push({ id: contentId(['cross', group, deps]), kind: 'cross', path: withBlock(`cross/${slug(group)}`, b.block), deps, group, model: 'lstm', ...blockKeys(b) });
      }
    }
  }
  return units;
}

/** The unit that scores a run: it needs every other unit; its path and content id carry the experiment's name. */
export function scoreUnit(experiment: string, units: readonly Unit[]): Unit {
  const deps = units.map((u) => u.id);
  return { id: contentId(['score', experiment, deps]), kind: 'score', path: `score/${experiment}`, deps };
}

/**
 * The verdict's grid: per SSA mode, the prepare units of the sites; per group × model × seed replicate
 * × test block, one unguided fit (raw NEE: its inputs are the same in every SSA mode, so one fit
 * serves both modes) and, per mode, a fit of each guided band, with the profile's fixed parameters
 * (no search); per mode × group × replicate × block, the cross-scale application of the band LSTMs.
 */
export function planVerdict(config: RunConfig, sites: readonly PlannedSite[]): Unit[] {
  const { modes, models } = config.verdict;
  const units: Unit[] = [];
  const folds = foldsOf(config, sites);
  const prepares = new Map(modes.map((mode) => [mode, prepareUnits(config, sites, mode, `prepare/${mode}`)] as const));
  for (const p of prepares.values()) units.push(...p.values());
  for (const [group, groupSites] of modelGroups(config, sites)) {
    const blocks = groupBlocks(config, group, groupSites, folds);
    const prepIdsOf = (mode: DecompositionMode, b: GroupBlock) => preparesOf(prepares.get(mode)!, [...b.sites, ...(b.heldOut ?? [])], b.block).map((u) => u.id);
    const fitIds = new Map<string, string>();
    for (const model of models) {
      const modelKey = { seed: config.seed, threads: modelSpec(model).threaded ? config.threads : null, fixed: config.search.fixed[model] ?? {} };
      for (let replicate = 0; replicate < verdictSeeds(config, model); replicate++) {
        for (const b of blocks) {
          const { block } = b;
          const blockKey = blockKeys(b);
          const held = b.heldOut ? [b.heldOut] : [];
          const raw = prepIdsOf(modes[0], b);
          units.push({
            id: contentId(['fit', group, 'raw', model, replicate, modelKey, raw, block ?? null, ...held]),
            kind: 'fit',
            path: withBlock(`fit/unguided/${slug(group)}/${model}/seed-${replicate}`, block),
            deps: raw,
            group,
            model,
            task: 'raw',
            replicate,
            ...blockKey,
          });
          for (const mode of modes) {
            for (const task of GUIDED_BANDS) {
              const prepIds = prepIdsOf(mode, b);
              const fit: Unit = {
                id: contentId(['fit', mode, group, task, model, replicate, modelKey, prepIds, block ?? null, ...held]),
                kind: 'fit',
                path: withBlock(`fit/${mode}/${slug(group)}/${task}/${model}/seed-${replicate}`, block),
                deps: prepIds,
                group,
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
        for (const b of blocks) {
          const { block } = b;
          const deps = [...prepIdsOf(mode, b), ...GUIDED_BANDS.map((band) => fitIds.get(`${mode}/${band}/lstm/${replicate}/${block ?? ''}`)!)];
          units.push({
            id: contentId(['cross', mode, group, replicate, deps]),
            kind: 'cross',
            path: withBlock(`cross/${mode}/${slug(group)}/seed-${replicate}`, block),
            deps,
            group,
            model: 'lstm',
            mode,
            replicate,
            ...blockKeys(b),
          });
        }
      }
    }
  }
  return units;
}

/** The driver sets the drivers experiment compares: the 110-site set's three and the paper's five. */
export const DRIVER_SETS: Readonly<Record<'three' | 'five', readonly string[]>> = { three: ['TA_F', 'SW_IN_F', 'VPD_F'], five: PAPER_DRIVERS };

/**
 * The drivers experiment's grid: the verdict's prepare and fit units of the LSTM (unguided, guided
 * bands; no cross-scale application) once per driver set, each under a folder named after its set, its units carrying their drivers; the
 * same sites, seeds and test blocks in both.
 */
export function planDrivers(config: RunConfig, sites: readonly PlannedSite[]): Unit[] {
  if (config.data.drivers.join(',') !== DRIVER_SETS.five.join(',')) {
    throw new ConfigError('data.drivers', `experiment drivers selects its sites with the paper's drivers ${DRIVER_SETS.five.join(',')} and compares them with ${DRIVER_SETS.three.join(',')}; got ${config.data.drivers.join(',')}`);
  }
  const units: Unit[] = [];
  for (const [name, drivers] of Object.entries(DRIVER_SETS)) {
    const scoped: RunConfig = { ...config, data: { ...config.data, drivers: [...drivers] }, verdict: { ...config.verdict, models: ['lstm'] } };
    for (const unit of planVerdict(scoped, sites)) if (unit.kind === 'prepare' || unit.kind === 'fit') units.push({ ...unit, path: `${name}/${unit.path}`, drivers });
  }
  return units;
}

/** Seed replicates of one model in the verdict. */
export function verdictSeeds(config: RunConfig, model: string): number {
  const s = config.verdict.seeds;
  return typeof s === 'number' ? s : (s[model] ?? 1);
}
