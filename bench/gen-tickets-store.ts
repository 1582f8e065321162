/**
 * A deterministic generator of a vigie store holding N tickets (default 10,000,000), for the ticket compliance
 * benchmark (bench/compliance.ts). The store is created with vigie's own migrations (`openStore`, read-write), then
 * filled straight in SQL, `INSERT INTO ticket_versions SELECT … FROM range(…)`, every random draw a pure function of
 * the row number and the seed (`hash(i, seed, k)`), so the same N and seed give the same rows. One version per
 * ticket (`current = true`, drop 1), and one `drops` row whose snapshot time is the end of the data,
 * 2019-07-01T04:00Z (midnight, Montréal time): vigie's as-of instant.
 *
 * The shape, modelled on Montréal's 311 requests between 2014-01 and 2019-06 (no seasonality):
 * - created_at: the N tickets spread evenly over the 2,007 local days, in creation order (as drops are imported), with
 *   a daily profile in Montréal local time (few at night, most 07:00–19:00);
 * - borough: the 19 boroughs of data/boroughs.csv weighted by population, about 0.5 % without a borough;
 * - theme and category: the themes of data/themes.csv, with categories that the shipped rules of
 *   data/standards/montreal.yaml match (potholes, snow, hazardous trees, pruning, collections and bins, graffiti,
 *   noise: about half the requests) and categories that no rule matches (no_target), a few without a category;
 * - nature: request, about 20 % information (most of the general-information theme), about 2 % complaints and
 *   0.5 % comments; every row has an id (`T-1` …);
 * - status: requests and complaints are mostly closed, after a log-normal delay whose median depends on the category
 *   (minutes to weeks; information rows close within 10 minutes); about 3.5 % cancelled, 2 % refused, 3 % duplicate,
 *   0.2 % unknown, 1.5 % never closed (a backlog that builds up over the years); a close after the snapshot leaves the
 *   ticket open (5 % of those stay `closed` with their future close time, which vigie reads as open at as-of); a few
 *   closed before created (0.1 %) or closed without a close time (0.05 %);
 * - due_at: about 10 % carry a source deadline, 1–20 days after creation (some closed exactly at it);
 * - channel: phone, web, mobile, email, in person, social media, mail, fax, other, unknown.
 *
 *   npx tsx bench/gen-tickets-store.ts OUT.duckdb [ROWS=10000000] [SEED=311]
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/db.ts';
import { VERSION } from '../src/version.ts';
import { boroughs, themeIds } from './gen-calls.ts';
import { generatorCli } from './lib.ts';

/** The end of the data and the drop's snapshot time: 2019-07-01 00:00 in Montréal. */
export const SNAPSHOT = '2019-07-01T04:00:00Z';
export const SOURCE = 'montreal-requetes311';
/** Local days from 2014-01-01 to 2019-06-30. */
const DAYS = 2007;

interface Category {
  theme: string;
  category: string | null;
  /** Relative volume. */
  weight: number;
  /** Share of information rows. */
  info: number;
  /** Median close delay of requests, hours. */
  hours: number;
}

/** Categories: the first ones match a shipped rule (see data/standards/montreal.yaml), the others none. */
export const CATEGORIES: Category[] = [
  { theme: 'roads_snow', category: 'Nid-de-poule', weight: 60, info: 0.1, hours: 60 },
  { theme: 'roads_snow', category: 'Déneigement - rue', weight: 30, info: 0.15, hours: 30 },
  { theme: 'roads_snow', category: 'Trottoir glissant', weight: 15, info: 0.1, hours: 24 },
  { theme: 'parks_trees', category: 'Danger potentiel - Arbre', weight: 15, info: 0.1, hours: 40 },
  { theme: 'parks_trees', category: 'Branche tombée', weight: 15, info: 0.1, hours: 30 },
  { theme: 'parks_trees', category: 'Élagage', weight: 20, info: 0.1, hours: 24 * 30 },
  { theme: 'parks_trees', category: 'Émondage', weight: 8, info: 0.1, hours: 24 * 40 },
  { theme: 'collections', category: 'Collecte des ordures', weight: 50, info: 0.3, hours: 48 },
  { theme: 'collections', category: 'Collecte des encombrants', weight: 60, info: 0.25, hours: 72 },
  { theme: 'collections', category: 'Bac brisé', weight: 40, info: 0.2, hours: 96 },
  { theme: 'collections', category: 'Graffiti', weight: 25, info: 0.1, hours: 200 },
  { theme: 'public_safety', category: 'Bruit', weight: 30, info: 0.2, hours: 100 },
  { theme: 'public_safety', category: 'Nuisance - odeur', weight: 10, info: 0.2, hours: 150 },
  // no rule matches these
  { theme: 'roads_snow', category: 'Signalisation', weight: 20, info: 0.2, hours: 120 },
  { theme: 'parks_trees', category: 'Entretien de parc', weight: 12, info: 0.2, hours: 72 },
  { theme: 'collections', category: 'Propreté', weight: 20, info: 0.2, hours: 72 },
  { theme: 'public_safety', category: 'Stationnement illégal', weight: 25, info: 0.1, hours: 6 },
  { theme: 'general_information', category: 'Renseignements généraux', weight: 110, info: 0.9, hours: 4 },
  { theme: 'taxes_finance', category: 'Compte de taxes', weight: 40, info: 0.5, hours: 100 },
  { theme: 'permits', category: 'Permis de construction', weight: 35, info: 0.4, hours: 300 },
  { theme: 'water', category: "Fuite d'eau", weight: 30, info: 0.05, hours: 48 },
  { theme: 'mobility', category: 'Feux de circulation', weight: 25, info: 0.1, hours: 24 },
  { theme: 'mobility', category: 'Piste cyclable', weight: 10, info: 0.2, hours: 200 },
  { theme: 'animals', category: 'Animal errant', weight: 20, info: 0.2, hours: 48 },
  { theme: 'housing', category: 'Salubrité des logements', weight: 15, info: 0.2, hours: 500 },
  { theme: 'culture_leisure', category: 'Inscription aux loisirs', weight: 15, info: 0.6, hours: 24 },
  { theme: 'environment', category: "Plantation d'arbre", weight: 8, info: 0.3, hours: 1000 },
  { theme: 'economic_development', category: 'Commerce', weight: 5, info: 0.5, hours: 200 },
  { theme: 'other', category: 'Autre', weight: 10, info: 0.3, hours: 100 },
  { theme: 'other', category: null, weight: 3, info: 0.3, hours: 100 },
];

