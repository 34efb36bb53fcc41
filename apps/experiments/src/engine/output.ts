/**
 * Where the CLI's results go: `-` is stdout for every `--out` that writes one file or stream, any
 * other path is written with the atomic writer (regular files renamed into place, links followed,
 * devices and FIFOs written in place), and relative paths resolve from the folder the user ran the
 * command in.
 */
import { dirname, resolve } from 'node:path';
import { describeRange, type OutOfRangeReport, type PreparedSite } from '@fluxscale/data';
import { writeFileAtomic } from '@fluxscale/util';

/** The `--out` value that means stdout. */
export const STDOUT = '-';

/** Whether an `--out` value means stdout. */
export function isStdout(out: string | undefined): boolean {
  return out === STDOUT;
}

/**
 * The folder the user ran the command in. Under the repository's `pnpm fluxscale …` script, which the
 * package manager runs from the repository root, that is the folder it records in INIT_CWD (unless
 * the script moved elsewhere first); otherwise the current directory.
 */
export function userDirectory(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const { INIT_CWD: initCwd, npm_lifecycle_event: script, npm_package_json: manifest } = env;
  const fromScriptRoot = manifest !== undefined && resolve(dirname(manifest)) === resolve(cwd);
  return script === 'fluxscale' && initCwd !== undefined && initCwd !== '' && fromScriptRoot ? resolve(initCwd) : cwd;
}

/**
 * Writes `data` to stdout when `out` is `-`, else to the file `out` (atomically where it is a regular
 * file). Returns where it went, for a log line: `stdout` or the path.
 */
export function writeOutput(out: string, data: string | Uint8Array): string {
  if (isStdout(out)) {
    process.stdout.write(data);
    return 'stdout';
  }
  writeFileAtomic(out, data);
  return out;
}

/** Refuses `-` for an `--out` that names a folder (a run directory, an export folder): stdout holds one stream. */
export function refuseStdoutFolder(flag: string, out: string | undefined, what: string): void {
  if (isStdout(out)) throw new Error(`${flag} -: stdout takes one file or stream, and ${what}; give a folder name`);
}

/** A prepared site's values read as missing for lying outside their plausible range, per variable that has any. */
export function siteOutOfRange(site: Pick<PreparedSite, 'fill'>): Record<string, OutOfRangeReport> {
  return Object.fromEntries(Object.entries(site.fill).flatMap(([variable, report]) => (report.outOfRange ? [[variable, report.outOfRange]] : [])));
}

/**
 * The stderr announcement of values read as missing because they lie outside their plausible range:
 * one line per site and variable, with the count and the first one's line and value.
 */
export function outOfRangeLines(site: string, reports: Readonly<Record<string, OutOfRangeReport>>): string[] {
  return Object.entries(reports).map(
    ([variable, r]) => `${site} ${variable}: ${r.count} value(s) not ${describeRange(variable)}, read as missing and filled (the first at line ${r.firstLine}: ${r.firstValue})`,
  );
}
