/**
 * A deterministic generator of a vigie store holding the history of N tickets (default 10,000,000) over successive
 * snapshot drops, for the follow-up benchmark (bench/follow-up.ts). The store is created with vigie's own migrations
 * (`openStore`, read-write), then filled straight in SQL, `INSERT INTO ticket_versions SELECT … FROM range(…)`, every
 * random draw a pure function of the row number, the seed and a salt (`hash(hash(i, seed, k))`): the same N and seed
 * give the same rows.
 *
 * Drops: DROPS snapshot drops of the source `montreal-requetes311` (kind tickets, mode snapshot), one every 30 days,
 * the last at 2019-07-01T05:00Z (local midnight, EST), imported in snapshot order (no stale version). Each drop holds
 * one version row of every ticket it shows (valid_from = its snapshot time, drop_id = its id), as the issue's target
 * asks ("5 versions each on average"): vigie's import would store a version only when something changed, so this
 * store is the heavy case for the follow-up, which reads every version. `current` marks each ticket's version in the
 * last drop that shows it. A ticket that a drop lacks while the store holds it gets a `ticket_absences` row for that
 * drop, as the import records them (src/store/import-merge.ts).
 *
 * The shape, modelled on Montréal's exports (columns as the montreal-requetes311 format stores them: the canonical
 * status and the status as written, DATE_DERNIER_STATUT as the status time of every row and the close time of the
 * closing statuses, UNITE_RESP_PARENT as the unit):
 * - created_at: the N tickets spread evenly over the 450 days before the last snapshot (two thirds before the first
 *   drop, so that a ticket is in about 5 drops on average), in creation order, most between 07:00 and 19:00;
 * - theme, category, nature: the categories of bench/gen-tickets-store.ts, with their share of information rows
 *   (never followed) and median close delay; about 2 % complaints, 0.5 % comments (closed within minutes);
 * - the story of a request, seen by each snapshot as the state it had then: « Acceptée » at creation with the 311
 *   intake unit (75 %) or the borough's unit; taken in charge (« Prise en charge » / « Transmise pour traitement »)
 *   by the borough's unit (routing); about 7.5 % first taken by another borough's unit, then moved to the right one
 *   (one transfer), 2.5 % moved from the right one to another and back (two transfers, ping-pong), each stint 2–40
 *   days; about 15 % of the completed requests closed (« Terminée »), reopened (« Réactivée ») 1–20 hours (a fifth) or
 *   3–45 days later, closed again 1–30 days after, and 30 % of the never-closed ones closed once and reopened (most
 *   reopens fall between two snapshots, or before the first: about 1.5 % of the requests are seen reopened); the
 *   final status closed (93.5 %), cancelled (« Annulée », « Supprimée »), refused (« Refusée »), or 3 % never closed
 *   (stale open); changes between two snapshots are seen only by the later one, as in life;
 * - presence: about 1.5 % vanish (absent from every drop after one), 0.5 % miss one drop and come back (a gap);
 * - location: uniform over 45.40–45.70 N, 73.50–73.95 W, six decimals, 3 % without a point; 2 % of the tickets are
 *   placed (with their category and borough) at an earlier ticket's point, created up to 25 days after it, 40 % at
 *   the exact point and the others within about 30 m: repeats after a close when the earlier one was closed;
 * - borough: the 19 boroughs of data/boroughs.csv weighted by population, about 0.5 % without (a central unit).
 *
 *   npx tsx bench/gen-follow-up-store.ts OUT.duckdb [TICKETS=10000000] [SEED=311]
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/db.ts';
import { VERSION } from '../src/version.ts';
import { boroughs, themeIds } from './gen-calls.ts';
import { generatorCli } from './lib.ts';
import { CATEGORIES, SOURCE } from './gen-tickets-store.ts';

export { SOURCE };
/** The snapshot drops, one every INTERVAL_DAYS, the last at LAST_SNAPSHOT. */
export const DROPS = 6;
export const INTERVAL_DAYS = 30;
export const LAST_SNAPSHOT = '2019-07-01T05:00:00Z';
/** Tickets are created over this many days before the last snapshot. */
const SPAN_DAYS = 450;
/** The 311 intake unit (its name holds 311: leaving it is routing, not a transfer). */
export const INTAKE_UNIT = 'DIVISION 311 ET INTERVENTIONS RAPIDES ET PRIORITAIRES';
/** The unit of the requests without a borough. */
const CENTRAL_UNIT = 'SERVICE DE LA CONCERTATION DES ARRONDISSEMENTS';
const STREETS = ['rue Sherbrooke Est', 'rue Saint-Denis', 'boulevard Saint-Laurent', 'avenue du Mont-Royal Est', 'rue Ontario Est',
  'boulevard Décarie', 'rue Jean-Talon Est', 'rue Beaubien Est', 'avenue Papineau', 'rue Notre-Dame Ouest', 'rue Wellington',
  'boulevard Gouin Ouest', 'rue Fleury Est', 'boulevard Henri-Bourassa Est', 'rue Sainte-Catherine Est', 'avenue Van Horne'];
