/**
 * `vigie export parquet|vigie-tickets`: what is written matches the store (rows, ids, times), months are the city's,
 * the CSV is exact RFC 4180 with NULL as empty, the filters (--source, --from/--to, --as-of) select what the store's
 * views select, usage errors exit 2 and write nothing, and the vigie-tickets file reads back into the same tickets.
 * Every test imports its own small store in a temporary working folder (store at ./data/vigie.duckdb).
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { FIXTURES, tempDir, vigie, type CliRun } from '../_helpers/cli.ts';
import { fx, PINNED, queryStore } from '../fixtures/nasty/helpers.ts';
import { csv, information, request } from '../fixtures/nasty/montreal.ts';
import { csvField } from '../../src/store/export.ts';

const HEADER = 'id,created_at,closed_at,status,due_at,borough,category,theme,channel,latitude,longitude,address';
const FIELDS = HEADER.split(',');
const MONTREAL = 'montreal-requetes311';
const RATS = join(FIXTURES, 'real', 'rats_data-excerpt.json');
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Runs vigie in `dir` with the pinned clock. */
function run(dir: string, ...args: string[]): Promise<CliRun> {
  return vigie(dir, args, PINNED);
}

async function imported(t: ExecutionContext, dir: string, ...args: string[]): Promise<void> {
  const r = await run(dir, 'import', '--json', ...args);
  t.is(r.code, 0, `import ${args.join(' ')}: ${r.stderr}`);
}

/** Snapshot A (1 September 2018) then snapshot B (1 October 2018): 13 current tickets, 9 of them in August. */
async function storeAB(t: ExecutionContext, dir: string): Promise<void> {
  await imported(t, dir, '--snapshot-time', '2018-09-01T00:00:00Z', fx('snapshot-a.csv'));
  await imported(t, dir, '--snapshot-time', '2018-10-01T00:00:00Z', fx('snapshot-b.csv'));
}

/**
 * Values that CSV writers get wrong: an id with a comma and quotes, a category with a comma, quotes and a line break, a
 * category that looks like a spreadsheet formula, a creation on 31 August at 22:30 in Montréal (1 September in UTC: the
 * month is August), and an information row (no borough: NULL).
 */
function writeTricky(dir: string): string {
  const file = join(dir, 'tricky.csv');
  writeFileSync(file, csv([
    request({ id: '18-1,"x"', acti: 'Nid-de-poule', borough: 'Ville-Marie', created: '2018-08-31T22:30:00', status: 'Terminée',
      statusTime: '2018-09-02T09:15:00' }),
    request({ id: '18-2', acti: 'Graffiti, "tag"\nsur deux lignes', borough: 'Montréal-Nord', created: '2018-09-03T08:14:22',
      status: 'Acceptée' }),
    request({ id: '18-3', acti: '=HYPERLINK("http://example.org")', borough: 'Le Plateau-Mont-Royal',
      created: '2018-09-04T10:00:00', status: 'Annulée', statusTime: '2018-09-05T11:00:00' }),
    information({ acti: 'Écocentre', created: '2018-09-05T10:00:00' }),
  ]));
  return file;
}

