/**
 * Parser of FLUXNET / ONEFlux half-hourly (HH) and hourly (HR) CSV text into daily values, aggregated
 * as the ONEFlux pipeline makes the daily (DD) files:
 * - a record belongs to the calendar day of its TIMESTAMP_START (local standard time, no daylight
 *   saving, as in the files);
 * - a variable has a daily value only where all the day's records (48 HH, 24 HR) hold one, not -9999;
 * - carbon fluxes (NEE, GPP, RECO, µmol CO2 m-2 s-1) become their daily mean × {@link CO2_FLUX_TO_CARBON}
 *   (gC m-2 d-1), precipitation (P) the daily sum (mm d-1), every other variable the daily mean;
 * - a `*_QC` column becomes the fraction of the day's records flagged 0 (measured) or 1 (good-quality
 *   gap fill), the meaning of the DD files' daily QC.
 * The plausible ranges apply to the daily values.
 */
import { fixedDigits, readHeader, scanRows, unbounded, type TimeColumn } from './csv-scan.js';
import type { DailyTable, ReadOptions } from './csv.js';
import { dayNumber, daysInMonth } from './dates.js';
import { FluxnetFormatError } from './errors.js';
import { RangeGuard } from './range-guard.js';
import { outOfRangePolicy } from './ranges.js';
import { QC_SUFFIX, variableKey } from './variables.js';

/** The sub-daily resolutions, by the code of the file name: half-hourly and hourly. */
export type SubDailyResolution = 'HH' | 'HR';

/** Records per day of each sub-daily resolution. */
export const RECORDS_PER_DAY: Readonly<Record<SubDailyResolution, number>> = { HH: 48, HR: 24 };

/** True if `resolution` (a file-name code or null) is a sub-daily one. */
export function isSubDaily(resolution: string | null | undefined): resolution is SubDailyResolution {
  return resolution === 'HH' || resolution === 'HR';
}

/**
 * gC m-2 d-1 per µmol CO2 m-2 s-1: 86 400 s d-1 × 1e-6 mol µmol-1 × 12.0107 g C mol-1, the factor
 * (CO2TOC) by which the ONEFlux pipeline turns a day's mean CO2 flux into the DD files' daily flux.
 */
export const CO2_FLUX_TO_CARBON = 1.03772448;

/** How the records of one day make a variable's daily value. */
export type DailyAggregation = 'mean' | 'sum' | 'carbon' | 'good-fraction';

/**
 * Daily aggregation by variable, keys matched like those of PLAUSIBLE_RANGES (NEE covers NEE_VUT_REF,
 * P covers P_F but not PA_F). `carbon`: mean × CO2_FLUX_TO_CARBON; `sum`: daily total. A `*_QC`
 * column is `good-fraction`; any other variable the daily `mean`.
 */
export const DAILY_AGGREGATION: Readonly<Record<string, DailyAggregation>> = { NEE: 'carbon', GPP: 'carbon', RECO: 'carbon', P: 'sum' };

/** The daily aggregation of a column (see {@link DAILY_AGGREGATION}). */
export function dailyAggregation(column: string): DailyAggregation {
  if (column.endsWith(QC_SUFFIX)) return 'good-fraction';
  const key = variableKey(column, Object.keys(DAILY_AGGREGATION));
  return key === null ? 'mean' : DAILY_AGGREGATION[key];
}

const MINUTES_PER_DAY = 1440;

/** A YYYYMMDDHHMM stamp as minutes since 1970-01-01 00:00, or null if it is no time on the `step`-minute grid. */
function stampMinutes(v: number, step: number, day: { stamp: number; number: number }): number | null {
  const date = Math.floor(v / 10000);
  const hour = Math.floor(v / 100) % 100;
  const minute = v % 100;
  if (hour > 23 || minute % step !== 0 || minute > 59) return null;
  if (date !== day.stamp) {
    const year = Math.floor(date / 10000);
    const month = Math.floor(date / 100) % 100;
    const dom = date % 100;
    if (month < 1 || month > 12 || dom < 1 || dom > daysInMonth(year, month)) return null;
    day.stamp = date;
    day.number = dayNumber(year, month, dom);
  }
  return day.number * MINUTES_PER_DAY + hour * 60 + minute;
}

