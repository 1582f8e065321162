/**
 * Ticket compliance per group (docs/methods.md §2): each ticket's deadline (the source's `due_at`,
 * else the first matching rule of the standards file, computed on the business calendar), its state at the as-of
 * instant, and per group:
 *
 * - volumes: `tickets.created` (every row of the cohort, information rows included), `tickets.closed`, and the rows
 *   kept out of on-time, counted apart: `tickets.cancelled`, `tickets.refused`, `tickets.duplicate`,
 *   `tickets.information` (information and comment rows), `tickets.unknown_status`, `tickets.invalid_dates` (closed
 *   before created, or closed without a close time);
 * - on time (`tickets.on_time_rate`, variant V1–V4 of the standards, default V2) over the cohort's requests and
 *   complaints that have a deadline; those without one are `tickets.no_target`, never on time; `tickets.open_overdue`;
 * - the backlog at the end of the period (or of each time bucket with `--by month|week|day`; at the as-of instant when
 *   that is earlier): `tickets.backlog` and `tickets.aging.<bucket>` in multiples of each ticket's deadline
 *   (src/metrics/backlog.ts);
 * - time to close p50/p90 in days, Kaplan–Meier with open tickets censored at as-of (`tickets.ttc_p50_days`,
 *   `tickets.ttc_p90_days`), and the eventual on-time share: 1 − S(1) of the Kaplan–Meier curve of the time to close
 *   measured in deadlines (u = elapsed / (due − created); on time ⇔ u ≤ 1), open tickets censored at as-of
 *   (`tickets.eventual_on_time_share`);
 * - `tickets.instant_close_share` (closed under 10 minutes after creation / closed) and `tickets.channel_share.<c>`.
 *
 * Deadlines come from the store when it keeps them for these standards (`vigie standards apply`,
 * src/store/ticket-facts.ts), else are computed here (src/standards/deadlines.ts): the same builder either way.
 *
 * Everything but the Kaplan–Meier numbers is a count, and the city-wide group is the sum of the groups' counts. The
 * Kaplan–Meier steps run in SQL (window sums of ln(1 − d/n)); src/metrics/kaplan-meier.ts is the definition the tests
 * hold them to. A group's target is its rules' target; when its tickets come under rules with different targets, the
 * target is their mean weighted by the tickets of the rate's denominator (the rate the group would have if every rule
 * were exactly met), said in the note.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { asOfView, lit, rows, ts } from '../sql.ts';
import type { Standards, TicketRule } from '../standards/standards.ts';
import { createBusinessTables } from '../time/business.ts';
import { AGING_BUCKETS, onTimeRate, ratio, type OnTimeVariant, type TargetKind } from '../metrics/index.ts';
import { createUtcOffsetTable } from '../time/utc-offsets.ts';
import { calendarYears, deadlineSelect, deadlineSpec, ELIGIBLE_SQL, INVALID_DATES_SQL, REQUEST_SQL } from '../standards/deadlines.ts';
import { FACTS_TABLE, factsUsable } from '../store/ticket-facts.ts';
import { blankGroup, count, metric, type Group, type GroupKey, type MetricResult } from './calls.ts';

/** A close this soon after creation is an instant close (docs/methods.md §2.8). Milliseconds. */
export const INSTANT_CLOSE_MS = 10 * 60_000;

/** The channels (docs/methods.md §2.8), in the order outputs list them. */
export const TICKET_CHANNELS = ['phone', 'email', 'web', 'mobile', 'in_person', 'social', 'mail', 'fax', 'other', 'unknown'] as const;

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
const LABEL_FORMAT = { month: '%Y-%m', week: '%G-W%V', day: '%Y-%m-%d' } as const;
type TimeKey = keyof typeof LABEL_FORMAT;
const TIME_KEYS = Object.keys(LABEL_FORMAT) as GroupKey[];

/** The per-ticket rows of a query whose deadlines are computed are kept in a temp table up to `materializeMaxRows`
 * (within the store's 512 MB memory limit), else read through a view. Mutable for the tests, which
 * check that both give the same groups. */
export const TICKET_TUNING = { materializeMaxRows: 1_000_000 };

/** Per connection, the signature of the per-ticket relations last built (the view vigie_tk; vigie_tkd, a table or a view) and
 * whether they were empty. */
const built = new WeakMap<DuckDBConnection, { sig: string; empty: boolean }>();

/** The counts of one group: everything that adds up. */
interface TicketCounts {
  created: number;
  information: number;
  cancelled: number;
  refused: number;
  duplicate: number;
  unknown_status: number;
  invalid_dates: number;
  eligible: number;
  closed: number;
  no_target: number;
  cohort: number;
  closed_on_time: number;
  closed_late: number;
  open_overdue: number;
  open_not_due: number;
  /** Σ target (in millionths, an integer: a sum of doubles would depend on the order of the additions) and count of
   * the on-time denominator's tickets, and those of them without a target. */
  target_sum: number;
  target_n: number;
  untargeted: number;
  example_n: number;
  instant: number;
  backlog: number;
  within: number;
  over_1x: number;
  over_2x: number;
  backlog_no_target: number;
  channels: Record<string, number>;
  /** Latest deadline of the cohort (ms), to tell whether it is final; null without deadlines. */
  max_due: number | null;
  /** Rules used by the denominator's tickets. */
  rules: Set<number>;
}

