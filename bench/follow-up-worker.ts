/**
 * One task of `npm run bench:follow-up` (bench/follow-up.ts) in its own process, so that peak RSS is the task's own:
 *
 *   node --import tsx bench/follow-up-worker.ts TASK STORE
 *
 * - vigie-summary: `runFollowUp({ store, json: true })` (`vigie follow-up --json`: every request, as of the latest
 *                  snapshot, the shipped standards), a memory Io;
 * - vigie-by:      `runFollowUp({ store, by: 'borough,theme', json: true })`;
 * - sql-summary, sql-by: the hand-written SQL of bench/follow-up-sql.ts on STORE opened as vigie opens it (read-only,
 *                  2 threads, 512 MB, TimeZone UTC);
 * - stats:         what the store holds (tickets, versions, drops, absences), for the benchmark's header; not timed.
 *
 * Prints one JSON line on stdout: { task, seconds, maxRssMB, summary, groups, statements? }. The time covers opening
 * the store, the work and closing it, not module loading (vigie's modules, those the command loads when it runs
 * included, are loaded before the clock starts). The vigie tasks also time every statement sent through
 * DuckDBConnection.run / runAndReadAll, the store's opening and closing and the appenders (by wrapping them in this
 * process only; src/ is untouched) and return them as `statements`, in order, each with its start in ms after the
 * clock started; VIGIE_BENCH_TRACE=0 turns that off.
 */
import { resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { memoryIo } from '../src/io.ts';
import { BY, checkStore, fromSqlRows, fromVigie, followUpSql, STORE_OPTIONS, type FollowUpNumbers } from './follow-up-sql.ts';

const [task, storeArg] = process.argv.slice(2);

interface Step { sql: string; at: number; ms: number }

/**
 * Times, in this process only (src/ untouched), every statement sent through DuckDBConnection.run / runAndReadAll (the
 * outer call when one calls the other), opening and closing the instance, and creating appenders, with each one's
 * start (ms after `origin()`): the gaps between them are the time spent outside DuckDB's statements.
 */
function installTimeline(): { steps: Step[]; origin: () => void } {
  const steps: Step[] = [];
  let t0 = performance.now();
  let depth = 0;
  const wrap = (target: object, name: string, label: (a: unknown[]) => string) => {
    const obj = target as Record<string, (...a: unknown[]) => unknown>;
    const original = obj[name]!;
    obj[name] = function (this: unknown, ...a: unknown[]) {
      const start = performance.now();
      const done = () => {
        depth--;
        if (depth === 0) steps.push({ sql: label(a), at: Math.round(start - t0), ms: Math.round((performance.now() - start) * 10) / 10 });
      };
      depth++;
      let r: unknown;
      try {
        r = original.apply(this, a);
      } catch (e) {
        done();
        throw e;
      }
      if (r instanceof Promise) return r.finally(done);
      done();
      return r;
    };
  };
  const sqlOf = (a: unknown[]) => String(a[0]).replace(/\s+/g, ' ').trim().slice(0, 160);
  wrap(DuckDBConnection.prototype, 'run', sqlOf);
  wrap(DuckDBConnection.prototype, 'runAndReadAll', sqlOf);
  wrap(DuckDBConnection.prototype, 'createAppender', (a) => `(appender ${String(a[0])})`);
  wrap(DuckDBInstance, 'create', () => '(open the store)');
  wrap(DuckDBInstance.prototype, 'closeSync', () => '(close the store)');
  return { steps, origin: () => { t0 = performance.now(); } };
}

async function vigieTask(name: 'vigie-summary' | 'vigie-by', store: string): Promise<Record<string, unknown>> {
  const mod = await import('../src/commands/follow-up.ts');
  // the modules the command loads when it runs, loaded before the clock starts (as the SQL tasks load none)
  await Promise.all([import('../src/standards/standards.ts'), import('../src/compliance/follow-up.ts'), import('../src/render/follow-up.ts'),
    import('../src/commands/session.ts'), import('../src/messages.ts'), import('../src/commands/option-values.ts'), import('../src/time/periods.ts')]);
  const timeline = process.env.VIGIE_BENCH_TRACE === '0' ? null : installTimeline();
  const io = memoryIo();
  timeline?.origin();
  const t0 = performance.now();
  const code = await mod.runFollowUp({ store, json: true, ...(name === 'vigie-by' ? { by: BY } : {}) }, io);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`${name}: exit ${code}: ${io.err.join('').trim()}`);
  const numbers = fromVigie(JSON.parse(io.out.join('')) as Parameters<typeof fromVigie>[0]);
  return { task: name, seconds, ...numbers, stderr: io.err.join(''),
    ...(timeline ? { statements: timeline.steps } : {}) };
}

async function sqlTask(name: 'sql-summary' | 'sql-by', store: string): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(store, STORE_OPTIONS);
  const conn = await instance.connect();
  let numbers: FollowUpNumbers;
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    await checkStore(conn);
    const reader = await conn.runAndReadAll(followUpSql(name === 'sql-by'));
    numbers = fromSqlRows(reader.getRowObjectsJS() as Record<string, unknown>[]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return { task: name, seconds: (performance.now() - t0) / 1000, ...numbers };
}

async function statsTask(store: string): Promise<Record<string, unknown>> {
  const instance = await DuckDBInstance.create(store, STORE_OPTIONS);
  const conn = await instance.connect();
  try {
    const one = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS()[0]!;
    const v = await one(`SELECT count(*) AS versions, count(*) FILTER (WHERE current) AS tickets,
      count(*) FILTER (WHERE current AND nature <> 'information') AS requests FROM ticket_versions`);
    const d = await one(`SELECT count(*) AS drops, min(snapshot_time) AS first, max(snapshot_time) AS last FROM drops WHERE kind = 'tickets'`);
    const a = await one(`SELECT count(*) AS absences FROM ticket_absences`);
    return { task: 'stats', seconds: 0, stats: { versions: Number(v.versions), tickets: Number(v.tickets), requests: Number(v.requests),
      drops: Number(d.drops), first: (d.first as Date).toISOString(), last: (d.last as Date).toISOString(), absences: Number(a.absences) } };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

try {
  if (!storeArg) throw new Error('usage: follow-up-worker.ts vigie-summary|vigie-by|sql-summary|sql-by|stats STORE');
  const store = resolve(storeArg);
  let r: Record<string, unknown>;
  if (task === 'vigie-summary' || task === 'vigie-by') r = await vigieTask(task, store);
  else if (task === 'sql-summary' || task === 'sql-by') r = await sqlTask(task, store);
  else if (task === 'stats') r = await statsTask(store);
  else throw new Error(`unknown task ${task}`);
  // resourceUsage().maxRSS is in kilobytes (KiB).
  console.log(JSON.stringify({ ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
} catch (e) {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
}
