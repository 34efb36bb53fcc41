/**
 * The local executor: runs a plan's units stage by stage on this machine — in this process, or in
 * forked worker processes (engine/worker.ts) — skipping finished ones, recording failures and
 * carrying on with everything that does not depend on a failed unit.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RunContext } from '../pipeline/context.js';
import { STAGES, type ExperimentName, type Unit } from '../pipeline/plan.js';
import { unitLabel, unitWork } from '../pipeline/units.js';
import type { UnitProgress } from '../pipeline/work.js';
import { fitProgressText, log, startProgress, type Progress } from './progress.js';
import type { WorkerProgress, WorkerResult, WorkerTask } from './protocol.js';
import type { ExecutionSummary } from './run-dir.js';
import { isUnitDone, runUnit } from './store.js';

/** Runs one unit, telling `onProgress` each epoch of its neural fits, and says whether it succeeded (with the error message if not). */
type UnitRunner = (unit: Unit, onProgress: UnitProgress) => Promise<{ ok: boolean; message?: string }>;

/**
 * Runs every pending unit of the plan, stage by stage, at most `jobs` at a time: in this process
 * when jobs = 1, else in `jobs` forked worker processes (one log file per unit under logs/). Units
 * that need a failed unit are not run; Ctrl-C (the signal) stops after the units in flight.
 */
export async function executeLocal(ctx: RunContext, experiment: ExperimentName, options: { jobs?: number; signal?: AbortSignal } = {}): Promise<ExecutionSummary> {
  const jobs = options.jobs ?? 1;
  const signal = options.signal;
  if (jobs <= 1) {
    const inProcess: UnitRunner = async (unit, onProgress) => {
      const result = await runUnit(ctx.runDir, unit, (out) => unitWork(ctx, experiment, unit, out, signal, onProgress));
      return { ok: result.status !== 'failed', message: result.error?.message };
    };
    return runStages(ctx, 1, inProcess, signal);
  }
  const pool = new WorkerPool(jobs, Math.max(1, Math.floor(availableParallelism() / jobs)));
  try {
    return await runStages(ctx, jobs, (unit, onProgress) => pool.run(ctx, unit, onProgress), signal);
  } finally {
    pool.close();
  }
}

async function runStages(ctx: RunContext, jobs: number, run: UnitRunner, signal?: AbortSignal): Promise<ExecutionSummary> {
  const summary: ExecutionSummary = { done: 0, skipped: 0, failed: [], stageSeconds: {}, interrupted: false };
  const failedIds = new Set<string>();
  for (const stage of STAGES) {
    const units = ctx.units.filter((u) => u.kind === stage);
    const pending = units.filter((u) => !isUnitDone(ctx.runDir, u));
    summary.skipped += units.length - pending.length;
    if (pending.length === 0) continue;
    const started = Date.now();
    const progress = startProgress(stage, pending.length);
    const queue = [...pending];
    const lane = async (): Promise<void> => {
      for (let unit = queue.shift(); unit && !signal?.aborted; unit = queue.shift()) {
        await runOne(ctx, unit, run, failedIds, summary, progress, signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, pending.length) }, lane));
    progress.stop();
    summary.stageSeconds[stage] = (Date.now() - started) / 1000;
    if (signal?.aborted) {
      summary.interrupted = true;
      break;
    }
  }
  return summary;
}

async function runOne(
  ctx: RunContext,
  unit: Unit,
  run: UnitRunner,
  failedIds: Set<string>,
  summary: ExecutionSummary,
  progress: Progress,
  signal?: AbortSignal,
): Promise<void> {
  const blocked = unit.deps.find((d) => failedIds.has(d));
  if (blocked) {
    failedIds.add(unit.id);
    summary.failed.push({ unit, message: `not run: it needs ${ctx.byId.get(blocked)?.path ?? blocked}, which failed` });
    progress.tick(`${unitLabel(unit)} (blocked)`);
    return;
  }
  const result = await run(unit, (p) => progress.note(`${unitLabel(unit)}: ${fitProgressText(p)}`));
  if (!result.ok) {
    if (signal?.aborted) return;
    failedIds.add(unit.id);
    summary.failed.push({ unit, message: result.message ?? 'failed' });
    log(`failed: ${unit.path}: ${result.message}`);
  } else summary.done += 1;
  progress.tick(unitLabel(unit));
}

/** Forked worker processes (engine/worker.js), each running one unit at a time. */
class WorkerPool {
  private readonly idle: ChildProcess[] = [];
  private readonly waiting: Array<(w: ChildProcess) => void> = [];

  /** `size` workers, each running its units' other thread pools (random forest) on `threads` threads. */
  constructor(
    size: number,
    private readonly threads: number,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  private spawn(): ChildProcess {
    const env = { ...process.env, FLUXSCALE_THREADS: String(this.threads) };
    return fork(join(__dirname, 'worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  }

  private acquire(): Promise<ChildProcess> {
    const w = this.idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(w: ChildProcess): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  async run(ctx: RunContext, unit: Unit, onProgress: UnitProgress): Promise<{ ok: boolean; message?: string }> {
    const w = await this.acquire();
    const index = ctx.units.filter((u) => u.kind === unit.kind).indexOf(unit);
    const task: WorkerTask = { runDir: ctx.runDir, stage: unit.kind, index };
    try {
      return await new Promise((resolve) => {
        const onMessage = (message: WorkerResult | WorkerProgress) => {
          if ('progress' in message) return onProgress?.(message.progress);
          w.removeListener('message', onMessage);
          w.removeListener('exit', onExit);
          resolve({ ok: message.ok, message: message.message });
        };
        const onExit = (code: number | null) => {
          w.removeListener('message', onMessage);
          resolve({ ok: false, message: `worker process exited (${code}) while running ${unit.path}` });
        };
        w.once('exit', onExit);
        w.on('message', onMessage);
        w.send(task);
      });
    } finally {
      this.release(w.exitCode === null && w.signalCode === null ? w : this.spawn());
    }
  }

  close(): void {
    for (const w of this.idle) w.kill();
  }
}
