// Calendar dates as plain integers. The policy counts whole calendar days and anniversaries of a
// date, never instants: going through `Date` (local time, DST, the 0-99 year quirk of Date.UTC)
// would let the machine's time zone move a boundary by a day. So dates stay "YYYY-MM-DD" strings
// and day numbers; nothing here reads a clock or a time zone.
import { BenchError } from '../errors';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses a strict YYYY-MM-DD calendar date, or null when the text is not one (2023-02-30, 2023-2-3, ''). */
export function parseCalendarDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/**
 * Parses `value` as a calendar date for the input `field`; INVALID_DATE naming both otherwise.
 * Non-strings (a JSON number, undefined from a form) are refused the same way.
 */
export function requireCalendarDate(field: string, value: unknown): CalendarDate {
  const parsed = typeof value === 'string' ? parseCalendarDate(value) : null;
  if (parsed === null) {
    throw new BenchError(
      'INVALID_DATE',
      `${field} ${JSON.stringify(value) ?? String(value)} is not a valid calendar date (expected YYYY-MM-DD, e.g. 2024-02-29)`,
      { field, value: typeof value === 'string' ? value : String(value) },
    );
  }
  return parsed;
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
export function dayNumber(d: CalendarDate): number {
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (d.month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The n-th anniversary of `d`. An anniversary of 29 February falls on 28 February in a common
 * year (the policy's rule): the period never runs into March.
 */
export function anniversary(d: CalendarDate, years: number): CalendarDate {
  const year = d.year + years;
  return { year, month: d.month, day: Math.min(d.day, daysInMonth(year, d.month)) };
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(a) - dayNumber(b);
}

/** The calendar date of an instant, read in UTC so the host's time zone cannot shift it. */
export function calendarDateOfInstant(at: Date): CalendarDate {
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}
