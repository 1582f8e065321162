/**
 * Robustness under bad input: every file of test/fixtures/bad (and the inputs make.ts generates at test time) goes
 * through `vigie validate --store` and then `vigie import`, in-process, against a copy of a store that already holds
 * good data (a Montréal snapshot and a calls log). For each, from the declarative table of expectations.ts:
 * - the exit code: 0 (committed, with findings) or 2 (unusable, nothing committed), and validate's;
 * - the finding or error names the file and, where a row or field is at fault, its line, column and value;
 * - no stack trace and no internal error text in stdout or stderr;
 * - it finishes (a timeout per input);
 * - a failed import leaves the store's content as it was (a digest of every table, read through a read-only
 *   connection); a committed one only adds its drop — the rows of earlier drops are unchanged — and accounts for every
 *   row read: read = inserted + updated + unchanged + stale + rejected + duplicate_in_file, the versions and rejects it
 *   wrote matching its counts.
 */
import test, { type ExecutionContext } from 'ava';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { vigie, type CliRun } from '../_helpers/cli.ts';
import { accounted, fx as nasty, PINNED, storeOf } from '../fixtures/nasty/helpers.ts';
import { BAD, GENERATED } from '../fixtures/bad/make.ts';
import { EXPECTATIONS, type Expectation, type ExpectedFinding } from '../fixtures/bad/expectations.ts';
import { DERIVED_TABLES } from '../../src/store/call-cube.ts';

const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
test.after.always('remove the working folders', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function newDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vigie-bad-'));
  dirs.push(d);
  return d;
}

