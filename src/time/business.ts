/**
 * Business time (docs/methods.md §3.3 and §2.6; the standards file's `calendar:` and `due:`): business seconds between
 * two instants and the deadline of a ticket, in two implementations that must agree to the millisecond:
 *
 * - {@link BusinessCalendar}, here, in TypeScript, O(days) per call: the reference, for single values and tests;
 * - a SQL path for DuckDB, for millions of tickets: two small TEMP tables built once per run (`createBusinessTables`,
 *   src/time/business-tables.ts) and joined by the query (no per-row JS), through the builders of
 *   src/time/business-sql.ts.
 *
 * The days off come from src/time/holidays.ts (`resolveHolidays`), the local dates as day numbers from src/time/days.ts.
 *
 * Clock rules (docs/methods.md §3.3): time counts only inside the opening spans of business days; weekends, closed days and
 * holidays are skipped; a start outside hours counts from the next opening; intervals are half-open [start, end).
 * Local wall-clock times are read in the calendar's IANA zone with the rules of `localToUtc` (src/time/zone.ts): a time
 * in a daylight-saving gap moves one hour later, a repeated time is its earlier instant. The process time zone is never
 * read. A "local day" is [day_start, next day_start), day_start being the instant of local midnight.
 */
import type { CalendarSpec, DueSpec, OpeningSpan } from './calendar-spec.ts';
import { checkYear, dayNumber, isoOf, parseIsoDate, weekdayOf, yearOf } from './days.ts';
import { checkDaySpec, resolveHolidays } from './holidays.ts';
import { DAY, HOUR, isValidZone, localSegments, offsetAt, type LocalSegment } from './zone.ts';

const MINUTE = 60_000;

/** Ten years without an opening: a calendar that never opens gives an error, not an endless walk. */
const MAX_CLOSED_DAYS = 3_660;

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
