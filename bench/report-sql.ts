/**
 * The report benchmark's reference: the SQL an analyst would write by hand against a vigie store to get the numbers of
 * `vigie report --period 2018-09`, and the comparison of both answers.
 *
 * The store is read as vigie reads it (read-only, 2 threads, 512 MB, TimeZone UTC: STORE_OPTIONS), through the
 * documented current views `calls` and `tickets`. Local time is Montréal's, by DuckDB's ICU time zones: a month's
 * bounds are two instants (`timezone('America/Toronto', TIMESTAMP '2018-09-01')`), so that a query by local month is
 * one bounded scan per month (a UNION ALL; no per-row conversion, and DuckDB skips the row groups outside the bounds);
 * the weekday × hour query converts each row (`timezone('America/Toronto', queued_at)`). **The SQL hard-codes the
 * shipped standards** (data/standards/montreal.yaml): service level F3 = answered with a wait under 100 s / (answered
 * + abandoned); long waits = answered or abandoned calls that waited 1500 s or more; wait percentiles nearest-rank
 * (`quantile_disc`) over answered waits; the ticket rules as bench/compliance-sql.ts writes them.
 *
 * The queries, one per aggregate of the report:
 * - calls by borough for the month and city-wide (GROUPING SETS): offered, answered, abandoned, answered within
 *   100 s, ASA (and the wait sum behind it), p50 and p90 waits, long waits, answered locally;
 * - the year-earlier city-wide figures (2017-09): calls (bench/calls-sql.ts `monthSql`, its city-wide row) and tickets
 *   (bench/compliance-sql.ts `monthSql`, its city-wide row); the same tickets for the trend's first month (2017-10), whose
 *   on-time rate the headline's 12-month direction starts from;
 * - the 12-month calls trend (2017-10 … 2018-09) by local month: offered, answered, abandoned, answered within 100 s
 *   (the trend chart shows the service level only; vigie's trend call also computes every other call metric);
 * - calls by local weekday × hour for the month (the same counts);
 * - the answered calls' wait histogram for the month (30 s bins, the last one, 1200 s, holding every longer wait);
 * - tickets for the month by borough × theme, by borough, by theme and city-wide: bench/compliance-sql.ts `monthSql`
 *   (one scan, its calendar tables built by `calendarTables`) summed over GROUPING SETS (every field is a count of
 *   tickets, each ticket in one cell): created, closed, V2 on-time numerator and denominator, open overdue, no target,
 *   cancelled, refused, duplicate, backlog and its aging buckets; and the channel counts of the month's tickets in
 *   another scan;
 * - the tickets of the 12 months (2017-10 … 2018-09) by local month of creation × channel (the report's channel-mix
 *   chart).
 * Not computed here, though vigie's report computes them (its time covers more work): the staffing model (calls per
 * weekday × half-hour and Erlang A/C), the worst categories, the tickets' Kaplan–Meier values, the data-quality table.
 *
 * The comparison (`compareSection`) is made per section, group by group, on the numbers that both compute and that the
 * report writes (see bench/report.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { monthSql as callsMonthSql } from './calls-sql.ts';
import { AS_OF_SQL, COMPARED as TICKET_COMPARED, fromSqlRows as ticketsFromSqlRows, MONTH, monthSql as ticketsMonthSql, ZONE,
  type TicketNumbers } from './compliance-sql.ts';
import { themeLabel } from '../src/standards/themes.ts';
import { word } from '../src/messages.ts';
import { monthShort } from '../src/time/words.ts';

export { calendarTables, STORE_OPTIONS } from './compliance-sql.ts';
export { AS_OF_SQL, MONTH, TICKET_COMPARED };

/** The report's period, the same month a year earlier, and its 12-month trend. */
export const EARLIER = '2017-09';
export const TREND_FROM = '2017-10';
export const TREND_TO = MONTH;

/** Ticket channels (docs/methods.md §2.8), in the order vigie lists them. */
export const CHANNELS = ['phone', 'email', 'web', 'mobile', 'in_person', 'social', 'mail', 'fax', 'other', 'unknown'] as const;