function emptyTicketCounts(): TicketCounts {
  return {
    created: 0, information: 0, cancelled: 0, refused: 0, duplicate: 0, unknown_status: 0, invalid_dates: 0, eligible: 0, closed: 0,
    no_target: 0, cohort: 0, closed_on_time: 0, closed_late: 0, open_overdue: 0, open_not_due: 0, target_sum: 0, target_n: 0,
    untargeted: 0, example_n: 0, instant: 0, backlog: 0, within: 0, over_1x: 0, over_2x: 0, backlog_no_target: 0, channels: {},
    max_due: null, rules: new Set(),
  };
}

const ADDITIVE = ['created', 'information', 'cancelled', 'refused', 'duplicate', 'unknown_status', 'invalid_dates', 'eligible', 'closed',
  'no_target', 'cohort', 'closed_on_time', 'closed_late', 'open_overdue', 'open_not_due', 'target_sum', 'target_n', 'untargeted',
  'example_n', 'instant', 'backlog', 'within', 'over_1x', 'over_2x', 'backlog_no_target'] as const;

function addInto(a: TicketCounts, b: TicketCounts): void {
  for (const k of ADDITIVE) a[k] += b[k];
  for (const [c, n] of Object.entries(b.channels)) a.channels[c] = (a.channels[c] ?? 0) + n;
  if (b.max_due !== null) a.max_due = a.max_due === null ? b.max_due : Math.max(a.max_due, b.max_due);
  for (const r of b.rules) a.rules.add(r);
}

/**
 * A ticket's on-time state at the as-of instant, the column `st` of the per-ticket view (docs/methods.md §2): not in
 * the cohort (cancelled, refused, duplicate, invalid dates…), closed by its deadline (inclusive), closed after it, open
 * past it, open and not yet due, eligible but without a deadline.
 */
export const ST = { notEligible: 0, closedOnTime: 1, closedLate: 2, openOverdue: 3, openNotDue: 4, noDeadline: 5 } as const;

/** The denominator of each variant, as a SQL condition over the per-ticket table (V3 and V4 share it, src/metrics/on-time.ts). */
function denominatorSql(v: OnTimeVariant): string {
  switch (v) {
    case 'V1': return `st IN (${ST.closedOnTime}, ${ST.closedLate})`;
    case 'V2': return `st IN (${ST.closedOnTime}, ${ST.closedLate}, ${ST.openOverdue})`;
    case 'V3':
    case 'V4': return `st IN (${ST.closedOnTime}, ${ST.closedLate}, ${ST.openOverdue}, ${ST.openNotDue})`;
    default: throw new Error(`unknown on-time variant: ${String(v satisfies never)}`);
  }
}

const countMetric = (n: number, note: string | null = null): MetricResult => count(n, note);

function ratioMetric(num: number, den: number, minN: number, o: { target?: number | null; kind?: TargetKind | null; variant?: string | null;
  note?: string | null; example?: boolean } = {}): MetricResult {
  return metric(ratio(num, den), { ...o, minN });
}

const valueMetric = (value: number | null, n: number, note: string | null): MetricResult => count(value, note, n);

interface KmResult {
  p50: number | null;
  p90: number | null;
  n: number;
  /** 1 − S(1) of the deadline-relative curve, null beyond the follow-up. */
  eventual: number | null;
  eventual_n: number;
}

