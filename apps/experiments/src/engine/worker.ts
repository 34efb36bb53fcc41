/**
 * A worker process of the local executor: forked once per job slot, it runs the units it is sent
 * (by stage and index) one after another, keeping its TensorFlow.js backend, fused-LSTM thread pool
 * and prepared sites warm, and reports each epoch of a neural fit and each outcome back. Output goes
 * to one log file per unit (with a line per epoch). Ctrl-C is the executor's to handle (it sends
 * ABORT); when the executor is gone (killed), the worker exits at once, so that no orphan goes on
 * writing into the run directory.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fitProgressText, log } from './progress.js';
import { ABORT, unitLogFile, type WorkerProgress, type WorkerResult, type WorkerTask } from './protocol.js';
import { runPlannedUnit } from './run-unit.js';

function redirectOutput(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const write = (chunk: string | Uint8Array): boolean => {
    try {
      appendFileSync(file, chunk);
    } catch {
      // the log is lost (disk full?); the unit's outcome still reaches the executor
    }
    return true;
  };
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
}

let inFlight: AbortController | null = null;

process.on('SIGINT', () => undefined);
process.on('disconnect', () => process.exit(1));

process.on('message', (message: WorkerTask | typeof ABORT) => {
  if (message === ABORT) {
    inFlight?.abort();
    return;
  }
  const task = message;
  const abort = new AbortController();
  inFlight = abort;
  const reply = (result: Omit<WorkerResult, 'index' | 'stage'>): void => {
    inFlight = null;
    process.send?.({ index: task.index, stage: task.stage, ...result } satisfies WorkerResult);
  };
  try {
    redirectOutput(unitLogFile(task.runDir, task.stage, task.index));
  } catch {
    // no logs/ folder (disk full?): the unit's own writes will say why
  }
  const onProgress = (progress: WorkerProgress['progress']) => {
    log(fitProgressText(progress));
    process.send?.({ index: task.index, stage: task.stage, progress } satisfies WorkerProgress);
  };
  runPlannedUnit(task.runDir, task.stage, task.index, abort.signal, onProgress).then(
    (outcome) => {
      if (outcome.error && outcome.status === 'failed') process.stderr.write(`${outcome.error.stack ?? outcome.error.message}\n`);
      reply({ status: outcome.status, ...(outcome.error ? { message: outcome.error.message } : {}), ...(outcome.code ? { code: outcome.code } : {}) });
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${err instanceof Error ? err.stack : message}\n`);
      reply({ status: 'failed', message });
    },
  );
});
