/**
 * The calls' monthly cube: what a month's call compliance per borough × queue needs, kept by the import so that a
 * monthly table reads the month's distinct waits instead of every call of the month (bench:calls, 10 million calls
 * of a year on 2 vCPUs: twelve monthly tables 1.60 s, against 2.87 s for the hand SQL reading the calls; the import
 * builds the cube in 6.5 s of 49.1 s).
 *
 * `call_cube`: one row per (local month, borough, queue, outcome, wait in seconds) of the current calls (the `calls`
 * view, every source), with the count of calls and the sums a group's counts need (waits, calls with an agent site,
 * answered locally, transfers known and made). Exact: every count that compares a wait with a threshold (service level
 * at T with `<` or `<=`, short abandons ≤ S, long waits ≥ L) is a sum over the rows whose `wait` passes, whatever the
 * standards file says, since each distinct wait is its own row.
 *
 * `call_cube_pct`: the nearest-rank 50th and 90th percentiles of the answered waits per month at four levels — borough
 * × queue (level 0), borough (1), queue (2) and city-wide (3), the values of DuckDB's `grouping(borough, queue)` —
 * computed from the cube's histograms with the rank rule of {@link nearestRankSql} (that of `quantile_disc`). A
 * percentile over several months does not come from months' percentiles: callers compute it from the cube's rows.
 *
 * Months are local months in one zone, `meta.call_cube_zone` (the zone of the import that last built the cube); a
 * query in another zone reads the calls themselves. The import rebuilds the months its rows touch (new versions and
 * the versions they supersede), in the transaction that writes them: the cube always describes the committed calls.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createUtcOffsetTable } from '../time/utc-offsets.ts';
import { parsePeriod } from '../time/periods.ts';
import { toLocalIso } from '../time/zone.ts';
import { lit, rows } from '../sql.ts';

/** The cube's tables: derived from the calls, rebuilt (never versioned) by each calls import. */
export const DERIVED_TABLES = ['call_cube', 'call_cube_pct'];

