/**
 * The local executor: runs a plan's units stage by stage on this machine — in this process, or in
 * forked worker processes (engine/worker.ts) — skipping finished ones, recording failures and
 * carrying on with everything that does not depend on a failed unit. Every unit is claimed before
 * it runs (engine/claims.ts), so that two processes resuming the same run directory share the
 * work: a unit another live process holds is waited for, not computed again.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RegisteredExperiment } from '../experiments/experiment.js';
import type { RunContext } from '../pipeline/context.js';
import { STAGES, type Unit } from '../pipeline/plan.js';
import { stageWaves } from '../pipeline/waves.js';
import { unitLabel, unitWork } from '../pipeline/units.js';
import type { UnitProgress } from '../pipeline/work.js';
import { claimUnit, keepClaimsAlive, otherOwner, releaseClaim, type Owner } from './claims.js';
import { fitProgressText, log, startProgress, type Progress } from './progress.js';
import { ABORT, type WorkerProgress, type WorkerResult, type WorkerTask } from './protocol.js';
import type { ExecutionSummary } from './run-dir.js';
import { inspectUnit, isFatalWriteError, isUnitDone, runUnit, setAside, tidyFailures, unitDir } from './store.js';

/** How one unit went, as an executor's runner reports it. */
type RunnerResult = Pick<WorkerResult, 'status' | 'message' | 'code'>;

/** Runs one unit (the execution's halt signal aborts it), telling `onProgress` each epoch of its neural fits. */
type UnitRunner = (unit: Unit, onProgress: UnitProgress) => Promise<RunnerResult>;

/** How often a process waiting for units of another process looks again (ms). */
const POLL_MS = 500;

/**
 * Runs every pending unit of the plan, stage by stage, at most `jobs` at a time: in this process
 * when jobs = 1, else in `jobs` forked worker processes (one log file per unit under logs/). Units
 * that need a failed unit are not run. `signal` (Ctrl-C) aborts the units in flight and stops; so
 * does a unit that cannot write for lack of space (or a read-only disk): that is `stopped`.
 */
export async function executeLocal(ctx: RunContext, experiment: RegisteredExperiment, options: { jobs?: number; signal?: AbortSignal } = {}): Promise<ExecutionSummary> {
  const jobs = options.jobs ?? 1;
  const halt = new AbortController();
  const onAbort = () => halt.abort();
  options.signal?.addEventListener('abort', onAbort);
  let pool: WorkerPool | null = null;
  try {
    let run: UnitRunner;
    if (jobs <= 1) {
      run = async (unit, onProgress) => {
        const outcome = await runUnit(ctx.runDir, unit, (out) => unitWork(ctx, experiment.score, unit, out, halt.signal, onProgress), halt.signal);
        return { status: outcome.status, message: outcome.error?.message, code: outcome.code };
      };
    } else {
      const workers = new WorkerPool(jobs, Math.max(1, Math.floor(availableParallelism() / jobs)), halt.signal);
      pool = workers;
      run = (unit, onProgress) => workers.run(ctx, unit, onProgress);
    }
    const summary = await runStages(ctx, jobs, run, halt);
    summary.interrupted = options.signal?.aborted === true;
    return summary;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    pool?.close();
    tidyFailures(ctx.runDir);
  }
}

/** What the lanes of one execution share. */
interface Execution {
  readonly ctx: RunContext;
  readonly run: UnitRunner;
  readonly halt: AbortController;
  readonly summary: ExecutionSummary;
  readonly failedIds: Set<string>;
  /** Units claimed by this process right now. */
  readonly held: Set<Unit>;
}

async function runStages(ctx: RunContext, jobs: number, run: UnitRunner, halt: AbortController): Promise<ExecutionSummary> {
  const summary: ExecutionSummary = { done: 0, skipped: 0, elsewhere: 0, failed: [], aborted: [], stageSeconds: {}, interrupted: false };
  const exec: Execution = { ctx, run, halt, summary, failedIds: new Set(), held: new Set() };
  const stopHeartbeat = keepClaimsAlive(ctx.runDir, () => exec.held);
  try {
    for (const stage of STAGES) {
      const units = ctx.units.filter((u) => u.kind === stage);
      const pending = units.filter((u) => !isUnitDone(ctx.runDir, u));
      summary.skipped += units.length - pending.length;
      if (pending.length === 0) continue;
      const started = Date.now();
      const progress = startProgress(stage, pending.length);
      for (const wave of stageWaves(pending)) {
        await runPending(exec, wave, jobs, progress);
        if (halt.signal.aborted) break;
      }
      progress.stop();
      summary.stageSeconds[stage] = (Date.now() - started) / 1000;
      if (halt.signal.aborted) break;
    }
  } finally {
    stopHeartbeat();
  }
  return summary;
}

/** Runs the pending units of one stage; units claimed by another live process are waited for until they are done or let go. */
async function runPending(exec: Execution, pending: readonly Unit[], jobs: number, progress: Progress): Promise<void> {
  let queue = [...pending];
  while (queue.length > 0 && !exec.halt.signal.aborted) {
    const elsewhere: Array<{ unit: Unit; owner: Owner }> = [];
    const lane = async (): Promise<void> => {
      for (let unit = queue.shift(); unit && !exec.halt.signal.aborted; unit = queue.shift()) {
        const owner = await runOne(exec, unit, progress);
        if (owner) elsewhere.push({ unit, owner });
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, lane));
    if (elsewhere.length === 0) return;
    const owners = [...new Set(elsewhere.map(({ owner }) => `pid ${owner.pid} on ${owner.host}`))].join(', ');
    log(`${elsewhere.length} ${elsewhere[0].unit.kind} unit(s) are being run by another process (${owners}); waiting for them`);
    queue = await waitForOthers(exec, elsewhere.map(({ unit }) => unit), progress);
  }
}

