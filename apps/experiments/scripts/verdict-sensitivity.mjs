// The sensitivity of the LSTM's verdict to every scoring choice, across verdict runs: for each run (one
// evaluation scheme each), band and SSA mode, the all-sites difference guided − unguided under each rule for
// constant predictions (scored r = 0, or the row dropped) in the primary metric and in R², beside the
// no-skill baseline's level. Reads each run's verdict.json; writes a markdown table to stdout.
//
// Usage (after `pnpm build`): node apps/experiments/scripts/verdict-sensitivity.mjs RUN_DIR [RUN_DIR …]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { findSummary } = require('../dist/pipeline/verdict.js');
const { METRIC_LABEL, withInterval } = require('../dist/pipeline/verdict-markdown.js');

const runs = process.argv.slice(2);
if (runs.length === 0) {
  console.error('usage: node verdict-sensitivity.mjs RUN_DIR [RUN_DIR …] (verdict runs: each holds verdict.json)');
  process.exit(2);
}
const lines = [
  '| evaluation | band | SSA | metric | constant prediction | sites | Δ guided − unguided [95 % CI] | verdict | no-skill level |',
  '|---|---|---|---|---|---|---|---|---|',
];
for (const dir of runs) {
  const file = join(dir, 'verdict.json');
  if (!existsSync(file)) {
    console.error(`verdict-sensitivity: ${file} not found (not a finished verdict run)`);
    process.exit(1);
  }
  const verdict = JSON.parse(readFileSync(file, 'utf8'));
  const scheme = verdict.evaluation.scheme === 'rolling-origin' ? `rolling-origin (${verdict.evaluation.folds} blocks)` : 'chronological';
  for (const band of ['seasonal', 'iav']) {
    for (const mode of verdict.modes) {
      for (const metric of [verdict.primary[band], 'r2']) {
        for (const [rule, summaries] of [['scored r = 0', verdict.summaries], ['row dropped', verdict.dropped]]) {
          const s = findSummary(summaries, { comparison: 'guidance', model: 'lstm', band, mode, metric });
          if (!s) continue;
          const label = `${METRIC_LABEL[metric]}${metric === verdict.primary[band] ? ' (primary)' : ''}`;
          lines.push(`| ${scheme} | ${band === 'iav' ? 'IAV' : 'seasonal'} | ${mode} | ${label} | ${rule} | ${s.sites} | ${withInterval(s)} | ${s.verdict} | ${s.levels.baseline.toFixed(3)} |`);
        }
      }
    }
  }
}
console.log(lines.join('\n'));
