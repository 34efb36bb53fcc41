// What the LSTM exploration and parity scripts share: the experiments app's pipeline on prepared sites (drivers
// TA_F, SW_IN_F, VPD_F; SSA bands by @fluxscale/decomposition, full mode, window min(1461, n/2); one model per
// ecosystem group, its sites standardised with fitScaler on the training split; windows of 365 days,
// trainFraction 0.8) and its score, R² = squared Pearson r pooled over all sites of all groups, in the target's
// units (gC m-2 d-1). Needs data, decomposition and models built.
import { createRequire } from 'node:module';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const data = require('@fluxscale/data');
const { decomposeBands } = require('@fluxscale/decomposition');
const { pearsonR } = require('@fluxscale/util');
const models = require('../dist/index.js');

/** Drivers of the experiments app's quick profile. */
export const DRIVERS = ['TA_F', 'SW_IN_F', 'VPD_F'];
const WINDOW = 365;
const TRAIN_FRACTION = 0.8;
/** Share of each site's training target days the tune stage trains on; the rest validates. */
const TUNE_FRACTION = 0.8;

/** Window inputs of every site for a task: the raw series or their seasonal bands. */
function siteInputs(sites, task) {
  return sites.map((site) => {
    const n = site.dates.length;
    const band = (series) => (task === 'raw' ? series : decomposeBands(series, { window: Math.min(1461, Math.floor(n / 2)), mode: 'full' }).seasonal);
    return {
      group: site.group,
      input: {
        siteId: site.siteId,
        lat: site.lat,
        lon: site.lon,
        dates: site.dates,
        target: band(site.target),
        drivers: Object.fromEntries(DRIVERS.map((d) => [d, band(site.drivers[d])])),
      },
    };
  });
}

/** Indices of the samples of `source` whose target day index lies before (or from) each site's tune cut. */
function tuneSplit(source, inputs) {
  const cut = inputs.map((input) => {
    const first = WINDOW - 1;
    const end = data.trainEndIndex(input.dates.length, WINDOW, TRAIN_FRACTION);
    return first + Math.floor(TUNE_FRACTION * (end - first));
  });
  const before = [];
  const after = [];
  for (let i = 0; i < source.size; i++) (source.sampleOffset[i] < cut[source.sampleSite[i]] ? before : after).push(i);
  return { before, after };
}

/** Squared Pearson correlation of two equally long series. */
const rSquared = (a, b) => pearsonR(a, b) ** 2;

/**
 * Fits `config` for every group of `tasks`'s inputs and scores it: on the tune validation part (stage tune)
 * or the test part (stage test). Returns pooled and per-group R² and wall times.
 */
export async function evaluate(config, inputsByGroup, stage, seed) {
  const observed = [];
  const predicted = [];
  const groups = {};
  let fitSeconds = 0;
  let trainDays = 0;
  for (const [group, inputs] of inputsByGroup) {
    const options = { window: WINDOW, trainFraction: TRAIN_FRACTION, stride: config.stride, drivers: DRIVERS };
    const scaler = data.fitScaler(inputs, options);
    const train = data.createWindowSource(inputs, { ...options, split: 'train', scaler });
    let fitSource;
    let evalSource;
    if (stage === 'tune') {
      fitSource = train.subset(tuneSplit(train, inputs).before);
      const everyDay = data.createWindowSource(inputs, { ...options, stride: 1, split: 'train', scaler });
      evalSource = everyDay.subset(tuneSplit(everyDay, inputs).after);
    } else {
      fitSource = train;
      evalSource = data.createWindowSource(inputs, { ...options, stride: 1, split: 'test', scaler });
    }
    const model = new models.LstmRegressor(config.params, seed);
    const report = await model.fit(fitSource);
    const started = performance.now();
    const values = scaler.inverseTarget(await model.predict(evalSource));
    const predictSeconds = (performance.now() - started) / 1000;
    model.release();
    const truth = evalSource.targets();
    observed.push(...truth);
    predicted.push(...values);
    fitSeconds += report.seconds;
    trainDays += fitSource.size * config.stride;
    groups[group] = {
      r2: rSquared(truth, values),
      days: truth.length,
      trainSamples: fitSource.size,
      epochs: report.epochs,
      fitSeconds: report.seconds,
      predictSeconds,
      loss: report.loss,
      valLoss: report.valLoss,
    };
  }
  return { config: config.name, params: config.params, stride: config.stride, seed, r2: rSquared(observed, predicted), days: observed.length, fitSeconds, trainDays, groups };
}

/** Writes `results` as JSON to `file` (atomically). */
export function writeResults(file, results) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The window inputs of `sites` (prepared sites) for `task` ('raw' or 'seasonal'), as a map from ecosystem group to its sites' inputs. */
export function groupInputs(sites, task) {
  const byGroup = new Map();
  for (const { group, input } of siteInputs(sites, task)) byGroup.set(group, [...(byGroup.get(group) ?? []), input]);
  return byGroup;
}
