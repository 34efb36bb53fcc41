#!/usr/bin/env node
// Runs every package's jest suite through turbo (all packages, even after a failure), then prints
// one closing line over the whole repo — "Tests: N passed, N failed, N skipped" — and exits
// non-zero when anything failed. Extra arguments are passed on to turbo (e.g. --filter).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workspaces = [
  ...['packages', 'apps', 'tooling']
    .map((dir) => join(root, dir))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).map((name) => join(dir, name))),
  join(root, 'examples'),
];
const summaryFiles = workspaces.map((dir) => join(dir, '.jest-summary.json'));
for (const file of summaryFiles) rmSync(file, { force: true });

const turbo = spawnSync('pnpm', ['exec', 'turbo', 'run', 'test', '--continue', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

const total = { passed: 0, failed: 0, skipped: 0, suitesFailed: 0 };
for (const file of summaryFiles) {
  if (!existsSync(file)) continue;
  const s = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of Object.keys(total)) total[key] += s[key];
}
const failed = total.failed + total.suitesFailed;
console.log(`\nTests: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : turbo.status || 1);
