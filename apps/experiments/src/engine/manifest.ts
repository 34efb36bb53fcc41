/**
 * The manifest of a run: what produced it (package versions, git commit, backend, seeds), on which
 * data (sites used and skipped with reasons, drivers, SSA mode), how long each stage took and what failed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { packageJson, repositoryRoot } from '../config/package-root.js';

const PACKAGES = ['@fluxscale/util', '@fluxscale/data', '@fluxscale/decomposition', '@fluxscale/models', '@fluxscale/evaluation'] as const;

/** Versions of the fluxscale packages in use, and of this app. */
export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) {
    versions[name] = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  }
  const cli = packageJson();
  versions[cli.name] = cli.version;
  return versions;
}

/**
 * The git commit of the fluxscale checkout the app runs from (with `-dirty` for local changes), or
 * null for an installed package (whose folder may sit inside the user's own git repository).
 */
export function gitCommit(): string | null {
  const cwd = repositoryRoot();
  if (cwd === null) return null;
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return dirty ? `${head}-dirty` : head;
  } catch {
    return null;
  }
}
