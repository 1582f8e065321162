/**
 * The follow-up of requests over the store's history (docs/methods.md §2.9; the definitions, for one request, are
 * src/metrics/follow-up.ts, which the tests hold these queries to). Connection-local temp tables, built in order:
 *
 * - `vigie_fu_t`: the spells of the versions in scope (tickets drops up to the as-of instant, information rows and
 *   stale versions left out): a version whose status as written or unit differs from its predecessor's starts one,
 *   with its start (exact or censored), end, number and the unit it moves from;
 * - `vigie_fu_r`: one row per request — its keys as last known, first close, reopen, transfers, last change,
 *   whether it vanished; `vigie_fu_rr`, those created in the months asked, with whether they ping-ponged, are stale,
 *   have a usable point; the view `vigie_fu_path`, their unit paths (for the lists); `vigie_fu_rep`, the closed
 *   requests with a repeat.
 *
 * Counts are then plain aggregates over `vigie_fu_rr`; the Kaplan–Meier curves (time to first and final close, time in
 * each status) are computed in TypeScript from durations counted per whole minute.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { rows, lit, ts } from '../sql.ts';
import { INTAKE_PATTERN, QUICK_REOPEN_MS, TERMINAL, EARTH_RADIUS_M, AGING, type AgingBucket } from '../metrics/follow-up.ts';
import { kaplanMeier, kmQuantile, type KmRow, type KmValue } from '../metrics/kaplan-meier.ts';
import { ratio, type Ratio } from '../metrics/proportion.ts';
import { createBusinessTables } from '../time/business-tables.ts';
import { localDayJoinSql } from '../time/business-sql.ts';
import type { CalendarSpec } from '../time/calendar-spec.ts';

export const FOLLOW_KEYS = ['borough', 'theme', 'unit', 'month'] as const;
export type FollowKey = (typeof FOLLOW_KEYS)[number];

export const LIST_KINDS = ['reopened', 'bounced', 'stale_open', 'repeats_after_close', 'vanished'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export interface FollowUpQuery {
  /** Replay instant; null: the latest snapshot in scope. */
  asOf: Date | null;
  /** Creation months (local, `YYYY-MM`), both included; null: no bound. */
  from: string | null;
  to: string | null;
  by: FollowKey[];
  source: string | null;
  zone: string;
  staleDays: number;
  repeatDays: number;
  repeatMetres: number;
  /** The standards' business calendar: time in status is also counted in business days. */
  calendar: CalendarSpec;
}

export interface Snapshots {
  count: number;
  /** The median interval between consecutive snapshots, in days. */
  cadence_days: number | null;
  first: string | null;
  last: string | null;
  /** Intervals longer than twice the cadence: changes inside them are seen late. */
  gaps: { after: string; before: string; days: number }[];
}

export interface Counts {
  tracked: number;
  reopened: number;
  bounced: number;
  bounced_twice: number;
  stale_open: number;
  repeats_after_close: number;
  vanished: number;
  resolved_once: number;
}

export interface Details {
  reopened_within_24h: number;
  ping_pong: number;
  first_seen_late: number;
  censored_changes: number;
  negative_durations: number;
  /** Closed requests left out of repeats: no usable point. */
  no_location: number;
  reopen_30: Ratio;
  reopen_90: Ratio;
  repeat: Ratio;
  aging: Record<AgingBucket, number>;
}

export interface FollowGroup extends Counts {
  key: Partial<Record<FollowKey, string | null>>;
  reopen_30: Ratio;
  reopen_90: Ratio;
  bounce: Ratio;
}

export interface StatusTime {
  status: string;
  spells: number;
  median_days: KmValue;
  p90_days: KmValue;
  /** Business days from the start's local day to the end's (the business days after the first, up to the last). */
  median_business_days: KmValue;
  p90_business_days: KmValue;
}

export interface FollowUpResult {
  as_of: string;
  snapshots: Snapshots;
  summary: Counts;
  details: Details;
  time_to_first_close: { median_days: KmValue; p90_days: KmValue };
  time_to_final_close: { median_days: KmValue; p90_days: KmValue };
  time_in_status: StatusTime[];
  groups: FollowGroup[];
}

