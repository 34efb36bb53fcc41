#!/usr/bin/env node
// Renders a run's report.html in headless Chromium (playwright-core, no browser download) to a
// full-page PNG: node scripts/screenshot-report.mjs RUN_DIR OUT.png [--width 1280]
// Chromium: /usr/bin/chromium, or the path in FLUXSCALE_CHROMIUM (Debian: apt-get install chromium).
import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

function fail(message) {
  process.stderr.write(`screenshot-report: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
let width = 1280;
const positional = [];
for (let k = 0; k < args.length; k++) {
  if (args[k] === '--width') {
    width = Number(args[++k]);
    if (!Number.isInteger(width) || width < 320) fail(`--width must be an integer ≥ 320, got '${args[k]}'`);
  } else positional.push(args[k]);
}
if (positional.length !== 2) fail('usage: node scripts/screenshot-report.mjs RUN_DIR OUT.png [--width 1280]');
const [runDir, out] = positional.map((p) => resolve(p));
const page = join(runDir, 'report.html');
if (!existsSync(page)) fail(`${page} not found: write it first with fluxscale report ${runDir}`);
const executablePath = process.env.FLUXSCALE_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(executablePath)) fail(`Chromium not found at ${executablePath}: install it (apt-get install chromium) or set FLUXSCALE_CHROMIUM`);

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const tab = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
  await tab.screenshot({ path: out, fullPage: true });
  process.stdout.write(`${out}\n`);
} finally {
  await browser.close();
}