const CHANNELS: [string, number][] = [['phone', 45], ['web', 18], ['mobile', 14], ['email', 9], ['in_person', 6], ['social', 3],
  ['mail', 2], ['fax', 1], ['other', 1], ['unknown', 1]];

const lit = (s: string | null) => (s === null ? 'NULL' : `'${s.replaceAll("'", "''")}'`);

/** A SQL list literal of `values` repeated by weight: indexing it with a uniform draw is a weighted choice. */
function weightedList(values: readonly (string | number | null)[], weights: readonly number[]): { sql: string; length: number } {
  const out: string[] = [];
  values.forEach((v, i) => {
    for (let k = 0; k < weights[i]!; k++) out.push(typeof v === 'number' ? String(v) : lit(v));
  });
  return { sql: `[${out.join(', ')}]`, length: out.length };
}

/** The INSERT of rows [from, to): every column a function of i and the seed. */
function insertSql(from: number, to: number, rows: number, seed: number): string {
  const u = (k: number) => `((hash(i, ${seed}, ${k}) >> 11)::DOUBLE / 9007199254740992.0)`;
  const bs = boroughs();
  if (bs.length !== 19) throw new Error(`data/boroughs.csv: expected 19 boroughs, found ${bs.length}`);
  const bw = bs.map((b) => Math.max(1, Math.round(b.population / 5000)));
  const bTotal = bw.reduce((a, b) => a + b, 0);
  // about 0.5 % without a borough
  const borough = weightedList([...bs.map((b) => b.name), null], [...bw, Math.max(1, Math.round(bTotal * 0.005))]);
  const known = new Set(themeIds());
  for (const c of CATEGORIES) if (!known.has(c.theme)) throw new Error(`unknown theme ${c.theme}`);
  const cat = weightedList(CATEGORIES.map((_, i) => i + 1), CATEGORIES.map((c) => c.weight));
  const channel = weightedList(CHANNELS.map((c) => c[0]), CHANNELS.map((c) => c[1]));
  const cats = CATEGORIES.map((c, i) => `(${i + 1}, ${lit(c.theme)}, ${lit(c.category)}, ${c.info}, ${c.hours})`).join(', ');
  // Local second of the day from a uniform draw x: density 0.2/h before 07:00, 1/h until 19:00, 0.5/h after.
  const secOfDay = (x: string) => `CAST(floor(3600 * CASE WHEN ${x} * 15.9 < 1.4 THEN ${x} * 15.9 / 0.2
      WHEN ${x} * 15.9 < 13.4 THEN 7 + (${x} * 15.9 - 1.4) ELSE 19 + (${x} * 15.9 - 13.4) / 0.5 END) AS BIGINT)`;
  return `INSERT INTO ticket_versions (source, id, drop_id, valid_from, line, created_at, closed_at, status, status_raw, due_at, borough,
      borough_raw, borough_geo_raw, unit_raw, category, theme, channel, channel_raw, nature, current)
    WITH cats (k, theme, category, info, hours) AS (VALUES ${cats}),
    r AS (
      SELECT i,
        (i * ${DAYS}) // ${rows} AS day_n,
        (((i * ${DAYS}) % ${rows}) + ${u(1)}) / ${rows} AS day_frac,
        ${borough.sql}[1 + CAST(floor(${u(2)} * ${borough.length}) AS BIGINT)] AS borough,
        ${cat.sql}[1 + CAST(floor(${u(3)} * ${cat.length}) AS BIGINT)] AS k,
        ${channel.sql}[1 + CAST(floor(${u(4)} * ${channel.length}) AS BIGINT)] AS channel,
        ${u(5)} AS u_nature, ${u(6)} AS u_status, ${u(7)} AS u_z1, ${u(8)} AS u_z2, ${u(9)} AS u_due, ${u(10)} AS u_due_n,
        ${u(11)} AS u_edge, ${u(12)} AS u_info
      FROM range(${from}, ${to}) t(i)
    ),
    c AS (
      SELECT r.*, cats.theme, cats.category, cats.info, cats.hours,
        timezone('America/Toronto', TIMESTAMP '2014-01-01' + to_days(CAST(day_n AS INTEGER)) + to_seconds(${secOfDay('day_frac')})) AS created_at,
        CASE WHEN u_nature < cats.info THEN 'information' WHEN u_nature < cats.info + 0.02 THEN 'complaint'
          WHEN u_nature < cats.info + 0.025 THEN 'comment' ELSE 'request' END AS nature,
        -- log-normal close delay (seconds), median cats.hours, capped at 500 days
        least(500 * 86400, greatest(60, cats.hours * 3600 * exp(1.3 * sqrt(-2 * ln(1 - u_z1)) * cos(2 * pi() * u_z2)))) AS delay_s
      FROM r JOIN cats USING (k)
    ),
    d AS (
      SELECT *,
        CASE WHEN u_due < 0.10 THEN created_at + to_days(CAST(1 + floor(u_due_n * 20) AS INTEGER)) END AS due_at,
        CASE WHEN nature IN ('information', 'comment') THEN 'closed'
          WHEN u_status < 0.035 THEN 'cancelled' WHEN u_status < 0.055 THEN 'refused' WHEN u_status < 0.085 THEN 'duplicate'
          WHEN u_status < 0.087 THEN 'unknown' WHEN u_status < 0.102 THEN 'open' ELSE 'closed' END AS status0
      FROM c
    ),
    e AS (
      SELECT *,
        CASE WHEN nature IN ('information', 'comment') THEN created_at + to_seconds(CAST(floor(u_info * 600) AS BIGINT))
          WHEN status0 IN ('open', 'unknown') THEN NULL
          WHEN status0 = 'closed' AND u_edge < 0.001 THEN created_at - to_seconds(CAST(delay_s / 10 AS BIGINT))
          WHEN status0 = 'closed' AND u_edge < 0.0015 THEN NULL
          WHEN status0 = 'closed' AND due_at IS NOT NULL AND u_edge > 0.95 AND due_at <= TIMESTAMPTZ '${SNAPSHOT}' THEN due_at
          WHEN status0 = 'closed' THEN created_at + to_seconds(CAST(delay_s AS BIGINT))
          ELSE created_at + to_seconds(CAST(delay_s / 2 AS BIGINT)) END AS closed0
      FROM d
    )
    SELECT '${SOURCE}', 'T-' || (i + 1), 1, TIMESTAMPTZ '${SNAPSHOT}', i + 2, created_at,
      CASE WHEN closed0 > TIMESTAMPTZ '${SNAPSHOT}' AND (status0 <> 'closed' OR u_edge < 0.95) THEN NULL ELSE closed0 END,
      CASE WHEN status0 = 'closed' AND closed0 > TIMESTAMPTZ '${SNAPSHOT}' AND u_edge < 0.95 THEN 'open' ELSE status0 END,
      NULL, due_at, borough, borough, NULL, NULL, category, theme, channel, channel, nature, true
    FROM e ORDER BY i`;
}

