/**
 * The store's schema and its migrations. `meta.schema_version` says which migrations have run; each migration runs
 * once, in its own transaction. A store written by a newer vigie is refused rather than misread.
 *
 * Times are TIMESTAMPTZ (UTC instants; sessions run with TimeZone = UTC). Ticket rows are versioned: every change
 * seen in a drop adds a row to `ticket_versions`, valid from that drop's snapshot time. `tickets` is the current
 * view; `tickets_as_of(t)` replays the store as it was known at instant t.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { CUBE_TABLES_SQL, refreshCallCube } from './call-cube.ts';

/** The latest version of each (source, id) among the versions of `table` (that satisfy `where`). */
function latestVersions(table: string, where = '', exclude: string[] = []): string {
  return `SELECT * EXCLUDE (${['rn', ...exclude].join(', ')}) FROM (
      SELECT *, row_number() OVER (PARTITION BY source, id ORDER BY valid_from DESC, drop_id DESC) AS rn
      FROM ${table}${where}) WHERE rn = 1`;
}

/** `name(t)`: the store as it was known at instant t (the versions valid from t or earlier, the latest of each). */
function asOfMacro(name: string, table: string, exclude: string[] = []): string {
  return `CREATE OR REPLACE MACRO ${name}(t) AS TABLE ${latestVersions(table, ' WHERE valid_from <= t', exclude)};`;
}

