/** `fluxscale predict`: applies a model trained by an experiment to a site of a data directory, every day. */
import type { Command } from 'commander';
import { DEFAULT_SITE_FORMAT, SAMPLE_DATA_DIR, siteReaders } from '@fluxscale/data';
import { BACKEND_CHOICES } from '@fluxscale/models';
import { predictSite, type PredictRequest } from '../engine/predict.js';
import { STDOUT, writeOutput } from '../engine/output.js';
import { log } from '../engine/progress.js';
import { oneOf } from './options.js';

/** Registers `fluxscale predict`. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description("apply a trained model (a run's fit/<group>/<task>/<model> folder) to a site of a data directory, every day")
    .requiredOption('--model <dir>', 'fit unit folder of a run, e.g. runs/…/fit/GRA/seasonal/lstm')
    .option('--data <dir>', 'directory of FLUXNET2015 daily files (default: the bundled sample)', SAMPLE_DATA_DIR)
    .option('--data-format <name>', `format of the site files: ${siteReaders().map((r) => r.format).join(', ')}`, oneOf('--data-format', siteReaders().map((r) => r.format)), DEFAULT_SITE_FORMAT)
    .option('--meta <file>', "site metadata CSV (default: the directory's)")
    .requiredOption('--site <id>', 'site id')
    .option('--out <file.csv>', 'output CSV: site,date,observed,predicted (default -: stdout)', STDOUT)
    .option('--backend <name>', `TensorFlow.js backend for neural models: ${BACKEND_CHOICES.join(', ')}`, oneOf('--backend', BACKEND_CHOICES), 'auto')
    .action(async (flags: PredictRequest & { out: string }) => {
      const prediction = await predictSite(flags);
      log(`${prediction.kind} (${prediction.task}) on ${flags.site}: ${prediction.days} days → ${writeOutput(flags.out, prediction.csv)}`);
    });
}
