/**
 * Seeds of a run's random draws, derived from the run seed and a unit's keys (group, task, model,
 * trial, fold) — never from the order units run in, so a unit draws the same numbers on a laptop,
 * in a worker process or on a cluster node.
 */
import { createHash } from 'node:crypto';
import { createRng, type Rng } from '@fluxscale/models';
import type { Unit } from './plan.js';

const keysOf = (unit: Unit) => [unit.kind, unit.group ?? null, unit.task ?? null, unit.model ?? null, unit.trial ?? null, unit.fold ?? null];

/** A 32-bit seed for a unit's model (initialisation, shuffling, subsampling). */
export function seedOf(runSeed: number, unit: Unit, ...extra: readonly (string | number)[]): number {
  return createHash('sha256').update(JSON.stringify([runSeed, ...keysOf(unit), ...extra])).digest().readUInt32LE(0);
}

/** The generator that draws a trial's hyper-parameters: the same for every fold of the trial. */
export function trialRng(runSeed: number, unit: Unit, trial: number): Rng {
  const { group, task, model } = unit;
  return createRng(createHash('sha256').update(JSON.stringify([runSeed, 'trial', group, task, model, trial])).digest().readUInt32LE(0));
}
