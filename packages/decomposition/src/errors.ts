/** Invalid input to a decomposition function; `parameter` names the offending argument or option. */
export class DecompositionError extends Error {
  override readonly name = 'DecompositionError';

  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}
