import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WindowSource } from '@fluxscale/data';
import { ModelError } from '../src/errors.js';
import { modelKindOf } from '../src/model-header.js';
import { lassoSpec } from '../src/baselines/lasso.js';
import { rfSpec } from '../src/baselines/rf/regressor.js';
import { svrSpec } from '../src/baselines/svr.js';
import type { SummaryRegressor } from '../src/baselines/summary-regressor.js';
import { readSeriesFixture, seriesSource } from './helpers/baseline-source.js';

const series = readSeriesFixture();
const source = seriesSource(series, 30).subset(Int32Array.from({ length: 200 }, (_, i) => i * 5));

/** `source` with one value of feature `f` replaced by `value` in every window that contains it. */
function poisoned(base: WindowSource, f: number, value: number, target = false): WindowSource {
  return {
    ...base,
    batch(indices) {
      const b = base.batch(indices);
      const x = b.x.slice();
      const y = b.y.slice();
      if (target) y[0] = value;
      else x[(b.window - 1) * b.features + f] = value;
      return { ...b, x, y };
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error('expected a rejection');
}

describe.each([lassoSpec, svrSpec, rfSpec])('$kind bad input', (spec) => {
  const create = () => spec.create(spec.kind === 'rf' ? { nEstimators: 3, threads: 1 } : {}, { seed: 1 });

  it('names the feature that holds NaN, and rejects NaN targets', async () => {
    const err = await rejection(create().fit(poisoned(source, 1, NaN)));
    expect(err.code).toBe('bad-input');
    expect(err.subject).toBe('SW_IN_F');
    expect((await rejection(create().fit(poisoned(source, 0, NaN, true)))).subject).toBe('target');
  });

  it('rejects NaN and shape mismatches in a ready-made summary', async () => {
    const summary = { x: Float64Array.from([1, 2, NaN, 4]), y: Float32Array.from([1, 2]), rows: 2, cols: 2, names: ['a', 'b'] };
    const input = { featureNames: ['a', 'b'], window: 1, scaler: null };
    const model = create() as SummaryRegressor;
    expect((await rejection(model.fitSummary(summary, input))).subject).toBe('a');
    expect((await rejection(model.fitSummary({ ...summary, rows: 3 }, input))).code).toBe('bad-input');
  });

  it('rejects an empty training set', async () => {
    expect((await rejection(create().fit(source.subset([])))).code).toBe('empty-input');
  });

  it('rejects a source whose window or features differ from training', async () => {
    const model = create();
    await model.fit(source);
    expect((await rejection(model.predict(seriesSource(series, 60)))).subject).toBe('window');
    const renamed = { ...source, featureNames: ['TA_F', 'SW_IN_F', 'P_F', 'doy_sin', 'doy_cos', 'lat', 'lon'] };
    expect((await rejection(model.predict(renamed))).subject).toBe('featureNames');
  });

  it('rejects a model directory of another format version or kind', async () => {
    const model = create();
    await model.fit(source);
    const dir = mkdtempSync(join(tmpdir(), `${spec.kind}-bad-`));
    try {
      await model.save(dir);
      expect(modelKindOf(dir)).toBe(spec.kind);
      const header = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...header, kind: spec.kind === 'rf' ? 'svr' : 'rf' }));
      expect((await rejection(spec.load(dir))).code).toBe('bad-model-dir');
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...header, formatVersion: 0 }));
      expect((await rejection(spec.load(dir))).message).toMatch(/format version 0 is not supported/);
      writeFileSync(join(dir, 'model.json'), JSON.stringify(header).slice(0, 80));
      const cut = await rejection(spec.load(dir));
      expect(() => modelKindOf(dir)).toThrow(cut.message);
      expect(cut.code).toBe('bad-model-dir');
      expect(cut.subject).toBe(join(dir, 'model.json'));
      expect(cut.message).toMatch(new RegExp(`^${join(dir, 'model.json')}: not valid JSON \\(.*\\); refit the model$`));
      writeFileSync(join(dir, 'model.json'), JSON.stringify(header));
      writeFileSync(join(dir, 'weights.bin'), new Uint8Array(8));
      expect((await rejection(spec.load(dir))).message).toBe(`${join(dir, 'weights.bin')}: 8 bytes, model.json says ${header.weights.bytes}; refit the model`);
      rmSync(join(dir, 'model.json'));
      const missing = await rejection(spec.load(dir));
      expect(missing.subject).toBe(join(dir, 'model.json'));
      expect(missing.message).toBe(`${join(dir, 'model.json')}: cannot read: no such file or directory; refit the model`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
