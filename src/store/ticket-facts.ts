/**
 * The store's kept deadlines (`vigie standards apply`): each current ticket with the deadline, rule, target and local
 * days that a standards file gives it, computed once instead of at every compliance query.
 *
 * A ticket's deadline depends on the ticket and on the standards' zone, calendar, clock and rules only (src/compliance/
 * deadlines.ts), not on the period asked, the as-of instant, the cohort nor the on-time variant. So `ticket_facts`
 * holds one row per current ticket (the `tickets` view, every source) with its stored fields as they are (the close
 * time as written: a query applies its as-of instant), whether it is eligible and has invalid dates, `cday`/`zday`
 * (local days of creation and close), `rule_idx`, `target`, `example0` and `due`, in the order of `open_until`
 * (below): a recent month's tickets are the table's last row groups.
 *
 * `meta.ticket_facts` says under which standards (the JSON of their deadline part, the file and its SHA-256) and up
 * to which tickets drop the table is. A compliance query reads it only when both agree with the query — the same
 * deadline part of the standards, the store's latest tickets drop, the current view (no `--as-of` replay) — and
 * computes the deadlines itself otherwise. Each later tickets import keeps it, in its own transaction: the rows of
 * the tickets its new versions replace go, the new current versions come in.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { deadlineSelect, deadlineSpec, ELIGIBLE_SQL, INVALID_DATES_SQL, type DeadlineSpec } from '../standards/deadlines.ts';
import type { Standards } from '../standards/standards.ts';
import { lit, rows } from '../sql.ts';

export const FACTS_TABLE = 'ticket_facts';
const META_KEY = 'ticket_facts';

const FACTS_COLUMNS = `source VARCHAR NOT NULL, id VARCHAR NOT NULL, borough VARCHAR, theme VARCHAR, category VARCHAR,
  channel VARCHAR, nature VARCHAR, status VARCHAR, created_at TIMESTAMPTZ NOT NULL, closed_at TIMESTAMPTZ,
  due_at TIMESTAMPTZ, eligible BOOLEAN NOT NULL, invalid_dates BOOLEAN NOT NULL, cday DATE, zday DATE,
  rule_idx INTEGER, target DOUBLE, example0 BOOLEAN NOT NULL, due TIMESTAMPTZ, open_until TIMESTAMPTZ NOT NULL`;

/**
 * The later of a ticket's creation and close, +∞ without a close: the table's order. Every ticket a query needs has
 * one at or after the query's first instant (its cohort's start or its first backlog end: a ticket created in the
 * period, closed in it, or open at an end after it), so that the query skips the row groups of the tickets closed
 * before — most of the table for a recent month.
 */
export const OPEN_UNTIL_SQL = `greatest(created_at, coalesce(closed_at, 'infinity'::TIMESTAMPTZ))`;

/** What `meta.ticket_facts` records. */
export interface FactsState {
  spec: DeadlineSpec;
  /** The standards file they came from, and its SHA-256 (for `status` and the command's report). */
  file: string;
  sha256: string;
  /** The latest tickets drop they include (null: the store had none). */
  drop: number | null;
  built_at: string;
}

/**
 * The kept deadlines' state, or null when the store keeps none, with whether they include the store's latest tickets
 * drop (`current`; imports keep them so). One statement: compliance asks at every query.
 */
export async function factsState(conn: DuckDBConnection): Promise<(FactsState & { current: boolean }) | null> {
  const r = (await rows(conn, `SELECT (SELECT value FROM meta WHERE key = '${META_KEY}') AS v,
    (SELECT max(drop_id) FROM drops WHERE kind = 'tickets') AS d`))[0]!;
  if (r.v === null || r.v === undefined) return null;
  const st = JSON.parse(String(r.v)) as FactsState;
  const latest = r.d === null || r.d === undefined ? null : Number(r.d);
  return { ...st, current: st.drop === latest };
}

/**
 * Whether a query under these standards may read the kept deadlines: they exist, include the store's latest tickets
 * drop, and were computed under the same deadline part of the standards.
 */