const nextMonth = (m: string) => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
};

/** The local months [from, to] as two instants. */
const bounds = (col: string, from: string, to: string) =>
  `${col} >= timezone('${ZONE}', TIMESTAMP '${from}-01') AND ${col} < timezone('${ZONE}', TIMESTAMP '${nextMonth(to)}-01')`;

const CALL_COUNTS = `
    count(*) FILTER (WHERE outcome IN ('answered', 'abandoned', 'timeout')) AS offered,
    count(*) FILTER (WHERE outcome = 'answered') AS answered,
    count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
    count(*) FILTER (WHERE outcome = 'answered' AND wait_seconds < 100) AS answered_within`;

/** Calls of the month by borough and city-wide. */
export function callsByBoroughSql(month: string): string {
  return `SELECT borough, grouping(borough) <> 0 AS city_wide,${CALL_COUNTS},
    sum(wait_seconds) FILTER (WHERE outcome = 'answered') AS answered_wait_sum,
    avg(wait_seconds) FILTER (WHERE outcome = 'answered') AS asa,
    quantile_disc(wait_seconds, [0.5, 0.9]) FILTER (WHERE outcome = 'answered') AS pq,
    count(*) FILTER (WHERE outcome IN ('answered', 'abandoned') AND wait_seconds >= 1500) AS long_waits,
    count(*) FILTER (WHERE outcome = 'answered' AND agent_site = borough) AS answered_locally
  FROM calls
  WHERE ${bounds('queued_at', month, month)}
  GROUP BY GROUPING SETS ((borough), ())`;
}

/** The local months [from, to], `YYYY-MM`. */
function months(from: string, to: string): string[] {
  const out = [from];
  while (out[out.length - 1]! < to) out.push(nextMonth(out[out.length - 1]!));
  return out;
}

/** Calls of the local months [from, to] by month: one bounded scan per month. */
export function callsTrendSql(from: string, to: string): string {
  return months(from, to).map((m) => `SELECT '${m}' AS month,${CALL_COUNTS}
  FROM calls WHERE ${bounds('queued_at', m, m)}`).join('\nUNION ALL\n');
}

/** Calls of the month by local ISO weekday (1 = Monday) × hour. */
export function callsByHourSql(month: string): string {
  return `WITH c AS (SELECT timezone('${ZONE}', queued_at) AS local_at, outcome, wait_seconds FROM calls WHERE ${bounds('queued_at', month, month)})
  SELECT isodow(local_at) AS weekday, hour(local_at) AS hour,${CALL_COUNTS}
  FROM c GROUP BY ALL`;
}

/** Answered calls of the month per 30 s wait bin; the 1200 s bin holds every longer wait. */
export function waitHistogramSql(month: string): string {
  return `SELECT least(floor(wait_seconds / 30) * 30, 1200) AS bin, count(*) AS calls FROM calls
  WHERE outcome = 'answered' AND ${bounds('queued_at', month, month)}
  GROUP BY ALL ORDER BY bin`;
}

/**
 * The month's tickets by borough × theme (bench/compliance-sql.ts `monthSql`, one scan), summed by borough, by theme
 * and city-wide. `level`: 3 city-wide, 2 by theme, 1 by borough, 0 by borough × theme.
 */
export function ticketsSql(month: string, asOf: Date): string {
  const sums = ['created', 'closed', 'on_time', 'late', 'open_overdue', 'no_target', 'cancelled', 'refused', 'duplicate', 'backlog',
    'backlog_no_target', 'within', 'over_1x', 'over_2x'].map((f) => `sum(${f}) AS ${f}`).join(', ');
  return `SELECT borough, theme, grouping(borough, theme) AS level, grouping(borough, theme) = 3 AS city_wide, ${sums}
  FROM (${ticketsMonthSql(month, asOf)}) m
  WHERE NOT m.city_wide
  GROUP BY GROUPING SETS ((borough, theme), (borough), (theme), ())`;
}

