/**
 * Time to close per group and city-wide, Kaplan–Meier with open tickets censored at as-of, over the per-ticket view
 * `vigie_tks` (src/compliance/ticket-rows.ts): the p50/p90 of the time to close in days, and the eventual on-time
 * share 1 − S(1) of the curve of the time to close measured in deadlines (u = elapsed / (due − created); on time ⇔
 * u ≤ 1). The steps run in SQL (window sums of ln(1 − d/n)); src/metrics/kaplan-meier.ts is the definition the tests
 * hold them to.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit, rows, ts } from '../sql.ts';
import { groupId, type KmResult } from './ticket-metrics.ts';
import type { TicketGrouping } from './ticket-rows.ts';
import type { GroupKey } from './result.ts';

const num = (v: unknown) => Number(v ?? 0);
const v = (x: unknown) => (x === null || x === undefined ? null : Number(x));

/** The sentinel time of a censored observation in the summary's percentiles (the largest BIGINT). */
const NEVER = '9223372036854775807';

/** Milliseconds as integers (a BIGINT beyond 2^53 is only the sentinel of a censored observation, +∞ here). */
const ms = (x: unknown) => (x === null || x === undefined ? null : typeof x === 'bigint' ? (x >= BigInt(NEVER) ? Infinity : Number(x))
  : Number(x) >= Number(NEVER) ? Infinity : Number(x));

/** The time to close at as-of (`A_`, a SQL instant): in days, in whole milliseconds, and in deadlines (`u`, for the
 * tickets of `U_FILTER`). */
const ttcDaysSql = (A_: string) => `(epoch_ms(coalesce(closed_at, ${A_})) - epoch_ms(created_at)) / 86400000.0`;
const ttcMsSql = (A_: string) => `(epoch_ms(coalesce(closed_at, ${A_})) - epoch_ms(created_at))`;
const uSql = (A_: string) => `(epoch_ms(coalesce(closed_at, ${A_})) - epoch_ms(created_at))::DOUBLE / (epoch_ms(due) - epoch_ms(created_at))`;
const U_FILTER = 'due IS NOT NULL AND due > created_at';

/** A partition's key as text: the city-wide flag `cw` and the group's keys. */
function pkSql(keys: readonly GroupKey[]): string {
  return `concat_ws(chr(31), cw::VARCHAR${keys.map((k) => `, coalesce(${k}::VARCHAR, chr(1))`).join('')})`;
}

/**
 * The step-by-step Kaplan–Meier curve of the partitions `pks` (groups, and city-wide: cw) over the time `tExpr` of the
 * cohort's eligible tickets that pass `filter`: n, the last time, p50, p90, S(1) and whether the curve reaches zero.
 * `cap`: only S up to that time is needed (the eventual on-time share reads S(1)): observations beyond it count in the
 * risk sets before it, so they are folded into one step after it, which keeps the windows small.
 */
