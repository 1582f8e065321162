/**
 * One task of `npm run bench:report` (bench/report.ts) in its own process, so that peak RSS is the task's own:
 *
 *   node --import tsx bench/report-worker.ts vigie STORE OUT
 *   node --import tsx bench/report-worker.ts sql STORE
 *   node --import tsx bench/report-worker.ts import STORE CSV SNAPSHOT      (builds the benchmark's store)
 *
 * - vigie:  `runReport({ store: STORE, period: '2018-09', out: OUT }, memoryIo())`, what `vigie report --period 2018-09
 *           --out OUT` runs, the shipped standards. Every statement sent through DuckDBConnection.run / runAndReadAll is
 *           timed (by wrapping them in this process only; src/ is untouched) and returned in order, with the part of
 *           the report it belongs to (inferred from the statements' order: each computeCompliance call starts by
 *           reading the newest snapshot time, and so on). Peak RSS is read when runReport returns. Then, off the clock,
 *           the numbers are read back from what the report wrote (compliance.json and the charts' data), and the
 *           report's tickets-by-borough × theme call is made again (computeCompliance with the report's request: the
 *           report writes those groups only as the heat map's rates) for the comparison;
 * - sql:    the hand-written SQL of bench/report-sql.ts on STORE opened as vigie opens it (read-only, 2 threads,
 *           512 MB, TimeZone UTC), after loading the standards (for the calendar) and building the calendar tables;
 * - import: `runImport({ files: [CSV], store: STORE, snapshotTime: SNAPSHOT, json: true })` into an existing store
 *           (what `vigie import --json --snapshot-time SNAPSHOT CSV` runs), then the store's counts.
 *
 * Prints one JSON line on stdout: { task, seconds, maxRssMB, ... }. The time covers the command (or, for sql, opening
 * the store, the calendar tables, the queries and closing it), not module loading.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { memoryIo } from '../src/io.ts';
import { installStatementTimer } from './lib.ts';
import { fromCompliance } from './compliance-sql.ts';
import { AS_OF_SQL, calendarTables, CALL_FIELDS, CHANNELS, groupKey, MONTH, runHandSql, STORE_OPTIONS, TICKET_COMPARED, type Rec,
  type ReportNumbers } from './report-sql.ts';

const [task, ...rest] = process.argv.slice(2);

/** The report's computeCompliance calls, in the order runReport makes them. */
const COMPLIANCE_CALLS = ['compliance by borough (month, calls + tickets)', 'tickets by theme', 'tickets by borough × theme',
  'year earlier, city-wide (calls + tickets)', 'calls trend (12 months, by month)'];

