/**
 * Calendar helpers. Days are integers counted from 1970-01-01 (UTC), the unit of every `dates` array in
 * this package; the proleptic Gregorian calendar is used throughout.
 */

const MS_PER_DAY = 86_400_000;
/** First day (0-based, non-leap calendar) of each month; Feb 29 is handled by {@link calendarSlot}. */
const MONTH_START = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** True if `year` is a leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `year` (365 or 366). */
export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** Days since 1970-01-01 of the date year-month-day (month 1-12). */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Number of days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Calendar date { year, month (1-12), day } of a day number. */
export function civilDate(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO date string YYYY-MM-DD of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of year, 1-based (1 = 1 January, 366 = 31 December of a leap year). */
export function dayOfYear(day: number): number {
  const { year } = civilDate(day);
  return day - dayNumber(year, 1, 1) + 1;
}

/**
 * Month-day slot 0-365 of a day on a fixed 366-day calendar: 1 Jan = 0, 28 Feb = 58, 29 Feb = 59,
 * 1 Mar = 60 ... 31 Dec = 365, in leap and common years alike, so that a date keeps its slot across years.
 */
export function calendarSlot(day: number): number {
  const { month, day: dom } = civilDate(day);
  return MONTH_START[month - 1] + (month > 2 ? 1 : 0) + dom - 1;
}

/** {@link calendarSlot} of every day of `dates`, computed incrementally over runs of consecutive days. */
export function calendarSlots(dates: Int32Array): Uint16Array {
  const out = new Uint16Array(dates.length);
  let { year, month, day } = civilDate(dates[0] ?? 0);
  for (let i = 0; i < dates.length; i++) {
    if (i > 0) {
      if (dates[i] === dates[i - 1] + 1) {
        if (++day > daysInMonth(year, month)) {
          day = 1;
          if (++month > 12) {
            month = 1;
            year++;
          }
        }
      } else ({ year, month, day } = civilDate(dates[i]));
    }
    out[i] = MONTH_START[month - 1] + (month > 2 ? 1 : 0) + day - 1;
  }
  return out;
}
