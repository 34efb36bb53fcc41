/**
 * The row scanner shared by the FLUXNET CSV parsers: the header, then every data row's time and
 * requested cells straight from the bytes into typed arrays. Values equal to -9999 (and empty, NA or
 * NaN cells) become NaN; structural problems are a FluxnetFormatError naming the file, line and column.
 */
import { FluxnetDataError, FluxnetFormatError } from './errors.js';

/** The FLUXNET missing-value code. */
export const MISSING_VALUE = -9999;

const COMMA = 44;
const NEWLINE = 10;
const CR = 13;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Parses a decimal number in bytes [start, end) of `buf`: NaN for a missing cell (empty, NA, NaN or
 * -9999), null if the text is not a number. Short decimals are converted exactly (mantissa/10^k).
 */
function parseCell(buf: Uint8Array, start: number, end: number): number | null {
  while (start < end && buf[start] === 32) start++;
  while (end > start && buf[end - 1] === 32) end--;
  if (start === end) return NaN;
  let i = start;
  let negative = false;
  if (buf[i] === 45 || buf[i] === 43) {
    negative = buf[i] === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (seenDot) fraction++;
    } else if (c === 46 && !seenDot) seenDot = true;
    else break;
  }
  let value: number;
  if (i === end && digits > 0 && digits <= 15 && fraction < POW10.length) {
    value = fraction === 0 ? mantissa : mantissa / POW10[fraction];
    if (negative) value = -value;
  } else {
    const text = cellText(buf, start, end);
    if (text === 'NA' || text === 'NaN' || text === 'nan') return NaN;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
    value = Number(text);
  }
  return value === MISSING_VALUE ? NaN : value;
}

