import { calendarSlot, calendarSlots, dayNumber, fillByCalendarDay, meanAnnualCycle, selectYears, ecosystemGroup, ECOSYSTEM_GROUPS, dayOfYear, formatDay } from '../src/index.js';

function days(fromYear: number, toYear: number): Int32Array {
  const a = dayNumber(fromYear, 1, 1);
  const n = dayNumber(toYear + 1, 1, 1) - a;
  return Int32Array.from({ length: n }, (_, i) => a + i);
}

describe('calendar', () => {
  it('slots keep 1 March at 60 in leap and common years', () => {
    expect(calendarSlot(dayNumber(2001, 3, 1))).toBe(60);
    expect(calendarSlot(dayNumber(2004, 3, 1))).toBe(60);
    expect(calendarSlot(dayNumber(2004, 2, 29))).toBe(59);
    expect(calendarSlot(dayNumber(2003, 12, 31))).toBe(365);
    expect(dayOfYear(dayNumber(2004, 12, 31))).toBe(366);
    expect(formatDay(0)).toBe('1970-01-01');
    expect(dayNumber(2000, 1, 1)).toBe(10957);
  });
});

describe('fillByCalendarDay', () => {
  it('fills a missing day with the mean of the same calendar day in other years', () => {
    const dates = days(2001, 2003);
    const v = Float64Array.from(dates, (d) => calendarSlot(d) + 1000 * (new Date(d * 864e5).getUTCFullYear() - 2000));
    const i = dayNumber(2002, 7, 4) - dates[0];
    v[i] = NaN;
    const r = fillByCalendarDay(dates, v)!;
    expect(r.filled[i]).toBe(calendarSlot(dates[i]) + 2000); // mean of 1000 + slot and 3000 + slot
    expect(r.report).toEqual({ missing: 1, filledFraction: 1 / dates.length, longestGap: 1 });
  });

  it('interpolates 29 February from 28 February and 1 March when no leap year has it', () => {
    const dates = days(2003, 2004);
    const v = Float64Array.from(dates, (d) => calendarSlot(d));
    v[dayNumber(2004, 2, 29) - dates[0]] = NaN;
    const cycle = meanAnnualCycle(dates, v)!;
    expect(cycle[59]).toBe(59); // (58 + 60) / 2
    expect(fillByCalendarDay(dates, v)!.filled[dayNumber(2004, 2, 29) - dates[0]]).toBe(59);
  });

  it('interpolates around the year end and reports the longest gap', () => {
    const dates = days(2001, 2001);
    const v = new Float64Array(dates.length).fill(NaN);
    v[363] = 10; // 30 December, slot 364
    v[1] = 20; // 2 January, slot 1
    const r = fillByCalendarDay(dates, v)!;
    // slots 365 (31 Dec) and 0 (1 Jan) lie between slots 364 and 1, three steps apart around the circle
    expect(r.filled[364]).toBeCloseTo(10 + 10 / 3, 12);
    expect(r.filled[0]).toBeCloseTo(10 + 20 / 3, 12);
    expect(r.filled[180]).toBeCloseTo(20 + (-10 * (calendarSlot(dates[180]) - 1)) / 363, 12);
    expect(r.report.longestGap).toBe(361);
    expect(fillByCalendarDay(dates, new Float64Array(dates.length).fill(NaN))).toBeNull();
  });
});

describe('selectYears', () => {
  it('picks the longest run of usable years, ties to the earliest', () => {
    const dates = days(2000, 2009);
    const v = new Float64Array(dates.length).fill(1);
    const blank = (year: number, fraction: number): void => {
      const from = dayNumber(year, 1, 1) - dates[0];
      const n = Math.round(fraction * (dayNumber(year + 1, 1, 1) - dayNumber(year, 1, 1)));
      v.fill(NaN, from, from + n);
    };
    blank(2003, 0.25);
    blank(2006, 0.19);
    let s = selectYears(dates, [v]);
    expect([s.firstYear, s.lastYear, s.years]).toEqual([2004, 2009, 6]);
    blank(2007, 0.5);
    s = selectYears(dates, [v, new Float64Array(dates.length)]);
    expect([s.firstYear, s.lastYear]).toEqual([2000, 2002]);
    expect(s.perYear.map((y) => y.usable)).toEqual([true, true, true, false, true, true, true, false, true, true]);
    expect(selectYears(dates, [v], { minValidFraction: 0.4 }).years).toBe(10);
  });
});

describe('ecosystemGroup', () => {
  it('maps IGBP codes to the paper groups and rejects others', () => {
    expect(['GRA', 'CRO', 'WET', 'SAV', 'WSA', 'OSH', 'CSH', 'MF', 'DBF', 'ENF', 'EBF'].map(ecosystemGroup)).toEqual([
      'GRA', 'CRO', 'WET', 'SAV+WSA', 'SAV+WSA', 'OSH+CSH', 'OSH+CSH', 'MF', 'DBF', 'ENF+EBF', 'ENF+EBF',
    ]);
    expect(new Set(['GRA', 'CRO', 'WET', 'SAV', 'OSH', 'MF', 'DBF', 'ENF'].map(ecosystemGroup))).toEqual(new Set(ECOSYSTEM_GROUPS));
    expect(ecosystemGroup('enf')).toBe('ENF+EBF');
    expect(ecosystemGroup('DNF')).toBeNull();
    expect(ecosystemGroup('SNO')).toBeNull();
  });
});

it('calendarSlots matches calendarSlot over leap years and date breaks', () => {
  const dates = Int32Array.from([...days(1999, 2005), dayNumber(2010, 2, 27), dayNumber(2012, 2, 29)]);
  expect(Array.from(calendarSlots(dates))).toEqual(Array.from(dates, calendarSlot));
});
