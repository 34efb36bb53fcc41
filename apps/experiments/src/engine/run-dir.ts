/**
 * The run directory: resolving a run's one configuration, selecting its sites, creating (or
 * re-opening) the directory with its config, plan and manifest, closing the manifest with the
 * outcome, and reading a planned run back — refusing one written by other package versions.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { formatDay, prepareDirectory, SAMPLE_DATA_DIR, splitBounds, type OutOfRangeReport } from '@fluxscale/data';
import { describeFileError, parseJsonText, readJsonFile, readTextFile, tempName, writeFileAtomic, writeJsonAtomic } from '@fluxscale/util';
import { loadConfig } from '../config/load.js';
import { DEFAULT_FOLDS, parseRunConfig, type EvaluationScheme, type Grouping, type RunConfig } from '../config/schema.js';
import { planUnits, type RegisteredExperiment } from '../experiments/experiment.js';
import { experimentNames, findExperiment } from '../experiments/registry.js';
import { RunContext } from '../pipeline/context.js';
import { STAGES, testBlocks, type PlannedSite, type Unit, type UnitKind } from '../pipeline/plan.js';
import { siteReadOptions, siteSplit, testBlockOf } from '../pipeline/work.js';
import { gitCommit, packageVersions } from './manifest.js';
import { outOfRangeLines, refuseStdoutFolder, siteOutOfRange } from './output.js';
import { log } from './progress.js';
import { unitSeconds } from './store.js';

/** Where a run's configuration comes from and where the run lives: a profile, a user config and overrides, or an existing run. */
export interface RunRequest {
  /** A user config file (YAML or JSON) over the profile. */
  readonly config?: string;
  readonly profile?: string;
  readonly data?: string;
  /** The format of the site files (data.format). */
  readonly dataFormat?: string;
  readonly meta?: string;
  readonly drivers?: readonly string[];
  readonly backend?: RunConfig['backend'];
  readonly seed?: number;
  /** The evaluation scheme (evaluation.scheme). */
  readonly scheme?: EvaluationScheme;
  /** Which sites one model learns from (grouping). */
  readonly grouping?: Grouping;
  /** Model plugin files, added to the config's `plugins`. */
  readonly plugin?: readonly string[];
  /** The new run directory (default runs/<date>-<experiment>-<profile>). */
  readonly out?: string;
  /** An existing run directory to resume: its own config.json applies. */
  readonly resume?: string;
}

/** The settings of a request that configure a new run, refused where an existing run's config.json applies. */
export const CONFIG_REQUEST_KEYS = ['config', 'profile', 'data', 'dataFormat', 'meta', 'drivers', 'backend', 'seed', 'scheme', 'grouping', 'plugin'] as const;