/** The text of bytes [start, end) of `buf`. */
export function cellText(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

/**
 * The digits of bytes [start, end) of `buf` (spaces around them ignored) as an integer, or null unless
 * there are exactly `digits` of them: the reading of a fixed-width timestamp such as YYYYMMDD.
 */
export function fixedDigits(buf: Uint8Array, start: number, end: number, digits: number): number | null {
  while (start < end && buf[start] === 32) start++;
  while (end > start && buf[end - 1] === 32) end--;
  if (end - start !== digits) return null;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return v;
}

/** How the time column of a FLUXNET table is read. */
export interface TimeColumn {
  /** Its header name: TIMESTAMP (daily files) or TIMESTAMP_START (half-hourly and hourly files). */
  readonly name: string;
  /** The integer time (days or minutes since 1970-01-01) of the cell in bytes [start, end) of `buf`; null if it is not one. */
  readonly parse: (buf: Uint8Array, start: number, end: number) => number | null;
  /** What a valid cell is, for the error message: `a daily YYYYMMDD date`. */
  readonly expected: string;
  /** What one row's time is called in messages about order: `day`, `time`. */
  readonly unit: string;
  /** A time as text, e.g. `2004-01-05`. */
  readonly format: (time: number) => string;
}

/** Inclusive bounds per requested column, and what a cell outside them becomes (NaN, or a throw). */
export interface CellBounds {
  readonly low: Float64Array;
  readonly high: Float64Array;
  reject(slot: number, text: string, line: number): number;
}

/** No bounds on `columns` cells: every number is kept (a later step checks what they make). */
export function unbounded(columns: number): CellBounds {
  return {
    low: new Float64Array(columns).fill(-Infinity),
    high: new Float64Array(columns).fill(Infinity),
    reject: () => NaN,
  };
}

/** The header of a CSV: its column names and the offset of the first data line. */
export interface CsvHeader {
  readonly names: string[];
  readonly bodyStart: number;
}

/** Reads the header line of the CSV in `buf` (UTF-8, a byte-order mark skipped). */
export function readHeader(buf: Uint8Array): CsvHeader {
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let eol = buf.indexOf(NEWLINE, start);
  if (eol < 0) eol = buf.length;
  const line = Buffer.from(buf.buffer, buf.byteOffset + start, eol - start).toString('utf8');
  return { names: line.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1')), bodyStart: eol + 1 };
}

/** The data rows of a table as scanned: times, file lines and requested values, the first `rows` entries of each array. */
export interface ScannedRows {
  readonly rows: number;
  readonly times: Int32Array;
  /** 1-based file line of each row. */
  readonly lines: Int32Array;
  /** Per requested column (in request order); NaN where missing. */
  readonly values: Float64Array[];
}

/**
 * Scans the data rows of the CSV in `buf` after `header`: the time of each row (strictly increasing)
 * and the cells of the `wanted` columns (each outside `bounds` handed to `bounds.reject`). No time
 * column, wrong field count, non-numeric cell, bad, duplicated or decreasing time or no data row is a
 * {@link FluxnetFormatError} naming `file`, line and column; a wanted column absent from the header
 * is a {@link FluxnetDataError}.
 */
export function scanRows(buf: Uint8Array, file: string, header: CsvHeader, time: TimeColumn, wanted: readonly string[], bounds: CellBounds): ScannedRows {
  const names = header.names;
  const tsIndex = names.indexOf(time.name);
  if (tsIndex < 0) throw new FluxnetFormatError(file, `header has no ${time.name} column`, { line: 1, column: time.name });
  const slotOfField = new Int32Array(names.length).fill(-1);
  for (let k = 0; k < wanted.length; k++) {
    const at = names.indexOf(wanted[k]);
    if (at < 0) throw new FluxnetDataError(file, `requested variable ${wanted[k]} is not in the header`, wanted[k]);
    slotOfField[at] = k;
  }
  slotOfField[tsIndex] = -2;
  const { low, high } = bounds;

  const len = buf.length;
  let capacity = 1;
  for (let p = buf.indexOf(NEWLINE, header.bodyStart); p >= 0; p = buf.indexOf(NEWLINE, p + 1)) capacity++;
  const times = new Int32Array(capacity);
  const lines = new Int32Array(capacity);
  const values = wanted.map(() => new Float64Array(capacity));
  const nFields = names.length;
  let rows = 0;
  let line = 1;
  let pos = header.bodyStart;
  while (pos < len) {
    line++;
    let eol = buf.indexOf(NEWLINE, pos);
    if (eol < 0) eol = len;
    let lineEnd = eol;
    if (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--;
    if (lineEnd === pos) {
      pos = eol + 1;
      continue;
    }
    let field = 0;
    let fieldStart = pos;
    let t = 0;
    for (let i = pos; i <= lineEnd; i++) {
      if (i !== lineEnd && buf[i] !== COMMA) continue;
      if (field >= nFields) break;
      const slot = slotOfField[field];
      if (slot === -2) {
        const parsed = time.parse(buf, fieldStart, i);
        if (parsed === null) {
          throw new FluxnetFormatError(file, `${time.name} "${cellText(buf, fieldStart, i)}" is not ${time.expected}`, { line, column: time.name });
        }
        t = parsed;
      } else if (slot >= 0) {
        let v = parseCell(buf, fieldStart, i);
        if (v === null) throw new FluxnetFormatError(file, `cell "${cellText(buf, fieldStart, i)}" is not a number`, { line, column: names[field] });
        if (v < low[slot] || v > high[slot]) v = bounds.reject(slot, cellText(buf, fieldStart, i).trim(), line);
        values[slot][rows] = v;
      }
      field++;
      fieldStart = i + 1;
    }
    if (field < nFields) {
      const hint = eol === len ? ' (file truncated?)' : '';
      throw new FluxnetFormatError(file, `row has ${field} fields, expected ${nFields}${hint}`, { line });
    }
    if (fieldStart <= lineEnd) throw new FluxnetFormatError(file, `row has more than ${nFields} fields`, { line });
    if (rows > 0 && t <= times[rows - 1]) {
      const what = t === times[rows - 1] ? `duplicated ${time.unit}` : `${time.unit} out of order: before the previous ${time.unit}`;
      throw new FluxnetFormatError(file, `${what} ${time.format(t)} (previous row ${time.format(times[rows - 1])})`, { line, column: time.name });
    }
    times[rows] = t;
    lines[rows++] = line;
    pos = eol + 1;
  }
  if (rows === 0) throw new FluxnetFormatError(file, 'no data rows after the header', { line: 2 });
  return { rows, times, lines, values };
}
