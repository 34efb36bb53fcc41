/**
 * Parser of FLUXNET2015 daily CSV text straight into typed columns. Values equal to -9999 (and empty,
 * NA or NaN cells) become NaN, and so do values outside their variable's plausible range (or the parse
 * fails, by policy); the result is laid on a continuous day grid from the first to the last
 * TIMESTAMP, so days absent from the file are NaN rows.
 */
import { dayNumber, daysInMonth, formatDay } from './dates.js';
import { FluxnetDataError, FluxnetFormatError } from './errors.js';
import { describeRange, outOfRangePolicy, plausibleRange, type OutOfRangePolicy, type OutOfRangeReport } from './ranges.js';

/** The FLUXNET missing-value code. */
export const MISSING_VALUE = -9999;

/** Columns of one daily file on a continuous day grid. */
export interface DailyTable {
  /** Consecutive days since 1970-01-01 (UTC), from the file's first to its last TIMESTAMP. */
  readonly dates: Int32Array;
  /** Requested columns, aligned with `dates`; NaN where missing or where the day is absent from the file. */
  readonly columns: Record<string, Float64Array>;
  /** Column names of the file header, in file order. */
  readonly header: readonly string[];
  /** Number of data rows in the file. */
  readonly rowCount: number;
  /** Per requested column with any: the values outside its plausible range, read as NaN. */
  readonly outOfRange: Record<string, OutOfRangeReport>;
}

