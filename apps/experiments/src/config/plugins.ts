/**
 * Plugins: JavaScript modules (CommonJS, or ES modules without top-level await) that export `models`,
 * an array of model specs, and/or `siteReaders`, an array of site file readers, each registered as if
 * it were built in, and/or `experiments`, an array of experiment entries, which the experiment registry
 * adopts (src/experiments/registry.ts). A config names them in `plugins` (and `--plugin` adds one);
 * every process that reads the config — the CLI, each local worker, each Slurm task — loads them before
 * it checks the config's model names and data format against the registries, so a plugin model or
 * experiment runs, and a plugin format is read, wherever a built-in one is.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError, registerSiteReader, siteReaders, type SiteReader } from '@fluxscale/data';
import { modelKinds, modelSpec, registerModel, type ModelSpec } from '@fluxscale/models';

/** What each plugin file loaded in this process exports, by absolute path, in load order. */
const loaded = new Map<string, Readonly<Record<string, unknown>>>();

/** Whether `value` looks like a model spec (a kind, create and load). */
const isSpec = (value: unknown): value is ModelSpec =>
  typeof value === 'object' && value !== null && typeof (value as ModelSpec).kind === 'string' && typeof (value as ModelSpec).create === 'function' && typeof (value as ModelSpec).load === 'function';

/** Whether `value` looks like a site file reader (a format, siteOf and read). */
const isReader = (value: unknown): value is SiteReader =>
  typeof value === 'object' && value !== null && typeof (value as SiteReader).format === 'string' && typeof (value as SiteReader).siteOf === 'function' && typeof (value as SiteReader).read === 'function';

/** Whether `value` is an object: an experiment entry, checked by the experiment registry when it adopts it. */
const isEntry = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** Whether an export is absent, or a non-empty array of entries that pass `is`. */
const validList = <T>(list: unknown, is: (value: unknown) => value is T): list is T[] | undefined =>
  list === undefined || (Array.isArray(list) && list.length > 0 && list.every(is));

/**
 * Loads each plugin file of `files` (absolute paths) not loaded yet in this process and registers the
 * model specs it exports as `models` and the site file readers it exports as `siteReaders`, keeping what
 * it exports for {@link pluginExports}. Throws a ConfigError naming `plugins[i]` and the file when a file
 * is missing, fails to load, exports none of `models`, `siteReaders` and `experiments` (or a list that
 * is empty or holds something else), or a name is taken by another entry.
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
    const { models, siteReaders: readers, experiments } = exported;
    if ((models === undefined && readers === undefined && experiments === undefined) || !validList(models, isSpec) || !validList(readers, isReader) || !validList(experiments, isEntry)) {
      throw new ConfigError(
        key,
        `${file} must export \`models\`, a non-empty array of model specs (kind, create, load, ...), like the ridge template of @fluxscale/models, \`siteReaders\`, a non-empty array of site file readers (format, description, siteFile, siteOf, read), and/or \`experiments\`, a non-empty array of experiment entries (name, help, plan, score, ...)`,
      );
    }
    const register = (known: boolean, add: () => void): void => {
      if (known) return;
      try {
        add();
      } catch (err) {
        throw new ConfigError(key, `${file}: ${(err as Error).message}`);
      }
    };
    for (const spec of models ?? []) register(modelKinds().includes(spec.kind) && modelSpec(spec.kind) === spec, () => registerModel(spec));
    for (const reader of readers ?? []) register(siteReaders().includes(reader), () => registerSiteReader(reader));
    loaded.set(file, exported);
  });
}

/** What the plugin files loaded in this process export under `name` (e.g. `experiments`): each file with its value, in load order. */
export function pluginExports(name: string): Array<{ readonly file: string; readonly value: unknown }> {
  return [...loaded].filter(([, exported]) => exported[name] !== undefined).map(([file, exported]) => ({ file, value: exported[name] }));
}
