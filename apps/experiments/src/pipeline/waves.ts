/**
 * The waves of a stage: units of one kind may need others of the same kind (a warm-started fit needs
 * the previous test block's fit), so a stage runs in waves — wave 0 needs no unit of its own stage,
 * wave k + 1 needs one of wave k. Executors run the waves of a stage in order, as they run stages.
 */
import type { Unit } from './plan.js';

/**
 * The units of one stage (of one kind) in waves, each wave in the order the units were given; one
 * wave when no unit needs another of the stage. `units` lists every unit after its dependencies.
 */
export function stageWaves(units: readonly Unit[]): Unit[][] {
  const depth = new Map<string, number>();
  const waves: Unit[][] = [];
  for (const unit of units) {
    const wave = unit.deps.reduce((d, dep) => (depth.has(dep) ? Math.max(d, depth.get(dep)! + 1) : d), 0);
    depth.set(unit.id, wave);
    (waves[wave] ??= []).push(unit);
  }
  return waves;
}
