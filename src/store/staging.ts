/**
 * What every kind of drop shares while it is staged: the context an import step runs in, coded-value lookups, the
 * time-zone tools that turn local times into UTC in SQL, and the shape of a check. A kind (tickets, calls…) supplies a
 * StageSpec; src/store/import.ts does the rest the same way for every kind.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Sniffed } from '../formats/sniff.ts';
import { localSegments } from '../time/zone.ts';
import { lit } from '../sql.ts';

export interface StageContext {
  conn: DuckDBConnection;
  /** Runs a statement (traced). */
  q: (sql: string) => Promise<void>;
  /** The first row of a query (traced). */
  one: (sql: string) => Promise<Record<string, unknown>>;
  sniffed: Sniffed;
  /** Column accessors over the raw table. */
  col: (name: string) => string;
  has: (name: string) => boolean;
  /** The adapter's field expressions as they read the raw table (which holds some columns already trimmed). */
  fields: <T extends object>(f: T) => T;
  /** SQL for the record's line, over `r.rec`, and the join it needs. */
  lineSql: string;
  lineJoin: string;
  now: Date;
  minDate: Date;
  snapshotTime?: Date | undefined;
}

export interface Check {
  code: string;
  severity: 'error' | 'warning';
  column: string;
  /** Key of StageSpec.valueSql: the raw field quoted in findings. */
  value: string;
  /** SQL over the staging SELECT (or, when `late`, over the staged table with `$snap`): true where the check fails. */
  when: string;
  late?: boolean;
}

/** What a kind of record contributes to the import engine. */
export interface StageSpec {
  /** A SELECT over the raw rows yielding `rec`, `line`, `src_id`, the content columns, the stored columns, the extra
   * columns and whatever the checks' `when` read. */
  select: string;
  checks: Check[];
  /** Raw field expressions over the raw table `r`, by check `value` key. */
  valueSql: Record<string, string>;
  /** Columns hashed (with their occurrence number) into the key of a row without an id. */
  content: string[];
  /** The versions table and the columns it stores and compares. */
  table: string;
  stored: readonly string[];
  /** Columns kept in the staged table besides the stored ones (e.g. a status time). */
  extra: string[];
  /** Stored columns the store gained after its first version: a stored version holding none of them is filled in
   * from a drop that has them (the same version), not superseded. */
  filled?: readonly string[];
  /** How a stored column is written, when not as staged. */
  insert?: Record<string, string>;
  /** The instant a row was last known to change, over the staged table (the snapshot time is the newest). */
  timeSql: string;
  /** The column holding the main time (rows before --min-date are left out of the snapshot time). */
  mainTime: string;
  /** The source column of the id, named in findings. */
  idColumn: string;
  /** A query over the staged rows (`stg0`) and the store listing (line, value) of rows that overlap stored rows of
   * another key: reported as the warning `overlaps_stored`. Given the source as a SQL literal. */
  overlapSql?: (source: string) => string;
}

/** Small code lists as a CASE expression; values the function does not know stay NULL. */
export function codeCase(expr: string, values: string[], fn: (raw: string) => string | null): string {
  const whens = values.map((v) => [v, fn(v)] as const).filter(([, c]) => c !== null).map(([v, c]) => `WHEN ${lit(v)} THEN ${lit(c!)}`);
  return whens.length ? `(CASE ${expr} ${whens.join(' ')} END)` : 'CAST(NULL AS VARCHAR)';
}

/** A lookup table (raw → value) of many values (borough names, categories), to be joined. */
export async function lookup(ctx: StageContext, table: string, values: string[], fn: (raw: string) => string | null): Promise<void> {
  await ctx.q(`CREATE OR REPLACE TEMP TABLE ${table} (raw VARCHAR, value VARCHAR)`);
  if (!values.length) return;
  const app = await ctx.conn.createAppender(table);
  for (const v of values) {
    const value = fn(v);
    app.appendVarchar(v);
    if (value === null) app.appendNull();
    else app.appendVarchar(value);
    app.endRow();
  }
  app.closeSync();
}

/** Distinct non-null values of a `list(DISTINCT …)` result. */
export function distinctOf(gathered: Record<string, unknown>, key: string): string[] {
  return ((gathered[key] as (string | null)[] | null) ?? []).filter((v): v is string => v !== null);
}

const OFFSET_FORMATS = ['%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%dT%H:%M:%S.%f%z', '%Y-%m-%d %H:%M:%S%z', '%Y-%m-%d %H:%M:%S.%f%z'];