const MIGRATIONS: (string | ((conn: DuckDBConnection) => Promise<void>))[] = [
  // 1: drops (the manifest), ticket versions, rejects
  `
  CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
  CREATE TABLE drops (
    drop_id INTEGER PRIMARY KEY, file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, source VARCHAR NOT NULL,
    format VARCHAR NOT NULL, kind VARCHAR NOT NULL, mode VARCHAR NOT NULL, encoding VARCHAR,
    snapshot_time TIMESTAMPTZ NOT NULL, snapshot_time_from VARCHAR NOT NULL, zone VARCHAR NOT NULL,
    tool_version VARCHAR NOT NULL, imported_at TIMESTAMPTZ NOT NULL,
    "read" BIGINT NOT NULL, inserted BIGINT NOT NULL, updated BIGINT NOT NULL, unchanged BIGINT NOT NULL,
    stale BIGINT NOT NULL, rejected BIGINT NOT NULL, duplicate_in_file BIGINT NOT NULL, missing BIGINT NOT NULL,
    findings VARCHAR NOT NULL
  );
  CREATE TABLE ticket_versions (
    source VARCHAR NOT NULL, id VARCHAR NOT NULL, drop_id INTEGER NOT NULL, valid_from TIMESTAMPTZ NOT NULL,
    line BIGINT,
    created_at TIMESTAMPTZ NOT NULL, closed_at TIMESTAMPTZ, status VARCHAR NOT NULL, status_raw VARCHAR,
    due_at TIMESTAMPTZ, borough VARCHAR, borough_raw VARCHAR, borough_geo_raw VARCHAR, unit_raw VARCHAR,
    category VARCHAR, theme VARCHAR NOT NULL, channel VARCHAR NOT NULL, channel_raw VARCHAR, nature VARCHAR NOT NULL
  );
  CREATE TABLE rejects (
    drop_id INTEGER NOT NULL, file VARCHAR NOT NULL, line BIGINT, column_name VARCHAR, code VARCHAR NOT NULL,
    value VARCHAR, raw VARCHAR
  );
  ${asOfMacro('tickets_as_of', 'ticket_versions')}
  CREATE VIEW tickets AS ${latestVersions('ticket_versions')};
  `,
  // 2: calls (one row per call that reached the queue), versioned like tickets
  `
  CREATE TABLE call_versions (
    source VARCHAR NOT NULL, id VARCHAR NOT NULL, drop_id INTEGER NOT NULL, valid_from TIMESTAMPTZ NOT NULL, line BIGINT,
    queued_at TIMESTAMPTZ NOT NULL, outcome VARCHAR NOT NULL, outcome_raw VARCHAR, wait_seconds DOUBLE NOT NULL,
    talk_seconds DOUBLE, queue VARCHAR, theme VARCHAR, borough VARCHAR, borough_raw VARCHAR, agent_site VARCHAR,
    agent_site_raw VARCHAR, transferred BOOLEAN
  );
  ${asOfMacro('calls_as_of', 'call_versions')}
  CREATE VIEW calls AS ${latestVersions('call_versions')};
  `,
  // 3: ACD interval reports, versioned by (source, interval start, length, queue, theme, borough)
  `
  CREATE TABLE call_interval_versions (
    source VARCHAR NOT NULL, id VARCHAR NOT NULL, drop_id INTEGER NOT NULL, valid_from TIMESTAMPTZ NOT NULL, line BIGINT,
    interval_start TIMESTAMPTZ NOT NULL, interval_minutes INTEGER NOT NULL, queue VARCHAR, theme VARCHAR, borough VARCHAR,
    borough_raw VARCHAR, offered BIGINT NOT NULL, answered BIGINT NOT NULL, abandoned BIGINT NOT NULL, answered_within BIGINT,
    threshold_seconds DOUBLE, wait_seconds_answered_total DOUBLE, talk_seconds_total DOUBLE, abandoned_short BIGINT
  );
  ${asOfMacro('call_intervals_as_of', 'call_interval_versions')}
  CREATE VIEW call_intervals AS ${latestVersions('call_interval_versions')};
  `,
  // 4: a \`current\` flag on every version, kept by the import, so that the current views are a filter (which DuckDB
  // pushes down, and which lets it skip row groups by time) instead of a window over every version of every row
  ['ticket_versions', 'call_versions', 'call_interval_versions'].map((t) => `
  ALTER TABLE ${t} ADD COLUMN current BOOLEAN DEFAULT false;
  UPDATE ${t} SET current = true FROM (
    SELECT source, id, drop_id, valid_from FROM ${t}
    QUALIFY row_number() OVER (PARTITION BY source, id ORDER BY valid_from DESC, drop_id DESC) = 1) l
  WHERE ${t}.source = l.source AND ${t}.id = l.id AND ${t}.drop_id = l.drop_id AND ${t}.valid_from = l.valid_from;
  `).join('') + `
  CREATE OR REPLACE VIEW tickets AS SELECT * EXCLUDE (current) FROM ticket_versions WHERE current;
  CREATE OR REPLACE VIEW calls AS SELECT * EXCLUDE (current) FROM call_versions WHERE current;
  CREATE OR REPLACE VIEW call_intervals AS SELECT * EXCLUDE (current) FROM call_interval_versions WHERE current;
  ${asOfMacro('tickets_as_of', 'ticket_versions', ['current'])}
  ${asOfMacro('calls_as_of', 'call_versions', ['current'])}
  ${asOfMacro('call_intervals_as_of', 'call_interval_versions', ['current'])}
  `,
  // 5: each drop's header (its column names as written, a JSON list), so that \`validate --store\` can say which columns
  // a new drop adds, lacks or renames (src/store/drift.ts); NULL for drops imported before this version
  `
  ALTER TABLE drops ADD COLUMN header VARCHAR;
  `,
  // 6: the calls' monthly cube (src/store/call-cube.ts), built from the calls already stored in the zone of the latest
  // calls drop; a store without calls gets it at its first calls import
  async (conn) => {
    await conn.run(CUBE_TABLES_SQL);
    const last = await conn.runAndReadAll(`SELECT zone FROM drops WHERE kind = 'calls' ORDER BY drop_id DESC LIMIT 1`);
    const zone = last.getRowObjects()[0]?.zone;
    if (typeof zone === 'string') await refreshCallCube(conn, zone, null, null);
  },
  // 7: for the follow-up of requests, each ticket version's status time (when the source gives one) and location
  // (latitude, longitude, street text), which versions stored before keep NULL until a later drop fills them
  // (src/store/import-merge.ts: a filled-in version is the same version, not a new one); and the requests each
  // snapshot drop lacked (none recorded for the drops imported before)
  `
  CREATE TABLE IF NOT EXISTS ticket_absences (source VARCHAR NOT NULL, id VARCHAR NOT NULL, drop_id INTEGER NOT NULL);
  ALTER TABLE ticket_versions ADD COLUMN IF NOT EXISTS status_at TIMESTAMPTZ;
  ALTER TABLE ticket_versions ADD COLUMN IF NOT EXISTS latitude DOUBLE;
  ALTER TABLE ticket_versions ADD COLUMN IF NOT EXISTS longitude DOUBLE;
  ALTER TABLE ticket_versions ADD COLUMN IF NOT EXISTS address VARCHAR;
  CREATE OR REPLACE VIEW tickets AS SELECT * EXCLUDE (current) FROM ticket_versions WHERE current;
  ${asOfMacro('tickets_as_of', 'ticket_versions', ['current'])}
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The store's schema version; 0 for a new file (no `meta` table). One statement: every command opens the store. */
async function currentVersion(conn: DuckDBConnection): Promise<number> {
  try {
    const r = await conn.runAndReadAll(`SELECT value FROM main.meta WHERE key = 'schema_version'`);
    return Number(r.getRowObjects()[0]?.value ?? 0);
  } catch (e) {
    // Only a new file has no `meta` table; any other failure is the store's and is reported as such.
    const t = await conn.runAndReadAll(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'meta' AND schema_name = 'main'`);
    if (Number(t.getRowObjects()[0]?.n) === 0) return 0;
    throw e;
  }
}

/** Brings the store up to SCHEMA_VERSION; returns the version it is at. */
export async function migrate(conn: DuckDBConnection, o: { readOnly: boolean; path: string; lang: Lang }): Promise<number> {
  const v = await currentVersion(conn);
  if (v > SCHEMA_VERSION) throw new CliError(EXIT.runtime, 'store.tooNew', msg(o.lang).storeTooNew(o.path, v, SCHEMA_VERSION));
  if (o.readOnly || v === SCHEMA_VERSION) return v;
  for (let i = v; i < SCHEMA_VERSION; i++) {
    await conn.run('BEGIN TRANSACTION');
    try {
      const step = MIGRATIONS[i]!;
      if (typeof step === 'string') await conn.run(step);
      else await step(conn);
      await conn.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', '${i + 1}')`);
      await conn.run('COMMIT');
    } catch (e) {
      await conn.run('ROLLBACK');
      throw e;
    }
  }
  return SCHEMA_VERSION;
}
