import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built CLI (turbo builds the app before its tests). */
export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/** Runs the built `fluxscale` CLI with the given arguments (and extra environment variables, in `cwd`). */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd?: string): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(CLI)) throw new Error(`${CLI} not built: run pnpm --filter @fluxscale/cli... build`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fluxscale-cli-'));
}

/**
 * Runs `fluxscale experiment NAME --config CONFIG --out RUN_DIR` from scratch, expects every unit to
 * run and none to fail, and returns the JSON result file `file` (e.g. verdict.json) it wrote.
 */
export function experimentResult<T>(name: string, config: string, runDir: string, file: string): T {
  const r = runCli(['experiment', name, '--config', config, '--out', runDir]);
  expect(r.stderr).toMatch(/units run, 0 cached, 0 failed/);
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(join(runDir, file), 'utf8')) as T;
}
