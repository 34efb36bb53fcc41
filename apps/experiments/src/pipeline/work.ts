/**
 * What each kind of unit does. Every function writes only into the folder it is given (the unit's
 * temporary folder, renamed into place when it returns) and reads the outputs of the units it
 * depends on through the run context.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWindowSource, fitScaler, IGBP_CLASSES, prepareSiteFile, Scaler, type TestBlock, type WindowSiteInput } from '@fluxscale/data';
import { decomposeSite, GUIDED_BANDS, otherBand, type GuidedBand, type SiteSplitOptions } from '@fluxscale/decomposition';
import { bestTrial, blockedFolds, evaluateFold, modelSpec, trialOf, trialParams, type FitOptions, type Params, type SearchPlan } from '@fluxscale/models';
import { writeJsonAtomic } from '@fluxscale/util';
import type { RunConfig } from '../config/schema.js';
import type { RunContext } from './context.js';
import type { Unit } from './plan.js';
import { predictionRows } from './predictions.js';
import { igbpFeatures, siteInBands, taskInput, writePrepared } from './prepared.js';
import { seedOf, trialSeedOf } from './seeds.js';
import { damagedUnitFile, readUnitJson } from './unit-files.js';

/** The rolling-origin test block `block` of a run (null: the chronological split, a leave-site-out fold, or a unit without a block). */
export function testBlockOf(config: Pick<RunConfig, 'evaluation'>, block: number | undefined): TestBlock | null {
  return block === undefined || config.evaluation.scheme !== 'rolling-origin' ? null : { initialTrain: config.evaluation.initialTrain, folds: config.evaluation.folds, block };
}

/** Whether a run holds whole sites out (leave-site-out): a training site then trains on its whole record. */
const leavesSitesOut = (settings: { readonly evaluation?: Pick<RunConfig['evaluation'], 'scheme'> }): boolean => settings.evaluation?.scheme === 'leave-site-out';

/**
 * The train/test split of a run's sites: the model input window, the training fraction (1 under
 * leave-site-out: every target day of a training site trains) and the test block (if any).
 */
export function siteSplit(settings: Pick<RunConfig, 'windows'> & { readonly evaluation?: Pick<RunConfig['evaluation'], 'scheme'>; readonly testBlock?: TestBlock | null }): SiteSplitOptions {
  return { window: settings.windows.length, trainFraction: leavesSitesOut(settings) ? 1 : settings.windows.trainFraction, testBlock: settings.testBlock ?? null };
}

/** The IGBP classes a run's models take as one-hot inputs: every class with pooled grouping, none per group. */
export const igbpClassesOf = (config: Pick<RunConfig, 'grouping'>): readonly string[] => (config.grouping === 'pooled' ? IGBP_CLASSES : []);

/** The model's input variables in feature order: the drivers, then (pooled) the one-hot IGBP class. */
export const modelDrivers = (config: Pick<RunConfig, 'grouping' | 'data'>): string[] => [...config.data.drivers, ...igbpFeatures(igbpClassesOf(config))];

/** Window inputs of the given sites for a unit's task (in the unit's SSA mode and block), with the run's one-hot IGBP inputs. */
const unitInputs = (ctx: RunContext, unit: Unit, sites: readonly string[], task = unit.task!): WindowSiteInput[] =>
  sites.map((s) => taskInput(ctx.site(s, unit.mode, unit.block), task, igbpClassesOf(ctx.config)));

/** How a run reads and prepares its site files: the data section's target, drivers, year selection, QC, plausible ranges and file format. */
export function siteReadOptions(config: RunConfig) {
  const { target, drivers, minYears, qcThreshold, outOfRange, format } = config.data;
  return { target, drivers, minYears, qcThreshold, outOfRange, format };
}

/** prepare: read, select, gap-fill one site and decompose its target and drivers into bands. */
export function prepareWork(ctx: RunContext, unit: Unit, out: string): void {
  const { config } = ctx;
  const input = unit.input!;
  const site = prepareSiteFile(input.file, { siteId: input.site, igbp: input.igbp, lat: input.lat, lon: input.lon }, siteReadOptions(config));
  const ssa = { ...config.ssa, mode: unit.mode ?? config.ssa.mode };
  writePrepared(out, siteInBands(site, decomposeSite(site, ssa, siteSplit({ ...config, testBlock: testBlockOf(config, unit.block) }))));
}

