/**
 * One drop file into the store, in one transaction (README.md, The store).
 *
 * read ─▶ raw (DuckDB read_csv / read_json, every column as text, CSV columns the fields only read trimmed stored trimmed;
 * structurally broken CSV rows are caught by DuckDB's rejects) ─▶ stg (adapter field expressions, times parsed, local → UTC through the zone's hour table) ─▶ checks
 * (errors reject the row, warnings keep it) ─▶ keys (source id, or content hash + occurrence) ─▶ fate against the
 * current store (inserted / updated / unchanged / stale) ─▶ new versions, rejects and the manifest row ─▶ COMMIT.
 *
 * Accounting: read = inserted + updated + unchanged + stale + rejected + duplicate_in_file, checked before commit.
 */
import { basename } from 'node:path';
import { rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { columnAccessor, pickAdapter } from '../formats/index.ts';
import { blankToNull, type Adapter, type Mode } from '../formats/types.ts';
import { hashAndCountLines, lineAndColumn, sniff, transcodeToUtf8, type Sniffed } from '../formats/sniff.ts';
import type { MappingConfig } from '../formats/mapping.ts';
import { columnLoss, losesColumns, type ColumnLoss } from '../formats/columns.ts';
import { VERSION } from '../version.ts';
import { formatInstant, localToUtc } from '../time/zone.ts';
import { refreshCallCube } from './call-cube.ts';
import { refreshTicketFacts } from './ticket-facts.ts';
import { lit, rows, ts } from '../sql.ts';
import type { Finding, Sample } from '../findings.ts';
import { STAGING_TABLES, type Check, type StageContext } from './staging.ts';
import { ticketStage } from './stage-tickets.ts';
import { callStage } from './stage-calls.ts';
import { intervalStage } from './stage-intervals.ts';

export interface Counts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  stale: number;
  rejected: number;
  duplicate_in_file: number;
}

export interface ImportResult {
  file: string;
  sha256: string;
  source: string;
  format: string;
  kind: 'tickets' | 'calls' | 'call-intervals';
  mode: Mode;
  encoding: string;
  zone: string;
  snapshot_time: string;
  snapshot_time_from: 'flag' | 'name' | 'data' | 'now';
  noop: boolean;
  counts: Counts;
  /** Stored rows of this source absent from the drop (snapshot mode; kept as last known). */
  missing: number;
  findings: Finding[];
  committed: boolean;
  drop_id: number | null;
}

/** A dry run's result as onStaged sees it: the drop_id it would have had, and the header as written in the file. */
export type StagedDrop = Omit<ImportResult, 'committed'> & { header: string[] };

export interface ImportOptions {
  /** Path to read. */
  path: string;
  /** The file as the user named it (in messages and the manifest). */
  label: string;
  format: string;
  /** A mapping file's description of the source (`--map`), instead of a format. */
  map?: MappingConfig | undefined;
  /** The mapping file as the user named it (`--map`): hints about unknown values point to its keys. */
  mapFile?: string | undefined;
  encoding?: string | undefined;
  source?: string | undefined;
  mode?: Mode | undefined;
  snapshotTime?: Date | undefined;
  minDate: Date;
  strict: boolean;
  /** Accept a drop that lacks columns its format reads or its source's previous drop had (a warning instead of a refusal). */
  allowMissingColumns?: boolean | undefined;
  /** Validate only: run every step, then roll back. */
  dryRun: boolean;
  lang: Lang;
  now: Date;
  onPhase?: ((phase: 'read' | 'check' | 'write') => void) | undefined;
  /** Called with each SQL step's duration (VIGIE_TRACE=1 prints them), to see where an import spends its time. */
  trace?: ((step: string, ms: number) => void) | undefined;
  /** Trace whole statements rather than their first characters. */
  traceFull?: boolean | undefined;
  /**
   * Dry run only: awaited after every check and write, just before the rollback. The temp view `fate` then holds the
   * drop's kept rows (one per id, staged columns), the temp table `cur` the source's current rows as stored before the
   * drop, and `drops` the drop's manifest row (drop_id = staged.drop_id). validate's drift checks read them.
   */
  onStaged?: ((conn: DuckDBConnection, staged: StagedDrop) => Promise<void>) | undefined;
  /**
   * TEST-ONLY fault injection, never set in normal use (`VIGIE_TEST_PAUSE_AT`, see testPause in commands/import.ts):
   * awaited at each PausePoint so that test/robustness/faults.test.ts can kill the process there or hold the store's lock.
   */
  pause?: ((point: PausePoint) => Promise<void>) | undefined;
}

