/** The state of a run directory: done / pending / failed units per stage, Slurm job states, failed units' records and logs. */
import { existsSync } from 'node:fs';
import { STAGES } from '../pipeline/plan.js';
import { unitLogFile } from './protocol.js';
import { readPlannedRun, stageUnits } from './run-dir.js';
import { slurmJobStates } from './slurm.js';
import { inspectUnit, openFailures } from './store.js';

/** Done / pending / failed counts per stage of a run directory, with the failures' log paths, as text. */
export function runStatus(runDirArg: string): string {
  const run = readPlannedRun(runDirArg);
  const failures = openFailures(run.runDir, run.units);
  const lines = [`${run.runDir}: ${run.experiment}, profile ${run.config.profile}`, 'stage     done  pending  failed'];
  const damaged: string[] = [];
  for (const stage of STAGES) {
    const units = stageUnits(run.units, stage);
    if (units.length === 0) continue;
    const states = units.map((u) => [u, inspectUnit(run.runDir, u)] as const);
    for (const [u, state] of states) if (!state.done && state.damage) damaged.push(`damaged ${u.path}: ${state.damage} (set aside and run again on --resume)`);
    const done = states.filter(([, state]) => state.done).length;
    const failed = failures.filter((f) => f.unit.kind === stage).length;
    lines.push(`${stage.padEnd(8)} ${String(done).padStart(5)} ${String(units.length - done - failed).padStart(8)} ${String(failed).padStart(7)}`);
  }
  lines.push(...damaged);
  for (const job of slurmJobStates(run.runDir)) lines.push(`slurm job ${job.jobId} (${job.stage}): ${job.state}`);
  for (const f of failures) {
    const index = stageUnits(run.units, f.unit.kind).indexOf(f.unit);
    const logFile = unitLogFile(run.runDir, f.unit.kind, index);
    lines.push(`failed ${f.unit.path} (--stage ${f.unit.kind} --index ${index}): ${f.message}`);
    lines.push(`  record ${f.file}${existsSync(logFile) ? `, log ${logFile}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
