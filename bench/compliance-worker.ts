/**
 * One task of `npm run bench:compliance` (bench/compliance.ts) in its own process, so that peak RSS is the task's own:
 *
 *   node --import tsx bench/compliance-worker.ts TASK STORE [BY]
 *
 * - vigie-month: `runCompliance({ store, kind: 'tickets', period: '2018-09', by: 'borough,theme', json: true })`, the
 *                shipped standards, a memory Io;
 * - vigie-trend: `runCompliance({ store, kind: 'tickets', from: '2016-01', to: '2018-12', by: 'month', json: true })`;
 * - vigie-apply: `runStandardsApply({ store })`: the store keeps each ticket's deadline under the shipped standards
 *                (src/store/ticket-facts.ts), as `vigie standards apply` does;
 * - vigie-wide BY: `runCompliance({ store, kind: 'tickets', from: '2014-01', to: '2019-06', by: BY, output: 'json',
 *                shape: 'wide' })`, BY one of month, borough,theme, borough,theme,month (the analyst's wide table);
 * - sql-month, sql-trend, sql-wide BY: the hand-written SQL of bench/compliance-sql.ts on STORE opened as vigie opens it (read-only,
 *                2 threads, 512 MB, TimeZone UTC), after loading the standards (for the calendar) and building the
 *                calendar tables.
 *
 * Prints one JSON line on stdout: { task, seconds, maxRssMB, groups, statements? }. The time covers opening the store,
 * the work and closing it, not module loading. The vigie tasks also time every statement sent through
 * DuckDBConnection.run / runAndReadAll (by wrapping them in this process only; src/ is untouched) and return them as
 * `statements`, in order; VIGIE_BENCH_TRACE=0 turns that off.
 */
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { memoryIo } from '../src/io.ts';
import { installStatementTimer } from './lib.ts';
import { loadStandards } from '../src/standards/standards.ts';
import { AS_OF_SQL, calendarTables, fromCompliance, fromSqlRows, fromWideCompliance, fromWideSqlRows, MONTH, monthSql, STORE_OPTIONS,
  TREND_FROM, TREND_TO, trendSql, WIDE_BYS, WIDE_FROM, WIDE_TO, wideSql, type TicketNumbers, type WideBy } from './compliance-sql.ts';

const [task, storeArg, byArg] = process.argv.slice(2);


type ComplianceRun = Parameters<typeof import('../src/commands/compliance.ts').runCompliance>[0];

/**
 * One timed `runCompliance` on `store`: vigie's modules, those the command loads when it runs included, are loaded
 * before the clock starts (the SQL tasks do not load them); every statement is timed unless VIGIE_BENCH_TRACE=0.
 * Returns the seconds, the output and the statements.
 */
async function timedCompliance(label: string, store: string, options: Omit<ComplianceRun, 'store'>) {
  const { runCompliance, working } = await import('../src/commands/compliance.ts');
  await working();
  const statements = process.env.VIGIE_BENCH_TRACE === '0' ? null : installStatementTimer();
  const io = memoryIo();
  const t0 = performance.now();
  const code = await runCompliance({ store, ...options }, io);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`${label}: exit ${code}: ${io.err.join('').trim()}`);
  return { seconds, out: io.out.join(''), stderr: io.err.join(''),
    ...(statements ? { statements: statements.map((x) => ({ sql: x.sql.slice(0, 160), ms: Math.round(x.ms * 10) / 10 })) } : {}) };
}

async function vigieTask(name: 'vigie-month' | 'vigie-trend', store: string): Promise<Record<string, unknown>> {
  const by = name === 'vigie-month' ? 'borough,theme' : 'month';
  const { out, ...r } = await timedCompliance(name, store, name === 'vigie-month'
    ? { kind: 'tickets', period: MONTH, by, json: true } : { kind: 'tickets', from: TREND_FROM, to: TREND_TO, by, json: true });
  return { task: name, ...r, groups: fromCompliance(JSON.parse(out) as Parameters<typeof fromCompliance>[0], by) };
}

async function vigieWideTask(by: WideBy, store: string): Promise<Record<string, unknown>> {
  const { out, ...r } = await timedCompliance(`vigie-wide ${by}`, store,
    { kind: 'tickets', from: WIDE_FROM, to: WIDE_TO, by, output: 'json', shape: 'wide' });
  return { task: 'vigie-wide', by, ...r, json_bytes: Buffer.byteLength(out),
    groups: fromWideCompliance(JSON.parse(out) as Parameters<typeof fromWideCompliance>[0], by) };
}

async function applyTask(store: string): Promise<Record<string, unknown>> {
  const { runStandardsApply } = await import('../src/commands/standards.ts');
  const io = memoryIo();
  const t0 = performance.now();
  const code = await runStandardsApply({ store, json: true }, io);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`vigie-apply: exit ${code}: ${io.err.join('').trim()}`);
  return { task: 'vigie-apply', seconds, groups: [], tickets: (JSON.parse(io.out.join('')) as { tickets: number }).tickets };
}

async function sqlTask(name: 'sql-month' | 'sql-trend' | 'sql-wide', store: string, by?: WideBy): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const standards = loadStandards(undefined, 'en');
  const instance = await DuckDBInstance.create(store, STORE_OPTIONS);
  const conn = await instance.connect();
  let groups: TicketNumbers[];
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    await calendarTables(conn, standards);
    const asOf = (await conn.runAndReadAll(AS_OF_SQL)).getRowObjectsJS()[0]?.as_of;
    if (!(asOf instanceof Date)) throw new Error('no tickets drop in the store');
    const sql = name === 'sql-month' ? monthSql(MONTH, asOf) : name === 'sql-trend' ? trendSql(TREND_FROM, TREND_TO, asOf)
      : wideSql(by!, WIDE_FROM, WIDE_TO, asOf);
    const reader = await conn.runAndReadAll(sql);
    const got = reader.getRowObjectsJS() as Record<string, unknown>[];
    groups = name === 'sql-wide' ? fromWideSqlRows(got, by!) : fromSqlRows(got, name === 'sql-month' ? 'borough,theme' : 'month');
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return { task: name, ...(by ? { by } : {}), seconds: (performance.now() - t0) / 1000, groups };
}

try {
  if (!storeArg) throw new Error('usage: compliance-worker.ts vigie-month|vigie-trend|vigie-apply|sql-month|sql-trend|vigie-wide|sql-wide STORE [BY]');
  const store = resolve(storeArg);
  let r: Record<string, unknown>;
  const by = byArg as WideBy | undefined;
  if ((task === 'vigie-wide' || task === 'sql-wide') && !WIDE_BYS.includes(by!)) throw new Error(`${task} needs one of ${WIDE_BYS.join(' | ')}`);
  if (task === 'vigie-month' || task === 'vigie-trend') r = await vigieTask(task, store);
  else if (task === 'vigie-wide') r = await vigieWideTask(by!, store);
  else if (task === 'sql-wide') r = await sqlTask(task, store, by);
  else if (task === 'sql-month' || task === 'sql-trend') r = await sqlTask(task, store);
  else if (task === 'vigie-apply') r = await applyTask(store);
  else throw new Error(`unknown task ${task}`);
  // resourceUsage().maxRSS is in kilobytes (KiB).
  console.log(JSON.stringify({ ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
} catch (e) {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
}
