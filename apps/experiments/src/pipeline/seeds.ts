/**
 * Seeds of a run's random draws, derived from the run seed and a unit's keys (group, task, model,
 * trial, fold, seed replicate, test block) — never from the order units run in, so a unit draws the same numbers on a laptop,
 * in a worker process or on a cluster node.
 */
import { createHash } from 'node:crypto';
import type { Unit } from './plan.js';

const seedOfKeys = (keys: readonly unknown[]): number => createHash('sha256').update(JSON.stringify(keys)).digest().readUInt32LE(0);

const keysOf = (unit: Unit) => [
  unit.kind,
  unit.group ?? null,
  unit.task ?? null,
  unit.model ?? null,
  unit.trial ?? null,
  unit.fold ?? null,
  // Seed replicates of the verdict draw independent numbers; units without one keep the keys above.
  ...(unit.replicate === undefined ? [] : [unit.replicate]),
  // So do the test blocks of a rolling-origin evaluation.
  ...(unit.block === undefined ? [] : ['block', unit.block]),
];

/** A 32-bit seed for a unit's model (initialisation, shuffling, subsampling). */
export function seedOf(runSeed: number, unit: Unit, ...extra: readonly (string | number)[]): number {
  return seedOfKeys([runSeed, ...keysOf(unit), ...extra]);
}

/** The seed a trial's hyper-parameters are drawn with: the same for every fold of the trial. */
export function trialSeedOf(runSeed: number, unit: Unit, trial: number): number {
  const { group, task, model } = unit;
  return seedOfKeys([runSeed, 'trial', group, task, model, trial]);
}
