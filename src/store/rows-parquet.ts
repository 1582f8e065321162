/**
 * A small table of rows, built in JavaScript, written as one Parquet file through the engine: `compliance --output
 * parquet`. The rows go into a temporary table through an appender (a temporary table is allowed on a store opened
 * read-only), then `COPY … (FORMAT parquet)` writes a file beside the target, renamed over it at the end, so that a
 * failure leaves no partial file.
 */
import { renameSync, rmSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, lit } from '../sql.ts';

export interface ParquetColumn {
  name: string;
  type: 'text' | 'number' | 'boolean';
}

const SQL_TYPE: Record<ParquetColumn['type'], string> = { text: 'VARCHAR', number: 'DOUBLE', boolean: 'BOOLEAN' };

/** Writes `rows` (a missing field is NULL) with `columns` as its schema to `file`; returns the number of rows written. */
export async function writeRowsParquet(conn: DuckDBConnection, file: string, columns: ParquetColumn[],
  rows: Record<string, string | number | boolean | null>[]): Promise<number> {
  const table = 'vigie_rows_out';
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} (${columns.map((c) => `${ident(c.name)} ${SQL_TYPE[c.type]}`).join(', ')})`);
  const partial = `${file}.partial-${process.pid}`;
  try {
    const app = await conn.createAppender(table, 'main', 'temp');
    for (const r of rows) {
      for (const c of columns) {
        const v = r[c.name];
        if (v === null || v === undefined) app.appendNull();
        else if (c.type === 'number') app.appendDouble(Number(v));
        else if (c.type === 'boolean') app.appendBoolean(v === true);
        else app.appendVarchar(String(v));
      }
      app.endRow();
    }
    app.flushSync();
    app.closeSync();
    await conn.run(`COPY ${table} TO ${lit(partial)} (FORMAT parquet)`);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
  }
  return rows.length;
}