/** Throws `reason; drop --a, --b` when the request sets any config key or any of `also`. */
export function refuseConfigKeys(request: RunRequest, also: ReadonlyArray<'out' | 'resume'>, reason: string): void {
  const clash = [...CONFIG_REQUEST_KEYS, ...also].filter((k) => request[k] !== undefined);
  if (clash.length > 0) throw new Error(`${reason}; drop ${clash.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
}

/** A run directory as planned. */
export interface PlannedRun {
  readonly runDir: string;
  /** The name of its experiment (see experiments/registry.ts). */
  readonly experiment: string;
  readonly config: RunConfig;
  readonly units: readonly Unit[];
}

/** What to do about a damaged file that only the run's planning writes (config.json, manifest.json, units.jsonl). */
const DAMAGED_PLAN = 'the run directory is damaged: restore the file from a copy of the run, or start a new run with --out';

/** A run directory's stored, checked config.json; `flag` names the option that gave the directory in errors. */
export function readRunConfig(dir: string, flag: string): RunConfig {
  const runDir = resolve(dir);
  requireDirectory(runDir, flag);
  const file = join(runDir, 'config.json');
  if (!existsSync(file)) throw new Error(`${flag}: ${file} not found (not a fluxscale run directory)`);
  return parseRunConfig(readJsonFile(file, DAMAGED_PLAN));
}

/** The run's configuration: the stored one when resuming, else profile + config file + overrides. */
export function resolveRunConfig(request: RunRequest): RunConfig {
  if (request.resume) {
    refuseConfigKeys(request, ['out'], "--resume uses the run's own config.json");
    return readRunConfig(request.resume, '--resume');
  }
  const overrides: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  if (request.data) data.dir = request.data;
  if (request.dataFormat) data.format = request.dataFormat;
  if (request.meta) data.meta = request.meta;
  if (request.drivers) data.drivers = request.drivers;
  if (Object.keys(data).length > 0) overrides.data = data;
  if (request.backend) overrides.backend = request.backend;
  if (request.seed !== undefined) overrides.seed = request.seed;
  if (request.grouping) overrides.grouping = request.grouping;
  if (request.plugin?.length) overrides.plugins = request.plugin;
  const load = () => loadConfig({ profile: request.profile ?? 'quick', configFile: request.config, overrides });
  // A scheme the flag switches to takes its own number of folds: they count test blocks or site folds.
  if (request.scheme && request.scheme !== load().evaluation.scheme) overrides.evaluation = { scheme: request.scheme, folds: DEFAULT_FOLDS[request.scheme] };
  const config = load();
  return { ...config, threads: config.threads ?? availableParallelism() };
}

/** The usable sites of the configured data, with the skipped ones and their reasons. */
export function selectSites(config: RunConfig): {
  sites: PlannedSite[];
  skipped: Array<{ site: string; reason: string }>;
  /** Per site and variable: values read as missing because they lay outside the plausible range (count, first line and value). */
  outOfRange: Record<string, Record<string, OutOfRangeReport>>;
  /** Per site: the first training day, the first test day and the last test day (ISO dates) of each test block. */
  splits: Record<string, SiteSplitDates[]>;
} {
  const dir = config.data.dir ?? SAMPLE_DATA_DIR;
  const prepared = prepareDirectory(dir, { ...siteReadOptions(config), ...(config.data.meta ? { meta: config.data.meta } : {}) });
  const wanted = config.data.sites;
  const skipped = prepared.skipped.map((s) => ({ site: s.siteId, reason: s.reason }));
  const sites: PlannedSite[] = [];
  const outOfRange: Record<string, Record<string, OutOfRangeReport>> = {};
  const splits: Record<string, SiteSplitDates[]> = {};
  for (const s of prepared.sites) {
    if (wanted && !wanted.includes(s.siteId)) continue;
    sites.push({ site: s.siteId, group: s.group, file: s.file, igbp: s.igbp, lat: s.lat, lon: s.lon });
    splits[s.siteId] = testBlocks(config).map((block) => {
      const b = splitBounds(s.dates.length, siteSplit({ ...config, testBlock: testBlockOf(config, block) }), s.siteId);
      // Leave-site-out: the whole record trains in the other folds' models and tests in its own fold's.
      const testFrom = config.evaluation.scheme === 'leave-site-out' ? b.trainStart : b.trainEnd;
      return { block: block ?? null, trainFrom: formatDay(s.dates[b.trainStart]), testFrom: formatDay(s.dates[testFrom]), testTo: formatDay(s.dates[b.testEnd - 1]) };
    });
    const reports = siteOutOfRange(s);
    if (Object.keys(reports).length > 0) outOfRange[s.siteId] = reports;
  }
  for (const id of wanted ?? []) {
    if (!sites.some((s) => s.site === id) && !skipped.some((s) => s.site === id)) skipped.push({ site: id, reason: `not found in ${dir}` });
  }
  for (const lone of loneGroupSites(config, sites)) {
    sites.splice(sites.indexOf(lone), 1);
    skipped.push({ site: lone.site, reason: `the only site of ecosystem group ${lone.group}: leave-site-out with grouping per-group has no other site to train its model on (grouping: pooled keeps it)` });
  }
  if (sites.length === 0) throw new Error(`no usable site in ${dir}${skipped.length ? `: ${skipped.map((s) => `${s.site} (${s.reason})`).join('; ')}` : ''}`);
  return { sites, skipped, outOfRange, splits };
}

/** The sites alone in their ecosystem group, which leave-site-out per group cannot predict (none under other settings). */
function loneGroupSites(config: RunConfig, sites: readonly PlannedSite[]): PlannedSite[] {
  if (config.evaluation.scheme !== 'leave-site-out' || config.grouping !== 'per-group') return [];
  return sites.filter((s) => sites.filter((t) => t.group === s.group).length === 1);
}

/** A test block's dates at one site: first training target day, first and last test day (ISO); block null for the chronological split and leave-site-out (the site's fold is in the manifest's evaluation.siteFolds). */
export interface SiteSplitDates {
  readonly block: number | null;
  readonly trainFrom: string;
  readonly testFrom: string;
  readonly testTo: string;
}

/** Each leave-site-out fold of each model group: the sites its models train on and the held-out sites they predict. */
export function siteFoldsOf(units: readonly Unit[]): Array<{ group: string; fold: number; trainedOn: readonly string[]; heldOut: readonly string[] }> {
  const folds = new Map<string, { group: string; fold: number; trainedOn: readonly string[]; heldOut: readonly string[] }>();
  for (const u of units) {
    if (u.kind === 'fit' && u.heldOut) folds.set(`${u.group}|${u.block}`, { group: u.group!, fold: u.block!, trainedOn: u.sites!, heldOut: u.heldOut });
  }
  return [...folds.values()];
}

/** A fresh run directory name under runs/ that does not exist yet. */
function defaultRunDir(experiment: string, profile: string): string {
  const base = resolve('runs', `${new Date().toISOString().slice(0, 10)}-${experiment}-${profile}`);
  let dir = base;
  for (let k = 2; existsSync(dir); k++) dir = `${base}-${k}`;
  return dir;
}

/** An open run: its experiment, its context (directory, config, plan) and the manifest written so far. */
export interface OpenRun {
  readonly experiment: RegisteredExperiment;
  readonly ctx: RunContext;
  readonly manifest: Record<string, unknown>;
}

/** `find()`, or where it finds nothing, `find()` again after `loadPlugins()`: a plugin that a run's config names may register what is looked for. */
export function findWithPlugins<T>(find: () => T | undefined, loadPlugins: () => unknown): T | undefined {
  const found = find();
  if (found !== undefined) return found;
  loadPlugins();
  return find();
}

/** Throws `<name> must be one of NAMES, got 'NAME'` (the CLI's argument error) unless `found`. */
export function requireName<T>(found: T | undefined, name: string, names: readonly string[]): T {
  if (found === undefined) throw new Error(`<name> must be one of ${names.join(', ')}, got '${name}'`);
  return found;
}

/** The registered experiment `name` of a request, a plugin's of its config (or of the run it resumes) included. */
function requestedExperiment(name: string, request: RunRequest): RegisteredExperiment {
  return requireName(findWithPlugins(() => findExperiment(name), () => resolveRunConfig(request)), name, experimentNames());
}

/** Throws unless `dir` is a directory or does not exist yet (`flag` names where it came from). */
function requireDirectory(dir: string, flag: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) throw new Error(`${flag} ${dir} is a file; the run directory must be a directory (a new one, or one holding a run to resume)`);
}

/** Checks that files can be written in `runDir` (or, before it exists, in its nearest existing parent) and creates it, before any work is done. */
function requireWritable(runDir: string): void {
  let dir = runDir;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const probe = tempName(join(dir, '.write-check'));
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    mkdirSync(runDir, { recursive: true });
  } catch (err) {
    throw new Error(`the run directory ${runDir} cannot be written: ${describeFileError(err)}; choose a writable --out (or make it writable)`);
  }
}

/**
 * Creates a run directory with its config, plan and manifest — config.json last, so that a
 * directory holding one is a complete plan — or re-opens one to resume with its stored config and
 * plan (units.jsonl), whatever the data directory holds now.
 */
export function openRun(name: string, request: RunRequest): OpenRun {
  const experiment = requestedExperiment(name, request);
  const { defaultProfile } = experiment;
  const config = resolveRunConfig(request.profile || request.resume || !defaultProfile ? request : { ...request, profile: defaultProfile });
  if (request.resume) return reopenRun(experiment, resolve(request.resume));
  refuseStdoutFolder('--out', request.out, 'a run is a folder');
  const runDir = resolve(request.out ?? defaultRunDir(experiment.name, config.profile));
  requireDirectory(runDir, '--out');
  if (existsSync(join(runDir, 'config.json'))) {
    throw new Error(`--out ${runDir} already holds a run; resume it with --resume ${runDir} or choose another directory`);
  }
  requireWritable(runDir);
  const { sites, skipped, outOfRange, splits } = selectSites(config);
  for (const [site, reports] of Object.entries(outOfRange)) for (const line of outOfRangeLines(site, reports)) log(line);
  const units = planUnits(experiment, config, sites);
  writeFileAtomic(join(runDir, 'units.jsonl'), `${units.map((u: Unit) => JSON.stringify(u)).join('\n')}\n`);
  const manifest: Record<string, unknown> = {
    experiment: experiment.name,
    profile: config.profile,
    createdAt: new Date().toISOString(),
    versions: packageVersions(),
    gitCommit: gitCommit(),
    node: process.version,
    seed: config.seed,
    data: { dir: config.data.dir ?? SAMPLE_DATA_DIR, target: config.data.target, drivers: config.data.drivers },
    ssa: config.ssa,
    /** How each site is split: the scheme and, per site, each test block's dates; under leave-site-out each fold's training and held-out sites per model group. */
    evaluation: { ...config.evaluation, sites: splits, ...(config.evaluation.scheme === 'leave-site-out' ? { siteFolds: siteFoldsOf(units) } : {}) },
    grouping: config.grouping,
    /** What band predictions are scored against, whatever the SSA mode. */
    truth: 'the observed target decomposed over its whole record (full-record SSA), never a forecast',
    /** How a raw prediction is put into bands (the unguided model, the no-skill baseline). */
    unguided: 'out of sample: the observed target with the test days replaced by the prediction, decomposed over the whole record with the truth bands\u2019 window and rank, read off on the test days',
    sites: sites.map(({ site, group, igbp, lat, lon }) => ({ site, group, igbp, lat, lon, ...(outOfRange[site] ? { outOfRange: outOfRange[site] } : {}) })),
    skipped,
    units: units.length,
  };
  writeJsonAtomic(join(runDir, 'manifest.json'), manifest);
  writeJsonAtomic(join(runDir, 'config.json'), config);
  return { experiment, ctx: new RunContext(runDir, config, units), manifest };
}

/** Re-opens a planned run directory to resume it: its stored config, plan and manifest. */
function reopenRun(experiment: RegisteredExperiment, runDir: string): OpenRun {
  const run = readPlannedRun(runDir);
  if (run.experiment !== experiment.name) throw new Error(`--resume: ${runDir} is a '${run.experiment}' run, not '${experiment.name}'`);
  requireWritable(runDir);
  const manifest = { ...readManifest(runDir), resumedAt: new Date().toISOString() };
  return { experiment, ctx: contextOf(run), manifest };
}

/** Outcome counts of an execution, with the wall time per stage in seconds. */
export interface ExecutionSummary {
  /** Units run by this process. */
  done: number;
  /** Units found done when their stage began. */
  skipped: number;
  /** Units another process (a concurrent resume) finished during this execution. */
  elsewhere: number;
  failed: Array<{ unit: Unit; message: string }>;
  /** Units in flight when the run was interrupted or stopped: nothing of them is kept, they run again on resume. */
  aborted: Unit[];
  stageSeconds: Partial<Record<UnitKind, number>>;
  /** Ctrl-C (or SIGTERM) stopped the run. */
  interrupted: boolean;
  /** Why the run stopped early, when a unit could not write (disk full, read-only). */
  stopped?: string;
}

/**
 * Where a run's time went: the seconds of its finished units (each unit's own run time, summed over
 * units, so over all workers) per stage, per model, and per stage and model ('-' for units of no
 * model: prepare, score).
 */
export function timeProfile(ctx: RunContext): { byStage: Record<string, number>; byModel: Record<string, number>; byStageAndModel: Record<string, Record<string, number>> } {
  const byStage: Record<string, number> = {};
  const byModel: Record<string, number> = {};
  const byStageAndModel: Record<string, Record<string, number>> = {};
  const round = (v: number) => Math.round(v * 10) / 10;
  for (const unit of ctx.units) {
    const seconds = unitSeconds(ctx.runDir, unit);
    if (seconds === null) continue;
    const model = unit.model ?? '-';
    byStage[unit.kind] = round((byStage[unit.kind] ?? 0) + seconds);
    byModel[model] = round((byModel[model] ?? 0) + seconds);
    byStageAndModel[unit.kind] ??= {};
    byStageAndModel[unit.kind][model] = round((byStageAndModel[unit.kind][model] ?? 0) + seconds);
  }
  return { byStage, byModel, byStageAndModel };
}

/** Finishes the manifest with the backend, timings (wall per stage, and the units' time profile) and failures. */
export function closeRun(run: OpenRun, summary: ExecutionSummary, extra: Record<string, unknown>): void {
  writeJsonAtomic(join(run.ctx.runDir, 'manifest.json'), {
    ...run.manifest,
    ...extra,
    finishedAt: new Date().toISOString(),
    stageSeconds: summary.stageSeconds,
    unitSeconds: timeProfile(run.ctx),
    unitsRun: summary.done,
    unitsCached: summary.skipped,
    unitsByOthers: summary.elsewhere,
    interrupted: summary.interrupted,
    aborted: summary.aborted.map((u) => u.path),
    ...(summary.stopped ? { stopped: summary.stopped } : {}),
    failures: summary.failed.map(({ unit, message }) => ({ unit: unit.path, id: unit.id, message })),
  });
}

/** A run directory's manifest.json. */
function readManifest(runDir: string): Record<string, unknown> & { experiment: string; versions?: Record<string, string> } {
  const file = join(runDir, 'manifest.json');
  const manifest = readJsonFile<(Record<string, unknown> & { experiment: string }) | null>(file, DAMAGED_PLAN);
  if (typeof manifest?.experiment !== 'string') throw new Error(`${file}: no experiment; ${DAMAGED_PLAN}`);
  return manifest;
}

/** The plan of a run directory: one unit per line of units.jsonl. */
function readUnits(runDir: string): Unit[] {
  const file = join(runDir, 'units.jsonl');
  return readTextFile(file, DAMAGED_PLAN)
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, i]) => parseJsonText<Unit>(line, file, DAMAGED_PLAN, undefined, `line ${i + 1}`));
}

/**
 * Reads a run directory's config, manifest and plan; refuses one made by other package versions
 * unless `anyVersion` (for reading a finished run's results, not for running its units).
 */
export function readPlannedRun(dir: string, options: { readonly anyVersion?: boolean } = {}): PlannedRun {
  const runDir = resolve(dir);
  for (const name of ['config.json', 'manifest.json', 'units.jsonl']) {
    if (!existsSync(join(runDir, name))) throw new Error(`${runDir} is not a planned fluxscale run: ${name} is missing`);
  }
  const manifest = readManifest(runDir);
  const ours = packageVersions();
  const differ = options.anyVersion ? [] : Object.keys(ours).filter((k) => manifest.versions?.[k] !== ours[k]);
  if (differ.length > 0) {
    throw new Error(
      `${runDir} was planned with ${differ.map((k) => `${k}@${manifest.versions?.[k] ?? '?'}`).join(', ')} but this is ` +
        `${differ.map((k) => `${k}@${ours[k]}`).join(', ')}: plan a new run directory`,
    );
  }
  return { runDir, experiment: manifest.experiment, config: readRunConfig(runDir, 'the run directory'), units: readUnits(runDir) };
}

/** The context of a planned run (directory, config, plan). */
export function contextOf(run: PlannedRun): RunContext {
  return new RunContext(run.runDir, run.config, run.units);
}

/** The units of one stage, in plan order (their position is the index `run-unit --index` takes). */
export function stageUnits(units: readonly Unit[], stage: UnitKind): Unit[] {
  return units.filter((u) => u.kind === stage);
}

/** Parses a stage name, naming the valid ones when it is not. */
export function parseStage(value: string): UnitKind {
  if (!(STAGES as readonly string[]).includes(value)) throw new Error(`--stage must be one of ${STAGES.join(', ')}, got '${value}'`);
  return value as UnitKind;
}
