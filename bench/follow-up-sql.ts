/**
 * The follow-up benchmark's reference: the SQL an analyst would write by hand against a vigie store to get the counts
 * of `vigie follow-up --json` (the summary) and of `vigie follow-up --by borough,theme --json` (the groups), straight
 * from `ticket_versions`, `drops` and `ticket_absences`, following docs/methods.md §2.9 with the defaults (every
 * request, as of the latest snapshot, stale after 30 days, repeats within 30 days and 50 m); and the comparison of
 * both answers.
 *
 * What the SQL takes for granted, true of the benchmark store (bench/gen-follow-up-store.ts) and checked by
 * `checkStore`: drops imported in snapshot order (no stale version to leave out), one snapshot time per drop (so a
 * request's versions are ordered by their snapshot alone). Under that:
 * - scope: the versions of requests (nature not information) up to the latest snapshot A; cadence = the median
 *   interval between consecutive snapshots;
 * - a version starts a spell when it is a request's first, or its status as written or its unit differs from the
 *   previous version's; the spell's start: the status time when the status changed and that time lies after the
 *   previous snapshot and at or before this one; else this snapshot. A first spell starts at its status time when it is
 *   not after the snapshot, else at the creation when the snapshot is within one cadence of it; unknown otherwise, and
 *   then the snapshot stands for it (the status time of a close is its close time when the source gives none);
 * - first close: the start of the first version with a closing status (closed, cancelled, refused, duplicate);
 *   reopened: a version with an open status after one with a closing status;
 * - a transfer: a version whose unit differs from the last unit known before it, that unit not an intake unit (its name
 *   holds the number 311 on its own); bounced: one transfer or more, bounced twice: two or more;
 * - the request's status, borough, theme, category and point: its latest version's;
 * - vanished: absent from the latest snapshot drop of its source (`ticket_absences`);
 * - stale open: open now, not vanished, its last spell started 30 days or more before A;
 * - repeat after close: another request of the same category with a point, created after the first close and at most
 *   30 days after it, within 50 m (haversine, radius 6,371,008.8 m) of the closed request's point; found by a grid of
 *   cells wider than 50 m, each closed request looked for in its cell and the eight around it;
 * - resolved once: status closed now, never reopened, never transferred, no repeat.
 *
 * City-wide and per group (borough × theme) from GROUPING SETS. Compared: tracked, reopened, bounced, bounced_twice,
 * stale_open, repeats_after_close, vanished, resolved_once; not compared (the SQL does not compute them): the rates,
 * the details, the Kaplan–Meier times and the time in each status (vigie's time includes them).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Comparison } from './compliance-sql.ts';

export type { Comparison };

export { STORE_OPTIONS } from './calls-sql.ts';

export const BY = 'borough,theme';
export const COUNTS = ['tracked', 'reopened', 'bounced', 'bounced_twice', 'stale_open', 'repeats_after_close', 'vanished', 'resolved_once'] as const;
export type Count = (typeof COUNTS)[number];
export type Counts = Record<Count, number>;

export interface FollowUpNumbers {
  summary: Counts;
  /** Per borough × theme, keyed `borough|theme` (an empty borough written `(none)`); none for the summary task. */
  groups: { key: string; counts: Counts }[];
}

const STALE_DAYS = 30;
const REPEAT_DAYS = 30;
const REPEAT_METRES = 50;
const EARTH_M = 6_371_008.8;
/** Grid cells, in degrees of latitude: 0.0005° ≈ 55.6 m, wider than REPEAT_METRES (longitude: divided by the cosine). */
const CELL_DEG = 0.0005;
if ((CELL_DEG * Math.PI * EARTH_M) / 180 <= REPEAT_METRES) throw new Error('follow-up-sql: grid cells narrower than the repeat distance');
const CLOSES = `('closed', 'cancelled', 'refused', 'duplicate')`;
/** An intake unit: the number 311 on its own in its name. */
const INTAKE = String.raw`'(^|\D)311(\D|$)'`;

