/**
 * What each kind of unit does. Every function writes only into the folder it is given (the unit's
 * temporary folder, renamed into place when it returns) and reads the outputs of the units it
 * depends on through the run context.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWindowSource, fitScaler, formatDay, prepareSiteFile, Scaler, trainEndIndex, type PreparedSite, type WindowSiteInput } from '@fluxscale/data';
import { decomposeBands, DEFAULT_WINDOW as SSA_WINDOW } from '@fluxscale/decomposition';
import { blockedFolds, complementOf, modelSpec, mse, sampleParams, type Params } from '@fluxscale/models';
import type { ModelKind, RunConfig, TaskName } from '../config/schema.js';
import { writeJsonAtomic } from '../run/atomic.js';
import type { RunContext } from './context.js';
import type { Unit } from './plan.js';
import { preparedBands, taskInput, writePrepared, type PreparedBands, type PreparedSiteInfo, type SeriesKind } from './prepared.js';
import { seedOf, trialRng } from './seeds.js';

/** SSA window for a span of `n` days: the package default (1461 d) capped at n/2, or the config's. */
export function ssaWindow(settings: Pick<RunConfig, 'ssa'>, n: number): number {
  return Math.min(settings.ssa.window ?? SSA_WINDOW, Math.floor(n / 2));
}


/** The settings that turn a prepared site into bands and windows, as stored with every fitted model. */
export type BandSettings = Pick<RunConfig, 'ssa' | 'windows'>;

/** Decomposes a prepared site's target and drivers into bands (SSA mode and window from `settings`). */
export function decomposeSite(site: PreparedSite, settings: BandSettings): PreparedBands {
  const n = site.dates.length;
  const trainLength = trainEndIndex(n, settings.windows.length, settings.windows.trainFraction);
  const trainOnly = settings.ssa.mode === 'train-only';
  const variables = [site.targetName, ...Object.keys(site.drivers)];
  const data: Record<string, Record<SeriesKind, Float64Array>> = {};
  const ssa: Record<string, unknown> = {};
  for (const [k, name] of variables.entries()) {
    const original = k === 0 ? site.target : site.drivers[name];
    const bands = decomposeBands(original, {
      window: ssaWindow(settings, trainOnly ? trainLength : n),
      ...(settings.ssa.rank ? { rank: settings.ssa.rank } : {}),
      mode: settings.ssa.mode,
      ...(trainOnly ? { trainLength, extension: k === 0 ? ('forecast' as const) : ('project' as const) } : {}),
    });
    data[name] = { original, seasonal: bands.seasonal, iav: bands.iav, trend: bands.trend };
    const m = bands.meta;
    ssa[name] = { mode: m.mode, extension: m.extension, window: m.window, rank: m.rank, capturedShare: m.capturedShare, bandVarianceShare: m.bandVarianceShare };
  }
  const info: PreparedSiteInfo = {
    siteId: site.siteId,
    igbp: site.igbp,
    group: site.group,
    lat: site.lat,
    lon: site.lon,
    file: site.file,
    firstDay: site.dates[0],
    nDays: n,
    variables,
    trainLength,
    fill: Object.fromEntries(
      Object.entries(site.fill).map(([v, r]) => [v, { missing: r.missing, filledFraction: r.filledFraction, longestGap: r.longestGap }]),
    ),
    ssa,
  };
  return preparedBands(info, data);
}

/** prepare: read, select, gap-fill one site and decompose its target and drivers into bands. */
export function prepareWork(ctx: RunContext, unit: Unit, out: string): void {
  const { config } = ctx;
  const input = unit.input!;
  const site = prepareSiteFile(input.file, { siteId: input.site, igbp: input.igbp, lat: input.lat, lon: input.lon }, {
    target: config.data.target,
    drivers: config.data.drivers,
    minYears: config.data.minYears,
    qcThreshold: config.data.qcThreshold,
  });
  writePrepared(out, decomposeSite(site, config));
}

/** The training samples of a group for a task, standardised with a scaler fitted on them. */
function trainingSource(ctx: RunContext, unit: Unit) {
  const { windows, data } = ctx.config;
  const inputs = unit.sites!.map((s) => taskInput(ctx.site(s), unit.task!));
  const options = { window: windows.length, trainFraction: windows.trainFraction, stride: windows.trainStride, drivers: data.drivers };
  const scaler = fitScaler(inputs, options);
  return { inputs, scaler, source: createWindowSource(inputs, { ...options, split: 'train', scaler }) };
}

/** Hyper-parameters of a trial: drawn from the search space (trial ≥ 1; trial 0 is the defaults) plus fixed values. */
export function trialParams(config: RunConfig, unit: Unit, trial: number): Params {
  const model = unit.model!;
  const spec = modelSpec(model);
  const fixed = config.search.fixed[model] ?? {};
  if (trial === 0) return { ...spec.defaults, ...fixed };
  const space = config.search.spaces[model] ?? spec.space;
  const free = Object.fromEntries(Object.entries(space).filter(([name]) => !(name in fixed)));
  return { ...spec.defaults, ...sampleParams(free, trialRng(config.seed, unit, trial)), ...fixed };
}

