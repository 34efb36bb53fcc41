import { checkModel, ModelCheckError, modelKinds, modelSpec, ridgeSpec, type ModelSpec, type Regressor } from '../src/index.js';
import { selectBackend } from '../src/backend/index.js';
import { sampleSources } from './helpers/sample-source.js';

const { train, test: held } = sampleSources();

beforeAll(async () => {
  await selectBackend({ name: 'cpu', log: () => undefined });
});

describe('checkModel', () => {
  test('the bundled sample gives a few hundred training samples', () => {
    expect(train.size).toBeGreaterThan(150);
    expect(train.size).toBeLessThan(250);
    expect(held.size).toBeGreaterThan(20);
  });

  test.each([...modelKinds(), 'ridge'])('%s passes every check', async (kind) => {
    const spec = kind === 'ridge' ? ridgeSpec : modelSpec(kind);
    const checks = await checkModel(spec, { train, test: held });
    expect(checks.map((c) => c.name)).toEqual([
      'an unknown hyper-parameter is refused',
      'predict before fit is refused',
      'fit and predict shapes',
      'same seed, same predictions',
      'save → load → identical predictions',
      'abort is honoured',
      ...(spec.engine === 'summary' ? ["engine 'summary': fits and predicts on a window summary"] : []),
    ]);
    expect(checks.every((c) => c.failure === undefined)).toBe(true);
  });

  test('fails a broken toy model, naming each check it breaks', async () => {
    // The template's ridge with five faults: create takes any hyper-parameter, an unfitted model
    // predicts zeros, every fit adds fresh noise (the seed is ignored), load forgets the fit, and
    // fit ignores the abort signal.
    const wrap = (model: Regressor, fitted: boolean): Regressor => ({
      kind: model.kind,
      params: model.params,
      fit: async (source) => {
        fitted = true;
        return model.fit(source);
      },
      predict: async (source) => (fitted ? Float32Array.from(await model.predict(source), (v) => v + Math.random()) : new Float32Array(source.size)),
      save: (dir) => model.save(dir),
    });
    const broken: ModelSpec = {
      ...ridgeSpec,
      kind: 'broken-ridge',
      create: (params, options) => {
        const { notAHyperParameter: _ignored, ...known } = params;
        return { ...wrap(ridgeSpec.create(known, options), false), kind: 'broken-ridge' };
      },
      load: async () => ({ ...wrap(ridgeSpec.create({}, { seed: 1 }), false), kind: 'broken-ridge' }),
    };
    const error = await checkModel(broken, { train, test: held }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelCheckError);
    const failed = (error as ModelCheckError).checks.filter((c) => c.failure !== undefined);
    expect(failed.map((c) => c.name)).toEqual([
      'an unknown hyper-parameter is refused',
      'predict before fit is refused',
      'same seed, same predictions',
      'save → load → identical predictions',
      'abort is honoured',
      "engine 'summary': fits and predicts on a window summary",
    ]);
    expect((error as ModelCheckError).code).toBe('nonconformant');
    expect((error as ModelCheckError).message).toContain("model kind 'broken-ridge' fails 6 of 7 checks");
  });
});
