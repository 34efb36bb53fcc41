import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