/** The statements that start (or are) the other parts of the report, after the computeCompliance calls. */
const PARTS: [RegExp, string][] = [
  [/FROM duckdb_views\(\) WHERE view_name = 'vigie_tks'/, 'worst categories'],
  [/ AS grp, z\.ldow AS dow/, 'staffing'],
  [/^SELECT z\.ldow AS weekday/, 'service level by hour'],
  [/^SELECT least\(floor\(wait_seconds/, 'wait histogram'],
  [/^SELECT drop_id, file, sha256, source, format, kind, epoch_ms\(snapshot_time\) AS snapshot_ms, "read"/, 'data quality and drops listed'],
  [/^SELECT z\.lmonth AS month, t\.channel/, 'ticket channels by month'],
];

/**
 * Which part of the report each statement belongs to, from markers in the statements' order (each computeCompliance
 * call starts by reading the newest snapshot time; the other parts by their query, which a helper table such as
 * `utc_offsets` may precede: it goes with the statement after it).
 */
function phases(statements: { sql: string }[]): string[] {
  let phase = 'open store';
  let calls = 0;
  const out: (string | null)[] = statements.map(({ sql }) => {
    if (/^SELECT max\(snapshot_time\) AS t FROM drops WHERE kind IN/.test(sql)) {
      phase = COMPLIANCE_CALLS[calls] ?? `computeCompliance #${calls + 1}`;
      calls++;
      return phase;
    }
    const part = PARTS.find(([re]) => re.test(sql));
    if (part) return (phase = part[1]);
    if (calls >= COMPLIANCE_CALLS.length && /^CREATE OR REPLACE TEMP TABLE /.test(sql)) return null;
    return phase;
  });
  for (let i = out.length - 1; i >= 0; i--) out[i] ??= out[i + 1] ?? phase;
  return out as string[];
}

type Metrics = Record<string, { value: number | null; numerator: number | null; denominator: number | null } | undefined>;
interface JsonGroup { borough: string | null; theme: string | null; month: string | null; metrics: Metrics }

const readJson = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
const chartValues = (out: string, name: string): Record<string, unknown>[] => {
  const p = join(out, 'charts', `${name}.vl.json`);
  return existsSync(p) ? ((readJson(p) as { data?: { values?: Record<string, unknown>[] } }).data?.values ?? []) : [];
};
const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const nOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The numbers of what the report wrote in OUT (and of the recomputed borough × theme groups). */
function reportNumbers(out: string, boroughTheme: { groups: JsonGroup[] }): ReportNumbers {
  const report = readJson(join(out, 'compliance.json')) as { groups: JsonGroup[] };
  const groups = report.groups;
  const calls = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.metrics['calls.offered'] !== undefined).map(({ g, i }): Rec => {
    const m = (id: string) => g.metrics[id];
    return { key: groupKey(i === 0, g.borough), v: {
      offered: n(m('calls.offered')?.value), answered: n(m('calls.answered')?.value), abandoned: n(m('calls.abandoned')?.value),
      sl_num: n(m('calls.service_level')?.numerator), sl_den: n(m('calls.service_level')?.denominator),
      answered_wait_sum: n(m('calls.asa_seconds')?.numerator), p50: nOrNull(m('calls.wait_p50_seconds')?.value),
      p90: nOrNull(m('calls.wait_p90_seconds')?.value), long_waits: n(m('calls.long_wait_share')?.numerator),
      answered_locally: n(m('calls.answered_locally_share')?.numerator),
    } satisfies Record<(typeof CALL_FIELDS)[number], number | null> };
  });
  // compliance-sql's fromCompliance needs every ticket metric: the groups that have them (the city-wide one first).
  const ticketGroups = groups.filter((g) => g.metrics['tickets.created'] !== undefined);
  const tickets = fromCompliance({ groups: ticketGroups as never }, 'borough,theme').map((t, i): Rec => ({
    key: groupKey(t.city_wide, t.borough), v: {
      ...Object.fromEntries(TICKET_COMPARED.map((f) => [f, t[f]])),
      ...Object.fromEntries(CHANNELS.map((c) => [`ch_${c}`, n(ticketGroups[i]!.metrics[`tickets.channel_share.${c}`]?.numerator)])),
    } }));
  const cells = fromCompliance(boroughTheme as never, 'borough,theme').map((t): Rec => ({
    key: groupKey(t.city_wide, t.borough, t.theme), v: Object.fromEntries(TICKET_COMPARED.map((f) => [f, t[f]])) }));
  return {
    calls_by_borough: calls,
    tickets_by_borough: tickets,
    tickets_by_borough_theme: cells,
    on_time_heat_map: chartValues(out, 'on-time-borough-theme').map((c) => ({ key: groupKey(false, c.row, c.col),
      v: { n: nOrNull(c.n), value: nOrNull(c.value) } })),
    calls_trend: chartValues(out, 'service-level-trend').map((c) => ({ key: String(c.month), v: { service_level: nOrNull(c.value) } })),
    calls_by_hour: chartValues(out, 'service-level-by-hour').map((c) => ({ key: `${n(c.order)} ${parseInt(String(c.hour), 10)}`,
      v: { offered: nOrNull(c.calls), service_level: nOrNull(c.value) } })),
    wait_histogram: chartValues(out, 'wait-distribution').map((c) => ({ key: String(n(c.from)), v: { calls: nOrNull(c.calls) } })),
    // The channel mix by month (a chart that another layout of the report draws by borough: then not compared).
    ticket_channels_by_month: chartValues(out, 'channel-mix').filter((c) => c.month !== undefined)
      .map((c) => ({ key: `${String(c.month)} ${String(c.channel)}`, v: { tickets: nOrNull(c.tickets) } })),
  };
}

async function vigieTask(store: string, out: string): Promise<Record<string, unknown>> {
  // vigie's modules (the chart renderers included) are loaded before the clock starts.
  const { runReport } = await import('../src/commands/report.ts');
  const timings = installStatementTimer();
  const io = memoryIo();
  const t0 = performance.now();
  const code = await runReport({ store, period: MONTH, out }, io);
  const seconds = (performance.now() - t0) / 1000;
  // resourceUsage().maxRSS is in kilobytes (KiB); read before the checks below, which are not the report's work.
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  if (code !== 0) throw new Error(`vigie report: exit ${code}: ${io.err.join('').trim()}`);
  const statements = timings.splice(0);
  const phase = phases(statements);
  const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const html = join(out, 'index.html');

  // The borough × theme groups: the report's own call again (off the clock).
  const { openStore } = await import('../src/store/db.ts');
  const { loadStandards } = await import('../src/standards/standards.ts');
  const { computeCompliance } = await import('../src/compliance/report.ts');
  const standards = loadStandards(undefined, io.lang);
  const s = await openStore({ path: store, readOnly: true, lang: io.lang });
  let boroughTheme: { groups: JsonGroup[] };
  try {
    boroughTheme = await computeCompliance(s.conn, { kind: 'tickets', asOf: null, source: undefined, cohort: undefined, standards, lang: io.lang,
      now: new Date(), period: MONTH, by: ['borough', 'theme'] });
  } finally {
    s.close();
  }
  return {
    task: 'vigie', seconds, maxRssMB, stderr: io.err.join(''),
    files: files.length, html_bytes: existsSync(html) ? statSync(html).size : null,
    statements: statements.map((x, i) => ({ sql: x.sql.slice(0, 200), ms: Math.round(x.ms * 10) / 10, phase: phase[i] })),
    numbers: reportNumbers(out, boroughTheme),
  };
}

async function sqlTask(store: string): Promise<Record<string, unknown>> {
  const { loadStandards } = await import('../src/standards/standards.ts');
  const t0 = performance.now();
  const standards = loadStandards(undefined, 'en');
  const instance = await DuckDBInstance.create(store, STORE_OPTIONS);
  const conn = await instance.connect();
  let result: Awaited<ReturnType<typeof runHandSql>>;
  let setupMs: number;
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    await calendarTables(conn, standards);
    const asOf = (await conn.runAndReadAll(AS_OF_SQL)).getRowObjectsJS()[0]?.as_of;
    if (!(asOf instanceof Date)) throw new Error('no tickets drop in the store');
    setupMs = performance.now() - t0;
    result = await runHandSql(conn, asOf);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  const seconds = (performance.now() - t0) / 1000;
  return { task: 'sql', seconds, maxRssMB: process.resourceUsage().maxRSS / 1024,
    queries: [{ name: 'open store, calendar tables, as-of', ms: setupMs }, ...result.queries].map((q) => ({ ...q, ms: Math.round(q.ms * 10) / 10 })),
    numbers: result.numbers, earlier: result.earlier };
}

async function importTask(store: string, csv: string, snapshot: string): Promise<Record<string, unknown>> {
  const { runImport } = await import('../src/commands/import.ts');
  const io = memoryIo();
  const t0 = performance.now();
  const code = await runImport({ files: [csv], store, snapshotTime: snapshot, json: true }, io);
  const seconds = (performance.now() - t0) / 1000;
  let result: { counts?: Record<string, number>; findings?: { severity: string; code: string; column: string | null; count: number }[];
    snapshot_time?: string } = {};
  try {
    result = JSON.parse(io.out.join('')) as typeof result;
  } catch {
    /* reported through counts = null */
  }
  const instance = await DuckDBInstance.create(store, STORE_OPTIONS);
  const conn = await instance.connect();
  let store_counts: Record<string, unknown> = {};
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    store_counts = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM calls) AS calls,
      (SELECT strftime(min(queued_at), '%Y-%m-%dT%H:%M:%SZ') || ' … ' || strftime(max(queued_at), '%Y-%m-%dT%H:%M:%SZ') FROM calls) AS calls_span,
      (SELECT string_agg(kind || ' ' || strftime(snapshot_time, '%Y-%m-%dT%H:%M:%SZ'), ', ' ORDER BY drop_id) FROM drops) AS drops`))
      .getRowObjectsJS()[0] ?? {};
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return {
    task: 'import', seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, code, counts: result.counts ?? null,
    snapshot_time: result.snapshot_time ?? null,
    findings: (result.findings ?? []).map((f) => ({ severity: f.severity, code: f.code, column: f.column, count: f.count })),
    stderr: io.err.join(''),
    store: Object.fromEntries(Object.entries(store_counts).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
  };
}

try {
  let r: Record<string, unknown>;
  const [a, b] = rest.slice(0, 2).map((x) => resolve(x));
  if (task === 'vigie' && a && b) r = await vigieTask(a, b);
  else if (task === 'sql' && a) r = await sqlTask(a);
  else if (task === 'import' && a && b && rest[2]) r = await importTask(a, b, rest[2]);
  else throw new Error('usage: report-worker.ts vigie STORE OUT | sql STORE | import STORE CSV SNAPSHOT');
  console.log(JSON.stringify(r));
} catch (e) {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
}