/** The metrics of one group's counts and Kaplan–Meier results, with the standards' targets. */
function ticketMetrics(c: TicketCounts, km: KmResult | undefined, s: Standards, variant: OnTimeVariant, rules: readonly TicketRule[],
  asOfMs: number, backlogComputed: boolean): { metrics: Record<string, MetricResult>; final: boolean } {
  const minN = s.min_n;
  const rate = onTimeRate({ cohort: c.cohort, closed_on_time: c.closed_on_time, closed_late: c.closed_late, open_overdue: c.open_overdue,
    open_not_due: c.open_not_due }, variant);
  let target: number | null = null;
  let note: string | null = null;
  if (rate.denominator > 0 && c.untargeted === 0 && c.target_n > 0) {
    const targets = new Set([...c.rules].map((i) => rules[i]?.target ?? null));
    // One target: exactly the rules'; several: their weighted mean, to the millionth.
    target = targets.size === 1 && [...targets][0] !== null ? [...targets][0]! : Math.round(c.target_sum / c.target_n) / 1e6;
    if (targets.size > 1) {
      note = `target weighted by tickets over ${c.rules.size} rules with different targets`;
    }
  } else if (c.untargeted > 0) {
    note = `${c.untargeted} ticket(s) have a deadline but no target (source due dates or rules without a target)`;
  }
  if (c.no_target > 0) note = [note, `${c.no_target} ticket(s) without a deadline counted apart (no_target)`].filter(Boolean).join('; ');
  const metrics: Record<string, MetricResult> = {
    'tickets.created': countMetric(c.created),
    'tickets.closed': countMetric(c.closed),
    'tickets.on_time_rate': ratioMetric(rate.numerator, rate.denominator, minN, { target, kind: 'at_least', variant, note,
      example: c.example_n > 0 }),
    'tickets.open_overdue': countMetric(c.open_overdue),
    'tickets.no_target': countMetric(c.no_target),
    'tickets.backlog': backlogComputed ? countMetric(c.backlog) : valueMetric(null, 0, 'backlog needs at most one of month, week, day'),
  };
  const buckets: Record<string, number> = { within: c.within, over_1x: c.over_1x, over_2x: c.over_2x, no_target: c.backlog_no_target };
  for (const b of AGING_BUCKETS) {
    metrics[`tickets.aging.${b}`] = backlogComputed ? ratioMetric(buckets[b] ?? 0, c.backlog, minN, { variant: 'multiples of the deadline' })
      : valueMetric(null, 0, 'backlog needs at most one of month, week, day');
  }
  const kmNote = (v: number | null, n: number) => (n === 0 ? 'no ticket' : v === null ? 'beyond the follow-up (Kaplan–Meier curve does not get that low)'
    : 'Kaplan–Meier, open tickets censored at as-of');
  metrics['tickets.ttc_p50_days'] = valueMetric(km?.p50 ?? null, km?.n ?? 0, kmNote(km?.p50 ?? null, km?.n ?? 0));
  metrics['tickets.ttc_p90_days'] = valueMetric(km?.p90 ?? null, km?.n ?? 0, kmNote(km?.p90 ?? null, km?.n ?? 0));
  metrics['tickets.eventual_on_time_share'] = {
    ...valueMetric(km?.eventual ?? null, km?.eventual_n ?? 0, kmNote(km?.eventual ?? null, km?.eventual_n ?? 0)),
    variant: 'Kaplan–Meier 1 − S(deadline)', example: c.example_n > 0,
  };
  metrics['tickets.cancelled'] = countMetric(c.cancelled);
  metrics['tickets.refused'] = countMetric(c.refused);
  metrics['tickets.duplicate'] = countMetric(c.duplicate);
  metrics['tickets.information'] = countMetric(c.information);
  metrics['tickets.unknown_status'] = countMetric(c.unknown_status);
  metrics['tickets.invalid_dates'] = countMetric(c.invalid_dates);
  metrics['tickets.instant_close_share'] = ratioMetric(c.instant, c.closed, minN, { variant: 'closed < 10 min after creation' });
  for (const ch of TICKET_CHANNELS) {
    if (c.channels[ch]) metrics[`tickets.channel_share.${ch}`] = ratioMetric(c.channels[ch]!, c.created, minN);
  }
  return { metrics, final: c.max_due === null || c.max_due <= asOfMs };
}

/**
 * The groups (city-wide first, then the full cross of `by` found in the data) with their ticket metrics, and the
 * indices of the rules whose deadlines the on-time rates rest on (for the example banner).
 */
