/**
 * The merge into the versioned tables (the last steps of src/store/import.ts): the snapshot time the new versions are
 * valid from; keys (occurrence numbers of identical id-less rows, ids repeated in the file); each kept row's fate
 * against the source's current rows (inserted / updated / unchanged / stale, and the stored rows the drop lacks); the
 * writes — new versions, superseded ones no longer current, the derived tables, the rejects.
 */
import { basename } from 'node:path';
import { msg } from '../messages.ts';
import { formatInstant } from '../time/zone.ts';
import { lit, rows, ts } from '../sql.ts';
import { refreshCallCube } from './call-cube.ts';
import { refreshTicketFacts } from './ticket-facts.ts';
import type { StageSpec } from './staging.ts';
import { addFinding, SAMPLES, shortValue, type ImportRun, type StructuralReject } from './import-run.ts';
import { dateInName, readRecordsAt } from './import-read.ts';

/** The instant the drop's versions are valid from, and where it came from. */
export interface Snapshot {
  at: Date;
  from: 'flag' | 'name' | 'data' | 'now';
  /** The date the file is named after, when the newest row is more than a day away from it (a warning). */
  nameGap: { day: string; newest: Date } | null;
  /** `at` as a SQL timestamp. */
  sql: string;
}

/** The kept rows of the drop by fate; `filled`: of the unchanged rows, those that fill in a stored version's `spec.filled` columns. */
export type Fates = Partial<Record<'inserted' | 'updated' | 'unchanged' | 'stale' | 'filled', number>>;

/**
 * Step 4, snapshot time: the flag; else the date the file is named after (local midnight: `requetes311-2018-11-01.csv`
 * was taken on 1 November, though its newest row may be 20 October), unless the rows are newer; else the newest
 * creation or status time in the drop (rows before --min-date left out); capped at the wall clock.
 */
export async function snapshotTime(run: ImportRun, spec: StageSpec): Promise<Snapshot> {
  const { o, base, one } = run;
  if (o.snapshotTime) return { at: o.snapshotTime, from: 'flag', nameGap: null, sql: ts(o.snapshotTime) };
  let nameGap: Snapshot['nameGap'] = null;
  const mx = (await one(`SELECT max(${spec.timeSql}) AS t FROM stg0 WHERE ${spec.mainTime} >= ${ts(o.minDate)}`)).t as Date | null;
  const named = dateInName(basename(o.path), base.zone);
  // When the name and the rows differ by more than a day, say so.
  if (named && mx && Math.abs(named.at.getTime() - mx.getTime()) > 86_400_000) nameGap = { day: named.day, newest: new Date(mx) };
  let at: Date;
  let from: Snapshot['from'];
  if (named && named.at.getTime() <= o.now.getTime() && (!mx || mx.getTime() <= named.at.getTime())) {
    at = named.at;
    from = 'name';
  } else if (mx && mx.getTime() <= o.now.getTime()) {
    at = new Date(mx);
    from = 'data';
  } else {
    at = o.now;
    from = 'now';
  }
  return { at, from, nameGap, sql: ts(at) };
}

/**
 * Step 7, keys: identical id-less rows (same content hash) are numbered by occurrence, only where a hash repeats; of
 * an id repeated among the kept rows the last row wins and the earlier ones go to `dup` (duplicate_in_file). Returns
 * their count.
 */
export async function numberKeys(run: ImportRun, spec: StageSpec): Promise<number> {
  const { conn, o, q, one, findings } = run;
  await q(`UPDATE stg0 SET id = regexp_replace(stg0.id, ':1$', ':' || o.occ) FROM (
      SELECT rec, row_number() OVER (PARTITION BY id ORDER BY rec) AS occ FROM stg0
      WHERE hashed AND id IN (SELECT id FROM stg0 WHERE hashed GROUP BY id HAVING count(*) > 1)) o
    WHERE stg0.rec = o.rec AND o.occ > 1`);
  // An id repeated in the file: the last row wins, the earlier ones are counted duplicate_in_file.
  await q(`CREATE OR REPLACE TEMP TABLE dup AS
    SELECT s.rec, s.line, s.id FROM stg s JOIN (SELECT id, max(rec) AS last FROM stg WHERE err IS NULL GROUP BY id HAVING count(*) > 1) l
      ON l.id = s.id AND s.rec <> l.last WHERE s.err IS NULL`);
  const dupCount = Number((await one(`SELECT count(*) AS n FROM dup`)).n);
  if (dupCount) {
    const samples = (await rows(conn, `SELECT line, id FROM dup ORDER BY line LIMIT ${SAMPLES}`))
      .map((r) => ({ line: Number(r.line), column: spec.idColumn, value: shortValue(r.id) }));
    addFinding(findings, o, 'warning', 'duplicate_id', spec.idColumn, dupCount, samples);
  }
  return dupCount;
}