/** Rows of `sql` over Parquet files, in a DuckDB of its own with the session in UTC; every value as JSON. */
async function queryParquet(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const PQ_COLS = 'id, source, created_at, closed_at, status, status_raw, due_at, borough, borough_raw, category, theme, channel, nature, valid_from, drop_id';

function readBack(dir: string, cols = PQ_COLS): Promise<Record<string, unknown>[]> {
  const glob = join(dir, '**', '*.parquet').replaceAll("'", "''");
  return queryParquet(`SELECT ${cols} FROM read_parquet('${glob}', hive_partitioning = true) ORDER BY source, id`);
}

/** The `source=…/month=…` folders under `dir`. */
function partitions(dir: string): string[] {
  return readdirSync(dir).flatMap((s) => readdirSync(join(dir, s)).map((mo) => `${s}/${mo}`)).sort();
}

/** A vigie-tickets file as records (header checked apart). */
function records(text: string): Record<string, string>[] {
  return parse(text, { columns: true, relax_column_count: false }) as Record<string, string>[];
}

/** The store's tickets as the vigie-tickets fields would carry them (times ISO UTC, NULL as ''). */
async function storeTickets(dir: string, view = 'tickets', where = 'true'): Promise<Record<string, string>[]> {
  const iso = (c: string) => `coalesce(strftime(timezone('UTC', ${c}), '%Y-%m-%dT%H:%M:%SZ'), '') AS ${c}`;
  const text = (c: string) => `coalesce(CAST(${c} AS VARCHAR), '') AS ${c}`;
  const cols = FIELDS.map((c) => (['created_at', 'closed_at', 'due_at'].includes(c) ? iso(c) : text(c))).join(', ');
  return (await queryStore(dir, `SELECT ${cols} FROM ${view} WHERE ${where} ORDER BY source, created_at, id`)) as Record<string, string>[];
}

test('parquet: the real excerpt reads back from source=…/month=YYYY-MM folders, every row and column as in the store', async (t) => {
  const dir = tempDir(t);
  await imported(t, dir, RATS);
  const r = await run(dir, 'export', 'parquet', '--out', 'exports/pq', '--json');
  t.is(r.code, 0, r.stderr);
  const out = join(dir, 'exports', 'pq');
  const j = r.json();
  t.is(j.format, 'parquet');
  t.is(j.out, out);
  const stored = await queryStore(dir, `SELECT ${PQ_COLS} FROM tickets ORDER BY source, id`);
  t.is(stored.length, 315);
  t.is(j.rows, 315);
  const back = await readBack(out);
  t.is(back.length, 315);
  t.deepEqual(back, stored);
  // one folder per (source, creation month in Montréal), each file listed in the JSON
  const months = (await queryStore(dir,
    `SELECT DISTINCT strftime(timezone('America/Toronto', created_at), '%Y-%m') AS m FROM tickets ORDER BY m`)).map((x) => x.m);
  t.true(months.length > 1);
  t.deepEqual(partitions(out), months.map((m) => `source=${MONTREAL}/month=${m}`));
  t.deepEqual(j.files, months.map((m) => `source=${MONTREAL}/month=${m}/data_0.parquet`));
  for (const f of j.files as string[]) t.true(statSync(join(out, f)).isFile(), f);
  // the hive columns come back as text; the month of each row is its folder's
  const typed = await queryParquet(`SELECT DISTINCT typeof(month) AS tm, typeof(source) AS ts, typeof(created_at) AS tc
    FROM read_parquet('${join(out, '**', '*.parquet')}', hive_partitioning = true)`);
  t.deepEqual(typed, [{ tm: 'VARCHAR', ts: 'VARCHAR', tc: 'TIMESTAMP WITH TIME ZONE' }]);
});

test('parquet: the month is the creation month in Montréal (22:30 on 31 August is 1 September in UTC), table output lists the files', async (t) => {
  const dir = tempDir(t);
  await imported(t, dir, '--snapshot-time', '2018-09-10T00:00:00Z', writeTricky(dir));
  const r = await run(dir, 'export', 'parquet', '--out', 'pq');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /wrote 4 rows in 2 Parquet files under /);
  t.regex(r.stdout, /source=montreal-requetes311\/month=2018-08\/data_0\.parquet\s+1\n/);
  t.regex(r.stdout, /source=montreal-requetes311\/month=2018-09\/data_0\.parquet\s+3\n/);
  // (as text in UTC: the node API prints a TIMESTAMPTZ with the process's offset, whatever the session's TimeZone)
  const back = await readBack(join(dir, 'pq'), `id, CAST(timezone('UTC', created_at) AS VARCHAR) AS created_utc, month`);
  t.deepEqual(back.find((x) => x.id === '18-1,"x"'), { id: '18-1,"x"', created_utc: '2018-09-01 02:30:00', month: '2018-08' });
});