const TERMINAL_SQL = `(${TERMINAL.map(lit).join(', ')})`;
const isTerm = (col: string) => `(${col} IN ${TERMINAL_SQL})`;
const intake = (col: string) => `regexp_matches(${col}, ${lit(INTAKE_PATTERN)})`;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The snapshots in scope: the tickets drops (of the source) up to the as-of instant. */
export async function snapshots(conn: DuckDBConnection, q: FollowUpQuery): Promise<Snapshots & { at: Date | null }> {
  const where = [`kind = 'tickets'`, q.source === null ? 'true' : `source = ${lit(q.source)}`, q.asOf ? `snapshot_time <= ${ts(q.asOf)}` : 'true'];
  const list = (await rows(conn, `SELECT DISTINCT snapshot_time AS t FROM drops WHERE ${where.join(' AND ')} ORDER BY t`))
    .map((r) => (r.t as Date).getTime());
  const gapsMs = list.slice(1).map((t, i) => t - list[i]!);
  const sorted = [...gapsMs].sort((a, b) => a - b);
  const mid = sorted.length ? (sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2) : null;
  const iso = (t: number) => new Date(t).toISOString();
  return {
    count: list.length,
    cadence_days: mid === null ? null : round(mid / DAY_MS, 2),
    first: list.length ? iso(list[0]!) : null,
    last: list.length ? iso(list.at(-1)!) : null,
    gaps: mid === null ? [] : gapsMs.flatMap((g, i) => (g > 2 * mid ? [{ after: iso(list[i]!), before: iso(list[i + 1]!), days: round(g / DAY_MS, 2) }] : [])),
    // the instant of the follow-up: the as-of instant asked, else the latest snapshot
    at: list.length ? q.asOf ?? new Date(list.at(-1)!) : null,
  };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Builds the temp tables for the follow-up at instant `at` (the as-of instant, or the latest snapshot), `cadenceMs`
 * the snapshot interval.
 */
export async function buildFollowUp(conn: DuckDBConnection, q: FollowUpQuery, at: Date, cadenceMs: number): Promise<void> {
  const A = ts(at);
  const src = q.source === null ? '' : ` AND source = ${lit(q.source)}`;
  const month = `strftime(timezone(${lit(q.zone)}, created_at), '%Y-%m')`;
  // Stale versions exist only in drops whose snapshot is older than an earlier drop's of the source: only then is the
  // window that finds them needed.
  const backwards = await rows(conn, `SELECT d.drop_id FROM drops d WHERE d.kind = 'tickets' AND d.snapshot_time < (SELECT max(e.snapshot_time)
    FROM drops e WHERE e.kind = 'tickets' AND e.source = d.source AND e.drop_id < d.drop_id)`);
  const later = backwards.length
    ? `max(valid_from) OVER (PARTITION BY source, id ORDER BY drop_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)` : 'NULL::TIMESTAMPTZ';
  // (the statements below read no row order: DuckDB may build them in parallel)
  await conn.run('SET preserve_insertion_order = false');
  // The spells: a version whose status as written or unit differs from its predecessor's starts one. Its start is the
  // status time when the status changed within the interval, else the snapshot (censored); its end the next spell's
  // start (null while it lasts); the unit it changes from the last known before it (moved, and a transfer when that
  // unit is not intake).
  await conn.run(`CREATE OR REPLACE TEMP TABLE vigie_fu_t AS
    WITH v0 AS (
      SELECT source, id, drop_id, valid_from, status, coalesce(status_raw, status) AS label, unit_raw AS unit,
        coalesce(status_at, CASE WHEN ${isTerm('status')} THEN closed_at END) AS st, created_at, ${later} AS later
      FROM ticket_versions WHERE valid_from <= ${A}${src} AND nature <> 'information'),
    v AS (
      SELECT * EXCLUDE (later), lag(label) OVER w AS p_label, lag(unit) OVER w AS p_unit, lag(valid_from) OVER w AS p_seen,
        row_number() OVER w AS k
      FROM v0 WHERE later IS NULL OR later < valid_from
      WINDOW w AS (PARTITION BY source, id ORDER BY valid_from, drop_id)),
    s0 AS (
      SELECT source, id, k, drop_id, status, label, unit, valid_from AS seen, created_at, st,
        CASE WHEN k = 1 THEN CASE WHEN st IS NOT NULL AND st <= valid_from THEN st
                                  WHEN epoch_ms(valid_from) - epoch_ms(created_at) <= ${cadenceMs} THEN created_at END
             WHEN label IS DISTINCT FROM p_label AND st > p_seen AND st <= valid_from THEN st
             ELSE valid_from END AS start_at,
        k > 1 AND NOT (label IS DISTINCT FROM p_label AND coalesce(st > p_seen AND st <= valid_from, false)) AS censored
      FROM v WHERE k = 1 OR label IS DISTINCT FROM p_label OR unit IS DISTINCT FROM p_unit),
    s1 AS (
      SELECT *, row_number() OVER w AS n, lead(coalesce(start_at, seen)) OVER w AS end_at,
        last_value(unit IGNORE NULLS) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS from_unit
      FROM s0 WINDOW w AS (PARTITION BY source, id ORDER BY seen, drop_id))
    SELECT *, unit IS NOT NULL AND from_unit IS NOT NULL AND unit <> from_unit AS moved,
      unit IS NOT NULL AND from_unit IS NOT NULL AND unit <> from_unit AND NOT ${intake('from_unit')} AS transfer,
      -- the first close's spell
      min(CASE WHEN ${isTerm('status')} THEN n END) OVER (PARTITION BY source, id) AS close_n
    FROM s1`);
  // The latest snapshot of each source: the drop with the latest snapshot time (not the last imported: a drop may come
  // in out of order).
  const latestDrops = `SELECT source, arg_max(drop_id, snapshot_time) AS d FROM drops WHERE kind = 'tickets' AND snapshot_time <= ${A}${src}
    GROUP BY source`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE vigie_fu_r AS
    WITH last AS (
      SELECT t.source, t.id, t.borough, t.theme, t.category, t.latitude, t.longitude, t.address, t.nature, t.status AS status_now,
        t.unit_raw AS unit_now
      FROM ${q.asOf ? 'ticket_versions' : 'tickets'} t WHERE t.valid_from <= ${A}${q.source === null ? '' : ` AND t.source = ${lit(q.source)}`}
      ${q.asOf ? 'QUALIFY row_number() OVER (PARTITION BY t.source, t.id ORDER BY t.valid_from DESC, t.drop_id DESC) = 1' : ''}),
    gone AS (SELECT x.source, x.id FROM ticket_absences x JOIN (${latestDrops}) ld ON ld.source = x.source AND ld.d = x.drop_id),
    agg AS (
      SELECT t.source, t.id, min(t.created_at) AS created_at, min(t.seen) AS first_seen,
        bool_or(t.n = 1 AND epoch_ms(t.seen) - epoch_ms(t.created_at) > ${cadenceMs} AND NOT coalesce(t.st <= t.created_at, false)) AS first_seen_late,
        min(coalesce(t.start_at, t.seen)) FILTER (WHERE t.n = t.close_n) AS first_close_at,
        min(coalesce(t.start_at, t.seen)) FILTER (WHERE t.n > t.close_n AND NOT ${isTerm('t.status')}) AS reopen_at,
        max(coalesce(t.start_at, t.seen)) FILTER (WHERE ${isTerm('t.status')}) AS last_close_at,
        count(*) FILTER (WHERE t.transfer) AS transfers,
        count(*) FILTER (WHERE t.censored) AS censored_changes,
        count(*) FILTER (WHERE t.end_at < t.start_at) AS negative,
        arg_max(coalesce(t.start_at, t.seen), t.n) AS last_change_at
      FROM vigie_fu_t t GROUP BY t.source, t.id)
    SELECT a.*, l.borough, l.theme, l.category, l.latitude, l.longitude, l.address, l.status_now, l.unit_now,
      ${month.replace('created_at', 'a.created_at')} AS month, g.id IS NOT NULL AS vanished
    FROM agg a JOIN last l USING (source, id) LEFT JOIN gone g USING (source, id)
    WHERE l.nature <> 'information'`);
  // The unit path (A → B → C), read by the lists only: a view.
  await conn.run(`CREATE OR REPLACE TEMP VIEW vigie_fu_path AS
    SELECT source, id, string_agg(unit, ' → ' ORDER BY n) AS unit_path FROM vigie_fu_t
    WHERE unit IS NOT NULL AND (n = 1 OR moved OR from_unit IS NULL) GROUP BY source, id`);
  // Ping-pong: a transfer to a unit (not intake) that an earlier move left; and the stale open requests.
  await conn.run(`CREATE OR REPLACE TEMP TABLE vigie_fu_rr AS
    WITH m AS (SELECT source, id, n, unit, from_unit, transfer FROM vigie_fu_t WHERE moved),
      pp AS (SELECT DISTINCT b.source, b.id FROM m a JOIN m b ON a.source = b.source AND a.id = b.id AND a.n < b.n
        WHERE b.transfer AND a.from_unit = b.unit AND NOT ${intake('b.unit')})
    SELECT r.*, pp.id IS NOT NULL AS ping_pong,
      NOT ${isTerm('status_now')} AND NOT vanished AND epoch_ms(${A}) - epoch_ms(last_change_at) >= ${q.staleDays * DAY_MS} AS stale,
      CASE WHEN NOT ${isTerm('status_now')} AND NOT vanished THEN (epoch_ms(${A}) - epoch_ms(last_change_at)) // ${DAY_MS} END AS open_days,
      reopen_at IS NOT NULL AND epoch_ms(reopen_at) - epoch_ms(first_close_at) < ${QUICK_REOPEN_MS} AS quick_reopen,
      latitude IS NOT NULL AND longitude IS NOT NULL AS located
    FROM vigie_fu_r r LEFT JOIN pp USING (source, id)
    WHERE ${[q.from ? `month >= ${lit(q.from)}` : 'true', q.to ? `month <= ${lit(q.to)}` : 'true'].join(' AND ')}`);
  await repeats(conn, q, A);
}

/**
 * `vigie_fu_rep`: the requests closed (first close) that a new request of the same category repeats: created after
 * the close and within `repeatDays` of it, within `repeatMetres`. Points are binned in cells at least that wide, each
 * closed request looked for in its own cell and the eight around it, then the exact distance decides.
 */
async function repeats(conn: DuckDBConnection, q: FollowUpQuery, A: string): Promise<void> {
  const maxLat = Number((await rows(conn, `SELECT coalesce(max(abs(latitude)), 0) AS m FROM vigie_fu_r WHERE latitude IS NOT NULL`))[0]!.m);
  const dLat = (q.repeatMetres / (Math.PI * EARTH_RADIUS_M)) * 180;
  const dLon = dLat / Math.max(Math.cos((Math.min(maxLat, 89) * Math.PI) / 180), 1e-6);
  const cell = (t: string) => `floor(${t}.latitude / ${dLat})::BIGINT AS cy, floor(${t}.longitude / ${dLon})::BIGINT AS cx`;
  const w = q.repeatDays * DAY_MS;
  const dist = `2 * ${EARTH_RADIUS_M} * asin(least(1, sqrt(pow(sin(radians(n.latitude - c.latitude) / 2), 2)
    + cos(radians(c.latitude)) * cos(radians(n.latitude)) * pow(sin(radians(n.longitude - c.longitude) / 2), 2))))`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE vigie_fu_rep AS
    WITH c AS (SELECT source, id, category, latitude, longitude, first_close_at, ${cell('r')} FROM vigie_fu_rr r
        WHERE first_close_at IS NOT NULL AND located AND category IS NOT NULL),
      n AS (SELECT source, id, category, latitude, longitude, created_at, ${cell('r')} FROM vigie_fu_r r
        WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND category IS NOT NULL AND created_at <= ${A}),
      around AS (SELECT c.*, c.cy + dy AS ny, c.cx + dx AS nx FROM c, range(-1, 2) a(dy), range(-1, 2) b(dx))
    SELECT DISTINCT c.source, c.id, first_value(n.id) OVER (PARTITION BY c.source, c.id ORDER BY n.created_at, n.id) AS repeat_id
    FROM around c JOIN n ON n.source = c.source AND n.category = c.category AND n.cy = c.ny AND n.cx = c.nx
    WHERE n.id <> c.id AND n.created_at > c.first_close_at AND epoch_ms(n.created_at) - epoch_ms(c.first_close_at) <= ${w}
      AND ${dist} <= ${q.repeatMetres}`);
}

