import { ModelError, modelKinds, modelSpec, registerModel, ridgeSpec, RidgeRegressor } from '../src/index.js';
import { summariseWindows } from '../src/baselines/summary.js';
import { readBaselineReference, readSeriesFixture, seriesSource } from './helpers/baseline-source.js';

const source = seriesSource(readSeriesFixture(), readBaselineReference().window);

describe('the model template (ridge)', () => {
  it('solves the ridge normal equations: Zᵀ(y − ŷ)/n = alpha·w on standardised features', async () => {
    const alpha = 0.05;
    const model = ridgeSpec.create({ alpha }, { seed: 1 }) as RidgeRegressor;
    await model.fit(source);
    const summary = summariseWindows(source);
    const predicted = await model.predict(source);
    const { rows, cols, x, y } = summary;
    const mean = new Float64Array(cols);
    const sd = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += x[i * cols + j] / rows;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) sd[j] += (x[i * cols + j] - mean[j]) ** 2 / rows;
    const residual = Float64Array.from(y, (v, i) => v - predicted[i]);
    expect(Math.abs(residual.reduce((a, r) => a + r, 0) / rows)).toBeLessThan(1e-5);
    const weights = model.coefficients!;
    for (let j = 0; j < cols; j++) {
      const s = Math.sqrt(sd[j]) > 1e-12 ? Math.sqrt(sd[j]) : 1;
      let g = 0;
      for (let i = 0; i < rows; i++) g += (((x[i * cols + j] - mean[j]) / s) * residual[i]) / rows;
      expect(g).toBeCloseTo(alpha * weights[j], 4);
    }
  });

  it('shrinks to the training mean as alpha grows', async () => {
    const model = ridgeSpec.create({ alpha: 1e9 }, { seed: 1 });
    await model.fit(source);
    const y = summariseWindows(source).y;
    const mean = y.reduce((a, v) => a + v, 0) / y.length;
    for (const p of await model.predict(source)) expect(p).toBeCloseTo(mean, 4);
  });

  it('registers through registerModel and refuses a taken or malformed kind', () => {
    expect(() => modelSpec('ridge')).toThrow(ModelError);
    registerModel(ridgeSpec);
    expect(modelKinds()).toEqual(['lstm', 'fnn', 'lasso', 'svr', 'rf', 'ridge']);
    expect(modelSpec('ridge')).toBe(ridgeSpec);
    expect(() => registerModel(ridgeSpec)).toThrow(/already registered/);
    expect(() => registerModel({ ...ridgeSpec, kind: 'Ridge 2' })).toThrow(/lower-case name/);
  });

  it('checks its hyper-parameters against its schema', () => {
    expect(() => ridgeSpec.create({ alpha: -1 }, { seed: 1 })).toThrow(/ridge: hyper-parameter 'alpha' .* must lie in \[0, 1000000000\], got -1/);
    expect(() => ridgeSpec.create({ lambda: 1 }, { seed: 1 })).toThrow(/ridge: unknown hyper-parameter 'lambda'/);
  });
});
