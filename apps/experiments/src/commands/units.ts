/**
 * `fluxscale plan`, `fluxscale run-unit` and `fluxscale status`: the run's grid of work made explicit,
 * so that any executor — this machine's cores or a Slurm array job — runs it unit by unit.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { RunContext } from '../pipeline/context.js';
import { work } from '../pipeline/execute.js';
import { STAGES, type ExperimentName } from '../pipeline/plan.js';
import { parseStage, readPlannedRun, stageUnits } from '../run/plan-file.js';
import { slurmJobStates } from '../run/slurm.js';
import { isUnitDone, openFailures, runUnit } from '../run/store.js';
import { log } from '../run/progress.js';
import { EXPERIMENTS, experimentOptions, openRun, prepareCompute, type ExperimentFlags } from './experiment.js';
import { nonNegativeInt } from './options.js';

/** Path of the log of a unit run by an executor (local worker or Slurm array task). */
export const unitLogFile = (runDir: string, stage: string, index: number): string => join(runDir, 'logs', `${stage}-${index}.log`);

/** Runs unit `index` of `stage` of a planned run directory in this process; resolves to its status. */
export async function runPlannedUnit(runDirArg: string, stage: string, index: number): Promise<'done' | 'skipped'> {
  const run = readPlannedRun(runDirArg);
  const kind = parseStage(stage);
  const units = stageUnits(run.units, kind);
  if (!Number.isInteger(index) || index < 0 || index >= units.length) {
    throw new Error(`--index ${index} is out of range: stage '${kind}' of ${run.runDir} has ${units.length} unit(s) (0-${units.length - 1})`);
  }
  const unit = units[index];
  const ctx = new RunContext(run.runDir, run.config, run.units);
  const missing = unit.deps.map((id) => ctx.byId.get(id)!).filter((d) => !isUnitDone(run.runDir, d));
  if (missing.length > 0) throw new Error(`${unit.path} needs ${missing.length} unfinished unit(s), e.g. ${missing[0].path}: run the earlier stages first`);
  if ((unit.model === 'lstm' || unit.model === 'fnn') && (unit.kind === 'tune' || unit.kind === 'fit' || unit.kind === 'cross')) {
    await prepareCompute(run.config);
  }
  const result = await runUnit(run.runDir, unit, (out) => work(ctx, run.experiment, unit, out));
  if (result.status === 'failed') throw new Error(`${unit.path} failed: ${result.error!.message}`);
  return result.status;
}

/** Done / pending / failed counts per stage of a run directory, with the failures' log paths. */
export function runStatus(runDirArg: string): string {
  const run = readPlannedRun(runDirArg);
  const failures = openFailures(run.runDir, run.units);
  const lines = [`${run.runDir}: ${run.experiment}, profile ${run.config.profile}`, 'stage     done  pending  failed'];
  for (const stage of STAGES) {
    const units = stageUnits(run.units, stage);
    if (units.length === 0) continue;
    const done = units.filter((u) => isUnitDone(run.runDir, u)).length;
    const failed = failures.filter((f) => f.unit.kind === stage).length;
    lines.push(`${stage.padEnd(8)} ${String(done).padStart(5)} ${String(units.length - done - failed).padStart(8)} ${String(failed).padStart(7)}`);
  }
  for (const job of slurmJobStates(run.runDir)) lines.push(`slurm job ${job.jobId} (${job.stage}): ${job.state}`);
  for (const f of failures) {
    const index = stageUnits(run.units, f.unit.kind).indexOf(f.unit);
    const logFile = unitLogFile(run.runDir, f.unit.kind, index);
    lines.push(`failed ${f.unit.path} (--stage ${f.unit.kind} --index ${index}): ${f.message}`);
    lines.push(`  record ${f.file}${existsSync(logFile) ? `, log ${logFile}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Registers `plan`, `run-unit` and `status`. */
export function registerUnitCommands(program: Command): void {
  experimentOptions(program.command('plan'), EXPERIMENTS)
    .description('write a run directory with the resolved config and its units (units.jsonl), without running them')
    .action((experiment: ExperimentName, flags: ExperimentFlags) => {
      const { ctx } = openRun(experiment, flags);
      const counts = STAGES.map((s) => `${s} ${stageUnits(ctx.units, s).length}`).join(', ');
      process.stdout.write(`${ctx.runDir}\n`);
      log(`planned ${ctx.units.length} units (${counts})`);
    });
  program
    .command('run-unit')
    .description('run one unit of a planned run directory (idempotent: a finished unit is a no-op)')
    .requiredOption('--run <dir>', 'the run directory (from fluxscale plan)')
    .requiredOption('--stage <stage>', `stage: ${STAGES.join(', ')}`)
    .requiredOption('--index <i>', 'index of the unit within its stage', nonNegativeInt('--index'))
    .action(async (flags: { run: string; stage: string; index: number }) => {
      const status = await runPlannedUnit(flags.run, flags.stage, flags.index);
      log(`${flags.stage} ${flags.index}: ${status === 'skipped' ? 'already done' : 'done'}`);
    });
  program
    .command('status')
    .description('print done / pending / failed units per stage of a run directory, with the logs of failed units')
    .requiredOption('--run <dir>', 'the run directory')
    .action((flags: { run: string }) => {
      process.stdout.write(runStatus(flags.run));
    });
}
