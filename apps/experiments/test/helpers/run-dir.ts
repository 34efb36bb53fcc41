/**
 * What the fault tests need besides the CLI: a CLI process of its own process group (to kill it
 * with its workers), checks of a run directory that do not trust the code under test (every unit
 * that has a unit.json holds its files and they parse; no temporary leftovers), and tmpfs / bind
 * mounts where the tests run as root.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_DATA_DIR } from '@fluxscale/data';
import { TEMP_MARKER } from '@fluxscale/util';
import { CLI, tempDir } from './cli.js';

/** A copy of the two tiny-config sites of the bundled sample (with its metadata), so a test can damage or remove one. */
export function sampleCopy(): string {
  const dir = join(tempDir(), 'data');
  mkdirSync(dir);
  for (const name of readdirSync(SAMPLE_DATA_DIR)) {
    if (!name.startsWith('FLX_') || name.includes('AT-Neu') || name.includes('US-Var')) cpSync(join(SAMPLE_DATA_DIR, name), join(dir, name));
  }
  return dir;
}

/** fixtures/tiny.yaml with the text `from` replaced by `to`, as a new config file (a user config cannot extend another). */
export function tinyVariant(name: string, from: string, to: string): string {
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'tiny.yaml'), 'utf8');
  if (!text.includes(from)) throw new Error(`tiny.yaml has no '${from}' to replace`);
  const file = join(tempDir(), `${name}.yaml`);
  writeFileSync(file, text.replace(from, to));
  return file;
}

/** A CLI process started in its own process group, with its output and its end. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** stderr so far. */
  stderr(): string;
  /** Whether the process has ended. */
  ended(): boolean;
  /** Resolves when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts the built CLI detached (its own process group, so that its workers can be killed with it). */
export function startCli(args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let ended = false;
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      ended = true;
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, stderr: () => stderr, ended: () => ended, exited };
}

/**
 * Whether any process of process group `pgid` is alive. On Linux, zombies (exited, not yet reaped:
 * orphans wait for init to reap them) do not count; elsewhere any process of the group does.
 */
export function groupAlive(pgid: number): boolean {
  if (existsSync('/proc/self/stat')) {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .some((pid) => {
        try {
          // /proc/<pid>/stat: pid (comm) state ppid pgrp …; comm may hold spaces, so split after ')'.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return Number(pgrp) === pgid && state !== 'Z';
        } catch {
          return false;
        }
      });
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `check` holds (polling every 50 ms), at most `ms` milliseconds; resolves to whether it held. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** The units of a planned run directory (none before its plan is written). */
export const plannedUnits = (runDir: string): Array<{ id: string; kind: string; path: string; task?: string; model?: string }> =>
  existsSync(join(runDir, 'units.jsonl')) ? readFileSync(join(runDir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];

/** How many units of a run directory are done (their folder holds a unit.json). */
export const finishedUnits = (runDir: string): number => plannedUnits(runDir).filter((u) => existsSync(join(runDir, u.path, 'unit.json'))).length;

/** The files a finished unit must hold, by kind (what the pipeline writes). */
function expectedFiles(unit: { kind: string; task?: string; path: string }): string[] {
  switch (unit.kind) {
    case 'prepare':
      return ['site.json', 'bands.f64'];
    case 'tune':
      return ['score.json'];
    case 'fit':
      return ['model/model.json', 'scaler.json', 'fit.json', 'test.csv'];
    case 'score':
      return ['metrics.csv', 'metrics.json'];
    default:
      return [];
  }
}

/** What is wrong with `file` (a JSON that does not parse, a predictions CSV with a short or non-numeric row), or null. */
function fileProblem(file: string): string | null {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
      return null;
    } catch (err) {
      return `${file}: ${(err as Error).message}`;
    }
  }
  if (file.endsWith('test.csv')) {
    const lines = text.trimEnd().split('\n');
    const bad = lines.slice(1).findIndex((l) => l.split(',').length !== 4 || l.split(',').slice(2).some((v) => v === '' || (Number.isNaN(Number(v)) && v !== 'NaN')));
    return lines.length < 2 || bad >= 0 || !text.endsWith('\n') ? `${file}: incomplete CSV` : null;
  }
  return null;
}

/** Problems of the units that count as done (their folder has a unit.json): missing or unparsable files. Empty when all are complete. */
export function incompleteDoneUnits(runDir: string): string[] {
  const problems: string[] = [];
  for (const unit of plannedUnits(runDir)) {
    const dir = join(runDir, unit.path);
    if (!existsSync(join(dir, 'unit.json'))) continue;
    const record = fileProblem(join(dir, 'unit.json'));
    if (record) problems.push(record);
    for (const name of expectedFiles(unit)) {
      const file = join(dir, name);
      const problem = existsSync(file) ? fileProblem(file) : `${file} is missing`;
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

/** Temporary files and folders (`*.tmp-*`) and claims (`*.claim`) anywhere under `dir`. */
export function leftovers(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name.includes(TEMP_MARKER) || entry.name.endsWith('.claim')) out.push(path);
    else if (entry.isDirectory()) out.push(...leftovers(path));
  }
  return out;
}

/** Why this process cannot mount filesystems (not root, or mount not permitted), or null when it can. */
export function cannotMount(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  const probe = join(tmpdir(), `fluxscale-mount-probe-${process.pid}`);
  mkdirSync(probe, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `mount is not permitted here (${(r.stderr || r.error?.message || '').trim()})`;
  spawnSync('umount', [probe]);
  return null;
}

/** Runs a command (mount, umount …) and throws with its stderr when it fails. */
export function sh(command: string, args: readonly string[]): void {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
}