/**
 * Local → UTC in SQL: the zone's hour table over the years the drop spans (`gathered` holds `lo0…`/`hi0…`, the
 * min and max of the time texts; bounded by --min-date and the wall clock or the snapshot flag), joined on the local
 * hour. Times outside it are rejected anyway; they get the offset at the bound. With `offsets`, a time written with an
 * offset (`Z`, `-04:00`) is an instant as written.
 */
export async function zoneTools(ctx: StageContext, zone: string, gathered: Record<string, unknown>, formats: string[], offsets: boolean,
  texts: string[]) {
  let years: number[];
  if (formats.every((f) => f.startsWith('%Y'))) {
    // Year-first formats sort like time: the min and max texts give the span.
    years = Object.entries(gathered).filter(([k]) => /^(lo|hi)\d$/.test(k))
      .map(([, v]) => Number(String(v ?? '').slice(0, 4))).filter((y) => Number.isInteger(y) && y > 0);
  } else {
    // Other formats (`%m/%d/%Y`…) do not: parse to find the span.
    const parsed = texts.map((t) => `year(try_strptime(${t}, [${formats.map(lit).join(', ')}]))`);
    const span = await ctx.one(`SELECT ${parsed.map((p, i) => `min(${p}) AS lo${i}, max(${p}) AS hi${i}`).join(', ')} FROM raw`);
    years = Object.values(span).map(Number).filter((y) => Number.isInteger(y) && y > 0);
  }
  const ceiling = Math.max(ctx.now.getUTCFullYear(), ctx.snapshotTime?.getUTCFullYear() ?? 0) + 2;
  const lo = Math.min(ceiling, Math.max(ctx.minDate.getUTCFullYear() - 1, Math.min(...years, ceiling)));
  const hi = Math.max(lo, Math.min(ceiling, Math.max(...years, lo)));
  const segs = localSegments(zone, lo, hi);
  await ctx.q(`CREATE OR REPLACE TEMP TABLE zseg (local_from TIMESTAMP, local_to TIMESTAMP, offset_s BIGINT, flag VARCHAR)`);
  await ctx.q(`INSERT INTO zseg VALUES ${segs.map((g) =>
    `(make_timestamp(${g.localFrom * 1000}), make_timestamp(${g.localTo * 1000}), ${g.offset / 1000}, ${g.flag ? lit(g.flag) : 'NULL'})`).join(', ')}`);
  await ctx.q(`CREATE OR REPLACE TEMP TABLE zhour AS SELECT unnest(generate_series(local_from, local_to - INTERVAL 1 HOUR, INTERVAL 1 HOUR)) AS h,
      offset_s, flag FROM zseg`);
  const edgeOffset = (segs[0]?.offset ?? 0) / 1000;
  const [fmt0, ...fmtRest] = formats;
  const parse = (t: string) => fmtRest.length
    ? `coalesce(try_strptime(${t}, ${lit(fmt0!)}), try_strptime(${t}, [${fmtRest.map(lit).join(', ')}]))`
    : `try_strptime(${t}, ${lit(fmt0!)})`;
  const hasOffset = (t: string) => `regexp_matches(${t}, '(Z|[+-][0-9][0-9]:?[0-9][0-9])$')`;
  return {
    parseAbs: (t: string) => (offsets
      ? `CASE WHEN ${hasOffset(t)} THEN try_strptime(regexp_replace(${t}, 'Z$', '+00:00'), [${OFFSET_FORMATS.map(lit).join(', ')}]) END`
      : 'CAST(NULL AS TIMESTAMPTZ)'),
    parseLocal: (t: string) => (offsets ? `CASE WHEN NOT ${hasOffset(t)} THEN ${parse(t)} END` : parse(t)),
    utc: (z: string, local: string) => `make_timestamptz(epoch_us(${local}) - coalesce(${z}.offset_s, ${edgeOffset}) * 1000000)`,
    zjoin: (local: string, z: string) => `LEFT JOIN zhour ${z} ON ${z}.h = date_trunc('hour', ${local})`,
  };
}

export const STAGING_TABLES = ['rejrows', 'rejtext', 'raw', 'rejs', 'linemap', 'vm_borough', 'vm_theme', 'zseg', 'zhour',
  'stg0', 'dup', 'cur', 'gone', 'vigie_rej', 'vigie_scan'];
