/**
 * `fluxscale plan`, `fluxscale run-unit` and `fluxscale status`: the run's grid of work made explicit,
 * so that any executor — this machine's cores or a Slurm array job — runs it unit by unit.
 */
import type { Command } from 'commander';
import { fitProgressText, log } from '../engine/progress.js';
import { openRun, stageUnits, type RunRequest } from '../engine/run-dir.js';
import { runPlannedUnit } from '../engine/run-unit.js';
import { runStatus } from '../engine/status.js';
import { experimentNames } from '../experiments/registry.js';
import { STAGES } from '../pipeline/plan.js';
import { experimentOptions } from './experiment.js';
import { nonNegativeInt, runDirArgument, runDirOf } from './options.js';

/** Registers `plan`, `run-unit` and `status`. */
export function registerUnitCommands(program: Command): void {
  experimentOptions(program.command('plan'), experimentNames())
    .description('write a run directory with the resolved config and its units (units.jsonl), without running them')
    .action((experiment: string, flags: RunRequest) => {
      const { ctx } = openRun(experiment, flags);
      const counts = STAGES.map((s) => `${s} ${stageUnits(ctx.units, s).length}`).join(', ');
      process.stdout.write(`${ctx.runDir}\n`);
      log(`planned ${ctx.units.length} units (${counts})`);
    });
  runDirArgument(program.command('run-unit'))
    .description('run one unit of a planned run directory (idempotent: a finished unit is a no-op)')
    .requiredOption('--stage <stage>', `stage: ${STAGES.join(', ')}`)
    .requiredOption('--index <i>', 'index of the unit within its stage', nonNegativeInt('--index'))
    .action(async (positional: string | undefined, flags: { run?: string; stage: string; index: number }) => {
      const runDir = runDirOf(positional, flags.run, true);
      const outcome = await runPlannedUnit(runDir, flags.stage, flags.index, undefined, (p) => log(fitProgressText(p)));
      if (outcome.status === 'failed') throw new Error(`${outcome.unit.path} failed: ${outcome.error!.message}`);
      log(`${flags.stage} ${flags.index}: ${outcome.status === 'skipped' ? 'already done' : 'done'}`);
    });
  runDirArgument(program.command('status'))
    .description('print done / pending / failed units per stage of a run directory, with the logs of failed units')
    .action((positional: string | undefined, flags: { run?: string }) => {
      process.stdout.write(runStatus(runDirOf(positional, flags.run, true)));
    });
}
