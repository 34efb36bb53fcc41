// Warm-started folds against cold starts: two verdict runs of the same profile and seeds under
// rolling-origin evaluation, one with `evaluation.warmStart` and one without. For each LSTM task (the
// unguided raw fit and the guided seasonal and IAV fits of the first SSA mode) and seed replicate, the
// pooled test scores over the blocks a warm start changes (every block but the first), then the mean
// over seeds, the seed spread (SD) of the cold starts, the difference warm − cold, whether it lies
// within that spread, and the fit time and epochs of those blocks.
//
// Usage (after `pnpm build`): node apps/experiments/scripts/warm-start-parity.mjs COLD_RUN WARM_RUN
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { nse, pearson } = require('@fluxscale/evaluation');

const [coldDir, warmDir] = process.argv.slice(2);
if (!coldDir || !warmDir) {
  console.error('usage: node warm-start-parity.mjs COLD_RUN WARM_RUN (two finished verdict runs, rolling-origin)');
  process.exit(2);
}

/** Every LSTM fit folder of a verdict run for `task`, by seed replicate, with its block number. */
function fits(run, task) {
  const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
  if (config.evaluation.scheme !== 'rolling-origin') throw new Error(`${run}: not a rolling-origin run`);
  const root = task === 'raw' ? join(run, 'fit', 'unguided') : join(run, 'fit', config.verdict.modes[0]);
  const out = new Map();
  for (const group of readdirSync(root)) {
    const base = task === 'raw' ? join(root, group, 'lstm') : join(root, group, task, 'lstm');
    if (!existsSync(base)) continue;
    for (const seed of readdirSync(base)) {
      for (let block = 1; block < config.evaluation.folds; block++) {
        const dir = join(base, seed, `block-${block}`);
        if (!existsSync(join(dir, 'test.csv'))) throw new Error(`${dir}: no test.csv (unfinished run?)`);
        out.set(seed, [...(out.get(seed) ?? []), dir]);
      }
    }
  }
  return out;
}

/** Pooled scores, fit seconds and mean epochs over fit folders. */
function scores(dirs) {
  const observed = [];
  const predicted = [];
  let seconds = 0;
  let epochs = 0;
  for (const dir of dirs) {
    for (const line of readFileSync(join(dir, 'test.csv'), 'utf8').trim().split('\n').slice(1)) {
      const cells = line.split(',');
      observed.push(Number(cells[2]));
      predicted.push(Number(cells[3]));
    }
    const { report } = JSON.parse(readFileSync(join(dir, 'fit.json'), 'utf8'));
    seconds += report.seconds;
    epochs += report.epochs;
  }
  const o = Float64Array.from(observed);
  const p = Float64Array.from(predicted);
  const r = pearson(o, p);
  return { r2: r * r, nse: nse(o, p), seconds, epochs: epochs / dirs.length };
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));

const lines = [
  '| task | metric | cold, mean of seeds | warm, mean of seeds | warm − cold | cold seed SD | within the spread | fit s cold → warm | epochs cold → warm |',
  '|---|---|---:|---:|---:|---:|---|---:|---:|',
];
for (const task of ['raw', 'seasonal', 'iav']) {
  const cold = [...fits(coldDir, task).values()].map(scores);
  const warm = [...fits(warmDir, task).values()].map(scores);
  if (cold.length !== warm.length) throw new Error(`${task}: ${cold.length} cold seeds, ${warm.length} warm`);
  for (const metric of ['r2', 'nse']) {
    const [c, w] = [cold.map((s) => s[metric]), warm.map((s) => s[metric])];
    const delta = mean(w) - mean(c);
    const time = `${mean(cold.map((s) => s.seconds)).toFixed(0)} → ${mean(warm.map((s) => s.seconds)).toFixed(0)}`;
    const epochs = `${mean(cold.map((s) => s.epochs)).toFixed(1)} → ${mean(warm.map((s) => s.epochs)).toFixed(1)}`;
    lines.push(`| ${task} | ${metric === 'r2' ? 'R² (squared Pearson r)' : 'NSE'} | ${mean(c).toFixed(3)} | ${mean(w).toFixed(3)} | ${delta >= 0 ? '+' : ''}${delta.toFixed(3)} | ${sd(c).toFixed(3)} | ${Math.abs(delta) <= sd(c) ? 'yes' : 'no'} | ${time} | ${epochs} |`);
  }
}
console.log(`Blocks 1 … k − 1 of ${basename(coldDir)} (cold) and ${basename(warmDir)} (warm), ${fits(coldDir, 'raw').size} seeds; fit seconds per seed, summed over groups and blocks.\n`);
console.log(lines.join('\n'));
