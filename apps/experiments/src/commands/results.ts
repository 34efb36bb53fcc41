/**
 * `fluxscale show RUN` prints a finished run's tables (or its results as JSON); `fluxscale runs [DIR]`
 * lists the run directories under a folder with experiment, profile, status and date.
 */
import type { Command } from 'commander';
import { listRuns, runsText, showRun } from '../engine/results.js';
import { oneOf, runDirArgument, runDirOf } from './options.js';

/** Registers `show` and `runs`. */
export function registerResultCommands(program: Command): void {
  runDirArgument(program.command('show'))
    .description("print a finished run's tables (Table 1, Table 2, S1, the verdict, any other experiment's) in the terminal, or its results as JSON")
    .option('--format <format>', 'text (the tables as Markdown) or json (the tables, metrics.json and verdict.json)', oneOf('--format', ['text', 'json'] as const), 'text')
    .action((positional: string | undefined, flags: { run?: string; format: 'text' | 'json' }) => {
      const runDir = runDirOf(positional, flags.run, true);
      const { output, state } = showRun(runDir, flags.format);
      if (state !== 'finished') process.stderr.write(`fluxscale show: ${runDir} is ${state}: its tables may be partial or stale (fluxscale status ${runDir})\n`);
      process.stdout.write(output);
    });
  program
    .command('runs')
    .description('list the run directories under a folder (oldest first) with experiment, profile, status and date')
    .argument('[dir]', 'the folder to search (down to three levels)', 'runs')
    .option('--format <format>', 'table or json', oneOf('--format', ['table', 'json'] as const), 'table')
    .action((dir: string, flags: { format: 'table' | 'json' }) => {
      const runs = listRuns(dir);
      if (runs.length === 0) process.stderr.write(`fluxscale runs: no run directory under ${dir}\n`);
      else process.stdout.write(flags.format === 'json' ? `${JSON.stringify(runs, null, 2)}\n` : runsText(runs));
    });
}
