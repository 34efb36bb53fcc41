/**
 * Running one unit of a planned run directory by its stage and index, as `fluxscale run-unit`, a
 * Slurm array task and a local worker process do. The planned run and its context (with the cache
 * of prepared sites) are read once per run directory and kept, so a process that runs many units
 * reads each site once.
 */
import { experiment } from '../experiments/registry.js';
import type { RunContext } from '../pipeline/context.js';
import type { Unit } from '../pipeline/plan.js';
import { needsBackend, unitWork } from '../pipeline/units.js';
import type { UnitProgress } from '../pipeline/work.js';
import { prepareCompute } from './compute.js';
import { contextOf, parseStage, readPlannedRun, stageUnits, type PlannedRun } from './run-dir.js';
import { isUnitDone, runUnit, type UnitOutcome } from './store.js';

const opened = new Map<string, { run: PlannedRun; ctx: RunContext }>();

/** The planned run of a directory with its context, read on first use and kept for this process. */
function openPlanned(runDir: string): { run: PlannedRun; ctx: RunContext } {
  let entry = opened.get(runDir);
  if (!entry) {
    const run = readPlannedRun(runDir);
    entry = { run, ctx: contextOf(run) };
    opened.set(runDir, entry);
  }
  return entry;
}

/**
 * Runs unit `index` of `stage` of a planned run directory in this process (`signal` aborts it;
 * `onProgress` hears each epoch of its neural fits); resolves to the unit and how it went. A bad stage
 * or index, or a unit whose dependencies are not done, throws.
 */
export async function runPlannedUnit(runDir: string, stage: string, index: number, signal?: AbortSignal, onProgress?: UnitProgress): Promise<UnitOutcome & { unit: Unit }> {
  const { run, ctx } = openPlanned(runDir);
  const kind = parseStage(stage);
  const units = stageUnits(run.units, kind);
  if (!Number.isInteger(index) || index < 0 || index >= units.length) {
    throw new Error(`--index ${index} is out of range: stage '${kind}' of ${run.runDir} has ${units.length} unit(s) (0-${units.length - 1})`);
  }
  const unit = units[index];
  const missing = unit.deps.map((id) => ctx.byId.get(id)!).filter((d) => !isUnitDone(run.runDir, d));
  if (missing.length > 0) throw new Error(`${unit.path} needs ${missing.length} unfinished unit(s), e.g. ${missing[0].path}: run the earlier stages first`);
  if (needsBackend(unit)) await prepareCompute(run.config);
  const outcome = await runUnit(run.runDir, unit, (out) => unitWork(ctx, experiment(run.experiment).score, unit, out, signal, onProgress), signal);
  return { ...outcome, unit };
}
