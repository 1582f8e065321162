/**
 * Time to close per group and city-wide, Kaplan–Meier with open tickets censored at as-of, over the per-ticket view
 * `vigie_tks` (src/compliance/ticket-rows.ts): the p50/p90 of the time to close in days, and the eventual on-time
 * share 1 − S(1) of the curve of the time to close measured in deadlines (u = elapsed / (due − created); on time ⇔
 * u ≤ 1). The steps run in SQL (kmCurveSql); src/metrics/kaplan-meier.ts is the definition the tests
 * hold them to.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { rows, ts } from '../sql.ts';
import { groupId, type KmResult } from './ticket-metrics.ts';
import type { TicketGrouping } from './ticket-rows.ts';

const num = (v: unknown) => Number(v ?? 0);
const v = (x: unknown) => (x === null || x === undefined ? null : Number(x));

/** The sentinel time of a censored observation in the summary's percentiles (the largest BIGINT). */
const NEVER = '9223372036854775807';

/** Milliseconds as integers (a BIGINT beyond 2^53 is only the sentinel of a censored observation, +∞ here). */
const ms = (x: unknown) => (x === null || x === undefined ? null : typeof x === 'bigint' ? (x >= BigInt(NEVER) ? Infinity : Number(x))
  : Number(x) >= Number(NEVER) ? Infinity : Number(x));

/** The time to close at as-of (`A_`, a SQL instant): in whole milliseconds and in deadlines (`u`, for the
 * tickets of `U_FILTER`). */
const ttcMsSql = (A_: string) => `(epoch_ms(coalesce(closed_at, ${A_})) - epoch_ms(created_at))`;
const uSql = (A_: string) => `(epoch_ms(coalesce(closed_at, ${A_})) - epoch_ms(created_at))::DOUBLE / (epoch_ms(due) - epoch_ms(created_at))`;
const U_FILTER = 'due IS NOT NULL AND due > created_at';

/** The summaries' table: one row per partition (the groups, and city-wide: `cw`), numbered by `pid`. */
const SUMMARY_TABLE = 'vigie_kms';

/**
 * The step-by-step Kaplan–Meier curve of the partitions `pids` of the summaries' table over the time `tExpr` of the
 * cohort's eligible tickets that pass `filter`: n, the last time, p50, p90, S(1) and whether the curve reaches zero, per
 * pid. `cap`: only S up to that time is needed (the eventual on-time share reads S(1)): observations beyond it count in
 * the risk sets before it, so they are folded into one step after it, which keeps the windows small.
 *
 * The product S(t) = Π_{s ≤ t} (1 − d_s / n_s) telescopes between censorings, where the risk set loses only the
 * events: with N observations, n_t at risk at t (time ≥ t), d_t events and c_t censorings at t, and R_s = n_s − d_s − c_s
 * still at risk after s,
 *
 *   S(t) = (n_t − d_t) / N × Π_{censoring times s < t} (1 + c_s / R_s),
 *
 * so the logarithms are summed over the censoring times only (a few per cent of the steps), exactly per partition, and
 * each step takes the sum of the last censoring time before it. Censorings at t leave after the events at t (they are
 * in n_t). The partitions are numbered (a hash join on the small summaries' table, keys compared with IS NOT DISTINCT
 * FROM) and laid end to end in one ordering (pid, t), the risk sets counted from each partition's own start:
 * partitioned by the keys themselves, or by a skewed pid (the city-wide partition next to small groups), DuckDB's
 * windows took two to three times as long (1 M tickets by borough × theme, the time-to-close curve: 1.49 s by the
 * keys, 1.12 s by pid, 0.50 s in one ordering). An ASOF join to the censoring times was planned as a nested loop.
 * The city-wide copy of every row is made only when the city-wide partition is asked for.
 */
