/**
 * The app's layering, checked by `pnpm lint` (dependency-cruiser):
 *   cli → commands → engine → pipeline / figures / report → config, and the fluxscale packages.
 * Commands parse flags and print; nothing below them may import them. The pipeline (what units
 * compute) knows nothing of how units are executed. No import circles. Packages are used through
 * their public entry point only.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import circle', from: {}, to: { circular: true } },
    {
      name: 'no-command-imports-below-commands',
      severity: 'error',
      comment: 'only the CLI entry point and the commands themselves import the command layer',
      from: { path: '^src/', pathNot: '^src/(cli\\.ts|commands/)' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'pipeline-does-not-know-the-engine',
      severity: 'error',
      comment: 'the pipeline computes units; executing them is the engine\'s job',
      from: { path: '^src/(pipeline|config)/' },
      to: { path: '^src/engine/' },
    },
    {
      name: 'no-deep-package-imports',
      severity: 'error',
      comment: 'use a fluxscale package through its public entry point (its index), never a file inside it',
      from: { path: '^src/' },
      to: { path: 'packages/[^/]+/(dist|src)/.+/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)dist/' },
  },
};
