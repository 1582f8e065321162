/**
 * The SQL of `vigie export`: the tickets to export (the current view, or `tickets_as_of(t)`), restricted to a source and
 * to creation months, written as Parquet partitioned by source and month (DuckDB's COPY) or as the generic
 * `vigie-tickets` CSV (streamed chunk by chunk, quoted here so that NULL and the empty string stay distinct).
 *
 * Months are creation months in the city's zone, computed with `timezone(zone, created_at)` so that nothing depends on
 * the session time zone; times in the CSV are UTC instants written with `Z`.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit, rows } from '../sql.ts';

export type ExportKind = 'tickets' | 'calls' | 'call-intervals';

/** What each kind of record exports: its current view, as-of macro, the time that decides its month, its CSV. */
export const EXPORT_KINDS: Record<ExportKind, { view: string; asOf: string; time: string; columns: readonly string[]; times: string[]; order: string }> = {
  'tickets': { view: 'tickets', asOf: 'tickets_as_of', time: 'created_at', columns: [], times: ['created_at', 'closed_at', 'due_at'],
    order: 'source, created_at, id' },
  'calls': { view: 'calls', asOf: 'calls_as_of', time: 'queued_at',
    columns: ['id', 'queued_at', 'outcome', 'wait_seconds', 'talk_seconds', 'queue', 'theme', 'borough', 'agent_site', 'transferred'],
    times: ['queued_at'], order: 'source, queued_at, id' },
  'call-intervals': { view: 'call_intervals', asOf: 'call_intervals_as_of', time: 'interval_start',
    columns: ['interval_start', 'interval_minutes', 'queue', 'theme', 'borough', 'offered', 'answered', 'abandoned', 'answered_within',
      'threshold_seconds', 'wait_seconds_answered_total', 'talk_seconds_total', 'abandoned_short'],
    times: ['interval_start'], order: 'source, interval_start, queue, theme, borough' },
};

export interface TicketFilter {
  /** Which records (default tickets). */
  kind?: ExportKind | undefined;
  /** Only this source. */
  source?: string | undefined;
  /** First creation month included (`YYYY-MM`, in `zone`). */
  fromMonth?: string | undefined;
  /** Last creation month included (`YYYY-MM`, in `zone`). */
  toMonth?: string | undefined;
  /** Replay the store as known at this instant (`tickets_as_of`); the current view when absent. */
  asOf?: Date | undefined;
  /** The zone of the months (the city's). */
  zone: string;
}

/** The canonical ticket fields written to Parquet, in this order (`source` and `month` are the partition keys). */
export const PARQUET_COLUMNS = [
  'id', 'source', 'created_at', 'closed_at', 'status', 'status_raw', 'due_at', 'borough', 'borough_raw', 'category', 'theme',
  'channel', 'nature', 'status_at', 'latitude', 'longitude', 'address', 'valid_from', 'drop_id',
] as const;

/** The header of the generic `vigie-tickets` CSV (README.md, Formats), exactly. */
export const VIGIE_TICKETS_COLUMNS = ['id', 'created_at', 'closed_at', 'status', 'due_at', 'borough', 'category', 'theme', 'channel',
  'latitude', 'longitude', 'address'] as const;

const TIMES = new Set(['created_at', 'closed_at', 'due_at']);
/** Columns stored as DOUBLE: written without a decimal point when whole, as the source wrote them. */
const DOUBLES = new Set(['latitude', 'longitude', 'wait_seconds', 'talk_seconds', 'threshold_seconds', 'wait_seconds_answered_total', 'talk_seconds_total']);

/** The tickets of `f` with their creation month (`month`), every stored column kept. */
export function ticketsSql(f: TicketFilter): string {
  const k = EXPORT_KINDS[f.kind ?? 'tickets'];
  const view = f.asOf ? `${k.asOf}(${lit(f.asOf.toISOString())}::TIMESTAMPTZ)` : k.view;
  const where: string[] = [];
  if (f.source !== undefined) where.push(`source = ${lit(f.source)}`);
  if (f.fromMonth !== undefined) where.push(`month >= ${lit(f.fromMonth)}`);
  if (f.toMonth !== undefined) where.push(`month <= ${lit(f.toMonth)}`);
  return `SELECT * FROM (SELECT *, strftime(timezone(${lit(f.zone)}, ${k.time}), '%Y-%m') AS month FROM ${view})` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '');
}

