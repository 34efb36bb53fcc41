#!/usr/bin/env node
// Runs every package's jest suite through turbo (all packages, even after a failure), then lists the
// test files that skipped tests (and, on GitHub Actions, writes that list to the job summary), then
// prints one closing line over the whole repo — "Tests: N passed, N failed, N skipped" — and exits
// non-zero when anything failed. Extra arguments are passed on to turbo (e.g. --filter).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
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
const skippedFiles = [];
for (const file of summaryFiles) {
  if (!existsSync(file)) continue;
  const s = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of Object.keys(total)) total[key] += s[key];
  for (const f of s.skippedFiles ?? []) skippedFiles.push({ ...f, file: relative(root, join(dirname(file), f.file)) });
}
const failed = total.failed + total.suitesFailed;
const skippedLines = skippedFiles.map((f) => `${f.file}: ${f.skipped} of ${f.of} test(s) skipped`);
if (skippedLines.length > 0) console.log(`\nSkipped (each file printed why above):\n  ${skippedLines.join('\n  ')}`);
if (process.env.GITHUB_STEP_SUMMARY) {
  const list = skippedLines.length > 0 ? skippedLines.map((line) => `- ${line}`).join('\n') : 'none';
  appendFileSync(
    process.env.GITHUB_STEP_SUMMARY,
    `### Tests: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped\n\nTest files with skipped tests (this runner lacks what they need; see the job log for each reason):\n\n${list}\n`,
  );
}
console.log(`\nTests: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : turbo.status || 1);
