import { betterWhen, metric, METRICS } from '@fluxscale/evaluation';
import { PRIMARY_METRICS } from '../src/config/schema.js';
import { DELTA_METRICS } from '../src/figures/deltas.js';
import { DRIVERS_METRICS } from '../src/pipeline/drivers.js';
import { SCORE_METRICS } from '../src/pipeline/tables.js';
import { VERDICT_METRICS } from '../src/pipeline/verdict.js';

describe('every metric the app reports is in the registry', () => {
  test.each([
    ['verdict', VERDICT_METRICS],
    ['primary', PRIMARY_METRICS],
    ['drivers', DRIVERS_METRICS],
    ['tables', SCORE_METRICS],
    ['heat tables', DELTA_METRICS],
  ] as const)('%s metrics have an entry with a label and a direction', (_, names) => {
    for (const name of names) {
      expect(metric(name)).toBe(METRICS[name]);
      expect(['higher', 'lower']).toContain(betterWhen(name));
      expect(METRICS[name].label).not.toBe('');
    }
  });

  test('the directions the verdict and the tables rely on', () => {
    expect(VERDICT_METRICS.map((m) => betterWhen(m))).toEqual(['higher', 'higher', 'higher', 'higher', 'lower', 'lower']);
    expect(SCORE_METRICS.map((m) => betterWhen(m))).toEqual(['lower', 'higher', 'lower', 'lower']);
  });
});
