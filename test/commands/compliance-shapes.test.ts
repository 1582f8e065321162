/**
 * The wide outputs of `vigie compliance` (src/render/wide.ts) against its long JSON on the same store: `--output
 * ndjson`, `--output json --shape wide`, `--output csv --shape wide` and `--output parquet --out FILE` must carry every
 * group's every value, numerator, denominator, target, verdict, interval and note that the long JSON carries, and
 * nothing else. The store is a small demo (calls and tickets, both kinds of metric).
 */
import test from 'ava';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempDir, vigie } from '../_helpers/cli.ts';

type Row = Record<string, string | number | boolean | null>;
interface LongMetric { value: number | null; numerator: number | null; denominator: number | null; target: number | null;
  verdict: string; ci95: [number, number] | null; note: string | null; variant: string | null }
interface LongGroup { [k: string]: unknown; final: boolean; metrics: Record<string, LongMetric> }

const KEYS = ['borough', 'theme', 'queue', 'month', 'week', 'day'];
const ARGS = ['compliance', '--store', join('vigie-demo', 'vigie.duckdb'), '--from', '2018-08', '--to', '2018-09', '--by', 'borough,month'];

/** What a long group says, written as the wide row must say it (null fields left out). */
function expectedRow(g: LongGroup): Row {
  const row: Row = {};
  for (const k of KEYS) if (g[k] !== null) row[k] = g[k] as string;
  row.final = g.final;
  for (const [id, r] of Object.entries(g.metrics)) {
    const parts: [string, unknown][] = [[id, r.value], [`${id}.numerator`, r.numerator], [`${id}.denominator`, r.denominator],
      [`${id}.target`, r.target], [`${id}.verdict`, r.target === null && r.verdict === 'no_target' ? null : r.verdict],
      [`${id}.low`, r.ci95?.[0] ?? null], [`${id}.high`, r.ci95?.[1] ?? null], [`${id}.note`, r.note]];
    for (const [name, v] of parts) if (v !== null) row[name] = v as string | number;
  }
  return row;
}

let dir = '';
let long: { groups: LongGroup[] };
test.before(async () => {
  // one store for every test of the file, removed after the last (a before hook's teardown would run at its end)
  dir = tempDir({ teardown: () => {} });
  const demo = await vigie(dir, ['demo', '--scale', '0.02', '--seed', '5']);
  if (demo.code !== 0) throw new Error(demo.stderr);
  long = (await vigie(dir, [...ARGS, '--json'])).json();
});

test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('ndjson: one line per group, city-wide first, each the long JSON group with its metrics as fields', async (t) => {
  const r = await vigie(dir, [...ARGS, '--output', 'ndjson']);
  t.is(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Row);
  t.true(long.groups.length > 10);
  t.is(lines.length, long.groups.length);
  t.deepEqual(lines, long.groups.map(expectedRow));
  t.truthy(lines[0]!['calls.service_level'] !== undefined && lines[0]!['tickets.on_time_rate'] !== undefined);
  t.is(lines[0]!.borough, undefined, 'the city-wide row has no keys');
});

test('json --shape wide: the header of the long JSON, typed columns, and one array per group in their order', async (t) => {
  const r = await vigie(dir, [...ARGS, '--output', 'json', '--shape', 'wide']);
  t.is(r.code, 0);
  const j = JSON.parse(r.stdout) as { shape: string; columns: { name: string; type: string }[]; rows: unknown[][];
    metrics: Record<string, { variant: string | null }>; as_of: string; groups?: unknown };
  t.is(j.shape, 'wide');
  t.is(j.groups, undefined);
  t.is(j.as_of, (long as unknown as { as_of: string }).as_of);
  t.is(j.metrics['calls.service_level']!.variant, long.groups[0]!.metrics['calls.service_level']!.variant);
  const names = j.columns.map((c) => c.name);
  t.deepEqual(names.slice(0, 3), ['borough', 'month', 'final']);
  const asObjects = j.rows.map((row) => Object.fromEntries(row.map((v, i) => [names[i]!, v]).filter(([, v]) => v !== null)));
  t.deepEqual(asObjects, long.groups.map(expectedRow));
  t.true(r.stdout.length < JSON.stringify(long).length / 2, 'the wide JSON is less than half the long one');
});

test('csv --shape wide: the same columns as a header line, one line per group', async (t) => {
  const json = JSON.parse((await vigie(dir, [...ARGS, '--output', 'json', '--shape', 'wide'])).stdout) as { columns: { name: string }[] };
  const r = await vigie(dir, [...ARGS, '--output', 'csv', '--shape', 'wide']);
  t.is(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  t.is(lines[0], json.columns.map((c) => c.name).join(','));
  t.is(lines.length, long.groups.length + 1);
  const city = expectedRow(long.groups[0]!);
  const header = lines[0]!.split(',');
  const first = lines[1]!.split(',');
  t.is(first[header.indexOf('calls.service_level.numerator')], String(city['calls.service_level.numerator']));
});

test('parquet: the same rows, read back by the engine', async (t) => {
  const file = join(dir, 'groups.parquet');
  const r = await vigie(dir, [...ARGS, '--output', 'parquet', '--out', 'groups.parquet']);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, '');
  t.regex(r.stderr, new RegExp(`${long.groups.length} groups written`));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const read = (await (await conn.runAndReadAll(`SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`)).getRowObjectsJS()) as Row[];
  conn.closeSync();
  db.closeSync();
  const dropNulls = (o: Row) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  t.deepEqual(read.map(dropNulls), long.groups.map(expectedRow));
});

test('usage: --shape only with json or csv, parquet only to a file, --out only with parquet', async (t) => {
  for (const [args, re] of [
    [['--shape', 'wide'], /--shape wide applies to --output json and csv/],
    [['--output', 'ndjson', '--shape', 'long'], /--shape long applies/],
    [['--output', 'parquet'], /--output parquet writes a file/],
    [['--json', '--out', 'x.parquet'], /--out names the file of --output parquet/],
    [['--json', '--shape', 'tall'], /--shape/],
  ] as [string[], RegExp][]) {
    const r = await vigie(dir, [...ARGS, ...args]);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, re, args.join(' '));
  }
});