/**
 * Creates the store at `path` (which must not exist) with `rows` tickets; deterministic in `seed`. Built under a
 * temporary name and renamed when complete, so an interrupted run leaves no half store behind.
 */
export async function generateTicketsStore(path: string, rows: number, seed: number): Promise<void> {
  const partial = `${path}.partial`;
  for (const p of [partial, `${partial}.wal`]) rmSync(p, { force: true });
  const store = await openStore({ path: partial, lang: 'en', memoryLimit: '2GB', threads: 2 });
  try {
    const chunk = 1_000_000;
    for (let from = 0; from < rows; from += chunk) {
      await store.conn.run(insertSql(from, Math.min(rows, from + chunk), rows, seed));
    }
    // columns named, so that a column a later schema adds (with its default) does not shift the values
    await store.conn.run(`INSERT INTO drops (drop_id, file, sha256, source, format, kind, mode, encoding, snapshot_time,
      snapshot_time_from, zone, tool_version, imported_at, "read", inserted, updated, unchanged, stale, rejected,
      duplicate_in_file, missing, findings)
      VALUES (1, 'gen-tickets-store-${rows}-${seed}', 'synthetic', '${SOURCE}', '${SOURCE}', 'tickets',
      'snapshot', NULL, TIMESTAMPTZ '${SNAPSHOT}', 'flag', 'America/Toronto', '${VERSION}', TIMESTAMPTZ '${SNAPSHOT}',
      ${rows}, ${rows}, 0, 0, 0, 0, 0, 0, '[]')`);
    await store.conn.run('CHECKPOINT');
  } finally {
    store.close();
  }
  if (existsSync(`${partial}.wal`)) throw new Error(`${partial}: a WAL file was left behind`);
  renameSync(partial, path);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await generatorCli('gen-tickets-store', 'ROWS', generateTicketsStore);
