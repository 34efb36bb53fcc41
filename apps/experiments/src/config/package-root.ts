/**
 * Where the CLI lives: its package folder (package.json, profiles/, dist/), its public repository,
 * and the root of a checkout of that repository when it runs from one (null in an installed package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The CLI package's folder (from src/config or dist/config alike). */
export const PACKAGE_ROOT = join(__dirname, '..', '..');

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly repository: { readonly url: string };
}

/** The CLI's package.json. */
export function packageJson(): PackageJson {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson;
}

/** The public repository of fluxscale (https URL, from package.json). */
export function repositoryUrl(): string {
  return packageJson().repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/**
 * The root of the fluxscale repository the CLI runs from (the folder holding pnpm-workspace.yaml two
 * levels above the package), or null when it runs from an installed package (inside node_modules).
 */
export function repositoryRoot(): string | null {
  if (PACKAGE_ROOT.split(sep).includes('node_modules')) return null;
  const root = join(PACKAGE_ROOT, '..', '..');
  return existsSync(join(root, 'pnpm-workspace.yaml')) ? root : null;
}