test('parquet: an empty selection writes no file and says so; a second export into the folder warns about files it did not write', async (t) => {
  const dir = tempDir(t);
  await storeAB(t, dir);
  const none = await run(dir, 'export', 'parquet', '--out', 'pq', '--from', '2019-01', '--json');
  t.is(none.code, 0, none.stderr);
  t.like(none.json(), { rows: 0, files: [], from: '2019-01', to: null });
  t.true(existsSync(join(dir, 'pq')));
  const all = await run(dir, 'export', 'parquet', '--out', 'pq', '--json');
  t.is(all.code, 0);
  t.is(all.stderr, '');
  const sept = await run(dir, 'export', 'parquet', '--out', 'pq', '--from', '2018-09', '--json');
  t.is(sept.code, 0);
  t.like(sept.json(), { rows: 4, files: [`source=${MONTREAL}/month=2018-09/data_0.parquet`] });
  t.regex(sept.stderr, /also holds 1 other Parquet file/);
});

test('vigie-tickets: exact header, one line per ticket in order, RFC 4180 quoting, NULL empty, UTC times with Z, no BOM, LF', async (t) => {
  const dir = tempDir(t);
  await imported(t, dir, '--snapshot-time', '2018-09-10T00:00:00Z', writeTricky(dir));
  const r = await run(dir, 'export', 'vigie-tickets', '--out', 'out/sub/tickets.csv', '--json');
  t.is(r.code, 0, r.stderr);
  const file = join(dir, 'out', 'sub', 'tickets.csv');
  t.like(r.json(), { format: 'vigie-tickets', out: file, rows: 4, source: null });
  const bytes = readFileSync(file);
  t.not(bytes[0], 0xef, 'no BOM');
  const text = bytes.toString('utf8');
  t.false(text.includes('\r'), 'LF line ends only');
  t.true(text.endsWith('\n'));
  t.is(text.split('\n')[0], HEADER);
  t.deepEqual(records(text), await storeTickets(dir));
  // the exact bytes of the awkward values
  t.true(text.includes('\n"18-1,""x""",2018-09-01T02:30:00Z,2018-09-02T13:15:00Z,closed,,Ville-Marie,Nid-de-poule,'), text);
  t.true(text.includes(',"Graffiti, ""tag""\nsur deux lignes",'), text);
  t.true(text.includes(',"=HYPERLINK(""http://example.org"")",'), 'quoted for its quotes only, never neutralised');
  // an information row: no close, no borough, no place
  const info = text.split('\n').find((l) => l.startsWith('h:'))!;
  t.regex(info, /^h:[^,]+,2018-09-05T14:00:00Z,,unknown,,,Écocentre,[a-z_]+,phone,,,$/);
  t.false(/(^|,)""(,|$)/m.test(text), 'NULL is empty, never ""');
  for (const rec of records(text)) {
    t.regex(rec.created_at!, ISO_Z);
    if (rec.closed_at) t.regex(rec.closed_at, ISO_Z);
  }
});

test('vigie-tickets: table output names the file and the rows', async (t) => {
  const dir = tempDir(t);
  await storeAB(t, dir);
  const r = await run(dir, 'export', 'vigie-tickets', '--out', 't.csv');
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, `wrote 13 rows as vigie-tickets to ${join(dir, 't.csv')}\n`);
  t.is(readFileSync(join(dir, 't.csv'), 'utf8').split('\n').length, 1 + 13 + 1);
});

test('csvField: quoted only for a comma, a quote, CR or LF (inner quotes doubled); NULL empty; formulas as they are', (t) => {
  t.is(csvField(null), '');
  t.is(csvField(''), '');
  t.is(csvField('plain text é'), 'plain text é');
  t.is(csvField('a,b'), '"a,b"');
  t.is(csvField('say "hi"'), '"say ""hi"""');
  t.is(csvField('a\rb'), '"a\rb"');
  t.is(csvField('a\nb'), '"a\nb"');
  t.is(csvField('=1+1'), '=1+1');
  t.is(csvField(' lead'), ' lead');
});