/** Refuses a store the SQL's shortcuts do not hold for: a drop older than an earlier one, two drops at one snapshot. */
export async function checkStore(conn: DuckDBConnection): Promise<void> {
  const r = (await conn.runAndReadAll(`SELECT
      count(*) FILTER (WHERE snapshot_time < prior) AS backwards, count(*) - count(DISTINCT (source, snapshot_time)) AS shared,
      count(DISTINCT snapshot_time) AS snapshots
    FROM (SELECT source, snapshot_time, max(snapshot_time) OVER (PARTITION BY source ORDER BY drop_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prior
      FROM drops WHERE kind = 'tickets')`)).getRowObjectsJS()[0]!;
  if (Number(r.backwards) || Number(r.shared)) throw new Error(`the hand SQL needs drops in snapshot order, one per snapshot (${r.backwards} backwards, ${r.shared} shared)`);
  if (Number(r.snapshots) < 2) throw new Error('follow-up needs two snapshots or more');
}

/** The counts, city-wide only, or city-wide and by borough × theme (`grouped`). */
export function followUpSql(grouped: boolean): string {
  const hav = `2 * ${EARTH_M} * asin(sqrt(pow(sin(radians(n.lat - c.lat) / 2), 2)
      + cos(radians(c.lat)) * cos(radians(n.lat)) * pow(sin(radians(n.lon - c.lon) / 2), 2)))`;
  return `
  WITH snaps AS (SELECT DISTINCT snapshot_time AS t FROM drops WHERE kind = 'tickets'),
  cfg AS (
    SELECT max(t) AS as_of, (SELECT median(ms) FROM (SELECT epoch_ms(t) - epoch_ms(lag(t) OVER (ORDER BY t)) AS ms FROM snaps)) AS cadence_ms
    FROM snaps),
  ver AS (
    SELECT source, id, valid_from AS seen, created_at, status, status IN ${CLOSES} AS term, coalesce(status_raw, status) AS label,
      unit_raw AS unit, coalesce(status_at, CASE WHEN status IN ${CLOSES} THEN closed_at END) AS st,
      borough, theme, category, latitude, longitude,
      lag(coalesce(status_raw, status)) OVER w AS prev_label, lag(unit_raw) OVER w AS prev_unit, lag(valid_from) OVER w AS prev_seen,
      lag(unit_raw IGNORE NULLS) OVER w AS prev_known_unit
    FROM ticket_versions
    WHERE nature <> 'information' AND valid_from <= (SELECT as_of FROM cfg)
    WINDOW w AS (PARTITION BY source, id ORDER BY valid_from)),
  step AS (
    SELECT *,
      prev_seen IS NULL OR label IS DISTINCT FROM prev_label OR unit IS DISTINCT FROM prev_unit AS changed,
      CASE WHEN prev_seen IS NULL THEN CASE WHEN st <= seen THEN st
          WHEN epoch_ms(seen) - epoch_ms(created_at) <= (SELECT cadence_ms FROM cfg) THEN created_at ELSE seen END
        WHEN label IS DISTINCT FROM prev_label AND st > prev_seen AND st <= seen THEN st
        ELSE seen END AS since,
      unit IS NOT NULL AND prev_known_unit IS NOT NULL AND unit <> prev_known_unit AND NOT regexp_matches(prev_known_unit, ${INTAKE}) AS transfer
    FROM ver),
  req AS (
    SELECT source, id,
      arg_max_null(status, seen) AS status_now, arg_max_null(borough, seen) AS borough, arg_max_null(theme, seen) AS theme,
      arg_max_null(category, seen) AS category, arg_max_null(latitude, seen) AS lat, arg_max_null(longitude, seen) AS lon,
      min(created_at) AS created_at,
      arg_min(since, seen) FILTER (WHERE term) AS first_close_at,
      coalesce(max(seen) FILTER (WHERE NOT term) > min(seen) FILTER (WHERE term), false) AS reopened,
      count(*) FILTER (WHERE transfer) AS transfers,
      arg_max(since, seen) FILTER (WHERE changed) AS last_change_at
    FROM step GROUP BY source, id),
  gone AS (
    SELECT DISTINCT x.source, x.id FROM ticket_absences x
    JOIN (SELECT source, arg_max(drop_id, snapshot_time) AS drop_id FROM drops WHERE kind = 'tickets' GROUP BY source) l USING (source, drop_id)),
  grid AS (SELECT ${CELL_DEG} / cos(radians(least(89, max(abs(lat))))) AS lon_deg FROM req WHERE lat IS NOT NULL AND lon IS NOT NULL),
  placed AS (
    SELECT source, id, category, lat, lon, created_at, first_close_at,
      floor(lat / ${CELL_DEG})::BIGINT AS gy, floor(lon / (SELECT lon_deg FROM grid))::BIGINT AS gx
    FROM req WHERE lat IS NOT NULL AND lon IS NOT NULL AND category IS NOT NULL),
  probe AS (
    SELECT c.*, c.gy + dy AS py, c.gx + dx AS px FROM placed c, range(-1, 2) a(dy), range(-1, 2) b(dx) WHERE c.first_close_at IS NOT NULL),
  repeated AS (
    SELECT DISTINCT c.source, c.id FROM probe c
    JOIN placed n ON n.source = c.source AND n.category = c.category AND n.gy = c.py AND n.gx = c.px
    WHERE n.id <> c.id AND n.created_at > c.first_close_at AND n.created_at <= c.first_close_at + INTERVAL ${REPEAT_DAYS} DAY
      AND n.created_at <= (SELECT as_of FROM cfg) AND ${hav} <= ${REPEAT_METRES}),
  fu AS (
    SELECT r.*, g.id IS NOT NULL AS vanished, p.id IS NOT NULL AS rep,
      r.status_now NOT IN ${CLOSES} AND g.id IS NULL AND r.last_change_at <= (SELECT as_of FROM cfg) - INTERVAL ${STALE_DAYS} DAY AS stale
    FROM req r LEFT JOIN gone g USING (source, id) LEFT JOIN repeated p USING (source, id))
  SELECT ${grouped ? 'borough, theme, GROUPING(borough, theme) AS city_wide, ' : ''}count(*) AS tracked,
    count(*) FILTER (WHERE reopened) AS reopened, count(*) FILTER (WHERE transfers >= 1) AS bounced,
    count(*) FILTER (WHERE transfers >= 2) AS bounced_twice, count(*) FILTER (WHERE stale) AS stale_open,
    count(*) FILTER (WHERE rep) AS repeats_after_close, count(*) FILTER (WHERE vanished) AS vanished,
    count(*) FILTER (WHERE status_now = 'closed' AND NOT reopened AND transfers = 0 AND NOT rep) AS resolved_once
  FROM fu${grouped ? ' GROUP BY GROUPING SETS ((), (borough, theme))' : ''}`;
}