/** tune: fit one trial's parameters on all folds but one and score the held-out fold (MSE, standardised). */
export async function tuneWork(ctx: RunContext, unit: Unit, out: string, signal?: AbortSignal): Promise<void> {
  const { source } = trainingSource(ctx, unit);
  const folds = blockedFolds(source, ctx.config.search.folds);
  const validation = folds[unit.fold!];
  const train = complementOf(folds, unit.fold!);
  const params = trialParams(ctx.config, unit, unit.trial!);
  const model = modelSpec(unit.model!).create(params, { seed: seedOf(ctx.config.seed, unit) });
  const report = await model.fit(source.subset(train), { signal });
  const held = source.subset(validation);
  const predicted = await model.predict(held);
  const observed = held.batch(Int32Array.from({ length: held.size }, (_, i) => i)).y;
  writeJsonAtomic(join(out, 'score.json'), { trial: unit.trial, fold: unit.fold, params, mse: mse(predicted, observed), n: held.size, fit: report });
}

/** Best parameters from a fit unit's tune units: lowest mean held-out MSE over folds (ties: lowest trial). */
function bestParams(ctx: RunContext, unit: Unit): { params: Params; trials: unknown[] } {
  const tunes = unit.deps.map((id) => ctx.byId.get(id)!).filter((u) => u.kind === 'tune');
  if (tunes.length === 0) return { params: trialParams(ctx.config, unit, 0), trials: [] };
  const byTrial = new Map<number, { params: Params; scores: number[] }>();
  for (const t of tunes) {
    const score = JSON.parse(readFileSync(join(ctx.dirOf(t), 'score.json'), 'utf8')) as { params: Params; mse: number };
    const entry = byTrial.get(t.trial!) ?? { params: score.params, scores: [] };
    entry.scores.push(score.mse);
    byTrial.set(t.trial!, entry);
  }
  const trials = [...byTrial.entries()]
    .map(([trial, e]) => ({ trial, params: e.params, mse: e.scores.reduce((a, b) => a + b, 0) / e.scores.length, folds: e.scores }))
    .sort((a, b) => a.mse - b.mse || a.trial - b.trial);
  return { params: trials[0].params, trials };
}

/** Observed and predicted values of samples, in the target's units, as CSV rows site,date,observed,predicted. */
export function predictionRows(source: ReturnType<typeof createWindowSource>, scaler: Scaler, predicted: Float32Array): string {
  const observed = scaler.inverseTarget(source.batch(Int32Array.from({ length: source.size }, (_, i) => i)).y);
  const values = scaler.inverseTarget(predicted);
  const rows = ['site,date,observed,predicted'];
  for (let i = 0; i < source.size; i++) {
    rows.push(`${source.siteIds[source.sampleSite[i]]},${formatDay(source.sampleDay[i])},${observed[i]},${values[i]}`);
  }
  return `${rows.join('\n')}\n`;
}

/** Test (or whole-record) samples of sites, standardised with a given scaler. */
export function evaluationSource(windows: RunConfig['windows'], drivers: readonly string[], inputs: readonly WindowSiteInput[], scaler: Scaler, split: 'test' | 'all') {
  return createWindowSource(inputs, {
    window: windows.length,
    trainFraction: windows.trainFraction,
    stride: split === 'test' ? windows.testStride : 1,
    drivers,
    split,
    scaler,
  });
}

/** fit: train the model with the best parameters on the whole training part, save it, predict the test part. */
export async function fitWork(ctx: RunContext, unit: Unit, out: string, signal?: AbortSignal): Promise<void> {
  const { inputs, scaler, source } = trainingSource(ctx, unit);
  const { params, trials } = bestParams(ctx, unit);
  const model = modelSpec(unit.model!).create(params, { seed: seedOf(ctx.config.seed, unit) });
  const report = await model.fit(source, { signal });
  await model.save(join(out, 'model'));
  writeJsonAtomic(join(out, 'scaler.json'), scaler.toJSON());
  const { data, windows, ssa } = ctx.config;
  const modelInputs = { task: unit.task, target: data.target, drivers: data.drivers, windows, ssa };
  writeJsonAtomic(join(out, 'fit.json'), { params, trials, report, trainSamples: source.size, inputs: modelInputs });
  const test = evaluationSource(ctx.config.windows, ctx.config.data.drivers, inputs, scaler, 'test');
  writeFileSync(join(out, 'test.csv'), predictionRows(test, scaler, await model.predict(test)));
  if (unit.task === 'raw') {
    const all = evaluationSource(ctx.config.windows, ctx.config.data.drivers, inputs, scaler, 'all');
    writeFileSync(join(out, 'all.csv'), predictionRows(all, scaler, await model.predict(all)));
  }
}

/** cross: apply the seasonal LSTM to the IAV inputs and the IAV LSTM to the seasonal inputs (Table 2). */
export async function crossWork(ctx: RunContext, unit: Unit, out: string): Promise<void> {
  const spec = modelSpec('lstm');
  for (const [modelTask, inputTask] of [['seasonal', 'iav'], ['iav', 'seasonal']] as Array<[TaskName, TaskName]>) {
    const fit = ctx.find('fit', { group: unit.group, task: modelTask, model: 'lstm' as ModelKind });
    const model = await spec.load(join(ctx.dirOf(fit), 'model'));
    const scaler = Scaler.fromJSON(JSON.parse(readFileSync(join(ctx.dirOf(fit), 'scaler.json'), 'utf8')));
    const inputs = unit.sites!.map((s) => taskInput(ctx.site(s), inputTask));
    const test = evaluationSource(ctx.config.windows, ctx.config.data.drivers, inputs, scaler, 'test');
    writeFileSync(join(out, `${modelTask}-lstm-on-${inputTask}.csv`), predictionRows(test, scaler, await model.predict(test)));
  }
}