/** Options of {@link parseDailyCsv} and of readSiteFile / readDataDirectory. */
export interface ReadOptions {
  /** Variables to parse (default: every column but TIMESTAMP). */
  readonly columns?: readonly string[];
  /** A value outside its variable's plausible range (or not finite) is read as missing (default) or fails the parse. */
  readonly outOfRange?: OutOfRangePolicy;
}

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
function cellText(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

/** Parses a YYYYMMDD timestamp to days since 1970-01-01, or returns null if it is not one. */
function parseTimestamp(buf: Uint8Array, start: number, end: number): number | null {
  while (start < end && buf[start] === 32) start++;
  while (end > start && buf[end - 1] === 32) end--;
  if (end - start !== 8) return null;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  const year = Math.floor(v / 10000);
  const month = Math.floor(v / 100) % 100;
  const day = v % 100;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayNumber(year, month, day);
}

function splitHeader(line: string): string[] {
  return line.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

/** Plausible-range check of the requested columns during one parse: bounds per slot and what was found. */
class RangeGuard {
  /** Inclusive bounds per slot; ±MAX_VALUE for a column without a range, so that only ±Infinity fails. */
  readonly low: Float64Array;
  readonly high: Float64Array;
  private readonly count: Int32Array;
  private readonly firstLine: Int32Array;
  private readonly firstValue: string[];

  constructor(
    private readonly file: string,
    private readonly columns: readonly string[],
    private readonly policy: OutOfRangePolicy,
  ) {
    const ranges = columns.map((c) => plausibleRange(c));
    this.low = Float64Array.from(ranges, (r) => r?.min ?? -Number.MAX_VALUE);
    this.high = Float64Array.from(ranges, (r) => r?.max ?? Number.MAX_VALUE);
    this.count = new Int32Array(columns.length);
    this.firstLine = new Int32Array(columns.length);
    this.firstValue = columns.map(() => '');
  }

  /** Records the out-of-range cell `text` of `slot` on `line` and returns NaN, or throws under the 'error' policy. */
  reject(slot: number, text: string, line: number): number {
    const column = this.columns[slot];
    if (this.policy === 'error') {
      throw new FluxnetFormatError(this.file, `value ${text} is implausible: ${column} must be ${describeRange(column)}`, { line, column });
    }
    if (this.count[slot]++ === 0) {
      this.firstLine[slot] = line;
      this.firstValue[slot] = text;
    }
    return NaN;
  }

  /** The columns that had out-of-range values. */
  report(): Record<string, OutOfRangeReport> {
    const out: Record<string, OutOfRangeReport> = {};
    this.columns.forEach((c, k) => {
      if (this.count[k] > 0) out[c] = { count: this.count[k], firstLine: this.firstLine[k], firstValue: this.firstValue[k] };
    });
    return out;
  }
}

/**
 * Parses the daily CSV in `buf` (UTF-8/ASCII). `columns` lists the variables to keep (default: every
 * column but TIMESTAMP); a requested column absent from the header is a {@link FluxnetDataError}.
 * Structural problems (no TIMESTAMP column, wrong field count, non-numeric cell, bad, duplicated or
 * decreasing days, no data rows) throw {@link FluxnetFormatError} naming `file`, line and column. A
 * value outside its variable's plausible range (see PLAUSIBLE_RANGES; any non-finite value) is NaN and
 * counted in `outOfRange`, or, with `outOfRange: 'error'`, a FluxnetFormatError naming the bound.
 */
export function parseDailyCsv(buf: Uint8Array, file: string, options: ReadOptions = {}): DailyTable {
  const policy = outOfRangePolicy(options.outOfRange);
  const len = buf.length;
  let pos = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let eol = buf.indexOf(NEWLINE, pos);
  if (eol < 0) eol = len;
  const header = splitHeader(Buffer.from(buf.buffer, buf.byteOffset + pos, eol - pos).toString('utf8'));
  const tsIndex = header.indexOf('TIMESTAMP');
  if (tsIndex < 0) throw new FluxnetFormatError(file, 'header has no TIMESTAMP column', { line: 1, column: 'TIMESTAMP' });
  const wanted = options.columns ?? header.filter((h) => h !== 'TIMESTAMP');
  const slotOfField = new Int32Array(header.length).fill(-1);
  for (let k = 0; k < wanted.length; k++) {
    const at = header.indexOf(wanted[k]);
    if (at < 0) throw new FluxnetDataError(file, `requested variable ${wanted[k]} is not in the header`, wanted[k]);
    slotOfField[at] = k;
  }
  slotOfField[tsIndex] = -2;
  const guard = new RangeGuard(file, wanted, policy);
  const { low, high } = guard;

  let capacity = 1;
  for (let p = buf.indexOf(NEWLINE, eol + 1); p >= 0; p = buf.indexOf(NEWLINE, p + 1)) capacity++;
  const days = new Int32Array(capacity);
  const raw = wanted.map(() => new Float64Array(capacity));
  const nFields = header.length;
  let rows = 0;
  let line = 1;
  pos = eol + 1;
  while (pos < len) {
    line++;
    eol = buf.indexOf(NEWLINE, pos);
    if (eol < 0) eol = len;
    let lineEnd = eol;
    if (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--;
    if (lineEnd === pos) {
      pos = eol + 1;
      continue;
    }
    let field = 0;
    let fieldStart = pos;
    let day = 0;
    for (let i = pos; i <= lineEnd; i++) {
      if (i !== lineEnd && buf[i] !== COMMA) continue;
      if (field >= nFields) break;
      const slot = slotOfField[field];
      if (slot === -2) {
        const d = parseTimestamp(buf, fieldStart, i);
        if (d === null) {
          throw new FluxnetFormatError(file, `TIMESTAMP "${cellText(buf, fieldStart, i)}" is not a daily YYYYMMDD date`, { line, column: 'TIMESTAMP' });
        }
        day = d;
      } else if (slot >= 0) {
        let v = parseCell(buf, fieldStart, i);
        if (v === null) throw new FluxnetFormatError(file, `cell "${cellText(buf, fieldStart, i)}" is not a number`, { line, column: header[field] });
        if (v < low[slot] || v > high[slot]) v = guard.reject(slot, cellText(buf, fieldStart, i).trim(), line);
        raw[slot][rows] = v;
      }
      field++;
      fieldStart = i + 1;
    }
    if (field < nFields) {
      const hint = eol === len ? ' (file truncated?)' : '';
      throw new FluxnetFormatError(file, `row has ${field} fields, expected ${nFields}${hint}`, { line });
    }
    if (fieldStart <= lineEnd) throw new FluxnetFormatError(file, `row has more than ${nFields} fields`, { line });
    if (rows > 0 && day <= days[rows - 1]) {
      const what = day === days[rows - 1] ? 'duplicated day' : 'day out of order: before the previous day';
      throw new FluxnetFormatError(file, `${what} ${formatDay(day)} (previous row ${formatDay(days[rows - 1])})`, {
        line,
        column: 'TIMESTAMP',
      });
    }
    days[rows++] = day;
    pos = eol + 1;
  }
  if (rows === 0) throw new FluxnetFormatError(file, 'no data rows after the header', { line: 2 });

  const first = days[0];
  const n = days[rows - 1] - first + 1;
  const dates = new Int32Array(n);
  for (let i = 0; i < n; i++) dates[i] = first + i;
  const out: Record<string, Float64Array> = {};
  for (let k = 0; k < wanted.length; k++) {
    if (n === rows) out[wanted[k]] = raw[k].length === n ? raw[k] : raw[k].slice(0, n);
    else {
      const grid = new Float64Array(n).fill(NaN);
      for (let r = 0; r < rows; r++) grid[days[r] - first] = raw[k][r];
      out[wanted[k]] = grid;
    }
  }
  return { dates, columns: out, header, rowCount: rows, outOfRange: guard.report() };
}
