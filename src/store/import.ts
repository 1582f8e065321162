/**
 * One drop file into the store, in one transaction (README.md, The store): importFile, its options and result, and
 * the order of the steps (stageAndMerge), which live in src/store/import-read.ts (raw rows, line numbers),
 * src/store/import-checks.ts (stage, checks, rejected rows) and src/store/import-merge.ts (snapshot time, keys, fate,
 * writes); src/store/import-run.ts holds what they share. The drops manifest is written and read here.
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
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { pickAdapter } from '../formats/index.ts';
import type { Adapter, Mode } from '../formats/types.ts';
import { hashAndCountLines, lineAndColumn, sniff, transcodeToUtf8, type Sniffed } from '../formats/sniff.ts';
import type { MappingConfig } from '../formats/mapping.ts';
import { columnLoss, losesColumns, type ColumnLoss } from '../formats/columns.ts';
import { VERSION } from '../version.ts';
import { rows } from '../sql.ts';
import type { Finding } from '../findings.ts';
import { STAGING_TABLES } from './staging.ts';
import { openRun, type DropBase, type ImportRun } from './import-run.ts';
import { numberLines, readRaw } from './import-read.ts';
import { checkRows, keepRejected, stageRows } from './import-checks.ts';
import {
  countMissing, fateAgainstStore, numberKeys, recordAbsences, snapshotFindings, snapshotTime, writeRejects, writeVersions, type Snapshot,
} from './import-merge.ts';

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

/** One drop file into the store: committed, or rolled back (dry run, --strict with findings, failure) leaving the store unchanged. */
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

/**
 * The steps of one import, in order, on connection-local temp tables; opens the transaction (before the fate against
 * the store) that importFile commits or rolls back, and pauses at `staged` with nothing written. Every row read is
 * accounted for: read = inserted + updated + unchanged + stale + rejected + duplicate_in_file, checked before any write.
 */
async function stageAndMerge(
  conn: DuckDBConnection, o: ImportOptions, sniffed: Sniffed, adapter: Adapter, readPath: string, base: DropBase,
): Promise<Omit<ImportResult, 'committed'>> {
  const run = openRun(conn, o, sniffed, adapter, readPath, base);
  o.onPhase?.('read');
  const raw = await readRaw(run);
  const lines = await numberLines(run, raw);
  const { read } = lines;

  await o.pause?.('staged');
  o.onPhase?.('check');
  const staged = await stageRows(run, raw, lines);
  const { spec } = staged;
  const snapshot = await snapshotTime(run, spec);
  await checkRows(run, raw, staged, snapshot.sql, read);
  const rejectedByCheck = await keepRejected(run, raw, spec);
  const dupCount = await numberKeys(run, spec);

  o.onPhase?.('write');
  await run.q('BEGIN TRANSACTION');
  const fates = await fateAgainstStore(run, spec, snapshot.sql);
  await snapshotFindings(run, snapshot);
  const counts: Counts = {
    read,
    inserted: fates.inserted ?? 0,
    updated: fates.updated ?? 0,
    unchanged: fates.unchanged ?? 0,
    stale: fates.stale ?? 0,
    rejected: rejectedByCheck + raw.structural.length,
    duplicate_in_file: dupCount,
  };
  const sum = counts.inserted + counts.updated + counts.unchanged + counts.stale + counts.rejected + counts.duplicate_in_file;
  if (sum !== read) throw new Error(`accounting mismatch: read ${read}, accounted ${sum}`);
  const missing = await countMissing(run);

  const dropId = await writeVersions(run, spec, { ...counts, filled: fates.filled ?? 0 }, snapshot.sql);
  await recordAbsences(run, spec, dropId, missing);
  await writeRejects(run, dropId, rejectedByCheck, raw.structural);
  await recordDrop(run, dropId, counts, missing, snapshot);
  return {
    file: base.file, sha256: base.sha256, source: base.source, format: base.format, kind: base.kind, mode: base.mode,
    encoding: base.encoding, zone: base.zone, snapshot_time: snapshot.at.toISOString(), snapshot_time_from: snapshot.from, noop: false,
    counts, missing, findings: run.findings, drop_id: dropId,
  };
}

/** Step 10, the manifest (inside the transaction): the drop's row in `drops`, its counts, findings and header as read. */
async function recordDrop(run: ImportRun, dropId: number, counts: Counts, missing: number, snapshot: Snapshot): Promise<void> {
  const { conn, o, sniffed, base, findings } = run;
  await conn.run(`INSERT INTO drops VALUES ($id, $file, $sha, $src, $fmt, $kind, $mode, $enc, $snap::TIMESTAMPTZ, $from, $zone, $ver,
      $now::TIMESTAMPTZ, $read, $ins, $upd, $unch, $stale, $rej, $dup, $missing, $findings, $header)`, {
    id: dropId, file: basename(o.label), sha: base.sha256, src: base.source, fmt: base.format, kind: base.kind, mode: base.mode,
    enc: base.encoding, snap: snapshot.at.toISOString(), from: snapshot.from, zone: base.zone, ver: VERSION, now: o.now.toISOString(),
    read: counts.read, ins: counts.inserted, upd: counts.updated, unch: counts.unchanged, stale: counts.stale,
    rej: counts.rejected, dup: counts.duplicate_in_file, missing, findings: JSON.stringify(findings), header: JSON.stringify(sniffed.header),
  });
}

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