/** The counts of a set of requests (`where` over vigie_fu_rr r, `vigie_fu_rep` joined as p). */
function countsSql(q: FollowUpQuery, A: string): string {
  // closed for that long; a reopen also needs the request seen within that window (repeats are other requests)
  const closedFor = (ms: number) => `first_close_at IS NOT NULL AND epoch_ms(${A}) - epoch_ms(first_close_at) >= ${ms}`;
  const followed = (ms: number) => `${closedFor(ms)} AND epoch_ms(first_seen) - epoch_ms(first_close_at) <= ${ms}`;
  const within = (ms: number) => `${followed(ms)} AND reopen_at IS NOT NULL AND epoch_ms(reopen_at) - epoch_ms(first_close_at) <= ${ms}`;
  const rw = q.repeatDays * DAY_MS;
  return `count(*) AS tracked, count(*) FILTER (WHERE reopen_at IS NOT NULL) AS reopened,
    count(*) FILTER (WHERE transfers >= 1) AS bounced, count(*) FILTER (WHERE transfers >= 2) AS bounced_twice,
    count(*) FILTER (WHERE stale) AS stale_open, count(*) FILTER (WHERE p.id IS NOT NULL) AS repeats_after_close,
    count(*) FILTER (WHERE vanished) AS vanished,
    count(*) FILTER (WHERE status_now = 'closed' AND reopen_at IS NULL AND transfers = 0 AND p.id IS NULL) AS resolved_once,
    count(*) FILTER (WHERE quick_reopen) AS reopened_within_24h, count(*) FILTER (WHERE ping_pong) AS ping_pong,
    count(*) FILTER (WHERE first_seen_late) AS first_seen_late, sum(censored_changes) AS censored_changes,
    sum(negative) AS negative_durations,
    count(*) FILTER (WHERE first_close_at IS NOT NULL AND NOT located) AS no_location,
    count(*) FILTER (WHERE ${followed(30 * DAY_MS)}) AS f30, count(*) FILTER (WHERE ${within(30 * DAY_MS)}) AS w30,
    count(*) FILTER (WHERE ${followed(90 * DAY_MS)}) AS f90, count(*) FILTER (WHERE ${within(90 * DAY_MS)}) AS w90,
    count(*) FILTER (WHERE located AND ${closedFor(rw)}) AS rf, count(*) FILTER (WHERE located AND ${closedFor(rw)} AND p.id IS NOT NULL) AS rw,
    ${AGING.map((b, i) => `count(*) FILTER (WHERE open_days IS NOT NULL AND open_days ${i ? `> ${AGING[i - 1]!.max} AND open_days ` : ''}${Number.isFinite(b.max) ? `<= ${b.max}` : 'IS NOT NULL'}) AS age${i}`).join(', ')}`;
}

