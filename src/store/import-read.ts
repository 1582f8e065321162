/**
 * Reading a drop file (the first steps of src/store/import.ts): the raw rows, every column as text, with DuckDB's
 * rejects of structurally broken CSV rows; the line number of each record; and the file helpers they and the later
 * steps use (record starts of a CSV whose fields span lines, the text of given records, the trim test, the date a
 * file is named after).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CliError, EXIT } from '../errors.ts';
import { msg } from '../messages.ts';
import { columnAccessor } from '../formats/index.ts';
import { blankToNull, type Adapter } from '../formats/types.ts';
import type { Sniffed } from '../formats/sniff.ts';
import { localToUtc } from '../time/zone.ts';
import { lit, rows } from '../sql.ts';
import type { ImportRun, StructuralReject } from './import-run.ts';

/** The raw table as read, and how the kind's stage reads it. */
export interface RawRows {
  /** Column names as DuckDB sees them: the header de-duplicated (a JSON drop without keys: the adapter's required fields). */
  names: string[];
  /** Column accessors over the raw table. */
  col: (name: string) => string;
  has: (name: string) => boolean;
  /** The adapter's field expressions as they read the raw table (which holds some columns already trimmed). */
  fields: <T extends object>(f: T) => T;
  /** Columns the adapter reads that the header names more than once (the first is read). */
  repeated: string[];
  /** Structurally broken CSV rows, not in raw. */
  structural: StructuralReject[];
  /** Rows in raw. */
  good: number;
}

/** How a staged row gets its line (SQL over `r.rec`, and the join it needs), and the rows read. */
export interface LineNumbers {
  lineSql: string;
  lineJoin: string;
  /** Rows read: raw's rows and every reported line of a broken one (read = good + structural). */
  read: number;
}

/**
 * Step 1, raw rows: the file into the temp table `raw`, every column as text, its rowid the record number (0-based);
 * a broken CSV row lands in `structural` instead, an invalid byte refuses the file. Every row of the file is in one
 * or the other.
 */
export async function readRaw(run: ImportRun): Promise<RawRows> {
  const { conn, o, sniffed, adapter, readPath, q, one } = run;
  const { names, struct, access, repeated, pretrimmed, fields, projection } = rawColumns(sniffed, adapter);
  const structural: StructuralReject[] = [];
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
  const mayTrim = (c: string) => mayNeedTrim(c, run.base.unicodeBlank);
  const counted0 = await one(`SELECT count(*) AS n${trimmable.map((c, i) => `, count(*) FILTER (WHERE ${mayTrim(c)}) AS t${i}`).join('')} FROM raw`);
  const good = Number(counted0.n);
  for (const [i, c] of trimmable.entries()) {
    // In place: an UPDATE keeps each row's rowid, the record number.
    if (Number(counted0[`t${i}`])) await q(`UPDATE raw SET ${c} = ${blankToNull(c)} WHERE ${mayTrim(c)}`);
  }
  return { names, col: access.col, has: access.has, fields, repeated, structural, good };
}

/**
 * The raw table's columns: the header's names as DuckDB will see them, the CSV columns the adapter reads (kept, some
 * trimmed once in raw) and the field expressions that read them; the names the header repeats that the adapter reads.
 */
function rawColumns(sniffed: Sniffed, adapter: Adapter) {
  // Column names as DuckDB will see them: the header, de-duplicated (a repeated name gets _2, _3…, never a name the
  // header has elsewhere).
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
  // are trimmed, in place (readRaw): almost none, in the exports seen.
  const pretrimmed = new Set(sniffed.kind === 'csv'
    ? [...used].filter((c) => fieldSql.split(c).length === fieldSql.split(blankToNull(c)).length) : []);
  const fields = <T extends object>(f: T): T => Object.fromEntries(Object.entries(f).map(([k, v]) =>
    [k, typeof v === 'string' ? [...pretrimmed].reduce((sql, c) => sql.replaceAll(blankToNull(c), c), v) : v])) as T;
  const projection = sniffed.kind === 'csv' && used.size
    ? [...used].map((c) => (pretrimmed.has(c) ? `nullif(${c}, '') AS ${c}` : c)).join(', ') : '*';
  return { names, struct, access, repeated, pretrimmed, fields, projection };
}

/**
 * Step 2, line numbers: the 1-based record number for JSON; for CSV the physical line where the record starts. A
 * broken record spanning lines is then reported line by line, so that no line of the file goes unreported and read
 * counts each.
 */
export async function numberLines(run: ImportRun, raw: RawRows): Promise<LineNumbers> {
  const { conn, sniffed, base, readPath, q } = run;
  const { structural, good } = raw;
  let lineSql: string;
  let lineJoin = '';
  if (sniffed.kind === 'json') {
    lineSql = 'r.rec + 1';
  } else if (base.newlines + (base.endsWithNewline ? 0 : 1) - 1 === good + structural.length) {
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
  return { lineSql, lineJoin, read: good + structural.length };
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

/**
 * True where DuckDB's `trim` could change the value (it strips Unicode space separators, category Zs, at both ends):
 * a space at either end, or, when the file may hold other space separators (`unicodeBlank`: no-break spaces…), a
 * non-ASCII first or last character. Cheaper than trimming every value, which copies each one.
 */
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
