// Fit an LSTM and a random forest: the two grassland sites of the bundled sample, 90-day windows of
// three drivers, trained on each site's first 80 % and scored on the rest. Small settings so that it
// runs in seconds on a laptop; the experiments use 365-day windows, a search and longer training.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_DATA_DIR, createWindowSource, fitScaler, prepareDirectory } from '@fluxscale/data';
import { modelSpec, selectBackend } from '@fluxscale/models';

const grassland = prepareDirectory(SAMPLE_DATA_DIR).sites.filter((s) => s.group === 'GRA');
const windows = { window: 90, drivers: ['TA_F', 'SW_IN_F', 'VPD_F'] };
const scaler = fitScaler(createWindowSource(grassland, { ...windows, split: 'train' }));
const train = createWindowSource(grassland, { ...windows, split: 'train', stride: 5, scaler });
const test = createWindowSource(grassland, { ...windows, split: 'test', scaler });
const observed = scaler.inverseTarget(test.batch(Int32Array.from({ length: test.size }, (_, i) => i)).y);

await selectBackend(); // the fastest TensorFlow.js backend that loads here; one stderr line names it

/**
 * Root-mean-square error of a model's test predictions, in gC m-2 d-1.
 * @param {import('@fluxscale/models').Regressor} model
 */
async function testRmse(model) {
  const predicted = scaler.inverseTarget(await model.predict(test));
  let sum = 0;
  for (let i = 0; i < predicted.length; i++) sum += (predicted[i] - observed[i]) ** 2;
  return Math.sqrt(sum / predicted.length);
}

const lstm = modelSpec('lstm').create({ hidden: 16, epochs: 3, batchSize: 64 }, { seed: 42 });
await lstm.fit(train, { onProgress: (p) => console.log(`lstm epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(3)}`) });
console.log(`lstm: test RMSE ${(await testRmse(lstm)).toFixed(3)} gC m-2 d-1 on ${test.size} days`);

const forest = modelSpec('rf').create({ nEstimators: 50 }, { seed: 42 });
const report = await forest.fit(train);
console.log(`random forest (${report.seconds.toFixed(1)} s): test RMSE ${(await testRmse(forest)).toFixed(3)} gC m-2 d-1`);

// a saved model loads back with identical predictions
const dir = join(mkdtempSync(join(tmpdir(), 'fluxscale-')), 'lstm');
await lstm.save(dir);
const again = await modelSpec('lstm').load(dir);
console.log(`reloaded from ${dir}: test RMSE ${(await testRmse(again)).toFixed(3)}`);