/**
 * The training samples of a group for a task, standardised with a scaler fitted on them: every
 * `windows.trainStride`-th day, or every day for a model that trains on runs of consecutive days
 * (its registry entry says so for its parameters, e.g. the LSTM's sequence formulation).
 */
function trainingSource(ctx: RunContext, unit: Unit, params: Params) {
  const { windows } = ctx.config;
  const inputs = unitInputs(ctx, unit, unit.sites!);
  const runs = modelSpec(unit.model!).sampling?.(params) === 'runs';
  const testBlock = testBlockOf(ctx.config, unit.block);
  const options = { ...siteSplit({ ...ctx.config, testBlock }), stride: runs ? 1 : windows.trainStride, drivers: modelDrivers(ctx.config) };
  const scaler = fitScaler(inputs, options);
  return { inputs, scaler, testBlock, source: createWindowSource(inputs, { ...options, split: 'train', scaler }) };
}

/** The random search of a unit's model as the run configures it. */
function searchPlan(config: RunConfig, model: string): SearchPlan {
  const space = config.search.spaces[model];
  return { spec: modelSpec(model), ...(space ? { space } : {}), fixed: (config.search.fixed[model] ?? {}) as Params };
}

/** What a unit's fit reports while it runs: each epoch of a neural model (see `FitOptions.onProgress`). */
export type UnitProgress = FitOptions['onProgress'];

/** tune: fit one trial's parameters on all folds but one and score the held-out fold (MSE, standardised). */
export async function tuneWork(ctx: RunContext, unit: Unit, out: string, signal?: AbortSignal, onProgress?: UnitProgress): Promise<void> {
  const plan = searchPlan(ctx.config, unit.model!);
  const params = trialParams(plan, unit.trial!, trialSeedOf(ctx.config.seed, unit, unit.trial!));
  const { source } = trainingSource(ctx, unit, params);
  const folds = blockedFolds(source, ctx.config.search.folds);
  const fold = await evaluateFold(plan.spec, params, source, folds, unit.fold!, { seed: seedOf(ctx.config.seed, unit), signal, onProgress });
  writeJsonAtomic(join(out, 'score.json'), { trial: unit.trial, fold: unit.fold, params, mse: fold.score, n: fold.n, fit: fold.fit });
}

/** Best parameters from a fit unit's tune units (see the models package's bestTrial), with every trial's scores. */
function bestParams(ctx: RunContext, unit: Unit): { params: Params; trials: unknown[] } {
  const tunes = unit.deps.map((id) => ctx.byId.get(id)!).filter((u) => u.kind === 'tune');
  if (tunes.length === 0) return { params: trialParams(searchPlan(ctx.config, unit.model!), 0, 0), trials: [] };
  const byTrial = new Map<number, { params: Params; scores: number[] }>();
  for (const t of tunes) {
    const file = join(ctx.dirOf(t), 'score.json');
    const score = readUnitJson<{ params: Params; mse: number }>(file);
    if (typeof score?.params !== 'object' || typeof score.mse !== 'number') throw damagedUnitFile(file, 'no params or mse');
    const entry = byTrial.get(t.trial!) ?? { params: score.params, scores: [] };
    entry.scores.push(score.mse);
    byTrial.set(t.trial!, entry);
  }
  const trials = [...byTrial.entries()].map(([trial, e]) => trialOf(trial, e.params, e.scores));
  const ranked = [...trials].sort((a, b) => a.meanScore - b.meanScore || a.index - b.index);
  return { params: bestTrial(trials).params, trials: ranked.map((t) => ({ trial: t.index, params: t.params, mse: t.meanScore, folds: t.foldScores })) };
}

/** Test (or whole-record: every target day, no stride) samples of sites, standardised with a given scaler; `testBlock` picks a rolling-origin block's test days. */
export function evaluationSource(
  windows: RunConfig['windows'],
  drivers: readonly string[],
  inputs: readonly WindowSiteInput[],
  scaler: Scaler,
  split: 'test' | 'all',
  testBlock: TestBlock | null = null,
) {
  return createWindowSource(inputs, {
    window: windows.length,
    trainFraction: windows.trainFraction,
    testBlock,
    stride: split === 'test' ? windows.testStride : 1,
    drivers,
    split,
    scaler,
  });
}

