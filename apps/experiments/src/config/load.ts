/**
 * Resolves a run configuration: a profile from profiles/ (following `extends`), then a user config
 * file, then CLI overrides, deep-merged in that order and validated against the schema. Relative data
 * paths in a profile name folders of the fluxscale repository: they resolve against a checkout's root,
 * and in an installed package (which has no such folders) a profile still pointing at one is refused
 * with a message saying how to get the data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from '@fluxscale/data';
import { parse as parseYaml } from 'yaml';
import { PACKAGE_ROOT, repositoryRoot, repositoryUrl } from './package-root.js';
import { loadPlugins } from './plugins.js';
import { pluginsOf, runConfigSchema, type RunConfig } from './schema.js';

/** Folder of the profiles shipped with the app. */
export const PROFILES_DIR = join(PACKAGE_ROOT, 'profiles');

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** The file path keys of a config's `data` section. */
const PATH_KEYS = ['dir', 'meta'] as const;

/** A relative data path of a shipped profile: a folder of the fluxscale repository, resolved once every layer is merged. */
class RepositoryPath {
  constructor(
    readonly path: string,
    readonly profile: string,
  ) {}
}

/** Deep-merges `over` into `base` (objects merge key by key; arrays and scalars replace). */
export function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlain(value) && isPlain(out[key]) ? deepMerge(out[key] as Plain, value) : value;
  }
  return out;
}

/** `lower`'s per-model parameter sets (search.fixed or search.spaces) less the parameters `upper` names for the same model. */
function withoutNamed(lower: unknown, upper: unknown): unknown {
  if (!isPlain(lower) || !isPlain(upper)) return lower;
  return Object.fromEntries(
    Object.entries(lower).map(([model, values]) => {
      const named = upper[model];
      return [model, isPlain(values) && isPlain(named) ? Object.fromEntries(Object.entries(values).filter(([name]) => !(name in named))) : values];
    }),
  );
}

/**
 * Merges one config layer over the layers below it (see `deepMerge`). The layer's word on a
 * hyper-parameter wins: one it searches (search.spaces.MODEL.NAME) is no longer fixed by a lower
 * layer (search.fixed.MODEL.NAME), and one it fixes is no longer searched by a lower layer.
 */
export function mergeLayer(base: Plain, layer: Plain): Plain {
  const search = base.search;
  if (!isPlain(search) || !isPlain(layer.search)) return deepMerge(base, layer);
  const lower = { ...search };
  if (search.fixed !== undefined) lower.fixed = withoutNamed(search.fixed, layer.search.spaces);
  if (search.spaces !== undefined) lower.spaces = withoutNamed(search.spaces, layer.search.fixed);
  return deepMerge({ ...base, search: lower }, layer);
}

/** What a valid schema cannot say about one key alone: a parameter both fixed and searched (a layer that sets both), a warm start without test blocks to chain. */
function crossKeyIssues(config: RunConfig): string[] {
  const issues: string[] = [];
  const both = Object.entries(config.search.spaces).flatMap(([model, space]) => Object.keys(space ?? {}).filter((name) => name in (config.search.fixed[model] ?? {})).map((name) => `${model}.${name}`));
  if (both.length > 0) issues.push(`search: ${both.join(', ')} both fixed (search.fixed) and searched (search.spaces); a parameter is one or the other`);
  const { scheme, warmStart } = config.evaluation;
  if (warmStart !== null && scheme !== 'rolling-origin') {
    issues.push(`evaluation.warmStart: warm starts chain the fits of consecutive test blocks and need evaluation.scheme rolling-origin, not ${scheme}`);
  }
  return issues;
}

/** Replaces the relative file paths of one config layer (data.dir, data.meta) by `anchor(path)`. */
function mapPaths(layer: Plain, anchor: (path: string) => unknown): Plain {
  if (!isPlain(layer.data)) return layer;
  const data: Plain = { ...layer.data };
  for (const key of PATH_KEYS) {
    const value = data[key];
    if (typeof value === 'string' && !isAbsolute(value)) data[key] = anchor(value);
  }
  return { ...layer, data };
}

