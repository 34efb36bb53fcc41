// Shared jest preset: TypeScript is transpiled by @swc/jest (type checking is `pnpm typecheck`'s job,
// which keeps the test loop fast on a 2-core machine); `.js` suffixes of NodeNext-style relative
// imports are mapped back to the TypeScript sources.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      require.resolve('@swc/jest'),
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', path.join(__dirname, 'summary-reporter.js')],
  testTimeout: 120000,
};
