/**
 * The units of a run as the executors see them: which work each kind of unit does (the score unit's
 * is the experiment's), whether it needs a TensorFlow.js backend, and a short label for progress lines.
 */
import { modelSpec } from '@fluxscale/models';
import type { RunContext } from './context.js';
import type { Unit } from './plan.js';
import { crossWork, fitWork, prepareWork, tuneWork, type UnitProgress } from './work.js';

/** The work of an experiment's score unit: reads the finished units it needs and writes the experiment's results into `out` and the run directory. */
export type ScoreWork = (ctx: RunContext, out: string, unit: Unit) => void | Promise<void>;

/** Whether a unit runs a neural network (and so needs the run's TensorFlow.js backend in its process). */
export function needsBackend(unit: Unit): boolean {
  return unit.model !== undefined && modelSpec(unit.model).engine === 'neural' && (unit.kind === 'tune' || unit.kind === 'fit' || unit.kind === 'cross');
}

/** Runs the work of one unit into `out` (a score unit: `score`, the experiment's); `onProgress` hears each epoch of its neural fits. */
export async function unitWork(run: RunContext, score: ScoreWork, unit: Unit, out: string, signal?: AbortSignal, onProgress?: UnitProgress): Promise<void> {
  const ctx = unit.drivers ? run.withDrivers(unit.drivers) : run;
  switch (unit.kind) {
    case 'prepare':
      return prepareWork(ctx, unit, out);
    case 'tune':
      return tuneWork(ctx, unit, out, signal, onProgress);
    case 'fit':
      return fitWork(ctx, unit, out, signal, onProgress);
    case 'cross':
      return crossWork(ctx, unit, out);
    case 'score':
      return score(ctx, out, unit);
  }
}

/** A short label of a unit for progress lines. */
export function unitLabel(unit: Unit): string {
  return [unit.drivers ? `${unit.drivers.length} drivers` : undefined, unit.site, unit.group, unit.task, unit.model, unit.trial !== undefined ? `trial ${unit.trial}` : undefined, unit.fold !== undefined ? `fold ${unit.fold}` : undefined, unit.block !== undefined ? `block ${unit.block}` : undefined]
    .filter((x) => x !== undefined)
    .join(' ');
}
