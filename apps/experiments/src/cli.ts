#!/usr/bin/env node
/**
 * The `fluxscale` command line: one sub-command per job, each registered from its own module in
 * ./commands. Results go to stdout, logs and progress to stderr.
 */
import { Command } from 'commander';
import { commands } from './commands/index.js';
import { packageJson } from './config/package-root.js';

const { version } = packageJson();

const program = new Command('fluxscale')
  .description('Scale-aware deep learning of ecosystem carbon fluxes on FLUXNET2015 daily data')
  .version(version)
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });

for (const register of commands) register(program);

// `pnpm run experiment:table1 -- --jobs 1` hands the `--` on: a lone `--` separates nothing here.
program.parseAsync(process.argv.filter((arg, i) => i < 2 || arg !== '--')).catch((err: unknown) => {
  process.stderr.write(`fluxscale: error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
