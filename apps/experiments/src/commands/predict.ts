/**
 * `fluxscale predict`: applies a model trained by an experiment (a fit unit's folder: model/,
 * scaler.json, fit.json) to another site or other years — the site is prepared and decomposed into
 * bands exactly as in the run, windowed with the model's scaler, and predicted for every day.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { dailyFilesBySite, parseSiteFileName, prepareSiteFile, readDirectoryConfig, readSiteMeta, SAMPLE_DATA_DIR, Scaler, writeFileAtomic } from '@fluxscale/data';
import { modelSpec } from '@fluxscale/models';
import type { RunConfig, TaskName } from '../config/schema.js';
import { taskInput } from '../pipeline/prepared.js';
import { decomposeSite, evaluationSource, predictionRows } from '../pipeline/work.js';
import { log } from '../run/progress.js';
import { BACKENDS, prepareCompute } from './experiment.js';
import { oneOf } from './options.js';

/** What fit.json records about the inputs a model was trained on. */
interface ModelInputs {
  task: TaskName;
  target: string;
  drivers: string[];
  windows: RunConfig['windows'];
  ssa: RunConfig['ssa'];
}

interface PredictFlags {
  model: string;
  data: string;
  meta?: string;
  site: string;
  out?: string;
  backend: RunConfig['backend'];
}

/** Registers `fluxscale predict`. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('apply a trained model (a run\'s fit/<group>/<task>/<model> folder) to a site of a data directory, every day')
    .requiredOption('--model <dir>', 'fit unit folder of a run, e.g. runs/…/fit/GRA/seasonal/lstm')
    .option('--data <dir>', 'directory of FLUXNET2015 daily files (default: the bundled sample)', SAMPLE_DATA_DIR)
    .option('--meta <file>', 'site metadata CSV (default: the directory\'s)')
    .requiredOption('--site <id>', 'site id')
    .option('--out <file.csv>', 'output CSV (default: stdout): site,date,observed,predicted')
    .option('--backend <name>', `TensorFlow.js backend for neural models: ${BACKENDS.join(', ')}`, oneOf('--backend', BACKENDS), 'auto')
    .action(async (flags: PredictFlags) => {
      const fitFile = join(flags.model, 'fit.json');
      if (!existsSync(fitFile) || !existsSync(join(flags.model, 'scaler.json'))) {
        throw new Error(`--model ${flags.model}: not a fitted model folder of a fluxscale run (fit.json and scaler.json expected)`);
      }
      const fit = JSON.parse(readFileSync(fitFile, 'utf8')) as { inputs: ModelInputs };
      const kind = (JSON.parse(readFileSync(join(flags.model, 'model', 'model.json'), 'utf8')) as { kind: string }).kind;
      const { inputs } = fit;
      const file = dailyFilesBySite(flags.data).files.find((f) => parseSiteFileName(basename(f))?.siteId === flags.site);
      if (!file) throw new Error(`--site: no daily file of ${flags.site} in ${flags.data}`);
      const metaFile = flags.meta ?? readDirectoryConfig(flags.data).meta ?? join(flags.data, 'sites.csv');
      const meta = readSiteMeta(metaFile).get(flags.site);
      if (!meta) throw new Error(`--site: ${flags.site} is not in the metadata table ${metaFile}`);
      if (kind === 'lstm' || kind === 'fnn') await prepareCompute({ backend: flags.backend, threads: null });
      const site = prepareSiteFile(file, meta, { target: inputs.target, drivers: inputs.drivers });
      const bands = decomposeSite(site, inputs);
      const scaler = Scaler.fromJSON(JSON.parse(readFileSync(join(flags.model, 'scaler.json'), 'utf8')));
      const source = evaluationSource(inputs.windows, inputs.drivers, [taskInput(bands, inputs.task)], scaler, 'all');
      const model = await modelSpec(kind).load(join(flags.model, 'model'));
      const csv = predictionRows(source, scaler, await model.predict(source));
      if (flags.out) {
        writeFileAtomic(flags.out, csv);
        log(`${kind} (${inputs.task}) on ${flags.site}: ${source.size} days → ${flags.out}`);
      } else process.stdout.write(csv);
    });
}
