/**
 * Staging and checks (the middle steps of src/store/import.ts): the kind's stage turns raw rows into the staged table
 * `stg0` with its checks' bits; the view `stg` names the error that rejects each row; the findings count and quote
 * every check that fails, the broken rows and the overlaps with stored rows; the rows an error rejects are kept with
 * the field quoted (`rejrows`) before raw is dropped.
 */
import { msg } from '../messages.ts';
import { lit, rows } from '../sql.ts';
import type { Check, StageContext, StageSpec } from './staging.ts';
import { ticketStage } from './stage-tickets.ts';
import { callStage } from './stage-calls.ts';
import { intervalStage } from './stage-intervals.ts';
import { addFinding, SAMPLES, shortValue, type ImportRun } from './import-run.ts';
import type { LineNumbers, RawRows } from './import-read.ts';

/** Findings about values a map does not know list those values (up to LISTED_MAX, with counts). */
const LISTED = new Set(['unknown_status', 'unknown_borough', 'unmapped_category', 'unknown_theme', 'unknown_nature', 'unknown_channel']);
const LISTED_MAX = 50;

/** The kind's stage, and the bit of `stg0.bits` each early (not `late`) check sets. */
export interface Staged {
  spec: StageSpec;
  bitOf: Map<Check, number>;
}

/**
 * Step 3, the kind's stage: raw fields to staged columns in `stg0`, one narrow row per good raw row (keys, the stored
 * fields, the extra columns and the early checks' bits); a row without an id is keyed by its content hash, `:1`.
 * Leaves insertion order unpreserved (importFile restores it).
 */
export async function stageRows(run: ImportRun, raw: RawRows, lines: LineNumbers): Promise<Staged> {
  const { conn, o, sniffed, adapter, q, one } = run;
  // From here on every row carries its record number (`rec`) and nothing reads rows in storage order, so DuckDB may
  // build the staged tables and write the versions in parallel: with insertion order preserved, a statement whose
  // plan has a join appends on one thread. Raw, above, needed it (its rowid is the record number). Restored below.
  await q('SET preserve_insertion_order = false');
  const ctx: StageContext = {
    conn, q, one, sniffed, col: raw.col, has: raw.has, fields: raw.fields, lineSql: lines.lineSql, lineJoin: lines.lineJoin,
    now: o.now, minDate: o.minDate, snapshotTime: o.snapshotTime,
  };
  const spec = adapter.kind === 'calls' ? await callStage(ctx, adapter)
    : adapter.kind === 'call-intervals' ? await intervalStage(ctx, adapter) : await ticketStage(ctx, adapter);

  const early = spec.checks.filter((k) => !k.late);
  const bitOf = new Map(early.map((k, i) => [k, i]));
  const bits = early.map((k, i) => `CASE WHEN ${k.when} THEN ${2 ** i} ELSE 0 END`).join(' + ');
  // The staged table: one narrow row per good raw row — keys, the stored fields, the status time and the check bits.
  // Rows without an id get the hash of their content; identical ones are numbered below.
  const content = spec.content.map((x) => `coalesce(${x}, '')`).join(`, '\x1f', `);
  await q(`CREATE OR REPLACE TEMP TABLE stg0 AS SELECT rec, line, src_id IS NULL AS hashed,
      coalesce(src_id, 'h:' || md5(concat(${content})) || ':1') AS id, ${[...spec.stored, ...spec.extra].join(', ')}, (${bits})::BIGINT AS bits
    FROM (${spec.select})`);
  return { spec, bitOf };
}

/**
 * Step 5, checks: the view `stg` (stg0 with `err`, the index of the first error check that fails, NULL for a kept row)
 * and the findings, in this order: repeated columns, missing columns, each failing check (counted, sampled, unknown
 * values listed), broken rows, no rows, overlaps with stored rows. `snap` is the snapshot time as SQL.
 */