/** Minutes since 1970-01-01 00:00 as a YYYYMMDDHHMM stamp, the files' own notation. */
function formatStamp(minutes: number): string {
  const iso = new Date(minutes * 60_000).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

/** The TIMESTAMP_START column of a sub-daily file: a time on the resolution's grid per row. */
function startColumn(resolution: SubDailyResolution): TimeColumn {
  const step = MINUTES_PER_DAY / RECORDS_PER_DAY[resolution];
  const day = { stamp: -1, number: 0 };
  return {
    name: 'TIMESTAMP_START',
    parse: (buf, start, end) => {
      const v = fixedDigits(buf, start, end, 12);
      return v === null ? null : stampMinutes(v, step, day);
    },
    expected: resolution === 'HH' ? 'a half-hourly YYYYMMDDHHMM time (minutes 00 or 30)' : 'an hourly YYYYMMDDHHMM time (minutes 00)',
    unit: 'time',
    format: formatStamp,
  };
}

const END_COLUMN = 'TIMESTAMP_END';

/** Throws a FluxnetFormatError at the first row whose TIMESTAMP_END is not its TIMESTAMP_START plus one record. */
function checkEnds(file: string, ends: Float64Array, starts: Int32Array, lines: Int32Array, rows: number, step: number): void {
  const day = { stamp: -1, number: 0 };
  for (let r = 0; r < rows; r++) {
    const end = Number.isInteger(ends[r]) ? stampMinutes(ends[r], 1, day) : null;
    if (end !== starts[r] + step) {
      const text = Number.isNaN(ends[r]) ? 'missing' : `"${ends[r]}"`;
      throw new FluxnetFormatError(file, `${END_COLUMN} ${text} is not ${step} minutes after TIMESTAMP_START ${formatStamp(starts[r])}`, { line: lines[r], column: END_COLUMN });
    }
  }
}

/**
 * Parses the half-hourly (`HH`) or hourly (`HR`) CSV in `buf` into daily values on a continuous day
 * grid (see the module comment for the rules). `columns` lists the variables (default: every column
 * but the timestamps). Errors are those of the daily parser, about TIMESTAMP_START (a time on the
 * resolution's grid), plus a TIMESTAMP_END that is not the start plus one record; an out-of-range
 * daily value is reported (or thrown) at the line of the day's first record.
 */
export function parseSubDailyCsv(buf: Uint8Array, file: string, resolution: SubDailyResolution, options: ReadOptions = {}): DailyTable {
  const policy = outOfRangePolicy(options.outOfRange);
  const header = readHeader(buf);
  const time = startColumn(resolution);
  const wanted = options.columns ?? header.names.filter((h) => h !== time.name && h !== END_COLUMN);
  const hasEnd = header.names.includes(END_COLUMN);
  const scanned = [...wanted, ...(hasEnd ? [END_COLUMN] : [])];
  const { rows, times, lines, values } = scanRows(buf, file, header, time, scanned, unbounded(scanned.length));
  const perDay = RECORDS_PER_DAY[resolution];
  if (hasEnd) checkEnds(file, values[wanted.length], times, lines, rows, MINUTES_PER_DAY / perDay);

  const first = Math.floor(times[0] / MINUTES_PER_DAY);
  const n = Math.floor(times[rows - 1] / MINUTES_PER_DAY) - first + 1;
  const dates = new Int32Array(n);
  for (let i = 0; i < n; i++) dates[i] = first + i;
  const dayOf = new Int32Array(rows);
  const firstLine = new Int32Array(n);
  for (let r = rows - 1; r >= 0; r--) {
    dayOf[r] = Math.floor(times[r] / MINUTES_PER_DAY) - first;
    firstLine[dayOf[r]] = lines[r];
  }
  const guard = new RangeGuard(file, wanted, policy);
  const columns: Record<string, Float64Array> = {};
  const sums = new Float64Array(n);
  const counts = new Int32Array(n);
  wanted.forEach((name, k) => {
    const rule = dailyAggregation(name);
    const v = values[k];
    sums.fill(0);
    counts.fill(0);
    for (let r = 0; r < rows; r++) {
      const x = v[r];
      if (x !== x) continue;
      counts[dayOf[r]]++;
      sums[dayOf[r]] += rule === 'good-fraction' ? (x >= 0 && x < 2 ? 1 : 0) : x;
    }
    const factor = rule === 'carbon' ? CO2_FLUX_TO_CARBON : 1;
    const daily = new Float64Array(n);
    for (let d = 0; d < n; d++) {
      const x = counts[d] !== perDay ? NaN : rule === 'sum' ? sums[d] : (sums[d] / perDay) * factor;
      daily[d] = counts[d] === perDay && !(x >= guard.low[k] && x <= guard.high[k]) ? guard.reject(k, String(x), firstLine[d]) : x;
    }
    columns[name] = daily;
  });
  return { dates, columns, header: header.names, rowCount: rows, outOfRange: guard.report() };
}
