/**
 * The per-group counts of a ticket query, in SQL over the per-ticket view `vigie_tks` (src/compliance/ticket-rows.ts):
 * the cohort's volumes and on-time states, and the backlog at each bucket end with its ageing in multiples of the
 * deadline. Every count adds up: the city-wide group is the sum of the groups' (src/compliance/ticket-metrics.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit, rows } from '../sql.ts';
import type { TicketRule } from '../standards/sections/tickets.ts';
import type { OnTimeVariant } from '../metrics/index.ts';
import { createUtcOffsetTable } from '../time/utc-offsets.ts';
import { REQUEST_SQL } from '../standards/deadlines.ts';
import { BACKLOG_FIELDS, emptyTicketCounts, INSTANT_CLOSE_MS, partOf, TICKET_CHANNELS, type TicketCounts, type TicketPart } from './ticket-metrics.ts';
import { denominatorSql, ST, TIME_KEYS, type TicketGrouping, type TimeKey } from './ticket-rows.ts';

const num = (v: unknown) => Number(v ?? 0);

/**
 * The SQL of the cohort's counts per group. Two steps: the cohort's tickets counted per group and per combination of
 * the fields the counts read (a few thousand rows), then the counts as sums over those rows. One pass of thirty
 * filtered counts over every ticket cost twice as much (36-month trend on the bench's 10 million tickets: 1.0–1.4 s
 * against 0.5 s).
 */
function cohortCountsSql(g: TicketGrouping, rules: readonly TicketRule[], variant: OnTimeVariant): string {
  const keys = g.keys;
  const keySel = keys.map((k) => `${g.keyExpr[k]} AS ${k}`).join(', ');
  const den = denominatorSql(variant);
  const req = REQUEST_SQL('vigie_tks');
  const keyNames = keys.join(', ');
  // A ticket's target and example flag are its rule's: joined to the groups' rows, not carried by every ticket.
  const ruleTable = rules.length
    ? `(VALUES ${rules.map((r) => `(${r.index}, ${r.target ?? 'NULL'}::DOUBLE, ${r.example})`).join(', ')}) r(idx, target, example)`
    : '(SELECT NULL::INTEGER AS idx, NULL::DOUBLE AS target, false AS example WHERE false) r';
  return `SELECT ${keyNames}${keys.length ? ',' : ''}
      sum(n) AS created, sum(n) FILTER (WHERE NOT req) AS information,
      sum(n) FILTER (WHERE req AND status = 'cancelled') AS cancelled, sum(n) FILTER (WHERE req AND status = 'refused') AS refused,
      sum(n) FILTER (WHERE req AND status = 'duplicate') AS duplicate, sum(n) FILTER (WHERE req AND status = 'unknown') AS unknown_status,
      sum(n) FILTER (WHERE req AND invalid_dates) AS invalid_dates,
      sum(n) FILTER (WHERE eligible) AS eligible, sum(n) FILTER (WHERE eligible AND closed) AS closed,
      sum(n) FILTER (WHERE st = ${ST.noDeadline}) AS no_target, sum(n) FILTER (WHERE st BETWEEN ${ST.closedOnTime} AND ${ST.openNotDue}) AS cohort,
      sum(n) FILTER (WHERE st = ${ST.closedOnTime}) AS closed_on_time, sum(n) FILTER (WHERE st = ${ST.closedLate}) AS closed_late,
      sum(n) FILTER (WHERE st = ${ST.openOverdue}) AS open_overdue, sum(n) FILTER (WHERE st = ${ST.openNotDue}) AS open_not_due,
      coalesce(sum(n * round(r.target * 1000000)::BIGINT) FILTER (WHERE ${den}), 0) AS target_sum,
      sum(n) FILTER (WHERE ${den} AND r.target IS NOT NULL) AS target_n,
      sum(n) FILTER (WHERE ${den} AND r.target IS NULL) AS untargeted, sum(n) FILTER (WHERE ${den} AND r.example) AS example_n,
      list(DISTINCT rule_idx) FILTER (WHERE ${den} AND rule_idx IS NOT NULL) AS rules,
      sum(n) FILTER (WHERE eligible AND instant) AS instant,
      ${TICKET_CHANNELS.map((c) => `sum(n) FILTER (WHERE channel = '${c}') AS ch_${c}`).join(', ')},
      epoch_ms(max(max_due) FILTER (WHERE st BETWEEN ${ST.closedOnTime} AND ${ST.openNotDue})) AS max_due
    FROM (
      SELECT ${keySel}${keys.length ? ',' : ''} ${req} AS req, status, invalid_dates, eligible, closed_at IS NOT NULL AS closed, st,
        rule_idx, channel,
        closed_at IS NOT NULL AND epoch_ms(closed_at) - epoch_ms(created_at) < ${INSTANT_CLOSE_MS} AS instant,
        count(*) AS n, max(due) AS max_due
      FROM vigie_tks WHERE in_cohort GROUP BY ALL) q
    LEFT JOIN ${ruleTable} ON r.idx = q.rule_idx
    ${keys.length ? 'GROUP BY ALL' : ''}`;
}

