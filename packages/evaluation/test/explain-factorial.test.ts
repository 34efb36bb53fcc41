import * as tf from './fixtures/explain/tfjs.js';
import { factorialResponse, gaussianKde2d, type ExplainedModel, type FactorialMode } from '../src/explain/index.js';
import { percentile } from '../src/metrics/percentiles.js';
import { linearWindowModel, pseudoRandom, randomWindows } from './fixtures/explain/models.js';

const window = 6;
const features = 4;
const fx = 1;
const fy = 3;
const weights = pseudoRandom(window * features, 21, 1);
const windows = randomWindows(30, window, features, 22);
let linear: ReturnType<typeof linearWindowModel>;
let explained: ExplainedModel;

beforeAll(async () => {
  tf.env().set('IS_TEST', true); // silences tfjs's "install the node backend" notice
  await tf.setBackend('cpu');
  linear = linearWindowModel(weights, -0.4, window, features);
  explained = linear.explained;
});
afterAll(() => linear.model.dispose());

/** Mean of the last-day value of feature f over the windows. */
function meanLastDay(f: number): number {
  let sum = 0;
  for (let i = 0; i < windows.n; i++) sum += windows.x[(i * window + window - 1) * features + f];
  return sum / windows.n;
}

/** Sum of the weights of feature f over the window (the slope of a level shift). */
function columnSum(f: number): number {
  let sum = 0;
  for (let t = 0; t < window; t++) sum += weights[t * features + f];
  return sum;
}

describe('factorialResponse on a linear model: the surface is a plane with known slopes', () => {
  const gridX = [-1.5, -0.5, 0, 0.7, 2];
  const gridY = [-2, -1, 0.5, 1.5];
  const slopes: Record<FactorialMode, (f: number) => number> = {
    level: columnSum,
    'last-day': (f) => weights[(window - 1) * features + f],
  };

  it.each(['level', 'last-day'] as const)('mode %s', async (mode) => {
    const r = await factorialResponse(explained, { windows, featureIndex: { x: fx, y: fy }, gridX, gridY, mode, batchSize: 17 });
    expect([r.nx, r.ny, r.z.length]).toEqual([5, 4, 20]);
    const sx = slopes[mode](fx);
    const sy = slopes[mode](fy);
    for (let iy = 0; iy < r.ny; iy++) {
      for (let ix = 0; ix < r.nx; ix++) {
        const expected = r.reference + sx * (gridX[ix] - meanLastDay(fx)) + sy * (gridY[iy] - meanLastDay(fy));
        expect(r.z[iy * r.nx + ix]).toBeCloseTo(expected, 4);
      }
    }
  });

  it('grid and response in physical units through the standardisation', async () => {
    const scale = { x: { mean: 10, std: 5 }, y: { mean: 200, std: 100 }, output: { mean: 1, std: 2 } };
    const physicalX = gridX.map((v) => v * 5 + 10);
    const physicalY = gridY.map((v) => v * 100 + 200);
    const plain = await factorialResponse(explained, { windows, featureIndex: { x: fx, y: fy }, gridX, gridY });
    const scaled = await factorialResponse(explained, { windows, featureIndex: { x: fx, y: fy }, gridX: physicalX, gridY: physicalY, scale });
    plain.z.forEach((z, c) => expect(scaled.z[c]).toBeCloseTo(z * 2 + 1, 4));
    expect(scaled.reference).toBeCloseTo(plain.reference * 2 + 1, 5);
    // the mask does not depend on the axis units (the KDE is affine-equivariant)
    expect(Array.from(scaled.mask)).toEqual(Array.from(plain.mask));
  });
});

describe('factorialResponse density mask', () => {
  it('is the KDE of the observed last-day pairs, masked below its 10th percentile over the cells', async () => {
    const gridX = [-2, -1, 0, 1, 2];
    const gridY = [-2, 0, 2];
    const r = await factorialResponse(explained, { windows, featureIndex: { x: fx, y: fy }, gridX, gridY });
    const last = (f: number) => Array.from({ length: windows.n }, (_, i) => windows.x[(i * window + window - 1) * features + f]);
    const kde = gaussianKde2d(last(fx), last(fy));
    const px = Array.from({ length: 15 }, (_, c) => gridX[c % 5]);
    const py = Array.from({ length: 15 }, (_, c) => gridY[Math.floor(c / 5)]);
    const density = kde.evaluate(px, py);
    density.forEach((d, c) => expect(r.density[c]).toBeCloseTo(d, 12));
    expect(r.densityThreshold).toBeCloseTo(percentile(density, 10), 12);
    expect(Array.from(r.mask)).toEqual(Array.from(density, (d) => (d < percentile(density, 10) ? 1 : 0)));
    expect(r.mask.reduce((s, m) => s + m, 0)).toBe(2);
  });

  it('uses given observed pairs instead of the windows when asked', async () => {
    const observed = { x: [0, 1, 2, 3, 0.5, 1.5], y: [0, 0.5, 1.8, 3.1, 1.2, 0.4] };
    const r = await factorialResponse(explained, { windows, featureIndex: { x: fx, y: fy }, gridX: [0, 3], gridY: [0, 3], observed, maskPercentile: 50 });
    const density = gaussianKde2d(observed.x, observed.y).evaluate([0, 3, 0, 3], [0, 0, 3, 3]);
    density.forEach((d, c) => expect(r.density[c]).toBeCloseTo(d, 12));
    expect(r.mask.reduce((s, m) => s + m, 0)).toBe(2);
  });
});

describe('factorialResponse validation', () => {
  it('names the parameter at fault', async () => {
    const base = { windows, featureIndex: { x: fx, y: fy }, gridX: [0], gridY: [0] };
    await expect(factorialResponse(explained, { ...base, featureIndex: { x: 1, y: 1 } })).rejects.toThrow(/featureIndex/);
    await expect(factorialResponse(explained, { ...base, featureIndex: { x: 4, y: 1 } })).rejects.toThrow(/featureIndex\.x/);
    await expect(factorialResponse(explained, { ...base, gridY: [] })).rejects.toThrow(/gridY/);
    await expect(factorialResponse(explained, { ...base, gridX: [Number.NaN] })).rejects.toThrow(/gridX/);
    await expect(factorialResponse(explained, { ...base, scale: { x: { mean: 0, std: 0 } } })).rejects.toThrow(/scale\.x/);
    await expect(factorialResponse(explained, { ...base, mode: 'mean' as FactorialMode })).rejects.toThrow(/mode/);
    await expect(factorialResponse(explained, { ...base, maskPercentile: 101 })).rejects.toThrow(/maskPercentile/);
  });
});