const keyOf = (borough: unknown, theme: unknown) => `${borough === null || borough === undefined ? '(none)' : String(borough)}|${String(theme)}`;
const countsOf = (r: Record<string, unknown>): Counts => Object.fromEntries(COUNTS.map((c) => [c, Number(r[c] ?? 0)])) as Counts;

/** The SQL's rows as numbers. */
export function fromSqlRows(rows: Record<string, unknown>[]): FollowUpNumbers {
  const city = rows.find((r) => r.city_wide === undefined || Number(r.city_wide) !== 0);
  if (!city) throw new Error('hand SQL: no city-wide row');
  return {
    summary: countsOf(city),
    groups: rows.filter((r) => r.city_wide !== undefined && Number(r.city_wide) === 0).map((r) => ({ key: keyOf(r.borough, r.theme), counts: countsOf(r) })),
  };
}

/** vigie's JSON (FollowUpResult) as numbers. */
export function fromVigie(json: { summary: Record<string, unknown>; groups: { key: Record<string, unknown> }[] }): FollowUpNumbers {
  return {
    summary: countsOf(json.summary),
    groups: json.groups.map((g) => ({ key: keyOf(g.key.borough, g.key.theme), counts: countsOf(g as unknown as Record<string, unknown>) })),
  };
}

/** vigie's numbers (left) against the SQL's (right): the summary, and the groups when `withGroups`. */
export function compare(left: FollowUpNumbers, right: FollowUpNumbers, withGroups: boolean): Comparison {
  const mismatches: string[] = [];
  const diff = (where: string, a: Counts, b: Counts) => {
    for (const c of COUNTS) if (a[c] !== b[c]) mismatches.push(`${where} ${c}: vigie ${a[c]}, SQL ${b[c]}`);
  };
  diff('city-wide', left.summary, right.summary);
  const only_left: string[] = [];
  const only_right: string[] = [];
  if (withGroups) {
    const r = new Map(right.groups.map((g) => [g.key, g.counts]));
    const l = new Map(left.groups.map((g) => [g.key, g.counts]));
    for (const [k, a] of l) {
      const b = r.get(k);
      if (b) diff(k, a, b);
      else only_left.push(k);
    }
    for (const k of r.keys()) if (!l.has(k)) only_right.push(k);
  }
  return { agree: !mismatches.length && !only_left.length && !only_right.length, groups: withGroups ? left.groups.length : 0, mismatches, only_left, only_right };
}
