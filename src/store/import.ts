/**
 * One drop file into the store, in one transaction (DESIGN §4).
 *
 * read ─▶ raw (DuckDB read_csv / read_json, every column as text; structurally broken CSV rows are caught by DuckDB's
 * rejects) ─▶ stg (adapter field expressions, times parsed, local → UTC through the zone's hour table) ─▶ checks
 * (errors reject the row, warnings keep it) ─▶ keys (source id, or content hash + occurrence) ─▶ fate against the
 * current store (inserted / updated / unchanged / stale) ─▶ new versions, rejects and the manifest row ─▶ COMMIT.
 *
 * Accounting: read = inserted + updated + unchanged + stale + rejected + duplicate_in_file, checked before commit.
 */
import { basename } from 'node:path';
import { rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createReadStream } from 'node:fs';
import { parse as parseCsv } from 'csv-parse';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { columnAccessor, pickAdapter } from '../formats/index.ts';
import type { Mode, TicketAdapter } from '../formats/types.ts';
import { hashAndCountLines, sniff, transcodeToUtf8, type Sniffed } from '../formats/sniff.ts';
import { localSegments } from '../time/zone.ts';
import { resolveBorough } from '../standards/boroughs.ts';
import { compileThemeMap } from '../standards/themes.ts';

let themeOf: ((category: string | null) => string) | undefined;
import { VERSION } from '../version.ts';
import { lit, rows } from './db.ts';

export interface Counts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  stale: number;
  rejected: number;
  duplicate_in_file: number;
}

export interface Sample {
  line: number | null;
  column: string | null;
  value: string | null;
}

export interface Finding extends Sample {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  file: string;
  count: number;
  samples: Sample[];
}

export interface ImportResult {
  file: string;
  sha256: string;
  source: string;
  format: string;
  kind: 'tickets';
  mode: Mode;
  encoding: string;
  zone: string;
  snapshot_time: string;
  snapshot_time_from: 'flag' | 'data' | 'now';
  noop: boolean;
  counts: Counts;
  /** Stored rows of this source absent from the drop (snapshot mode; kept as last known). */
  missing: number;
  findings: Finding[];
  committed: boolean;
  drop_id: number | null;
}

export interface ImportOptions {
  /** Path to read. */
  path: string;
  /** The file as the user named it (in messages and the manifest). */
  label: string;
  format: string;
  encoding?: string | undefined;
  source?: string | undefined;
  mode?: Mode | undefined;
  snapshotTime?: Date | undefined;
  minDate: Date;
  strict: boolean;
  /** Validate only: run every step, then roll back. */
  dryRun: boolean;
  lang: Lang;
  now: Date;
  onPhase?: ((phase: 'read' | 'check' | 'write') => void) | undefined;
  /** Called with each SQL step's duration (VIGIE_TRACE=1 prints them), to see where an import spends its time. */
  trace?: ((step: string, ms: number) => void) | undefined;
}

const SAMPLES = 5;
const LONG_VALUE = 10_000;

interface Check {
  code: string;
  severity: 'error' | 'warning';
  column: string;
  /** SQL over stg: the offending value shown in the finding. */
  value: string;
  /** SQL over stg: true where the check fails. */
  when: string;
}

function shortValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/** Line of each good CSV record when a field spans lines: csv-parse's record positions, minus DuckDB's rejects. */
async function recordStartLines(path: string, delimiter: string): Promise<number[]> {
  const starts: number[] = [];
  const parser = createReadStream(path).pipe(
    parseCsv({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, raw: true, bom: true }),
  );
  for await (const rec of parser as AsyncIterable<{ raw: string; info: { lines: number } }>) {
    const inner = rec.raw.replace(/\r?\n$/, '');
    const extra = (inner.match(/\n/g) ?? []).length;
    starts.push(rec.info.lines - extra);
  }
  return starts.slice(1); // the header
}

