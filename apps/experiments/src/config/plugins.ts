/**
 * Model plugins: JavaScript modules (CommonJS, or ES modules without top-level await) that export
 * `models`, an array of model specs, each registered as if it were built in. A config names them in
 * `plugins` (and `--plugin` adds one); every process that reads the config — the CLI, each local
 * worker, each Slurm task — loads them before it checks the config's model names against the
 * registry, so a plugin model runs wherever a built-in one does.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError } from '@fluxscale/data';
import { modelKinds, modelSpec, registerModel, type ModelSpec } from '@fluxscale/models';

/** Plugin files loaded in this process (absolute paths). */
const loaded = new Set<string>();

/** Whether `value` looks like a model spec (a kind, create and load). */
const isSpec = (value: unknown): value is ModelSpec =>
  typeof value === 'object' && value !== null && typeof (value as ModelSpec).kind === 'string' && typeof (value as ModelSpec).create === 'function' && typeof (value as ModelSpec).load === 'function';

/**
 * Loads each plugin file of `files` (absolute paths) not loaded yet in this process and registers the
 * model specs it exports as `models`. Throws a ConfigError naming `plugins[i]` and the file when a file
 * is missing, fails to load, exports no `models` array of specs, or a kind is taken by another model.
 */
export function loadPlugins(files: readonly string[]): void {
  files.forEach((file, i) => {
    if (loaded.has(file)) return;
    const key = `plugins[${i}]`;
    if (!existsSync(file)) throw new ConfigError(key, `plugin file not found: ${file}`);
    let exported: unknown;
    try {
      exported = createRequire(file)(file);
    } catch (err) {
      throw new ConfigError(key, `cannot load the plugin ${file}: ${(err as Error).message}`);
    }
    const models = (exported as { models?: unknown } | null)?.models;
    if (!Array.isArray(models) || models.length === 0 || !models.every(isSpec)) {
      throw new ConfigError(key, `${file} must export \`models\`, a non-empty array of model specs (kind, create, load, ...), like the ridge template of @fluxscale/models`);
    }
    for (const spec of models) {
      if (modelKinds().includes(spec.kind) && modelSpec(spec.kind) === spec) continue;
      try {
        registerModel(spec);
      } catch (err) {
        throw new ConfigError(key, `${file}: ${(err as Error).message}`);
      }
    }
    loaded.add(file);
  });
}