export const CUBE_TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS call_cube (
    month VARCHAR NOT NULL, borough VARCHAR, queue VARCHAR, outcome VARCHAR NOT NULL, wait DOUBLE NOT NULL,
    n BIGINT NOT NULL, wait_sum DOUBLE NOT NULL, with_site BIGINT NOT NULL, local BIGINT NOT NULL,
    transferred BIGINT NOT NULL, transfer_known BIGINT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS call_cube_pct (
    month VARCHAR NOT NULL, level TINYINT NOT NULL, borough VARCHAR, queue VARCHAR, answered BIGINT NOT NULL,
    p50 DOUBLE NOT NULL, p90 DOUBLE NOT NULL
  );`;

/**
 * The nearest rank of p over `tot` items, ⌈p · tot⌉ clamped to [1, tot], with a tolerance on p · tot for the binary
 * rounding of p (0.9 · 10 is 9.000000000000002): the rule of metrics' nearestRankOfCounts and of `quantile_disc`.
 */
export function nearestRankSql(p: number, tot: string): string {
  return `least(${tot}, greatest(1, CASE WHEN abs(${p} * ${tot} - round(${p} * ${tot})) <= 1e-9 * greatest(1, ${p} * ${tot})
      THEN round(${p} * ${tot}) ELSE ceil(${p} * ${tot}) END))`;
}

/** The zone of the cube's months, or null when the store has no cube (an older store opened read-only, or no calls). */
export async function cubeZone(conn: DuckDBConnection): Promise<string | null> {
  const r = await rows(conn, `SELECT value FROM meta WHERE key = 'call_cube_zone'`);
  return r.length ? String(r[0]!.value) : null;
}

/** `YYYY-MM` of an instant in `zone`. */
const monthOf = (zone: string, ms: number) => toLocalIso(zone, ms).slice(0, 7);

/**
 * Whether [fromUtc, toUtc) is a run of whole local months in `zone` (its bounds are where the local month changes);
 * their first and last labels if so.
 */
export function wholeMonths(zone: string, fromUtc: Date, toUtc: Date): { first: string; last: string } | null {
  const from = fromUtc.getTime();
  const to = toUtc.getTime();
  // labels change on whole local seconds (offsets are whole minutes): bounds on whole seconds are compared by seconds
  if (!(to > from) || from % 1000 !== 0 || to % 1000 !== 0) return null;
  const first = monthOf(zone, from);
  const last = monthOf(zone, to - 1000);
  if (monthOf(zone, from - 1000) === first || monthOf(zone, to) === last) return null;
  return { first, last };
}

/**
 * Rebuilds the cube's months that hold calls queued in [fromUtc, toUtc] (both instants included; null: every month),
 * in `zone`. When the cube is in another zone, or `fromUtc` is null, the whole cube is rebuilt in `zone`.
 * Runs inside the caller's transaction.
 */
export async function refreshCallCube(conn: DuckDBConnection, zone: string, fromUtc: Date | null, toUtc: Date | null,
  trace?: (step: string, ms: number) => void): Promise<void> {
  const t0 = performance.now();
  const whole = fromUtc === null || toUtc === null || (await cubeZone(conn)) !== zone;
  let first: string;
  let last: string;
  if (whole) {
    const span = (await rows(conn, `SELECT min(queued_at) AS a, max(queued_at) AS b FROM calls`))[0]!;
    await conn.run(`DELETE FROM call_cube; DELETE FROM call_cube_pct;
      INSERT OR REPLACE INTO meta VALUES ('call_cube_zone', ${lit(zone)})`);
    if (!span.a) {
      trace?.('call cube (no calls)', performance.now() - t0);
      return;
    }
    first = monthOf(zone, (span.a as Date).getTime());
    last = monthOf(zone, (span.b as Date).getTime());
  } else {
    first = monthOf(zone, fromUtc.getTime());
    last = monthOf(zone, toUtc.getTime());
  }
  // the months' bounds as a `--from first --to last` query has them
  const bounds = parsePeriod({ from: first, to: last }, zone, 'en', last);
  const fromMs = bounds.fromUtc.getTime();
  const toMs = bounds.toUtc.getTime();
  const local = await createUtcOffsetTable(conn, zone, fromMs, toMs);
  const months = `month >= ${lit(first)} AND month <= ${lit(last)}`;
  // the months' calls by their local label (z.lmonth), within an hour-table that reaches a day past the months' bounds
  const range = `c.queued_at >= make_timestamptz(${fromMs - 86_400_000}::BIGINT * 1000)
    AND c.queued_at < make_timestamptz(${toMs + 86_400_000}::BIGINT * 1000) AND z.lmonth >= ${lit(first)} AND z.lmonth <= ${lit(last)}`;
  if (!whole) await conn.run(`DELETE FROM call_cube WHERE ${months}; DELETE FROM call_cube_pct WHERE ${months}`);
  await conn.run(`INSERT INTO call_cube
    SELECT z.lmonth, c.borough, c.queue, c.outcome, c.wait_seconds, count(*), sum(c.wait_seconds),
      count(*) FILTER (WHERE c.agent_site IS NOT NULL AND c.borough IS NOT NULL), count(*) FILTER (WHERE c.agent_site = c.borough),
      count(*) FILTER (WHERE c.transferred), count(c.transferred)
    FROM calls c JOIN utc_offsets z ON z.k = ${local.key('c.queued_at')}
    WHERE ${range}
    GROUP BY ALL ORDER BY 1`);
  await conn.run(`INSERT INTO call_cube_pct
    WITH h AS (
      SELECT month, grouping(borough, queue)::TINYINT AS level, borough, queue, wait, sum(n) AS n
      FROM call_cube WHERE ${months} AND outcome = 'answered'
      GROUP BY GROUPING SETS ((month, borough, queue, wait), (month, borough, wait), (month, queue, wait), (month, wait))),
    r AS (SELECT *, sum(n) OVER (PARTITION BY month, level, borough, queue ORDER BY wait ROWS UNBOUNDED PRECEDING) AS cum,
        sum(n) OVER (PARTITION BY month, level, borough, queue) AS tot FROM h)
    SELECT month, level, borough, queue, any_value(tot), min(wait) FILTER (WHERE cum >= ${nearestRankSql(0.5, 'tot')}),
      min(wait) FILTER (WHERE cum >= ${nearestRankSql(0.9, 'tot')})
    FROM r GROUP BY month, level, borough, queue ORDER BY 1, 2, 3, 4`);
  trace?.(`call cube ${first}…${last}${whole ? ' (whole)' : ''}`, performance.now() - t0);
}
