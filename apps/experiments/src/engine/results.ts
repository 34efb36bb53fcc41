/**
 * Reading finished runs from the terminal: `fluxscale show RUN` (a run's tables, or its results as
 * JSON) and `fluxscale runs [DIR]` (the run directories under a folder, with experiment, profile,
 * status and date).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readJsonFile } from '@fluxscale/util';
import { experiments } from '../experiments/registry.js';
import { readPlannedRun } from './run-dir.js';

/** The tables the registered experiments write, in the order they are shown (registry order); any other `*.md` of a run follows. */
const knownTables = (): string[] => [...new Set(experiments().flatMap((e) => e.tables))];

/** The JSON results (`NAME.json`) of the registered experiments, which `show --format json` includes when a run has them. */
const resultFiles = (): string[] => [...new Set(experiments().flatMap((e) => e.results))];

/** The remedy named when a run's file cannot be read. */
const DAMAGED = 'the run directory is damaged: run the experiment again into a new one';

/** One table of a run: its name (the file's, without `.md`) and its Markdown. */
export interface RunTable {
  readonly name: string;
  readonly markdown: string;
}

/** What to do about a run that is not finished: see what is left, and finish a stopped run. */
export function unfinishedRunAdvice(runDir: string, experiment: string): string {
  return `the run is not finished: fluxscale status ${runDir} shows what is left; once it has stopped, fluxscale experiment ${experiment} --resume ${runDir} finishes it`;
}

/** The tables (`*.md` files) at the top of a run directory: the experiments' (Table 1, Table 2, S1, the verdict, …), then any other. */
export function runTables(runDir: string): RunTable[] {
  const names = readdirSync(runDir)
    .filter((f) => f.endsWith('.md') && statSync(join(runDir, f)).isFile())
    .map((f) => f.slice(0, -3));
  const known = knownTables();
  const rank = (name: string): number => (known.includes(name) ? known.indexOf(name) : known.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((name) => ({ name, markdown: readFileSync(join(runDir, `${name}.md`), 'utf8') }));
}

/** The manifest fields `show` and `runs` read. */
interface ManifestSummary {
  readonly experiment: string;
  readonly profile?: string;
  readonly createdAt?: string;
  readonly finishedAt?: string;
  readonly interrupted?: boolean;
  readonly stopped?: string;
  readonly failures?: readonly unknown[];
}

/** A run's state in one word or two: finished, unfinished (planned, running or killed), interrupted, stopped, or N failed. */
export function runState(manifest: ManifestSummary): string {
  if (manifest.finishedAt === undefined) return 'unfinished';
  if (manifest.stopped !== undefined) return 'stopped';
  if (manifest.interrupted) return 'interrupted';
  if ((manifest.failures?.length ?? 0) > 0) return `${manifest.failures!.length} failed`;
  return 'finished';
}

/**
 * A finished run's tables as the terminal shows them (`text`: each table's Markdown), or as JSON
 * (`json`: run, experiment, profile, state, the tables by name, and the parsed metrics.json /
 * verdict.json where the run has them). Throws with the advice of {@link unfinishedRunAdvice} when
 * the run has no table yet.
 */
export function showRun(dir: string, format: 'text' | 'json'): { readonly output: string; readonly state: string } {
  const run = readPlannedRun(dir, { anyVersion: true });
  const manifest = readJsonFile<ManifestSummary>(join(run.runDir, 'manifest.json'), DAMAGED);
  const state = runState(manifest);
  const tables = runTables(run.runDir);
  if (tables.length === 0) throw new Error(`${run.runDir} has no table yet: ${unfinishedRunAdvice(run.runDir, run.experiment)}`);
  if (format === 'text') return { output: tables.map((t) => t.markdown.trimEnd()).join('\n\n') + '\n', state };
  const results = Object.fromEntries(
    resultFiles().filter((name) => existsSync(join(run.runDir, `${name}.json`))).map((name) => [name, readJsonFile<unknown>(join(run.runDir, `${name}.json`), DAMAGED)]),
  );
  const json = { run: run.runDir, experiment: run.experiment, profile: run.config.profile, state, tables: Object.fromEntries(tables.map((t) => [t.name, t.markdown])), ...results };
  return { output: `${JSON.stringify(json, null, 2)}\n`, state };
}

/** One run directory found by {@link listRuns}. */
export interface RunListing {
  /** The run directory as a path from the folder listed, as it was given (what `fluxscale show` takes). */
  readonly run: string;
  readonly experiment: string;
  readonly profile: string;
  /** See {@link runState}; `damaged` where the manifest cannot be read. */
  readonly state: string;
  /** When the run was planned (ISO 8601, UTC), or '' where unknown. */
  readonly createdAt: string;
}

/** Whether a folder is a run directory (it has a manifest and a plan). */
const isRunDir = (dir: string): boolean => existsSync(join(dir, 'manifest.json')) && existsSync(join(dir, 'units.jsonl'));

/**
 * The run directories under `root` (itself, or folders down to `depth` levels; a run's own folders are
 * not searched), oldest first.
 */
export function listRuns(root: string, depth = 3): RunListing[] {
  const base = resolve(root);
  if (!existsSync(base) || !statSync(base).isDirectory()) throw new Error(`${root}: no such folder; give the folder that holds your run directories`);
  const found: string[] = [];
  const walk = (dir: string, level: number): void => {
    if (isRunDir(dir)) {
      found.push(dir);
      return;
    }
    if (level === depth) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(join(dir, entry.name), level + 1);
  };
  walk(base, 0);
  return found
    .map((dir): RunListing => {
      const run = join(root, relative(base, dir));
      try {
        const manifest = readJsonFile<ManifestSummary>(join(dir, 'manifest.json'), DAMAGED);
        return { run, experiment: manifest.experiment, profile: manifest.profile ?? '', state: runState(manifest), createdAt: manifest.createdAt ?? '' };
      } catch {
        return { run, experiment: '', profile: '', state: 'damaged', createdAt: '' };
      }
    })
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.run.localeCompare(b.run));
}

/** The runs as an aligned text table (run, experiment, profile, status, date in UTC). */
export function runsText(runs: readonly RunListing[]): string {
  const header = ['run', 'experiment', 'profile', 'status', 'date'];
  const rows = runs.map((r) => [r.run, r.experiment, r.profile, r.state, r.createdAt.replace('T', ' ').slice(0, 16)]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  return [header, ...rows].map((r) => r.map((c, k) => c.padEnd(widths[k])).join('  ').trimEnd()).join('\n') + '\n';
}
