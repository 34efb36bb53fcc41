/**
 * Resolves a run configuration: a profile from profiles/ (following `extends`), then a user config
 * file, then CLI overrides, deep-merged in that order and validated against the schema.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from '@fluxscale/data';
import { parse as parseYaml } from 'yaml';
import { runConfigSchema, type RunConfig } from './schema.js';

/** Folder of the profiles shipped with the app. */
export const PROFILES_DIR = join(__dirname, '..', '..', 'profiles');
/** Root of the repository; relative paths inside shipped profiles resolve against it. */
const REPO_ROOT = join(PROFILES_DIR, '..', '..', '..');

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merges `over` into `base` (objects merge key by key; arrays and scalars replace). */
export function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlain(value) && isPlain(out[key]) ? deepMerge(out[key] as Plain, value) : value;
  }
  return out;
}

/** Makes the relative file paths of one config layer (data.dir, data.meta) absolute against `base`. */
function anchorPaths(layer: Plain, base: string): Plain {
  if (!isPlain(layer.data)) return layer;
  const data: Plain = { ...layer.data };
  for (const key of ['dir', 'meta']) {
    const value = data[key];
    if (typeof value === 'string' && !isAbsolute(value)) data[key] = resolve(base, value);
  }
  return { ...layer, data };
}

function readConfigFile(file: string): Plain {
  if (!existsSync(file)) throw new ConfigError('--config', `config file not found: ${file}`);
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(file, `cannot parse: ${(err as Error).message}`);
  }
  if (!isPlain(value)) throw new ConfigError(file, 'expected a mapping of settings at the top level');
  return value;
}

/** Names of the profiles shipped in profiles/. */
export function profileNames(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

function readProfile(name: string, seen: string[] = []): Plain {
  if (seen.includes(name)) throw new ConfigError('extends', `profile cycle: ${[...seen, name].join(' → ')}`);
  const file = join(PROFILES_DIR, `${name}.yaml`);
  if (!existsSync(file)) throw new ConfigError('--profile', `unknown profile '${name}' (known: ${profileNames().join(', ')})`);
  const { extends: parent, ...rest } = readConfigFile(file);
  const own = anchorPaths(rest, REPO_ROOT);
  for (const path of Object.values(isPlain(own.data) ? own.data : {})) {
    if (typeof path === 'string' && isAbsolute(path) && relative(REPO_ROOT, path).startsWith('..')) {
      throw new ConfigError(file, `profile data path ${path} lies outside the repository; profiles only name paths inside it`);
    }
  }
  if (parent === undefined) return own;
  if (typeof parent !== 'string') throw new ConfigError(file, "'extends' must name a profile");
  return deepMerge(readProfile(parent, [...seen, name]), own);
}

/** Where a config came from, for error messages and the manifest. */
export interface ConfigSources {
  profile: string;
  configFile?: string;
  overrides?: Plain;
}

/**
 * Resolves and validates the configuration of a run. Relative data paths resolve against the repo
 * root (shipped profiles), the config file's folder (user config) or `cwd` (CLI overrides).
 */
export function loadConfig(sources: ConfigSources, cwd = process.cwd()): RunConfig {
  let merged = readProfile(sources.profile);
  let origin = `profile '${sources.profile}'`;
  if (sources.configFile) {
    const { extends: parent, ...own } = readConfigFile(sources.configFile);
    if (typeof parent === 'string') merged = readProfile(parent);
    merged = deepMerge(merged, anchorPaths(own, dirname(resolve(cwd, sources.configFile))));
    origin = sources.configFile;
  }
  if (sources.overrides) merged = deepMerge(merged, anchorPaths(sources.overrides, cwd));
  const parsed = runConfigSchema().safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError(origin, `invalid configuration:\n  ${issues.join('\n  ')}`);
  }
  return parsed.data as RunConfig;
}
