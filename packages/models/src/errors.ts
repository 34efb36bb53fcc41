/**
 * Typed errors of @fluxscale/models. Every error a model, a backend or a model directory raises
 * because of bad input is a `ModelError` with a machine-readable `code` and, where one parameter
 * or file is at fault, its name in `subject`.
 */

/** What went wrong, by kind. */
export type ModelErrorCode =
  /** A model kind the registry does not know. */
  | 'unknown-model'
  /** A hyper-parameter name no model of this kind knows. */
  | 'unknown-param'
  /** A hyper-parameter value out of range or of the wrong type. */
  | 'bad-param'
  /** Input data unusable: NaN/Infinity, a shape or feature mismatch. */
  | 'bad-input'
  /** A sample source with no samples where samples are needed. */
  | 'empty-input'
  /** `predict` or `save` called before `fit`. */
  | 'not-fitted'
  /** A model directory that is missing files, malformed, of another kind or another format version. */
  | 'bad-model-dir'
  /** A TensorFlow.js backend that was asked for and could not be loaded. */
  | 'backend-unavailable'
  /** A model kind that fails `checkModel`, the conformance check of registry entries. */
  | 'nonconformant';

/** An error raised by @fluxscale/models, naming the parameter, file or backend at fault. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  /** What went wrong, by kind. */
  readonly code: ModelErrorCode;
  /** The parameter, file or backend at fault, where there is one. */
  readonly subject?: string;

  constructor(code: ModelErrorCode, message: string, subject?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    if (subject !== undefined) this.subject = subject;
  }
}
