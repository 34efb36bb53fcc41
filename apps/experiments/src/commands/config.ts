/**
 * `fluxscale init [DIR]` writes a commented config for the user's own data; `fluxscale config
 * --print` prints a run's resolved configuration, or the one a new run would get.
 */
import type { Command } from 'commander';
import { profileNames } from '../config/load.js';
import { configTemplate } from '../config/template.js';
import { requestedConfig } from '../engine/config.js';
import { initConfig } from '../engine/init.js';
import type { RunRequest } from '../engine/run-dir.js';
import { configOptions } from './experiment.js';
import { oneOf, runDirArgument, runDirOf } from './options.js';

/** Registers `fluxscale init` and `fluxscale config`. */
export function registerConfig(program: Command): void {
  program
    .command('init')
    .description('write a commented fluxscale.yaml for your FLUXNET2015 daily directory: every setting with its default and meaning')
    .argument('[dir]', 'your directory of FLUXNET2015 daily files (default: none yet, data.dir: null = the bundled sample)')
    .option('--out <file>', 'the config file to write', 'fluxscale.yaml')
    .option('--profile <name>', `the profile whose settings it starts from: ${profileNames().join(', ')}`, oneOf('--profile', profileNames()), 'quick')
    .option('--force', 'replace an existing file')
    .action((dir: string | undefined, flags: { out: string; profile: string; force?: boolean }) => {
      const { file } = initConfig({ ...flags, ...(dir === undefined ? {} : { data: dir }) });
      process.stdout.write(`${file}\n`);
      process.stderr.write(`fluxscale init: wrote ${file}; edit it, then: fluxscale experiment table1 --config ${flags.out}\n`);
    });
  configOptions(runDirArgument(program.command('config')))
    .description('print the resolved configuration of a run directory (its config.json), or the one a new run would get from --profile, --config and the flags')
    .option('--print', 'print the configuration')
    .option('--format <format>', 'json (as config.json) or yaml (commented, as fluxscale init writes it)', oneOf('--format', ['json', 'yaml'] as const), 'json')
    .action((positional: string | undefined, flags: RunRequest & { print?: boolean; run?: string; format: 'json' | 'yaml' }, command: Command) => {
      if (!flags.print) command.help({ error: true });
      const { print: _print, format, run, ...request } = flags;
      const runDir = runDirOf(positional, run, false);
      const config = requestedConfig({ ...request, ...(runDir === undefined ? {} : { run: runDir }) });
      process.stdout.write(format === 'json' ? `${JSON.stringify(config, null, 2)}\n` : configTemplate(config, [`the resolved configuration (fluxscale config --print)`]));
    });
}