/**
 * Step 8, fate (inside the transaction): the source's current rows into `cur`, and the view `fate`, each kept row
 * (neither rejected nor in `dup`) once with its fate: inserted, updated, unchanged, or stale (the store already knows a
 * later version). An incremental drop's unchanged rows are reported by the drop they repeat.
 */
export async function fateAgainstStore(run: ImportRun, spec: StageSpec, snap: string): Promise<Fates> {
  const { conn, o, base, q, findings } = run;
  await q(`CREATE OR REPLACE TEMP TABLE cur AS SELECT * EXCLUDE (current) FROM ${spec.table} WHERE source = ${lit(base.source)} AND current`);
  const equal = (cols: readonly string[]) => cols.map((col) => `n.${col} IS NOT DISTINCT FROM cur.${col}`).join(' AND ');
  // Columns the store gained later: a stored version holding none of them (written before) is the same version when
  // the rest agrees, and is filled in from this drop; otherwise they are compared like the rest.
  const filled = spec.filled ?? [];
  const curBlank = filled.map((col) => `cur.${col} IS NULL`).join(' AND ');
  const same = filled.length
    ? `${equal(spec.stored.filter((c) => !filled.includes(c)))} AND (${curBlank} OR ${equal(filled)})`
    : equal(spec.stored);
  const fill = filled.length ? `(${curBlank} AND NOT (${filled.map((col) => `n.${col} IS NULL`).join(' AND ')}))` : 'false';
  // Rows are compared as they would be stored (spec.insert: a close before the creation is stored empty), so that a row
  // re-published as it was is unchanged, not a new version at every drop.
  const asStored = spec.insert ? ` REPLACE (${Object.entries(spec.insert).map(([col, sql]) => `${sql} AS ${col}`).join(', ')})` : '';
  await q(`CREATE OR REPLACE TEMP VIEW fate AS
    SELECT n.*, CASE WHEN cur.id IS NULL THEN 'inserted' WHEN cur.valid_from > ${snap} THEN 'stale'
      WHEN ${same} THEN 'unchanged' ELSE 'updated' END AS fate, cur.id IS NOT NULL AND ${fill} AS fill
    FROM (SELECT *${asStored} FROM stg WHERE err IS NULL AND rec NOT IN (SELECT rec FROM dup)) n LEFT JOIN cur ON cur.id = n.id`);
  const byFate = await rows(conn, `SELECT fate, count(*) AS n, count(*) FILTER (WHERE fill) AS f FROM fate GROUP BY fate`);
  const fates: Fates = Object.fromEntries(byFate.map((r) => [r.fate, Number(r.n)]));
  fates.filled = Number(byFate.find((r) => r.fate === 'unchanged')?.f ?? 0);
  if (base.mode === 'incremental' && fates.unchanged) {
    // An incremental drop adds rows: rows identical to stored ones repeat an earlier drop (stored once, not twice).
    const repeats = await rows(conn, `SELECT cur.drop_id AS drop_id, d.file AS file, count(*) AS n, min(f.line) AS line
      FROM fate f JOIN cur ON cur.id = f.id JOIN drops d ON d.drop_id = cur.drop_id WHERE f.fate = 'unchanged'
      GROUP BY cur.drop_id, d.file ORDER BY cur.drop_id`);
    for (const r of repeats) {
      const samples = (await rows(conn, `SELECT f.line, f.id FROM fate f JOIN cur ON cur.id = f.id
          WHERE f.fate = 'unchanged' AND cur.drop_id = ${Number(r.drop_id)} ORDER BY f.line LIMIT ${SAMPLES}`))
        .map((x) => ({ line: Number(x.line), column: spec.idColumn, value: shortValue(x.id) }));
      addFinding(findings, o, 'warning', 'repeats_drop', spec.idColumn, Number(r.n), samples);
      findings[findings.length - 1]!.message = `${msg(o.lang).repeatsDrop(Number(r.n), Number(r.drop_id), String(r.file))}; ${msg(o.lang).rowFate.warning}`;
    }
  }
  return fates;
}

