/**
 * Calendar dates as day numbers (days since 1970-01-01: the day number of a local date is that of the same date in
 * UTC), so that no Date is ever read in the process time zone: building, printing and checking `YYYY-MM-DD` dates, their
 * year and their ISO weekday. No zone here: the instants of a local day are the business calendar's (src/time/business.ts).
 */
import { DAY } from './zone.ts';

/** The day number of a Gregorian date (month 1–12). */
export function dayNumber(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / DAY;
}

/** The `YYYY-MM-DD` of a day number. */
export function isoOf(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

/** The Gregorian year of a day number. */
export function yearOf(n: number): number {
  return new Date(n * DAY).getUTCFullYear();
}

/** ISO weekday index, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(n: number): number {
  return (((n + 3) % 7) + 7) % 7;
}

/** The day number of a `YYYY-MM-DD`; RangeError on a malformed date or one that does not exist (`2019-02-29`). */
export function parseIsoDate(date: string): number {
  const mt = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const n = mt ? dayNumber(Number(mt[1]), Number(mt[2]), Number(mt[3])) : NaN;
  if (!Number.isFinite(n) || isoOf(n) !== date) throw new RangeError(`invalid date: ${date}`);
  return n;
}

/** The day number of month/day in `year`, or null when the date does not exist that year (02-29). */
export function dateIn(year: number, month: number, day: number): number | null {
  const n = dayNumber(year, month, day);
  return isoOf(n).slice(5) === `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` ? n : null;
}

/** Checks a Gregorian year: RangeError unless a whole number in 1583–9999. */
export function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError(`invalid year: ${year}`);
}
