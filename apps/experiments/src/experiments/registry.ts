/**
 * The experiment registry: the built-in experiments, those registered in this process, and those the
 * loaded plugins export as `experiments` (adopted on first look-up, so every process that loads a
 * run's plugins — the CLI, each local worker, each Slurm task — knows its experiment). Adding an
 * experiment is one module in this folder plus one line in BUILT_IN.
 */
import { isRegistryName } from '@fluxscale/util';
import { pluginExports } from '../config/plugins.js';
import { isFigure } from '../figures/index.js';
import { all } from './all.js';
import { drivers } from './drivers.js';
import type { Experiment, RegisteredExperiment } from './experiment.js';
import { s1 } from './s1.js';
import { table1 } from './table1.js';
import { table2 } from './table2.js';
import { verdict } from './verdict.js';

/** The built-in experiments, in the order help and `show` list them. */
const BUILT_IN: readonly Experiment[] = [table1, table2, s1, all, verdict, drivers];

/** The registered experiments by name, each with the entry it was registered from. */
const registry = new Map<string, { readonly source: Experiment; readonly entry: RegisteredExperiment }>();

/** Plugin files whose experiments are registered. */
const adopted = new Set<string>();

/** Whether `value` is a list of strings. */
const isNames = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** Why `value` is not an experiment entry, or null when it is one. */
function entryProblem(value: unknown): string | null {
  const e = value as Partial<Record<keyof Experiment, unknown>> | null;
  if (typeof e !== 'object' || e === null) return 'entry must be an object (name, help, plan, score, ...)';
  if (!isRegistryName(e.name)) return `name must be lower case letters, digits and dashes, got ${JSON.stringify(e.name)}`;
  if (typeof e.help !== 'string' || e.help.trim() === '') return `${e.name}: help must be one line of text`;
  for (const key of ['plan', 'score', 'check'] as const) {
    if (e[key] !== undefined && typeof e[key] !== 'function') return `${e.name}: ${key} must be a function`;
  }
  if (e.plan === undefined || e.score === undefined) return `${e.name}: plan and score are required`;
  if (e.defaultProfile !== undefined && typeof e.defaultProfile !== 'string') return `${e.name}: defaultProfile must be a profile name`;
  for (const key of ['tables', 'results', 'figures', 'draws'] as const) {
    if (e[key] !== undefined && !isNames(e[key])) return `${e.name}: ${key} must be a list of names`;
  }
  const unknown = [...((e.figures ?? []) as string[]), ...((e.draws ?? []) as string[])].filter((id) => !isFigure(id));
  if (unknown.length > 0) return `${e.name}: no figure ${unknown.join(', ')}`;
  const report = (e.report ?? {}) as Partial<Record<string, unknown>>;
  for (const key of ['headline', 'results']) {
    const sections = report[key];
    if (sections !== undefined && !(Array.isArray(sections) && sections.every((f) => typeof f === 'function'))) return `${e.name}: report.${key} must be a list of section functions`;
  }
  return null;
}

/**
 * Registers an experiment (after the built-in ones, in call order). Registering the same entry again
 * does nothing; a malformed entry, or another entry under a taken name, throws.
 */
export function registerExperiment(entry: Experiment): void {
  const problem = entryProblem(entry);
  if (problem !== null) throw new Error(`experiment ${problem}`);
  const taken = registry.get(entry.name);
  if (taken?.source === entry) return;
  if (taken) throw new Error(`experiment ${entry.name} is registered already`);
  const registered: RegisteredExperiment = {
    ...entry,
    check: entry.check ?? (() => undefined),
    tables: entry.tables ?? [],
    results: entry.results ?? [],
    figures: entry.figures ?? [],
    draws: entry.draws ?? [],
    report: { headline: entry.report?.headline ?? [], results: entry.report?.results ?? [] },
  };
  registry.set(entry.name, { source: entry, entry: registered });
}

/** Registers the experiments of the plugin files loaded since the last look-up; a malformed one throws naming its file. */
function adoptPluginExperiments(): void {
  for (const { file, value } of pluginExports('experiments')) {
    if (adopted.has(file)) continue;
    for (const entry of value as Experiment[]) {
      try {
        registerExperiment(entry);
      } catch (err) {
        throw new Error(`${file}: ${(err as Error).message}`);
      }
    }
    adopted.add(file);
  }
}

/** Every registered experiment, the built-in ones first, then those of plugins and registerExperiment in registration order. */
export function experiments(): RegisteredExperiment[] {
  adoptPluginExperiments();
  return [...registry.values()].map((r) => r.entry);
}

/** The names of the registered experiments (see {@link experiments}). */
export function experimentNames(): string[] {
  return experiments().map((e) => e.name);
}

/** The registered experiment `name`, or undefined for a name not registered. */
export function findExperiment(name: string): RegisteredExperiment | undefined {
  return experiments().find((e) => e.name === name);
}

/** The registered experiment `name`; an unknown name throws, listing the registered ones. */
export function experiment(name: string): RegisteredExperiment {
  const found = findExperiment(name);
  if (!found) throw new Error(`unknown experiment '${name}': the registered ones are ${experimentNames().join(', ')}`);
  return found;
}

for (const entry of BUILT_IN) registerExperiment(entry);