const n = (v: unknown) => Number(v ?? 0);

function countsOf(r: Record<string, unknown>): Counts {
  return {
    tracked: n(r.tracked), reopened: n(r.reopened), bounced: n(r.bounced), bounced_twice: n(r.bounced_twice),
    stale_open: n(r.stale_open), repeats_after_close: n(r.repeats_after_close), vanished: n(r.vanished), resolved_once: n(r.resolved_once),
  };
}

/** Durations per whole minute, as Kaplan–Meier rows, with the median and p90 in days. */
function km(rs: Record<string, unknown>[]): { median_days: KmValue; p90_days: KmValue } {
  const curve = kaplanMeier(rs.map((r): KmRow => ({ time: n(r.m), events: n(r.e), censored: n(r.c) })));
  const days = (v: KmValue): KmValue => (v.value === null ? v : { value: round((v.value * MINUTE_MS) / DAY_MS, 2) });
  return { median_days: days(kmQuantile(curve, 0.5)), p90_days: days(kmQuantile(curve, 0.9)) };
}

/** Whole business days, as Kaplan–Meier rows (`b`), with the median and p90. */
function kmBusiness(rs: Record<string, unknown>[]): { median_business_days: KmValue; p90_business_days: KmValue } {
  const curve = kaplanMeier(rs.filter((r) => r.b !== null).map((r): KmRow => ({ time: n(r.b), events: n(r.e), censored: n(r.c) })));
  return { median_business_days: kmQuantile(curve, 0.5), p90_business_days: kmQuantile(curve, 0.9) };
}