/**
/**
 * The samples a unit predicts, standardised with the fit's scaler: its sites' test part (of its test
 * block), or under leave-site-out its held-out sites' whole records; `task` picks the inputs' band.
 */
function predictedSource(ctx: RunContext, unit: Unit, scaler: Scaler, task = unit.task!) {
  const drivers = modelDrivers(ctx.config);
  if (unit.heldOut) return evaluationSource(ctx.config.windows, drivers, unitInputs(ctx, unit, unit.heldOut, task), scaler, 'all');
  return evaluationSource(ctx.config.windows, drivers, unitInputs(ctx, unit, unit.sites!, task), scaler, 'test', testBlockOf(ctx.config, unit.block));
}

/**
 * fit: train the model with the best parameters on the whole training part (of its test block, or its
 * training sites), save it, predict the test part (block, or held-out sites); a warm-started fit starts
 * from the previous block's model and trains for `evaluation.warmStart.epochs`.
 */
export async function fitWork(ctx: RunContext, unit: Unit, out: string, signal?: AbortSignal, onProgress?: UnitProgress): Promise<void> {
  const best = bestParams(ctx, unit);
  const { trials } = best;
  const spec = modelSpec(unit.model!);
  const from = unit.warmFrom === undefined ? undefined : ctx.byId.get(unit.warmFrom)!;
  const warmStart = from === undefined ? undefined : await spec.load(join(ctx.dirOf(from), 'model'));
  const params = warmStart === undefined ? best.params : { ...best.params, epochs: ctx.config.evaluation.warmStart!.epochs };
  const { scaler, source, testBlock } = trainingSource(ctx, unit, params);
  const model = spec.create(params, { seed: seedOf(ctx.config.seed, unit) });
  const report = await model.fit(source, { signal, onProgress, ...(warmStart === undefined ? {} : { warmStart }) });
  await model.save(join(out, 'model'));
  writeJsonAtomic(join(out, 'scaler.json'), scaler.toJSON());
  const { data, windows, ssa } = ctx.config;
  const modelInputs = { task: unit.task, target: data.target, drivers: data.drivers, igbpClasses: igbpClassesOf(ctx.config), windows, ssa, testBlock };
  const sites = { trainedOn: unit.sites, ...(unit.heldOut ? { heldOut: unit.heldOut } : {}) };
  const warm = from === undefined ? {} : { warmStart: { from: from.path, epochs: params.epochs } };
  writeJsonAtomic(join(out, 'fit.json'), { params, trials, report, trainSamples: source.size, sites, inputs: modelInputs, ...warm });
  const test = predictedSource(ctx, unit, scaler);
  writeFileSync(join(out, 'test.csv'), predictionRows(test, scaler, await model.predict(test)));
}

/** The scaler a fit unit saved beside its model (scaler.json of its folder `dir`). */
export function readScaler(dir: string): Scaler {
  const file = join(dir, 'scaler.json');
  const json = readUnitJson(file);
  try {
    return Scaler.fromJSON(json);
  } catch (err) {
    throw damagedUnitFile(file, (err as Error).message);
  }
}

/** The file a cross unit writes for the `model` band's LSTM applied to the other band's inputs. */
export const crossFile = (model: GuidedBand): string => `${model}-lstm-on-${otherBand(model)}.csv`;

/** cross: apply the seasonal LSTM to the IAV inputs and the IAV LSTM to the seasonal inputs (Table 2). */
export async function crossWork(ctx: RunContext, unit: Unit, out: string): Promise<void> {
  const spec = modelSpec('lstm');
  for (const modelTask of GUIDED_BANDS) {
    const fit = ctx.find('fit', { group: unit.group, task: modelTask, model: 'lstm', mode: unit.mode, replicate: unit.replicate, block: unit.block });
    const model = await spec.load(join(ctx.dirOf(fit), 'model'));
    const scaler = readScaler(ctx.dirOf(fit));
    const test = predictedSource(ctx, unit, scaler, otherBand(modelTask));
    writeFileSync(join(out, crossFile(modelTask)), predictionRows(test, scaler, await model.predict(test)));
  }
}
