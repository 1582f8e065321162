/**
 * `npm run bench:follow-up`: vigie's follow-up of requests (`vigie follow-up`, docs/methods.md §2.9) on a store of
 * 10,000,000 tickets seen by 6 snapshot drops 30 days apart (about 5 versions each, some 50 M version rows), against
 * hand-written DuckDB SQL of the same counts, in the same run:
 *
 *   vigie summary:             runFollowUp({ store, json: true }): every request, as of the latest snapshot, the
 *                              shipped standards (`vigie follow-up --json`)
 *   vigie by borough,theme:    runFollowUp({ store, by: 'borough,theme', json: true })
 *   hand SQL summary, hand SQL by borough,theme: bench/follow-up-sql.ts on the same store, opened as vigie opens it
 *                              (read-only, 2 threads, 512 MB, TimeZone UTC), straight from ticket_versions, drops and
 *                              ticket_absences.
 *
 * The store is generated once, straight in SQL (bench/gen-follow-up-store.ts), into bench/.cache/follow-up-N.duckdb.
 * Each task runs in a fresh child process (bench/follow-up-worker.ts; peak RSS is the task's own), RUNS times, the
 * tasks interleaved run by run (the machine is shared: load moves during a run); the best wall time is kept and the
 * highest peak RSS reported. City-wide (every task) and per borough × theme (the `by` tasks), vigie's tracked,
 * reopened, bounced, bounced_twice, stale_open, repeats_after_close, vanished and resolved_once must equal the SQL's,
 * in every run: "numbers agree: yes/no", with the first differences. vigie's answer holds more than these counts (the
 * reopen and repeat rates, the details, the Kaplan–Meier times to close, the time in each status in days and business
 * days): its time covers that work, the SQL's does not.
 * Target (the issue): on 10 M tickets with 5 versions each on average, the summary and `--by borough,theme` each in
 * ≤ 3 s, reported beside the hand SQL's time in the same run. The slowest statements of vigie's best runs are printed
 * (every statement is timed in the worker). Results also go to bench/.cache/follow-up-results.json. Exit 0 unless a
 * task failed or the numbers disagree (PASS/MISS against the target is reported, not enforced).
 *
 *   npm run bench:follow-up [-- --tickets N] [--runs R]
 *
 * --tickets N   another store size (default 10,000,000; cached as bench/.cache/follow-up-N.duckdb);
 * --runs R      runs of each task (default 3).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bestRun, finish, machineInfo, printTable, rel, runWorker, sourceAtEnd, sourceState } from './lib.ts';
import { compare, COUNTS, type Comparison, type FollowUpNumbers } from './follow-up-sql.ts';
import { DROPS, generateFollowUpStore, INTERVAL_DAYS } from './gen-follow-up-store.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, '.cache');
const WORKER = join(HERE, 'follow-up-worker.ts');
const SEED = 311;
const TARGET_SECONDS = 3;

type Task = 'vigie-summary' | 'vigie-by' | 'sql-summary' | 'sql-by';
const TASKS: Task[] = ['vigie-summary', 'sql-summary', 'vigie-by', 'sql-by'];
const LABEL: Record<Task, string> = {
  'vigie-summary': 'vigie summary',
  'vigie-by': 'vigie by borough,theme',
  'sql-summary': 'hand SQL summary',
  'sql-by': 'hand SQL by borough,theme',
};

interface RunResult extends FollowUpNumbers {
  task: Task;
  seconds: number;
  maxRssMB: number;
  /** The child process's whole life (start-up and module loading included). */
  processSeconds: number;
  /** vigie's statements (and the store's opening and closing), each with its start in ms after the clock started. */
  statements?: { sql: string; at: number; ms: number }[];
  stderr?: string;
}

interface Stats { versions: number; tickets: number; requests: number; drops: number; first: string; last: string; absences: number }

