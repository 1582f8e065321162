/**
 * The SQL text of business time (docs/methods.md §3.3 and §2.6): builders of the joins and expressions that compute
 * inside DuckDB, for millions of tickets and with no per-row JS, what {@link BusinessCalendar} (src/time/business.ts)
 * computes in TypeScript: the local day of an instant, the business clock, business seconds and deadlines. They only
 * build strings, over the TEMP tables of `createBusinessTables` (src/time/business-tables.ts).
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
import { checkName, DEFAULT_PREFIX } from './business-tables.ts';

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