test('--from/--to keep the creation months in Montréal (both included), --as-of replays: counts as in the store', async (t) => {
  const dir = tempDir(t);
  await storeAB(t, dir);
  const aug = await run(dir, 'export', 'vigie-tickets', '--out', 'aug.csv', '--from', '2018-08', '--to', '2018-08', '--json');
  t.is(aug.code, 0, aug.stderr);
  const augRows = records(readFileSync(join(dir, 'aug.csv'), 'utf8'));
  const augStore = await storeTickets(dir, 'tickets',
    `created_at >= '2018-08-01T04:00:00Z'::TIMESTAMPTZ AND created_at < '2018-09-01T04:00:00Z'::TIMESTAMPTZ`);
  t.is(augStore.length, 9);
  t.is(aug.json().rows, 9);
  t.deepEqual(augRows, augStore);
  const sep = await run(dir, 'export', 'parquet', '--out', 'sep', '--from', '2018-09', '--to', '2018-09', '--json');
  t.is(sep.json().rows, 4);
  t.deepEqual(partitions(join(dir, 'sep')), [`source=${MONTREAL}/month=2018-09`]);
  const both = await run(dir, 'export', 'parquet', '--out', 'both', '--from', '2018-08', '--to', '2018-09', '--json');
  t.is(both.json().rows, 13);
  const onlyTo = await run(dir, 'export', 'vigie-tickets', '--out', 'to.csv', '--to', '2018-08', '--json');
  t.is(onlyTo.json().rows, 9);

  // as of 15 September: snapshot A only, 18-1002 still open
  const asOf = await run(dir, 'export', 'vigie-tickets', '--out', 'asof.csv', '--as-of', '2018-09-15', '--json');
  t.is(asOf.code, 0, asOf.stderr);
  t.is(asOf.json().as_of, '2018-09-15T23:59:59-04:00');
  const asOfRows = records(readFileSync(join(dir, 'asof.csv'), 'utf8'));
  t.deepEqual(asOfRows, await storeTickets(dir, `tickets_as_of('2018-09-16T03:59:59.999Z'::TIMESTAMPTZ)`));
  t.is(asOfRows.length, 9);
  t.like(asOfRows.find((x) => x.id === '18-1002'), { status: 'open', closed_at: '' });
  t.like((await storeTickets(dir)).find((x) => x.id === '18-1002'), { status: 'closed', closed_at: '2018-09-12T18:05:00Z' });
  const pqAsOf = await run(dir, 'export', 'parquet', '--out', 'pq-asof', '--as-of', '2018-09-15', '--json');
  t.is(pqAsOf.json().rows, 9);
  t.deepEqual((await readBack(join(dir, 'pq-asof'), 'id, status')).find((x) => x.id === '18-1002'), { id: '18-1002', status: 'open' });
  const before = await run(dir, 'export', 'vigie-tickets', '--out', 'before.csv', '--as-of', '2018-08-31T19:59:59-04:00', '--json');
  t.is(before.json().rows, 0);
  t.is(readFileSync(join(dir, 'before.csv'), 'utf8'), HEADER + '\n');
});

