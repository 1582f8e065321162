/**
 * The calls benchmark's reference: the SQL an analyst would write by hand against a vigie store to get the call
 * numbers of `vigie compliance --kind calls --by borough,queue` for each local month of 2018, and the comparison of
 * both answers.
 *
 * The SQL reads the store's documented current view `calls` (the same view vigie reads) and uses DuckDB's ICU time
 * zones for Montréal local time: a monthly query turns the local month's bounds into instants,
 * `queued_at >= timezone('America/Toronto', TIMESTAMP '2018-03-01')` (two constants, no per-row conversion); the yearly
 * query buckets each call by `strftime(timezone('America/Toronto', queued_at), '%Y-%m')` (a per-row conversion).
 * City-wide rows come from GROUPING SETS. For information, the monthly queries are also run on the `call_versions`
 * table under the view (the same rows while the store holds one version per call, as after the benchmark's one drop):
 * the difference is what reading through the view costs (a window over every version before schema 4, a filter since).
 *
 * Service level = answered with a wait under 100 s / (answered + abandoned) (the standards' F3, boundary "<");
 * abandonment = abandoned / offered; long waits = answered or abandoned calls that waited 1500 s or more; p50/p90 are
 * nearest-rank (quantile_disc) over answered waits.
 */
import type { DuckDBValue } from '@duckdb/node-api';

export const MONTHS = Array.from({ length: 12 }, (_, i) => `2018-${String(i + 1).padStart(2, '0')}`);

/** How vigie opens a store for reading (src/store/db.ts openStore): read-only, 512 MB, 2 threads, no extension loading. */
export const STORE_OPTIONS = {
  access_mode: 'READ_ONLY',
  memory_limit: '512MB',
  threads: '2',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
};

/** One group's numbers, as both sides give them. `city_wide` groups have no borough or queue. */
export interface GroupNumbers {
  month: string;
  borough: string | null;
  queue: string | null;
  city_wide: boolean;
  offered: number;
  answered: number;
  abandoned: number;
  /** Service level (F3, < 100 s): numerator and denominator. */
  sl_num: number;
  sl_den: number;
  abandonment_num: number;
  abandonment_den: number;
  answered_wait_sum: number;
  p50: number | null;
  p90: number | null;
  long_waits: number;
  answered_locally: number;
}

export const COMPARED = ['offered', 'answered', 'abandoned', 'sl_num', 'sl_den', 'abandonment_num', 'abandonment_den',
  'answered_wait_sum', 'p50', 'p90', 'long_waits', 'answered_locally'] as const;

const MEASURES = `
    count(*) FILTER (WHERE outcome IN ('answered', 'abandoned', 'timeout')) AS offered,
    count(*) FILTER (WHERE outcome = 'answered') AS answered,
    count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
    count(*) FILTER (WHERE outcome = 'answered' AND wait_seconds < 100) AS answered_under_100,
    count(*) FILTER (WHERE outcome = 'answered' AND wait_seconds < 100)
      / count(*) FILTER (WHERE outcome IN ('answered', 'abandoned')) AS service_level,
    count(*) FILTER (WHERE outcome = 'abandoned')
      / count(*) FILTER (WHERE outcome IN ('answered', 'abandoned', 'timeout')) AS abandonment,
    sum(wait_seconds) FILTER (WHERE outcome = 'answered') AS answered_wait_sum,
    quantile_disc(wait_seconds, 0.5) FILTER (WHERE outcome = 'answered') AS p50,
    quantile_disc(wait_seconds, 0.9) FILTER (WHERE outcome = 'answered') AS p90,
    count(*) FILTER (WHERE outcome IN ('answered', 'abandoned') AND wait_seconds >= 1500) AS long_waits,
    count(*) FILTER (WHERE outcome = 'answered' AND agent_site = borough) AS answered_locally`;

const nextMonth = (m: string) => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
};

/** One local month (`YYYY-MM`), per borough × queue and city-wide: its bounds are turned into instants once. */
export function monthSql(month: string, from: 'calls' | 'call_versions' = 'calls'): string {
  return `SELECT '${month}' AS month, borough, queue, grouping(borough, queue) <> 0 AS city_wide,${MEASURES}
  FROM ${from}
  WHERE queued_at >= timezone('America/Toronto', TIMESTAMP '${month}-01')
    AND queued_at < timezone('America/Toronto', TIMESTAMP '${nextMonth(month)}-01')
  GROUP BY GROUPING SETS ((borough, queue), ())`;
}

