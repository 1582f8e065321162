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
 * The steps: the per-ticket relations and on-time states (src/compliance/ticket-rows.ts), the per-group counts and
 * backlog (src/compliance/ticket-counts.ts), the time to close (src/compliance/ticket-km.ts), and the metrics and the
 * roll-up into groups (src/compliance/ticket-metrics.ts).
 *
 * Everything but the Kaplan–Meier numbers is a count, and the city-wide group is the sum of the groups' counts. The
 * Kaplan–Meier steps run in SQL (src/compliance/ticket-km.ts); src/metrics/kaplan-meier.ts is the definition the tests
 * hold them to. A group's target is its rules' target; when its tickets come under rules with different targets, the
 * target is their mean weighted by the tickets of the rate's denominator (the rate the group would have if every rule
 * were exactly met), said in the note.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { rows } from '../sql.ts';
import type { OnTimeVariant } from '../metrics/index.ts';
import type { Group } from './result.ts';
import { addBacklog, addCohortCounts } from './ticket-counts.ts';
import { timeToClose } from './ticket-km.ts';
import { rollUp, type TicketJudging, type TicketPart } from './ticket-metrics.ts';
import { createStateView, denominatorSql, prepareTicketRows, ST, ticketGrouping, type TicketQuery } from './ticket-rows.ts';

/**
 * The groups (city-wide first, then the full cross of `by` found in the data) with their ticket metrics, and the
 * indices of the rules whose deadlines the on-time rates rest on (for the example banner).
 */
export async function ticketCompliance(conn: DuckDBConnection, tq: TicketQuery): Promise<{ groups: Group[]; rulesUsed: number[] }> {
  const s = tq.standards;
  const variant = s.tickets.default.on_time_variant;
  const cohortBy = tq.cohort ?? s.tickets.default.cohort;
  const g = ticketGrouping(tq.by, cohortBy);
  const judging: TicketJudging = {
    standards: s, variant, rules: s.tickets.rules, asOfMs: tq.asOf.getTime(), backlogComputed: g.timeKeys.length <= 1,
  };
  if (await prepareTicketRows(conn, tq, cohortBy, g.timeKeys[0])) return { groups: rollUp([], undefined, judging, tq.by), rulesUsed: [] };
  await createStateView(conn, tq.asOf);
  const groups = new Map<string, TicketPart>();
  await addCohortCounts(conn, g, s.tickets.rules, variant, groups);
  const cityBacklog = judging.backlogComputed ? await addBacklog(conn, g, s.timezone, groups) : null;
  const kmFor = await timeToClose(conn, g, tq.asOf);
  for (const [id, p] of groups) p.km = kmFor(id);
  const rulesUsed = [...new Set([...groups.values()].flatMap((p) => [...p.c.rules]))].sort((a, b) => a - b);
  return { groups: rollUp([...groups.values()], kmFor('city'), judging, g.keys, cityBacklog), rulesUsed };
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