export async function ticketCompliance(conn: DuckDBConnection, tq: TicketQuery): Promise<{ groups: Group[]; rulesUsed: number[] }> {
  const s = tq.standards;
  const A = tq.asOf;
  const variant = s.tickets.default.on_time_variant;
  const cohortBy = tq.cohort ?? s.tickets.default.cohort;
  const rules = s.tickets.rules;
  const view = asOfView('tickets', tq.replay ? A : null);
  const src = tq.source ? `AND t.source = ${lit(tq.source)}` : '';
  const timeKeys = tq.by.filter((k) => TIME_KEYS.includes(k));
  const backlogComputed = timeKeys.length <= 1;
  const backlogEnd = new Date(Math.min(tq.toUtc.getTime(), A.getTime()));
  // The bounds of the tickets that matter: the cohort's, and those open at a bucket end (the earliest is the end of
  // the first bucket, at most the period's end).
  const anchor = cohortBy === 'created' ? 't.created_at' : 't.closed_at';
  const known = `t.closed_at <= ${ts(A)}`;

  // The calendar first covers the period (for the bucket ends); once the tickets that matter are known, it is extended
  // back to the oldest of them (an open ticket of years ago still has a deadline).
  // A per-ticket view of an earlier call must not outlive it (worstCategories reads the current one).
  // The per-ticket tables depend on the period, as-of, cohort, source, time bucket and standards only: a report asking
  // for the same month by borough, by theme and by borough × theme builds them once (the groupings below run on them).
  // The store's kept deadlines stand for the computed ones when they were computed under these standards, for the
  // store as it is now (no replay).
  const useFacts = !tq.replay && (await factsUsable(conn, s));
  const sig = JSON.stringify([useFacts, tq.fromUtc.getTime(), tq.toUtc.getTime(), A.getTime(), cohortBy, tq.source ?? null, Boolean(tq.replay), timeKeys[0] ?? null,
    s.timezone, s.calendar, s.tickets, TICKET_TUNING.materializeMaxRows]);
  if (built.get(conn)?.sig !== sig) {
    built.delete(conn);
    const empty = await (async (): Promise<boolean> => {
      await conn.run('DROP VIEW IF EXISTS vigie_tks');
      const upper = Math.max(tq.toUtc.getTime(), A.getTime());
      const [y0, y1] = calendarYears(tq.fromUtc.getTime(), upper, rules);
      await createBusinessTables(conn, s.calendar, s.timezone, y0, y1, 'vigie_b');

      // Bucket ends for the backlog: one per time bucket of the period (each local day's label and the next day's start).
      const tk = timeKeys[0];
      await conn.run(`CREATE OR REPLACE TEMP TABLE vigie_ends AS
        SELECT ${tk ? `strftime(day, '${LABEL_FORMAT[tk as TimeKey]}')` : `'all'`} AS label, least(max(next_start), ${ts(backlogEnd)}) AS e FROM (
          SELECT day, day_start, lead(day_start) OVER (ORDER BY day) AS next_start FROM vigie_bdays)
        WHERE day_start >= ${ts(tq.fromUtc)} AND day_start < ${ts(tq.toUtc)} AND day_start < ${ts(A)}
        GROUP BY ALL`);
      const endsRange = (await rows(conn, `SELECT min(e) AS lo, max(e) AS hi FROM vigie_ends`))[0]!;
      const minEnd = endsRange.lo ? ts(endsRange.lo as Date) : ts(backlogEnd);
      const maxEnd = endsRange.hi ? ts(endsRange.hi as Date) : ts(backlogEnd);

      // The tickets that matter, with their state at as-of: st 1 closed on time, 2 closed late, 3 open overdue, 4 open not
      // due, 5 no deadline (eligible), 0 not eligible. A close after as-of is not known at as-of: the ticket is open.
      const inCohort = `${anchor} >= ${ts(tq.fromUtc)} AND ${anchor} < ${ts(tq.toUtc)} ${cohortBy === 'closed' ? `AND ${known}` : ''}`;
      const inBacklog = (eligible: string) => `${eligible} AND t.created_at < ${maxEnd}
        AND (t.closed_at IS NULL OR t.closed_at >= ${minEnd} OR NOT (${known}))`;
      const existing = await rows(conn, `SELECT 'TABLE' AS kind FROM duckdb_tables() WHERE table_name = 'vigie_tkd' AND temporary
        UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE view_name = 'vigie_tkd' AND temporary`);
      for (const e of existing) await conn.run(`DROP ${String(e.kind)} vigie_tkd`);
      if (useFacts) {
        // The store's kept deadlines (src/store/ticket-facts.ts): the same rows as below, without computing a deadline,
        // read through a view: reading these rows is cheaper than writing them (a month, 2018-09 by borough × theme on
        // the bench's 10 million tickets: 0.64 s in all, against 1.04 s with a table, whose writing took 0.45 s).
        await conn.run(`CREATE TEMP VIEW vigie_tkd AS
          SELECT t.borough, t.theme, t.category, t.channel, t.nature, t.status, t.created_at,
            CASE WHEN t.status = 'closed' AND ${known} THEN t.closed_at END AS closed_at, t.due_at, t.eligible, (${inCohort}) AS in_cohort,
            t.invalid_dates, t.cday, t.zday, t.rule_idx, t.target, t.example0, t.due
          FROM ${FACTS_TABLE} t
          WHERE t.open_until >= ${ts(new Date(Math.min(tq.fromUtc.getTime(), endsRange.lo ? (endsRange.lo as Date).getTime() : backlogEnd.getTime())))}
            AND ((${inCohort}) OR (${inBacklog('t.eligible')})) ${src}`);
        return false;
      }
      await conn.run(`CREATE OR REPLACE TEMP VIEW vigie_tk AS
        SELECT t.borough, t.theme, t.category, t.channel, t.nature, t.status, t.created_at,
          CASE WHEN t.status = 'closed' AND ${known} THEN t.closed_at END AS closed_at, t.closed_at AS closed_raw, t.due_at,
          (${ELIGIBLE_SQL('t')}) AS eligible, (${inCohort}) AS in_cohort, (${INVALID_DATES_SQL('t')}) AS invalid_dates
        FROM ${view} t
        WHERE ((${inCohort}) OR (${inBacklog(`(${ELIGIBLE_SQL('t')})`)})) ${src}`);
      const d = await deadlineSelect(conn, deadlineSpec(s), 'vigie_tk', { years: [y0, y1], upperMs: upper,
        closedDay: cohortBy === 'closed' ? 'closed_raw' : null });
      if (!d) return true;
      // Kept in memory when it fits within the store's memory limit (a month: the report reads it by borough, by theme
      // and by both); past that a view, which each of the three reads below recomputes, rather than writing millions of
      // rows (a 36-month trend) that spill to disk.
      await conn.run(`CREATE TEMP ${d.n <= TICKET_TUNING.materializeMaxRows ? 'TABLE' : 'VIEW'} vigie_tkd AS ${d.sql}`);
      return false;
    })();
    built.set(conn, { sig, empty });
  }
  if (built.get(conn)!.empty) return { groups: assemble([], new Map(), s, variant, rules, A.getTime(), backlogComputed, tq.by), rulesUsed: [] };

  // Time buckets are grouped on dates and labelled after the aggregation, once per group rather than once per ticket.
  const dayCol = cohortBy === 'created' ? 'cday' : 'zday';
  const keyExpr: Record<GroupKey, string> = {
    borough: 'borough', theme: 'theme', queue: 'NULL::VARCHAR', month: `date_trunc('month', ${dayCol})`, week: `date_trunc('week', ${dayCol})`,
    day: dayCol,
  };
  const keys = tq.by;
  const labelled = (sql: string) => (timeKeys.length
    ? `SELECT * REPLACE (${timeKeys.map((k) => `strftime(${k}, '${LABEL_FORMAT[k as TimeKey]}') AS ${k}`).join(', ')}) FROM (${sql})` : sql);
  const keySel = keys.map((k) => `${keyExpr[k]} AS ${k}`).join(', ');
  const A_ = ts(A);
  // st: the ticket's on-time state at as-of (see above).
  const st = `CASE WHEN NOT eligible THEN ${ST.notEligible} WHEN due IS NULL THEN ${ST.noDeadline}
      WHEN closed_at IS NOT NULL THEN (CASE WHEN closed_at <= due THEN ${ST.closedOnTime} ELSE ${ST.closedLate} END)
      WHEN ${A_} > due THEN ${ST.openOverdue} ELSE ${ST.openNotDue} END`;
  await conn.run(`CREATE OR REPLACE TEMP VIEW vigie_tks AS SELECT *, ${st} AS st FROM vigie_tkd`);
  const den = denominatorSql(variant);
  const req = REQUEST_SQL('vigie_tks');
  // Two steps: the cohort's tickets counted per group and per combination of the fields the counts read (a few
  // thousand rows), then the counts as sums over those rows. One pass of thirty filtered counts over every ticket cost
  // twice as much (36-month trend on the bench's 10 million tickets: 1.0–1.4 s against 0.5 s).
  const keyNames = keys.join(', ');
  // A ticket's target and example flag are its rule's: joined to the groups' rows, not carried by every ticket.
  const ruleTable = rules.length
    ? `(VALUES ${rules.map((r) => `(${r.index}, ${r.target ?? 'NULL'}::DOUBLE, ${r.example})`).join(', ')}) r(idx, target, example)`
    : '(SELECT NULL::INTEGER AS idx, NULL::DOUBLE AS target, false AS example WHERE false) r';
  const cohortSql = `SELECT ${keyNames}${keys.length ? ',' : ''}
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
  const groups = new Map<string, { key: Record<string, unknown>; c: TicketCounts; km?: KmResult }>();
  const idOf = (r: Record<string, unknown>) => JSON.stringify(keys.map((k) => r[k] ?? null));
  const entry = (r: Record<string, unknown>) => {
    const id = idOf(r);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key: r, c: emptyTicketCounts() }));
    return g;
  };
  const num = (v: unknown) => Number(v ?? 0);
  for (const r of await rows(conn, labelled(cohortSql))) {
    if (!keys.length && num(r.created) === 0) continue;
    const c = entry(r).c;
    for (const f of ['created', 'information', 'cancelled', 'refused', 'duplicate', 'unknown_status', 'invalid_dates', 'eligible', 'closed',
      'no_target', 'cohort', 'closed_on_time', 'closed_late', 'open_overdue', 'open_not_due', 'target_sum', 'target_n', 'untargeted',
      'example_n', 'instant'] as const) c[f] = num(r[f]);
    for (const ch of TICKET_CHANNELS) if (num(r[`ch_${ch}`])) c.channels[ch] = num(r[`ch_${ch}`]);
    c.max_due = r.max_due === null || r.max_due === undefined ? null : Number(r.max_due);
    for (const i of (r.rules as number[] | null) ?? []) c.rules.add(Number(i));
  }

  // Backlog at each bucket end: eligible tickets created before it and not closed by it. A backlog is a stock: with a
  // time key, the city-wide backlog is the one at the period's end, not the sum over the buckets.
  let cityBacklog: TicketCounts | null = null;
  if (backlogComputed) {
    const tk = timeKeys[0] as TimeKey | undefined;
    // Each ticket is open at a run of consecutive ends (ends increase): those j with created < e_j ≤ close, i.e.
    // i0 ≤ j < i1 where i0 = #{e ≤ created} and i1 = #{e ≤ close} (all of them when open at as-of); of those, it is
    // within its deadline at j < #{e ≤ due} (age ≤ allowed, in whole milliseconds as the ages are), over once at
    // j < #{e ≤ 2 due − created}, over twice beyond. Those four counts come from an hour table (every end but a
    // last one cut short by as-of or the period's end is a local midnight, an hour boundary), so that tickets are
    // counted by (group, i0, i1, counts) — a few thousand rows, old tickets open for years among them — and expanded
    // to ends after that, instead of a range join that pairs each ticket with each end it is open at (36-month trend
    // on 10 million tickets: 0.30 s instead of 0.75 s). The first and last ends go in as exact literals (text, to the
    // microsecond): as scalar subqueries in each CASE they cost four times the query (a month of the report: 0.11–0.15 s
    // against 0.02–0.03 s).
    const ends = (await rows(conn, `SELECT epoch_ms(min(e)) AS lo, epoch_ms(max(e)) AS hi, min(e)::VARCHAR AS lo_text,
      max(e)::VARCHAR AS hi_text, count(*) AS n FROM vigie_ends`))[0]!;
    const nEnds = num(ends.n);
    let backlogRows: Record<string, unknown>[] = [];
    if (nEnds > 0) {
      const z = await createUtcOffsetTable(conn, s.timezone, num(ends.lo), num(ends.hi));
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
      backlogRows = await rows(conn, `
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
        ${keys.length ? 'GROUP BY ALL' : ''}`);
    }
    const fields = ['backlog', 'backlog_no_target', 'within', 'over_1x', 'over_2x'] as const;
    for (const r of backlogRows) {
      if (!keys.length && num(r.backlog) === 0) continue;
      const c = entry(r).c;
      for (const f of fields) c[f] = num(r[f]);
    }
    // The city-wide stock at the period's end: the sum of the groups' stocks at the last bucket end.
    if (tk) {
      const last = (await rows(conn, `SELECT label FROM vigie_ends ORDER BY e DESC LIMIT 1`))[0]?.label;
      cityBacklog = emptyTicketCounts();
      for (const r of backlogRows) if (r[tk] === last) for (const f of fields) cityBacklog[f] += num(r[f]);
    }
  }

  // Kaplan–Meier per group and city-wide (cw): time to close in days, and the time to close in deadlines.
  const kmKeys = keys.map((k) => `${keyExpr[k]} AS ${k}`);
  const part = ['cw', ...keys].join(', ');
  const kmBase = `SELECT false AS cw${kmKeys.length ? ', ' : ''}${kmKeys.join(', ')}, created_at, closed_at, due FROM vigie_tks
      WHERE in_cohort AND eligible
    UNION ALL SELECT true${keys.map((k) => `, NULL AS ${k}`).join('')}, created_at, closed_at, due FROM vigie_tks WHERE in_cohort AND eligible`;
  // Kaplan–Meier, exactly, at the cost of an aggregate where it can: before the first censored observation of a
  // partition nothing has left the risk set but by an event, so S(t) = 1 − (events ≤ t) / N there. Hence:
  // - a percentile is the nearest-rank value over the partition with the censored observations at +∞
  //   (quantile_disc), whenever that value is not after the first censoring time (ties: events leave first);
  // - S(1) is 1 − (events with u ≤ 1) / N whenever no observation is censored before u = 1.
  // Only the partitions where that does not hold (a recent month whose open tickets are censored early) go through
  // the step-by-step curve (window sums of ln(1 − d/n)).
  const pkSql = `concat_ws(chr(31), cw::VARCHAR${keys.map((k) => `, coalesce(${k}::VARCHAR, chr(1))`).join('')})`;
  // `cap`: only S up to that time is needed (the eventual on-time share reads S(1)): observations beyond it count in the
  // risk sets before it, so they are folded into one step after it, which keeps the windows small.
  const kmOf = (tExpr: string, filter: string, pks: string[], cap: number | null = null) => `
    WITH b AS (SELECT *, ${tExpr} AS t0, closed_at IS NOT NULL AS ev FROM (${kmBase})
      WHERE ${filter} AND ${pkSql} IN (${pks.map(lit).join(', ')})),
    steps AS (SELECT ${part}, ${cap === null ? 't0' : `CASE WHEN t0 > ${cap} THEN ${cap * 2} ELSE t0 END`} AS t,
        count(*) FILTER (WHERE ev${cap === null ? '' : ` AND t0 <= ${cap}`}) AS d, count(*) AS m FROM b GROUP BY ALL),
    r AS (SELECT *, sum(m) OVER (PARTITION BY ${part} ORDER BY t DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n FROM steps),
    s AS (SELECT *, sum(CASE WHEN d > 0 AND d < n THEN ln(1 - d / n) ELSE 0 END) OVER w AS lg,
        max(CASE WHEN d > 0 AND d = n THEN 1 ELSE 0 END) OVER w AS z
      FROM r WINDOW w AS (PARTITION BY ${part} ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
    SELECT ${part}, sum(m) AS n_all, max(t) AS t_max,
      min(t) FILTER (WHERE d > 0 AND (z = 1 OR exp(lg) <= 0.5 + 1e-9)) AS p50,
      min(t) FILTER (WHERE d > 0 AND (z = 1 OR exp(lg) <= 0.1 + 1e-9)) AS p90,
      arg_max(CASE WHEN z = 1 THEN 0 ELSE exp(lg) END, t) FILTER (WHERE t <= 1) AS s1,
      max(z) AS z_any
    FROM s GROUP BY ALL`;
  const ttcDays = `(epoch_ms(coalesce(closed_at, ${A_})) - epoch_ms(created_at)) / 86400000.0`;
  const uExpr = `(epoch_ms(coalesce(closed_at, ${A_})) - epoch_ms(created_at))::DOUBLE / (epoch_ms(due) - epoch_ms(created_at))`;
  const uFilter = 'due IS NOT NULL AND due > created_at';
  // Without keys the summaries hold the city-wide partition only, which is also the one group's.
  const kmKeysOf = (r: Record<string, unknown>) => (r.cw !== true ? [idOf(r)] : keys.length ? ['city'] : ['city', idOf(r)]);
  const v = (x: unknown) => (x === null || x === undefined ? null : Number(x));
  const ttc = new Map<string, { n: number; p50: number | null; p90: number | null }>();
  const slow: string[] = [];
  // Both summaries (time to close; in deadlines, for tickets with a deadline after their creation) for the groups and
  // the city-wide partition in one scan (grouping sets): each ticket read once. The time to close is summarised in
  // whole milliseconds, an integer (the percentiles of a 36-month trend: 0.34–0.50 s against 0.57–1.30 s in days,
  // a double), and turned into days here: the same division as in SQL, of the same integer.
  const NEVER = '9223372036854775807';
  const ttcMs = `(epoch_ms(coalesce(closed_at, ${A_})) - epoch_ms(created_at))`;
  const summarySql = `
    WITH b AS (SELECT ${kmKeys.map((k) => `${k}, `).join('')}${ttcMs} AS t, CASE WHEN ${uFilter} THEN ${uExpr} END AS u,
        closed_at IS NOT NULL AS ev
      FROM vigie_tks WHERE in_cohort AND eligible)
    SELECT *, ${pkSql} AS pk FROM (
      SELECT ${keys.length ? `grouping(${keys.join(', ')}) > 0` : 'true'} AS cw${keys.map((k) => `, ${k}`).join('')}, count(*) AS n_all,
        min(t) FILTER (WHERE NOT ev) AS c_min, quantile_disc(CASE WHEN ev THEN t ELSE ${NEVER} END, [0.5, 0.9]) AS q,
        count(u) AS u_n, min(u) FILTER (WHERE NOT ev) AS u_c_min, count(*) FILTER (WHERE ev AND u <= 1) AS u_ev1
      FROM b ${keys.length ? `GROUP BY GROUPING SETS ((${keys.join(', ')}), ())` : ''})`;
  const ev = new Map<string, { n: number; eventual: number | null }>();
  const slowU: string[] = [];
  // milliseconds as integers (a BIGINT beyond 2^53 is only the sentinel of a censored observation)
  const ms = (x: unknown) => (x === null || x === undefined ? null : typeof x === 'bigint' ? (x >= BigInt(NEVER) ? Infinity : Number(x))
    : Number(x) >= Number(NEVER) ? Infinity : Number(x));
  for (const r of await rows(conn, labelled(summarySql))) {
    if (num(r.n_all) === 0) continue;
    const qs = ((r.q as unknown[] | null) ?? []).map(ms);
    const [q50, q90] = [qs[0] ?? null, qs[1] ?? null];
    const cMin = ms(r.c_min);
    const fast = q50 !== null && q90 !== null && Number.isFinite(q50) && Number.isFinite(q90) && (cMin === null || (q50 <= cMin && q90 <= cMin));
    const days = (x: number | null) => (fast && x !== null ? x / 86_400_000 : null);
    for (const id of kmKeysOf(r)) ttc.set(id, { n: num(r.n_all), p50: days(q50), p90: days(q90) });
    if (!fast) slow.push(String(r.pk));
    const un = num(r.u_n);
    const uMin = v(r.u_c_min);
    if (un === 0) continue;
    if (uMin === null || uMin >= 1) for (const id of kmKeysOf(r)) ev.set(id, { n: un, eventual: num(r.u_ev1) / un });
    else slowU.push(String(r.pk));
  }
  if (slow.length) {
    for (const r of await rows(conn, labelled(kmOf(ttcDays, 'true', slow)))) {
      for (const id of kmKeysOf(r)) ttc.set(id, { n: num(r.n_all), p50: v(r.p50), p90: v(r.p90) });
    }
  }
  if (slowU.length) {
    for (const r of await rows(conn, labelled(kmOf(uExpr, uFilter, slowU, 1)))) {
      const s1 = r.s1 === null || r.s1 === undefined ? 1 : Number(r.s1);
      // Beyond the follow-up: no ticket was observed up to one deadline and the curve has not reached zero.
      for (const id of kmKeysOf(r)) ev.set(id, { n: num(r.n_all), eventual: Number(r.t_max) < 1 && num(r.z_any) === 0 ? null : 1 - s1 });
    }
  }
  const kmFor = (id: string): KmResult => {
    const a = ttc.get(id);
    const b = ev.get(id);
    return { p50: a?.p50 ?? null, p90: a?.p90 ?? null, n: a?.n ?? 0, eventual: b && b.n > 0 ? b.eventual : null, eventual_n: b?.n ?? 0 };
  };
  for (const [id, g] of groups) g.km = kmFor(id);
  const rulesUsed = [...new Set([...groups.values()].flatMap((g) => [...g.c.rules]))].sort((a, b) => a - b);
  return { groups: assemble([...groups.values()], new Map([['city', kmFor('city')]]), s, variant, rules, A.getTime(), backlogComputed, keys, cityBacklog),
    rulesUsed };
}

function assemble(parts: { key: Record<string, unknown>; c: TicketCounts; km?: KmResult }[], cityKm: Map<string, KmResult>, s: Standards,
  variant: OnTimeVariant, rules: readonly TicketRule[], asOfMs: number, backlogComputed: boolean, keys: readonly GroupKey[],
  cityBacklog: TicketCounts | null = null): Group[] {
  const city = emptyTicketCounts();
  for (const p of parts) addInto(city, p.c);
  if (cityBacklog) for (const f of ['backlog', 'backlog_no_target', 'within', 'over_1x', 'over_2x'] as const) city[f] = cityBacklog[f];
  const cm = ticketMetrics(city, cityKm.get('city'), s, variant, rules, asOfMs, backlogComputed);
  const out: Group[] = [{ ...blankGroup(), final: cm.final, metrics: cm.metrics }];
  if (keys.length) {
    const sorted = [...parts].sort((a, b) => {
      for (const k of keys) {
        const x = a.key[k] === null || a.key[k] === undefined ? null : String(a.key[k]);
        const y = b.key[k] === null || b.key[k] === undefined ? null : String(b.key[k]);
        if (x === y) continue;
        if (x === null) return -1;
        if (y === null) return 1;
        return x < y ? -1 : 1;
      }
      return 0;
    });
    for (const p of sorted) {
      const g = blankGroup();
      for (const k of keys) g[k] = p.key[k] === null || p.key[k] === undefined ? null : String(p.key[k]);
      const m = ticketMetrics(p.c, p.km, s, variant, rules, asOfMs, backlogComputed);
      g.metrics = m.metrics;
      g.final = m.final;
      out.push(g);
    }
  }
  return out;
}

/**
 * The categories with the lowest on-time rate (the standards' variant) of the cohort that the last
 * {@link ticketCompliance} call on this connection judged, among those with at least `minN` tickets in the rate's
 * denominator: the report's "worst categories". Reads that call's per-ticket view, so it must follow it (none when
 * that call found no ticket: an empty list).
 */
export async function worstCategories(conn: DuckDBConnection, variant: OnTimeVariant, minN: number, limit = 10):
  Promise<{ category: string; theme: string | null; numerator: number; denominator: number; value: number }[]> {
  const den = denominatorSql(variant);
  // No per-ticket view: the last call found no ticket that matters.
  if (!(await rows(conn, `SELECT 1 FROM duckdb_views() WHERE view_name = 'vigie_tks'`)).length) return [];
  const out = await rows(conn, `SELECT category, any_value(theme) AS theme, count(*) FILTER (WHERE st = ${ST.closedOnTime}) AS num,
      count(*) FILTER (WHERE ${den}) AS den
    FROM vigie_tks WHERE in_cohort AND category IS NOT NULL GROUP BY category
    HAVING count(*) FILTER (WHERE ${den}) >= ${Math.max(1, Math.floor(minN))}
    ORDER BY count(*) FILTER (WHERE st = ${ST.closedOnTime}) / count(*) FILTER (WHERE ${den}), category LIMIT ${Math.floor(limit)}`);
  return out.map((r) => ({ category: String(r.category), theme: r.theme === null ? null : String(r.theme), numerator: Number(r.num),
    denominator: Number(r.den), value: Number(r.num) / Number(r.den) }));
}