/** PROVENANCE_ORIGINALE as written, the channel vigie maps it to, weight. */
const CHANNELS: [string, string, number][] = [['Téléphone', 'phone', 50], ['Site internet', 'web', 20], ['Mobile', 'mobile', 15],
  ['Courriel', 'email', 8], ['Personne', 'in_person', 5], ['Médias sociaux', 'social', 2]];

const DAY_S = 86_400;
const LAST_S = Date.parse(LAST_SNAPSHOT) / 1000;
/** Snapshot j (1 … DROPS) in epoch seconds. */
export const snapshotSeconds = (j: number) => LAST_S - (DROPS - j) * INTERVAL_DAYS * DAY_S;
/** The first local day of creation, 00:00 UTC (the local day is taken as UTC−5). */
const T0_S = LAST_S - SPAN_DAYS * DAY_S - 5 * 3600;

const lit = (s: string | null) => (s === null ? 'NULL' : `'${s.replaceAll("'", "''")}'`);
const list = (xs: readonly (string | null)[]) => `[${xs.map(lit).join(', ')}]`;

/** Indices 1 … n repeated by weight, as a SQL list: indexing it with a uniform draw is a weighted choice. */
function weighted(weights: readonly number[]): { sql: string; length: number } {
  const out: number[] = [];
  weights.forEach((w, i) => {
    for (let k = 0; k < w; k++) out.push(i + 1);
  });
  return { sql: `[${out.join(', ')}]`, length: out.length };
}

/**
 * Every ticket of rows [from, to) with its story: the SELECT of one row per ticket, its fixed columns, its seven
 * slots (time, status as written, status time, unit; a slot's time NULL when the story has no such event) and its
 * presence (first drop, vanished after drop g, missing from drop h).
 */