export async function factsUsable(conn: DuckDBConnection, s: Standards): Promise<boolean> {
  const st = await factsState(conn);
  return st !== null && st.current && JSON.stringify(st.spec) === JSON.stringify(deadlineSpec(s));
}

/** The tickets of `where` (over the `tickets` view, alias t) as the deadline builder reads them. */
async function inputView(conn: DuckDBConnection, where: string): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP VIEW vigie_fin AS
    SELECT t.source, t.id, t.borough, t.theme, t.category, t.channel, t.nature, t.status, t.created_at, t.closed_at, t.due_at,
      (${ELIGIBLE_SQL('t')}) AS eligible, (${INVALID_DATES_SQL('t')}) AS invalid_dates
    FROM tickets t ${where}`);
}

async function insertFacts(conn: DuckDBConnection, spec: DeadlineSpec): Promise<number> {
  const d = await deadlineSelect(conn, spec, 'vigie_fin', { years: null, upperMs: 0, closedDay: 'closed_at' });
  if (!d) return 0;
  await conn.run(`INSERT INTO ${FACTS_TABLE} BY NAME SELECT *, ${OPEN_UNTIL_SQL} AS open_until FROM (${d.sql}) ORDER BY open_until`);
  return d.n;
}

/**
 * (Re)computes the kept deadlines of every current ticket under `s` and records them in meta. Runs in the caller's
 * transaction. Returns the tickets kept.
 */
export async function buildTicketFacts(conn: DuckDBConnection, s: Standards, now: Date): Promise<number> {
  const spec = deadlineSpec(s);
  await conn.run(`DROP TABLE IF EXISTS ${FACTS_TABLE}; CREATE TABLE ${FACTS_TABLE} (${FACTS_COLUMNS})`);
  await inputView(conn, '');
  const n = await insertFacts(conn, spec);
  const latest = (await rows(conn, `SELECT max(drop_id) AS d FROM drops WHERE kind = 'tickets'`))[0]!.d;
  const state: FactsState = { spec, file: s.file, sha256: s.sha256, drop: latest === null || latest === undefined ? null : Number(latest),
    built_at: now.toISOString() };
  await conn.run(`INSERT OR REPLACE INTO meta VALUES ('${META_KEY}', ${lit(JSON.stringify(state))})`);
  return n;
}

/** Stops keeping deadlines (the table and its meta go). Runs in the caller's transaction. */
export async function dropTicketFacts(conn: DuckDBConnection): Promise<void> {
  await conn.run(`DROP TABLE IF EXISTS ${FACTS_TABLE}; DELETE FROM meta WHERE key = '${META_KEY}'`);
}

/**
 * After a tickets import wrote drop `dropId` of `source` (its versions in `ticket_versions`, the superseded ones no
 * longer current): the tickets whose ids are in `replaced` (a relation with an `id` column: the updated ones) leave,
 * the drop's current versions come in, under the standards the table was built with. Nothing when the store keeps no
 * deadlines. Runs in the import's transaction.
 */
export async function refreshTicketFacts(conn: DuckDBConnection, source: string, dropId: number, replaced: string | null,
  trace?: (step: string, ms: number) => void): Promise<void> {
  const st = await factsState(conn);
  if (!st) return;
  const t0 = performance.now();
  if (replaced) await conn.run(`DELETE FROM ${FACTS_TABLE} WHERE source = ${lit(source)} AND id IN (SELECT id FROM ${replaced})`);
  await inputView(conn, `WHERE t.source = ${lit(source)} AND t.drop_id = ${dropId}`);
  const n = await insertFacts(conn, st.spec);
  const next: FactsState = { spec: st.spec, file: st.file, sha256: st.sha256, drop: dropId, built_at: st.built_at };
  await conn.run(`INSERT OR REPLACE INTO meta VALUES ('${META_KEY}', ${lit(JSON.stringify(next))})`);
  trace?.(`kept deadlines (${n} tickets)`, performance.now() - t0);
}
