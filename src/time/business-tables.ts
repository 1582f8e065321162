/**
 * The tables of the SQL path of business time (the query builders over them are in src/time/business-sql.ts): the
 * rows of every local day and every opening span of a calendar over some years ({@link businessTables}, read from
 * {@link BusinessCalendar} so that the SQL path gives the TS results), and their creation as DuckDB TEMP tables
 * `${prefix}days` and `${prefix}spans` ({@link createBusinessTables}; default prefix `vigie_b`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { BusinessCalendar } from './business.ts';
import type { CalendarSpec } from './calendar-spec.ts';
import { checkYear, dayNumber, isoOf } from './days.ts';

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

/** The default table-name prefix: tables `vigie_bdays` and `vigie_bspans`. */
export const DEFAULT_PREFIX = 'vigie_b';

/** `name` when it is a plain SQL identifier (a letter or `_`, then letters, digits, `_`); RangeError otherwise. */
export function checkName(name: string, what: string): string {
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
