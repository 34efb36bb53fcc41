/**
 * `fluxscale experiment <name>`: the flags of an experiment run (a registered experiment, or a figure
 * and the experiment whose run holds its inputs); the engine plans, executes (or resumes) and reports
 * it, and the tables are printed.
 */
import type { Command } from 'commander';
import { profileNames } from '../config/load.js';
import { EVALUATION_SCHEMES, GROUPINGS } from '../config/schema.js';
import { siteReaders } from '@fluxscale/data';
import { BACKEND_CHOICES } from '@fluxscale/models';
import { runExperiment, type ExperimentRequest } from '../engine/experiment.js';
import { runTables } from '../engine/results.js';
import { experimentTargets, figureTargets } from '../engine/targets.js';
import { experiments } from '../experiments/registry.js';
import { list, nonNegativeInt, oneOf, positiveInt } from './options.js';

/** Adds the flags that configure a new run (profile, user config, data, drivers, backend, seed) to a command. */
export function configOptions(command: Command): Command {
  return command
    .option('--config <file>', 'user config (YAML or JSON) overriding the profile')
    .option('--profile <name>', `profile: ${profileNames().join(', ')} (default quick)`, oneOf('--profile', profileNames()))
    .option('--data <dir>', 'directory of FLUXNET2015 daily files (default: the bundled sample)')
    .option('--data-format <name>', `format of the site files (data.format): ${siteReaders().map((r) => r.format).join(', ')} or a plugin's (default: the profile's)`)
    .option('--meta <file>', 'site metadata CSV (site_id, igbp, lat, lon)')
    .option('--drivers <list>', 'driver variables, comma-separated (e.g. TA_F,SW_IN_F,VPD_F)', list('--drivers'))
    .option('--backend <name>', `TensorFlow.js backend: ${BACKEND_CHOICES.join(', ')}`, oneOf('--backend', BACKEND_CHOICES))
    .option('--seed <n>', 'seed of every random draw', nonNegativeInt('--seed'))
    .option('--plugin <file>', 'a plugin: a JavaScript file exporting `models` and/or `siteReaders` (repeatable; added to the config\'s plugins)', (file: string, files: string[] = []) => [...files, file])
    .option('--scheme <name>', `evaluation scheme: ${EVALUATION_SCHEMES.join(', ')} (default: the profile's; switching scheme sets evaluation.folds to its default)`, oneOf('--scheme', EVALUATION_SCHEMES))
    .option('--grouping <name>', `models per ecosystem group or one pooled model with the IGBP class as input: ${GROUPINGS.join(', ')} (default: the profile's)`, oneOf('--grouping', GROUPINGS));
}

/** Adds the `<name>` argument (one of `names`, or an experiment a plugin registers; the engine checks it) and the flags shared by `experiment` and `plan` to a command. */
export function experimentOptions(command: Command, names: readonly string[]): Command {
  return configOptions(command.argument('<name>', `experiment: ${names.join(', ')}, or one a --plugin registers`))
    .option('--out <dir>', 'the run directory (default runs/<date>-<name>-<profile>)')
    .option('--resume <dir>', 'resume a run directory: finished units are skipped');
}

/** Prints the run's tables (those that exist: Table 1, Table 2, S1, the verdict, any other) to stdout. */
function printTables(runDir: string): void {
  for (const table of runTables(runDir)) process.stdout.write(`${table.markdown}\n`);
}

/** Each registered experiment with its help line (and default profile), for the command's description. */
const experimentHelp = (): string =>
  experiments()
    .map((e) => `${e.name} (${e.help}${e.defaultProfile ? `; default profile ${e.defaultProfile}` : ''})`)
    .join(', ');

/** Registers `fluxscale experiment`. */
export function registerExperiment(program: Command): void {
  experimentOptions(program.command('experiment'), experimentTargets())
    .option('--executor <name>', 'where units run: local (this machine) or slurm (array jobs)', oneOf('--executor', ['local', 'slurm'] as const), 'local')
    .option('--jobs <n>', 'local executor: units run at once, in worker processes (default: the number of cores)', positiveInt('--jobs'))
    .option('--wait', 'slurm executor: keep running until the last stage ends, with a progress line per stage')
    .option('--dry-run', 'slurm executor: write the sbatch scripts under RUN_DIR/slurm/ and submit nothing')
    .option('--from <dir>', 'figures: draw from this finished run directory instead of running the experiment first')
    .option('--site <id>', "wavelet figure: the example site (default: the config's figures.site, else the first CRO site)")
    .description(`run an experiment end to end into a run directory: ${experimentHelp()}, or a figure (${figureTargets().join(', ')}: runs the experiment holding its inputs, or reads --from RUN_DIR)`)
    .action(async (name: string, flags: ExperimentRequest) => {
      const outcome = await runExperiment(name, flags);
      if (flags.from === undefined) printTables(outcome.runDir);
      process.exitCode = outcome.exitCode;
    });
}