function kmCurveSql(g: TicketGrouping, tExpr: string, filter: string, pids: number[], cityPid: number | null, cap: number | null = null): string {
  const { keys, keyExpr } = g;
  const eligible = 'FROM vigie_tks WHERE in_cohort AND eligible';
  const parts: string[] = [];
  const groupPids = pids.filter((p) => p !== cityPid);
  if (groupPids.length) {
    const on = keys.map((k) => `x.k_${k} IS NOT DISTINCT FROM k.${k}`).join(' AND ');
    parts.push(`SELECT k.pid, x.created_at, x.closed_at, x.due
      FROM (SELECT ${keys.map((k) => `${keyExpr[k]} AS k_${k}, `).join('')}created_at, closed_at, due ${eligible}) x
      JOIN (SELECT * FROM ${SUMMARY_TABLE} WHERE pid IN (${groupPids.join(', ')})) k ON ${on}`);
  }
  if (cityPid !== null && pids.includes(cityPid)) parts.push(`SELECT ${cityPid} AS pid, created_at, closed_at, due ${eligible}`);
  return `
    WITH b AS (SELECT pid, ${tExpr} AS t0, closed_at IS NOT NULL AS ev FROM (${parts.join('\n    UNION ALL ')})
      WHERE ${filter}),
    steps AS (SELECT pid, ${cap === null ? 't0' : `CASE WHEN t0 > ${cap} THEN ${cap * 2} ELSE t0 END`} AS t,
        count(*) FILTER (WHERE ev${cap === null ? '' : ` AND t0 <= ${cap}`}) AS d, count(*) AS m FROM b GROUP BY ALL),
    nb AS (SELECT pid, sum(m)::BIGINT AS np, (sum(sum(m)) OVER (ORDER BY pid) - sum(m))::BIGINT AS base FROM steps GROUP BY pid),
    r AS (SELECT s.pid, s.t, s.d, s.m, nb.np,
        nb.np - (sum(s.m) OVER (ORDER BY s.pid, s.t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)::BIGINT - nb.base) + s.m AS n
      FROM steps s JOIN nb ON nb.pid = s.pid),
    w AS (SELECT pid, t, sum(ln(1 + (m - d) / (n - m))) OVER (PARTITION BY pid ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        AS lw FROM r WHERE m > d AND n > m),
    rw AS (SELECT r.*, w.lw FROM r LEFT JOIN w ON w.pid = r.pid AND w.t = r.t),
    k AS (SELECT *, CASE WHEN n = d THEN 0 ELSE (n - d) / np * exp(CASE WHEN lp = pid THEN lw0 ELSE 0 END) END AS sv
      FROM (SELECT *, last_value(CASE WHEN lw IS NOT NULL THEN pid END IGNORE NULLS) OVER before AS lp,
          last_value(lw IGNORE NULLS) OVER before AS lw0
        FROM rw WINDOW before AS (ORDER BY pid, t ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)))
    SELECT pid, any_value(np) AS n_all, max(t) AS t_max,
      min(t) FILTER (WHERE d > 0 AND sv <= 0.5 + 1e-9) AS p50,
      min(t) FILTER (WHERE d > 0 AND sv <= 0.1 + 1e-9) AS p90,
      arg_max(sv, t) FILTER (WHERE t <= 1) AS s1,
      max(CASE WHEN d > 0 AND d = n THEN 1 ELSE 0 END) AS z_any
    FROM k GROUP BY pid`;
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
  return `CREATE OR REPLACE TEMP TABLE ${SUMMARY_TABLE} AS
    WITH b AS (SELECT ${kmKeys.map((k) => `${k}, `).join('')}${ttcMsSql(A_)} AS t, CASE WHEN ${U_FILTER} THEN ${uSql(A_)} END AS u,
        closed_at IS NOT NULL AS ev
      FROM vigie_tks WHERE in_cohort AND eligible)
    SELECT (row_number() OVER ())::INTEGER AS pid, * FROM (
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
 * the step-by-step curve (kmCurveSql).
 */
export async function timeToClose(conn: DuckDBConnection, g: TicketGrouping, asOf: Date): Promise<(id: string) => KmResult> {
  const keys = g.keys;
  const A_ = ts(asOf);
  // Without keys the summaries hold the city-wide partition only, which is also the one group's.
  const kmKeysOf = (r: Record<string, unknown>) => (r.cw !== true ? [groupId(keys, r)] : keys.length ? ['city'] : ['city', groupId(keys, r)]);
  const ttc = new Map<string, { n: number; p50: number | null; p90: number | null }>();
  const slow: number[] = [];
  const ev = new Map<string, { n: number; eventual: number | null }>();
  const slowU: number[] = [];
  const idsOf = new Map<number, string[]>();
  let cityPid: number | null = null;
  await conn.run(kmSummarySql(g, A_));
  for (const r of await rows(conn, g.labelled(`SELECT * FROM ${SUMMARY_TABLE}`))) {
    const pid = num(r.pid);
    if (r.cw === true) cityPid = pid;
    if (num(r.n_all) === 0) continue;
    const ids = kmKeysOf(r);
    idsOf.set(pid, ids);
    const qs = ((r.q as unknown[] | null) ?? []).map(ms);
    const [q50, q90] = [qs[0] ?? null, qs[1] ?? null];
    const cMin = ms(r.c_min);
    const fast = q50 !== null && q90 !== null && Number.isFinite(q50) && Number.isFinite(q90) && (cMin === null || (q50 <= cMin && q90 <= cMin));
    const days = (x: number | null) => (fast && x !== null ? x / 86_400_000 : null);
    for (const id of ids) ttc.set(id, { n: num(r.n_all), p50: days(q50), p90: days(q90) });
    if (!fast) slow.push(pid);
    const un = num(r.u_n);
    const uMin = v(r.u_c_min);
    if (un === 0) continue;
    if (uMin === null || uMin >= 1) for (const id of ids) ev.set(id, { n: un, eventual: num(r.u_ev1) / un });
    else slowU.push(pid);
  }
  const days = (x: number | null) => (x === null ? null : x / 86_400_000);
  if (slow.length) {
    for (const r of await rows(conn, kmCurveSql(g, ttcMsSql(A_), 'true', slow, cityPid))) {
      for (const id of idsOf.get(num(r.pid)) ?? []) ttc.set(id, { n: num(r.n_all), p50: days(v(r.p50)), p90: days(v(r.p90)) });
    }
  }
  if (slowU.length) {
    for (const r of await rows(conn, kmCurveSql(g, uSql(A_), U_FILTER, slowU, cityPid, 1))) {
      const s1 = r.s1 === null || r.s1 === undefined ? 1 : Number(r.s1);
      // Beyond the follow-up: no ticket was observed up to one deadline and the curve has not reached zero.
      for (const id of idsOf.get(num(r.pid)) ?? []) {
        ev.set(id, { n: num(r.n_all), eventual: Number(r.t_max) < 1 && num(r.z_any) === 0 ? null : 1 - s1 });
      }
    }
  }
  return (id: string): KmResult => {
    const a = ttc.get(id);
    const b = ev.get(id);
    return { p50: a?.p50 ?? null, p90: a?.p90 ?? null, n: a?.n ?? 0, eventual: b && b.n > 0 ? b.eventual : null, eventual_n: b?.n ?? 0 };
  };
}