export async function importFile(conn: DuckDBConnection, o: ImportOptions): Promise<ImportResult> {
  const m = msg(o.lang);
  const sniffed = sniff(o.path, o.label, o.lang, o.encoding);
  const adapter = pickAdapter(o.format, sniffed.header, o.label, o.lang) as TicketAdapter;
  const source = o.source ?? adapter.source;
  const mode = o.mode ?? adapter.mode;
  const { sha256, newlines, endsWithNewline } = await hashAndCountLines(o.path);

  const base = {
    file: o.label, sha256, source, format: adapter.name, kind: adapter.kind, mode,
    encoding: sniffed.encoding, zone: adapter.zone,
  };

  // An identical file already imported for this source changes nothing.
  const prior = await rows(conn, `SELECT * FROM drops WHERE sha256 = $sha AND source = $src AND kind = $kind ORDER BY drop_id LIMIT 1`,
    { sha: sha256, src: source, kind: adapter.kind });
  if (prior.length) {
    const p = prior[0]!;
    const rejected = Number(p.rejected);
    const dup = Number(p.duplicate_in_file);
    return {
      ...base, snapshot_time: new Date(p.snapshot_time as Date).toISOString(), snapshot_time_from: p.snapshot_time_from as 'data',
      noop: true,
      counts: { read: Number(p.read), inserted: 0, updated: 0, unchanged: Number(p.read) - rejected - dup, stale: 0, rejected, duplicate_in_file: dup },
      missing: 0, findings: JSON.parse(String(p.findings)) as Finding[], committed: false, drop_id: null,
    };
  }

  let readPath = o.path;
  const temp: string[] = [];
  if (sniffed.encoding !== 'utf-8') {
    readPath = await transcodeToUtf8(o.path, sniffed.encoding);
    temp.push(readPath);
  }
  await conn.run('BEGIN TRANSACTION');
  try {
    const result = await stageAndMerge(conn, o, sniffed, adapter, readPath, { ...base, source, mode, newlines, endsWithNewline });
    const errors = result.findings.filter((f) => f.severity === 'error');
    if (o.dryRun) {
      await conn.run('ROLLBACK');
      return { ...result, committed: false, drop_id: null };
    }
    if (o.strict && result.findings.length) {
      await conn.run('ROLLBACK');
      return { ...result, committed: false, drop_id: null };
    }
    void errors;
    await conn.run('COMMIT');
    return { ...result, committed: true };
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    if (e instanceof CliError) throw e;
    const text = String((e as Error).message ?? e);
    if (/unicode|utf-?8|byte sequence/i.test(text)) {
      throw new CliError(EXIT.data, 'import.encoding', m.badEncoding(o.label, sniffed.encoding));
    }
    if (sniffed.kind === 'json' && /json|malformed|parse/i.test(text)) {
      throw new CliError(EXIT.data, 'import.badJson', m.badJson(o.label, text.split('\n')[0] ?? text));
    }
    throw new CliError(EXIT.runtime, 'import.failed', m.importFailed(o.label, text.split('\n')[0] ?? text), { cause: e });
  } finally {
    for (const t of temp) rmSync(t, { force: true });
  }
}

