/** Hyper-parameter validation shared by the baseline models. */
import { ModelError } from '../errors.js';
import type { Params } from '../regressor.js';

/** Checks one resolved parameter value; returns an error message, or null when the value is valid. */
export type ParamCheck = (value: number | string | boolean) => string | null;

/**
 * Fills `given` with `defaults` and validates it: names absent from `defaults` are an
 * 'unknown-param' error listing all of them; a value whose type differs from its default's, or that
 * `checks[name]` rejects, is a 'bad-param' error naming the parameter.
 */
export function resolveParams(
  kind: string,
  defaults: Params,
  given: Partial<Record<string, number | string | boolean>>,
  checks: Readonly<Record<string, ParamCheck>>,
): Params {
  const unknown = Object.keys(given).filter((name) => !Object.hasOwn(defaults, name));
  if (unknown.length > 0) {
    throw new ModelError(
      'unknown-param',
      `unknown ${kind} hyper-parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')} (known: ${Object.keys(defaults).join(', ')})`,
      unknown[0],
    );
  }
  const params: Record<string, number | string | boolean> = { ...defaults };
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined) params[name] = value;
  }
  for (const [name, value] of Object.entries(params)) {
    const message = checks[name]?.(value) ?? null;
    if (message !== null) throw new ModelError('bad-param', `${kind} hyper-parameter '${name}' ${message}, got ${JSON.stringify(value)}`, name);
  }
  return Object.freeze(params);
}

/** A check accepting numbers in [min, max] (integers only when `integer`). */
export function numberIn(min: number, max: number, integer = false): ParamCheck {
  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
    if (integer && !Number.isInteger(value)) return 'must be an integer';
    if (value < min || value > max) return `must be in [${min}, ${max}]`;
    return null;
  };
}

/** A check accepting numbers greater than `min` (exclusive). */
export function numberAbove(min: number): ParamCheck {
  return (value) => (typeof value === 'number' && Number.isFinite(value) && value > min ? null : `must be a finite number > ${min}`);
}
