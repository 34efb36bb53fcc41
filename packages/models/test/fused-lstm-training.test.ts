/**
 * Training through the fused LSTM: it learns a lagged response of a real driver — DE-Hai daily air temperature
 * 2000–2005 (FLUXNET2015, the package's test/fixtures/neural-de-hai.json) — and Adam steps follow the stock
 * tf.layers.lstm from the same initial weights.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '../src/tfjs.js';
import { FusedLstm } from '../src/fused-lstm/index.js';

const WINDOW = 30;

/** Windows of standardised temperature [n, WINDOW, 1] and a thermal-memory target: the exponentially weighted
 *  (time constant 5 days) sum of the window, standardised. */
function laggedTemperature(): { x: Float32Array; y: Float32Array; n: number } {
  const file = path.join(__dirname, 'fixtures', 'neural-de-hai.json');
  const ta = (JSON.parse(readFileSync(file, 'utf8')) as { series: { TA_F: number[] } }).series.TA_F;
  const mean = ta.reduce((s, v) => s + v, 0) / ta.length;
  const sd = Math.sqrt(ta.reduce((s, v) => s + (v - mean) ** 2, 0) / ta.length);
  const z = ta.map((v) => (v - mean) / sd);
  const n = z.length - WINDOW + 1;
  const x = new Float32Array(n * WINDOW);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < WINDOW; k++) {
      x[i * WINDOW + k] = z[i + k];
      sum += Math.exp(-(WINDOW - 1 - k) / 5) * z[i + k];
    }
    y[i] = sum / 5;
  }
  return { x, y, n };
}

function model(lstm: tf.layers.Layer): tf.Sequential {
  const m = tf.sequential();
  m.add(lstm);
  m.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  return m;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('learns a 5-day thermal memory of real DE-Hai temperature (R² > 0.98 on the held-out last year)', async () => {
  const { x, y, n } = laggedTemperature();
  const trainN = n - 365;
  const xs = tf.tensor3d(x, [n, WINDOW, 1]);
  const ys = tf.tensor2d(y, [n, 1]);
  const m = model(new FusedLstm({ units: 8, inputShape: [WINDOW, 1], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  m.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
  await m.fit(tf.slice(xs, 0, trainN), tf.slice(ys, 0, trainN), { epochs: 6, batchSize: 64, shuffle: false, verbose: 0 });
  const predicted = (m.predict(tf.slice(xs, trainN)) as tf.Tensor).dataSync();
  const truth = y.subarray(trainN);
  const mean = truth.reduce((s, v) => s + v, 0) / truth.length;
  let ssRes = 0;
  let ssTot = 0;
  truth.forEach((v, i) => {
    ssRes += (v - predicted[i]) ** 2;
    ssTot += (v - mean) ** 2;
  });
  expect(1 - ssRes / ssTot).toBeGreaterThan(0.98);
});

test('Adam steps from the same initial weights give the same losses as the stock LSTM', () => {
  const { x, y } = laggedTemperature();
  const batches = 5;
  const xs = tf.tensor3d(x.subarray(0, 64 * batches * WINDOW), [64 * batches, WINDOW, 1]);
  const ys = tf.tensor2d(y.subarray(0, 64 * batches), [64 * batches, 1]);
  const fused = model(new FusedLstm({ units: 8, inputShape: [WINDOW, 1] }));
  const stock = model(tf.layers.lstm({ units: 8, inputShape: [WINDOW, 1], recurrentInitializer: 'glorotUniform' }));
  stock.setWeights(fused.getWeights());
  const losses = (m: tf.Sequential): number[] => {
    const optimizer = tf.train.adam(0.02);
    return Array.from({ length: batches }, (_, b) => {
      const xb = tf.slice(xs, 64 * b, 64);
      const yb = tf.slice(ys, 64 * b, 64);
      const loss = optimizer.minimize(() => tf.losses.meanSquaredError(yb, m.apply(xb) as tf.Tensor), true) as tf.Scalar;
      return loss.dataSync()[0];
    });
  };
  const expected = losses(stock);
  const actual = losses(fused);
  expect(expected[batches - 1]).toBeLessThan(expected[0]);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-4 * Math.abs(expected[i]) + 1e-6));
});
