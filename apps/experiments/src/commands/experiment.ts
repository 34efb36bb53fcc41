/**
 * `fluxscale experiment <table1|table2|s1|all|fig3|fig5|wavelet|fig6|fig7>`: plans the run, executes
 * its units (resuming a previous run directory if asked), and prints the tables; a figure runs the
 * experiment that holds its inputs (or reads an existing run with --from) and draws itself; `all`
 * draws every figure too. One run directory holds the resolved config, the plan, the manifest, every
 * unit's output, the metrics, the tables and the figures.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Command } from 'commander';
import { prepareDirectory, SAMPLE_DATA_DIR } from '@fluxscale/data';
import { BACKEND_CHOICES, selectBackend, setFusedLstmThreads } from '@fluxscale/models';
import { loadConfig, profileNames } from '../config/load.js';
import { configSchema, type RunConfig } from '../config/schema.js';
import { RunContext } from '../pipeline/context.js';
import { executeLocal, type ExecutionSummary } from '../pipeline/execute.js';
import { STAGES, planUnits, type ExperimentName, type PlannedSite, type Unit } from '../pipeline/plan.js';
import { FIGURE_IDS, drawFigures, experimentOfFigure, figuresNeedNetworks, isFigure, type FigureId } from '../figures/index.js';
import { readPlannedRun } from '../run/plan-file.js';
import { writeReport } from '../report/write.js';
import { writeFileAtomic, writeJsonAtomic } from '../run/atomic.js';
import { gitCommit, packageVersions } from '../run/manifest.js';
import { log } from '../run/progress.js';
import { findSbatch, slurmJobStates, submitSlurmJobs, writeSlurmScripts } from '../run/slurm.js';
import { isUnitDone, openFailures } from '../run/store.js';
import { availableParallelism } from 'node:os';
import { list, nonNegativeInt, oneOf, positiveInt } from './options.js';

/** The experiments a run directory can be planned for. */
export const EXPERIMENTS: readonly ExperimentName[] = ['table1', 'table2', 's1', 'all'];
export const BACKENDS = BACKEND_CHOICES;

/** Flags shared by `experiment` and `plan`. */
export interface ExperimentFlags {
  config?: string;
  profile?: string;
  data?: string;
  meta?: string;
  drivers?: string[];
  backend?: (typeof BACKENDS)[number];
  out?: string;
  resume?: string;
  seed?: number;
  executor?: 'local' | 'slurm';
  jobs?: number;
  wait?: boolean;
  dryRun?: boolean;
  from?: string;
  site?: string;
}

/** Adds the `<name>` argument (one of `names`) and the flags shared by `experiment` and `plan` to a command. */
export function experimentOptions(command: Command, names: readonly string[]): Command {
  return command
    .argument('<name>', `experiment: ${names.join(', ')}`, oneOf('<name>', names))
    .option('--config <file>', 'user config (YAML or JSON) overriding the profile')
    .option('--profile <name>', `profile: ${profileNames().join(', ')} (default quick)`, oneOf('--profile', profileNames()))
    .option('--data <dir>', 'directory of FLUXNET2015 daily files (default: the bundled sample)')
    .option('--meta <file>', 'site metadata CSV (site_id, igbp, lat, lon)')
    .option('--drivers <list>', 'driver variables, comma-separated (e.g. TA_F,SW_IN_F,VPD_F)', list('--drivers'))
    .option('--backend <name>', `TensorFlow.js backend: ${BACKENDS.join(', ')}`, oneOf('--backend', BACKENDS))
    .option('--out <dir>', 'the run directory (default runs/<date>-<name>-<profile>)')
    .option('--resume <dir>', 'resume a run directory: finished units are skipped')
    .option('--seed <n>', 'seed of every random draw', nonNegativeInt('--seed'));
}

/** Adds the executor flags of `experiment`. */
function executorOptions(command: Command): Command {
  return command
    .option('--executor <name>', 'where units run: local (this machine) or slurm (array jobs)', oneOf('--executor', ['local', 'slurm'] as const), 'local')
    .option('--jobs <n>', 'local executor: units run at once, in worker processes (default: the number of cores)', positiveInt('--jobs'))
    .option('--wait', 'slurm executor: keep running until the last stage ends, with a progress line per stage')
    .option('--dry-run', 'slurm executor: write the sbatch scripts under RUN_DIR/slurm/ and submit nothing')
    .option('--from <dir>', 'figures: draw from this finished run directory instead of running the experiment first')
    .option('--site <id>', 'wavelet figure: the example site (default: the config\'s figures.site, else the first CRO site)');
}

/** Prints the run's tables (those that exist) to stdout. */
function printTables(runDir: string): void {
  for (const name of ['table1.md', 'table2.md', 's1.md']) {
    const file = join(runDir, name);
    if (existsSync(file)) process.stdout.write(`${readFileSync(file, 'utf8')}\n`);
  }
}