/** The channel counts of the tickets created in the month, by borough and city-wide. */
export function ticketChannelsSql(month: string): string {
  return `SELECT borough, grouping(borough) <> 0 AS city_wide,
    ${CHANNELS.map((c) => `count(*) FILTER (WHERE channel = '${c}') AS ch_${c}`).join(', ')}
  FROM tickets WHERE ${bounds('created_at', month, month)}
  GROUP BY GROUPING SETS ((borough), ())`;
}

/** Tickets created in the local months [from, to] by month × channel: one bounded scan per month. */
export function ticketChannelsByMonthSql(from: string, to: string): string {
  return months(from, to).map((m) => `SELECT '${m}' AS month, channel, count(*) AS tickets
  FROM tickets WHERE ${bounds('created_at', m, m)} GROUP BY channel`).join('\nUNION ALL\n');
}

/** One group of one section: its key and its numbers. */
export interface Rec {
  key: string;
  v: Record<string, number | null>;
}

/** The numbers both sides give, by section. */
export interface ReportNumbers {
  /** By borough and city-wide: offered, answered, abandoned, sl_num, sl_den, answered_wait_sum, p50, p90, long_waits, answered_locally. */
  calls_by_borough: Rec[];
  /** By borough and city-wide: the COMPARED fields of bench/compliance-sql.ts and the channel counts (ch_<channel>). */
  tickets_by_borough: Rec[];
  /** By borough × theme and city-wide: the COMPARED fields of bench/compliance-sql.ts. */
  tickets_by_borough_theme: Rec[];
  /** The heat map's cells: n (the on-time denominator) and value (the rate). */
  on_time_heat_map: Rec[];
  /** By local month: the service level. */
  calls_trend: Rec[];
  /** By `weekday hour`: offered and the service level. */
  calls_by_hour: Rec[];
  /** By bin: answered calls. */
  wait_histogram: Rec[];
  /** By `month channel` over the 12 months: tickets created. */
  ticket_channels_by_month: Rec[];
}

export const CALL_FIELDS = ['offered', 'answered', 'abandoned', 'sl_num', 'sl_den', 'answered_wait_sum', 'p50', 'p90', 'long_waits',
  'answered_locally'] as const;
export const CHANNEL_FIELDS = CHANNELS.map((c) => `ch_${c}`);

/**
 * How each section is compared: its fields, whether vigie shows a subset of the SQL's groups (chart cells), and whether
 * the report may not have it (`optional`: a chart added lately; without it the section is skipped, said so).
 */
export const SECTIONS: Record<keyof ReportNumbers, { fields: readonly string[]; subset: boolean; what: string; optional?: boolean }> = {
  calls_by_borough: { fields: CALL_FIELDS, subset: false, what: 'compliance.json, calls by borough' },
  tickets_by_borough: { fields: [...TICKET_COMPARED, ...CHANNEL_FIELDS], subset: false, what: 'compliance.json, tickets by borough' },
  tickets_by_borough_theme: { fields: TICKET_COMPARED, subset: false, what: "tickets by borough × theme (the report's call, recomputed)" },
  on_time_heat_map: { fields: ['n', 'value'], subset: true, what: 'charts/on-time-borough-theme.vl.json' },
  calls_trend: { fields: ['service_level'], subset: false, what: 'charts/service-level-trend.vl.json' },
  calls_by_hour: { fields: ['offered', 'service_level'], subset: false, what: 'charts/service-level-by-hour.vl.json' },
  wait_histogram: { fields: ['calls'], subset: false, what: 'charts/wait-distribution.vl.json' },
  ticket_channels_by_month: { fields: ['tickets'], subset: false, what: 'charts/channel-mix.vl.json', optional: true },
};

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const groupKey = (cityWide: boolean, ...parts: unknown[]): string =>
  cityWide ? 'city-wide' : parts.map((p) => (p === null || p === undefined ? '∅' : String(p))).join(' × ');
