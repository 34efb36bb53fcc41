/**
 * Typed errors of @fluxscale/evaluation's metrics and wavelets. Each message names the parameter at fault.
 */

/** A parameter has an invalid value (wrong length, non-finite, out of range...). */
export class InvalidParameterError extends Error {
  override readonly name = 'InvalidParameterError';
  /** Name of the offending parameter. */
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super(`${parameter}: ${message}`);
    this.parameter = parameter;
  }
}

/** Too few usable (non-NaN) values for a computation that cannot return a meaningful answer otherwise. */
export class InsufficientDataError extends Error {
  override readonly name = 'InsufficientDataError';
  /** Name of the offending parameter. */
  readonly parameter: string;
  /** Number of usable values found. */
  readonly available: number;
  /** Number of usable values needed. */
  readonly required: number;

  constructor(parameter: string, available: number, required: number, what: string) {
    super(`${parameter}: ${what} needs at least ${required} usable values, got ${available}`);
    this.parameter = parameter;
    this.available = available;
    this.required = required;
  }
}