async function stageAndMerge(
  conn: DuckDBConnection,
  o: ImportOptions,
  sniffed: Sniffed,
  adapter: TicketAdapter,
  readPath: string,
  base: Omit<ImportResult, 'snapshot_time' | 'snapshot_time_from' | 'noop' | 'counts' | 'missing' | 'findings' | 'committed' | 'drop_id'> &
    { newlines: number; endsWithNewline: boolean },
): Promise<Omit<ImportResult, 'committed'>> {
  const m = msg(o.lang);
  const q = async (sql: string) => {
    const t0 = performance.now();
    await conn.run(sql);
    o.trace?.(sql.replace(/\s+/g, ' ').slice(0, 70), performance.now() - t0);
  };
  o.onPhase?.('read');

  // Column names as DuckDB will see them: the header, de-duplicated.
  const seen = new Map<string, number>();
  const names = sniffed.header.map((h, i) => {
    const n = h === '' ? `column${i + 1}` : h;
    const k = seen.get(n.toUpperCase()) ?? 0;
    seen.set(n.toUpperCase(), k + 1);
    return k ? `${n}_${k + 1}` : n;
  });
  const struct = `{${names.map((n) => `${lit(n)}: 'VARCHAR'`).join(', ')}}`;
  const structural: { line: number; raw: string }[] = [];
  if (sniffed.kind === 'csv') {
    await q(`DROP TABLE IF EXISTS vigie_rej; DROP TABLE IF EXISTS vigie_scan;`);
    await q(`CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(${lit(readPath)}, header = true, columns = ${struct},
      auto_detect = false, delim = ${lit(sniffed.delimiter)}, quote = '"', escape = '"', ignore_errors = true,
      store_rejects = true, rejects_table = 'vigie_rej', rejects_scan = 'vigie_scan', max_line_size = 8388608)`);
    for (const r of await rows(conn, `SELECT line, first(csv_line ORDER BY column_idx) AS raw FROM vigie_rej GROUP BY line ORDER BY line`)) {
      structural.push({ line: Number(r.line), raw: String(r.raw ?? '') });
    }
  } else if (sniffed.header.length) {
    await q(`CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_json(${lit(readPath)}, format = 'array', columns = ${struct},
      maximum_object_size = 268435456)`);
  } else {
    await q(`CREATE OR REPLACE TEMP TABLE raw AS SELECT ${adapter.required.map((c) => `CAST(NULL AS VARCHAR) AS "${c}"`).join(', ')} WHERE false`);
  }
  const good = Number((await rows(conn, `SELECT count(*) AS n FROM raw`))[0]!.n);
  const read = good + structural.length;

  // Line numbers: the 1-based record number for JSON; for CSV the physical line where the record starts.
  await q(`CREATE OR REPLACE TEMP TABLE linemap (rec BIGINT, line BIGINT)`);
  let lineSql: string;
  if (sniffed.kind === 'json') {
    lineSql = 'r.rec + 1';
  } else {
    const physical = base.newlines + (base.endsWithNewline ? 0 : 1);
    if (physical - 1 === read) {
      // No field spans lines: good record k sits at line k + 2, pushed down by the rejected lines before it.
      await q(`CREATE OR REPLACE TEMP TABLE rejs AS SELECT line - (row_number() OVER (ORDER BY line) - 1) AS s,
        row_number() OVER (ORDER BY line) AS j FROM (SELECT DISTINCT line FROM vigie_rej)`);
      await q(`INSERT INTO linemap SELECT 0, 0 WHERE false`);
      lineSql = structural.length
        ? `r.rec + 2 + coalesce((SELECT max(j) FROM rejs WHERE rejs.s <= r.rec + 2), 0)`
        : 'r.rec + 2';
    } else {
      const rejected = new Set(structural.map((s) => s.line));
      const starts = (await recordStartLines(readPath, sniffed.delimiter)).filter((l) => !rejected.has(l));
      const app = await conn.createAppender('linemap');
      starts.forEach((line, k) => {
        app.appendBigInt(BigInt(k));
        app.appendBigInt(BigInt(line));
        app.endRow();
      });
      app.closeSync();
      lineSql = 'lm.line';
    }
  }

  const f = adapter.fields(columnAccessor(names));
  const fmts = `[${adapter.timeFormats.map(lit).join(', ')}]`;
  const rawCols = names.map((n) => `"${n.replaceAll('"', '""')}"`);
  const rawText = sniffed.kind === 'json'
    ? `json_object(${names.map((n, i) => `${lit(n)}, ${rawCols[i]}`).join(', ')})::VARCHAR`
    : `concat_ws(${lit(sniffed.delimiter)}, ${rawCols.map((c) =>
      `CASE WHEN ${c} IS NULL THEN '' WHEN regexp_matches(${c}, '["\\n\\r${sniffed.delimiter === '\t' ? '\\t' : sniffed.delimiter}]') THEN '"' || replace(${c}, '"', '""') || '"' ELSE ${c} END`).join(', ')})`;

  o.onPhase?.('check');
  await q(`CREATE OR REPLACE TEMP TABLE stg0 AS
    SELECT r.rec, ${lineSql} AS line,
      ${f.id} AS src_id, ${f.nature} AS nature0, ${f.natureRaw} AS nature_raw, ${f.status} AS status, ${f.statusRaw} AS status_raw,
      ${f.createdText} AS created_text, ${f.closedText} AS closed_text, ${f.dueText} AS due_text, ${f.statusTimeText} AS status_time_text,
      ${f.boroughRaw} AS borough_raw, ${f.boroughGeoRaw} AS borough_geo_raw, ${f.unitRaw} AS unit_raw, ${f.category} AS category,
      ${f.channel} AS channel0, ${f.channelRaw} AS channel_raw, ${rawText} AS raw_text
    FROM (SELECT rowid AS rec, * FROM raw) r ${lineSql === 'lm.line' ? 'LEFT JOIN linemap lm ON lm.rec = r.rec' : ''}`);
  await q(`CREATE OR REPLACE TEMP TABLE stg1 AS SELECT *,
      coalesce(nature0, 'request') AS nature, coalesce(channel0, 'other') AS channel,
      try_strptime(created_text, ${fmts}) AS created_local, try_strptime(closed_text, ${fmts}) AS closed_local,
      try_strptime(due_text, ${fmts}) AS due_local, try_strptime(status_time_text, ${fmts}) AS status_time_local
    FROM stg0`);

  // The zone's hour table over the years the drop spans (bounded by --min-date and the wall clock).
  const yr = (await rows(conn, `SELECT min(y) AS lo, max(y) AS hi FROM (
      SELECT year(created_local) AS y FROM stg1 UNION ALL SELECT year(closed_local) FROM stg1
      UNION ALL SELECT year(due_local) FROM stg1 UNION ALL SELECT year(status_time_local) FROM stg1)`))[0]!;
  const lo = Math.max(Number(yr.lo ?? o.now.getUTCFullYear()), o.minDate.getUTCFullYear() - 1);
  const hi = Math.max(lo, Math.min(Number(yr.hi ?? o.now.getUTCFullYear()), o.now.getUTCFullYear() + 2));
  const segs = localSegments(adapter.zone, lo, hi);
  await q(`CREATE OR REPLACE TEMP TABLE zseg (local_from TIMESTAMP, local_to TIMESTAMP, offset_s BIGINT, flag VARCHAR)`);
  await q(`INSERT INTO zseg VALUES ${segs.map((s) =>
    `(make_timestamp(${s.localFrom * 1000}), make_timestamp(${s.localTo * 1000}), ${s.offset / 1000}, ${s.flag ? lit(s.flag) : 'NULL'})`).join(', ')}`);
  await q(`CREATE OR REPLACE TEMP TABLE zhour AS SELECT unnest(generate_series(local_from, local_to - INTERVAL 1 HOUR, INTERVAL 1 HOUR)) AS h,
      offset_s, flag FROM zseg`);
  const toUtc = (col: string, alias: string) =>
    `LEFT JOIN zhour ${alias} ON ${alias}.h = date_trunc('hour', ${col})`;
  const utc = (col: string, alias: string) =>
    `CASE WHEN ${col} IS NOT NULL THEN make_timestamptz(epoch_us(${col}) - ${alias}.offset_s * 1000000) END`;
  // Borough names: distinct raw values resolved once in TS (a few hundred at most), joined back in SQL.
  await q(`CREATE OR REPLACE TEMP TABLE bmap (raw VARCHAR, name VARCHAR)`);
  const rawNames = await rows(conn, `SELECT DISTINCT v FROM (SELECT borough_raw AS v FROM stg1 UNION SELECT unit_raw FROM stg1) WHERE v IS NOT NULL`);
  if (rawNames.length) {
    const app = await conn.createAppender('bmap');
    for (const r of rawNames) {
      const raw = String(r.v);
      const name = adapter.boroughs === 'montreal' ? resolveBorough(raw) : raw.trim();
      app.appendVarchar(raw);
      if (name === null) app.appendNull();
      else app.appendVarchar(name);
      app.endRow();
    }
    app.closeSync();
  }
  // Themes: distinct categories through the theme map (data/theme-map.csv, first match wins).
  await q(`CREATE OR REPLACE TEMP TABLE tmap (category VARCHAR, theme VARCHAR)`);
  const categories = await rows(conn, `SELECT DISTINCT category FROM stg1 WHERE category IS NOT NULL`);
  if (categories.length) {
    themeOf ??= compileThemeMap();
    const app = await conn.createAppender('tmap');
    for (const r of categories) {
      app.appendVarchar(String(r.category));
      app.appendVarchar(themeOf(String(r.category)));
      app.endRow();
    }
    app.closeSync();
  }
  await q(`CREATE OR REPLACE TEMP TABLE stg AS SELECT s.*, coalesce(tm.theme, 'other') AS theme,
      coalesce(b1.name, CASE WHEN s.borough_raw IS NULL THEN b2.name END) AS borough, b1.name AS borough_resolved,
      ${utc('s.created_local', 'zc')} AS created_at, zc.flag AS created_flag,
      ${utc('s.closed_local', 'zx')} AS closed_at, zx.flag AS closed_flag,
      ${utc('s.due_local', 'zd')} AS due_at,
      ${utc('s.status_time_local', 'zs')} AS status_at
    FROM stg1 s LEFT JOIN tmap tm ON tm.category = s.category LEFT JOIN bmap b1 ON b1.raw = s.borough_raw LEFT JOIN bmap b2 ON b2.raw = s.unit_raw
      ${toUtc('s.created_local', 'zc')} ${toUtc('s.closed_local', 'zx')} ${toUtc('s.due_local', 'zd')}
      ${toUtc('s.status_time_local', 'zs')}`);

  // Snapshot time: the flag, else the newest creation or status time in the drop, capped at the wall clock.
  let snapshot: Date;
  let snapshotFrom: 'flag' | 'data' | 'now';
  if (o.snapshotTime) {
    snapshot = o.snapshotTime;
    snapshotFrom = 'flag';
  } else {
    const mx = (await rows(conn, `SELECT max(greatest(created_at, coalesce(status_at, created_at))) AS t FROM stg
      WHERE created_at >= ${tsLit(o.minDate)}`))[0]!.t as Date | null;
    if (mx && mx.getTime() <= o.now.getTime()) {
      snapshot = new Date(mx);
      snapshotFrom = 'data';
    } else {
      snapshot = o.now;
      snapshotFrom = 'now';
    }
  }
  const snap = tsLit(snapshot);
  const c = adapter.columns;
  const checks: Check[] = [
    { code: 'missing_id', severity: 'error', column: c.id, value: 'src_id', when: `src_id IS NULL AND NOT (${adapter.idOptional})` },
    { code: 'missing_created_at', severity: 'error', column: c.created, value: 'created_text', when: 'created_text IS NULL' },
    { code: 'bad_time', severity: 'error', column: c.created, value: 'created_text', when: 'created_text IS NOT NULL AND created_local IS NULL' },
    { code: 'bad_time', severity: 'error', column: c.statusTime, value: 'status_time_text', when: 'status_time_text IS NOT NULL AND status_time_local IS NULL' },
    { code: 'bad_time', severity: 'error', column: c.closed, value: 'closed_text', when: 'closed_text IS NOT NULL AND closed_local IS NULL' },
    { code: 'bad_time', severity: 'error', column: c.due, value: 'due_text', when: 'due_text IS NOT NULL AND due_local IS NULL' },
    { code: 'created_before_min_date', severity: 'error', column: c.created, value: 'created_text', when: `created_at < ${tsLit(o.minDate)}` },
    { code: 'created_after_snapshot', severity: 'error', column: c.created, value: 'created_text', when: `created_at > ${snap} + INTERVAL 1 DAY` },
    { code: 'closed_before_created', severity: 'warning', column: c.closed, value: 'closed_text', when: 'closed_at < created_at' },
    { code: 'closed_after_snapshot', severity: 'warning', column: c.closed, value: 'closed_text', when: `closed_at > ${snap}` },
    { code: 'dst_gap', severity: 'warning', column: c.created, value: 'created_text', when: `created_flag = 'gap'` },
    { code: 'dst_overlap', severity: 'warning', column: c.created, value: 'created_text', when: `created_flag = 'overlap'` },
    { code: 'dst_gap', severity: 'warning', column: c.closed, value: 'closed_text', when: `closed_flag = 'gap'` },
    { code: 'dst_overlap', severity: 'warning', column: c.closed, value: 'closed_text', when: `closed_flag = 'overlap'` },
    { code: 'unknown_status', severity: 'warning', column: c.status, value: 'status_raw', when: `status_raw IS NOT NULL AND status = 'unknown'` },
    { code: 'unknown_borough', severity: 'warning', column: c.borough, value: 'borough_raw', when: 'borough_raw IS NOT NULL AND borough_resolved IS NULL' },
    { code: 'unmapped_category', severity: 'warning', column: c.category, value: 'category', when: `category IS NOT NULL AND theme = 'other'` },
    { code: 'unknown_nature', severity: 'warning', column: c.nature, value: 'nature_raw', when: 'nature0 IS NULL' },
    { code: 'unknown_channel', severity: 'warning', column: c.channel, value: 'channel_raw', when: 'channel0 IS NULL' },
    ...(['category', 'borough_raw', 'borough_geo_raw', 'unit_raw'] as const).map((field): Check => ({
      code: 'long_value', severity: 'warning',
      column: { category: c.category, borough_raw: c.borough, borough_geo_raw: c.boroughGeo, unit_raw: c.unit }[field],
      value: field, when: `length(${field}) > ${LONG_VALUE}`,
    })),
  ];
  const errorChecks = checks.filter((k) => k.severity === 'error');
  const firstError = `CASE ${errorChecks.map((k, i) => `WHEN ${k.when} THEN ${i}`).join(' ')} END`;
  await q(`CREATE OR REPLACE TEMP TABLE chk AS SELECT rec, ${firstError} AS err FROM stg`);

  const findings: Finding[] = [];
  const counted = (await rows(conn, `SELECT ${checks.map((k, i) => `count(*) FILTER (WHERE ${k.when}) AS c${i}`).join(', ')} FROM stg`))[0]!;
  for (const [i, k] of checks.entries()) {
    const count = Number(counted[`c${i}`]);
    if (!count) continue;
    const samples = (await rows(conn, `SELECT line, ${k.value} AS v FROM stg WHERE ${k.when} ORDER BY line LIMIT ${SAMPLES}`))
      .map((r) => ({ line: Number(r.line), column: k.column, value: shortValue(r.v) }));
    addFinding(findings, o, k.severity, k.code, k.column, count, samples);
  }
  if (structural.length) {
    addFinding(findings, o, 'error', 'malformed_row', null, structural.length,
      structural.slice(0, SAMPLES).map((s) => ({ line: s.line, column: null, value: shortValue(s.raw) })));
  }
  if (read === 0) addFinding(findings, o, 'warning', 'no_rows', null, 1, [{ line: sniffed.kind === 'csv' ? 1 : null, column: null, value: null }]);

  // Keys, duplicates in the file, and the row hash that detects changes.
  const canon = [
    'nature', 'category', 'created_text', 'status_raw', 'status_time_text', 'borough_raw', 'borough_geo_raw', 'unit_raw', 'channel_raw',
  ].map((x) => `coalesce(${x}, '')`).join(`, '\x1f', `);
  await q(`CREATE OR REPLACE TEMP TABLE keyed AS
    WITH ok AS (SELECT s.* FROM stg s JOIN chk USING (rec) WHERE chk.err IS NULL),
    h AS (SELECT *, CASE WHEN src_id IS NULL THEN md5(concat(${canon})) END AS chash FROM ok),
    k AS (SELECT *, coalesce(src_id, 'h:' || chash || ':' || row_number() OVER (PARTITION BY chash ORDER BY rec)) AS id FROM h)
    SELECT *, row_number() OVER (PARTITION BY id ORDER BY rec DESC) AS dup_rank,
      md5(concat_ws('\x1f', epoch_us(created_at), coalesce(epoch_us(closed_at)::VARCHAR, ''), status, coalesce(status_raw, ''),
        coalesce(epoch_us(due_at)::VARCHAR, ''), coalesce(borough_raw, ''), coalesce(borough_geo_raw, ''), coalesce(unit_raw, ''),
        coalesce(category, ''), channel, coalesce(channel_raw, ''), nature)) AS row_hash
    FROM k`);
  const dupCount = Number((await rows(conn, `SELECT count(*) AS n FROM keyed WHERE dup_rank > 1`))[0]!.n);
  if (dupCount) {
    const samples = (await rows(conn, `SELECT line, id FROM keyed WHERE dup_rank > 1 ORDER BY line LIMIT ${SAMPLES}`))
      .map((r) => ({ line: Number(r.line), column: adapter.columns.id, value: shortValue(r.id) }));
    addFinding(findings, o, 'warning', 'duplicate_id', adapter.columns.id, dupCount, samples);
  }

  o.onPhase?.('write');
  await q(`CREATE OR REPLACE TEMP TABLE fate AS
    SELECT n.*, CASE WHEN cur.id IS NULL THEN 'inserted' WHEN cur.valid_from > ${snap} THEN 'stale'
      WHEN cur.row_hash = n.row_hash THEN 'unchanged' ELSE 'updated' END AS fate, cur.drop_id AS cur_drop
    FROM keyed n LEFT JOIN (SELECT id, row_hash, valid_from, drop_id FROM tickets WHERE source = ${lit(base.source)}) cur
      ON cur.id = n.id
    WHERE n.dup_rank = 1`);
  const fates = Object.fromEntries((await rows(conn, `SELECT fate, count(*) AS n FROM fate GROUP BY fate`)).map((r) => [r.fate, Number(r.n)]));
  if (base.mode === 'incremental' && fates.unchanged) {
    const samples = (await rows(conn, `SELECT line, id FROM fate WHERE fate = 'unchanged' ORDER BY line LIMIT ${SAMPLES}`))
      .map((r) => ({ line: Number(r.line), column: adapter.columns.id, value: shortValue(r.id) }));
    addFinding(findings, o, 'warning', 'identical_in_other_drop', adapter.columns.id, fates.unchanged, samples);
  }
  const rejectedByCheck = Number((await rows(conn, `SELECT count(*) AS n FROM chk WHERE err IS NOT NULL`))[0]!.n);
  const counts: Counts = {
    read,
    inserted: fates.inserted ?? 0,
    updated: fates.updated ?? 0,
    unchanged: fates.unchanged ?? 0,
    stale: fates.stale ?? 0,
    rejected: rejectedByCheck + structural.length,
    duplicate_in_file: dupCount,
  };
  const sum = counts.inserted + counts.updated + counts.unchanged + counts.stale + counts.rejected + counts.duplicate_in_file;
  if (sum !== read) throw new Error(`accounting mismatch: read ${read}, accounted ${sum}`);

  const missing = base.mode === 'snapshot'
    ? Number((await rows(conn, `SELECT count(*) AS n FROM tickets t WHERE source = ${lit(base.source)}
        AND NOT EXISTS (SELECT 1 FROM keyed k WHERE k.id = t.id)`))[0]!.n)
    : 0;

  const dropId = Number((await rows(conn, `SELECT coalesce(max(drop_id), 0) + 1 AS n FROM drops`))[0]!.n);
  await q(`INSERT INTO ticket_versions
    SELECT ${lit(base.source)}, id, ${dropId}, ${snap}, row_hash, line, created_at,
      CASE WHEN closed_at >= created_at THEN closed_at END, status, status_raw, due_at,
      borough, borough_raw, borough_geo_raw, unit_raw, category, theme, channel, channel_raw, nature
    FROM fate WHERE fate IN ('inserted', 'updated', 'stale')`);
  await q(`INSERT INTO rejects SELECT ${dropId}, ${lit(o.label)}, s.line,
      [${errorChecks.map((k) => lit(k.column)).join(', ')}][chk.err + 1],
      [${errorChecks.map((k) => lit(k.code)).join(', ')}][chk.err + 1],
      [${errorChecks.map((k) => k.value).join(', ')}][chk.err + 1], s.raw_text
    FROM stg s JOIN chk USING (rec) WHERE chk.err IS NOT NULL`);
  if (structural.length) {
    await q(`INSERT INTO rejects SELECT ${dropId}, ${lit(o.label)}, line, NULL, 'malformed_row', NULL, first(csv_line ORDER BY column_idx)
      FROM vigie_rej GROUP BY line`);
  }
  const snapshotIso = snapshot.toISOString();
  await conn.run(`INSERT INTO drops VALUES ($id, $file, $sha, $src, $fmt, $kind, $mode, $enc, $snap::TIMESTAMPTZ, $from, $zone, $ver,
      $now::TIMESTAMPTZ, $read, $ins, $upd, $unch, $stale, $rej, $dup, $missing, $findings)`, {
    id: dropId, file: basename(o.label), sha: base.sha256, src: base.source, fmt: base.format, kind: base.kind, mode: base.mode,
    enc: base.encoding, snap: snapshotIso, from: snapshotFrom, zone: base.zone, ver: VERSION, now: o.now.toISOString(),
    read: counts.read, ins: counts.inserted, upd: counts.updated, unch: counts.unchanged, stale: counts.stale,
    rej: counts.rejected, dup: counts.duplicate_in_file, missing, findings: JSON.stringify(findings),
  });
  void m;
  return {
    file: base.file, sha256: base.sha256, source: base.source, format: base.format, kind: base.kind, mode: base.mode,
    encoding: base.encoding, zone: base.zone, snapshot_time: snapshotIso, snapshot_time_from: snapshotFrom, noop: false,
    counts, missing, findings, drop_id: dropId,
  };
}

function tsLit(d: Date): string {
  return `'${d.toISOString()}'::TIMESTAMPTZ`;
}

function addFinding(
  findings: Finding[], o: ImportOptions, severity: 'error' | 'warning', code: string, column: string | null, count: number, samples: Sample[],
): void {
  const m = msg(o.lang);
  const first = samples[0] ?? { line: null, column, value: null };
  findings.push({
    severity, code, message: `${m.finding[code] ?? code}; ${m.rowFate[severity]}`, file: o.label,
    line: first.line, column: first.column, value: first.value, count, samples,
  });
}
