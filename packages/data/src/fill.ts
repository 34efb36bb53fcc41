/**
 * Gap filling by the site's mean annual cycle: a missing day takes the mean of the valid values on
 * the same calendar day (month and day, see calendarSlot) over all years of the series. A calendar
 * day with no valid value in any year (e.g. 29 February when every one is missing) takes the linear
 * interpolation, around the annual circle, between the nearest calendar days that have one.
 */
import { calendarSlots } from './dates.js';
import type { OutOfRangeReport } from './ranges.js';

/** What was missing in one variable and filled. */
export interface FillReport {
  /** Days missing (NaN) before filling, out-of-range values included. */
  readonly missing: number;
  /** missing / length of the series. */
  readonly filledFraction: number;
  /** Longest run of consecutive missing days. */
  readonly longestGap: number;
  /** Present if the file held values outside the variable's plausible range (read as missing; counted over the whole file). */
  readonly outOfRange?: OutOfRangeReport;
}

const SLOTS = 366;

/**
 * Mean value of each calendar slot (0-365) over the valid values of `values` on the consecutive days
 * `dates`; empty slots are interpolated circularly. Returns null if no value is valid.
 */
export function meanAnnualCycle(dates: Int32Array, values: Float64Array): Float64Array | null {
  return cycleOfSlots(calendarSlots(dates), values);
}

function cycleOfSlots(slots: Uint16Array, values: Float64Array): Float64Array | null {
  const sum = new Float64Array(SLOTS);
  const count = new Int32Array(SLOTS);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      sum[slots[i]] += v;
      count[slots[i]]++;
      total++;
    }
  }
  if (total === 0) return null;
  const cycle = new Float64Array(SLOTS);
  const filled: number[] = [];
  for (let s = 0; s < SLOTS; s++) {
    if (count[s] > 0) {
      cycle[s] = sum[s] / count[s];
      filled.push(s);
    }
  }
  for (let k = 0; k < filled.length; k++) {
    const a = filled[k];
    const b = filled[(k + 1) % filled.length];
    const gap = (b - a + SLOTS) % SLOTS || SLOTS;
    for (let j = 1; j < gap; j++) cycle[(a + j) % SLOTS] = cycle[a] + ((cycle[b] - cycle[a]) * j) / gap;
  }
  return cycle;
}

/**
 * Fills the NaNs of `values` (aligned with consecutive `dates`) from the series' mean annual cycle;
 * returns the filled copy and the report, or null if the series has no valid value at all.
 */
export function fillByCalendarDay(dates: Int32Array, values: Float64Array): { filled: Float64Array; report: FillReport } | null {
  const slots = calendarSlots(dates);
  const cycle = cycleOfSlots(slots, values);
  if (!cycle) return null;
  const filled = new Float64Array(values);
  let missing = 0;
  let run = 0;
  let longestGap = 0;
  for (let i = 0; i < filled.length; i++) {
    if (filled[i] === filled[i]) {
      run = 0;
      continue;
    }
    filled[i] = cycle[slots[i]];
    missing++;
    run++;
    if (run > longestGap) longestGap = run;
  }
  return { filled, report: { missing, filledFraction: missing / values.length, longestGap } };
}
