/**
 * Parser of FLUXNET2015 daily CSV text straight into typed columns. Values equal to -9999 (and empty,
 * NA or NaN cells) become NaN, and so do values outside their variable's plausible range (or the parse
 * fails, by policy); the result is laid on a continuous day grid from the first to the last
 * TIMESTAMP, so days absent from the file are NaN rows.
 */
import { fixedDigits, readHeader, scanRows, type TimeColumn } from './csv-scan.js';
import { dayNumber, daysInMonth, formatDay } from './dates.js';
import { RangeGuard } from './range-guard.js';
import { outOfRangePolicy, type OutOfRangePolicy, type OutOfRangeReport } from './ranges.js';

export { MISSING_VALUE } from './csv-scan.js';

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

/** Parses a YYYYMMDD timestamp to days since 1970-01-01, or returns null if it is not one. */
function parseTimestamp(buf: Uint8Array, start: number, end: number): number | null {
  const v = fixedDigits(buf, start, end, 8);
  if (v === null) return null;
  const year = Math.floor(v / 10000);
  const month = Math.floor(v / 100) % 100;
  const day = v % 100;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayNumber(year, month, day);
}

/** The TIMESTAMP column of a daily file: one YYYYMMDD day per row. */
const DAILY_TIME: TimeColumn = { name: 'TIMESTAMP', parse: parseTimestamp, expected: 'a daily YYYYMMDD date', unit: 'day', format: formatDay };

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
  const header = readHeader(buf);
  const wanted = options.columns ?? header.names.filter((h) => h !== DAILY_TIME.name);
  const guard = new RangeGuard(file, wanted, policy);
  const { rows, times: days, values: raw } = scanRows(buf, file, header, DAILY_TIME, wanted, guard);

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
  return { dates, columns: out, header: header.names, rowCount: rows, outOfRange: guard.report() };
}
