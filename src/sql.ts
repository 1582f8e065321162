/**
 * The few SQL helpers every floor that talks to DuckDB shares: reading rows as plain objects, quoting literals and
 * identifiers, an instant as a TIMESTAMPTZ literal, and the as-of view of a versioned table. Pure strings, no
 * connection state: the store (src/store/db.ts) opens connections, this file only writes and reads through them.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** Rows of a query as plain objects (BigInt counts become numbers, times ISO strings in UTC). */
export async function rows(conn: DuckDBConnection, sql: string, params?: Record<string, DuckDBValue>): Promise<Record<string, unknown>[]> {
  const reader = params ? await conn.runAndReadAll(sql, params) : await conn.runAndReadAll(sql);
  // the engine's own objects, their BIGINTs made numbers in place (a copy of each row cost about half the time of reading it)
  const out = reader.getRowObjectsJS() as Record<string, unknown>[];
  for (const r of out) for (const k in r) if (typeof r[k] === 'bigint') r[k] = Number(r[k]);
  return out;
}

/** A SQL string literal. */
export function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A SQL identifier. */
export function ident(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/**
 * The view of a versioned table (`calls`, `call_intervals`, `tickets`) as the store knew it at `asOf` (the history
 * replayed through its `<name>_as_of` macro), or the latest version of each row when `asOf` is null.
 */
export function asOfView(name: 'calls' | 'call_intervals' | 'tickets', asOf: Date | null): string {
  return asOf ? `${name}_as_of(${ts(asOf)})` : name;
}

/** An instant as a SQL TIMESTAMPTZ literal (UTC, millisecond precision). */
export function ts(d: Date): string {
  return `'${d.toISOString()}'::TIMESTAMPTZ`;
}