/** Waits until a unit held by another process is done or let go; counts the done ones and returns the others (to run or wait for again). */
async function waitForOthers(exec: Execution, units: readonly Unit[], progress: Progress): Promise<Unit[]> {
  const { ctx, summary, halt } = exec;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const done = units.filter((u) => isUnitDone(ctx.runDir, u));
    const released = units.filter((u) => !done.includes(u) && otherOwner(ctx.runDir, u) === null);
    if (done.length === 0 && released.length === 0 && !halt.signal.aborted) continue;
    for (const unit of done) {
      summary.elsewhere += 1;
      progress.tick(`${unitLabel(unit)} (by another process)`);
    }
    return units.filter((u) => !done.includes(u));
  }
}

/** Claims and runs one unit; returns the owner when another live process holds it, else null. */
async function runOne(exec: Execution, unit: Unit, progress: Progress): Promise<Owner | null> {
  const { ctx, summary, failedIds } = exec;
  const blocked = unit.deps.find((d) => failedIds.has(d));
  if (blocked) {
    failedIds.add(unit.id);
    summary.failed.push({ unit, message: `not run: it needs ${ctx.byId.get(blocked)?.path ?? blocked}, which failed` });
    progress.tick(`${unitLabel(unit)} (blocked)`);
    return null;
  }
  const owner = claimUnit(ctx.runDir, unit);
  if (owner) return owner;
  exec.held.add(unit);
  let result: RunnerResult;
  try {
    const state = inspectUnit(ctx.runDir, unit);
    if (state.done) {
      summary.elsewhere += 1;
      progress.tick(`${unitLabel(unit)} (by another process)`);
      return null;
    }
    if (state.damage) setAside(ctx.runDir, unitDir(ctx.runDir, unit), `damaged (${state.damage})`);
    result = await exec.run(unit, (p) => progress.note(`${unitLabel(unit)}: ${fitProgressText(p)}`));
  } finally {
    releaseClaim(ctx.runDir, unit);
    exec.held.delete(unit);
  }
  record(exec, unit, result);
  progress.tick(`${unitLabel(unit)}${result.status === 'done' ? '' : ` (${result.status})`}`);
  return null;
}

/** Counts a unit's result; a unit that cannot write (disk full, read-only) stops the run. */
function record(exec: Execution, unit: Unit, result: RunnerResult): void {
  const { summary } = exec;
  switch (result.status) {
    case 'done':
      summary.done += 1;
      return;
    case 'skipped':
      summary.elsewhere += 1;
      return;
    case 'aborted':
      summary.aborted.push(unit);
      return;
    case 'failed':
      if (isFatalWriteError(result.code)) {
        summary.stopped ??= `${unit.path}: ${result.message}`;
        summary.aborted.push(unit);
        exec.halt.abort();
        return;
      }
      exec.failedIds.add(unit.id);
      summary.failed.push({ unit, message: result.message ?? 'failed' });
      log(`failed: ${unit.path}: ${result.message}`);
  }
}

/** Forked worker processes (engine/worker.js), each running one unit at a time. */
class WorkerPool {
  private readonly idle: ChildProcess[] = [];
  private readonly busy = new Set<ChildProcess>();
  private readonly waiting: Array<(w: ChildProcess) => void> = [];

  /** `size` workers, each running its units' other thread pools (random forest) on `threads` threads; `halt` aborts the units in flight. */
  constructor(
    size: number,
    private readonly threads: number,
    private readonly halt: AbortSignal,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
    halt.addEventListener('abort', () => {
      for (const w of this.busy) if (w.connected) w.send(ABORT);
    });
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

  async run(ctx: RunContext, unit: Unit, onProgress: UnitProgress): Promise<RunnerResult> {
    const w = await this.acquire();
    const index = ctx.units.filter((u) => u.kind === unit.kind).indexOf(unit);
    const task: WorkerTask = { runDir: ctx.runDir, stage: unit.kind, index };
    this.busy.add(w);
    try {
      return await new Promise((resolve) => {
        const onMessage = (message: WorkerResult | WorkerProgress) => {
          if ('progress' in message) return onProgress?.(message.progress);
          w.removeListener('message', onMessage);
          w.removeListener('exit', onExit);
          resolve(message);
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
          w.removeListener('message', onMessage);
          resolve({ status: this.halt.aborted ? 'aborted' : 'failed', message: `worker process exited (${signal ?? code}) while running ${unit.path}` });
        };
        w.once('exit', onExit);
        w.on('message', onMessage);
        w.send(task);
        if (this.halt.aborted) w.send(ABORT);
      });
    } finally {
      this.busy.delete(w);
      this.release(w.exitCode === null && w.signalCode === null ? w : this.spawn());
    }
  }

  close(): void {
    for (const w of this.idle) w.kill();
  }
}
