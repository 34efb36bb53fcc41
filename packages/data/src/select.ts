/**
 * Continuity selection: the longest run of consecutive calendar years that are usable for every
 * variable. A year is usable when, for each variable, the fraction of its days (365 or 366) with a
 * valid value is at least `minValidFraction`; days outside the file count as missing.
 */
import { civilDate, dayNumber, daysInYear } from './dates.js';

/** Options of {@link selectYears}. */
export interface SelectionOptions {
  /** Fraction of a year's days each variable must have valid (default 0.8). */
  readonly minValidFraction?: number;
}

/** Usability of one calendar year. */
export interface YearUsability {
  readonly year: number;
  /** Valid fraction of the year's days, per variable, in the order given. */
  readonly validFraction: readonly number[];
  readonly usable: boolean;
}

/** The selected run of years. */
export interface YearSelection {
  /** First and last selected year, or null if no year is usable. */
  readonly firstYear: number | null;
  readonly lastYear: number | null;
  /** Number of selected years (0 if none). */
  readonly years: number;
  /** Every year touched by the data. */
  readonly perYear: readonly YearUsability[];
}

/** Default minimum fraction of valid days for a usable year. */
export const DEFAULT_MIN_VALID_FRACTION = 0.8;

/**
 * Finds the longest run of usable calendar years for `variables` (all aligned with the consecutive
 * `dates`, days since 1970-01-01; NaN = missing). Ties go to the earliest run.
 */
export function selectYears(dates: Int32Array, variables: readonly Float64Array[], options: SelectionOptions = {}): YearSelection {
  const minValid = options.minValidFraction ?? DEFAULT_MIN_VALID_FRACTION;
  const y0 = civilDate(dates[0]).year;
  const y1 = civilDate(dates[dates.length - 1]).year;
  const perYear: YearUsability[] = [];
  let best = { start: 0, length: 0 };
  let runStart = 0;
  let runLength = 0;
  for (let year = y0; year <= y1; year++) {
    const from = Math.max(0, dayNumber(year, 1, 1) - dates[0]);
    const to = Math.min(dates.length, dayNumber(year + 1, 1, 1) - dates[0]);
    const validFraction = variables.map((v) => {
      let valid = 0;
      for (let i = from; i < to; i++) if (v[i] === v[i]) valid++;
      return valid / daysInYear(year);
    });
    const usable = validFraction.every((f) => f >= minValid);
    perYear.push({ year, validFraction, usable });
    if (usable) {
      if (runLength === 0) runStart = year;
      runLength++;
      if (runLength > best.length) best = { start: runStart, length: runLength };
    } else runLength = 0;
  }
  return best.length === 0
    ? { firstYear: null, lastYear: null, years: 0, perYear }
    : { firstYear: best.start, lastYear: best.start + best.length - 1, years: best.length, perYear };
}
