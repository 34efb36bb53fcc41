/**
 * Typed errors of @fluxscale/data. Every message names the file (and where known the line, column or
 * variable) so that a user can find the problem without a stack trace.
 */

/** Location details carried by a {@link FluxnetFormatError}. */
export interface FormatErrorLocation {
  /** 1-based line of the file, if the problem is on one line. */
  readonly line?: number;
  /** Column name (or 1-based column number as a string) if the problem is in one column. */
  readonly column?: string;
}

/** A file is not a well-formed FLUXNET2015 daily CSV (bad header, truncated row, non-numeric cell, corrupt archive...). */
export class FluxnetFormatError extends Error {
  override readonly name = 'FluxnetFormatError';
  /** Path of the offending file. */
  readonly file: string;
  /** 1-based line number, if known. */
  readonly line: number | undefined;
  /** Column name, if known. */
  readonly column: string | undefined;

  constructor(file: string, message: string, location: FormatErrorLocation = {}) {
    const where = [location.line !== undefined ? `line ${location.line}` : '', location.column ? `column ${location.column}` : '']
      .filter(Boolean)
      .join(', ');
    super(`${file}${where ? ` (${where})` : ''}: ${message}`);
    this.file = file;
    this.line = location.line;
    this.column = location.column;
  }
}

/** A well-formed file whose content cannot be used (a requested variable absent or never valid, too few years...). */
export class FluxnetDataError extends Error {
  override readonly name = 'FluxnetDataError';
  /** Path of the file (or site id when no file is involved). */
  readonly file: string;
  /** The variable concerned, if any. */
  readonly variable: string | undefined;

  constructor(file: string, message: string, variable?: string) {
    super(`${file}: ${message}`);
    this.file = file;
    this.variable = variable;
  }
}

/** Invalid options, configuration file, metadata table or path given by the caller. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The option, file or parameter at fault. */
  readonly subject: string;

  constructor(subject: string, message: string) {
    super(`${subject}: ${message}`);
    this.subject = subject;
  }
}
