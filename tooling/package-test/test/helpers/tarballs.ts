/**
 * Packing the publishable workspace packages and reading what their tarballs hold: the manifest, the
 * files, the entry points and the bare module names their JavaScript requires at run time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..', '..', '..');

/** A package.json, as far as these checks read it. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly main?: string;
  readonly types?: string;
  readonly exports?: unknown;
  readonly bin?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** A packed package: its workspace folder, tarball and unpacked contents. */
export interface Packed {
  readonly dir: string;
  readonly tarball: string;
  /** The unpacked `package/` folder. */
  readonly root: string;
  readonly manifest: Manifest;
  /** Every file, relative to `root`, with `/` separators. */
  readonly files: readonly string[];
}

/** Runs a command, throwing with its output when it fails. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The folders of the workspace packages that are published (not private), under packages/ and apps/. */
export function publishableDirs(): string[] {
  return ['packages', 'apps']
    .flatMap((group) => readdirSync(join(ROOT, group)).map((name) => join(ROOT, group, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')) && !(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest).private);
}

/** Every file under `dir` (links are not followed), relative to `base`, with `/` separators. */
function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return lstatSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path).split('\\').join('/')];
  });
}

/** Packs a workspace package with pnpm (which rewrites workspace: ranges) into `out` and unpacks it beside. */
export function pack(dir: string, out: string): Packed {
  const before = new Set(readdirSync(out));
  run('pnpm', ['pack', '--pack-destination', out], dir);
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz') && !before.has(f));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${dir}`);
  const unpacked = join(out, tarball.replace(/\.tgz$/, ''));
  mkdirSync(unpacked);
  run('tar', ['-xzf', join(out, tarball), '-C', unpacked], out);
  const root = join(unpacked, 'package');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  return { dir, tarball: join(out, tarball), root, manifest, files: listFiles(root) };
}

/** Every file path an `exports` map names (conditions and subpaths alike). */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}

/** The files a manifest names as entry points: main, types, exports targets and bins (without a leading ./). */
export function entryPoints(manifest: Manifest): string[] {
  const paths = [manifest.main, manifest.types, ...exportTargets(manifest.exports), ...Object.values(manifest.bin ?? {})].filter((p): p is string => typeof p === 'string');
  return [...new Set(paths.map((p) => p.replace(/^\.\//, '')))];
}

/** The package name of a bare module specifier ('@scope/name/deep/path' → '@scope/name'). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The bare module names a package loads: in its JavaScript by a literal `require('x')` (also through a
 * `createRequire` function such as `requireOptional('x')`), `….resolve('x')` or `import('x')`; in its
 * declaration files by `from 'x'` or `import('x')`. Relative paths and Node built-ins are left out;
 * each name comes with a file that loads it.
 */
export function requiredPackages(packed: Packed): Map<string, string> {
  const found = new Map<string, string>();
  const inTypes = /(?:\bfrom\s+|\bimport\(\s*)(['"])([^'"]+)\1/g;
  for (const file of packed.files.filter((f) => /\.(c|m)?js$|\.d\.ts$/.test(f))) {
    const text = readFileSync(join(packed.root, file), 'utf8');
    const requires = ['require', ...Array.from(text.matchAll(/\b(\w+)\s*=\s*(?:\(0,\s*)?[\w.]*createRequire\b/g), (m) => m[1])];
    const inJs = new RegExp(`(?:\\b(?:${requires.join('|')})(?:\\.resolve)?|\\bimport)\\(\\s*(['"])([^'"\`]+)\\1\\s*\\)`, 'g');
    for (const match of text.matchAll(file.endsWith('.d.ts') ? inTypes : inJs)) {
      const specifier = match[2];
      if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      if (!found.has(packageOf(specifier))) found.set(packageOf(specifier), file);
    }
  }
  return found;
}

/** The names a manifest declares it needs at run time (dependencies, optional and peer dependencies). */
export function declaredPackages(manifest: Manifest): Set<string> {
  return new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
}

/** What an installed project weighs on disk and what in it would run native code. */
export interface InstallFootprint {
  /** Total size of the files under node_modules (bytes; a link counts as itself, not its target). */
  readonly bytes: number;
  /** Native addons (`.node` files), relative to node_modules. */
  readonly nativeBinaries: readonly string[];
  /** Packages with an install step (their own scripts or a node-gyp build), from npm's lockfile. */
  readonly installScripts: readonly string[];
}

/** Measures the node_modules of a project npm installed (`project`: the folder with package-lock.json). */
export function installFootprint(project: string): InstallFootprint {
  const modules = join(project, 'node_modules');
  const files = listFiles(modules);
  const bytes = files.reduce((sum, f) => sum + lstatSync(join(modules, f)).size, 0);
  const nativeBinaries = files.filter((f) => f.endsWith('.node'));
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
  const installScripts = Object.entries(lock.packages).flatMap(([path, p]) => (p.hasInstallScript ? [path] : []));
  return { bytes, nativeBinaries, installScripts };
}
