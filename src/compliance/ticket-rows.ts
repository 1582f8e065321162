/**
 * The per-ticket relations of a ticket query (src/compliance/tickets.ts reads them): the backlog's bucket ends
 * (`vigie_ends`), the tickets that matter with their deadlines (`vigie_tkd`: the store's kept deadlines,
 * src/store/ticket-facts.ts, when they were computed under these standards, else computed by
 * src/standards/deadlines.ts), and each ticket's on-time state at the as-of instant (the view `vigie_tks`, column `st`),
 * with the SQL of the group keys over them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { asOfView, lit, rows, ts } from '../sql.ts';
import type { Standards } from '../standards/standards.ts';
import type { TicketCohort } from '../standards/sections/tickets.ts';
import { createBusinessTables } from '../time/business-tables.ts';
import type { OnTimeVariant } from '../metrics/index.ts';
import { calendarYears, deadlineSelect, deadlineSpec, ELIGIBLE_SQL, INVALID_DATES_SQL } from '../standards/deadlines.ts';
import { FACTS_TABLE, factsUsable } from '../store/ticket-facts.ts';
import type { GroupKey } from './result.ts';

/** A ticket query: the period's UTC bounds, the as-of instant, the group keys, a source, the standards and cohort. */
export interface TicketQuery {
  fromUtc: Date;
  toUtc: Date;
  /** The instant every open/overdue state is judged at (docs/methods.md §7.1: default the newest snapshot time). */
  asOf: Date;
  /** Replay the store as known at `asOf` (`--as-of` given) rather than read the current view. */
  replay: boolean;
  by: GroupKey[];
  source?: string | undefined;
  standards: Standards;
  /** Overrides the standards' `tickets.default.cohort`. */
  cohort?: 'created' | 'closed' | undefined;
}

/** The time buckets, and the label of each (from a local day: its month, ISO week or date). */
export const LABEL_FORMAT = { month: '%Y-%m', week: '%G-W%V', day: '%Y-%m-%d' } as const;
export type TimeKey = keyof typeof LABEL_FORMAT;
export const TIME_KEYS = Object.keys(LABEL_FORMAT) as GroupKey[];

/** The per-ticket rows of a query whose deadlines are computed are kept in a temp table up to `materializeMaxRows`
 * (within the store's 512 MB memory limit), else read through a view. Mutable for the tests, which
 * check that both give the same groups. */
export const TICKET_TUNING = { materializeMaxRows: 1_000_000 };

/** Per connection, the signature of the per-ticket relations last built (the view vigie_tk; vigie_tkd, a table or a view) and
 * whether they were empty. */
const built = new WeakMap<DuckDBConnection, { sig: string; empty: boolean }>();

/**
 * A ticket's on-time state at the as-of instant, the column `st` of the per-ticket view (docs/methods.md §2): not in
 * the cohort (cancelled, refused, duplicate, invalid dates…), closed by its deadline (inclusive), closed after it, open
 * past it, open and not yet due, eligible but without a deadline.
 */
export const ST = { notEligible: 0, closedOnTime: 1, closedLate: 2, openOverdue: 3, openNotDue: 4, noDeadline: 5 } as const;

/** The denominator of each variant, as a SQL condition over the per-ticket table (V3 and V4 share it, src/metrics/on-time.ts). */
export function denominatorSql(v: OnTimeVariant): string {
  switch (v) {
    case 'V1': return `st IN (${ST.closedOnTime}, ${ST.closedLate})`;
    case 'V2': return `st IN (${ST.closedOnTime}, ${ST.closedLate}, ${ST.openOverdue})`;
    case 'V3':
    case 'V4': return `st IN (${ST.closedOnTime}, ${ST.closedLate}, ${ST.openOverdue}, ${ST.openNotDue})`;
    default: throw new Error(`unknown on-time variant: ${String(v satisfies never)}`);
  }
}


/** How a query's groups read the per-ticket view: its keys (time keys apart), the SQL of each, the labelling of buckets. */
export interface TicketGrouping {
  keys: GroupKey[];
  timeKeys: GroupKey[];
  keyExpr: Record<GroupKey, string>;
  /** The statement with each time key's date replaced by its bucket's label. */
  labelled(sql: string): string;
}

/** The grouping of `by` for a cohort: time buckets are grouped on dates and labelled after the aggregation, once per
 * group rather than once per ticket. */
export function ticketGrouping(by: GroupKey[], cohortBy: TicketCohort): TicketGrouping {
  const timeKeys = by.filter((k) => TIME_KEYS.includes(k));
  const dayCol = cohortBy === 'created' ? 'cday' : 'zday';
  const keyExpr: Record<GroupKey, string> = {
    borough: 'borough', theme: 'theme', queue: 'NULL::VARCHAR', month: `date_trunc('month', ${dayCol})`, week: `date_trunc('week', ${dayCol})`,
    day: dayCol,
  };
  const labelled = (sql: string) => (timeKeys.length
    ? `SELECT * REPLACE (${timeKeys.map((k) => `strftime(${k}, '${LABEL_FORMAT[k as TimeKey]}') AS ${k}`).join(', ')}) FROM (${sql})` : sql);
  return { keys: by, timeKeys, keyExpr, labelled };
}

