/**
 * The neural models learn known responses of a real driver: daily air temperature (TA_F) and
 * shortwave radiation (SW_IN_F) of DE-Hai 2000–2005 (FLUXNET2015, test/fixtures/neural-de-hai.json).
 */
import { selectBackend } from '../src/backend/index.js';
import { FnnRegressor, LstmRegressor } from '../src/neural/index.js';
import { createRng } from '@fluxscale/util';
import { anomaly, deHaiDrivers, rSquared, seriesSource, splitByDay, standardise, targetsOf } from './helpers/neural-source.js';

/** Training: 2000–2004; test: 2005. */
function sources(window: number, target: (ta: Float32Array, sw: Float32Array, t: number) => number, firstTarget: number) {
  const d = deHaiDrivers();
  const ta = standardise(anomaly(d.TA_F));
  const sw = standardise(d.SW_IN_F);
  const rng = createRng(7);
  const noise = () => 0.05 * Math.sqrt(12) * (rng.next() - 0.5);
  const y = new Float32Array(ta.length).map((_, t) => (t < firstTarget ? 0 : target(ta, sw, t)));
  const scaled = standardise(y.subarray(firstTarget));
  y.set(scaled.map((v) => v + noise()), firstTarget);
  const source = seriesSource([{ id: 'DE-Hai', firstDay: d.firstDay, drivers: [ta, sw], target: y }], ['TA_F', 'SW_IN_F'], window);
  return splitByDay(source, d.firstDay + 1827);
}

beforeAll(async () => {
  await selectBackend({ name: 'wasm', log: () => undefined });
});

test('the LSTM learns a lagged response of real temperature (R² > 0.95 on a held-out year) and beats the FNN', async () => {
  // Thermal memory: an exponentially weighted (time constant 10 d) sum of the temperature anomaly
  // over the 60-day window, as a first-order linear reservoir responds.
  const window = 60;
  const memory = (ta: Float32Array, _sw: Float32Array, t: number) => {
    let sum = 0;
    for (let k = 0; k < window; k++) sum += Math.exp(-k / 10) * ta[t - k];
    return sum;
  };
  const { train, test } = sources(window, memory, window - 1);
  const truth = targetsOf(test);

  const lstm = new LstmRegressor({ hidden: 16, batchSize: 64, learningRate: 0.01, epochs: 4, dropout: 0, patience: 0 }, 1);
  const lstmReport = await lstm.fit(train);
  const lstmR2 = rSquared(await lstm.predict(test), truth);

  const fnn = new FnnRegressor({ hidden: 32, batchSize: 64, learningRate: 0.01, epochs: 30, dropout: 0, patience: 5 }, 1);
  await fnn.fit(train);
  const fnnR2 = rSquared(await fnn.predict(test), truth);

  expect(lstmReport.epochs).toBe(4);
  expect(lstmR2).toBeGreaterThan(0.95);
  expect(lstmR2).toBeGreaterThan(fnnR2 + 0.01);
  lstm.release();
  fnn.release();
});

test('the FNN learns a known nonlinear function of the window summary', async () => {
  // y = sin(1.5·a) + 0.5·a·s with a the last day's temperature anomaly and s the mean radiation of
  // the last 7 days (both standardised): features the summary holds (TA_F:last, SW_IN_F:mean7).
  const window = 7;
  const f = (ta: Float32Array, sw: Float32Array, t: number) => {
    let s7 = 0;
    for (let k = 0; k < 7; k++) s7 += sw[t - k] / 7;
    return Math.sin(1.5 * ta[t]) + 0.5 * ta[t] * s7;
  };
  const { train, test } = sources(window, f, window - 1);
  const fnn = new FnnRegressor({ hidden: 32, batchSize: 64, learningRate: 0.01, epochs: 30, dropout: 0, patience: 5 }, 3);
  const report = await fnn.fit(train);
  const r2 = rSquared(await fnn.predict(test), targetsOf(test));
  expect(report.valLoss).toBeLessThan(0.1);
  expect(r2).toBeGreaterThan(0.9);
  fnn.release();
});
