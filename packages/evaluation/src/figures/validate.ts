import { InvalidParameterError } from '../metrics/errors.js';

/** Row-major numeric matrix [rows, columns]. */
export interface Matrix {
  readonly rows: number;
  readonly columns: number;
  readonly values: Float64Array;
}

/** A non-empty, trimmed text (titles, names); throws naming `parameter` otherwise. */
export function requireText(value: unknown, parameter: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidParameterError(parameter, 'must be a non-empty string');
  return value.trim();
}

/** A non-empty list of distinct non-empty texts. */
export function requireDistinctTexts(values: readonly string[], parameter: string): string[] {
  if (!Array.isArray(values) || values.length === 0) throw new InvalidParameterError(parameter, 'must be a non-empty array of strings');
  const texts = values.map((v, i) => requireText(v, `${parameter}[${i}]`));
  const seen = new Set<string>();
  for (const text of texts) {
    if (seen.has(text)) throw new InvalidParameterError(parameter, `duplicate entry '${text}'`);
    seen.add(text);
  }
  return texts;
}

/** Copies numbers into a Float64Array, checking the length (when given); NaN is kept, ±Infinity is rejected. */
export function numbers(values: ArrayLike<number>, parameter: string, length?: number): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new InvalidParameterError(parameter, 'must be an array or typed array of numbers');
  }
  if (length !== undefined && values.length !== length) {
    throw new InvalidParameterError(parameter, `must have length ${length}, got ${values.length}`);
  }
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (out[i] === Infinity || out[i] === -Infinity) throw new InvalidParameterError(parameter, `value at index ${i} is infinite`);
  }
  return out;
}

/** Like {@link numbers}, but every value must be finite. */
export function finiteNumbers(values: ArrayLike<number>, parameter: string, length?: number): Float64Array {
  const out = numbers(values, parameter, length);
  const bad = out.findIndex((v) => Number.isNaN(v));
  if (bad >= 0) throw new InvalidParameterError(parameter, `value at index ${bad} is NaN`);
  return out;
}

/** Finite values in strictly increasing order (grid coordinates), at least `min` of them. */
export function increasing(values: ArrayLike<number>, parameter: string, min = 1): Float64Array {
  const out = finiteNumbers(values, parameter);
  if (out.length < min) throw new InvalidParameterError(parameter, `needs at least ${min} values, got ${out.length}`);
  for (let i = 1; i < out.length; i++) {
    if (!(out[i] > out[i - 1])) throw new InvalidParameterError(parameter, `must be strictly increasing (index ${i})`);
  }
  return out;
}

/**
 * A [rows, columns] matrix from a row-major flat array or from an array of rows; NaN is kept
 * (missing), ±Infinity is rejected.
 */
export function matrix(values: ArrayLike<number> | readonly ArrayLike<number>[], rows: number, columns: number, parameter: string): Matrix {
  if (Array.isArray(values) && values.length > 0 && typeof values[0] === 'object') {
    const nested = values as readonly ArrayLike<number>[];
    if (nested.length !== rows) throw new InvalidParameterError(parameter, `must have ${rows} rows, got ${nested.length}`);
    const flat = new Float64Array(rows * columns);
    nested.forEach((row, r) => flat.set(numbers(row, `${parameter}[${r}]`, columns), r * columns));
    return { rows, columns, values: flat };
  }
  const flat = numbers(values as ArrayLike<number>, parameter);
  if (flat.length !== rows * columns) {
    throw new InvalidParameterError(parameter, `must hold ${rows}×${columns} = ${rows * columns} values (row-major), got ${flat.length}`);
  }
  return { rows, columns, values: flat };
}

/** A boolean mask of the given length from booleans or 0/1 numbers (Uint8Array...). */
export function booleanMask(values: ArrayLike<boolean | number>, parameter: string, length: number): Uint8Array {
  if (values === null || typeof values !== 'object' || values.length !== length) {
    throw new InvalidParameterError(parameter, `must be an array of ${length} booleans or 0/1 numbers`);
  }
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = values[i] ? 1 : 0;
  return out;
}

/** One of the allowed string options. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], parameter: string): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidParameterError(parameter, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`);
  }
  return value as T;
}

/** A finite number or null (vega-lite's missing value) for one data record field. */
export function valueOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