/**
 * TEST-ONLY: where an import can be paused. `staged`: the drop read into connection-local temp tables, nothing written
 * to the store yet; `before-commit`: every write done inside the open transaction, not committed; `committed`: just
 * after COMMIT, the store still open.
 */
export const PAUSE_POINTS = ['staged', 'before-commit', 'committed'] as const;
export type PausePoint = (typeof PAUSE_POINTS)[number];

const SAMPLES = 5;
/** Findings about values a map does not know list those values (up to LISTED_MAX, with counts). */
const LISTED = new Set(['unknown_status', 'unknown_borough', 'unmapped_category', 'unknown_theme', 'unknown_nature', 'unknown_channel']);
const LISTED_MAX = 50;

function shortValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/**
 * The physical line (1-based) where each CSV record starts, header excluded, for files where a quoted field spans
 * lines. A record starts at the beginning of a line that is outside quotes and not blank; `""` inside quotes toggles
 * twice and so changes nothing (RFC 4180). CRLF and LF both end a line.
 */
export async function recordStartLines(path: string): Promise<number[]> {
  const starts: number[] = [];
  let line = 1;
  let quoted = false;
  let atLineStart = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a) {
        line++;
        if (!quoted) atLineStart = true;
        continue;
      }
      if (atLineStart && b !== 0x0d) {
        starts.push(line);
        atLineStart = false;
      }
      if (b === 0x22) quoted = !quoted;
    }
  }
  return starts.slice(1);
}

/**
 * The text of the records starting at the given physical lines (1-based), as written in the file. A record whose
 * quotes are still open at the end of its line continues on the next lines.
 */