/** The 12 local months of 2018 in one query: per month × borough × queue and per month city-wide. */
export function yearSql(): string {
  return `WITH c AS (SELECT *, timezone('America/Toronto', queued_at) AS local_at FROM calls)
  SELECT strftime(local_at, '%Y-%m') AS month, borough, queue, grouping(borough, queue) <> 0 AS city_wide,${MEASURES}
  FROM c
  WHERE local_at >= TIMESTAMP '2018-01-01' AND local_at < TIMESTAMP '2019-01-01'
  GROUP BY GROUPING SETS ((month, borough, queue), (month))`;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function fromSqlRows(rows: Record<string, DuckDBValue | unknown>[]): GroupNumbers[] {
  return rows.map((r) => ({
    month: String(r.month), borough: strOrNull(r.borough), queue: strOrNull(r.queue), city_wide: r.city_wide === true,
    offered: num(r.offered), answered: num(r.answered), abandoned: num(r.abandoned),
    sl_num: num(r.answered_under_100), sl_den: num(r.answered) + num(r.abandoned),
    abandonment_num: num(r.abandoned), abandonment_den: num(r.offered),
    answered_wait_sum: numOrNull(r.answered_wait_sum) ?? 0, p50: numOrNull(r.p50), p90: numOrNull(r.p90),
    long_waits: num(r.long_waits), answered_locally: num(r.answered_locally),
  }));
}

interface ComplianceJson {
  groups: { borough: string | null; queue: string | null;
    metrics: Record<string, { value: number | null; numerator: number | null; denominator: number | null }> }[];
}

/** The same numbers from `vigie compliance --json` (the first group is the city-wide one). */
export function fromCompliance(month: string, report: ComplianceJson): GroupNumbers[] {
  return report.groups.map((g, i) => {
    const m = (id: string) => {
      const r = g.metrics[id];
      if (!r) throw new Error(`metric ${id} missing`);
      return r;
    };
    return {
      month, borough: g.borough, queue: g.queue, city_wide: i === 0,
      offered: num(m('calls.offered').value), answered: num(m('calls.answered').value), abandoned: num(m('calls.abandoned').value),
      sl_num: num(m('calls.service_level').numerator), sl_den: num(m('calls.service_level').denominator),
      abandonment_num: num(m('calls.abandonment_rate').numerator), abandonment_den: num(m('calls.abandonment_rate').denominator),
      answered_wait_sum: num(m('calls.asa_seconds').numerator), p50: m('calls.wait_p50_seconds').value,
      p90: m('calls.wait_p90_seconds').value, long_waits: num(m('calls.long_wait_share').numerator),
      answered_locally: num(m('calls.answered_locally_share').numerator),
    };
  });
}

const key = (g: GroupNumbers) => (g.city_wide ? `${g.month} city-wide` : `${g.month} ${g.borough ?? '∅'} × ${g.queue ?? '∅'}`);

export interface Comparison {
  agree: boolean;
  groups: number;
  city_wide_groups: number;
  /** Groups where the service-level numerator or denominator differ (the required check), then any other number. */
  service_level_mismatches: string[];
  other_mismatches: string[];
  only_left: string[];
  only_right: string[];
}

/** Compares two answers group by group; every group of one must be in the other with the same numbers. */
export function compare(left: GroupNumbers[], right: GroupNumbers[]): Comparison {
  const r = new Map(right.map((g) => [key(g), g]));
  const l = new Map(left.map((g) => [key(g), g]));
  const out: Comparison = { agree: true, groups: 0, city_wide_groups: 0, service_level_mismatches: [], other_mismatches: [], only_left: [], only_right: [] };
  for (const [k, a] of l) {
    const b = r.get(k);
    if (!b) {
      out.only_left.push(k);
      continue;
    }
    out.groups++;
    if (a.city_wide) out.city_wide_groups++;
    for (const f of COMPARED) {
      if (a[f] === b[f]) continue;
      const line = `${k}: ${f} ${a[f]} vs ${b[f]}`;
      if (f === 'sl_num' || f === 'sl_den') out.service_level_mismatches.push(line);
      else out.other_mismatches.push(line);
    }
  }
  for (const k of r.keys()) if (!l.has(k)) out.only_right.push(k);
  out.agree = !out.service_level_mismatches.length && !out.other_mismatches.length && !out.only_left.length && !out.only_right.length;
  return out;
}
