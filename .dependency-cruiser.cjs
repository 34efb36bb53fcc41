/**
 * The repository's layering, checked by `pnpm lint` (dependency-cruiser over every package's and the
 * app's src/):
 * - No import circle, type-only imports included.
 * - The packages form one stack: util → data → decomposition → models → evaluation → the CLI app; a
 *   package imports only packages below it, through their public entry point.
 * - The app's folders form one stack too (apps/experiments/README.md says what each one does):
 *   cli.ts (and index.ts, the entry point of plugins) → commands → engine → experiments → report →
 *   figures → pipeline → config; a folder imports only folders below it.
 */
/** The packages, top first. */
const PACKAGE_LAYERS = ['apps/experiments/', ...['evaluation', 'models', 'decomposition', 'data', 'util'].map((name) => `packages/${name}/`)];
/** The app's folders, top first. */
const APP_LAYERS = ['(cli|index)\\.ts', 'commands/', 'engine/', 'experiments/', 'report/', 'figures/', 'pipeline/', 'config/'];
const APP = 'apps/experiments/src/';

/** Forbids every layer of `layers` (top first, paths under `root`) to import a layer above it. */
const noUpwardImports = (name, root, layers) =>
  layers.slice(1).map((layer, i) => ({
    name: `${name}: ${layer.replace(/\\|\/$/g, '')}`,
    severity: 'error',
    comment: `${layer.replace(/\\|\/$/g, '')} may import only what lies below it: ${layers.slice(i + 2).map((l) => l.replace(/\\|\/$/g, '')).join(', ') || 'nothing of its own'}`,
    from: { path: `^${root}${layer}` },
    to: { path: `^${root}(${layers.slice(0, i + 1).join('|')})` },
  }));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import circle (type-only imports count)', from: {}, to: { circular: true } },
    ...noUpwardImports('packages-upward', '', PACKAGE_LAYERS),
    ...noUpwardImports('app-upward', APP, APP_LAYERS),
    {
      name: 'no-command-imports-below-commands',
      severity: 'error',
      comment: 'only the CLI entry point and the commands themselves import the command layer',
      from: { path: `^${APP}`, pathNot: `^${APP}(cli\\.ts|commands/)` },
      to: { path: `^${APP}commands/` },
    },
    {
      name: 'no-deep-package-imports',
      severity: 'error',
      comment: 'use a fluxscale package through its public entry point (its index), never a file inside it',
      from: { path: '^((packages|apps)/[^/]+)/src/' },
      to: { path: '^packages/[^/]+/(dist|src)/', pathNot: ['^$1/', '^packages/[^/]+/dist/index\\.js$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^|/)node_modules/' },
  },
};