/** Runs the plan on this machine (in-process or in worker processes). */
async function runLocally(ctx: RunContext, manifest: Record<string, unknown>, experiment: ExperimentName, flags: ExperimentFlags, started: number): Promise<boolean> {
  const needsTf = ctx.units.some((u) => u.model === 'lstm' || u.model === 'fnn');
  const backend = needsTf ? await prepareCompute(ctx.config) : null;
  const abort = new AbortController();
  const onSigint = () => {
    log(`interrupted: finishing the units in flight; resume with --resume ${ctx.runDir}`);
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  const jobs = flags.jobs ?? availableParallelism();
  const summary = await executeLocal(ctx, experiment, { jobs, signal: abort.signal });
  process.removeListener('SIGINT', onSigint);
  closeRun(ctx, manifest, summary, { backend, executor: 'local', jobs, seconds: (Date.now() - started) / 1000 });
  printTables(ctx.runDir);
  log(`finished in ${((Date.now() - started) / 1000).toFixed(0)} s: ${summary.done} units run, ${summary.skipped} cached, ${summary.failed.length} failed`);
  for (const f of summary.failed) log(`failed: ${f.unit.path}: ${f.message}`);
  if (summary.interrupted) process.exitCode = 130;
  else if (summary.failed.length > 0) process.exitCode = 1;
  return !summary.interrupted && summary.failed.length === 0;
}

/** Hands the plan to Slurm as chained array jobs; with --wait, follows it to the end. True when every unit is done. */
async function runOnSlurm(ctx: RunContext, flags: ExperimentFlags, started: number): Promise<boolean> {
  const jobs = writeSlurmScripts(ctx.config, ctx.runDir, ctx.units, join(__dirname, '..', 'cli.js'));
  if (jobs.length === 0) {
    log('nothing to submit: every unit is done');
    printTables(ctx.runDir);
    return true;
  }
  if (flags.dryRun) {
    for (const job of jobs) log(`wrote ${job.script} (${job.indices.length} units)`);
    log('dry run: nothing submitted');
    return false;
  }
  for (const job of submitSlurmJobs(ctx.runDir, jobs)) log(`submitted ${job.stage}${job.resourceClass === 'neural' ? ' (neural)' : ''}: job ${job.jobId}, ${job.indices.length} units`);
  log(`watch with: pnpm fluxscale status --run ${ctx.runDir}   (or squeue --me)`);
  if (!flags.wait) return false;
  const unfinished = await waitForSlurm(ctx, jobs.map((j) => j.jobId!));
  printTables(ctx.runDir);
  log(`Slurm jobs ended after ${((Date.now() - started) / 1000).toFixed(0)} s, ${unfinished} unit(s) not done`);
  if (unfinished > 0) {
    log(`see: pnpm fluxscale status --run ${ctx.runDir}; rerun what is missing with --resume ${ctx.runDir} --executor slurm`);
    process.exitCode = 1;
  }
  return unfinished === 0;
}

/** Polls the run directory until every unit is done or no submitted job is left; returns the units not done. */
async function waitForSlurm(ctx: RunContext, jobIds: readonly string[]): Promise<number> {
  let last = '';
  for (;;) {
    // Job states first: once no job is left, the done-check below sees every unit's final state.
    const active = slurmJobStates(ctx.runDir).filter((j) => jobIds.includes(j.jobId) && /PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|SUSPENDED/.test(j.state));
    const lines = STAGES.map((stage) => {
      const units = ctx.units.filter((u) => u.kind === stage);
      return units.length === 0 ? '' : `${stage} ${units.filter((u) => isUnitDone(ctx.runDir, u)).length}/${units.length}`;
    }).filter(Boolean);
    const failed = openFailures(ctx.runDir, ctx.units).length;
    const line = `${lines.join(', ')}${failed ? `, ${failed} failed` : ''}`;
    if (line !== last) log(line);
    last = line;
    const notDone = ctx.units.filter((u) => !isUnitDone(ctx.runDir, u)).length;
    if (notDone === 0 || active.length === 0) return notDone;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** With the Slurm executor every path must be absolute (all nodes must see the same files). */
function requireAbsolutePaths(flags: ExperimentFlags): void {
  for (const flag of ['out', 'resume', 'data', 'meta', 'config'] as const) {
    const value = flags[flag];
    if (value !== undefined && !isAbsolute(value)) {
      throw new Error(`--executor slurm: --${flag} must be an absolute path on a filesystem every node sees, got '${value}'`);
    }
  }
  if (!flags.out && !flags.resume) throw new Error('--executor slurm: give the run directory with --out (an absolute path on a shared filesystem)');
}

/** Flags that configure a new run: refused where an existing run's config.json applies. */
const CONFIG_FLAGS = ['config', 'profile', 'data', 'meta', 'drivers', 'backend', 'seed'] as const;

/** Throws `reason; drop --a, --b` when any config flag or any of `also` is given. */
function refuseRunFlags(flags: ExperimentFlags, also: ReadonlyArray<'out' | 'resume'>, reason: string): void {
  const clash = [...CONFIG_FLAGS, ...also].filter((k) => flags[k] !== undefined);
  if (clash.length > 0) throw new Error(`${reason}; drop ${clash.map((k) => `--${k}`).join(', ')}`);
}

/** The run's configuration: the stored one when resuming, else profile + config file + flags. */
export function resolveRunConfig(flags: ExperimentFlags): RunConfig {
  if (flags.resume) {
    refuseRunFlags(flags, ['out'], "--resume uses the run's own config.json");
    const file = join(resolve(flags.resume), 'config.json');
    if (!existsSync(file)) throw new Error(`--resume: ${file} not found (not a fluxscale run directory)`);
    return configSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  }
  const overrides: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  if (flags.data) data.dir = flags.data;
  if (flags.meta) data.meta = flags.meta;
  if (flags.drivers) data.drivers = flags.drivers;
  if (Object.keys(data).length > 0) overrides.data = data;
  if (flags.backend) overrides.backend = flags.backend;
  if (flags.seed !== undefined) overrides.seed = flags.seed;
  const config = loadConfig({ profile: flags.profile ?? 'quick', configFile: flags.config, overrides });
  return { ...config, threads: config.threads ?? availableParallelism() };
}

/** Selects the run's TensorFlow.js backend and fused-LSTM thread count in this process. */
export async function prepareCompute(config: Pick<RunConfig, 'backend' | 'threads'>): Promise<string> {
  setFusedLstmThreads(config.threads ?? undefined);
  const backend = await selectBackend({ name: config.backend === 'auto' ? undefined : config.backend });
  return backend.name;
}

/** The usable sites of the configured data, with the skipped ones and their reasons. */
export function selectSites(config: RunConfig): { sites: PlannedSite[]; skipped: Array<{ site: string; reason: string }> } {
  const dir = config.data.dir ?? SAMPLE_DATA_DIR;
  const prepared = prepareDirectory(dir, {
    target: config.data.target,
    drivers: config.data.drivers,
    minYears: config.data.minYears,
    qcThreshold: config.data.qcThreshold,
    ...(config.data.meta ? { meta: config.data.meta } : {}),
  });
  const wanted = config.data.sites;
  const skipped = prepared.skipped.map((s) => ({ site: s.siteId, reason: s.reason }));
  const sites: PlannedSite[] = [];
  for (const s of prepared.sites) {
    if (wanted && !wanted.includes(s.siteId)) continue;
    sites.push({ site: s.siteId, group: s.group, file: s.file, igbp: s.igbp, lat: s.lat, lon: s.lon });
  }
  for (const id of wanted ?? []) {
    if (!sites.some((s) => s.site === id) && !skipped.some((s) => s.site === id)) skipped.push({ site: id, reason: `not found in ${dir}` });
  }
  if (sites.length === 0) throw new Error(`no usable site in ${dir}${skipped.length ? `: ${skipped.map((s) => `${s.site} (${s.reason})`).join('; ')}` : ''}`);
  return { sites, skipped };
}

/** A fresh run directory name under runs/ that does not exist yet. */
function defaultRunDir(experiment: ExperimentName, profile: string): string {
  const base = resolve('runs', `${new Date().toISOString().slice(0, 10)}-${experiment}-${profile}`);
  let dir = base;
  for (let k = 2; existsSync(dir); k++) dir = `${base}-${k}`;
  return dir;
}

/** Creates (or re-opens, when resuming) a run directory with its config, plan and manifest. */
export function openRun(experiment: ExperimentName, flags: ExperimentFlags): { ctx: RunContext; manifest: Record<string, unknown> } {
  const config = resolveRunConfig(flags);
  const runDir = resolve(flags.resume ?? flags.out ?? defaultRunDir(experiment, config.profile));
  if (!flags.resume && existsSync(join(runDir, 'config.json'))) {
    throw new Error(`--out ${runDir} already holds a run; resume it with --resume ${runDir} or choose another directory`);
  }
  const { sites, skipped } = selectSites(config);
  const units = planUnits(experiment, config, sites);
  mkdirSync(runDir, { recursive: true });
  if (flags.resume) {
    const stored = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { experiment: string };
    if (stored.experiment !== experiment) throw new Error(`--resume: ${runDir} is a '${stored.experiment}' run, not '${experiment}'`);
  }
  writeJsonAtomic(join(runDir, 'config.json'), config);
  writeFileAtomic(join(runDir, 'units.jsonl'), `${units.map((u: Unit) => JSON.stringify(u)).join('\n')}\n`);
  const manifest: Record<string, unknown> = {
    experiment,
    profile: config.profile,
    createdAt: new Date().toISOString(),
    versions: packageVersions(),
    gitCommit: gitCommit(),
    node: process.version,
    seed: config.seed,
    data: { dir: config.data.dir ?? SAMPLE_DATA_DIR, target: config.data.target, drivers: config.data.drivers },
    ssa: config.ssa,
    sites: sites.map(({ site, group, igbp, lat, lon }) => ({ site, group, igbp, lat, lon })),
    skipped,
    units: units.length,
  };
  writeJsonAtomic(join(runDir, 'manifest.json'), manifest);
  return { ctx: new RunContext(runDir, config, units), manifest };
}

/** Finishes the manifest with the backend, timings and failures. */
export function closeRun(ctx: RunContext, manifest: Record<string, unknown>, summary: ExecutionSummary, extra: Record<string, unknown>): void {
  writeJsonAtomic(join(ctx.runDir, 'manifest.json'), {
    ...manifest,
    ...extra,
    finishedAt: new Date().toISOString(),
    stageSeconds: summary.stageSeconds,
    unitsRun: summary.done,
    unitsCached: summary.skipped,
    interrupted: summary.interrupted,
    failures: summary.failed.map(({ unit, message }) => ({ unit: unit.path, id: unit.id, message })),
  });
}

/** The figures an experiment name asks for: one figure, all of them for `all`, none for a table. */
function figuresOf(name: ExperimentName | FigureId): FigureId[] {
  if (isFigure(name)) return [name];
  return name === 'all' ? [...FIGURE_IDS] : [];
}

/** Draws figures into a finished run; a figure that cannot be drawn sets a non-zero exit code. */
async function drawIntoRun(ctx: RunContext, figures: readonly FigureId[], flags: ExperimentFlags): Promise<void> {
  if (figuresNeedNetworks(figures)) log(`TensorFlow.js backend: ${await prepareCompute(ctx.config)}`);
  const { drawn, failed } = await drawFigures(ctx, figures, { ...(flags.site ? { site: flags.site } : {}) });
  for (const record of drawn) log(`${record.id}: ${join(ctx.runDir, 'figures', record.id)}`);
  if (failed.length > 0) process.exitCode = 1;
}

/** (Re)writes the run's report.html with what the run directory holds now. */
function reportRun(runDir: string): void {
  const report = writeReport(runDir);
  for (const warning of report.warnings) log(`report: ${warning}`);
  log(`report: ${report.file} (${report.figures} figure(s), ${report.panels} panel(s))`);
}

/** `--from`: the finished run directory a figure is drawn from; refuses flags that would plan a new run. */
function fromRun(flags: ExperimentFlags): RunContext {
  refuseRunFlags(flags, ['out', 'resume'], '--from draws from an existing run with its own config.json');
  const run = readPlannedRun(flags.from!);
  return new RunContext(run.runDir, run.config, run.units);
}

/** Registers `fluxscale experiment`. */
export function registerExperiment(program: Command): void {
  executorOptions(experimentOptions(program.command('experiment'), [...EXPERIMENTS, ...FIGURE_IDS]))
    .description(
      "run one of the paper's experiments end to end into a run directory: table1, table2, s1, all (every table, every figure), " +
        'or a figure (fig3, fig5, wavelet, fig6, fig7: runs the experiment holding its inputs, or reads --from RUN_DIR)',
    )
    .action(async (name: ExperimentName | FigureId, flags: ExperimentFlags) => {
      const started = Date.now();
      const figures = figuresOf(name);
      if (flags.from !== undefined) {
        if (figures.length === 0) throw new Error(`--from draws figures into a finished run; use it with all or ${FIGURE_IDS.join(', ')}`);
        const ctx = fromRun(flags);
        await drawIntoRun(ctx, figures, flags);
        reportRun(ctx.runDir);
        return;
      }
      const experiment = isFigure(name) ? experimentOfFigure(name) : name;
      if (flags.executor === 'slurm') {
        requireAbsolutePaths(flags);
        if (!flags.dryRun) findSbatch();
      }
      const { ctx, manifest } = openRun(experiment, flags);
      log(`run directory: ${ctx.runDir} (${ctx.units.length} units)`);
      const finished = flags.executor === 'slurm' ? await runOnSlurm(ctx, flags, started) : await runLocally(ctx, manifest, experiment, flags, started);
      if (!finished) {
        if (figures.length > 0) log(`figures not drawn: the run is not finished; once it is: pnpm fluxscale experiment ${name} --from ${ctx.runDir}`);
        return;
      }
      if (figures.length > 0) await drawIntoRun(ctx, figures, flags);
      reportRun(ctx.runDir);
    });
}