/**
 * The snapshot's warnings (inside the transaction): the file's name and its rows disagree by more than a day; a
 * snapshot older than one already stored for the source (its rows are stale, which is rarely what was meant).
 */
export async function snapshotFindings(run: ImportRun, snapshot: Snapshot): Promise<void> {
  const { o, base, one, findings } = run;
  const { nameGap } = snapshot;
  if (nameGap) {
    addFinding(findings, o, 'warning', 'snapshot_name_differs', null, 1, [{ line: null, column: null, value: nameGap.day }]);
    findings[findings.length - 1]!.message = `${msg(o.lang).snapshotNameDiffers(nameGap.day, formatInstant(base.zone, nameGap.newest.getTime()),
      snapshot.from === 'name')}`;
  }
  if (base.mode === 'snapshot') {
    const last = await one(`SELECT max(snapshot_time) AS t, arg_max(file, snapshot_time) AS file FROM drops WHERE source = ${lit(base.source)}`);
    if (last.t && (last.t as Date).getTime() > snapshot.at.getTime()) {
      addFinding(findings, o, 'warning', 'snapshot_backwards', null, 1, [{ line: null, column: null, value: snapshot.at.toISOString() }]);
      findings[findings.length - 1]!.message = `${msg(o.lang).snapshotBackwards(snapshot.at.toISOString(), (last.t as Date).toISOString(), String(last.file))}; ${msg(o.lang).rowFate.warning}`;
    }
  }
}

/**
 * Stored current rows of the source that the drop lacks (a snapshot drop; an incremental one lacks none): kept as last
 * known, and listed in the temp table `gone`.
 */
export async function countMissing(run: ImportRun): Promise<number> {
  if (run.base.mode !== 'snapshot') return 0;
  await run.q(`CREATE OR REPLACE TEMP TABLE gone AS SELECT id FROM cur WHERE NOT EXISTS (SELECT 1 FROM stg0 k WHERE k.id = cur.id)`);
  return Number((await run.one(`SELECT count(*) AS n FROM gone`)).n);
}

/**
 * The requests a snapshot drop of tickets lacks, recorded with the drop (`ticket_absences`): a request absent from the
 * latest snapshot has vanished; one absent and back later had a gap, not a change.
 */
export async function recordAbsences(run: ImportRun, spec: StageSpec, dropId: number, missing: number): Promise<void> {
  if (!missing || spec.table !== 'ticket_versions') return;
  await run.q(`INSERT INTO ticket_absences SELECT ${lit(run.base.source)}, id, ${dropId} FROM gone`);
}

/**
 * Step 9, versions (inside the transaction): the drop's id (one past the last); the versions an update supersedes
 * stop being current; a new version for every inserted, updated or stale row (a stale one never current); the calls'
 * cube and the kept ticket deadlines follow (not in a dry run). Returns the drop's id.
 */