const ticketRec = (t: TicketNumbers, extra: Record<string, number> = {}): Rec =>
  ({ key: t.city_wide ? 'city-wide' : groupKey(false, t.borough, ...(t.theme === null ? [] : [t.theme])), v: {
    ...Object.fromEntries(TICKET_COMPARED.map((f) => [f, t[f]])), ...extra } });

/** The SQL's answers (rows as `getRowObjectsJS` gives them) → the numbers of each section. */
export function sqlNumbers(r: { callsByBorough: Record<string, unknown>[]; trend: Record<string, unknown>[]; hours: Record<string, unknown>[];
  waits: Record<string, unknown>[]; tickets: Record<string, unknown>[]; channels: Record<string, unknown>[];
  channelsByMonth: Record<string, unknown>[] }): ReportNumbers {
  const sl = (x: Record<string, unknown>) => num(x.answered_within) / (num(x.answered) + num(x.abandoned));
  const hasSl = (x: Record<string, unknown>) => num(x.answered) + num(x.abandoned) > 0;
  const channels = new Map(r.channels.map((c) => [groupKey(c.city_wide === true, c.borough),
    Object.fromEntries(CHANNEL_FIELDS.map((f) => [f, num(c[f])]))]));
  const level = (l: number) => r.tickets.filter((x) => num(x.level) === l || num(x.level) === 3);
  const byBorough = ticketsFromSqlRows(level(1).map((x) => ({ ...x, theme: null })), 'borough,theme');
  const byCell = ticketsFromSqlRows(level(0), 'borough,theme');
  return {
    calls_by_borough: r.callsByBorough.map((x) => {
      const pq = (x.pq as unknown[] | null) ?? [null, null];
      return { key: groupKey(x.city_wide === true, x.borough), v: {
        offered: num(x.offered), answered: num(x.answered), abandoned: num(x.abandoned), sl_num: num(x.answered_within),
        sl_den: num(x.answered) + num(x.abandoned), answered_wait_sum: num(x.answered_wait_sum), p50: numOrNull(pq[0]), p90: numOrNull(pq[1]),
        long_waits: num(x.long_waits), answered_locally: num(x.answered_locally),
      } };
    }),
    tickets_by_borough: byBorough.map((t) => {
      const key = t.city_wide ? 'city-wide' : groupKey(false, t.borough);
      return { ...ticketRec(t, channels.get(key) ?? Object.fromEntries(CHANNEL_FIELDS.map((f) => [f, 0]))), key };
    }),
    tickets_by_borough_theme: byCell.map((t) => ticketRec(t)),
    // the charts show words: themes by their label, months and channels as the French report writes them
    on_time_heat_map: byCell.filter((t) => !t.city_wide && t.on_time_den > 0)
      .map((t) => ({ key: groupKey(false, t.borough, t.theme === null ? null : themeLabel(t.theme, 'fr')),
        v: { n: t.on_time_den, value: t.on_time_num / t.on_time_den } })),
    calls_trend: r.trend.filter(hasSl).map((x) => ({ key: monthShort(String(x.month), 'fr'), v: { service_level: sl(x) } })),
    calls_by_hour: r.hours.filter(hasSl).map((x) => ({ key: `${num(x.weekday)} ${num(x.hour)}`, v: { offered: num(x.offered), service_level: sl(x) } })),
    wait_histogram: r.waits.map((x) => ({ key: String(num(x.bin)), v: { calls: num(x.calls) } })),
    ticket_channels_by_month: r.channelsByMonth.map((x) => ({ key: `${monthShort(String(x.month), 'fr')} ${word('fr', 'channel', String(x.channel))}`,
      v: { tickets: num(x.tickets) } })),
  };
}

export interface SectionComparison {
  section: keyof ReportNumbers;
  agree: boolean;
  /** Groups found on both sides. */
  groups: number;
  /** "group: field vigie vs SQL", in vigie's group order. */
  mismatches: string[];
  only_vigie: string[];
  only_sql: string[];
  /** For chart sections (a subset of the SQL's groups): the SQL's groups the chart does not show. */
  not_shown: number;
  /** An optional section the report does not have (nothing compared, not a disagreement). */
  skipped: boolean;
}

