/**
 * A worker process of the local executor: forked once per job slot, it runs the units it is sent
 * (by stage and index) one after another, keeping its TensorFlow.js backend, fused-LSTM thread pool
 * and prepared sites warm, and reports each epoch of a neural fit and each outcome back. Output goes
 * to one log file per unit (with a line per epoch).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fitProgressText, log } from './progress.js';
import { unitLogFile, type WorkerProgress, type WorkerResult, type WorkerTask } from './protocol.js';
import { runPlannedUnit } from './run-unit.js';

function redirectOutput(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const write = (chunk: string | Uint8Array): boolean => {
    appendFileSync(file, chunk);
    return true;
  };
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
}

process.on('message', (task: WorkerTask) => {
  redirectOutput(unitLogFile(task.runDir, task.stage, task.index));
  const onProgress = (progress: WorkerProgress['progress']) => {
    log(fitProgressText(progress));
    process.send!({ index: task.index, stage: task.stage, progress } satisfies WorkerProgress);
  };
  runPlannedUnit(task.runDir, task.stage, task.index, onProgress).then(
    () => process.send!({ index: task.index, stage: task.stage, ok: true } satisfies WorkerResult),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${err instanceof Error ? err.stack : message}\n`);
      process.send!({ index: task.index, stage: task.stage, ok: false, message } satisfies WorkerResult);
    },
  );
});