export async function writeVersions(run: ImportRun, spec: StageSpec, counts: { inserted: number; updated: number; filled?: number },
  snap: string): Promise<number> {
  const { conn, o, adapter, base, q, one } = run;
  const dropId = Number((await one(`SELECT coalesce(max(drop_id), 0) + 1 AS n FROM drops`)).n);
  // The months of the calls' cube that this drop changes: those of its new current versions and of the versions
  // they supersede (read before they stop being current).
  const cubed = adapter.kind === 'calls' && !o.dryRun && counts.inserted + counts.updated > 0;
  const superseded = cubed && counts.updated
    ? await one(`SELECT min(queued_at) AS a, max(queued_at) AS b FROM cur WHERE id IN (SELECT id FROM fate WHERE fate = 'updated')`)
    : null;
  // The versions an update supersedes stop being current; a stale version never was.
  if (counts.updated) {
    await q(`UPDATE ${spec.table} SET current = false WHERE source = ${lit(base.source)} AND current
      AND id IN (SELECT id FROM fate WHERE fate = 'updated')`);
  }
  await q(`INSERT INTO ${spec.table} (source, id, drop_id, valid_from, line, current, ${spec.stored.join(', ')})
    SELECT ${lit(base.source)}, id, ${dropId}, ${snap}, line, fate <> 'stale', ${spec.stored.map((col) => spec.insert?.[col] ?? col).join(', ')}
    FROM fate WHERE fate IN ('inserted', 'updated', 'stale')`);
  if (counts.filled && spec.filled?.length) {
    // Unchanged rows that fill in a version stored before the store had these columns: in place, the same version.
    await q(`UPDATE ${spec.table} SET ${spec.filled.map((col) => `${col} = f.${col}`).join(', ')}
      FROM (SELECT * FROM fate WHERE fate = 'unchanged' AND fill) f
      WHERE ${spec.table}.source = ${lit(base.source)} AND ${spec.table}.current AND ${spec.table}.id = f.id`);
  }
  if (cubed) {
    const added = await one(`SELECT min(queued_at) AS a, max(queued_at) AS b FROM ${spec.table} WHERE drop_id = ${dropId} AND current`);
    const ms = [added.a, added.b, superseded?.a, superseded?.b].filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
    await refreshCallCube(conn, adapter.zone, new Date(Math.min(...ms)), new Date(Math.max(...ms)), o.trace);
  }
  // The kept deadlines (when the store keeps them) follow every tickets drop, even one that changes nothing: they say
  // which drop they include.
  if (adapter.kind === 'tickets' && !o.dryRun) {
    await refreshTicketFacts(conn, base.source, dropId, counts.updated ? `(SELECT id FROM fate WHERE fate = 'updated')` : null, o.trace);
  }
  return dropId;
}

/**
 * Step 9, rejects (inside the transaction): every rejected row into `rejects` with its raw text — the whole record for
 * JSON, the record as written in the file for CSV (re-read: only these few lines), a broken row's text as DuckDB read it.
 */
export async function writeRejects(run: ImportRun, dropId: number, rejectedByCheck: number, structural: StructuralReject[]): Promise<void> {
  const { conn, o, sniffed, readPath, q } = run;
  if (rejectedByCheck) {
    if (sniffed.kind === 'json') {
      await q(`INSERT INTO rejects SELECT ${dropId}, ${lit(o.label)}, line, column_name, code, value, raw FROM rejrows`);
    } else {
      // The raw text of a rejected CSV row is re-read from the file, as written (only these few lines are read).
      const lines = (await rows(conn, `SELECT DISTINCT line FROM rejrows`)).map((r) => Number(r.line));
      const text = await readRecordsAt(readPath, lines);
      await q(`CREATE OR REPLACE TEMP TABLE rejtext (line BIGINT, raw VARCHAR)`);
      const app = await conn.createAppender('rejtext');
      for (const [line, raw] of text) {
        app.appendBigInt(BigInt(line));
        app.appendVarchar(raw);
        app.endRow();
      }
      app.closeSync();
      await q(`INSERT INTO rejects SELECT ${dropId}, ${lit(o.label)}, x.line, x.column_name, x.code, x.value, t.raw
        FROM rejrows x LEFT JOIN rejtext t ON t.line = x.line`);
    }
  }
  if (structural.length) {
    const app = await conn.createAppender('rejects');
    for (const r of structural) {
      app.appendInteger(dropId);
      app.appendVarchar(o.label);
      app.appendBigInt(BigInt(r.line));
      app.appendNull();
      app.appendVarchar(r.code);
      app.appendNull();
      app.appendVarchar(r.raw);
      app.endRow();
    }
    app.closeSync();
  }
}