/** The cohort's counts of {@link TicketCounts}, as cohortCountsSql names them. */
const COHORT_FIELDS = ['created', 'information', 'cancelled', 'refused', 'duplicate', 'unknown_status', 'invalid_dates', 'eligible', 'closed',
  'no_target', 'cohort', 'closed_on_time', 'closed_late', 'open_overdue', 'open_not_due', 'target_sum', 'target_n', 'untargeted',
  'example_n', 'instant'] as const;

/**
 * `sql` with its columns `fields` (sums: DuckDB's HUGEINT) as BIGINT: a few thousand groups of forty sums are read
 * into JavaScript three times as fast (3,500 rows: 30 ms against 100 ms), and no count comes near 2^63.
 */
function asBigint(sql: string, fields: readonly string[]): string {
  return `SELECT * REPLACE (${fields.map((f) => `${f}::BIGINT AS ${f}`).join(', ')}) FROM (${sql})`;
}

/** Adds the cohort's counts of each group (`rules`: the standards' ticket rules) into `groups`. */
export async function addCohortCounts(conn: DuckDBConnection, g: TicketGrouping, rules: readonly TicketRule[], variant: OnTimeVariant,
  groups: Map<string, TicketPart>): Promise<void> {
  const keys = g.keys;
  for (const r of await rows(conn, g.labelled(asBigint(cohortCountsSql(g, rules, variant),
    [...COHORT_FIELDS, ...TICKET_CHANNELS.map((c) => `ch_${c}`)])))) {
    if (!keys.length && num(r.created) === 0) continue;
    const c = partOf(groups, keys, r).c;
    for (const f of COHORT_FIELDS) c[f] = num(r[f]);
    for (const ch of TICKET_CHANNELS) if (num(r[`ch_${ch}`])) c.channels[ch] = num(r[`ch_${ch}`]);
    c.max_due = r.max_due === null || r.max_due === undefined ? null : Number(r.max_due);
    for (const i of (r.rules as number[] | null) ?? []) c.rules.add(Number(i));
  }
}

/**
 * The backlog at each bucket end of `vigie_ends`, per group: eligible tickets created before it and not closed by it.
 * Each ticket is open at a run of consecutive ends (ends increase): those j with created < e_j ≤ close, i.e.
 * i0 ≤ j < i1 where i0 = #{e ≤ created} and i1 = #{e ≤ close} (all of them when open at as-of); of those, it is
 * within its deadline at j < #{e ≤ due} (age ≤ allowed, in whole milliseconds as the ages are), over once at
 * j < #{e ≤ 2 due − created}, over twice beyond. Those four counts come from an hour table (every end but a
 * last one cut short by as-of or the period's end is a local midnight, an hour boundary), so that tickets are
 * counted by (group, i0, i1, counts) — a few thousand rows, old tickets open for years among them — and expanded
 * to ends after that, instead of a range join that pairs each ticket with each end it is open at (36-month trend
 * on 10 million tickets: 0.30 s instead of 0.75 s). The first and last ends go in as exact literals (text, to the
 * microsecond): as scalar subqueries in each CASE they cost four times the query (a month of the report: 0.11–0.15 s
 * against 0.02–0.03 s).
 */