function storySql(from: number, to: number, rows: number, seed: number): string {
  // hashed twice: DuckDB's hash of several values mixes the last ones in weakly (the draws of one row would be correlated)
  const u = (k: number, x = 'i') => `((hash(hash(${x}, ${seed}, ${k})) >> 11)::DOUBLE / 9007199254740992.0)`;
  const bs = boroughs();
  if (bs.length !== 19) throw new Error(`data/boroughs.csv: expected 19 boroughs, found ${bs.length}`);
  const known = new Set(themeIds());
  for (const c of CATEGORIES) if (!known.has(c.theme)) throw new Error(`unknown theme ${c.theme}`);
  const bw = bs.map((b) => Math.max(1, Math.round(b.population / 5000)));
  // index 20: no borough (about 0.5 %)
  const bPick = weighted([...bw, Math.max(1, Math.round(bw.reduce((a, b) => a + b, 0) * 0.005))]);
  const names = list([...bs.map((b) => b.name), null]);
  const units = list([...bs.map((b) => b.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase()), CENTRAL_UNIT]);
  const cPick = weighted(CATEGORIES.map((c) => c.weight));
  const chPick = weighted(CHANNELS.map((c) => c[2]));
  const cats = CATEGORIES.map((c, i) => `(${i + 1}, ${lit(c.theme)}, ${lit(c.category)}, ${c.info}, ${c.hours})`).join(', ');
  const pick = (p: { sql: string; length: number }, draw: string) => `${p.sql}[1 + CAST(floor(${draw} * ${p.length}) AS BIGINT)]`;
  const days = (lo: number, hi: number, draw: string) => `CAST(round((${lo} + ${hi - lo} * ${draw}) * ${DAY_S}) AS BIGINT)`;
  const D1 = snapshotSeconds(1);
  const I = INTERVAL_DAYS * DAY_S;
  return `
    WITH cats (k, theme, category, info, hours) AS (VALUES ${cats}),
    r AS (
      SELECT i,
        -- a repeat takes the place (point, category, borough) of a ticket created up to 25 days before it
        CASE WHEN ${u(20)} < 0.02 AND i - 1 - CAST(floor(${u(21)} * ${Math.max(1, Math.round((25 * rows) / SPAN_DAYS))}) AS BIGINT) >= 0
          THEN i - 1 - CAST(floor(${u(21)} * ${Math.max(1, Math.round((25 * rows) / SPAN_DAYS))}) AS BIGINT) END AS anchor,
        ${T0_S} + ((i * ${SPAN_DAYS}) // ${rows}) * ${DAY_S} + 5 * 3600 + CAST(floor(3600 * CASE WHEN ${u(1)} < 0.1 THEN ${u(1)} / 0.1 * 7
          WHEN ${u(1)} < 0.9 THEN 7 + (${u(1)} - 0.1) / 0.8 * 12 ELSE 19 + (${u(1)} - 0.9) / 0.1 * 5 END) AS BIGINT) AS c,
        ${pick(chPick, u(4))} AS ch
      FROM range(${from}, ${to}) t(i)
    ),
    p AS (
      SELECT r.*, coalesce(anchor, i) AS a, anchor IS NOT NULL AS rep FROM r
    ),
    q AS (
      SELECT p.*,
        ${pick(bPick, u(102, 'a'))} AS b, ${pick(cPick, u(103, 'a'))} AS k,
        CASE WHEN ${u(22)} >= 0.03 THEN round(45.40 + 0.30 * ${u(104, 'a')} + CASE WHEN rep AND ${u(23)} >= 0.4 THEN (${u(24)} - 0.5) * 0.0004 ELSE 0 END, 6) END AS lat,
        CASE WHEN ${u(22)} >= 0.03 THEN round(-73.95 + 0.45 * ${u(105, 'a')} + CASE WHEN rep AND ${u(23)} >= 0.4 THEN (${u(25)} - 0.5) * 0.0004 ELSE 0 END, 6) END AS lon,
        (1 + CAST(floor(${u(106, 'a')} * 9000) AS BIGINT))::VARCHAR || ' ' || ${list(STREETS)}[1 + CAST(floor(${u(107, 'a')} * ${STREETS.length}) AS BIGINT)] AS address
      FROM p
    ),
    s AS (
      SELECT q.*, cats.theme, cats.category,
        CASE WHEN ${u(5)} < cats.info THEN 'information' WHEN ${u(5)} < cats.info + 0.02 THEN 'complaint'
          WHEN ${u(5)} < cats.info + 0.025 THEN 'comment' ELSE 'request' END AS nature,
        ${names}[b] AS borough, ${units}[b] AS unit_u,
        -- another borough's unit, for the transfers
        ${units}[1 + (b - 1 + 1 + CAST(floor(${u(6)} * 18) AS BIGINT)) % 19] AS unit_w,
        -- log-normal close delay (seconds), median cats.hours, 10 minutes to 400 days
        CAST(least(400 * ${DAY_S}, greatest(600, cats.hours * 3600 * exp(1.3 * sqrt(-2 * ln(1 - ${u(7)})) * cos(2 * pi() * ${u(8)})))) AS BIGINT) AS dly,
        ${u(9)} < 0.03 AS never,
        CASE WHEN ${u(10)} < 0.04 THEN 'Annulée' WHEN ${u(10)} < 0.06 THEN 'Refusée' WHEN ${u(10)} < 0.065 THEN 'Supprimée' ELSE 'Terminée' END AS final,
        ${u(11)} < 0.10 AS moved, ${u(12)} < 0.25 AS ping,
        ${u(14)} < 0.75 AS at_intake,
        CASE WHEN ${u(15)} < 0.33 THEN 'Transmise pour traitement' ELSE 'Prise en charge' END AS taken_raw,
        ${days(2, 40, u(16))} AS b1, ${days(2, 40, u(17))} AS b2,
        CASE WHEN ${u(18)} < 0.2 THEN CAST(round((1 + 19 * ${u(19)}) * 3600) AS BIGINT) ELSE ${days(3, 45, u(19))} END AS gap,
        ${days(1, 30, u(26))} AS rest,
        ${u(13)} AS u_reopen, ${u(27)} < 0.015 AS vanish, ${u(28)} < 0.005 AS gapped, ${u(29)} AS u_drop
      FROM q JOIN cats USING (k)
    ),
    e AS (
      SELECT *,
        nature IN ('information', 'comment') AS quick,
        nature NOT IN ('information', 'comment') AND ((final = 'Terminée' AND NOT never AND u_reopen < 0.15) OR (never AND u_reopen < 0.3)) AS reopen,
        CASE WHEN c <= ${D1} THEN 1 ELSE 2 + (c - ${D1} - 1) // ${I} END AS f
      FROM s
    ),
    t1 AS (
      SELECT *, CASE WHEN NOT quick THEN c + dly * 15 // 100 END AS t_taken FROM e
    ),
    t2 AS (
      SELECT *, CASE WHEN NOT quick AND moved THEN t_taken + b1 END AS t_move FROM t1
    ),
    t3 AS (
      SELECT *, CASE WHEN NOT quick AND moved AND ping THEN t_move + b2 END AS t_back FROM t2
    ),
    t4 AS (
      SELECT *, CASE WHEN reopen THEN coalesce(t_back, t_move, t_taken) + dly // 2 END AS t_close1 FROM t3
    ),
    t5 AS (
      SELECT *, CASE WHEN reopen THEN t_close1 + gap END AS t_reopen FROM t4
    )
    SELECT i, c, ch, theme, category, nature, borough, lat, lon, address,
      -- the slots, in time order: created, taken in charge, moved, moved back, first close, reopened, final status
      [c, t_taken, t_move, t_back, t_close1, t_reopen,
        CASE WHEN quick THEN c + 60 + CAST(floor(${u(30)} * 540) AS BIGINT) WHEN never THEN NULL WHEN reopen THEN t_reopen + rest
          WHEN moved THEN greatest(c + dly, coalesce(t_back, t_move) + rest) ELSE c + dly END] AS tt,
      ['Acceptée', taken_raw, taken_raw, taken_raw, 'Terminée', 'Réactivée', CASE WHEN quick THEN 'Terminée' ELSE final END] AS raw,
      [c, t_taken, t_taken, t_taken, t_close1, t_reopen, NULL] AS stat,
      CASE WHEN quick THEN ['${INTAKE_UNIT}', NULL, NULL, NULL, NULL, NULL, '${INTAKE_UNIT}']
        ELSE [CASE WHEN at_intake THEN '${INTAKE_UNIT}' WHEN moved AND NOT ping THEN unit_w ELSE unit_u END,
          CASE WHEN moved AND NOT ping THEN unit_w ELSE unit_u END, CASE WHEN ping THEN unit_w ELSE unit_u END,
          unit_u, unit_u, unit_u, unit_u] END AS units,
      f,
      -- vanished after drop g (absent from every later drop), or missing from drop h only
      CASE WHEN vanish AND f <= ${DROPS - 1} THEN f + CAST(floor(u_drop * (${DROPS} - f)) AS BIGINT) END AS g,
      CASE WHEN gapped AND NOT vanish AND f <= ${DROPS - 2} THEN f + 1 + CAST(floor(u_drop * (${DROPS} - f - 1)) AS BIGINT) END AS h
    FROM t5`;
}