const { values: args } = parseArgs({ options: { tickets: { type: 'string' }, runs: { type: 'string' } }, allowPositionals: false });
const tickets = args.tickets === undefined ? 10_000_000 : Number(args.tickets);
const runs = args.runs === undefined ? 3 : Number(args.runs);
if (!Number.isInteger(tickets) || tickets <= 0 || !Number.isInteger(runs) || runs <= 0) {
  console.error('bench:follow-up: --tickets and --runs take positive integers');
  process.exit(2);
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');

mkdirSync(CACHE, { recursive: true });
const store = join(CACHE, `follow-up-${tickets}.duckdb`);
let generatedSeconds: number | null = null;
if (!existsSync(store)) {
  const t0 = performance.now();
  console.log(`generating ${rel(store)} (${fmtInt(tickets)} tickets, ${DROPS} drops, seed ${SEED}) …`);
  await generateFollowUpStore(store, tickets, SEED);
  generatedSeconds = (performance.now() - t0) / 1000;
  console.log(`generated in ${generatedSeconds.toFixed(1)} s`);
}
const bytes = statSync(store).size;
const { stats } = await runWorker<{ stats: Stats }>(WORKER, ['stats', store]);
const source = sourceState();
const machine = machineInfo();
const loadAtStart = load();
console.log(`machine: ${machine.cpus} CPUs (${machine.cpu_model}), ${machine.total_memory_gb} GB RAM, ${machine.os}, `
  + `Node ${machine.node}, DuckDB ${machine.duckdb}; load average (1, 5, 15 min) at start: ${loadAtStart}`);
console.log(`store: ${rel(store)}: ${fmtInt(stats.tickets)} tickets (${fmtInt(stats.requests)} requests followed, the others information), `
  + `${fmtInt(stats.versions)} versions (${(stats.versions / stats.tickets).toFixed(2)} per ticket), ${stats.drops} drops every ${INTERVAL_DAYS} days `
  + `${stats.first.slice(0, 10)} → ${stats.last.slice(0, 10)}, ${fmtInt(stats.absences)} absences, ${(bytes / 1e6).toFixed(1)} MB; `
  + `opened as vigie opens it (read-only, threads=2, memory_limit=512MB); each task in a fresh process, best of ${runs} run(s), tasks interleaved`);
console.log(`vigie: commit ${source.commit ?? 'unknown'}${source.src_changes.length
  ? ` + uncommitted changes in ${source.src_changes.length} path(s) of src/` : ''}`);

const results = new Map<Task, RunResult[]>(TASKS.map((t) => [t, []]));
const failures: string[] = [];
for (let i = 0; i < runs; i++) {
  for (const task of TASKS) {
    try {
      const r = await runWorker<Omit<RunResult, 'processSeconds'>>(WORKER, [task, store]);
      results.get(task)!.push(r);
      console.log(`  ${task} run ${i + 1}/${runs}: ${r.seconds.toFixed(2)} s, ${r.maxRssMB.toFixed(0)} MB peak RSS (load ${load()})`);
    } catch (e) {
      failures.push((e as Error).message);
      console.log(`  ${task} run ${i + 1}/${runs}: failed`);
    }
  }
}
const loadAtEnd = load();

const best = (task: Task) => bestRun(results.get(task) ?? []);

console.log('');
printTable(
  ['task', 'best s', 'all runs s', 'peak RSS MB', 'groups'],
  TASKS.map((task) => {
    const b = best(task);
    if (!b) return [LABEL[task], 'failed', '-', '-', '-'];
    return [LABEL[task], b.seconds.toFixed(2), b.all_seconds.map((s) => s.toFixed(2)).join(' '), b.peak_rss_mb.toFixed(0), String(b.run.groups.length)];
  }),
  [false, true, true, true, true],
);

// Numbers: every vigie run against the SQL (every run must give the same numbers).
const agreement: Record<'summary' | 'by', Comparison | null> = { summary: null, by: null };
for (const kind of ['summary', 'by'] as const) {
  const sql = results.get(`sql-${kind}`)?.[0];
  const vigieRuns = results.get(`vigie-${kind}`) ?? [];
  if (!sql || !vigieRuns.length) continue;
  const each = vigieRuns.map((r) => compare(r, sql, kind === 'by'));
  agreement[kind] = each.find((c) => !c.agree) ?? each[0]!;
}
// The two SQL tasks between themselves (the same city-wide counts), as a check of the reference.
const sqlSummary = results.get('sql-summary')?.[0];
const sqlBy = results.get('sql-by')?.[0];
const sqlSelf = sqlSummary && sqlBy ? compare(sqlSummary, sqlBy, false) : null;
console.log('');
for (const kind of ['summary', 'by'] as const) {
  const c = agreement[kind];
  if (!c) {
    console.log(`${kind}: not compared (a task failed)`);
    continue;
  }
  const issues = [...c.mismatches, ...c.only_left.map((k) => `only in vigie: ${k}`), ...c.only_right.map((k) => `only in the SQL: ${k}`)];
  console.log(`${kind}: city-wide${kind === 'by' ? ` and ${c.groups} borough × theme groups` : ''} compared (${COUNTS.join(', ')}): `
    + `${c.agree ? 'same numbers' : `${issues.length} difference(s), first: ${issues.slice(0, 8).join('; ')}`}`);
}
if (sqlSelf && !sqlSelf.agree) console.log(`hand SQL summary and by borough,theme differ city-wide: ${sqlSelf.mismatches.slice(0, 4).join('; ')}`);
const compared = agreement.summary !== null && agreement.by !== null;
const agree = compared && agreement.summary!.agree && agreement.by!.agree && (sqlSelf?.agree ?? false);
console.log(`numbers agree: ${compared ? (agree ? 'yes' : 'no') : 'n/a'}`);
if (compared && !agree) failures.push('the follow-up numbers and the hand-written SQL disagree');
const city = sqlSummary?.summary ?? null;
if (city) {
  const pct = (n: number) => `${((100 * n) / Math.max(1, city.tracked)).toFixed(1)} %`;
  console.log(`city-wide (hand SQL): ${fmtInt(city.tracked)} tracked; ${COUNTS.slice(1).map((k) => `${k} ${fmtInt(city[k])} (${pct(city[k])})`).join(', ')}`);
}

// Target.
console.log('');
const targets: Record<string, { max: number; value: number | null; pass: boolean }> = {};
for (const kind of ['summary', 'by'] as const) {
  const v = best(`vigie-${kind}`);
  const s = best(`sql-${kind}`);
  targets[`${kind}_seconds`] = { max: TARGET_SECONDS, value: v?.seconds ?? null, pass: v !== null && v.seconds <= TARGET_SECONDS };
  console.log(`${LABEL[`vigie-${kind}`].padEnd(22)}: ${v ? `${v.seconds.toFixed(2)} s`.padStart(9) : 'n/a'.padStart(9)}   target ≤ ${TARGET_SECONDS} s   `
    + `${targets[`${kind}_seconds`]!.pass ? 'PASS' : 'MISS'}   (hand SQL ${s ? `${s.seconds.toFixed(2)} s` : 'n/a'}; vigie / SQL `
    + `${v && s ? `${(v.seconds / s.seconds).toFixed(2)}×` : 'n/a'}; peak RSS vigie ${v ? v.peak_rss_mb.toFixed(0) : 'n/a'} MB, SQL ${s ? s.peak_rss_mb.toFixed(0) : 'n/a'} MB)`);
}
console.log(`load average (1, 5, 15 min): ${loadAtStart} at start, ${loadAtEnd} at end (${machine.cpus} CPUs; others share the machine)`);

// Where vigie's time goes: the slowest statements of the best runs, and the longest stretches outside any statement.
const slowest: Record<string, { ms: number; sql: string }[]> = {};
const outside: Record<string, { ms: number; before: string }[]> = {};
for (const kind of ['summary', 'by'] as const) {
  const v = best(`vigie-${kind}`);
  const st = v?.run.statements ?? [];
  if (!v || !st.length) continue;
  const inSql = st.reduce((s, x) => s + x.ms, 0) / 1000;
  slowest[kind] = [...st].sort((a, b) => b.ms - a.ms).slice(0, 6).map(({ sql, ms }) => ({ sql, ms }));
  const gaps = st.map((x, i) => ({ ms: x.at - (i ? st[i - 1]!.at + st[i - 1]!.ms : 0), before: x.sql }));
  gaps.push({ ms: v.seconds * 1000 - (st.at(-1)!.at + st.at(-1)!.ms), before: '(the end: the JSON written)' });
  outside[kind] = gaps.sort((a, b) => b.ms - a.ms).slice(0, 3).map((g) => ({ ms: Math.round(g.ms), before: g.before }));
  console.log('');
  console.log(`${LABEL[`vigie-${kind}`]}: ${inSql.toFixed(2)} s of ${v.seconds.toFixed(2)} s in ${st.length} statements (opening and closing the `
    + `store included), ${(v.seconds - inSql).toFixed(2)} s outside them (JavaScript: Kaplan–Meier, reading rows, the JSON); slowest:`);
  for (const x of slowest[kind]!) {
    console.log(`  ${(x.ms / 1000).toFixed(2).padStart(7)} s  ${((x.ms / 1000 / v.seconds) * 100).toFixed(0).padStart(3)} %  ${x.sql.slice(0, 110)}`);
  }
  console.log(`  longest stretches outside a statement: ${outside[kind]!.map((g) => `${(g.ms / 1000).toFixed(2)} s before ${g.before.slice(0, 50)}`).join('; ')}`);
}

const { state: sourceNow, moved: sourceMoved } = sourceAtEnd(source);

const report = {
  date: new Date().toISOString(),
  machine,
  load_average: { start: loadAtStart, end: loadAtEnd },
  source: { at_start: source, at_end: sourceNow, moved: sourceMoved },
  store: { path: rel(store), bytes, seed: SEED, generated_seconds: generatedSeconds, ...stats },
  runs,
  tasks: Object.fromEntries(TASKS.map((task) => {
    const b = best(task);
    return [task, {
      label: LABEL[task],
      best: b && { seconds: b.seconds, peak_rss_mb: b.peak_rss_mb, all_seconds: b.all_seconds },
      runs: (results.get(task) ?? []).map(({ groups: _groups, statements: _statements, summary: _summary, ...r }) => r),
    }];
  })),
  numbers_agree: compared ? agree : null,
  agreement: Object.fromEntries((['summary', 'by'] as const).map((k) => [k, agreement[k] && { ...agreement[k],
    mismatches: agreement[k].mismatches.slice(0, 50) }])),
  city_wide: city,
  targets,
  slowest_vigie_statements: slowest,
  longest_outside_statements: outside,
  failures,
};
finish('bench:follow-up', join(CACHE, 'follow-up-results.json'), report, failures);
