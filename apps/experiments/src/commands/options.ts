/**
 * Flag parsers shared by the CLI commands: each validates one flag and names it in its error, so
 * bad input stops with a clear message and a non-zero exit.
 */
import { InvalidArgumentError, type Command } from 'commander';

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

/**
 * Adds the run directory to a command the one way every command takes it: a positional argument
 * (`fluxscale status RUN`), with `--run DIR` kept as an alias; {@link runDirOf} reads it.
 */
export function runDirArgument(command: Command): Command {
  return command.argument('[run-dir]', 'a run directory made by fluxscale experiment or plan').option('--run <dir>', 'the run directory (the same as the argument)');
}

/** The run directory a command was given (argument or --run); throws naming both when they differ, or when a required one is missing. */
export function runDirOf(positional: string | undefined, flag: string | undefined, required: true): string;
export function runDirOf(positional: string | undefined, flag: string | undefined, required: false): string | undefined;
export function runDirOf(positional: string | undefined, flag: string | undefined, required: boolean): string | undefined {
  if (positional !== undefined && flag !== undefined && positional !== flag) throw new InvalidArgumentError(`two run directories given: ${positional} and --run ${flag}; give one`);
  const runDir = positional ?? flag;
  if (required && runDir === undefined) throw new InvalidArgumentError('missing the run directory: give it as the first argument (fluxscale runs lists those under runs/)');
  return runDir;
}
