/**
 * An experiment end to end: open (or resume) its run directory, execute its units on this machine
 * or hand them to Slurm, close the manifest, draw the figures it asks for and write the report. A
 * figure can also be drawn into a finished run (`from`).
 */
import { availableParallelism } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { drawFigures, figuresNeedNetworks, type FigureId } from '../figures/index.js';
import type { RunContext } from '../pipeline/context.js';
import { STAGES } from '../pipeline/plan.js';
import { needsBackend } from '../pipeline/units.js';
import { backendRecord, prepareCompute } from './compute.js';
import { sweepLeftovers } from './claims.js';
import { executeLocal } from './local.js';
import { log } from './progress.js';
import { closeRun, contextOf, openRun, readPlannedRun, refuseConfigKeys, type ExecutionSummary, type OpenRun, type RunRequest } from './run-dir.js';
import { writeRunReport } from './run-report.js';
import { findSbatch, slurmJobStates, submitSlurmJobs, writeSlurmScripts } from './slurm.js';
import { isUnitDone, openFailures } from './store.js';
import { drawingNames, requestedTarget } from './targets.js';

/** What to run and where: a run request plus the executor's settings. */
export interface ExperimentRequest extends RunRequest {
  /** 'local' (this machine, default) or 'slurm' (array jobs). */
  readonly executor?: 'local' | 'slurm';
  /** Local executor: units at once, in worker processes (default: the number of cores). */
  readonly jobs?: number;
  /** Slurm executor: stay until the last stage ends. */
  readonly wait?: boolean;
  /** Slurm executor: write the sbatch scripts, submit nothing. */
  readonly dryRun?: boolean;
  /** Figures: draw into this finished run directory instead of running the experiment. */
  readonly from?: string;
  /** Wavelet figure: the example site. */
  readonly site?: string;
}