/** Rows of `sql` on a store, through a read-only connection in UTC; values as JSON. */
async function query<T>(store: string, fn: (q: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(store, { access_mode: 'READ_ONLY', threads: '1' });
  const conn = await instance.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    return await fn(async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * A digest of every table of the store (all rows, ordered), leaving out the rows of drop `skip` in tables that have a
 * drop_id: the store's content "in meaning", whatever the bytes of the file.
 */
async function digest(q: (sql: string) => Promise<Record<string, unknown>[]>, skip = -1): Promise<Record<string, string>> {
  const tables = await q(`SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY t`);
  const out: Record<string, string> = {};
  // Summaries of the calls (rebuilt by each calls import) are checked against the calls instead, below.
  for (const { t } of tables.filter((x) => !DERIVED_TABLES.includes(String(x.t)))) {
    const name = `"${String(t).replaceAll('"', '""')}"`;
    const cols = await q(`SELECT column_name AS c FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = '${String(t)}'`);
    const where = cols.some((c) => c.c === 'drop_id') ? ` WHERE drop_id <> ${skip}` : '';
    out[String(t)] = createHash('sha256').update(JSON.stringify(await q(`SELECT * FROM ${name}${where} ORDER BY ALL`))).digest('hex');
  }
  return out;
}

/**
 * Two inputs at a time (the machine's two cores): each run's timeout then measures its own work, not its wait for the
 * others.
 */
const SLOTS = 2;
let free = SLOTS;
const waiting: (() => void)[] = [];
async function inSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (free > 0) free--;
  else await new Promise<void>((r) => waiting.push(r));
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else free++;
  }
}

/** The store with good data, built once: its folder and the digest of its content. */
const base = (async () => {
  const dir = newDir();
  for (const file of [nasty('snapshot-a.csv'), join(BAD, 'good-calls.csv')]) {
    const r = await vigie(dir, ['import', '--json', file], PINNED);
    if (r.code !== 0) throw new Error(`the good data did not import: ${r.stdout}${r.stderr}`);
  }
  return { store: storeOf(dir), digest: await query(storeOf(dir), (q) => digest(q)), ...await seen(dir) };
})();

/** What `status` and `compliance` print of a store (JSON), its own path aside. */
async function seen(dir: string): Promise<{ status: unknown; compliance: unknown }> {
  const status = await vigie(dir, ['status', '--json'], PINNED);
  const compliance = await vigie(dir, ['compliance', '--json', '--period', '2018-09'], PINNED);
  const s = status.json() as Record<string, unknown>;
  delete s.store;
  return { status: s, compliance: compliance.json() };
}

/** A working folder whose store is a copy of the good one. */
async function workDir(): Promise<string> {
  const dir = newDir();
  mkdirSync(join(dir, 'data'));
  copyFileSync((await base).store, storeOf(dir));
  return dir;
}

/** No stack frame, no JavaScript or DuckDB error class, no "internal error" in what a run printed. */
function noInternals(t: ExecutionContext, r: CliRun, what: string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  t.notRegex(all, /^\s+at /m, `${what}: a stack frame`);
  t.notRegex(all, /\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/, `${what}: a JavaScript error`);
  t.notRegex(all, /Error:/, `${what}: an error class in the text`);
  t.notRegex(all, /internal error/i, `${what}: an internal error`);
}

interface ActualFinding { severity: string; code: string; file: string; line: number | null; column: string | null; value: string | null;
  count: number; message: string; samples: { line: number | null; value: string | null }[] }

/** The findings are exactly the expected ones (by code and column), each with its line, value, count and samples. */
function sameFindings(t: ExecutionContext, actual: ActualFinding[], expected: ExpectedFinding[], file: string, what: string): void {
  const key = (f: { code: string; column: string | null; line: number | null }) => `${f.code}@${f.column ?? '-'}:${f.line ?? '-'}`;
  t.deepEqual(actual.map(key).sort(), expected.map(key).sort(), `${what}: the findings`);
  for (const x of expected) {
    const f = actual.find((a) => key(a) === key(x));
    if (!f) continue;
    t.is(f.severity, x.severity, `${what}: ${key(x)} severity`);
    t.is(f.count, x.count, `${what}: ${key(x)} count`);
    t.is(f.file, file, `${what}: ${key(x)} names the file`);
    t.truthy(f.message, `${what}: ${key(x)} has a message`);
    if (x.value !== undefined) t.is(f.value, x.value, `${what}: ${key(x)} value`);
    if (x.valueStarts !== undefined) t.true(f.value?.startsWith(x.valueStarts), `${what}: ${key(x)} value ${f.value}`);
    if (x.lines) t.deepEqual(f.samples.map((s) => s.line), x.lines, `${what}: ${key(x)} sample lines`);
    t.is(f.samples[0]?.line ?? null, x.line, `${what}: ${key(x)} first sample`);
  }
}

function outcome(e: Expectation): string {
  if (e.exit === 2) return `exit 2, ${e.error!.code}`;
  const codes = [...new Set((e.findings ?? []).map((f) => f.code))];
  return `exit 0, read ${e.counts?.read ?? 0}${codes.length ? `, ${codes.join(', ')}` : ', no findings'}`;
}

for (const e of EXPECTATIONS) {
  const run = e.notAsRoot && isRoot ? test.skip : test;
  run(`${e.file} (${e.problem}): ${outcome(e)}`, (t) => inSlot(async () => {
    t.timeout(90_000, 'an input must not hang');
    const dir = await workDir();
    const make = GENERATED[e.file];
    const path = make ? make(dir) : join(BAD, e.file);
    const { digest: before } = await base;

    // validate first: against the store, it must write nothing either.
    const map = e.map ? ['--map', join(BAD, e.map)] : [];
    const v = await vigie(dir, ['validate', '--json', '--store', storeOf(dir), ...map, path], PINNED);
    noInternals(t, v, 'validate');
    t.is(v.code, e.validate, `validate's exit code\n${v.stdout}${v.stderr}`);
    const report = v.json();
    t.is(report.file, path);

    const r = await vigie(dir, ['import', '--json', ...map, path], PINNED);
    noInternals(t, r, 'import');
    t.is(r.code, e.exit, `import's exit code\n${r.stdout}${r.stderr}`);
    const j = r.json();

    if (e.exit === 2) {
      const { code, says } = e.error!;
      t.is(j.file, path);
      t.is(j.error?.code, code, r.stdout);
      t.true(j.error?.message.includes(path), `the message names the file: ${j.error?.message}`);
      for (const s of says) t.true(j.error?.message.includes(s), `the message says "${s}": ${j.error?.message}`);
      t.is(r.stderr, `vigie: ${j.error?.message}\n`);
      t.is(report.findings[0]?.code, code);
      t.is(report.findings[0]?.message, j.error?.message);
      t.deepEqual(await query(storeOf(dir), (q) => digest(q)), before, 'the store is unchanged');
      if (code === 'import.columnsLost') {
        // what a reader sees is unchanged too; said to be intended, the drop commits, every row accounted for
        const { status, compliance } = await base;
        t.deepEqual(await seen(dir), { status, compliance }, 'status and compliance unchanged');
        const allowed = await vigie(dir, ['import', '--json', '--allow-missing-columns', ...map, path], PINNED);
        t.is(allowed.code, 0, allowed.stderr);
        accounted(t, allowed.json().counts);
        t.true(allowed.json().findings.some((f: ActualFinding) => f.code === 'columns_missing' && f.severity === 'warning'));
      }
      return;
    }

    t.is(r.stderr, '');
    t.true(j.committed);
    t.is(j.file, path);
    if (e.format) t.is(j.format, e.format);
    t.is(j.encoding, e.encoding ?? 'utf-8');
    t.deepEqual(j.counts, { read: 0, inserted: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0, ...e.counts });
    accounted(t, j.counts);
    sameFindings(t, j.findings, e.findings ?? [], path, 'import');
    t.is(report.rows, j.counts.read);
    sameFindings(t, report.findings.filter((f: ActualFinding) => !f.code.startsWith('drift.')), e.findings ?? [], path, 'validate');

    await query(storeOf(dir), async (q) => {
      // The import added its drop and nothing else: every earlier row as it was.
      t.deepEqual(await digest(q, j.drop_id), before, 'the rows of earlier drops are unchanged');
      const [drop] = await q(`SELECT "read", inserted, updated, unchanged, stale, rejected, duplicate_in_file FROM drops WHERE drop_id = ${j.drop_id}`);
      t.deepEqual(Object.fromEntries(Object.entries(drop ?? {}).map(([k, n]) => [k, Number(n)])), j.counts, 'the manifest holds the counts');
      const [versions] = await q(`SELECT (SELECT count(*) FROM ticket_versions WHERE drop_id = ${j.drop_id})
        + (SELECT count(*) FROM call_versions WHERE drop_id = ${j.drop_id}) + (SELECT count(*) FROM call_interval_versions WHERE drop_id = ${j.drop_id}) AS n`);
      t.is(Number(versions?.n), j.counts.inserted + j.counts.updated + j.counts.stale, 'one version per inserted, updated or stale row');
      const [cube] = await q(`SELECT (SELECT coalesce(sum(n), 0) FROM call_cube) AS cube, (SELECT count(*) FROM calls) AS calls`);
      t.is(Number(cube?.cube), Number(cube?.calls), 'the calls\' monthly cube counts every current call');
      const rejects = await q(`SELECT line, code, file FROM rejects WHERE drop_id = ${j.drop_id} ORDER BY line, code`);
      t.is(rejects.length, j.counts.rejected, 'one reject per rejected row');
      t.true(rejects.every((x) => x.file === path), 'rejects name the file');
      for (const f of (e.findings ?? []).filter((x) => x.severity === 'error')) {
        for (const line of f.lines ?? [f.line]) {
          t.true(rejects.some((x) => Number(x.line) === line), `a reject at line ${line} (${f.code})`);
        }
      }
      if (e.stored) t.deepEqual(await q(e.stored.sql), e.stored.rows, 'what the store holds');
    });
  }));
}

test('the corpus: at least 30 committed inputs, each under 100 KB, each with an expectation and a README row', (t) => {
  const own = new Set(['README.md', 'make.ts', 'expectations.ts', 'good-calls.csv', ...EXPECTATIONS.flatMap((e) => (e.map ? [e.map] : []))]);
  const committed = readdirSync(BAD).filter((f) => !own.has(f));
  t.true(committed.length >= 30, `${committed.length} inputs`);
  for (const f of committed) t.true(statSync(join(BAD, f)).size < 100 * 1024, `${f} is under 100 KB`);
  const expected = new Set(EXPECTATIONS.map((e) => e.file));
  t.deepEqual(committed.filter((f) => !expected.has(f)), [], 'every committed input has an expectation');
  t.deepEqual(EXPECTATIONS.filter((e) => !GENERATED[e.file] && !committed.includes(e.file)).map((e) => e.file), [],
    'every expectation names a committed or generated input');
  const readme = readFileSync(join(BAD, 'README.md'), 'utf8');
  for (const e of EXPECTATIONS) t.true(readme.includes(`| \`${e.file}\` |`), `README lists ${e.file}`);
});

test('formulas import as text, vigie-tickets and vigie-calls exports write them back exactly, compliance CSV neutralises them', (t) => inSlot(async () => {
  const dir = await workDir();
  for (const f of ['formulas.csv', 'calls-formulas.csv']) t.is((await vigie(dir, ['import', '--json', join(BAD, f)], PINNED)).code, 0);
  // Data interchange: parse → write → parse is the identity, so the export keeps the text as it is.
  t.is((await vigie(dir, ['export', 'vigie-calls', '--out', 'calls.csv'], PINNED)).code, 0);
  const calls = readFileSync(join(dir, 'calls.csv'), 'utf8');
  t.true(calls.includes('B-631,2018-09-04T12:01:00Z,answered,20,60,"=HYPERLINK(""http://x"",""y"")",collections'), calls);
  for (const q of ['+cmd', '@SUM(1)', '-2+3']) t.true(calls.includes(`,60,${q},collections,`), q);
  t.is((await vigie(dir, ['export', 'vigie-tickets', '--out', 'tickets.csv', '--source', 'montreal-requetes311'], PINNED)).code, 0);
  const tickets = readFileSync(join(dir, 'tickets.csv'), 'utf8');
  t.true(tickets.includes('18-5301,2018-09-03T12:00:00Z,,open,,Ville-Marie,"=HYPERLINK(""http://x"",""y"")",other,phone'), tickets);
  // A report a spreadsheet opens: the queue names start with an apostrophe.
  const c = await vigie(dir, ['compliance', '--kind', 'calls', '--period', '2018-09', '--by', 'queue', '--output', 'csv'], PINNED);
  t.is(c.code, 0, c.stderr);
  noInternals(t, c, 'compliance');
  t.true(c.stdout.includes(',,"\'=HYPERLINK(""http://x"",""y"")",'), c.stdout.slice(0, 500));
  for (const q of ['+cmd', '@SUM(1)', '-2+3']) t.true(c.stdout.includes(`,,'${q},`), q);
  t.notRegex(c.stdout, /(^|,)"?[=+@]/m);
  t.notRegex(c.stdout, /(^|,)-2\+3/m);
}));

test('French messages say where, too: the NUL byte\'s line and column, the swallowed lines', (t) => inSlot(async () => {
  const dir = await workDir();
  const nul = await vigie(dir, ['--lang', 'fr', 'import', '--json', join(BAD, 'nul-byte.csv')], PINNED);
  t.is(nul.code, 2);
  t.regex(nul.json().error.message, /nul-byte\.csv ne ressemble pas à du texte \(contenu binaire à la ligne 3, colonne 58\)/);
  const quote = await vigie(dir, ['--lang', 'fr', 'import', '--json', join(BAD, 'calls-stray-quote.csv')], PINNED);
  t.is(quote.code, 0);
  const f = quote.json().findings.find((x: ActualFinding) => x.code === 'inside_open_quote');
  t.regex(f?.message ?? '', /^ligne avalée par un champ entre guillemets .*; ligne rejetée$/);
}));

test('several bad files in one command: each has its outcome, the worst exit code wins, the good one commits', (t) => inSlot(async () => {
  const dir = await workDir();
  const files = ['empty.csv', 'three-date-formats.csv', 'image.png'].map((f) => join(BAD, f));
  const r = await vigie(dir, ['import', '--json', ...files], PINNED);
  noInternals(t, r, 'import');
  t.is(r.code, 2);
  const out = r.json();
  t.deepEqual(out.map((o: { error?: { code: string }; committed?: boolean }) => o.error?.code ?? o.committed),
    ['import.emptyFile', true, 'import.binaryFile']);
  t.deepEqual(out[1].counts, { read: 5, inserted: 3, updated: 0, unchanged: 0, stale: 0, rejected: 2, duplicate_in_file: 0 });
}));