/** The follow-up at instant `at` over the temp tables buildFollowUp made. */
export async function followUpResult(conn: DuckDBConnection, q: FollowUpQuery, at: Date, snaps: Snapshots): Promise<FollowUpResult> {
  const A = ts(at);
  const from = 'FROM vigie_fu_rr r LEFT JOIN vigie_fu_rep p USING (source, id)';
  const s = (await rows(conn, `SELECT ${countsSql(q, A)} ${from}`))[0]!;
  const minutes = (a: string, b: string) => `(epoch_ms(${b}) - epoch_ms(${a})) // ${MINUTE_MS}`;
  const kmRows = (event: string, end: string) => rows(conn, `SELECT m, count(*) FILTER (WHERE e) AS e, count(*) FILTER (WHERE NOT e) AS c
    FROM (SELECT ${minutes('created_at', `CASE WHEN ${event} THEN ${end} ELSE ${A} END`)} AS m, ${event} AS e FROM vigie_fu_rr
      WHERE NOT first_seen_late) WHERE m >= 0 GROUP BY m`);
  const first = await kmRows('first_close_at IS NOT NULL', 'first_close_at');
  const final = await kmRows(`${isTerm('status_now')}`, 'last_close_at');
  // Time in each status that is not a close: spells whose start is known; the one still lasting censored at the
  // instant (dropped for a request that vanished). In business days too: the business calendar's days over the
  // years the spells span.
  const span = (await rows(conn, `SELECT year(min(start_at)) AS y0 FROM vigie_fu_t WHERE start_at IS NOT NULL`))[0]!;
  const y1 = at.getUTCFullYear() + 1;
  await createBusinessTables(conn, q.calendar, q.zone, Math.min(Number(span.y0 ?? y1), y1), y1, 'vigie_fb');
  const kept = `SELECT t.label, t.start_at, coalesce(t.end_at, ${A}) AS end_at, t.end_at IS NOT NULL AS e
      FROM vigie_fu_t t JOIN vigie_fu_rr r USING (source, id)
      WHERE t.start_at IS NOT NULL AND NOT ${isTerm('t.status')} AND NOT (r.vanished AND t.end_at IS NULL)`;
  const spells = await rows(conn, `SELECT label, m, count(*) FILTER (WHERE e) AS e, count(*) FILTER (WHERE NOT e) AS c FROM (
      SELECT label, ${minutes('start_at', 'end_at')} AS m, e FROM (${kept})) WHERE m >= 0 GROUP BY label, m`);
  const businessSpells = await rows(conn, `SELECT label, b, count(*) FILTER (WHERE e) AS e, count(*) FILTER (WHERE NOT e) AS c FROM (
      SELECT k.label, de.ord_le - ds.ord_le AS b, k.e FROM (${kept}) k
      ${localDayJoinSql('k.start_at', 'ds', 'vigie_fb')} ${localDayJoinSql('k.end_at', 'de', 'vigie_fb')}
      WHERE k.end_at >= k.start_at) GROUP BY label, b`);
  // (appended in place: copying the list per row was quadratic, minutes on a million requests)
  const group = (rs: Record<string, unknown>[]) => {
    const out = new Map<string, Record<string, unknown>[]>();
    for (const r of rs) (out.get(String(r.label)) ?? out.set(String(r.label), []).get(String(r.label))!).push(r);
    return out;
  };
  const byLabel = group(spells);
  const businessByLabel = group(businessSpells);
  const ratioOf = (a: unknown, b: unknown) => ratio(n(a), n(b));
  return {
    as_of: at.toISOString(),
    snapshots: snaps,
    summary: countsOf(s),
    details: {
      reopened_within_24h: n(s.reopened_within_24h), ping_pong: n(s.ping_pong), first_seen_late: n(s.first_seen_late),
      censored_changes: n(s.censored_changes), negative_durations: n(s.negative_durations), no_location: n(s.no_location),
      reopen_30: ratioOf(s.w30, s.f30), reopen_90: ratioOf(s.w90, s.f90), repeat: ratioOf(s.rw, s.rf),
      aging: Object.fromEntries(AGING.map((b, i) => [b.id, n(s[`age${i}`])])) as Record<AgingBucket, number>,
    },
    time_to_first_close: km(first),
    time_to_final_close: km(final),
    time_in_status: [...byLabel].sort(([a], [b]) => a.localeCompare(b)).map(([status, rs]) => ({
      status, spells: rs.reduce((x, r) => x + n(r.e) + n(r.c), 0), ...km(rs), ...kmBusiness(businessByLabel.get(status) ?? []),
    })),
    groups: await followUpGroups(conn, q, at),
  };
}

