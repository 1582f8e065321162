/**
 * The call query, and how its per-call groups are read (src/compliance/calls.ts turns them into groups): a plan holds
 * the SQL of the per-(group, outcome) counts and reads the nearest-rank percentiles of the answered waits, from the
 * calls themselves or from the calls' monthly cube (src/store/call-cube.ts) where it answers the query exactly. Groups
 * are bucketed in the city's zone through the table of UTC offsets per UTC hour (src/time/utc-offsets.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { asOfView, lit, rows, ts } from '../sql.ts';
import { createUtcOffsetTable } from '../time/utc-offsets.ts';
import { cubeZone, nearestRankSql, wholeMonths } from '../store/call-cube.ts';
import type { Standards } from '../standards/standards.ts';
import type { GroupKey } from './result.ts';

/** A call query: the period's UTC bounds, the store as known at `asOf` (null: as it is now), the group keys, a source. */
export interface CallQuery {
  fromUtc: Date;
  toUtc: Date;
  asOf: Date | null;
  by: GroupKey[];
  source?: string | undefined;
  standards: Standards;
  /** 'service_level': only the counts the three judged standards need — service level, abandonment and long waits
   * (per call: the count, those within the threshold, the short abandons and the long waits, by outcome) — and no wait
   * percentiles; every other metric null with a note. For callers that show nothing else (a trend). Default 'all'. */
  metrics?: CallMetricSet | undefined;
  /** false: read the calls themselves even where the calls' monthly cube answers the query (the tests compare both).
   * Default true. */
  cube?: boolean | undefined;
}

export type CallMetricSet = 'all' | 'service_level';

/** Local times are needed only to group by month, week or day: the period's bounds are UTC instants already. */
export function needsLocal(by: readonly GroupKey[]): boolean {
  return by.some((k) => k === 'month' || k === 'week' || k === 'day');
}

/** The SQL of each group key over the rows aliased `prefix`; the time buckets are those of the joined offsets `z`. */
export function keySqlFor(prefix: string): Record<GroupKey, string> {
  return {
    borough: `${prefix}.borough`, theme: `${prefix}.theme`, queue: `${prefix}.queue`, month: 'z.lmonth', week: 'z.lweek', day: 'z.lday_label',
  };
}

/** Nearest-rank percentiles of answered waits as the per-call path computes them: per group and city-wide. */
export interface Percentiles {
  /** Keyed by JSON of the group's keys (in `keys` order). */
  byGroup: Map<string, (number | null)[]>;
  city: (number | null)[];
}

/** How a query's groups are read: the SQL of the per-(group, outcome) counts, and the percentiles. */
export interface CallPlan {
  countsSql: string;
  percentiles(): Promise<Percentiles>;
}

/**
 * Nearest-rank 50th and 90th percentiles from histograms (one row per group and distinct wait, `n` calls each) and a
 * running count over each: the value at rank ⌈p · n⌉ (nearestRankSql: the numbers of `quantile_disc`), city-wide
 * (`g` true) and per group of `keys` (name → SQL expression) in one statement.
 */