/** Makes the relative file paths of one config layer (data.dir, data.meta, plugins) absolute against `base`. */
function anchorPaths(layer: Plain, base: string): Plain {
  const anchored = mapPaths(layer, (path) => resolve(base, path));
  const plugins = pluginsOf(layer);
  return plugins.length > 0 ? { ...anchored, plugins: plugins.map((file) => resolve(base, file)) } : anchored;
}

/**
 * The absolute path of a profile's repository folder in this checkout; throws when the CLI runs from
 * an installed package or the folder is missing, saying how to get the data.
 */
function repositoryPath(value: RepositoryPath, key: string): string {
  const root = repositoryRoot();
  const path = root === null ? null : resolve(root, value.path);
  if (path !== null && relative(root!, path).startsWith('..')) {
    throw new ConfigError(`profile '${value.profile}'`, `data.${key} ${value.path} lies outside the repository; profiles only name folders inside it`);
  }
  if (path !== null && existsSync(path)) return path;
  const get =
    path === null
      ? `which the npm package does not include: run the profile from a clone of ${repositoryUrl()} (pnpm install, then pnpm fluxscale ... --profile ${value.profile})`
      : `missing in this checkout (${path}): update it (git pull)`;
  throw new ConfigError(
    `profile '${value.profile}'`,
    `data.${key} is ${value.path}, a folder of the fluxscale repository, ${get}; or use your own copy of the data with --data DIR ` +
      `(or data.${key} in a --config file: fluxscale init DIR writes one)`,
  );
}

/** Resolves the repository paths that are left in a merged config (those no later layer replaced). */
function resolveRepositoryPaths(merged: Plain): Plain {
  if (!isPlain(merged.data)) return merged;
  const data: Plain = { ...merged.data };
  for (const key of PATH_KEYS) {
    const value = data[key];
    if (value instanceof RepositoryPath) data[key] = repositoryPath(value, key);
  }
  return { ...merged, data };
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
  const own = mapPaths(rest, (path) => new RepositoryPath(path, name));
  if (parent === undefined) return own;
  if (typeof parent !== 'string') throw new ConfigError(file, "'extends' must name a profile");
  return mergeLayer(readProfile(parent, [...seen, name]), own);
}

/** Where a config came from, for error messages and the manifest. */
export interface ConfigSources {
  profile: string;
  configFile?: string;
  overrides?: Plain;
}

/**
 * Resolves and validates the configuration of a run. Relative data paths resolve against the
 * repository root (shipped profiles), the config file's folder (user config) or `cwd` (CLI overrides).
 */
export function loadConfig(sources: ConfigSources, cwd = process.cwd()): RunConfig {
  let merged = readProfile(sources.profile);
  let origin = `profile '${sources.profile}'`;
  if (sources.configFile) {
    const { extends: parent, ...own } = readConfigFile(sources.configFile);
    if (typeof parent === 'string') merged = readProfile(parent);
    merged = mergeLayer(merged, anchorPaths(own, dirname(resolve(cwd, sources.configFile))));
    origin = sources.configFile;
  }
  if (sources.overrides) {
    const overrides = anchorPaths(sources.overrides, cwd);
    merged = mergeLayer(merged, { ...overrides, plugins: [...pluginsOf(merged), ...pluginsOf(overrides)] });
  }
  loadPlugins(pluginsOf(merged));
  const parsed = runConfigSchema().safeParse(resolveRepositoryPaths(merged));
  const issues = parsed.success ? crossKeyIssues(parsed.data as RunConfig) : parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  if (issues.length > 0) throw new ConfigError(origin, `invalid configuration:\n  ${issues.join('\n  ')}`);
  return parsed.data as RunConfig;
}