/**
 * Builds the per-ticket relations of a query (`timeKey`: its time key, if any) unless this connection holds those of
 * the same query already; true when no ticket matters (nothing to read). A per-ticket view of an earlier call must not
 * outlive it (worstCategories reads the current one).
 */
export async function prepareTicketRows(conn: DuckDBConnection, tq: TicketQuery, cohortBy: TicketCohort, timeKey: GroupKey | undefined):
  Promise<boolean> {
  const s = tq.standards;
  // The per-ticket tables depend on the period, as-of, cohort, source, time bucket and standards only: a report asking
  // for the same month by borough, by theme and by borough × theme builds them once (the groupings run on them).
  // The store's kept deadlines stand for the computed ones when they were computed under these standards, for the
  // store as it is now (no replay).
  const useFacts = !tq.replay && (await factsUsable(conn, s));
  const sig = JSON.stringify([useFacts, tq.fromUtc.getTime(), tq.toUtc.getTime(), tq.asOf.getTime(), cohortBy, tq.source ?? null, Boolean(tq.replay),
    timeKey ?? null, s.timezone, s.calendar, s.tickets, TICKET_TUNING.materializeMaxRows]);
  if (built.get(conn)?.sig !== sig) {
    built.delete(conn);
    const empty = await createTicketRows(conn, tq, cohortBy, timeKey, useFacts);
    built.set(conn, { sig, empty });
  }
  return built.get(conn)!.empty;
}

/** The SQL conditions on a ticket `t` that pick the tickets that matter, and the query's source filter. */
interface TicketFilters {
  /** The ticket's close is known at as-of. */
  known: string;
  /** The ticket is in the cohort. */
  inCohort: string;
  /** The ticket, if `eligible`, is open at a bucket end. */
  inBacklog(eligible: string): string;
  src: string;
}

/**
 * Builds `vigie_ends` and `vigie_tkd`; true when no ticket matters. The calendar first covers the period (for the
 * bucket ends); once the tickets that matter are known, it is extended back to the oldest of them (an open ticket of
 * years ago still has a deadline).
 */
async function createTicketRows(conn: DuckDBConnection, tq: TicketQuery, cohortBy: TicketCohort, timeKey: GroupKey | undefined,
  useFacts: boolean): Promise<boolean> {
  const s = tq.standards;
  const A = tq.asOf;
  await conn.run('DROP VIEW IF EXISTS vigie_tks');
  const upper = Math.max(tq.toUtc.getTime(), A.getTime());
  const [y0, y1] = calendarYears(tq.fromUtc.getTime(), upper, s.tickets.rules);
  await createBusinessTables(conn, s.calendar, s.timezone, y0, y1, 'vigie_b');
  const ends = await createBucketEnds(conn, tq, timeKey);

  // The bounds of the tickets that matter: the cohort's, and those open at a bucket end (the earliest is the end of
  // the first bucket, at most the period's end).
  const anchor = cohortBy === 'created' ? 't.created_at' : 't.closed_at';
  const known = `t.closed_at <= ${ts(A)}`;
  // The tickets that matter, with their state at as-of: st 1 closed on time, 2 closed late, 3 open overdue, 4 open not
  // due, 5 no deadline (eligible), 0 not eligible. A close after as-of is not known at as-of: the ticket is open.
  const f: TicketFilters = {
    known,
    inCohort: `${anchor} >= ${ts(tq.fromUtc)} AND ${anchor} < ${ts(tq.toUtc)} ${cohortBy === 'closed' ? `AND ${known}` : ''}`,
    inBacklog: (eligible: string) => `${eligible} AND t.created_at < ${ends.maxEnd}
      AND (t.closed_at IS NULL OR t.closed_at >= ${ends.minEnd} OR NOT (${known}))`,
    src: tq.source ? `AND t.source = ${lit(tq.source)}` : '',
  };
  const existing = await rows(conn, `SELECT 'TABLE' AS kind FROM duckdb_tables() WHERE table_name = 'vigie_tkd' AND temporary
    UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE view_name = 'vigie_tkd' AND temporary`);
  for (const e of existing) await conn.run(`DROP ${String(e.kind)} vigie_tkd`);
  if (useFacts) {
    await createFactsRows(conn, f, ts(new Date(Math.min(tq.fromUtc.getTime(), ends.firstMs))));
    return false;
  }
  return createComputedRows(conn, tq, f, cohortBy, [y0, y1], upper);
}

/**
 * Bucket ends for the backlog (`vigie_ends`): one per time bucket of the period (each local day's label and the next
 * day's start), none past the period's end or as-of. Returns the first and last ends as SQL literals and the first in
 * ms (without any end: the period's end, or as-of when earlier).
 */