/** Status as written → canonical status, as the montreal-requetes311 format maps them. */
const CANONICAL = `CASE raw_now WHEN 'Terminée' THEN 'closed' WHEN 'Annulée' THEN 'cancelled' WHEN 'Supprimée' THEN 'cancelled'
  WHEN 'Refusée' THEN 'refused' ELSE 'open' END`;

/** The versions drop j shows of the tickets [from, to), and the absences it records. */
function dropSql(j: number, from: number, to: number, rows: number, seed: number): string[] {
  const D = snapshotSeconds(j);
  const present = `c <= ${D} AND (g IS NULL OR ${j} <= g) AND (h IS NULL OR ${j} <> h)`;
  // the last slot whose time is at or before the snapshot: the state the snapshot shows
  const slot = `CASE ${[6, 5, 4, 3, 2, 1].map((n) => `WHEN tt[${n + 1}] <= ${D} THEN ${n + 1}`).join(' ')} ELSE 1 END`;
  const story = storySql(from, to, rows, seed);
  return [`INSERT INTO ticket_versions (source, id, drop_id, valid_from, line, created_at, closed_at, status, status_raw, due_at, borough,
      borough_raw, borough_geo_raw, unit_raw, category, theme, channel, channel_raw, nature, current, status_at, latitude, longitude, address)
    WITH st AS (${story}),
    v AS (SELECT *, ${slot} AS n FROM st WHERE ${present}),
    w AS (SELECT *, raw[n] AS raw_now, coalesce(stat[n], tt[n]) AS stat_now FROM v)
    SELECT '${SOURCE}', 'T-' || (i + 1), ${j}, to_timestamp(${D}), i + 2, to_timestamp(c),
      CASE WHEN ${CANONICAL} <> 'open' THEN to_timestamp(stat_now) END, ${CANONICAL}, raw_now, NULL, borough, borough, borough, units[n],
      category, theme, ${list(CHANNELS.map((c) => c[1]))}[ch], ${list(CHANNELS.map((c) => c[0]))}[ch], nature, coalesce(g, ${DROPS}) = ${j}, to_timestamp(stat_now), lat, lon, address
    FROM w ORDER BY i`,
  `INSERT INTO ticket_absences (source, id, drop_id)
    WITH st AS (${story})
    SELECT '${SOURCE}', 'T-' || (i + 1), ${j} FROM st WHERE c <= ${D} AND (${j} > g OR ${j} = h) ORDER BY i`];
}