export async function readRecordsAt(path: string, lines: number[]): Promise<Map<number, string>> {
  const wanted = new Set(lines);
  const out = new Map<number, string>();
  if (!wanted.size) return out;
  const last = Math.max(...wanted);
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  let open: { line: number; text: string } | null = null;
  for await (const text of rl) {
    n++;
    if (open) {
      open.text += `\n${text}`;
    } else if (wanted.has(n)) {
      open = { line: n, text };
    }
    if (open && (open.text.match(/"/g) ?? []).length % 2 === 0) {
      out.set(open.line, open.text.replace(/^\uFEFF/, ''));
      open = null;
      if (n >= last) break;
    }
  }
  if (open) out.set(open.line, open.text);
  rl.close();
  return out;
}

export async function importFile(conn: DuckDBConnection, o: ImportOptions): Promise<ImportResult> {
  const m = msg(o.lang);
  const sniffed = sniff(o.path, o.label, o.lang, o.encoding ?? o.map?.encoding, o.map?.delimiter);
  const adapter = pickAdapter(o.format, sniffed.header, o.label, o.lang, o.map);
  const source = o.source ?? adapter.source;
  const mode = o.mode ?? adapter.mode;
  const t0 = performance.now();
  const wide = sniffed.encoding.startsWith('utf-16');
  const { sha256, newlines, crlf, endsWithNewline, validUtf8, invalidAt, asciiBeforeInvalid, nulAt, unicodeBlank } =
    await hashAndCountLines(o.path, sniffed.encoding === 'utf-8', !wide);
  o.trace?.('(sha-256, line count and UTF-8 check of the file)', performance.now() - t0);
  // A NUL byte past the sniffed first megabyte: binary content, as it would have been there.
  if (nulAt >= 0) {
    const at = await lineAndColumn(o.path, nulAt);
    throw new CliError(EXIT.data, 'import.binaryFile', m.binaryFile(o.label, at.line, at.column));
  }
  if (!validUtf8) {
    // The first megabyte looked like UTF-8 but the file is not: a detected encoding falls back to Windows-1252 (the
    // other encoding Montréal's exports come in) when all before the bad byte was ASCII; after UTF-8 accents the file
    // mixes encodings (read as Windows-1252 they would turn to mojibake), and a forced one makes the file unusable.
    if (!sniffed.encodingDetected || !asciiBeforeInvalid) {
      const at = await lineAndColumn(o.path, invalidAt);
      throw new CliError(EXIT.data, 'import.encoding', m.badEncoding(o.label, sniffed.encoding, at.line, at.column));
    }
    sniffed.encoding = 'windows-1252';
  }

  const base = {
    file: o.label, sha256, source, format: adapter.name, kind: adapter.kind, mode,
    encoding: sniffed.encoding, zone: adapter.zone,
  };

  // An identical file already imported for this source changes nothing.
  const prior = await rows(conn, `SELECT * FROM drops WHERE sha256 = $sha AND source = $src AND kind = $kind ORDER BY drop_id LIMIT 1`,
    { sha: sha256, src: source, kind: adapter.kind });
  // (validate compares row by row even then, so that it can say which rows repeat.)
  if (prior.length && !o.dryRun) {
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

  // A drop lacking columns would be read as if they were empty: refused before anything is read or written
  // (src/formats/columns.ts). A file identical to a drop already taken is not judged again.
  let loss: ColumnLoss | null = null;
  if (!prior.length) {
    const l = columnLoss(adapter, sniffed.header, await previousDrop(conn, { source, format: adapter.name, kind: adapter.kind }));
    if (losesColumns(l)) {
      if (!o.allowMissingColumns) {
        throw new CliError(EXIT.data, 'import.columnsLost', m.columnsLost(o.label, adapter.name, l.absent, l.lost, l.previous, l.renamed));
      }
      loss = l;
    }
  }

  let readPath = o.path;
  const temp: string[] = [];
  // DuckDB reads one kind of line end per file: a file mixing CRLF and LF is read from a copy with LF only.
  const mixedEol = !wide && crlf > 0 && crlf < newlines;
  if (sniffed.encoding !== 'utf-8' || mixedEol) {
    readPath = await transcodeToUtf8(o.path, sniffed.encoding, mixedEol);
    temp.push(readPath);
  }
  // Staging (temp tables, connection-local) happens outside the transaction; the store's writes happen inside
  // one transaction that stageAndMerge opens and this function commits or rolls back.
  try {
    const result = await stageAndMerge(conn, o, sniffed, adapter, readPath, { ...base, source, mode, newlines, endsWithNewline, unicodeBlank, loss });
    if (o.dryRun) {
      await o.onStaged?.(conn, { ...result, header: sniffed.header });
      await conn.run('ROLLBACK');
      return { ...result, committed: false, drop_id: null };
    }
    if (o.strict && result.findings.length) {
      await conn.run('ROLLBACK');
      return { ...result, committed: false, drop_id: null };
    }
    await o.pause?.('before-commit');
    const t0 = performance.now();
    await conn.run('COMMIT');
    o.trace?.('COMMIT', performance.now() - t0);
    await o.pause?.('committed');
    return { ...result, committed: true };
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    if (e instanceof CliError) throw e;
    const text = String((e as Error).message ?? e);
    if (/unicode|utf-?8|byte sequence/i.test(text)) {
      throw new CliError(EXIT.data, 'import.encoding', m.badEncoding(o.label, sniffed.encoding));
    }
    // DuckDB's first line, without its error class ("Invalid Input Error: ") and the path it read (the message names the file).
    const why = (text.split('\n')[0] ?? text).replace(/^[A-Z][A-Za-z ]* Error: /, '').replace(/ in file "[^"]*",?/, '').trim();
    if (sniffed.kind === 'json' && /json|malformed|parse/i.test(text)) {
      throw new CliError(EXIT.data, 'import.badJson', m.badJson(o.label, why));
    }
    throw new CliError(EXIT.runtime, 'import.failed', m.importFailed(o.label, why), { cause: e });
  } finally {
    for (const t of temp) rmSync(t, { force: true });
    await conn.run('SET preserve_insertion_order = true').catch(() => undefined); // as the store opened it
    await conn.run(['DROP VIEW IF EXISTS fate;', 'DROP VIEW IF EXISTS stg;', ...STAGING_TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`)].join(' '))
      .catch(() => undefined);
  }
}

/** The columns a ticket version stores and compares (besides keys, drop, validity and line). */
async function stageAndMerge(
  conn: DuckDBConnection,
  o: ImportOptions,
  sniffed: Sniffed,
  adapter: Adapter,
  readPath: string,
  base: Omit<ImportResult, 'snapshot_time' | 'snapshot_time_from' | 'noop' | 'counts' | 'missing' | 'findings' | 'committed' | 'drop_id'> &
    { newlines: number; endsWithNewline: boolean; unicodeBlank: boolean; loss: ColumnLoss | null },
): Promise<Omit<ImportResult, 'committed'>> {
  const q = async (sql: string) => {
    const t0 = performance.now();
    await conn.run(sql);
    o.trace?.(sql.replace(/\s+/g, ' ').slice(0, o.traceFull ? undefined : 70), performance.now() - t0);
  };
  const one = async (sql: string) => {
    const t0 = performance.now();
    const r = (await rows(conn, sql))[0]!;
    o.trace?.(sql.replace(/\s+/g, ' ').slice(0, 70), performance.now() - t0);
    return r;
  };
  o.onPhase?.('read');

  // 1. Raw rows, every column as text. Column names as DuckDB will see them: the header, de-duplicated (a repeated name
  // gets _2, _3…, never a name the header has elsewhere).
  const taken = new Set(sniffed.header.map((h, i) => (h === '' ? `column${i + 1}` : h).toUpperCase()));
  const seen = new Set<string>();
  const names = sniffed.header.map((h, i) => {
    const n = h === '' ? `column${i + 1}` : h;
    let name = n;
    for (let k = 2; seen.has(name.toUpperCase()) || (name !== n && taken.has(name.toUpperCase())); k++) name = `${n}_${k}`;
    seen.add(name.toUpperCase());
    return name;
  });
  const struct = `{${names.map((n) => `${lit(n)}: 'VARCHAR'`).join(', ')}}`;
  // Only the columns the adapter reads are kept from a CSV (the rest is re-read from the file for rejected rows).
  const used = new Set<string>();
  const access = columnAccessor(names);
  const fieldSql = Object.values(adapter.fields((name) => {
    const sql = access.col(name);
    if (sql.startsWith('"')) used.add(sql);
    return sql;
  }, access.has) as object).filter((v) => typeof v === 'string').join('\n');
  // Columns the adapter reads that the header names more than once: the first is read, and a warning says so.
  const repeated = [...new Set(sniffed.header.filter((h, i) => h !== '' && names[i] !== h))].filter((h) => used.has(access.col(h)));
  // A CSV column that every field reads as `nullif(trim(col), '')` is trimmed once, in raw, and the fields then read it
  // as it is. JSON keeps its raw values, which rejects quote whole. Trimming every value (Unicode-aware, copying) cost
  // more than reading the file; so raw holds the values as read, and only those that may have a blank at either end
  // are trimmed, in place (below): almost none, in the exports seen.
  const pretrimmed = new Set(sniffed.kind === 'csv'
    ? [...used].filter((c) => fieldSql.split(c).length === fieldSql.split(blankToNull(c)).length) : []);
  const fields = <T extends object>(f: T): T => Object.fromEntries(Object.entries(f).map(([k, v]) =>
    [k, typeof v === 'string' ? [...pretrimmed].reduce((sql, c) => sql.replaceAll(blankToNull(c), c), v) : v])) as T;
  const projection = sniffed.kind === 'csv' && used.size
    ? [...used].map((c) => (pretrimmed.has(c) ? `nullif(${c}, '') AS ${c}` : c)).join(', ') : '*';
  const structural: { line: number; raw: string; code: string }[] = [];
  if (sniffed.kind === 'csv') {
    await q(`DROP TABLE IF EXISTS vigie_rej; DROP TABLE IF EXISTS vigie_scan;`);
    // Lines of up to 8 MB are read. DuckDB would size its read buffers from that limit, so large that a file of a few
    // hundred megabytes is split between threads in two or three pieces; 16 MB buffers keep the read parallel and
    // still hold the longest line.
    await q(`CREATE OR REPLACE TEMP TABLE raw AS SELECT ${projection} FROM read_csv(${lit(readPath)}, header = true, columns = ${struct},
      auto_detect = false, delim = ${lit(sniffed.delimiter)}, quote = '"', escape = '"', ignore_errors = true,
      store_rejects = true, rejects_table = 'vigie_rej', rejects_scan = 'vigie_scan', max_line_size = 8388608, buffer_size = 16777216)`);
    const unicode = await rows(conn, `SELECT count(*) AS n FROM vigie_rej WHERE error_type IN ('INVALID UNICODE', 'INVALID ENCODING')`);
    if (Number(unicode[0]?.n)) throw new CliError(EXIT.data, 'import.encoding', msg(o.lang).badEncoding(o.label, sniffed.encoding));
    for (const r of await rows(conn, `SELECT line, first(csv_line ORDER BY column_idx) AS raw,
        bool_or(error_type = 'LINE SIZE OVER MAXIMUM') AS long FROM vigie_rej GROUP BY line ORDER BY line`)) {
      structural.push({ line: Number(r.line), raw: String(r.raw ?? ''), code: r.long ? 'line_too_long' : 'malformed_row' });
    }
  } else if (sniffed.header.length) {
    await q(`CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_json(${lit(readPath)}, format = 'array', columns = ${struct},
      maximum_object_size = 16777216)`);
  } else {
    names.splice(0, names.length, ...adapter.required);
    await q(`CREATE OR REPLACE TEMP TABLE raw AS SELECT ${names.map((c) => `CAST(NULL AS VARCHAR) AS "${c}"`).join(', ')} WHERE false`);
  }
  const trimmable = [...pretrimmed];
  const mayTrim = (c: string) => mayNeedTrim(c, base.unicodeBlank);
  const counted0 = await one(`SELECT count(*) AS n${trimmable.map((c, i) => `, count(*) FILTER (WHERE ${mayTrim(c)}) AS t${i}`).join('')} FROM raw`);
  const good = Number(counted0.n);
  for (const [i, c] of trimmable.entries()) {
    // In place: an UPDATE keeps each row's rowid, the record number.
    if (Number(counted0[`t${i}`])) await q(`UPDATE raw SET ${c} = ${blankToNull(c)} WHERE ${mayTrim(c)}`);
  }
  let read = good + structural.length;

  // 2. Line numbers: the 1-based record number for JSON; for CSV the physical line where the record starts.
  let lineSql: string;
  let lineJoin = '';
  if (sniffed.kind === 'json') {
    lineSql = 'r.rec + 1';
  } else if (base.newlines + (base.endsWithNewline ? 0 : 1) - 1 === read) {
    // No field spans lines: good record k sits at line k + 2, pushed down by the rejected lines before it.
    if (structural.length) {
      await q(`CREATE OR REPLACE TEMP TABLE rejs AS SELECT line - (row_number() OVER (ORDER BY line) - 1) AS s,
        row_number() OVER (ORDER BY line) AS j FROM (SELECT DISTINCT line FROM vigie_rej)`);
      lineSql = `r.rec + 2 + coalesce((SELECT max(j) FROM rejs WHERE rejs.s <= r.rec + 2), 0)`;
    } else lineSql = 'r.rec + 2';
  } else {
    // A field spans lines: DuckDB numbers its rejects by record (header = 1), so record k (0-based) of the file is its
    // line k + 2; map records to physical lines with our own scan, then drop the rejected records.
    const all = await recordStartLines(readPath);
    const rejected = new Set(structural.map((s) => s.line - 2));
    for (const s of structural) s.line = all[s.line - 2] ?? s.line;
    const starts = all.filter((_, k) => !rejected.has(k));
    await q(`CREATE OR REPLACE TEMP TABLE linemap (rec BIGINT, line BIGINT)`);
    const app = await conn.createAppender('linemap');
    starts.forEach((line, k) => {
      app.appendBigInt(BigInt(k));
      app.appendBigInt(BigInt(line));
      app.endRow();
    });
    app.closeSync();
    lineSql = 'lm.line';
    lineJoin = 'LEFT JOIN linemap lm ON lm.rec = r.rec';
  }

  // A malformed record that spans several physical lines (most often a quote opened and not closed on its line, which
  // swallows the lines after it) is reported line by line, its first line malformed_row and the others
  // inside_open_quote: no line of the file goes unreported, and read counts each.
  structural.splice(0, structural.length, ...structural.flatMap((s) => s.raw.replace(/\r?\n$/, '').split(/\r?\n/)
    .map((raw, k) => ({ line: s.line + k, raw, code: k ? 'inside_open_quote' : s.code }))
    .filter((x, k) => k === 0 || x.raw.trim() !== '')));
  read = good + structural.length;

  await o.pause?.('staged');
  // 3. The kind's stage: raw fields to staged columns, and its checks.
  o.onPhase?.('check');
  // From here on every row carries its record number (`rec`) and nothing reads rows in storage order, so DuckDB may
  // build the staged tables and write the versions in parallel: with insertion order preserved, a statement whose
  // plan has a join appends on one thread. Raw, above, needed it (its rowid is the record number). Restored below.
  await q('SET preserve_insertion_order = false');
  const ctx: StageContext = {
    conn, q, one, sniffed, col: access.col, has: access.has, fields, lineSql, lineJoin, now: o.now, minDate: o.minDate, snapshotTime: o.snapshotTime,
  };
  const spec = adapter.kind === 'calls' ? await callStage(ctx, adapter)
    : adapter.kind === 'call-intervals' ? await intervalStage(ctx, adapter) : await ticketStage(ctx, adapter);
  const { checks, valueSql } = spec;

  const early = checks.filter((k) => !k.late);
  const bitOf = new Map(early.map((k, i) => [k, i]));
  const bits = early.map((k, i) => `CASE WHEN ${k.when} THEN ${2 ** i} ELSE 0 END`).join(' + ');
  // The staged table: one narrow row per good raw row — keys, the stored fields, the status time and the check bits.
  // Rows without an id get the hash of their content; identical ones are numbered below.
  const content = spec.content.map((x) => `coalesce(${x}, '')`).join(`, '\x1f', `);
  await q(`CREATE OR REPLACE TEMP TABLE stg0 AS SELECT rec, line, src_id IS NULL AS hashed,
      coalesce(src_id, 'h:' || md5(concat(${content})) || ':1') AS id, ${[...spec.stored, ...spec.extra].join(', ')}, (${bits})::BIGINT AS bits
    FROM (${spec.select})`);

  // Snapshot time: the flag; else the date the file is named after (local midnight: `requetes311-2018-11-01.csv` was
  // taken on 1 November, though its newest row may be 20 October), unless the rows are newer; else the newest creation
  // or status time in the drop; capped at the wall clock. When the name and the rows differ by more than a day, say so.
  let snapshot: Date;
  let snapshotFrom: 'flag' | 'name' | 'data' | 'now';
  let nameGap: { day: string; newest: Date } | null = null;
  if (o.snapshotTime) {
    snapshot = o.snapshotTime;
    snapshotFrom = 'flag';
  } else {
    const mx = (await one(`SELECT max(${spec.timeSql}) AS t FROM stg0 WHERE ${spec.mainTime} >= ${tsLit(o.minDate)}`)).t as Date | null;
    const named = dateInName(basename(o.path), base.zone);
    if (named && mx && Math.abs(named.at.getTime() - mx.getTime()) > 86_400_000) nameGap = { day: named.day, newest: new Date(mx) };
    if (named && named.at.getTime() <= o.now.getTime() && (!mx || mx.getTime() <= named.at.getTime())) {
      snapshot = named.at;
      snapshotFrom = 'name';
    } else if (mx && mx.getTime() <= o.now.getTime()) {
      snapshot = new Date(mx);
      snapshotFrom = 'data';
    } else {
      snapshot = o.now;
      snapshotFrom = 'now';
    }
  }
  const snap = tsLit(snapshot);
  const cond = (k: Check) => (k.late ? k.when.replaceAll('$snap', snap) : `(bits & ${2 ** bitOf.get(k)!}) <> 0`);
  const errorChecks = checks.filter((k) => k.severity === 'error');
  await q(`CREATE OR REPLACE TEMP VIEW stg AS SELECT *, CASE ${errorChecks.map((k, i) => `WHEN ${cond(k)} THEN ${i}`).join(' ')} END AS err FROM stg0`);

  const findings: Finding[] = [];
  for (const h of repeated) addFinding(findings, o, 'warning', 'duplicate_column', h, 1, [{ line: 1, column: h, value: h }]);
  if (base.loss) {
    const gone = [...base.loss.absent, ...base.loss.lost];
    addFinding(findings, o, 'warning', 'columns_missing', gone[0] ?? null, 1, [{ line: sniffed.kind === 'csv' ? 1 : null, column: gone[0] ?? null, value: gone.join(', ') }]);
    findings[findings.length - 1]!.message = msg(o.lang).columnsAllowed(base.loss.absent, base.loss.lost, base.loss.previous);
  }
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
  for (const code of ['malformed_row', 'line_too_long', 'inside_open_quote']) {
    const of = structural.filter((s) => s.code === code);
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

  // Rows an error rejects, with the field quoted and (JSON) the whole record: the last use of raw, which is then dropped
  // so that the writes below have its memory.
  const rejectedByCheck = Number((await one(`SELECT count(*) AS n FROM stg WHERE err IS NOT NULL`)).n);
  if (rejectedByCheck) {
    const all = names.map((n) => `${lit(n)}, r."${n.replaceAll('"', '""')}"`).join(', ');
    await q(`CREATE OR REPLACE TEMP TABLE rejrows AS SELECT x.rec, x.line,
        [${errorChecks.map((k) => lit(k.column)).join(', ')}][x.err + 1] AS column_name,
        [${errorChecks.map((k) => lit(k.code)).join(', ')}][x.err + 1] AS code,
        [${errorChecks.map((k) => valueSql[k.value]).join(', ')}][x.err + 1] AS value,
        ${sniffed.kind === 'json' ? `json_object(${all})::VARCHAR` : 'CAST(NULL AS VARCHAR)'} AS raw
      FROM (SELECT rec, line, err FROM stg WHERE err IS NOT NULL) x JOIN (SELECT rowid AS rec, * FROM raw) r ON r.rec = x.rec`);
  }
  await q('DROP TABLE raw');

  // 6. Keys: identical id-less rows (same content hash) are numbered by occurrence — only where a hash repeats.
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

  // 7. Fate against the current store: inserted, updated, unchanged, or stale (the store already knows a later version).
  o.onPhase?.('write');
  await q('BEGIN TRANSACTION');
  await q(`CREATE OR REPLACE TEMP TABLE cur AS SELECT * EXCLUDE (current) FROM ${spec.table} WHERE source = ${lit(base.source)} AND current`);
  const same = spec.stored.map((col) => `n.${col} IS NOT DISTINCT FROM cur.${col}`).join(' AND ');
  // Rows are compared as they would be stored (spec.insert: a close before the creation is stored empty), so that a row
  // re-published as it was is unchanged, not a new version at every drop.
  const asStored = spec.insert ? ` REPLACE (${Object.entries(spec.insert).map(([col, sql]) => `${sql} AS ${col}`).join(', ')})` : '';
  await q(`CREATE OR REPLACE TEMP VIEW fate AS
    SELECT n.*, CASE WHEN cur.id IS NULL THEN 'inserted' WHEN cur.valid_from > ${snap} THEN 'stale'
      WHEN ${same} THEN 'unchanged' ELSE 'updated' END AS fate
    FROM (SELECT *${asStored} FROM stg WHERE err IS NULL AND rec NOT IN (SELECT rec FROM dup)) n LEFT JOIN cur ON cur.id = n.id`);
  const fates = Object.fromEntries((await rows(conn, `SELECT fate, count(*) AS n FROM fate GROUP BY fate`)).map((r) => [r.fate, Number(r.n)]));
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
  if (nameGap) {
    addFinding(findings, o, 'warning', 'snapshot_name_differs', null, 1, [{ line: null, column: null, value: nameGap.day }]);
    findings[findings.length - 1]!.message = `${msg(o.lang).snapshotNameDiffers(nameGap.day, formatInstant(base.zone, nameGap.newest.getTime()),
      snapshotFrom === 'name')}`;
  }
  if (base.mode === 'snapshot') {
    // A snapshot older than one already stored for the source: its rows are stale, which is rarely what was meant.
    const last = await one(`SELECT max(snapshot_time) AS t, arg_max(file, snapshot_time) AS file FROM drops WHERE source = ${lit(base.source)}`);
    if (last.t && (last.t as Date).getTime() > snapshot.getTime()) {
      addFinding(findings, o, 'warning', 'snapshot_backwards', null, 1, [{ line: null, column: null, value: snapshot.toISOString() }]);
      findings[findings.length - 1]!.message = `${msg(o.lang).snapshotBackwards(snapshot.toISOString(), (last.t as Date).toISOString(), String(last.file))}; ${msg(o.lang).rowFate.warning}`;
    }
  }
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
    ? Number((await one(`SELECT count(*) AS n FROM cur WHERE NOT EXISTS (SELECT 1 FROM stg0 k WHERE k.id = cur.id)`)).n)
    : 0;

  // 8. Writes: new versions, rejects with their raw text, the manifest row.
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
  const snapshotIso = snapshot.toISOString();
  await conn.run(`INSERT INTO drops VALUES ($id, $file, $sha, $src, $fmt, $kind, $mode, $enc, $snap::TIMESTAMPTZ, $from, $zone, $ver,
      $now::TIMESTAMPTZ, $read, $ins, $upd, $unch, $stale, $rej, $dup, $missing, $findings, $header)`, {
    id: dropId, file: basename(o.label), sha: base.sha256, src: base.source, fmt: base.format, kind: base.kind, mode: base.mode,
    enc: base.encoding, snap: snapshotIso, from: snapshotFrom, zone: base.zone, ver: VERSION, now: o.now.toISOString(),
    read: counts.read, ins: counts.inserted, upd: counts.updated, unch: counts.unchanged, stale: counts.stale,
    rej: counts.rejected, dup: counts.duplicate_in_file, missing, findings: JSON.stringify(findings), header: JSON.stringify(sniffed.header),
  });
  return {
    file: base.file, sha256: base.sha256, source: base.source, format: base.format, kind: base.kind, mode: base.mode,
    encoding: base.encoding, zone: base.zone, snapshot_time: snapshotIso, snapshot_time_from: snapshotFrom, noop: false,
    counts, missing, findings, drop_id: dropId,
  };
}

/**
 * True where DuckDB's `trim` could change the value (it strips Unicode space separators, category Zs, at both ends):
 * a space at either end, or, when the file may hold other space separators (`unicodeBlank`: no-break spaces…), a
 * non-ASCII first or last character. Cheaper than trimming every value, which copies each one.
 */
/**
 * The latest drop of a source, format and kind whose header the manifest recorded (schema version 5 on), other than
 * `except`: what a new drop's columns are compared with (the column-loss refusal, validate's drift checks).
 */
export async function previousDrop(conn: DuckDBConnection, k: { source: string; format: string; kind: string; except?: number | null }):
  Promise<{ drop_id: number; file: string; header: string[] } | null> {
  const prev = (await rows(conn, `SELECT drop_id, file, header FROM drops WHERE source = $src AND format = $fmt AND kind = $kind
      AND header IS NOT NULL AND drop_id <> $id ORDER BY drop_id DESC LIMIT 1`, { src: k.source, fmt: k.format, kind: k.kind, id: k.except ?? -1 }))[0];
  return prev ? { drop_id: Number(prev.drop_id), file: String(prev.file), header: JSON.parse(String(prev.header)) as string[] } : null;
}

export function mayNeedTrim(c: string, unicodeBlank = true): string {
  const ends = `prefix(${c}, ' ') OR suffix(${c}, ' ')`;
  return unicodeBlank ? `(${ends} OR (strlen(${c}) <> length(${c}) AND (ascii(${c}) > 127 OR ascii(${c}[-1]) > 127)))` : `(${ends})`;
}

/**
 * The ISO date a file is named after (`requetes311-2018-11-01.csv`, `export_2019-07-01T0600.csv`) as the local
 * midnight of that day in `zone`; null when the name carries none, or a date that does not exist.
 */
export function dateInName(name: string, zone: string): { day: string; at: Date } | null {
  const mt = /(?:^|[^0-9])((\d{4})-(\d{2})-(\d{2}))(?![0-9])/.exec(name);
  if (!mt) return null;
  const [y, m, d] = [Number(mt[2]), Number(mt[3]), Number(mt[4])];
  const ms = Date.UTC(y, m - 1, d);
  if (new Date(ms).getUTCDate() !== d || m < 1 || m > 12 || y < 1990) return null;
  return { day: mt[1]!, at: new Date(localToUtc(zone, ms).utc) };
}

function tsLit(d: Date): string {
  return `${ts(d)}`;
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