async function createBucketEnds(conn: DuckDBConnection, tq: TicketQuery, tk: GroupKey | undefined):
  Promise<{ minEnd: string; maxEnd: string; firstMs: number }> {
  const backlogEnd = new Date(Math.min(tq.toUtc.getTime(), tq.asOf.getTime()));
  await conn.run(`CREATE OR REPLACE TEMP TABLE vigie_ends AS
    SELECT ${tk ? `strftime(day, '${LABEL_FORMAT[tk as TimeKey]}')` : `'all'`} AS label, least(max(next_start), ${ts(backlogEnd)}) AS e FROM (
      SELECT day, day_start, lead(day_start) OVER (ORDER BY day) AS next_start FROM vigie_bdays)
    WHERE day_start >= ${ts(tq.fromUtc)} AND day_start < ${ts(tq.toUtc)} AND day_start < ${ts(tq.asOf)}
    GROUP BY ALL`);
  const endsRange = (await rows(conn, `SELECT min(e) AS lo, max(e) AS hi FROM vigie_ends`))[0]!;
  return {
    minEnd: endsRange.lo ? ts(endsRange.lo as Date) : ts(backlogEnd),
    maxEnd: endsRange.hi ? ts(endsRange.hi as Date) : ts(backlogEnd),
    firstMs: endsRange.lo ? (endsRange.lo as Date).getTime() : backlogEnd.getTime(),
  };
}

/**
 * The tickets that matter from the store's kept deadlines (src/store/ticket-facts.ts), those open from `since` on: the
 * same rows as computed ones, without computing a deadline, read through a view: reading these rows is cheaper than
 * writing them (a month, 2018-09 by borough × theme on the bench's 10 million tickets: 0.64 s in all, against 1.04 s
 * with a table, whose writing took 0.45 s).
 */
async function createFactsRows(conn: DuckDBConnection, f: TicketFilters, since: string): Promise<void> {
  await conn.run(`CREATE TEMP VIEW vigie_tkd AS
    SELECT t.borough, t.theme, t.category, t.channel, t.nature, t.status, t.created_at,
      CASE WHEN t.status = 'closed' AND ${f.known} THEN t.closed_at END AS closed_at, t.due_at, t.eligible, (${f.inCohort}) AS in_cohort,
      t.invalid_dates, t.cday, t.zday, t.rule_idx, t.target, t.example0, t.due
    FROM ${FACTS_TABLE} t
    WHERE t.open_until >= ${since}
      AND ((${f.inCohort}) OR (${f.inBacklog('t.eligible')})) ${f.src}`);
}

/** The tickets that matter with their deadlines computed (src/standards/deadlines.ts); true when there is none. */
async function createComputedRows(conn: DuckDBConnection, tq: TicketQuery, f: TicketFilters, cohortBy: TicketCohort, years: [number, number],
  upper: number): Promise<boolean> {
  await conn.run(`CREATE OR REPLACE TEMP VIEW vigie_tk AS
    SELECT t.borough, t.theme, t.category, t.channel, t.nature, t.status, t.created_at,
      CASE WHEN t.status = 'closed' AND ${f.known} THEN t.closed_at END AS closed_at, t.closed_at AS closed_raw, t.due_at,
      (${ELIGIBLE_SQL('t')}) AS eligible, (${f.inCohort}) AS in_cohort, (${INVALID_DATES_SQL('t')}) AS invalid_dates
    FROM ${asOfView('tickets', tq.replay ? tq.asOf : null)} t
    WHERE ((${f.inCohort}) OR (${f.inBacklog(`(${ELIGIBLE_SQL('t')})`)})) ${f.src}`);
  const d = await deadlineSelect(conn, deadlineSpec(tq.standards), 'vigie_tk', { years, upperMs: upper,
    closedDay: cohortBy === 'closed' ? 'closed_raw' : null });
  if (!d) return true;
  // Kept in memory when it fits within the store's memory limit (a month: the report reads it by borough, by theme
  // and by both); past that a view, which each of the three reads (counts, backlog, time to close) recomputes, rather
  // than writing millions of rows (a 36-month trend) that spill to disk.
  await conn.run(`CREATE TEMP ${d.n <= TICKET_TUNING.materializeMaxRows ? 'TABLE' : 'VIEW'} vigie_tkd AS ${d.sql}`);
  return false;
}

/** The per-ticket view `vigie_tks`: the rows of `vigie_tkd` with `st`, each ticket's on-time state at `asOf` ({@link ST}). */
export async function createStateView(conn: DuckDBConnection, asOf: Date): Promise<void> {
  const A_ = ts(asOf);
  const st = `CASE WHEN NOT eligible THEN ${ST.notEligible} WHEN due IS NULL THEN ${ST.noDeadline}
      WHEN closed_at IS NOT NULL THEN (CASE WHEN closed_at <= due THEN ${ST.closedOnTime} ELSE ${ST.closedLate} END)
      WHEN ${A_} > due THEN ${ST.openOverdue} ELSE ${ST.openNotDue} END`;
  await conn.run(`CREATE OR REPLACE TEMP VIEW vigie_tks AS SELECT *, ${st} AS st FROM vigie_tkd`);
}
