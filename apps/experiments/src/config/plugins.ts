/**
 * Plugins: JavaScript modules (CommonJS, or ES modules without top-level await) that export `models`,
 * an array of model specs, and/or `siteReaders`, an array of site file readers, each registered as if
 * it were built in. A config names them in `plugins` (and `--plugin` adds one); every process that
 * reads the config — the CLI, each local worker, each Slurm task — loads them before it checks the
 * config's model names and data format against the registries, so a plugin model runs, and a plugin
 * format is read, wherever a built-in one is.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError, registerSiteReader, siteReaders, type SiteReader } from '@fluxscale/data';
import { modelKinds, modelSpec, registerModel, type ModelSpec } from '@fluxscale/models';

/** Plugin files loaded in this process (absolute paths). */
const loaded = new Set<string>();

/** Whether `value` looks like a model spec (a kind, create and load). */
const isSpec = (value: unknown): value is ModelSpec =>
  typeof value === 'object' && value !== null && typeof (value as ModelSpec).kind === 'string' && typeof (value as ModelSpec).create === 'function' && typeof (value as ModelSpec).load === 'function';

/** Whether `value` looks like a site file reader (a format, siteOf and read). */
const isReader = (value: unknown): value is SiteReader =>
  typeof value === 'object' && value !== null && typeof (value as SiteReader).format === 'string' && typeof (value as SiteReader).siteOf === 'function' && typeof (value as SiteReader).read === 'function';

/** Whether an export is absent, or a non-empty array of entries that pass `is`. */
const validList = <T>(list: unknown, is: (value: unknown) => value is T): list is T[] | undefined =>
  list === undefined || (Array.isArray(list) && list.length > 0 && list.every(is));

/**
 * Loads each plugin file of `files` (absolute paths) not loaded yet in this process and registers the
 * model specs it exports as `models` and the site file readers it exports as `siteReaders`. Throws a
 * ConfigError naming `plugins[i]` and the file when a file is missing, fails to load, exports neither
 * list (or a list that is empty or holds something else), or a name is taken by another entry.
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
    const { models, siteReaders: readers } = (exported ?? {}) as { models?: unknown; siteReaders?: unknown };
    if ((models === undefined && readers === undefined) || !validList(models, isSpec) || !validList(readers, isReader)) {
      throw new ConfigError(
        key,
        `${file} must export \`models\`, a non-empty array of model specs (kind, create, load, ...), like the ridge template of @fluxscale/models, and/or \`siteReaders\`, a non-empty array of site file readers (format, description, siteFile, siteOf, read)`,
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
    loaded.add(file);
  });
}