/** Sources that hold tickets in the store (any version, any time). */
export async function ticketSources(conn: DuckDBConnection, kind: ExportKind = 'tickets'): Promise<string[]> {
  return (await rows(conn, `SELECT DISTINCT source FROM ${EXPORT_KINDS[kind].view} ORDER BY source`)).map((r) => String(r.source));
}

/** Sources the store knows of for tickets: those with tickets and those with a tickets drop (even an empty one). */
export async function knownTicketSources(conn: DuckDBConnection, kind: ExportKind = 'tickets'): Promise<string[]> {
  return (await rows(conn,
    `SELECT source FROM ${EXPORT_KINDS[kind].view} UNION SELECT source FROM drops WHERE kind = ${lit(kind)} ORDER BY source`))
    .map((r) => String(r.source));
}

export interface ParquetFile {
  /** The file's path as DuckDB wrote it (partition values percent-encoded). */
  path: string;
  rows: number;
}

/**
 * Writes the tickets of `f` under `dir` as Parquet, one folder per `source=…/month=YYYY-MM` (hive partitioning; the
 * partition columns live in the folder names, not in the files). Files of earlier exports under `dir` are left in
 * place; files of the same partitions are overwritten. Returns the files written with their row counts.
 */
export async function writeParquet(conn: DuckDBConnection, f: TicketFilter, dir: string): Promise<ParquetFile[]> {
  const cols = [...PARQUET_COLUMNS, 'month'].join(', ');
  const stats = await rows(conn,
    `COPY (SELECT ${cols} FROM (${ticketsSql(f)}) ORDER BY source, month, created_at, id) TO ${lit(dir)}` +
    ` (FORMAT parquet, PARTITION_BY (source, month), OVERWRITE_OR_IGNORE, RETURN_STATS)`);
  return stats.map((s) => ({ path: String(s.filename), rows: Number(s.count) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** An instant as ISO 8601 UTC with `Z`, fractional seconds only when non-zero (trailing zeros dropped); NULL stays NULL. */
function isoUtcSql(col: string): string {
  const ts = `timezone('UTC', ${col})`;
  return `(strftime(${ts}, '%Y-%m-%dT%H:%M:%S') || CASE WHEN microsecond(${ts}) % 1000000 <> 0` +
    ` THEN '.' || rtrim(strftime(${ts}, '%f'), '0') ELSE '' END || 'Z')`;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF, inner quotes doubled; NULL is empty.
 * Data interchange: no spreadsheet-formula neutralising, the value is written as it is.
 */
export function csvField(v: string | null): string {
  if (v === null) return '';
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * Writes the tickets of `f` to `file` as `vigie-tickets` CSV (UTF-8 without BOM, LF line ends, rows ordered by source,
 * creation time and id). The file is written beside its target and renamed at the end, so that a failure leaves no
 * partial file. Returns the number of rows written.
 */
export async function writeVigieTickets(conn: DuckDBConnection, f: TicketFilter, file: string): Promise<number> {
  const k = EXPORT_KINDS[f.kind ?? 'tickets'];
  const columns = (f.kind ?? 'tickets') === 'tickets' ? VIGIE_TICKETS_COLUMNS : k.columns;
  const times = new Set((f.kind ?? 'tickets') === 'tickets' ? TIMES : k.times);
  // Numbers are written as they were read: whole numbers without a decimal point.
  const text = (c: string) => (DOUBLES.has(c)
    ? `CASE WHEN ${c} = trunc(${c}) THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`
    : `CAST(${c} AS VARCHAR)`);
  const select = columns.map((c) => (times.has(c) ? `${isoUtcSql(c)} AS ${c}` : `${text(c)} AS ${c}`));
  const result = await conn.stream(`SELECT ${select.join(', ')} FROM (${ticketsSql(f)}) ORDER BY ${k.order}`);
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  let n = 0;
  try {
    fd = openSync(tmp, 'w');
    writeSync(fd, columns.join(',') + '\n');
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const lines: string[] = [];
      for (const r of chunk.getRows()) lines.push(r.map((v) => csvField(v === null ? null : String(v))).join(',') + '\n');
      writeSync(fd, lines.join(''));
      n += lines.length;
    }
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  return n;
}
