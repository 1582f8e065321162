/**
 * One benchmark task in its own process, so that peak RSS is the task's own:
 *
 *   node --import tsx bench/worker.ts TASK FILE DIR
 *
 * For `npm run bench:import`:
 * - read:  `SELECT count(*) FROM read_csv(FILE)` in a fresh in-memory DuckDB (threads 2, memory_limit 512MB, as vigie opens its store);
 * - load:  `CREATE TABLE t AS SELECT * FROM read_csv(FILE)` into a fresh database file DIR/load.duckdb;
 * - vigie: `runImport` of FILE into a fresh store DIR/vigie.duckdb, as `vigie import --json` does.
 *
 * For `npm run bench:calls` (see bench/calls.ts; the months are those of bench/calls-sql.ts, 2018-01 … 2018-12):
 * - calls-import:     `runImport` of the vigie-calls FILE into a fresh store DIR/vigie.duckdb (VIGIE_TRACE on, so the
 *                     import's SQL step times come back as `trace`);
 * - calls-compliance: FILE is that store; 12 × `runCompliance --kind calls --period 2018-MM --by borough,queue --json`;
 * - calls-sql:        FILE is that store, opened read-only as vigie opens it; the hand-written SQL, one query per month;
 * - calls-sql-year:   the same, one query over the year;
 * - calls-sql-versions: the monthly queries on the call_versions table instead of the calls view (information).
 * The calls-compliance and calls-sql* tasks return each group's numbers (see GroupNumbers in bench/calls-sql.ts).
 *
 * Prints one JSON line on stdout: { task, seconds, rows, maxRssMB, ... }. The time covers opening the database, the
 * work and closing it (which checkpoints the file), not module loading.
 *
 * With VIGIE_BENCH_TRACE=1 the vigie task also times every statement run on a DuckDB connection (by wrapping
 * DuckDBConnection.prototype.run in this process only; src/ is untouched) and returns them as `trace`.
 */
