/**
 * `fluxscale init`: a commented config for the user's own FLUXNET2015 directory, generated from the
 * config schema (every key with its value and meaning) and written atomically.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '@fluxscale/data';
import { writeFileAtomic } from '@fluxscale/util';
import { loadConfig } from '../config/load.js';
import { packageJson } from '../config/package-root.js';
import type { RunConfig } from '../config/schema.js';
import { configTemplate } from '../config/template.js';

/** What `fluxscale init` writes. */
export interface InitRequest {
  /** The user's directory of FLUXNET2015 daily files; absent = the bundled sample (data.dir: null). */
  readonly data?: string;
  /** The config file to write. */
  readonly out: string;
  /** The profile whose settings the file starts from. */
  readonly profile: string;
  /** Replace an existing file. */
  readonly force?: boolean;
}

/** Writes the config file; returns its absolute path and the config it holds. */
export function initConfig(request: InitRequest): { file: string; config: RunConfig } {
  const file = resolve(request.out);
  if (existsSync(file) && !request.force) throw new ConfigError('--out', `${file} already exists; choose another file or pass --force to replace it`);
  const dir = request.data === undefined ? null : resolve(request.data);
  if (dir !== null && !(existsSync(dir) && statSync(dir).isDirectory())) throw new ConfigError('DIR', `${dir} is not a directory`);
  const config = loadConfig({ profile: request.profile, overrides: { data: { dir } } });
  const { name, version } = packageJson();
  const header = [
    `fluxscale run configuration, written by ${name} ${version} (fluxscale init) from the '${request.profile}' profile.`,
    'Every key with its value and meaning; a commented-out key shows its default. Relative paths are',
    "relative to this file's folder. Use it with:",
    `  fluxscale experiment table1 --config ${request.out}`,
    dir === null ? 'data.dir is null: the bundled 12-site sample. Set it to your folder of FLUXNET2015 daily files (FLX_*_DD_*).' : `data.dir is ${dir}; check its sites with: fluxscale sites --data ${dir}`,
  ];
  writeFileAtomic(file, configTemplate(config, header));
  return { file, config };
}
