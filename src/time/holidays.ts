/**
 * Days off (docs/methods.md §3.3; the standards file's `calendar:`): the Quebec statutory holidays computed from their
 * rules, and the City's resolved list of a year (the statutory list minus `remove`, plus `add`). Dates are day numbers
 * (src/time/days.ts); no zone and no clock are read.
 */
import type { CalendarSpec, DaySpec } from './calendar-spec.ts';
import { checkYear, dateIn, dayNumber, isoOf, parseIsoDate, weekdayOf } from './days.ts';

/** A day off, as observed. */
export interface Holiday {
  /** `YYYY-MM-DD`, the local day off as observed. */
  date: string;
  /** Stable id: `new_year`, `good_friday`, `easter_monday`, `patriotes`, `fete_nationale`, `canada_day`, `labour_day`,
   * `thanksgiving`, `christmas`, or `added` for a City day from the standards file. */
  key: string;
  name: { fr: string; en: string };
  origin: 'statutory' | 'added';
  /** `YYYY-MM-DD` of the date in the rule when the observed day differs (Fête nationale or Canada Day on a Sunday). */
  moved_from?: string;
}

/** Checks a `DaySpec` of `add` or `remove`: RangeError on a day that exists in no year (`02-30`) or not in its own year. */
export function checkDaySpec(d: DaySpec): void {
  if (!Number.isInteger(d.month) || !Number.isInteger(d.day) || dateIn(2000, d.month, d.day) === null
    || (d.year !== undefined && (!Number.isInteger(d.year) || dateIn(d.year, d.month, d.day) === null))) {
    throw new RangeError(`invalid day: ${d.year === undefined ? '' : `${d.year}-`}${d.month}-${d.day}`);
  }
}

/**
 * Easter Sunday of a Gregorian year, `YYYY-MM-DD`, by the anonymous Gregorian computus (Meeus/Jones/Butcher, as in
 * Meeus, *Astronomical Algorithms*, ch. 8): a = Y mod 19, b = ⌊Y/100⌋, c = Y mod 100, d = ⌊b/4⌋, e = b mod 4,
 * f = ⌊(b+8)/25⌋, g = ⌊(b−f+1)/3⌋, h = (19a+b−d−g+15) mod 30, i = ⌊c/4⌋, k = c mod 4, l = (32+2e+2i−h−k) mod 7,
 * m = ⌊(a+11h+22l)/451⌋; month = ⌊(h+l−7m+114)/31⌋, day = (h+l−7m+114) mod 31 + 1. Always between March 22 and
 * April 25.
 *
 * @param year 1583–9999 (the Gregorian calendar)
 * @throws RangeError on another year
 */
export function easterSunday(year: number): string {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const x = h + l - 7 * m + 114;
  return isoOf(dayNumber(year, Math.floor(x / 31), (x % 31) + 1));
}

/** The `nth` (1-based) Monday of a month. */
function nthMonday(year: number, month: number, nth: number): number {
  const first = dayNumber(year, month, 1);
  return first + ((7 - weekdayOf(first)) % 7) + 7 * (nth - 1);
}

function statutory(date: number, key: string, fr: string, en: string, movedFrom?: number): Holiday {
  const h: Holiday = { date: isoOf(date), key, name: { fr, en }, origin: 'statutory' };
  if (movedFrom !== undefined && movedFrom !== date) h.moved_from = isoOf(movedFrom);
  return h;
}

/**
 * The Quebec statutory holidays of a year, sorted by date (docs/methods.md §3.3; Act respecting labour standards, CQLR
 * c N-1.1, s. 60; National Holiday Act, CQLR c F-1.1):
 * - `new_year` January 1; `christmas` December 25 (neither moves);
 * - `good_friday` and `easter_monday`, Easter − 2 and Easter + 1 ({@link easterSunday}): the law lets the employer
 *   choose one, vigie includes both and a City removes one with `remove`;
 * - `patriotes` the Monday before May 25 (May 18–24);
 * - `fete_nationale` June 24, observed June 25 when the 24th is a Sunday (`moved_from` says so);
 * - `canada_day` July 1, observed July 2 when the 1st is a Sunday (`moved_from`);
 * - `labour_day` the first Monday of September; `thanksgiving` the second Monday of October.
 *
 * @param year 1583–9999
 * @throws RangeError on another year
 */