async function backlogAtEnds(conn: DuckDBConnection, g: TicketGrouping, zone: string): Promise<Record<string, unknown>[]> {
  const { keys, keyExpr } = g;
  const ends = (await rows(conn, `SELECT epoch_ms(min(e)) AS lo, epoch_ms(max(e)) AS hi, min(e)::VARCHAR AS lo_text,
    max(e)::VARCHAR AS hi_text, count(*) AS n FROM vigie_ends`))[0]!;
  const nEnds = num(ends.n);
  if (nEnds <= 0) return [];
  const z = await createUtcOffsetTable(conn, zone, num(ends.lo), num(ends.hi));
  const [lo, hi] = [`${lit(String(ends.lo_text))}::TIMESTAMPTZ`, `${lit(String(ends.hi_text))}::TIMESTAMPTZ`];
  await conn.run(`CREATE OR REPLACE TEMP TABLE vigie_endi AS SELECT *, (row_number() OVER (ORDER BY e) - 1)::INTEGER AS idx FROM vigie_ends;
    CREATE OR REPLACE TEMP TABLE vigie_endh AS SELECT z.k, count(x.e)::INTEGER AS i FROM utc_offsets z LEFT JOIN vigie_ends x ON x.e <= z.h
      WHERE z.h >= ${lo} AND z.h < ${hi} GROUP BY z.k`);
  const idx = (x: string, h: string) => `CASE WHEN ${x} IS NULL THEN ${nEnds} WHEN ${x} < ${lo} THEN 0 WHEN ${x} >= ${hi} THEN ${nEnds}
    ELSE ${h}.i END`;
  const lookup = (x: string, h: string) => `LEFT JOIN vigie_endh ${h} ON ${h}.k = ${z.key(x)}`;
  // the last instant of the millisecond of the deadline (and of twice the allowed time): e ≤ it ⇔ e's ms ≤ its ms
  const dueMs = 'make_timestamptz(epoch_ms(t.due) * 1000 + 999)';
  const twiceMs = 'make_timestamptz((2 * epoch_ms(t.due) - epoch_ms(t.created_at)) * 1000 + 999)';
  const plain = keys.filter((k) => !TIME_KEYS.includes(k));
  const plainSel = plain.map((k) => `${keyExpr[k]} AS ${k}, `).join('');
  const plainNames = plain.map((k) => `${k}, `).join('');
  return rows(conn, asBigint(`
    WITH f AS (
      SELECT ${plainSel}t.due IS NULL AS nt, ${idx('t.created_at', 'h0')} AS i0, ${idx('t.closed_at', 'h1')} AS i1,
        ${idx(dueMs, 'h2')} AS id, ${idx(twiceMs, 'h3')} AS i2
      FROM vigie_tks t ${lookup('t.created_at', 'h0')} ${lookup('t.closed_at', 'h1')} ${lookup(dueMs, 'h2')} ${lookup(twiceMs, 'h3')}
      WHERE t.eligible AND coalesce(t.closed_at, 'infinity'::TIMESTAMPTZ) >= ${lo} AND t.created_at < ${hi}),
    g AS (SELECT ${plainNames}nt, i0, i1, id, i2, count(*) AS n FROM f WHERE i1 > i0 GROUP BY ALL),
    p AS (SELECT *, CASE WHEN nt THEN 0 WHEN j < id THEN 1 WHEN j < i2 THEN 2 ELSE 3 END AS b
      FROM (SELECT *, unnest(range(i0, i1)) AS j FROM g))
    SELECT ${keys.map((k) => `${TIME_KEYS.includes(k) ? 'x.label' : k} AS ${k}, `).join('')}
      sum(n) AS backlog, sum(n) FILTER (WHERE b = 0) AS backlog_no_target, sum(n) FILTER (WHERE b = 1) AS within,
      sum(n) FILTER (WHERE b = 2) AS over_1x, sum(n) FILTER (WHERE b = 3) AS over_2x
    FROM p JOIN vigie_endi x ON x.idx = p.j
    ${keys.length ? 'GROUP BY ALL' : ''}`, BACKLOG_FIELDS));
}

/**
 * Adds the backlog of each group at the end of its bucket (or of the period) into `groups`. A backlog is a stock: with
 * a time key, the city-wide backlog is the one at the period's end, not the sum over the buckets; returned then (else
 * null, the sum of the groups').
 */
export async function addBacklog(conn: DuckDBConnection, g: TicketGrouping, zone: string, groups: Map<string, TicketPart>):
  Promise<TicketCounts | null> {
  const keys = g.keys;
  const tk = g.timeKeys[0] as TimeKey | undefined;
  const backlogRows = await backlogAtEnds(conn, g, zone);
  for (const r of backlogRows) {
    if (!keys.length && num(r.backlog) === 0) continue;
    const c = partOf(groups, keys, r).c;
    for (const f of BACKLOG_FIELDS) c[f] = num(r[f]);
  }
  if (!tk) return null;
  // The city-wide stock at the period's end: the sum of the groups' stocks at the last bucket end.
  const last = (await rows(conn, `SELECT label FROM vigie_ends ORDER BY e DESC LIMIT 1`))[0]?.label;
  const cityBacklog = emptyTicketCounts();
  for (const r of backlogRows) if (r[tk] === last) for (const f of BACKLOG_FIELDS) cityBacklog[f] += num(r[f]);
  return cityBacklog;
}
