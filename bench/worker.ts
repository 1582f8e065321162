/**
 * One benchmark task in its own process, so that peak RSS is the task's own:
 *
 *   node --import tsx bench/worker.ts read|load|vigie FILE DIR
 *
 * - read:  `SELECT count(*) FROM read_csv(FILE)` in a fresh in-memory DuckDB (threads 2, memory_limit 1GB);
 * - load:  `CREATE TABLE t AS SELECT * FROM read_csv(FILE)` into a fresh database file DIR/load.duckdb;
 * - vigie: `runImport` of FILE into a fresh store DIR/vigie.duckdb, as `vigie import --json` does.
 *
 * Prints one JSON line on stdout: { task, seconds, rows, maxRssMB, ... }. The time covers opening the database, the
 * work and closing it (which checkpoints the file), not module loading.
 *
 * With VIGIE_BENCH_TRACE=1 the vigie task also times every statement run on a DuckDB connection (by wrapping
 * DuckDBConnection.prototype.run in this process only; src/ is untouched) and returns them as `trace`.
 */
import { join, resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Io } from '../src/io.ts';

const [task, fileArg, dirArg] = process.argv.slice(2);
const file = fileArg && resolve(fileArg);
const dir = dirArg && resolve(dirArg);

const DUCKDB_OPTIONS = {
  threads: '2',
  memory_limit: '1GB',
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
  if (!task || !file || !dir) throw new Error('usage: worker.ts read|load|vigie FILE DIR');
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
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTTY: false, color: false, lang: 'en',
      env: {}, cwd: dir, now: () => new Date(),
    };
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

try {
  const r = await main();
  // resourceUsage().maxRSS is in kilobytes (KiB).
  console.log(JSON.stringify({ ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
} catch (e) {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
}