/** How an experiment ended. */
export interface ExperimentOutcome {
  readonly runDir: string;
  /** Every unit is done (and the figures were drawn, where asked). */
  readonly finished: boolean;
  /** The exit code the command should end with: 0, 1 (a unit or figure failed, or a Slurm run is unfinished) 130 (Ctrl-C) or 143 (SIGTERM). */
  readonly exitCode: number;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM while `run` goes: the first aborts the units in flight (they run
 * again on resume) and lets the run close its manifest; a second quits at once. Resolves to what
 * `run` resolves to, and which signal came (null when none).
 */
async function withInterrupts<T>(ctx: RunContext, name: string, run: (signal: AbortSignal) => Promise<T>): Promise<[T, NodeJS.Signals | null]> {
  const abort = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      log(`${signal} again: quitting at once; resume with: fluxscale experiment ${name} --resume ${ctx.runDir}`);
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    }
    received = signal;
    log(`interrupted (${signal}): aborting the units in flight, nothing of them is kept; press Ctrl-C again to quit at once`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return [await run(abort.signal), received];
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** The closing lines of a local execution: counts, failures, aborted units, why it stopped, and how to resume. */
function reportExecution(summary: ExecutionSummary, seconds: number, resume: string): void {
  const counts = [`${summary.done} units run`, `${summary.skipped} cached`];
  if (summary.elsewhere > 0) counts.push(`${summary.elsewhere} run by another process`);
  counts.push(`${summary.failed.length} failed`);
  if (summary.aborted.length > 0) counts.push(`${summary.aborted.length} aborted`);
  const how = summary.interrupted ? 'interrupted after' : summary.stopped ? 'stopped after' : 'finished in';
  log(`${how} ${seconds.toFixed(0)} s: ${counts.join(', ')}`);
  for (const f of summary.failed) log(`failed: ${f.unit.path}: ${f.message}`);
  if (summary.aborted.length > 0) log(`aborted, not failed (they run again on resume): ${summary.aborted.map((u) => u.path).join(', ')}`);
  if (summary.stopped) log(`stopped: ${summary.stopped}; make room (or make it writable) and resume`);
  if (summary.interrupted || summary.stopped || summary.failed.length > 0) log(`resume with: ${resume}`);
}

/** Runs the plan on this machine (in-process or in worker processes); resolves to the exit code. */
async function runLocally(run: OpenRun, name: string, request: ExperimentRequest, started: number): Promise<number> {
  const { ctx } = run;
  const backend = ctx.units.some(needsBackend) ? await prepareCompute(ctx.config) : null;
  const jobs = request.jobs ?? availableParallelism();
  const [summary, signal] = await withInterrupts(ctx, name, (stop) => executeLocal(ctx, run.experiment, { jobs, signal: stop }));
  const seconds = (Date.now() - started) / 1000;
  try {
    closeRun(run, summary, { ...backendRecord(backend), executor: 'local', jobs, seconds });
  } catch (err) {
    log(`manifest.json not updated: ${(err as Error).message}`);
  }
  reportExecution(summary, seconds, `fluxscale experiment ${name} --resume ${ctx.runDir}`);
  if (signal) return signal === 'SIGINT' ? 130 : 143;
  return summary.failed.length > 0 || summary.stopped ? 1 : 0;
}

/** Removes what killed processes left in a resumed run directory (see engine/claims.ts); with Slurm, only while none of its jobs runs. */
function sweepRun(ctx: RunContext, executor: ExperimentRequest['executor']): void {
  if (executor === 'slurm' && slurmJobStates(ctx.runDir).some((j) => ACTIVE_SLURM_STATES.test(j.state))) {
    log('left temporary files alone: Slurm jobs of this run are still queued or running');
    return;
  }
  const removed = sweepLeftovers(ctx.runDir);
  if (removed.length > 0) {
    const shown = removed.slice(0, 5).map((p) => relative(ctx.runDir, p));
    log(`removed ${removed.length} leftover(s) of killed processes (temporary files and folders, claims): ${shown.join(', ')}${removed.length > 5 ? ', …' : ''}`);
  }
}

/** Slurm job states in which a job may still write into the run directory. */
const ACTIVE_SLURM_STATES = /PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|SUSPENDED/;

/** Polls the run directory until every unit is done or no submitted job is left; returns the units not done. */
async function waitForSlurm(ctx: RunContext, jobIds: readonly string[]): Promise<number> {
  let last = '';
  let lastAt = 0;
  for (;;) {
    // Job states first: once no job is left, the done-check below sees every unit's final state.
    const active = slurmJobStates(ctx.runDir).filter((j) => jobIds.includes(j.jobId) && ACTIVE_SLURM_STATES.test(j.state));
    const lines = STAGES.map((stage) => {
      const units = ctx.units.filter((u) => u.kind === stage);
      return units.length === 0 ? '' : `${stage} ${units.filter((u) => isUnitDone(ctx.runDir, u)).length}/${units.length}`;
    }).filter(Boolean);
    const failed = openFailures(ctx.runDir, ctx.units).length;
    const line = `${lines.join(', ')}${failed ? `, ${failed} failed` : ''}`;
    const notDone = ctx.units.filter((u) => !isUnitDone(ctx.runDir, u)).length;
    const ended = notDone === 0 || active.length === 0;
    // a line when something changed, at most one per 30 s (the last one always)
    if (line !== last && (ended || Date.now() - lastAt >= 30_000)) {
      log(line);
      last = line;
      lastAt = Date.now();
    }
    if (ended) return notDone;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Hands the plan to Slurm as chained array jobs; with `wait`, follows it to the end. Resolves to [finished, exit code]. */
async function runOnSlurm(ctx: RunContext, request: ExperimentRequest, started: number): Promise<[boolean, number]> {
  const jobs = writeSlurmScripts(ctx.config, ctx.runDir, ctx.units, join(__dirname, '..', 'cli.js'));
  if (jobs.length === 0) {
    log('nothing to submit: every unit is done');
    return [true, 0];
  }
  if (request.dryRun) {
    for (const job of jobs) log(`wrote ${job.script} (${job.indices.length} units)`);
    log('dry run: nothing submitted');
    return [false, 0];
  }
  for (const job of submitSlurmJobs(ctx.runDir, jobs)) log(`submitted ${job.stage}${job.wave > 0 ? ` wave ${job.wave}` : ''}${job.resourceClass === 'neural' ? ' (neural)' : ''}: job ${job.jobId}, ${job.indices.length} units`);
  log(`watch with: fluxscale status ${ctx.runDir}   (or squeue --me)`);
  if (!request.wait) return [false, 0];
  const unfinished = await waitForSlurm(ctx, jobs.map((j) => j.jobId!));
  log(`Slurm jobs ended after ${((Date.now() - started) / 1000).toFixed(0)} s, ${unfinished} unit(s) not done`);
  if (unfinished > 0) log(`see: fluxscale status ${ctx.runDir}; rerun what is missing with --resume ${ctx.runDir} --executor slurm`);
  return [unfinished === 0, unfinished > 0 ? 1 : 0];
}

/** With the Slurm executor every path must be absolute (all nodes must see the same files). */
function requireAbsolutePaths(request: ExperimentRequest): void {
  for (const key of ['out', 'resume', 'data', 'meta', 'config'] as const) {
    const value = request[key];
    if (value !== undefined && !isAbsolute(value)) {
      throw new Error(`--executor slurm: --${key} must be an absolute path on a filesystem every node sees, got '${value}'`);
    }
  }
  if (!request.out && !request.resume) throw new Error('--executor slurm: give the run directory with --out (an absolute path on a shared filesystem)');
}

/** Draws figures into a finished run; resolves to false when one could not be drawn. */
async function drawIntoRun(ctx: RunContext, figures: readonly FigureId[], site: string | undefined): Promise<boolean> {
  if (figuresNeedNetworks(figures)) log(`TensorFlow.js backend: ${(await prepareCompute(ctx.config)).name}`);
  const { drawn, failed } = await drawFigures(ctx, figures, { log, ...(site ? { site } : {}) });
  for (const record of drawn) log(`${record.id}: ${join(ctx.runDir, 'figures', record.id)}`);
  return failed.length === 0;
}

/** (Re)writes the run's report.html with what the run directory holds now. */
export function reportRun(runDir: string): void {
  const report = writeRunReport(runDir);
  for (const warning of report.warnings) log(`report: ${warning}`);
  log(`report: ${report.file} (${report.figures} figure(s), ${report.panels} panel(s))`);
}

/**
 * Runs experiment or figure `name` (see the module comment). Bad requests throw; failed units and
 * figures are reported in the outcome's exit code.
 */
export async function runExperiment(name: string, request: ExperimentRequest): Promise<ExperimentOutcome> {
  const started = Date.now();
  const target = requestedTarget(name, request);
  const { figures } = target;
  if (request.from !== undefined) {
    if (figures.length === 0) throw new Error(`--from draws figures into a finished run; use it with ${drawingNames()}`);
    refuseConfigKeys(request, ['out', 'resume'], '--from draws from an existing run with its own config.json');
    const ctx = contextOf(readPlannedRun(request.from));
    const drawn = await drawIntoRun(ctx, figures, request.site);
    reportRun(ctx.runDir);
    return { runDir: ctx.runDir, finished: drawn, exitCode: drawn ? 0 : 1 };
  }
  if (request.executor === 'slurm') {
    requireAbsolutePaths(request);
    if (!request.dryRun) findSbatch();
  }
  const run = openRun(target.experiment.name, request);
  const { ctx } = run;
  log(`run directory: ${ctx.runDir} (${ctx.units.length} units)`);
  sweepRun(ctx, request.executor);
  const [finished, exitCode] =
    request.executor === 'slurm' ? await runOnSlurm(ctx, request, started) : await runLocally(run, name, request, started).then((code) => [code === 0, code] as const);
  if (!finished) {
    if (figures.length > 0) log(`figures not drawn: the run is not finished; once it is: fluxscale experiment ${name} --from ${ctx.runDir}`);
    return { runDir: ctx.runDir, finished, exitCode };
  }
  const drawn = figures.length === 0 || (await drawIntoRun(ctx, figures, request.site));
  reportRun(ctx.runDir);
  return { runDir: ctx.runDir, finished: drawn, exitCode: drawn ? exitCode : 1 };
}
