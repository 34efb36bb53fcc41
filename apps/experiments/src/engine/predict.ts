/**
 * Applying a model trained by an experiment (a fit unit's folder: model/, scaler.json, fit.json) to
 * another site or other years: the site is prepared and decomposed into bands exactly as in the
 * run, windowed with the model's scaler (with its IGBP class as input for a pooled model), and
 * predicted for every day with a full window.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { prepareSiteFile, readDirectoryConfig, readSiteMeta, siteFilesBySite, siteReader } from '@fluxscale/data';
import { decomposeSite, type Task } from '@fluxscale/decomposition';
import { modelKindOf, modelSpec } from '@fluxscale/models';
import type { RunConfig } from '../config/schema.js';
import { igbpFeatures, siteInBands, taskInput } from '../pipeline/prepared.js';
import { predictionRows } from '../pipeline/predictions.js';
import { damagedUnitFile, readUnitJson } from '../pipeline/unit-files.js';
import { evaluationSource, readScaler, siteSplit } from '../pipeline/work.js';
import { prepareCompute } from './compute.js';
import { outOfRangeLines, siteOutOfRange } from './output.js';
import { log } from './progress.js';

/** What fit.json records about the inputs a model was trained on. */
interface ModelInputs {
  task: Task;
  target: string;
  drivers: string[];
  /** A pooled model: the IGBP classes of its one-hot inputs (absent or empty: a model of one ecosystem group). */
  igbpClasses?: string[];
  windows: RunConfig['windows'];
  ssa: RunConfig['ssa'];
}

/** A prediction request: the fit unit folder, the data directory (and metadata table), the site and the backend. */
export interface PredictRequest {
  readonly model: string;
  readonly data: string;
  /** The format of the site files (default fluxnet2015-dd). */
  readonly dataFormat?: string;
  readonly meta?: string;
  readonly site: string;
  readonly backend: RunConfig['backend'];
}

/** The predictions as CSV (site,date,observed,predicted in the target's units), with what produced them. */
export interface SitePrediction {
  readonly csv: string;
  readonly kind: string;
  readonly task: Task;
  readonly days: number;
}

/** Predicts every day of a site with a fitted model of a run (see the module comment). */
export async function predictSite(request: PredictRequest): Promise<SitePrediction> {
  const fitFile = join(request.model, 'fit.json');
  if (!existsSync(fitFile) || !existsSync(join(request.model, 'scaler.json'))) {
    throw new Error(`--model ${request.model}: not a fitted model folder of a fluxscale run (fit.json and scaler.json expected)`);
  }
  const { inputs } = readUnitJson<{ inputs?: ModelInputs }>(fitFile);
  if (typeof inputs?.task !== 'string') throw damagedUnitFile(fitFile, 'no inputs (task, target, drivers, windows, ssa)');
  const kind = modelKindOf(join(request.model, 'model'));
  const file = siteFilesBySite(request.data, request.dataFormat).files.find((f) => siteReader(request.dataFormat).siteOf(basename(f)) === request.site);
  if (!file) throw new Error(`--site: no site file of ${request.site} in ${request.data}`);
  const metaFile = request.meta ?? readDirectoryConfig(request.data).meta ?? join(request.data, 'sites.csv');
  const meta = readSiteMeta(metaFile).get(request.site);
  if (!meta) throw new Error(`--site: ${request.site} is not in the metadata table ${metaFile}`);
  const spec = modelSpec(kind);
  if (spec.engine === 'neural') await prepareCompute({ backend: request.backend, threads: null });
  const site = prepareSiteFile(file, meta, { target: inputs.target, drivers: inputs.drivers, format: request.dataFormat });
  for (const line of outOfRangeLines(request.site, siteOutOfRange(site))) log(line);
  const prepared = siteInBands(site, decomposeSite(site, inputs.ssa, siteSplit(inputs)));
  const scaler = readScaler(request.model);
  const classes = inputs.igbpClasses ?? [];
  const source = evaluationSource(inputs.windows, [...inputs.drivers, ...igbpFeatures(classes)], [taskInput(prepared, inputs.task, classes)], scaler, 'all');
  const model = await spec.load(join(request.model, 'model'));
  return { csv: predictionRows(source, scaler, await model.predict(source)), kind, task: inputs.task, days: source.size };
}
