/**
 * Flag parsers shared by the CLI commands: each validates one flag and names it in its error, so
 * bad input stops with a clear message and a non-zero exit.
 */
import { InvalidArgumentError } from 'commander';

/** Parses a positive integer flag value. */
export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got '${value}'`);
    return n;
  };
}

/** Parses a non-negative integer flag value. */
export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a non-negative integer, got '${value}'`);
    return n;
  };
}

/** Parses a comma-separated list flag value (A,B,C), rejecting empty items. */
export function list(flag: string) {
  return (value: string): string[] => {
    const items = value.split(',').map((s) => s.trim());
    if (items.some((s) => s.length === 0)) throw new InvalidArgumentError(`${flag} must be a comma-separated list like A,B,C, got '${value}'`);
    return items;
  };
}

/** Parses a flag whose value must be one of `choices`. */
export function oneOf<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`${flag} must be one of ${choices.join(', ')}, got '${value}'`);
    }
    return value as T;
  };
}

/** Parses a variable-name flag value (non-blank, trimmed). */
export function variableName(flag: string) {
  return (value: string): string => {
    if (value.trim() === '') throw new InvalidArgumentError(`${flag} must be a variable name, e.g. NEE_VUT_REF`);
    return value.trim();
  };
}
