/**
 * Plugins: JavaScript modules (CommonJS, or ES modules without top-level await) that export
 * `models`, an array of model specs, each registered as if it were built in, and/or `experiments`,
 * an array of experiment entries, which the experiment registry adopts (src/experiments/registry.ts).
 * A config names them in `plugins` (and `--plugin` adds one); every process that reads the config —
 * the CLI, each local worker, each Slurm task — loads them before it checks the config's model names
 * against the registry, so a plugin model or experiment runs wherever a built-in one does.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError } from '@fluxscale/data';
import { modelKinds, modelSpec, registerModel, type ModelSpec } from '@fluxscale/models';

/** What each plugin file loaded in this process exports, by absolute path, in load order. */
const loaded = new Map<string, Readonly<Record<string, unknown>>>();

/** Whether `value` looks like a model spec (a kind, create and load). */
const isSpec = (value: unknown): value is ModelSpec =>
  typeof value === 'object' && value !== null && typeof (value as ModelSpec).kind === 'string' && typeof (value as ModelSpec).create === 'function' && typeof (value as ModelSpec).load === 'function';

/** Whether `value` is a non-empty array. */
const isList = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;

/**
 * Loads each plugin file of `files` (absolute paths) not loaded yet in this process and registers the
 * model specs it exports as `models`. Throws a ConfigError naming `plugins[i]` and the file when a file
 * is missing, fails to load, exports neither a `models` array of specs nor an `experiments` array, or
 * a kind is taken by another model.
 */
export function loadPlugins(files: readonly string[]): void {
  files.forEach((file, i) => {
    if (loaded.has(file)) return;
    const key = `plugins[${i}]`;
    if (!existsSync(file)) throw new ConfigError(key, `plugin file not found: ${file}`);
    let exported: Record<string, unknown>;
    try {
      exported = (createRequire(file)(file) as Record<string, unknown> | null) ?? {};
    } catch (err) {
      throw new ConfigError(key, `cannot load the plugin ${file}: ${(err as Error).message}`);
    }
    const { models, experiments } = exported;
    if (experiments !== undefined && !isList(experiments)) throw new ConfigError(key, `${file}: \`experiments\` must be a non-empty array of experiment entries (name, help, plan, score, ...)`);
    if ((models !== undefined || experiments === undefined) && !(isList(models) && models.every(isSpec))) {
      throw new ConfigError(
        key,
        `${file} must export \`models\`, a non-empty array of model specs (kind, create, load, ...), like the ridge template of @fluxscale/models, or \`experiments\`, a non-empty array of experiment entries`,
      );
    }
    for (const spec of (models ?? []) as ModelSpec[]) {
      if (modelKinds().includes(spec.kind) && modelSpec(spec.kind) === spec) continue;
      try {
        registerModel(spec);
      } catch (err) {
        throw new ConfigError(key, `${file}: ${(err as Error).message}`);
      }
    }
    loaded.set(file, exported);
  });
}

/** What the plugin files loaded in this process export under `name` (e.g. `experiments`): each file with its value, in load order. */
export function pluginExports(name: string): Array<{ readonly file: string; readonly value: unknown }> {
  return [...loaded].filter(([, exported]) => exported[name] !== undefined).map(([file, exported]) => ({ file, value: exported[name] }));
}
