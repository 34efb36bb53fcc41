/**
 * Warm starts (`FitOptions.warmStart`): a neural model trained from another fitted model's weights
 * starts where that model ended, and every mismatch is refused with the parameter named.
 */
import { selectBackend } from '../src/backend/index.js';
import { ModelError } from '../src/errors.js';
import { fnnSpec, lstmSpec } from '../src/neural/index.js';
import { lassoSpec } from '../src/baselines/index.js';
import { laggedTwoSiteSource } from './helpers/neural-source.js';

const WINDOW = 10;
const tiny = { hidden: 4, batchSize: 32, epochs: 2, learningRate: 0.01, dropout: 0, patience: 0 };
/** Settings that barely move the weights: one epoch at the smallest learning rate. */
const frozen = { ...tiny, epochs: 1, learningRate: 1e-7 };

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

beforeAll(async () => {
  await selectBackend({ name: 'cpu', log: () => undefined });
});

describe.each([
  ['lstm', lstmSpec],
  ['fnn', fnnSpec],
] as const)('%s warm start', (kind, spec) => {
  it('starts from the given weights: a barely trained warm start predicts what its source predicts, a cold one does not', async () => {
    const data = laggedTwoSiteSource(WINDOW);
    const source = spec.create(tiny, { seed: 1 });
    await source.fit(data);
    const expected = await source.predict(data);
    const warm = spec.create(frozen, { seed: 2 });
    await warm.fit(data, { warmStart: source });
    const cold = spec.create(frozen, { seed: 2 });
    await cold.fit(data);
    expect(spec.warmStarts).toBe(true);
    expect(maxAbsDiff(await warm.predict(data), expected)).toBeLessThan(1e-3);
    expect(maxAbsDiff(await cold.predict(data), expected)).toBeGreaterThan(0.05);
  });

  it('refuses another architecture, another kind and an unfitted model, naming warmStart', async () => {
    const data = laggedTwoSiteSource(WINDOW);
    const source = spec.create(tiny, { seed: 1 });
    await source.fit(data);
    const other = (kind === 'lstm' ? fnnSpec : lstmSpec).create(tiny, { seed: 1 });
    await other.fit(data);
    const attempt = (from: Parameters<typeof spec.create>[0], start: typeof source) => spec.create(from, { seed: 3 }).fit(data, { warmStart: start });
    await expect(attempt({ ...tiny, hidden: 8 }, source)).rejects.toMatchObject({ code: 'bad-param', subject: 'warmStart', message: expect.stringContaining('do not fit this network') });
    await expect(attempt(tiny, other)).rejects.toMatchObject({ code: 'bad-param', subject: 'warmStart', message: expect.stringContaining(`needs a fitted ${kind}`) });
    await expect(attempt(tiny, spec.create(tiny, { seed: 4 }))).rejects.toBeInstanceOf(ModelError);
  });
});

it('a summary baseline refuses a warm start', async () => {
  const data = laggedTwoSiteSource(WINDOW);
  const source = lassoSpec.create({}, { seed: 1 });
  await source.fit(data);
  expect(lassoSpec.warmStarts).toBeUndefined();
  await expect(lassoSpec.create({}, { seed: 1 }).fit(data, { warmStart: source })).rejects.toMatchObject({ code: 'bad-param', subject: 'warmStart' });
});
