import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from './fixtures/explain/tfjs.js';
import { backgroundIndices, driverShares, featureTotals, gradientShap, type ExplainedModel, type WindowArray } from '../src/explain/index.js';
import { InvalidParameterError } from '../src/metrics/errors.js';
import { linearWindowModel, pseudoRandom, randomWindows } from './fixtures/explain/models.js';

beforeAll(async () => {
  tf.env().set('IS_TEST', true); // silences tfjs's "install the node backend" notice
  await tf.setBackend('cpu');
});


describe('gradientShap on a linear model (dense layer over the flattened window)', () => {
  const window = 5;
  const features = 3;
  const weights = pseudoRandom(window * features, 7, 1.5);
  const inputs = randomWindows(4, window, features, 11);
  const background = randomWindows(6, window, features, 12);
  let linear: ReturnType<typeof linearWindowModel>;
  let explained: ExplainedModel;
  beforeAll(() => {
    linear = linearWindowModel(weights, 0.3, window, features);
    explained = linear.explained;
  });
  afterAll(() => linear.model.dispose());

  it('attributions are exactly w ⊙ (x − mean background) without noise', async () => {
    // samples = 2 × background size: each baseline is used equally often, so the average of (x − b) is exact.
    const result = await gradientShap(explained, { inputs, background, samples: 12, noiseStd: 0, seed: 3, batchSize: 7 });
    const length = window * features;
    for (let i = 0; i < inputs.n; i++) {
      for (let k = 0; k < length; k++) {
        let meanB = 0;
        for (let j = 0; j < background.n; j++) meanB += background.x[j * length + k];
        meanB /= background.n;
        const expected = weights[k] * (inputs.x[i * length + k] - meanB);
        expect(Math.abs(result.attributions[i * length + k] - expected)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(expected)));
      }
    }
    // completeness is exact for a linear model: Σφ = f(x) − E f(b) (float32 model outputs)
    expect(result.completenessError.meanAbsoluteGap).toBeLessThan(1e-4);
    expect(result.expectedBaselineOutput).toBeCloseTo(0.3 + meanOfLinear(weights, background), 4);
  });

  it('accepts a WindowBatch ({x, y, size, window, features}) and gives the same attributions', async () => {
    const batch = { x: inputs.x, y: new Float32Array(inputs.n), size: inputs.n, window, features };
    const a = await gradientShap(explained, { inputs, background, samples: 6, seed: 5 });
    const b = await gradientShap(explained, { inputs: batch, background, samples: 6, seed: 5 });
    expect(Array.from(b.attributions)).toEqual(Array.from(a.attributions));
  });

  it('is reproducible: same seed → same attributions whatever the batch size; another seed → others', async () => {
    const options = { inputs, background, samples: 8, noiseStd: 0.05 };
    const a = await gradientShap(explained, { ...options, seed: 9, batchSize: 5 });
    const b = await gradientShap(explained, { ...options, seed: 9, batchSize: 32 });
    const c = await gradientShap(explained, { ...options, seed: 10, batchSize: 5 });
    a.attributions.forEach((v, k) => expect(b.attributions[k]).toBeCloseTo(v, 6));
    expect(Array.from(c.attributions)).not.toEqual(Array.from(a.attributions));
  });

  it('releases every tensor it creates', async () => {
    const before = tf.memory().numTensors;
    await gradientShap(explained, { inputs, background, samples: 4 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects inconsistent inputs with errors naming the parameter', async () => {
    const other = randomWindows(3, window, features + 1, 1);
    await expect(gradientShap(explained, { inputs, background: other })).rejects.toThrow(/background/);
    await expect(gradientShap(explained, { inputs, background, samples: 0 })).rejects.toThrow(InvalidParameterError);
    await expect(gradientShap(explained, { inputs, background, noiseStd: -1 })).rejects.toThrow(/noiseStd/);
    await expect(gradientShap(explained, { inputs: { ...inputs, n: 5 }, background })).rejects.toThrow(/inputs\.x/);
    const twoOutputs: ExplainedModel = (x) => tf.concat([explained(x), explained(x)], 1);
    await expect(gradientShap(twoOutputs, { inputs, background, samples: 2 })).rejects.toThrow(/model/);
  });
});

function meanOfLinear(weights: Float32Array, windows: WindowArray): number {
  const length = windows.window * windows.features;
  let sum = 0;
  for (let i = 0; i < windows.n; i++) for (let k = 0; k < length; k++) sum += weights[k] * windows.x[i * length + k];
  return sum / windows.n;
}

describe('driverShares', () => {
  const names = ['TA_F', 'SW_IN_F', 'doy_sin', 'doy_cos', 'lat', 'lon'];
  // 2 windows × 2 days × 6 features; |φ| per feature sums to 10, 20, 3, 7, 40, 20 (total 100)
  const attributions = Float32Array.from([
    [5, -10, 1, 3, -10, 5],
    [-2, 5, 1, -2, 10, 5],
    [1, 3, 1, 1, -10, 5],
    [2, 2, 0, -1, 10, -5],
  ].flat());
  const set = { attributions, n: 2, window: 2, features: 6 };

  it('totals per feature and shares of the default drivers (DOY from sin/cos, location from lat/lon)', () => {
    const totals = featureTotals(set);
    expect(Array.from(totals.absolute)).toEqual([10, 20, 3, 7, 40, 20]);
    expect(Array.from(totals.signed)).toEqual([6, 0, 3, 1, 0, 10]);
    const shares = driverShares(set, names);
    expect(shares.map((s) => [s.driver, s.share])).toEqual([
      ['temperature', 10],
      ['radiation', 20],
      ['DOY', 10],
      ['location', 60],
    ]);
    expect(shares[3].features).toEqual(['lat', 'lon']);
  });

  it('uses explicit groups, leaving unnamed features as their own drivers; shares sum to 100', () => {
    const shares = driverShares(set, names, { calendar: ['doy_sin', 'doy_cos'] });
    expect(shares.map((s) => s.driver)).toEqual(['TA_F', 'SW_IN_F', 'calendar', 'lat', 'lon']);
    expect(shares.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(100, 10);
    expect(() => driverShares(set, names, { a: ['TA_F'], b: ['TA_F'] })).toThrow(/both/);
    expect(() => driverShares(set, names, { a: ['NETRAD'] })).toThrow(/unknown feature/);
    expect(() => driverShares(set, names.slice(1))).toThrow(/featureNames/);
  });
});

describe('backgroundIndices', () => {
  it('spreads the background over sites, distinct and sorted, reproducibly', () => {
    const sites = Int32Array.from([...Array(10).fill(0), ...Array(5).fill(1), ...Array(3).fill(2)]);
    const picked = backgroundIndices(sites, 9, 4);
    expect(new Set(picked).size).toBe(9);
    expect(Array.from(picked)).toEqual(Array.from(picked).sort((a, b) => a - b));
    expect([0, 1, 2].map((s) => Array.from(picked).filter((i) => sites[i] === s).length)).toEqual([3, 3, 3]);
    expect(Array.from(backgroundIndices(sites, 9, 4))).toEqual(Array.from(picked));
    expect(backgroundIndices(sites, 18, 4).length).toBe(18);
    expect(() => backgroundIndices(sites, 19)).toThrow(/count/);
  });
});

/** FR-Gri 2005–2006 daily drivers and NEE (committed fixture from scripts/kde_reference.py). */
function frGriWindows(window: number): { windows: WindowArray; target: Float32Array } {
  const file = path.join(__dirname, 'fixtures', 'explain', 'fr-gri-daily.json');
  const daily = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number[]>;
  const columns = ['TA_F', 'SW_IN_F', 'VPD_F'].map((c) => standardise(daily[c]));
  const nee = standardise(daily.NEE_VUT_REF);
  const days = nee.length;
  const n = days - window + 1;
  const x = new Float32Array(n * window * columns.length);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < window; t++) columns.forEach((col, f) => (x[(i * window + t) * columns.length + f] = col[i + t]));
  }
  return { windows: { x, n, window, features: columns.length }, target: nee.slice(window - 1) };
}

