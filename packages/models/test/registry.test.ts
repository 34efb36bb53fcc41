import { ModelError, fnnSpec, lassoSpec, lstmSpec, modelKinds, modelSpec, rfSpec, svrSpec } from '../src/index.js';

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
