import { ModelError, modelKinds, modelSpec } from '../src/index.js';
import { lassoSpec, rfSpec, svrSpec } from '../src/baselines/index.js';
import { fnnSpec, lstmSpec } from '../src/neural/index.js';

describe('model registry', () => {
  test('knows the five models of the paper by kind', () => {
    expect(modelKinds()).toEqual(['lstm', 'fnn', 'lasso', 'svr', 'rf']);
    expect(modelSpec('lstm')).toBe(lstmSpec);
    expect(modelSpec('fnn')).toBe(fnnSpec);
    expect(modelSpec('lasso')).toBe(lassoSpec);
    expect(modelSpec('svr')).toBe(svrSpec);
    expect(modelSpec('rf')).toBe(rfSpec);
    for (const kind of modelKinds()) expect(modelSpec(kind).kind).toBe(kind);
  });

  test('an unknown kind is a ModelError naming the known ones', () => {
    let error: unknown;
    try {
      modelSpec('xgboost');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('unknown-model');
    expect((error as ModelError).message).toContain('lstm, fnn, lasso, svr, rf');
  });
});

describe('model facts in the registry', () => {
  test('each spec says its engine, whether it takes the fused kernel threads, and its hyper-parameters', () => {
    expect(modelKinds().map((k) => [k, modelSpec(k).engine, modelSpec(k).threaded])).toEqual([
      ['lstm', 'neural', true],
      ['fnn', 'neural', false],
      ['lasso', 'summary', false],
      ['svr', 'summary', false],
      ['rf', 'summary', false],
    ]);
    for (const kind of modelKinds()) {
      const spec = modelSpec(kind);
      expect(Object.keys(spec.defaults).sort()).toEqual(Object.keys(spec.params).sort());
      for (const name of Object.keys(spec.space)) expect(spec.params[name]).toBeDefined();
      for (const definition of Object.values(spec.params)) expect(definition.description.length).toBeGreaterThan(3);
    }
  });
});
