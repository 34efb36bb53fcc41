/**
 * The model registry: every model kind fluxscale can train, by name. Adding a model is one new
 * module that exports a ModelSpec, plus one line here.
 */
import { lassoSpec, rfSpec, svrSpec } from './baselines/index.js';
import { ModelError } from './errors.js';
import { fnnSpec, lstmSpec } from './neural/index.js';
import type { ModelSpec, Regressor } from './regressor.js';

const REGISTRY = new Map<string, ModelSpec>([
  ['lstm', lstmSpec],
  ['fnn', fnnSpec],
  ['lasso', lassoSpec],
  ['svr', svrSpec],
  ['rf', rfSpec],
]);

/** Names of the registered model kinds. */
export function modelKinds(): string[] {
  return [...REGISTRY.keys()];
}

/** The spec of a model kind; throws a ModelError naming the known kinds for an unknown one. */
export function modelSpec(kind: string): ModelSpec {
  const spec = REGISTRY.get(kind);
  if (!spec) throw new ModelError('unknown-model', `unknown model kind '${kind}' (known: ${modelKinds().join(', ')})`, kind);
  return spec;
}

/** Loads a saved model directory of any registered kind (read from its model.json). */
export async function loadModel(dir: string, kind: string): Promise<Regressor> {
  return modelSpec(kind).load(dir);
}
