/**
 * The model registry: every model kind fluxscale can train, by name, with the facts the rest of
 * fluxscale asks about it (its engine, whether it takes the fused kernel's threads, its
 * hyper-parameter schema). Adding a model is one new module that exports a `ModelSpec` (see
 * template.ts) plus one line in BUILT_IN below; `registerModel` adds one at run time.
 */
import { isRegistryName } from '@fluxscale/util';
import { lassoSpec, rfSpec, svrSpec } from './baselines/index.js';
import { ModelError } from './errors.js';
import { fnnSpec, lstmSpec } from './neural/index.js';
import type { ModelSpec, Regressor } from './regressor.js';

const BUILT_IN: readonly ModelSpec[] = [lstmSpec, fnnSpec, lassoSpec, svrSpec, rfSpec];

const REGISTRY = new Map<string, ModelSpec>(BUILT_IN.map((spec) => [spec.kind, spec]));

/** Names of the registered model kinds, built-in ones first. */
export function modelKinds(): string[] {
  return [...REGISTRY.keys()];
}

/** The spec of a model kind; throws a ModelError naming the known kinds for an unknown one. */
export function modelSpec(kind: string): ModelSpec {
  const spec = REGISTRY.get(kind);
  if (!spec) throw new ModelError('unknown-model', `unknown model kind '${kind}' (known: ${modelKinds().join(', ')})`, kind);
  return spec;
}

/**
 * Adds a model kind to the registry of this process (e.g. a model of your own, built from the
 * template); throws a ModelError if the kind is taken or its name is not a lower-case identifier.
 */
export function registerModel(spec: ModelSpec): void {
  if (!isRegistryName(spec.kind)) throw new ModelError('bad-param', `model kind '${spec.kind}' must be a lower-case name like 'ridge'`, spec.kind);
  if (REGISTRY.has(spec.kind)) throw new ModelError('bad-param', `model kind '${spec.kind}' is already registered`, spec.kind);
  REGISTRY.set(spec.kind, spec);
}

/** Loads a saved model directory of any registered kind (read from its model.json). */
export async function loadModel(dir: string, kind: string): Promise<Regressor> {
  return modelSpec(kind).load(dir);
}