/**
 * Creates the store at `path` (which must not exist) with `rows` tickets; deterministic in `seed`. Built under a
 * temporary name and renamed when complete, so an interrupted run leaves no half store behind.
 */
export async function generateFollowUpStore(path: string, rows: number, seed: number): Promise<void> {
  const partial = `${path}.partial`;
  for (const p of [partial, `${partial}.wal`]) rmSync(p, { force: true });
  const store = await openStore({ path: partial, lang: 'en', memoryLimit: '2GB', threads: 2 });
  try {
    const chunk = 1_000_000;
    for (let j = 1; j <= DROPS; j++) {
      for (let from = 0; from < rows; from += chunk) {
        for (const sql of dropSql(j, from, Math.min(rows, from + chunk), rows, seed)) await store.conn.run(sql);
      }
      const D = `to_timestamp(${snapshotSeconds(j)})`;
      // columns named, so that a column a later schema adds (with its default) does not shift the values
      await store.conn.run(`INSERT INTO drops (drop_id, file, sha256, source, format, kind, mode, encoding, snapshot_time,
        snapshot_time_from, zone, tool_version, imported_at, "read", inserted, updated, unchanged, stale, rejected,
        duplicate_in_file, missing, findings)
        SELECT ${j}, 'gen-follow-up-store-${rows}-${seed}-${j}.csv', 'synthetic-${j}', '${SOURCE}', '${SOURCE}', 'tickets', 'snapshot', NULL,
          ${D}, 'flag', 'America/Toronto', '${VERSION}', ${D}, v.n, v.new, v.n - v.new, 0, 0, 0, 0,
          (SELECT count(*) FROM ticket_absences WHERE drop_id = ${j}), '[]'
        FROM (SELECT count(*) AS n, count(*) FILTER (WHERE created_at > ${D} - INTERVAL ${INTERVAL_DAYS} DAY) AS new
          FROM ticket_versions WHERE drop_id = ${j}) v`);
    }
    await store.conn.run('CHECKPOINT');
  } finally {
    store.close();
  }
  if (existsSync(`${partial}.wal`)) throw new Error(`${partial}: a WAL file was left behind`);
  renameSync(partial, path);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await generatorCli('gen-follow-up-store', 'TICKETS', generateFollowUpStore);
