/**
 * Business time (docs/methods.md §3.3 and §2.6; the standards file's `calendar:` and `due:`): the Quebec statutory holidays, the
 * City's resolved holiday list, business seconds between two instants and the deadline of a ticket, in two
 * implementations that must agree to the millisecond:
 *
 * - {@link BusinessCalendar}, in TypeScript, O(days) per call: the reference, for single values and tests;
 * - a SQL path for DuckDB, for millions of tickets: two small TEMP tables built once per run
 *   ({@link createBusinessTables}) and joined by the query (no per-row JS), through the builders below.
 *
 * Clock rules (docs/methods.md §3.3): time counts only inside the opening spans of business days; weekends, closed days and
 * holidays are skipped; a start outside hours counts from the next opening; intervals are half-open [start, end).
 * Local wall-clock times are read in the calendar's IANA zone with the rules of `localToUtc` (src/time/zone.ts): a time
 * in a daylight-saving gap moves one hour later, a repeated time is its earlier instant. The process time zone is never
 * read. A "local day" is [day_start, next day_start), day_start being the instant of local midnight.
 *
 * The SQL pattern, over tables made by `createBusinessTables(conn, spec, zone, 2018, 2020)` (prefix `vigie_b`; the
 * session runs with `TimeZone = 'UTC'`; cover the data's years plus one, since deadlines run past a year's end):
 *
 * - local day of an instant: `ASOF LEFT JOIN vigie_bdays c ON t.created_at >= c.day_start` (no per-row ICU
 *   `timezone(…)` call); `c.day` is the local date, `c.ord_le` the number of business days up to it;
 * - due of "N business days": `LEFT JOIN vigie_bdays d ON d.business AND d.ord_le = c.ord_le + N`, due `d.close_at`.
 *   `ord_le` of the creation day counts that day when it is a business day, so `ord_le + 1` is the first business day
 *   strictly after it either way;
 * - the business clock B(t), business milliseconds from the table's start to t:
 *   `ASOF LEFT JOIN vigie_bspans s ON t >= s.span_start`, then
 *   B(t) = s.cum_before·1000 + min(t − s.span_start, s.span_end − s.span_start) (ms); business seconds in
 *   [start, end) = (B(end) − B(start)) / 1000;
 * - due of "N business hours": target = B(created) + N·3 600 000 (BIGINT ms), then
 *   `ASOF LEFT JOIN vigie_bspans h ON target <= h.cum_after * 1000` (the first span whose end reaches the target) and
 *   due = h.span_start + (target − h.cum_before·1000) ms;
 * - "N days" and calendar-clock "N hours": created + elapsed time, no table ({@link dueElapsedSql}).
 *
 * ```ts
 * await createBusinessTables(conn, calendar, 'America/Toronto', 2018, 2020);
 * const sql = `
 *   WITH b AS (
 *     SELECT t.id, c.day AS created_day, c.ord_le,
 *       ${businessTargetMsSql(businessClockMsSql('t.created_at', 'b0'), '48')} AS target_ms,
 *       ${businessSecondsSql('t.created_at', 'b0', 't.closed_at', 'b1')} AS business_s
 *     FROM tickets t
 *     ${localDayJoinSql('t.created_at', 'c')}
 *     ${businessClockJoinSql('t.created_at', 'b0')}
 *     ${businessClockJoinSql('t.closed_at', 'b1')})
 *   SELECT b.id, b.created_day, b.business_s, d.close_at AS due_5_business_days,
 *     ${dueBusinessHoursSql('b.target_ms', 'h')} AS due_48_business_hours
 *   FROM b
 *   ${dueBusinessDaysJoinSql('b', '5', 'd')}
 *   ${dueBusinessHoursJoinSql('b.target_ms', 'h')}`;
 * ```
 * (`dueBusinessDaysJoinSql('b', …)` reads `b.ord_le`, the creation day's ordinal.) Outside the tables the clock and
 * the deadlines are NULL, never a wrong number: an instant before the first local day or at/after the end of the last
 * has no clock, and a due day or hour beyond the last day has no deadline. Only the local day itself is not guarded:
 * an instant after the last day gets the last day. A negative business time (end < start) is left to the caller to
 * report, as the TS path throws.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CalendarSpec, DaySpec, DueSpec, OpeningSpan } from './calendar-spec.ts';
import { DAY, HOUR, isValidZone, localSegments, offsetAt, type LocalSegment } from './zone.ts';

const MINUTE = 60_000;

/** Ten years without an opening: a calendar that never opens gives an error, not an endless walk. */
const MAX_CLOSED_DAYS = 3_660;

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