const same = (a: number | null, b: number | null) => a === b
  || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

/** Compares one section group by group; rates within 1e-9 (relative), counts exactly. */
export function compareSection(section: keyof ReportNumbers, vigie: Rec[], sql: Rec[]): SectionComparison {
  const { fields, subset, optional } = SECTIONS[section];
  if (optional && !vigie.length) {
    return { section, agree: true, groups: 0, mismatches: [], only_vigie: [], only_sql: [], not_shown: sql.length, skipped: true };
  }
  const r = new Map(sql.map((g) => [g.key, g]));
  const l = new Map(vigie.map((g) => [g.key, g]));
  const out: SectionComparison = { section, agree: true, groups: 0, mismatches: [], only_vigie: [], only_sql: [], not_shown: 0, skipped: false };
  for (const [k, a] of l) {
    const b = r.get(k);
    if (!b) {
      out.only_vigie.push(k);
      continue;
    }
    out.groups++;
    for (const f of fields) {
      const [x, y] = [a.v[f] ?? null, b.v[f] ?? null];
      if (!same(x, y)) out.mismatches.push(`${k}: ${f} ${x} vs ${y}`);
    }
  }
  for (const k of r.keys()) {
    if (l.has(k)) continue;
    if (subset) out.not_shown++;
    else out.only_sql.push(k);
  }
  out.agree = !out.mismatches.length && !out.only_vigie.length && !out.only_sql.length && (out.groups > 0 || !sql.length);
  return out;
}

/** The hand-written SQL, in order, each query's rows; returns the numbers and each query's time (ms). */
export async function runHandSql(conn: DuckDBConnection, asOf: Date): Promise<{ numbers: ReportNumbers; queries: { name: string; ms: number }[];
  earlier: { calls: Record<string, unknown> | null; tickets: Record<string, unknown> | null } }> {
  const queries: { name: string; ms: number }[] = [];
  const run = async (name: string, sql: string) => {
    const t0 = performance.now();
    const reader = await conn.runAndReadAll(sql);
    const out = reader.getRowObjectsJS() as Record<string, unknown>[];
    queries.push({ name, ms: performance.now() - t0 });
    return out;
  };
  const callsByBorough = await run('calls by borough (month)', callsByBoroughSql(MONTH));
  const earlierCalls = await run(`calls city-wide (${EARLIER})`, callsMonthSql(EARLIER));
  const earlierTickets = await run(`tickets city-wide (${EARLIER})`, ticketsMonthSql(EARLIER, asOf));
  // the headline's 12-month direction of the on-time rate: the trend's first month, city-wide
  await run(`tickets city-wide (${TREND_FROM})`, ticketsMonthSql(TREND_FROM, asOf));
  const trend = await run(`calls trend (${TREND_FROM}..${TREND_TO}, by month)`, callsTrendSql(TREND_FROM, TREND_TO));
  const hours = await run('calls by weekday × hour (month)', callsByHourSql(MONTH));
  const waits = await run('wait histogram (month)', waitHistogramSql(MONTH));
  const tickets = await run('tickets by borough × theme, borough, theme (month)', ticketsSql(MONTH, asOf));
  const channels = await run('ticket channels by borough (month)', ticketChannelsSql(MONTH));
  const channelsByMonth = await run(`ticket channels by month (${TREND_FROM}..${TREND_TO})`, ticketChannelsByMonthSql(TREND_FROM, TREND_TO));
  const plain = (x: Record<string, unknown> | undefined) => (x ? Object.fromEntries(Object.entries(x).map(([k, v]) =>
    [k, typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map((e) => (typeof e === 'bigint' ? Number(e) : e)) : v])) : null);
  return {
    numbers: sqlNumbers({ callsByBorough, trend, hours, waits, tickets, channels, channelsByMonth }),
    queries,
    earlier: { calls: plain(earlierCalls.find((x) => x.city_wide === true)), tickets: plain(earlierTickets.find((x) => x.city_wide === true)) },
  };
}