test('--source: vigie-tickets needs it when the store holds several sources (exit 2 naming them); parquet writes each source', async (t) => {
  const dir = tempDir(t);
  await imported(t, dir, '--snapshot-time', '2018-09-01T00:00:00Z', fx('snapshot-a.csv'));
  await imported(t, dir, '--snapshot-time', '2018-10-01T00:00:00Z', '--source', 'laval-311', fx('bom.csv'));
  const need = await run(dir, 'export', 'vigie-tickets', '--out', 't.csv');
  t.is(need.code, 2);
  t.is(need.stdout, '');
  t.regex(need.stderr, /2 sources \(laval-311, montreal-requetes311\).*--source/);
  t.false(existsSync(join(dir, 't.csv')));
  const one = await run(dir, 'export', 'vigie-tickets', '--out', 't.csv', '--source', 'laval-311', '--json');
  t.is(one.code, 0, one.stderr);
  t.like(one.json(), { rows: 3, source: 'laval-311' });
  t.deepEqual(records(readFileSync(join(dir, 't.csv'), 'utf8')), await storeTickets(dir, 'tickets', `source = 'laval-311'`));
  const pq = await run(dir, 'export', 'parquet', '--out', 'pq', '--json');
  t.is(pq.json().rows, 12);
  t.deepEqual(partitions(join(dir, 'pq')), ['source=laval-311/month=2018-09', `source=${MONTREAL}/month=2018-08`]);
  const pqOne = await run(dir, 'export', 'parquet', '--out', 'pq1', '--source', MONTREAL, '--json');
  t.is(pqOne.json().rows, 9);
  const unknown = await run(dir, 'export', 'parquet', '--out', 'pq2', '--source', 'montreal');
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /unknown source: montreal \(sources in the store: laval-311, montreal-requetes311\)/);
  t.false(existsSync(join(dir, 'pq2')));
});

test('usage errors exit 2 and write nothing: bad month, --from after --to, unknown format, bad --as-of, no --out', async (t) => {
  const dir = tempDir(t);
  await storeAB(t, dir);
  const cases: [string[], RegExp][] = [
    [['parquet', '--from', '2018-13'], /invalid --from: 2018-13 \(expected a month such as 2018-09\)/],
    [['vigie-tickets', '--to', '2018-9'], /invalid --to: 2018-9/],
    [['parquet', '--from', '2018-00'], /invalid --from: 2018-00/],
    [['parquet', '--from', '2018-10', '--to', '2018-09'], /--from 2018-10 is after --to 2018-09/],
    [['csv'], /unknown export format: csv \(known: parquet, vigie-tickets, vigie-calls, vigie-call-intervals\)/],
    [['montreal-requetes311'], /unknown export format: montreal-requetes311/],
    [['parquet', '--as-of', 'hier'], /invalid --as-of: hier/],
    [['parquet', '--output', 'csv'], /invalid --output: csv/],
  ];
  for (const [args, re] of cases) {
    const r = await run(dir, 'export', ...args, '--out', 'never/x');
    t.is(r.code, 2, args.join(' '));
    t.is(r.stdout, '');
    t.regex(r.stderr, re);
  }
  const noOut = await run(dir, 'export', 'parquet');
  t.is(noOut.code, 2);
  t.regex(noOut.stderr, /--out/);
  t.false(existsSync(join(dir, 'never')));
});

