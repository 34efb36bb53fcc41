/**
 * What the local executor and its worker processes say to each other, and where a worker writes a
 * unit's log.
 */
import { join } from 'node:path';
import type { FitProgress } from '@fluxscale/models';

/** A unit to run, as sent by the executor: the run directory and the unit's stage and index within it. */
export interface WorkerTask {
  readonly runDir: string;
  readonly stage: string;
  readonly index: number;
}

/** The executor's other message: abort the unit in flight (Ctrl-C, or the run stops). */
export const ABORT = 'abort';

/** A worker's answer for one task: how the unit went, with the error's message and system code when it failed. */
export interface WorkerResult {
  readonly index: number;
  readonly stage: string;
  readonly status: 'done' | 'skipped' | 'failed' | 'aborted';
  readonly message?: string;
  readonly code?: string;
}

/** News from a worker about the unit it runs: one epoch of a neural fit. */
export interface WorkerProgress {
  readonly index: number;
  readonly stage: string;
  readonly progress: FitProgress;
}

/** Path of the log of a unit run by an executor (local worker or Slurm array task). */
export const unitLogFile = (runDir: string, stage: string, index: number): string => join(runDir, 'logs', `${stage}-${index}.log`);
