import { readFileSync } from 'node:fs';
import path from 'node:path';
import { betterSign, betterWhen, InvalidParameterError, isBetter, metric, METRIC_NAMES, metricUnit, METRICS, mse, type MetricName } from '../src/index.js';

// Real NEE (FR-Gri and DE-Hai, 300 days each, NaN gaps) and a degraded copy: 0.85·obs + 0.3 + AR(1) noise.
const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'metrics', 'metrics_reference.json'), 'utf8')) as { observed: (number | null)[]; simulated: (number | null)[] };
const toSeries = (values: (number | null)[]): Float64Array => Float64Array.from(values, (v) => (v === null ? Number.NaN : v));
const observed = toSeries(fixture.observed);
const degraded = toSeries(fixture.simulated);
const computed = METRIC_NAMES.filter((name) => METRICS[name].compute !== undefined);

/** MSE skill of `simulated` over the observations' own mean as the baseline prediction. */
const skill = (simulated: Float64Array): number => {
  const finite = observed.filter((v) => !Number.isNaN(v));
  const climatology = new Float64Array(observed.length).fill(finite.reduce((a, v) => a + v, 0) / finite.length);
  return 1 - mse(observed, simulated) / mse(observed, climatology);
};

describe('the metric registry', () => {
  test('every metric but MSE skill (which needs a baseline) has its function', () => {
    expect(METRIC_NAMES.filter((name) => !computed.includes(name))).toEqual(['msess']);
  });

  test.each(computed)('%s: a perfect prediction is better than a degraded one, in the declared direction', (name) => {
    const compute = METRICS[name].compute!;
    const [perfect, worse] = [compute(observed, observed), compute(observed, degraded)];
    expect(Number.isFinite(worse)).toBe(true);
    expect(isBetter(name, perfect, worse)).toBe(true);
    expect(isBetter(name, worse, perfect)).toBe(false);
  });

  test('MSE skill: a perfect prediction scores 1, better than a degraded one', () => {
    expect(skill(observed)).toBe(1);
    expect(isBetter('msess', skill(observed), skill(degraded))).toBe(true);
  });

  test.each(computed)('%s: its unit power holds when both series are rescaled (k^power)', (name) => {
    const k = 3;
    const compute = METRICS[name].compute!;
    const scaled = compute(observed.map((v) => k * v), degraded.map((v) => k * v));
    expect(scaled).toBeCloseTo(k ** METRICS[name].power * compute(observed, degraded), 9);
  });

  test.each(computed)('%s: defined for a constant prediction exactly when the registry says so', (name) => {
    const constant = new Float64Array(observed.length).fill(0.5);
    expect([name, Number.isFinite(METRICS[name].compute!(observed, constant))]).toEqual([name, METRICS[name].definedForConstant]);
  });

  test('r and R² are the undefined ones for a constant prediction; MSE skill is defined', () => {
    expect(METRIC_NAMES.filter((name) => !METRICS[name].definedForConstant)).toEqual(['r2', 'r']);
    expect(Number.isFinite(skill(new Float64Array(observed.length).fill(0.5)))).toBe(true);
  });

  test('labels and units as the tables print them', () => {
    expect(Object.fromEntries(METRIC_NAMES.map((name) => [name, METRICS[name].label]))).toMatchObject({ rmse: 'RMSE', r2: 'R²', r: 'r', nse: 'NSE', msess: 'MSE skill', lcs: 'LCS', mae: 'MAE' });
    expect([metricUnit('rmse'), metricUnit('lcs'), metricUnit('r2'), metricUnit('msess')]).toEqual(['gC m⁻² d⁻¹', '(gC m⁻² d⁻¹)²', '', '']);
    expect(metricUnit('mae', 'mm d⁻¹')).toBe('mm d⁻¹');
  });

  test('directions: signs, higher or lower, the signed bias nearer zero, NaN never better', () => {
    const ranked: MetricName[] = ['rmse', 'mse', 'mae', 'r2', 'r', 'nse', 'msess', 'lcs', 'sb', 'sdsd'];
    expect(ranked.map((name) => betterSign(name as Exclude<MetricName, 'bias'>))).toEqual([-1, -1, -1, 1, 1, 1, 1, -1, -1, -1]);
    expect(betterWhen('r2')).toBe('higher');
    expect(isBetter('bias', -0.1, 0.2)).toBe(true);
    expect(isBetter('rmse', Number.NaN, 1)).toBe(false);
    expect(isBetter('r2', 0.5, 0.5)).toBe(false);
  });

  test('a name read from input is looked up or rejected', () => {
    expect(metric('nse')).toBe(METRICS.nse);
    expect(() => metric('pearson')).toThrow(InvalidParameterError);
    expect(() => metric('toString')).toThrow(/must be one of rmse/);
  });
});
