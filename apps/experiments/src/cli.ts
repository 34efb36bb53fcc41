#!/usr/bin/env node
/**
 * The `fluxscale` command line: one sub-command per job, each registered from its own module in
 * ./commands. Results go to stdout, logs and progress to stderr.
 */
import { Command } from 'commander';
import { commands } from './commands/index.js';
import { packageJson } from './config/package-root.js';
import { userDirectory } from './engine/output.js';

const { version } = packageJson();

/** What every error line starts with. */
const ERROR_PREFIX = 'fluxscale: error: ';

// Relative paths (--data, --config, --out, runs/) are the user's: `pnpm fluxscale` runs from the repository root.
process.chdir(userDirectory());

const program = new Command('fluxscale')
  .description('Scale-aware deep learning of ecosystem carbon fluxes on FLUXNET2015 daily data')
  .version(version)
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({
    writeOut: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
    // one prefix for every error, the flag parser's and the commands' alike
    outputError: (s, write) => write(s.replace(/^error: /, ERROR_PREFIX)),
  });

for (const register of commands) register(program);

// `pnpm run experiment:table1 -- --jobs 1` hands the `--` on: a lone `--` separates nothing here.
program.parseAsync(process.argv.filter((arg, i) => i < 2 || arg !== '--')).catch((err: unknown) => {
  process.stderr.write(`${ERROR_PREFIX}${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