export function quebecHolidays(year: number): Holiday[] {
  const easter = parseIsoDate(easterSunday(year));
  const sundayToMonday = (n: number) => (weekdayOf(n) === 6 ? n + 1 : n);
  const may25 = dayNumber(year, 5, 25);
  const june24 = dayNumber(year, 6, 24);
  const july1 = dayNumber(year, 7, 1);
  return [
    statutory(dayNumber(year, 1, 1), 'new_year', "Jour de l'An", "New Year's Day"),
    statutory(easter - 2, 'good_friday', 'Vendredi saint', 'Good Friday'),
    statutory(easter + 1, 'easter_monday', 'Lundi de Pâques', 'Easter Monday'),
    statutory(may25 - 7 + ((7 - weekdayOf(may25)) % 7), 'patriotes', 'Journée nationale des patriotes', "National Patriots' Day"),
    statutory(sundayToMonday(june24), 'fete_nationale', 'Fête nationale du Québec', 'National Holiday of Québec', june24),
    statutory(sundayToMonday(july1), 'canada_day', 'Fête du Canada', 'Canada Day', july1),
    statutory(nthMonday(year, 9, 1), 'labour_day', 'Fête du Travail', 'Labour Day'),
    statutory(nthMonday(year, 10, 2), 'thanksgiving', 'Action de grâce', 'Thanksgiving'),
    statutory(dayNumber(year, 12, 25), 'christmas', 'Noël', 'Christmas Day'),
  ].sort((p, q) => (p.date < q.date ? -1 : p.date > q.date ? 1 : 0));
}

/** Whether a `DaySpec` names a given `YYYY-MM-DD` (`MM-DD` every year, `YYYY-MM-DD` that day only). */
function daySpecMatches(d: DaySpec, date: string): boolean {
  const [y, m, dd] = date.split('-').map(Number);
  return d.month === m && d.day === dd && (d.year === undefined || d.year === y);
}

/**
 * The City's holidays of a year (the standards file's `calendar:`; docs/methods.md §3.3: the holiday list must be the City's),
 * sorted by date, one per date:
 * 1. the statutory list ({@link quebecHolidays}) when `spec.holidays` is `'quebec'`, none when `'none'`;
 * 2. minus every `remove` entry: an entry matches a holiday whose observed `date` or `moved_from` is that day
 *    (`MM-DD` every year, `YYYY-MM-DD` that year only), so `remove: ["06-24"]` also drops a Fête nationale observed on
 *    the 25th;
 * 3. plus every `add` entry falling in `year` (key `added`, origin `added`); an added day that is already a
 *    holiday keeps the statutory entry. A `02-29` entry is skipped in common years.
 *
 * @throws RangeError on a day that exists in no year (e.g. `02-30`) or on a year outside 1583–9999
 */
export function resolveHolidays(spec: CalendarSpec, year: number): Holiday[] {
  checkYear(year);
  for (const d of [...spec.add, ...spec.remove]) checkDaySpec(d);
  const kept = (spec.holidays === 'quebec' ? quebecHolidays(year) : []).filter((h) =>
    !spec.remove.some((r) => daySpecMatches(r, h.date) || (h.moved_from !== undefined && daySpecMatches(r, h.moved_from))));
  const byDate = new Map(kept.map((h) => [h.date, h]));
  for (const a of spec.add) {
    if (a.year !== undefined && a.year !== year) continue;
    const n = dateIn(year, a.month, a.day);
    if (n === null || byDate.has(isoOf(n))) continue;
    byDate.set(isoOf(n), { date: isoOf(n), key: 'added', name: { fr: 'Congé de la Ville', en: 'City day off' }, origin: 'added' });
  }
  return [...byDate.values()].sort((p, q) => (p.date < q.date ? -1 : p.date > q.date ? 1 : 0));
}