test('usage errors in French: the messages come from the catalogue', async (t) => {
  const dir = tempDir(t);
  const r = await run(dir, '--lang', 'fr', 'export', 'csv', '--out', 'x');
  t.is(r.code, 2);
  t.regex(r.stderr, /format d'export inconnu|inconnu/);
  const m = await run(dir, '--lang', 'fr', 'export', 'parquet', '--out', 'x', '--from', '2018-13');
  t.regex(m.stderr, /--from invalide : 2018-13/);
});

test('a missing store: exit 2 naming it, no store and no output created', async (t) => {
  const dir = tempDir(t);
  const r = await run(dir, 'export', 'vigie-tickets', '--out', 'out/t.csv');
  t.is(r.code, 2);
  t.regex(r.stderr, /no store at .*vigie\.duckdb/);
  t.false(existsSync(join(dir, 'data')));
  t.false(existsSync(join(dir, 'out')));
  const other = await run(dir, 'export', 'parquet', '--out', 'pq', '--store', 'elsewhere.duckdb');
  t.is(other.code, 2);
  t.regex(other.stderr, /no store at .*elsewhere\.duckdb/);
});

test('an output that cannot be written: exit 1 naming it, no partial file', async (t) => {
  const dir = tempDir(t);
  await storeAB(t, dir);
  writeFileSync(join(dir, 'a-file'), 'x');
  const csvUnder = await run(dir, 'export', 'vigie-tickets', '--out', 'a-file/t.csv');
  t.is(csvUnder.code, 1);
  t.regex(csvUnder.stderr, /cannot write .*a-file.t\.csv/);
  const pqOnFile = await run(dir, 'export', 'parquet', '--out', 'a-file');
  t.is(pqOnFile.code, 1);
  t.regex(pqOnFile.stderr, /cannot write .*a-file/);
  const csvOnDir = await run(dir, 'export', 'vigie-tickets', '--out', 'data');
  t.is(csvOnDir.code, 1);
  t.regex(csvOnDir.stderr, /cannot write /);
  t.deepEqual(readdirSync(dir).sort(), ['a-file', 'data']);
  t.deepEqual(readdirSync(join(dir, 'data')), ['vigie.duckdb']);
});

test('export --help: options and examples', async (t) => {
  const dir = tempDir(t);
  const r = await run(dir, 'export', '--help');
  t.is(r.code, 0);
  for (const s of ['--out', '--source', '--from', '--to', '--as-of', '--store', '--json', 'Examples:', 'vigie export parquet --out']) {
    t.true(r.stdout.includes(s), s);
  }
});

// The identity promise (README.md, Formats): parse → write → parse. The exported file imported with --format vigie-tickets into
// a second store gives the same tickets (on the file's fields), and exporting that store writes the same bytes.
test('round trip: export vigie-tickets, import it with --format vigie-tickets into a second store: same tickets, same bytes', async (t) => {
  const dir = tempDir(t);
  await storeAB(t, dir);
  await imported(t, dir, '--snapshot-time', '2018-10-02T00:00:00Z', writeTricky(dir));
  const first = await run(dir, 'export', 'vigie-tickets', '--out', 'first.csv');
  t.is(first.code, 0, first.stderr);
  const second = tempDir(t);
  const imp = await run(second, 'import', '--json', '--format', 'vigie-tickets', join(dir, 'first.csv'));
  t.is(imp.code, 0, imp.stderr);
  t.like(imp.json(), { counts: { read: 17, inserted: 17, rejected: 0 } });
  t.deepEqual(await storeTickets(second), await storeTickets(dir));
  const again = await run(second, 'export', 'vigie-tickets', '--out', 'second.csv');
  t.is(again.code, 0, again.stderr);
  t.is(readFileSync(join(second, 'second.csv'), 'utf8'), readFileSync(join(dir, 'first.csv'), 'utf8'));
});

test('vigie-calls and vigie-call-intervals exports: parse -> write -> parse is the identity', async (t) => {
  for (const [format, fixture, view, cols] of [
    ['vigie-calls', join(FIXTURES, 'calls', 'calls-nasty.csv'), 'calls',
      "id, epoch_ms(queued_at), outcome, wait_seconds, talk_seconds, queue, theme, borough, agent_site, transferred"],
    ['vigie-call-intervals', join(FIXTURES, 'calls', 'intervals.csv'), 'call_intervals',
      'id, epoch_ms(interval_start), interval_minutes, queue, theme, borough, offered, answered, abandoned, answered_within, threshold_seconds, wait_seconds_answered_total, talk_seconds_total, abandoned_short'],
  ] as const) {
    const a = tempDir(t);
    t.is((await run(a, 'import', fixture)).code, 0);
    const out = join(a, `out-${format}.csv`);
    const e = await run(a, 'export', format, '--out', out, '--json');
    t.is(e.code, 0, e.stderr);
    const b = tempDir(t);
    const back = await run(b, 'import', '--json', '--format', format, out);
    t.is(back.code, 0, back.stderr);
    t.is(JSON.parse(back.stdout).counts.rejected, 0);
    const q = (dir: string) => queryStore(dir, `SELECT ${cols} FROM ${view} ORDER BY 1`);
    t.deepEqual(await q(b), await q(a), format);
    // and the second export is byte-identical to the first
    const again = join(b, 'again.csv');
    t.is((await run(b, 'export', format, '--out', again)).code, 0);
    t.is(readFileSync(again, 'utf8'), readFileSync(out, 'utf8'));
  }
});