/** The counts and rates per group of `q.by` (none without keys), over the temp tables buildFollowUp made. */
export async function followUpGroups(conn: DuckDBConnection, q: FollowUpQuery, at: Date): Promise<FollowGroup[]> {
  if (!q.by.length) return [];
  const keyCols = q.by.map((k) => (k === 'unit' ? 'unit_now' : k));
  const groups = await rows(conn, `SELECT ${keyCols.map((c, i) => `${c} AS k${i}`).join(', ')}, ${countsSql(q, ts(at))}
    FROM vigie_fu_rr r LEFT JOIN vigie_fu_rep p USING (source, id) GROUP BY ALL ORDER BY ${keyCols.map((_, i) => `k${i} NULLS LAST`).join(', ')}`);
  return groups.map((g) => ({
    key: Object.fromEntries(q.by.map((k, i) => [k, g[`k${i}`] === null || g[`k${i}`] === undefined ? null : String(g[`k${i}`])])),
    ...countsOf(g), reopen_30: ratio(n(g.w30), n(g.f30)), reopen_90: ratio(n(g.w90), n(g.f90)), bounce: ratio(n(g.bounced), n(g.tracked)),
  }));
}

/** One listed request. */
export interface ListedRequest {
  id: string;
  source: string;
  borough: string | null;
  category: string | null;
  theme: string | null;
  unit: string | null;
  unit_path: string | null;
  address: string | null;
  status: string;
  created_at: string;
  first_close_at: string | null;
  reopen_at: string | null;
  last_change_at: string;
  transfers: number;
  repeat_id: string | null;
}