function kmCurveSql(g: TicketGrouping, tExpr: string, filter: string, pks: string[], cap: number | null = null): string {
  const { keys, keyExpr } = g;
  const part = ['cw', ...keys].join(', ');
  // The partitions asked for, from their keys as text (pkSql): the groups' rows are joined to their keys (a hash join on
  // a small table), and the city-wide copy of every row is made only when the city-wide partition is asked for.
  const asked = pks.map((pk) => pk.split(String.fromCharCode(31)));
  const groupsAsked = asked.filter((a) => a[0] === 'false');
  const cityAsked = asked.some((a) => a[0] === 'true');
  const eligible = 'FROM vigie_tks WHERE in_cohort AND eligible';
  const text = (k: GroupKey) => `coalesce(${keyExpr[k]}::VARCHAR, chr(1))`;
  const parts: string[] = [];
  if (groupsAsked.length) {
    const values = groupsAsked.map((a) => `(${(keys.length ? a.slice(1) : ['']).map(lit).join(', ')})`).join(', ');
    const cols = keys.length ? keys.map((k) => `k_${k}`) : ['k_none'];
    parts.push(`SELECT false AS cw${keys.map((k) => `, ${keyExpr[k]} AS ${k}`).join('')}, created_at, closed_at, due
      FROM (SELECT * ${eligible}) x${keys.length ? ` JOIN (VALUES ${values}) AS asked(${cols.join(', ')})
        ON ${keys.map((k) => `${text(k)} = asked.k_${k}`).join(' AND ')}` : ''}`);
  }
  if (cityAsked) parts.push(`SELECT true AS cw${keys.map((k) => `, NULL AS ${k}`).join('')}, created_at, closed_at, due ${eligible}`);
  const kmBase = parts.join('\n    UNION ALL ');
  return `
    WITH b AS (SELECT *, ${tExpr} AS t0, closed_at IS NOT NULL AS ev FROM (${kmBase})
      WHERE ${filter}),
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
}

/**
 * Both summaries (time to close; in deadlines, for tickets with a deadline after their creation) for the groups and
 * the city-wide partition in one scan (grouping sets): each ticket read once. The time to close is summarised in
 * whole milliseconds, an integer (the percentiles of a 36-month trend: 0.34–0.50 s against 0.57–1.30 s in days,
 * a double), and turned into days by the caller: the same division as in SQL, of the same integer.
 */
function kmSummarySql(g: TicketGrouping, A_: string): string {
  const { keys, keyExpr } = g;
  const kmKeys = keys.map((k) => `${keyExpr[k]} AS ${k}`);
  return `
    WITH b AS (SELECT ${kmKeys.map((k) => `${k}, `).join('')}${ttcMsSql(A_)} AS t, CASE WHEN ${U_FILTER} THEN ${uSql(A_)} END AS u,
        closed_at IS NOT NULL AS ev
      FROM vigie_tks WHERE in_cohort AND eligible)
    SELECT *, ${pkSql(keys)} AS pk FROM (
      SELECT ${keys.length ? `grouping(${keys.join(', ')}) > 0` : 'true'} AS cw${keys.map((k) => `, ${k}`).join('')}, count(*) AS n_all,
        min(t) FILTER (WHERE NOT ev) AS c_min, quantile_disc(CASE WHEN ev THEN t ELSE ${NEVER} END, [0.5, 0.9]) AS q,
        count(u) AS u_n, min(u) FILTER (WHERE NOT ev) AS u_c_min, count(*) FILTER (WHERE ev AND u <= 1) AS u_ev1
      FROM b ${keys.length ? `GROUP BY GROUPING SETS ((${keys.join(', ')}), ())` : ''})`;
}

/**
 * Kaplan–Meier per group and city-wide, as a function of the group's id (src/compliance/ticket-metrics.ts, groupId;
 * `city` for the city-wide group). Exactly, at the cost of an aggregate where it can: before the first censored
 * observation of a partition nothing has left the risk set but by an event, so S(t) = 1 − (events ≤ t) / N there.
 * Hence:
 * - a percentile is the nearest-rank value over the partition with the censored observations at +∞
 *   (quantile_disc), whenever that value is not after the first censoring time (ties: events leave first);
 * - S(1) is 1 − (events with u ≤ 1) / N whenever no observation is censored before u = 1.
 * Only the partitions where that does not hold (a recent month whose open tickets are censored early) go through
 * the step-by-step curve (window sums of ln(1 − d/n)).
 */
export async function timeToClose(conn: DuckDBConnection, g: TicketGrouping, asOf: Date): Promise<(id: string) => KmResult> {
  const keys = g.keys;
  const A_ = ts(asOf);
  // Without keys the summaries hold the city-wide partition only, which is also the one group's.
  const kmKeysOf = (r: Record<string, unknown>) => (r.cw !== true ? [groupId(keys, r)] : keys.length ? ['city'] : ['city', groupId(keys, r)]);
  const ttc = new Map<string, { n: number; p50: number | null; p90: number | null }>();
  const slow: string[] = [];
  const ev = new Map<string, { n: number; eventual: number | null }>();
  const slowU: string[] = [];
  for (const r of await rows(conn, g.labelled(kmSummarySql(g, A_)))) {
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
    for (const r of await rows(conn, g.labelled(kmCurveSql(g, ttcDaysSql(A_), 'true', slow)))) {
      for (const id of kmKeysOf(r)) ttc.set(id, { n: num(r.n_all), p50: v(r.p50), p90: v(r.p90) });
    }
  }
  if (slowU.length) {
    for (const r of await rows(conn, g.labelled(kmCurveSql(g, uSql(A_), U_FILTER, slowU, 1)))) {
      const s1 = r.s1 === null || r.s1 === undefined ? 1 : Number(r.s1);
      // Beyond the follow-up: no ticket was observed up to one deadline and the curve has not reached zero.
      for (const id of kmKeysOf(r)) ev.set(id, { n: num(r.n_all), eventual: Number(r.t_max) < 1 && num(r.z_any) === 0 ? null : 1 - s1 });
    }
  }
  return (id: string): KmResult => {
    const a = ttc.get(id);
    const b = ev.get(id);
    return { p50: a?.p50 ?? null, p90: a?.p90 ?? null, n: a?.n ?? 0, eventual: b && b.n > 0 ? b.eventual : null, eventual_n: b?.n ?? 0 };
  };
}