export async function checkRows(run: ImportRun, raw: RawRows, staged: Staged, snap: string, read: number): Promise<void> {
  const { conn, o, sniffed, base, q, findings } = run;
  const { spec, bitOf } = staged;
  const cond = (k: Check) => (k.late ? k.when.replaceAll('$snap', snap) : `(bits & ${2 ** bitOf.get(k)!}) <> 0`);
  const errorChecks = spec.checks.filter((k) => k.severity === 'error');
  await q(`CREATE OR REPLACE TEMP VIEW stg AS SELECT *, CASE ${errorChecks.map((k, i) => `WHEN ${cond(k)} THEN ${i}`).join(' ')} END AS err FROM stg0`);

  for (const h of raw.repeated) addFinding(findings, o, 'warning', 'duplicate_column', h, 1, [{ line: 1, column: h, value: h }]);
  if (base.loss) {
    const gone = [...base.loss.absent, ...base.loss.lost];
    addFinding(findings, o, 'warning', 'columns_missing', gone[0] ?? null, 1, [{ line: sniffed.kind === 'csv' ? 1 : null, column: gone[0] ?? null, value: gone.join(', ') }]);
    findings[findings.length - 1]!.message = msg(o.lang).columnsAllowed(base.loss.absent, base.loss.lost, base.loss.previous);
  }
  await checkFindings(run, spec, cond);
  for (const code of ['malformed_row', 'line_too_long', 'inside_open_quote']) {
    const of = raw.structural.filter((s) => s.code === code);
    if (of.length) {
      addFinding(findings, o, 'error', code, null, of.length, of.slice(0, SAMPLES).map((s) => ({ line: s.line, column: null, value: shortValue(s.raw) })));
    }
  }
  if (read === 0) addFinding(findings, o, 'warning', 'no_rows', null, 1, [{ line: sniffed.kind === 'csv' ? 1 : null, column: null, value: null }]);

  if (spec.overlapSql) {
    const overlaps = await rows(conn, `SELECT line, v FROM (${spec.overlapSql(lit(base.source))}) ORDER BY line`);
    if (overlaps.length) {
      addFinding(findings, o, 'warning', 'overlaps_stored', spec.idColumn, overlaps.length,
        overlaps.slice(0, SAMPLES).map((r) => ({ line: Number(r.line), column: spec.idColumn, value: shortValue(r.v) })));
    }
  }
}

/** One finding per failing check, in the checks' order: the rows counted, the first lines sampled with the raw field. */
async function checkFindings(run: ImportRun, spec: StageSpec, cond: (k: Check) => string): Promise<void> {
  const { conn, o, one, findings } = run;
  const { checks, valueSql } = spec;
  const counted = await one(`SELECT ${checks.map((k, i) => `count(*) FILTER (WHERE ${cond(k)}) AS c${i}`).join(', ')} FROM stg0`);
  for (const [i, k] of checks.entries()) {
    const count = Number(counted[`c${i}`]);
    if (!count) continue;
    const samples = (await rows(conn, `SELECT s.line, ${valueSql[k.value]} AS v FROM (SELECT line, rec FROM stg0 WHERE ${cond(k)}
        ORDER BY line LIMIT ${SAMPLES}) s JOIN (SELECT rowid AS rec, * FROM raw) r ON r.rec = s.rec ORDER BY s.line`))
      .map((r) => ({ line: Number(r.line), column: k.column, value: shortValue(r.v) }));
    addFinding(findings, o, k.severity, k.code, k.column, count, samples);
    if (LISTED.has(k.code)) {
      // Unrecognised values are listed whole (most frequent first), so that an analyst can map them in one go.
      const f = findings[findings.length - 1]!;
      f.values = (await rows(conn, `SELECT ${valueSql[k.value]} AS v, count(*) AS n
          FROM (SELECT rec FROM stg0 WHERE ${cond(k)}) s JOIN (SELECT rowid AS rec, * FROM raw) r ON r.rec = s.rec
          GROUP BY v ORDER BY n DESC, v LIMIT ${LISTED_MAX}`)).map((r) => ({ value: shortValue(r.v), count: Number(r.n) }));
      const m = msg(o.lang);
      // under a mapping file, unknown boroughs are mapped in its boroughs.aliases, not in Montréal's alias file
      if (k.code === 'unknown_borough' && o.mapFile) f.message = `${m.unknownBoroughMapped(o.mapFile)}; ${m.rowFate[k.severity]}`;
      f.message += m.mostFrequent(f.values.slice(0, 5).map((v) => [v.value ?? '', v.count] as const), f.values.length);
    }
  }
}

/**
 * Step 6, rejected rows: the rows an error rejects, with the field quoted and (JSON) the whole record, into `rejrows`:
 * the last use of raw, which is then dropped so that the writes have its memory. Returns how many rows an error rejects.
 */
export async function keepRejected(run: ImportRun, raw: RawRows, spec: StageSpec): Promise<number> {
  const { sniffed, q, one } = run;
  const errorChecks = spec.checks.filter((k) => k.severity === 'error');
  const rejectedByCheck = Number((await one(`SELECT count(*) AS n FROM stg WHERE err IS NOT NULL`)).n);
  if (rejectedByCheck) {
    const all = raw.names.map((n) => `${lit(n)}, r."${n.replaceAll('"', '""')}"`).join(', ');
    await q(`CREATE OR REPLACE TEMP TABLE rejrows AS SELECT x.rec, x.line,
        [${errorChecks.map((k) => lit(k.column)).join(', ')}][x.err + 1] AS column_name,
        [${errorChecks.map((k) => lit(k.code)).join(', ')}][x.err + 1] AS code,
        [${errorChecks.map((k) => spec.valueSql[k.value]).join(', ')}][x.err + 1] AS value,
        ${sniffed.kind === 'json' ? `json_object(${all})::VARCHAR` : 'CAST(NULL AS VARCHAR)'} AS raw
      FROM (SELECT rec, line, err FROM stg WHERE err IS NOT NULL) x JOIN (SELECT rowid AS rec, * FROM raw) r ON r.rec = x.rec`);
  }
  await q('DROP TABLE raw');
  return rejectedByCheck;
}