function histogramPercentilesSql(keys: [string, string][], wait: string, n: string, from: string, where: string): string {
  const part = ['g', ...keys.map(([k]) => k)].join(', ');
  const exprs = keys.map(([, e]) => e);
  return `WITH h AS (
      SELECT ${keys.map(([k, e]) => `${e} AS ${k}, `).join('')}${wait} AS w, ${n} AS n,
        ${keys.length ? `grouping(${exprs.join(', ')}) > 0` : 'true'} AS g
      FROM ${from} WHERE ${where}
      GROUP BY ${keys.length ? `GROUPING SETS ((${[...exprs, wait].join(', ')}), (${wait}))` : wait}),
    r AS (SELECT *, sum(n) OVER (PARTITION BY ${part} ORDER BY w ROWS UNBOUNDED PRECEDING) AS cum, sum(n) OVER (PARTITION BY ${part}) AS tot FROM h)
    SELECT ${part}, min(w) FILTER (WHERE cum >= ${nearestRankSql(0.5, 'tot')}) AS p50, min(w) FILTER (WHERE cum >= ${nearestRankSql(0.9, 'tot')}) AS p90
    FROM r GROUP BY ALL`;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Runs a histogramPercentilesSql statement into {@link Percentiles}. */
async function histogramPercentiles(conn: DuckDBConnection, sql: string, keys: readonly string[], into: Percentiles): Promise<Percentiles> {
  for (const r of await rows(conn, sql)) {
    const pq = [num(r.p50), num(r.p90)];
    if (r.g) into.city = pq;
    else into.byGroup.set(JSON.stringify(keys.map((k) => r[k] ?? null)), pq);
  }
  return into;
}

/**
 * The calls themselves: one scan aggregates the period's calls per group × outcome (a few counts and sums each), and
 * the answered waits' histograms give the percentiles, city-wide and per group. Measured on 10 million calls: for a
 * few large groups (months) the histograms are several times faster than `quantile_disc`, which sorts every wait; for
 * many small groups (borough × queue) `quantile_disc` in the main scan is faster, so groups that are not only time
 * buckets take it there (the numbers are the same: checked in tests).
 */
export async function rawPlan(conn: DuckDBConnection, q: CallQuery): Promise<CallPlan> {
  const s = q.standards.calls;
  const T = s.service_level.threshold_seconds;
  const S = s.abandonment.short_abandon_seconds;
  const local = needsLocal(q.by) ? await createUtcOffsetTable(conn, q.standards.timezone, q.fromUtc.getTime(), q.toUtc.getTime()) : null;
  const view = asOfView('calls', q.asOf);
  const keys = q.by;
  const keySql = keySqlFor('c');
  const histKeys = keys.every((k) => k === 'month' || k === 'week' || k === 'day') ? keys : [];
  const where = `c.queued_at >= ${ts(q.fromUtc)} AND c.queued_at < ${ts(q.toUtc)}
      ${q.source ? `AND c.source = ${lit(q.source)}` : ''}`;
  const slOnly = q.metrics === 'service_level';
  const countsSql = `SELECT ${keys.map((k) => `${keySql[k]} AS ${k}, `).join('')}c.outcome AS outcome, count(*) AS n,
      count(*) FILTER (WHERE c.wait_seconds ${s.service_level.boundary} ${T}) AS within,
      ${S > 0 ? `count(*) FILTER (WHERE c.wait_seconds <= ${S})` : '0'} AS short,
      count(*) FILTER (WHERE c.wait_seconds >= ${s.long_wait.seconds}) AS long
      ${slOnly ? '' : `, coalesce(sum(c.wait_seconds), 0) AS wait_sum,
      count(*) FILTER (WHERE c.agent_site IS NOT NULL AND c.borough IS NOT NULL) AS with_site,
      count(*) FILTER (WHERE c.agent_site = c.borough) AS local,
      count(*) FILTER (WHERE c.transferred) AS transferred, count(c.transferred) AS transfer_known`}
      ${histKeys.length === keys.length || slOnly ? '' : `, quantile_disc(c.wait_seconds, [0.5, 0.9]) FILTER (WHERE c.outcome = 'answered') AS pq`}
    FROM ${view} c ${local ? `JOIN utc_offsets z ON z.k = ${local.key('c.queued_at')}` : ''}
    WHERE ${where}
    GROUP BY ALL ORDER BY ${[...keys, 'outcome'].map((k) => `${k} NULLS FIRST`).join(', ')}`;
  return {
    countsSql,
    percentiles: () => histogramPercentiles(conn, histogramPercentilesSql(histKeys.map((k) => [k, keySql[k]]), 'c.wait_seconds', 'count(*)',
      `${view} c ${local && histKeys.length ? `JOIN utc_offsets z ON z.k = ${local.key('c.queued_at')}` : ''}`,
      `${where} AND c.outcome = 'answered' AND c.wait_seconds IS NOT NULL`), histKeys, { byGroup: new Map(), city: [null, null] }),
  };
}

/**
 * The calls' monthly cube (src/store/call-cube.ts), for a query it answers exactly: the current calls (no --as-of),
 * every source, whole local months in the cube's zone, groups of borough, queue and month. The counts are sums over the
 * cube's rows (each distinct wait is a row, so every threshold test is exact); the percentiles of a group within one
 * month come from the cube's percentile table, those over several months from the cube's histograms. Null when the
 * query needs the calls themselves.
 */
export async function cubePlan(conn: DuckDBConnection, q: CallQuery): Promise<CallPlan | null> {
  if (q.cube === false || q.asOf || q.source || !q.by.every((k) => k === 'borough' || k === 'queue' || k === 'month')) return null;
  const zone = q.standards.timezone;
  const months = wholeMonths(zone, q.fromUtc, q.toUtc);
  if (!months || (await cubeZone(conn)) !== zone) return null;
  const s = q.standards.calls;
  const T = s.service_level.threshold_seconds;
  const S = s.abandonment.short_abandon_seconds;
  const keys = q.by;
  const inMonths = `month >= ${lit(months.first)} AND month <= ${lit(months.last)}`;
  const countsSql = `SELECT ${keys.map((k) => `${k}, `).join('')}outcome, sum(n) AS n,
      sum(n) FILTER (WHERE wait ${s.service_level.boundary} ${T}) AS within,
      ${S > 0 ? `sum(n) FILTER (WHERE wait <= ${S})` : '0'} AS short, sum(wait_sum) AS wait_sum,
      sum(n) FILTER (WHERE wait >= ${s.long_wait.seconds}) AS long, sum(with_site) AS with_site, sum(local) AS local,
      sum(transferred) AS transferred, sum(transfer_known) AS transfer_known
    FROM call_cube WHERE ${inMonths}
    GROUP BY ALL ORDER BY ${[...keys, 'outcome'].map((k) => `${k} NULLS FIRST`).join(', ')}`;
  const percentiles = async (): Promise<Percentiles> => {
    const out: Percentiles = { byGroup: new Map(), city: [null, null] };
    const oneMonth = months.first === months.last;
    const perGroup = oneMonth || keys.includes('month');
    // the percentile table's level: grouping(borough, queue), 1 for each of them left out
    const level = (keys.includes('borough') ? 0 : 2) + (keys.includes('queue') ? 0 : 1);
    if (perGroup && keys.length) {
      for (const r of await rows(conn, `SELECT ${keys.join(', ')}, p50, p90 FROM call_cube_pct WHERE level = ${level} AND ${inMonths}`)) {
        out.byGroup.set(JSON.stringify(keys.map((k) => r[k] ?? null)), [num(r.p50), num(r.p90)]);
      }
    }
    if (oneMonth) {
      const [c] = await rows(conn, `SELECT p50, p90 FROM call_cube_pct WHERE level = 3 AND month = ${lit(months.first)}`);
      if (c) out.city = [num(c.p50), num(c.p90)];
      return out;
    }
    const histKeys = perGroup ? [] : keys;
    return histogramPercentiles(conn, histogramPercentilesSql(histKeys.map((k) => [k, k]), 'wait', 'sum(n)', 'call_cube',
      `${inMonths} AND outcome = 'answered'`), histKeys, out);
  };
  return { countsSql, percentiles };
}
