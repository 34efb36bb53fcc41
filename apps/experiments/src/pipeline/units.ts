/**
 * The units of a run as the executors see them: which work each kind of unit does, whether it needs
 * a TensorFlow.js backend, and a short label for progress lines.
 */
import { modelSpec } from '@fluxscale/models';
import type { RunContext } from './context.js';
import type { ExperimentName, Unit } from './plan.js';
import { scoreWork } from './score.js';
import { driversWork } from './drivers-rows.js';
import { verdictWork } from './verdict-rows.js';
import { crossWork, fitWork, prepareWork, tuneWork, type UnitProgress } from './work.js';

/** Whether a unit runs a neural network (and so needs the run's TensorFlow.js backend in its process). */
export function needsBackend(unit: Unit): boolean {
  return unit.model !== undefined && modelSpec(unit.model).engine === 'neural' && (unit.kind === 'tune' || unit.kind === 'fit' || unit.kind === 'cross');
}

/** Runs the work of one unit into `out`; `onProgress` hears each epoch of its neural fits. */
export async function unitWork(run: RunContext, experiment: ExperimentName, unit: Unit, out: string, signal?: AbortSignal, onProgress?: UnitProgress): Promise<void> {
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
      if (experiment === 'drivers') return driversWork(ctx, out, unit);
      return experiment === 'verdict' ? verdictWork(ctx, out, unit) : scoreWork(ctx, experiment, out, unit);
  }
}

/** A short label of a unit for progress lines. */
export function unitLabel(unit: Unit): string {
  return [unit.drivers ? `${unit.drivers.length} drivers` : undefined, unit.site, unit.group, unit.task, unit.model, unit.trial !== undefined ? `trial ${unit.trial}` : undefined, unit.fold !== undefined ? `fold ${unit.fold}` : undefined, unit.block !== undefined ? `block ${unit.block}` : undefined]
    .filter((x) => x !== undefined)
    .join(' ');
}