function standardise(values: number[]): Float32Array {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return Float32Array.from(values, (v) => (v - mean) / sd);
}

describe('gradientShap on an LSTM trained on FR-Gri daily data', () => {
  const window = 14;
  let model: tf.LayersModel;
  let data: ReturnType<typeof frGriWindows>;

  beforeAll(async () => {
    data = frGriWindows(window);
    model = tf.sequential({
      layers: [
        tf.layers.lstm({ units: 8, inputShape: [window, 3], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 2 }) }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const training = pick(data.windows, Int32Array.from({ length: Math.floor(data.windows.n / 3) }, (_, k) => 3 * k));
    const xs = tf.tensor3d(training.x, [training.n, window, 3]);
    const ys = tf.tensor2d(Float32Array.from({ length: training.n }, (_, k) => data.target[3 * k]), [training.n, 1]);
    const history = await model.fit(xs, ys, { epochs: 3, batchSize: 32, shuffle: false, verbose: 0 });
    xs.dispose();
    ys.dispose();
    // the model learned something (standardised NEE: loss 1 = no skill), so it is a real non-linear fit
    expect(history.history.loss[2] as number).toBeLessThan(0.9);
  });
  afterAll(() => model.dispose());

  it('completeness: Σφ ≈ f(x) − E f(b), within tolerance and converging with the sample count', async () => {
    const explained: ExplainedModel = (x) => model.apply(x) as tf.Tensor;
    // explained windows and background: days spread over the two years, disjoint sets
    const inputs = pick(data.windows, Int32Array.from({ length: 8 }, (_, k) => 40 + k * 83));
    const background = pick(data.windows, Int32Array.from({ length: 16 }, (_, k) => 13 + k * 43));
    const coarse = await gradientShap(explained, { inputs, background, samples: 16, noiseStd: 0, seed: 2, batchSize: 512 });
    const fine = await gradientShap(explained, { inputs, background, samples: 128, noiseStd: 0, seed: 2, batchSize: 512 });
    const c = fine.completenessError;
    // Monte Carlo error of the α/baseline expectation, O(1/√samples): with 128 samples (8 per baseline) the per-window
    // gap is a few % of |f(x) − E f(b)| and the gap of the mean over windows about 1 %.
    expect(c.meanAbsoluteGap).toBeLessThan(0.08 * c.meanAbsoluteDelta);
    expect(c.relativeMeanGap).toBeLessThan(0.03);
    expect(c.meanAbsoluteGap).toBeLessThan(0.5 * coarse.completenessError.meanAbsoluteGap);
    const shares = driverShares(fine, ['TA_F', 'SW_IN_F', 'VPD_F']);
    expect(shares.map((s) => s.driver)).toEqual(['temperature', 'radiation', 'VPD']);
    expect(shares.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(100, 8);
  });
});

/** The windows at the given indices. */
function pick(w: WindowArray, indices: Int32Array): WindowArray {
  const length = w.window * w.features;
  const x = new Float32Array(indices.length * length);
  indices.forEach((i, k) => x.set(w.x.subarray(i * length, (i + 1) * length), k * length));
  return { x, n: indices.length, window: w.window, features: w.features };
}