// ---------------------------------------------------------------------------------------------------------------
// Dates as day numbers (days since 1970-01-01), so that no Date is ever read in the process time zone.

function dayNumber(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / DAY;
}

function isoOf(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

function yearOf(n: number): number {
  return new Date(n * DAY).getUTCFullYear();
}

/** ISO weekday index, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
function weekdayOf(n: number): number {
  return (((n + 3) % 7) + 7) % 7;
}

function parseIsoDate(date: string): number {
  const mt = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const n = mt ? dayNumber(Number(mt[1]), Number(mt[2]), Number(mt[3])) : NaN;
  if (!Number.isFinite(n) || isoOf(n) !== date) throw new RangeError(`invalid date: ${date}`);
  return n;
}

/** The day number of month/day in `year`, or null when the date does not exist that year (02-29). */
function dateIn(year: number, month: number, day: number): number | null {
  const n = dayNumber(year, month, day);
  return isoOf(n).slice(5) === `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` ? n : null;
}

function checkDaySpec(d: DaySpec): void {
  if (!Number.isInteger(d.month) || !Number.isInteger(d.day) || dateIn(2000, d.month, d.day) === null
    || (d.year !== undefined && (!Number.isInteger(d.year) || dateIn(d.year, d.month, d.day) === null))) {
    throw new RangeError(`invalid day: ${d.year === undefined ? '' : `${d.year}-`}${d.month}-${d.day}`);
  }
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError(`invalid year: ${year}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Holidays

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

// ---------------------------------------------------------------------------------------------------------------
// The calendar

/** An interval of UTC epoch milliseconds, [start, end). */
export interface UtcSpan {
  start: number;
  end: number;
}

/** One local day, resolved. */
interface DayInfo {
  business: boolean;
  /** UTC ms of local midnight, and of the next local midnight (exclusive end of the day). */
  dayStart: number;
  dayEnd: number;
  /** Sorted, disjoint, non-empty. */
  spans: UtcSpan[];
}

/**
 * A business calendar in a zone (docs/methods.md §3.3): which local days are business days, their opening spans
 * as UTC instants, business seconds between instants and deadlines. Holidays and days are computed per year on first
 * use and cached. Pure: never reads the clock or the process time zone.
 */
export class BusinessCalendar {
  readonly spec: CalendarSpec;
  readonly zone: string;
  private readonly holidaySets = new Map<number, Set<string>>();
  private readonly segmentsByYear = new Map<number, LocalSegment[]>();
  private readonly years = new Map<number, DayInfo[]>();

  /**
   * @param spec the parsed `calendar:` section (src/time/calendar-spec.ts)
   * @param zone IANA zone of the opening hours, e.g. `America/Toronto`
   * @throws RangeError on an unknown zone or a `business_hours` that is not 7 lists of sorted, disjoint spans with
   *   0 ≤ open < close ≤ 1440
   */
  constructor(spec: CalendarSpec, zone: string) {
    if (!isValidZone(zone)) throw new RangeError(`unknown time zone: ${zone}`);
    if (spec.business_hours.length !== 7) throw new RangeError(`business_hours must have 7 days, got ${spec.business_hours.length}`);
    for (const day of spec.business_hours) {
      let prev = 0;
      for (const s of day) {
        if (!Number.isInteger(s.open) || !Number.isInteger(s.close) || s.open < prev || s.close <= s.open || s.close > 1440) {
          throw new RangeError(`invalid opening span: ${s.open}–${s.close} minutes`);
        }
        prev = s.close;
      }
    }
    for (const d of [...spec.add, ...spec.remove]) checkDaySpec(d);
    this.spec = spec;
    this.zone = zone;
  }

  /** The resolved holidays of a year as a set of `YYYY-MM-DD` ({@link resolveHolidays}), cached. */
  holidayDates(year: number): Set<string> {
    let s = this.holidaySets.get(year);
    if (!s) {
      s = new Set(resolveHolidays(this.spec, year).map((h) => h.date));
      this.holidaySets.set(year, s);
    }
    return s;
  }

  /**
   * Whether a local date is a business day: its ISO weekday has opening spans in `business_hours` and it is not a
   * resolved holiday.
   *
   * @param date `YYYY-MM-DD`, local
   * @throws RangeError on a malformed date
   */
  isBusinessDay(date: string): boolean {
    return this.info(parseIsoDate(date)).business;
  }

  /**
   * The opening spans of a local date as UTC epoch ms, [start, end), sorted; empty on a closed day or a holiday. Each
   * local `open`/`close` minute is converted in the zone, so the same 08:30 is 12:30Z under EDT and 13:30Z under EST.
   * Local times inside a daylight-saving gap move an hour later (zone.ts `localToUtc`); a span that this leaves empty
   * or overlapping the previous one is trimmed to what remains.
   *
   * @param date `YYYY-MM-DD`, local
   * @throws RangeError on a malformed date
   */
  spans(date: string): UtcSpan[] {
    return this.info(parseIsoDate(date)).spans.map((s) => ({ ...s }));
  }

  /**
   * The UTC instant (epoch ms) of local midnight starting a date: the local day is [dayStart(date),
   * dayStart(next date)). A midnight inside a daylight-saving gap moves an hour later (zone.ts `localToUtc`).
   *
   * @param date `YYYY-MM-DD`, local
   * @throws RangeError on a malformed date
   */
  dayStart(date: string): number {
    return this.info(parseIsoDate(date)).dayStart;
  }

  /**
   * The local date (`YYYY-MM-DD`) of an instant: the day whose [local midnight, next local midnight) contains it.
   *
   * @param utcMs UTC epoch ms
   */
  localDay(utcMs: number): string {
    return isoOf(this.dayOf(utcMs));
  }

  /**
   * Business seconds in [startMs, endMs): the total overlap of the interval with the opening spans of business days
   * (docs/methods.md §3.3: time before an opening counts from the opening, weekends and holidays are skipped). With hours
   * 09:00–17:00: 10:00–14:00 → 14 400 s; 08:00–18:00 → 28 800 s; Friday 16:00 → Monday 10:00 → 7 200 s; within a
   * holiday → 0. Fractions of a second are kept (ms / 1000). O(days in the interval).
   *
   * @param startMs UTC epoch ms, inclusive
   * @param endMs UTC epoch ms, exclusive
   * @returns seconds, ≥ 0
   * @throws RangeError when endMs < startMs (a validation finding for the caller, never 0) or either is not finite
   */
  businessSeconds(startMs: number, endMs: number): number {
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) throw new RangeError(`invalid instants: ${startMs}, ${endMs}`);
    if (endMs < startMs) throw new RangeError(`end before start: ${endMs} < ${startMs}`);
    let ms = 0;
    const last = this.dayOf(endMs);
    for (let n = this.dayOf(startMs) - 1; n <= last; n++) {
      for (const s of this.info(n).spans) ms += Math.max(0, Math.min(s.end, endMs) - Math.max(s.start, startMs));
    }
    return ms / 1000;
  }

  /**
   * The deadline of a ticket created at `createdMs` (docs/methods.md §2.6), UTC epoch ms:
   * - `business_days`: the close of business (end of the last span) of the Nth business day strictly after the local
   *   day of creation, whatever the time of creation: created Friday 10:00 (or 20:00) with N = 1 → Monday's close; a
   *   holiday Monday → Tuesday's close; created on a Saturday or a holiday → the close of the first business day after;
   * - `days`: createdMs + N × 24 h of elapsed time (DST days included as they are: 23 h or 25 h of wall clock);
   * - `hours` with `clock: 'business'`: the first instant at which N business hours have elapsed since `createdMs`
   *   (counting from the next opening when created outside hours; exactly at a span's close when it is reached there);
   *   with `clock: 'calendar'`: createdMs + N h.
   *
   * `business_days` and `days` do not depend on `clock`. On time means closed ≤ deadline (docs/methods.md §2.2).
   *
   * @param due N ≥ 1 whole for `business_days`; N > 0 for `days` and `hours`
   * @throws RangeError on such an N, a calendar with no opening in ten years, or a due day whose spans all fall in a
   *   daylight-saving gap (the SQL path gives NULL there); Error on an unknown unit or clock
   */
  deadline(createdMs: number, due: DueSpec, clock: 'business' | 'calendar'): number {
    if (!Number.isFinite(createdMs)) throw new RangeError(`invalid instant: ${createdMs}`);
    if (!Number.isFinite(due.n) || due.n <= 0) throw new RangeError(`invalid due: ${due.n} ${due.unit}`);
    if (clock !== 'business' && clock !== 'calendar') throw new Error(`invalid clock: ${String(clock)}`);
    switch (due.unit) {
      case 'days':
        return createdMs + Math.round(due.n * DAY);
      case 'hours':
        return clock === 'calendar' ? createdMs + Math.round(due.n * HOUR) : this.afterBusinessMs(createdMs, Math.round(due.n * HOUR));
      case 'business_days': {
        if (!Number.isInteger(due.n)) throw new RangeError(`invalid due: ${due.n} business_days`);
        let left = due.n;
        let closed = 0;
        for (let n = this.dayOf(createdMs) + 1; ; n++) {
          const info = this.info(n);
          if (info.business && --left === 0) {
            const lastSpan = info.spans[info.spans.length - 1];
            if (!lastSpan) throw new RangeError(`no opening hours left on ${isoOf(n)} in ${this.zone}`);
            return lastSpan.end;
          }
          closed = info.business ? 0 : closed + 1;
          if (closed > MAX_CLOSED_DAYS) throw new RangeError('no business day in ten years');
        }
      }
      default:
        throw new Error(`invalid due unit: ${String((due as DueSpec).unit)}`);
    }
  }

  /** The first instant t ≥ fromMs with `ms` business milliseconds in [fromMs, t). */
  private afterBusinessMs(fromMs: number, ms: number): number {
    let left = ms;
    let closed = 0;
    for (let n = this.dayOf(fromMs); ; n++) {
      const info = this.info(n);
      for (const s of info.spans) {
        const start = Math.max(s.start, fromMs);
        if (s.end <= start) continue;
        if (left <= s.end - start) return start + left;
        left -= s.end - start;
      }
      closed = info.spans.length ? 0 : closed + 1;
      if (closed > MAX_CLOSED_DAYS) throw new RangeError('no business hour in ten years');
    }
  }

  /** UTC ms of a local wall-clock time (ms as if UTC), with zone.ts `localToUtc` rules, from cached segments. */
  private utcOf(localMs: number): number {
    const year = new Date(localMs).getUTCFullYear();
    let segs = this.segmentsByYear.get(year);
    if (!segs) {
      segs = localSegments(this.zone, year, year);
      this.segmentsByYear.set(year, segs);
    }
    for (const s of segs) if (localMs >= s.localFrom && localMs < s.localTo) return localMs - s.offset;
    throw new Error(`no offset for local time ${new Date(localMs).toISOString()} in ${this.zone}`);
  }

  /** The local day number of an instant, consistent with the day starts (hence with the SQL ASOF join). */
  private dayOf(utcMs: number): number {
    let n = Math.floor((utcMs + offsetAt(this.zone, utcMs)) / DAY);
    while (utcMs < this.info(n).dayStart) n--;
    while (utcMs >= this.info(n).dayEnd) n++;
    return n;
  }

  private info(n: number): DayInfo {
    const year = yearOf(n);
    let days = this.years.get(year);
    if (!days) {
      days = this.buildYear(year);
      this.years.set(year, days);
    }
    return days[n - dayNumber(year, 1, 1)]!;
  }

  private buildYear(year: number): DayInfo[] {
    checkYear(year);
    const holidays = this.holidayDates(year);
    const first = dayNumber(year, 1, 1);
    const days: DayInfo[] = [];
    for (let n = first; n < dayNumber(year + 1, 1, 1); n++) {
      const local = n * DAY;
      const hours: OpeningSpan[] = this.spec.business_hours[weekdayOf(n)] ?? [];
      const business = hours.length > 0 && !holidays.has(isoOf(n));
      const spans: UtcSpan[] = [];
      if (business) {
        for (const h of hours) {
          const start = Math.max(this.utcOf(local + h.open * MINUTE), spans[spans.length - 1]?.end ?? -Infinity);
          const end = this.utcOf(local + h.close * MINUTE);
          if (end > start) spans.push({ start, end });
        }
      }
      days.push({ business, dayStart: this.utcOf(local), dayEnd: this.utcOf(local + DAY), spans });
    }
    return days;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The SQL path

/** A row of the days table: one local day. */
export interface BusinessDayRow {
  /** `YYYY-MM-DD`, local. */
  day: string;
  business: boolean;
  /** Number of business days ≤ this day (this day included when it is one) since the table's first day. */
  ord_le: number;
  /** UTC ms of the end of the day's last span (close of business), null on a closed day. */
  close_utc_ms: number | null;
  /** UTC ms of local midnight starting the day (the ASOF key for "the local day of an instant"). */
  day_start_utc_ms: number;
}

/** A row of the spans table: one opening span, [start, end), or a zero-length sentinel at either end of the table. */
export interface BusinessSpanRow {
  start_utc_ms: number;
  end_utc_ms: number;
  /** Business seconds in all spans before this one since the table's start; null on the end sentinel. */
  cum_before: number | null;
  /** cum_before + the span's length in seconds; null on the end sentinel. */
  cum_after: number | null;
}

/**
 * The rows of the SQL tables for the local years [fromYear, toYear] (see the module comment for their use):
 * - `days`: every local day, in order, with `business`, `ord_le` (running count of business days, this day included),
 *   `close_utc_ms` and `day_start_utc_ms`;
 * - `spans`: every opening span in order, with `cum_before` / `cum_after` in business seconds since the table's
 *   start (whole seconds: spans are whole minutes); preceded by a zero-length span at the table's start with
 *   cum 0 (so that B(t) = 0 between the start and the first opening) unless a span opens there, and followed by a
 *   zero-length span at the table's end with null cums (so that B(t) is null from the end on).
 * Same calendar as {@link BusinessCalendar}, so the SQL path gives the TS results.
 *
 * @throws RangeError on toYear < fromYear, years outside 1583–9999, or those of {@link BusinessCalendar}
 */
export function businessTables(spec: CalendarSpec, zone: string, fromYear: number, toYear: number):
  { days: BusinessDayRow[]; spans: BusinessSpanRow[] } {
  checkYear(fromYear);
  checkYear(toYear);
  if (toYear < fromYear) throw new RangeError(`invalid years: ${fromYear}–${toYear}`);
  const cal = new BusinessCalendar(spec, zone);
  const days: BusinessDayRow[] = [];
  const spans: BusinessSpanRow[] = [];
  let ord = 0;
  let cumMs = 0;
  const end = dayNumber(toYear + 1, 1, 1);
  for (let n = dayNumber(fromYear, 1, 1); n < end; n++) {
    const day = isoOf(n);
    const business = cal.isBusinessDay(day);
    const daySpans = cal.spans(day);
    const dayStart = cal.dayStart(day);
    if (business) ord++;
    days.push({ day, business, ord_le: ord, close_utc_ms: daySpans[daySpans.length - 1]?.end ?? null, day_start_utc_ms: dayStart });
    for (const s of daySpans) {
      if (spans.length === 0 && s.start > days[0]!.day_start_utc_ms) {
        spans.push({ start_utc_ms: days[0]!.day_start_utc_ms, end_utc_ms: days[0]!.day_start_utc_ms, cum_before: 0, cum_after: 0 });
      }
      spans.push({ start_utc_ms: s.start, end_utc_ms: s.end, cum_before: cumMs / 1000, cum_after: (cumMs + s.end - s.start) / 1000 });
      cumMs += s.end - s.start;
    }
  }
  const tableEnd = cal.dayStart(isoOf(end));
  if (spans.length === 0) spans.push({ start_utc_ms: days[0]!.day_start_utc_ms, end_utc_ms: days[0]!.day_start_utc_ms, cum_before: 0, cum_after: 0 });
  spans.push({ start_utc_ms: tableEnd, end_utc_ms: tableEnd, cum_before: null, cum_after: null });
  return { days, spans };
}

const DEFAULT_PREFIX = 'vigie_b';

function checkName(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`invalid ${what}: ${name}`);
  return name;
}


/**
 * Creates (or replaces) the TEMP tables of the SQL path from {@link businessTables}, through DuckDB's appender:
 * - `${prefix}days(day DATE, business BOOLEAN, ord_le INTEGER, close_at TIMESTAMPTZ, day_start TIMESTAMPTZ)`;
 * - `${prefix}spans(span_start TIMESTAMPTZ, span_end TIMESTAMPTZ, cum_before BIGINT, cum_after BIGINT)`, cums in
 *   business seconds.
 * A few thousand rows per table for a few years. Independent of the session time zone (values are built from epoch
 * microseconds), though queries over them should run with `TimeZone = 'UTC'` like every vigie session.
 *
 * @param fromYear first local year covered; toYear last one (inclusive): cover the data plus the longest deadline
 * @param prefix table-name prefix, letters, digits and `_` (default `vigie_b`: `vigie_bdays`, `vigie_bspans`)
 * @returns the rows inserted
 */
export async function createBusinessTables(conn: DuckDBConnection, spec: CalendarSpec, zone: string, fromYear: number,
  toYear: number, prefix = DEFAULT_PREFIX): Promise<{ days: BusinessDayRow[]; spans: BusinessSpanRow[] }> {
  checkName(prefix, 'table prefix');
  const tables = businessTables(spec, zone, fromYear, toYear);
  // Appended as numbers (days since 1970, epoch microseconds), then typed in one statement: much cheaper than parsing
  // VALUES lists, so that a run can cover all the years its tickets span.
  const us = (ms: number | null) => (ms === null ? null : BigInt(ms) * 1000n);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${prefix}days_n (day_n INTEGER, business BOOLEAN, ord_le INTEGER, close_us BIGINT, start_us BIGINT)`);
  const ad = await conn.createAppender(`${prefix}days_n`, 'main', 'temp');
  for (const d of tables.days) {
    ad.appendInteger(Math.round(Date.parse(`${d.day}T00:00:00Z`) / 86_400_000));
    ad.appendBoolean(d.business);
    ad.appendInteger(d.ord_le);
    const close = us(d.close_utc_ms);
    if (close === null) ad.appendNull();
    else ad.appendBigInt(close);
    ad.appendBigInt(us(d.day_start_utc_ms)!);
    ad.endRow();
  }
  ad.closeSync();
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${prefix}days AS SELECT (DATE '1970-01-01' + day_n) AS day, business, ord_le,
    make_timestamptz(close_us) AS close_at, make_timestamptz(start_us) AS day_start FROM ${prefix}days_n ORDER BY day_n;
    DROP TABLE ${prefix}days_n`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${prefix}spans_n (start_us BIGINT, end_us BIGINT, cum_before BIGINT, cum_after BIGINT)`);
  const as = await conn.createAppender(`${prefix}spans_n`, 'main', 'temp');
  for (const sp of tables.spans) {
    as.appendBigInt(us(sp.start_utc_ms)!);
    as.appendBigInt(us(sp.end_utc_ms)!);
    for (const v of [sp.cum_before, sp.cum_after]) {
      if (v === null) as.appendNull();
      else as.appendBigInt(BigInt(v));
    }
    as.endRow();
  }
  as.closeSync();
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${prefix}spans AS SELECT make_timestamptz(start_us) AS span_start,
    make_timestamptz(end_us) AS span_end, cum_before, cum_after FROM ${prefix}spans_n ORDER BY start_us, end_us;
    DROP TABLE ${prefix}spans_n`);
  return tables;
}

/**
 * SQL join giving the local day of an instant: `ASOF LEFT JOIN ${prefix}days AS alias ON (instant) >= alias.day_start`.
 * `alias.day` is the local date, `alias.ord_le` its business-day ordinal, `alias.business` whether it is one. NULL
 * columns before the table's first day; an instant after the last day gets the last day (the due builders still give
 * NULL there, the due day being beyond the table).
 *
 * @example localDayJoinSql('t.created_at', 'c') → `ASOF LEFT JOIN vigie_bdays AS c ON (t.created_at) >= c.day_start`
 */
export function localDayJoinSql(instantExpr: string, alias: string, prefix = DEFAULT_PREFIX): string {
  return `ASOF LEFT JOIN ${checkName(prefix, 'table prefix')}days AS ${checkName(alias, 'alias')} ON (${instantExpr}) >= ${alias}.day_start`;
}

/**
 * SQL join giving the due day of "N business days" (docs/methods.md §2.6): the business day whose ordinal is the creation day's
 * `ord_le` + N, i.e. the Nth business day strictly after the local day of creation (`ord_le` counts the creation day
 * itself only when it is a business day). The deadline is `alias.close_at` (close of business), NULL beyond the table.
 *
 * @param dayAlias alias of a relation carrying the creation day's `ord_le` (e.g. the {@link localDayJoinSql} alias)
 * @param nExpr N, an integer ≥ 1 (a literal or a column)
 * @example dueBusinessDaysJoinSql('c', '5', 'd') →
 *   `LEFT JOIN vigie_bdays AS d ON d.business AND d.ord_le = c.ord_le + (5)`, due `d.close_at`
 */
export function dueBusinessDaysJoinSql(dayAlias: string, nExpr: string, alias: string, prefix = DEFAULT_PREFIX): string {
  checkName(dayAlias, 'alias');
  return `LEFT JOIN ${checkName(prefix, 'table prefix')}days AS ${checkName(alias, 'alias')} ON ${alias}.business AND ${alias}.ord_le = ${dayAlias}.ord_le + (${nExpr})`;
}

/**
 * SQL scalar expression (TIMESTAMPTZ) of the "N business days" deadline from a local creation DATE, same rule as
 * {@link dueBusinessDaysJoinSql} (close of the business day with ordinal `ord_le(day)` + N); NULL when the day or the
 * due day is outside the table. A correlated subquery, which DuckDB turns into a join; the join form is the one to use
 * on large tables.
 *
 * @example dueBusinessDaysSql('c.day', 't.n') →
 *   `(SELECT vigie_b_d.close_at FROM vigie_bdays vigie_b_c JOIN vigie_bdays vigie_b_d ON … WHERE vigie_b_c.day = (c.day))`
 */
export function dueBusinessDaysSql(localDayExpr: string, nExpr: string, prefix = DEFAULT_PREFIX): string {
  const p = checkName(prefix, 'table prefix');
  const [c, d] = [`${p}_c`, `${p}_d`];
  return `(SELECT ${d}.close_at FROM ${p}days ${c} JOIN ${p}days ${d} ON ${d}.business AND ${d}.ord_le = ${c}.ord_le + (${nExpr}) `
    + `WHERE ${c}.day = (${localDayExpr}))`;
}

/**
 * SQL join reading the business clock at an instant: the last span starting at or before it,
 * `ASOF LEFT JOIN ${prefix}spans AS alias ON (instant) >= alias.span_start`; use with {@link businessClockMsSql}.
 *
 * @example businessClockJoinSql('t.closed_at', 'b1') → `ASOF LEFT JOIN vigie_bspans AS b1 ON (t.closed_at) >= b1.span_start`
 */
export function businessClockJoinSql(instantExpr: string, alias: string, prefix = DEFAULT_PREFIX): string {
  return `ASOF LEFT JOIN ${checkName(prefix, 'table prefix')}spans AS ${checkName(alias, 'alias')} ON (${instantExpr}) >= ${alias}.span_start`;
}

/**
 * SQL expression (BIGINT) of the business clock B(t) in milliseconds since the table's start, over the row of
 * {@link businessClockJoinSql} for the same instant: B(t) = cum_before·1000 + min(t − span_start, span_end − span_start)
 * (t ≥ span_start by the join). Constant between spans; NULL outside the table.
 *
 * @example businessClockMsSql('t.created_at', 'b0') → `(b0.cum_before * 1000 + least(epoch_ms(t.created_at) - …))`
 */
export function businessClockMsSql(instantExpr: string, alias: string): string {
  const a = checkName(alias, 'alias');
  return `(${a}.cum_before * 1000 + least(epoch_ms(${instantExpr}) - epoch_ms(${a}.span_start), epoch_ms(${a}.span_end) - epoch_ms(${a}.span_start)))`;
}

/**
 * SQL expression (DOUBLE, seconds) of the business seconds in [start, end) = (B(end) − B(start)) / 1000, each instant
 * with its own {@link businessClockJoinSql}. Negative when end < start: the caller reports those (the TS path throws).
 *
 * @example businessSecondsSql('t.created_at', 'b0', 't.closed_at', 'b1') → `((… b1 …) - (… b0 …)) / 1000.0`
 */
export function businessSecondsSql(startExpr: string, startAlias: string, endExpr: string, endAlias: string): string {
  return `((${businessClockMsSql(endExpr, endAlias)} - ${businessClockMsSql(startExpr, startAlias)}) / 1000.0)`;
}

/**
 * SQL expression (BIGINT, ms) of the business-clock value N business hours after a clock reading:
 * B + round(N · 3 600 000), N cast to DOUBLE first (an INTEGER product would overflow past 596 hours). The target of
 * {@link dueBusinessHoursJoinSql} and {@link dueBusinessHoursSql}.
 *
 * @param clockMsExpr B(created), e.g. {@link businessClockMsSql} or a column holding it
 * @param hoursExpr N > 0 (a literal or a column)
 * @example businessTargetMsSql('b.b_created', 'r.n') → `(b.b_created + CAST(round(CAST(r.n AS DOUBLE) * 3600000) AS BIGINT))`
 */
export function businessTargetMsSql(clockMsExpr: string, hoursExpr: string): string {
  return `(${clockMsExpr} + CAST(round(CAST(${hoursExpr} AS DOUBLE) * 3600000) AS BIGINT))`;
}

/**
 * SQL join finding the span where the business clock reaches a target (ms, BIGINT; for "N business hours",
 * target = B(created) + N·3 600 000, see {@link businessTargetMsSql}): the first span whose `cum_after` ≥ target,
 * `ASOF LEFT JOIN ${prefix}spans AS alias ON (target) <= alias.cum_after * 1000`; use with {@link dueBusinessHoursSql}.
 * NULL beyond the table.
 *
 * @example dueBusinessHoursJoinSql('b.target_ms', 'h') →
 *   `ASOF LEFT JOIN vigie_bspans AS h ON (b.target_ms) <= h.cum_after * 1000`
 */
export function dueBusinessHoursJoinSql(targetMsExpr: string, alias: string, prefix = DEFAULT_PREFIX): string {
  return `ASOF LEFT JOIN ${checkName(prefix, 'table prefix')}spans AS ${checkName(alias, 'alias')} ON (${targetMsExpr}) <= ${alias}.cum_after * 1000`;
}

/**
 * SQL expression (TIMESTAMPTZ) of the instant where the business clock reaches the target, over the row of
 * {@link dueBusinessHoursJoinSql}: span_start + (target − cum_before·1000) ms; a target reached exactly at a span's
 * close gives that close (as {@link BusinessCalendar.deadline}).
 *
 * @example dueBusinessHoursSql('b.target_ms', 'h') → `make_timestamptz((epoch_ms(h.span_start) + (b.target_ms) - …) * 1000)`
 */
export function dueBusinessHoursSql(targetMsExpr: string, alias: string): string {
  const a = checkName(alias, 'alias');
  return `make_timestamptz((epoch_ms(${a}.span_start) + (${targetMsExpr}) - ${a}.cum_before * 1000) * 1000)`;
}

/**
 * SQL expression (TIMESTAMPTZ) of an elapsed-time deadline, created + N hours of elapsed time: "N days" is N × 24
 * hours, "N hours" on the calendar clock N hours (docs/methods.md §2.6). Computed on epoch microseconds, so a DST day is 24 real
 * hours whatever the session zone; N is cast to DOUBLE and rounded to the millisecond, as {@link BusinessCalendar.deadline}.
 *
 * @example dueElapsedSql('t.created_at', '24 * r.n') →
 *   `make_timestamptz(epoch_us(t.created_at) + CAST(round(CAST(24 * r.n AS DOUBLE) * 3600000) AS BIGINT) * 1000)`
 */
export function dueElapsedSql(createdExpr: string, hoursExpr: string): string {
  return `make_timestamptz(epoch_us(${createdExpr}) + CAST(round(CAST(${hoursExpr} AS DOUBLE) * 3600000) AS BIGINT) * 1000)`;
}
