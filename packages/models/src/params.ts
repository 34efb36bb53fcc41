/**
 * Hyper-parameter schemas: every model declares, per parameter, its type, its allowed range and
 * what it means. The same schema validates what `ModelSpec.create` is given (unknown names and bad
 * values are errors naming the parameter) and lets a caller check a configuration before any fit.
 */
import { ModelError } from './errors.js';

/** Hyper-parameter values of one model, by name. */
export type Params = Readonly<Record<string, number | string | boolean>>;

/** The allowed values of one hyper-parameter and what it means. */
export interface ParamDefinition {
  readonly type: 'int' | 'float' | 'boolean' | 'choice';
  /** Smallest allowed value (numbers), inclusive unless `exclusiveMin`. */
  readonly min?: number;
  /** The value `min` itself is not allowed. */
  readonly exclusiveMin?: boolean;
  /** Largest allowed value (numbers), inclusive. */
  readonly max?: number;
  /** Words accepted besides numbers (e.g. SVR's gamma: 'scale'); for a 'choice', the only values allowed. */
  readonly keywords?: readonly string[];
  /** One line of meaning, with the unit where there is one. */
  readonly description: string;
}

/** The hyper-parameters of one model kind, by name. */
export type ParamSchema = Readonly<Record<string, ParamDefinition>>;

/** Why `value` is not allowed by `definition` ("must …"), or null when it is. */
export function paramProblem(definition: ParamDefinition, value: unknown): string | null {
  if (typeof value === 'string' && definition.keywords?.includes(value)) return null;
  const words = definition.keywords?.length ? `${definition.keywords.map((k) => `'${k}'`).join(' or ')} or ` : '';
  if (definition.type === 'choice') return `must be ${definition.keywords!.map((k) => `'${k}'`).join(' or ')}`;
  if (definition.type === 'boolean') return typeof value === 'boolean' ? null : `must be ${words}true or false`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be ${words}a finite number`;
  if (definition.type === 'int' && !Number.isInteger(value)) return 'must be an integer';
  const { min = -Infinity, max = Infinity, exclusiveMin = false } = definition;
  if (exclusiveMin ? !(value > min) : !(value >= min)) return max === Infinity ? `must be greater than ${exclusiveMin ? '' : 'or equal to '}${min}` : `must lie in ${exclusiveMin ? '(' : '['}${min}, ${max}]`;
  if (value > max) return `must lie in ${exclusiveMin ? '(' : '['}${min}, ${max}]`;
  return null;
}

/**
 * Fills `given` in from `defaults` and checks every value against `schema`; throws a `ModelError`
 * naming the parameter: 'unknown-param' for a name the schema does not have, 'bad-param' for a value
 * it does not allow.
 */
export function resolveParams(kind: string, defaults: Params, given: Partial<Record<string, number | string | boolean>>, schema: ParamSchema): Params {
  const unknown = Object.keys(given).filter((name) => given[name] !== undefined && !Object.hasOwn(schema, name));
  if (unknown.length > 0) {
    const names = unknown.map((n) => `'${n}'`).join(', ');
    throw new ModelError('unknown-param', `${kind}: unknown hyper-parameter${unknown.length > 1 ? 's' : ''} ${names} (known: ${Object.keys(schema).join(', ')})`, unknown[0]);
  }
  const params: Record<string, number | string | boolean> = { ...defaults };
  for (const [name, value] of Object.entries(given)) if (value !== undefined) params[name] = value;
  for (const [name, value] of Object.entries(params)) {
    const definition = schema[name];
    const problem = paramProblem(definition, value);
    if (problem !== null) {
      throw new ModelError('bad-param', `${kind}: hyper-parameter '${name}' (${definition.description}) ${problem}, got ${JSON.stringify(value)}`, name);
    }
  }
  return Object.freeze(params);
}