const LIST_WHERE: Record<ListKind, string> = {
  reopened: 'reopen_at IS NOT NULL', bounced: 'transfers >= 1', stale_open: 'stale', repeats_after_close: 'p.id IS NOT NULL', vanished: 'vanished',
};

/** The requests of one kind, oldest creation first. */
export async function listRequests(conn: DuckDBConnection, kind: ListKind): Promise<ListedRequest[]> {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));
  return (await rows(conn, `SELECT r.*, p.repeat_id, u.unit_path FROM vigie_fu_rr r LEFT JOIN vigie_fu_rep p USING (source, id)
      LEFT JOIN vigie_fu_path u USING (source, id) WHERE ${LIST_WHERE[kind]} ORDER BY created_at, id`)).map((r) => ({
    id: String(r.id), source: String(r.source), borough: (r.borough as string | null) ?? null, category: (r.category as string | null) ?? null,
    theme: (r.theme as string | null) ?? null, unit: (r.unit_now as string | null) ?? null, unit_path: (r.unit_path as string | null) ?? null,
    address: (r.address as string | null) ?? null, status: String(r.status_now), created_at: iso(r.created_at)!,
    first_close_at: iso(r.first_close_at), reopen_at: iso(r.reopen_at), last_change_at: iso(r.last_change_at)!, transfers: n(r.transfers),
    repeat_id: (r.repeat_id as string | null) ?? null,
  }));
}