import { join, resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { memoryIo } from '../src/io.ts';
import { installStatementTimer } from './lib.ts';
import { MONTHS, STORE_OPTIONS, fromCompliance, fromSqlRows, monthSql, yearSql, type GroupNumbers } from './calls-sql.ts';

const [task, fileArg, dirArg] = process.argv.slice(2);
const file = fileArg && resolve(fileArg);
const dir = dirArg && resolve(dirArg);

const DUCKDB_OPTIONS = {
  threads: '2',
  memory_limit: '512MB',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
};

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

interface TraceEntry {
  /** The statement, whitespace collapsed, the input file's path replaced by <file>. */
  sql: string;
  ms: number;
  /** RSS just after the statement, and the process's peak RSS so far (MB). */
  rssMB: number;
  peakMB: number;
}

function installTrace(inputPath: string): TraceEntry[] {
  const trace: TraceEntry[] = [];
  const proto = DuckDBConnection.prototype as unknown as { run: (sql: string, ...rest: unknown[]) => Promise<unknown> };
  const original = proto.run;
  proto.run = async function (this: unknown, sql: string, ...rest: unknown[]) {
    const t0 = performance.now();
    try {
      return await original.call(this, sql, ...rest);
    } finally {
      trace.push({
        sql: sql.replaceAll(inputPath, '<file>').replace(/\s+/g, ' ').trim(), ms: performance.now() - t0,
        rssMB: process.memoryUsage.rss() / 1024 ** 2, peakMB: process.resourceUsage().maxRSS / 1024,
      });
    }
  };
  return trace;
}

async function main(): Promise<Record<string, unknown>> {
  if (!task || !file || !dir) throw new Error('usage: worker.ts read|load|vigie|calls-import|calls-compliance|calls-sql|calls-sql-year|calls-sql-versions FILE DIR');
  if (task.startsWith('calls-')) return callsTask(task, file, dir);
  const trace = task === 'vigie' && process.env.VIGIE_BENCH_TRACE === '1' ? installTrace(file) : null;
  // vigie's modules are loaded before the clock starts, like the DuckDB binding above.
  const { runImport } = task === 'vigie' ? await import('../src/commands/import.ts') : { runImport: null };
  const t0 = performance.now();
  if (task === 'read') {
    const instance = await DuckDBInstance.create(':memory:', DUCKDB_OPTIONS);
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(`SELECT count(*) AS n FROM read_csv(${sqlString(file)})`);
    const rows = Number(reader.getRows()[0]![0]);
    conn.closeSync();
    instance.closeSync();
    return { task, seconds: (performance.now() - t0) / 1000, rows };
  }
  if (task === 'load') {
    const instance = await DuckDBInstance.create(join(dir, 'load.duckdb'), DUCKDB_OPTIONS);
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv(${sqlString(file)})`);
    const reader = await conn.runAndReadAll('SELECT count(*) AS n FROM t');
    const rows = Number(reader.getRows()[0]![0]);
    conn.closeSync();
    instance.closeSync();
    return { task, seconds: (performance.now() - t0) / 1000, rows };
  }
  if (task === 'vigie' && runImport) {
    const io = memoryIo({ cwd: dir });
    const { out, err } = io;
    const code = await runImport({ files: [file], store: join(dir, 'vigie.duckdb'), json: true }, io);
    const seconds = (performance.now() - t0) / 1000;
    let result: { counts?: { read?: number }; findings?: { severity: string; code: string; column: string | null; count: number }[] } = {};
    try {
      result = JSON.parse(out.join('')) as typeof result;
    } catch {
      /* reported below through rows = null */
    }
    return {
      task, seconds, code, rows: result.counts?.read ?? null, counts: result.counts ?? null,
      findings: (result.findings ?? []).map((f) => ({ severity: f.severity, code: f.code, column: f.column, count: f.count })),
      stderr: err.join(''), ...(trace ? { trace } : {}),
    };
  }
  throw new Error(`unknown task ${task}`);
}



async function callsTask(name: string, file: string, dir: string): Promise<Record<string, unknown>> {
  if (name === 'calls-import') {
    const { runImport } = await import('../src/commands/import.ts');
    const io = memoryIo({ cwd: dir, env: { VIGIE_TRACE: '1' } });
    const t0 = performance.now();
    const code = await runImport({ files: [file], store: join(dir, 'vigie.duckdb'), json: true }, io);
    const seconds = (performance.now() - t0) / 1000;
    let result: { counts?: { read?: number }; findings?: { severity: string; code: string; column: string | null; count: number }[] } = {};
    try {
      result = JSON.parse(io.out.join('')) as typeof result;
    } catch {
      /* reported through rows = null */
    }
    // VIGIE_TRACE lines: "<ms> ms  <step>".
    const trace = io.err.join('').split('\n').map((l) => /^\s*(\d+) ms {2}(.*)$/.exec(l)).filter((m) => m !== null)
      .map((m) => ({ ms: Number(m[1]), step: m[2]!.replaceAll(file, '<file>') }));
    const stderr = io.err.join('').split('\n').filter((l) => l && !/^\s*\d+ ms {2}/.test(l)).join('\n');
    return {
      task: name, seconds, code, rows: result.counts?.read ?? null, counts: result.counts ?? null,
      findings: (result.findings ?? []).map((f) => ({ severity: f.severity, code: f.code, column: f.column, count: f.count })),
      stderr, trace,
    };
  }
  if (name === 'calls-compliance') {
    const { runCompliance } = await import('../src/commands/compliance.ts');
    const timings = installStatementTimer();
    const perQuery: { period: string; seconds: number; code: number; error: string | null; slowest: { sql: string; ms: number }[] }[] = [];
    const groups: GroupNumbers[] = [];
    const t0 = performance.now();
    for (const month of MONTHS) {
      const io = memoryIo({ cwd: dir });
      const before = timings.length;
      const t = performance.now();
      const code = await runCompliance({ store: file, kind: 'calls', period: month, by: 'borough,queue', json: true }, io);
      const seconds = (performance.now() - t) / 1000;
      let error: string | null = code === 0 ? null : `exit ${code}: ${io.err.join('').trim()}`;
      try {
        groups.push(...fromCompliance(month, JSON.parse(io.out.join('')) as Parameters<typeof fromCompliance>[1]));
      } catch (e) {
        error ??= `unparseable output: ${(e as Error).message}`;
      }
      const slowest = timings.slice(before).sort((a, b) => b.ms - a.ms).slice(0, 3)
        .map((x) => ({ sql: x.sql.slice(0, 90), ms: Math.round(x.ms) }));
      perQuery.push({ period: month, seconds, code, error, slowest });
    }
    const seconds = (performance.now() - t0) / 1000;
    return { task: name, seconds, queries: perQuery.length, perQuery, groups };
  }
  if (name === 'calls-sql' || name === 'calls-sql-year' || name === 'calls-sql-versions') {
    const t0 = performance.now();
    const instance = await DuckDBInstance.create(file, STORE_OPTIONS);
    const conn = await instance.connect();
    const perQuery: { period: string; seconds: number }[] = [];
    const groups: GroupNumbers[] = [];
    const queries = name === 'calls-sql-year' ? [['2018', yearSql()] as const]
      : MONTHS.map((m) => [m, monthSql(m, name === 'calls-sql' ? 'calls' : 'call_versions')] as const);
    for (const [period, sql] of queries) {
      const t = performance.now();
      const reader = await conn.runAndReadAll(sql);
      groups.push(...fromSqlRows(reader.getRowObjectsJS()));
      perQuery.push({ period, seconds: (performance.now() - t) / 1000 });
    }
    conn.closeSync();
    instance.closeSync();
    return { task: name, seconds: (performance.now() - t0) / 1000, queries: perQuery.length, perQuery, groups };
  }
  throw new Error(`unknown task ${name}`);
}

try {
  const r = await main();
  // resourceUsage().maxRSS is in kilobytes (KiB).
  console.log(JSON.stringify({ ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
} catch (e) {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
}
