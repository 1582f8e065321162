/**
 * `npm run bench:compliance`: vigie's ticket compliance on a store of 10,000,000 tickets (2014-01 → 2019-06, one
 * drop, as of 2019-07-01 00:00 Montréal), against hand-written DuckDB SQL of the same numbers, in the same run:
 *
 *   kept deadlines: runStandardsApply({ store }) on a fresh copy of the store (`vigie standards apply`: the store keeps
 *                   each ticket's deadline under the shipped standards; later imports maintain them), timed once
 *   vigie month:    runCompliance({ store, kind: 'tickets', period: '2018-09', by: 'borough,theme', json: true })
 *   vigie trend:    runCompliance({ store, kind: 'tickets', from: '2016-01', to: '2018-12', by: 'month', json: true })
 *                   both on the copy that keeps deadlines, as the monthly report runs; and, for information, both on
 *                   the store as generated, where vigie computes each deadline at the query (computed-month/-trend)
 *   vigie wide:     runCompliance({ store, kind: 'tickets', from: '2014-01', to: '2019-06', by, output: 'json', shape: 'wide' })
 *                   for by = month, borough,theme and borough,theme,month: the analyst's trend table over the 66 months,
 *                   on the copy that keeps deadlines (the Kaplan–Meier percentiles and the Wilson intervals of every
 *                   group included)
 *   hand SQL month, hand SQL trend, hand SQL wide: bench/compliance-sql.ts on the same store, opened as vigie opens it (read-only,
 *                   2 threads, 512 MB, TimeZone UTC), the calendar tables built by createBusinessTables (timed), the
 *                   shipped rules hard-coded in a CASE.
 *
 * The store is generated once, straight in SQL (bench/gen-tickets-store.ts), into bench/.cache/tickets-10M.duckdb.
 * Each task runs in a fresh child process (bench/compliance-worker.ts; peak RSS is the task's own), RUNS times,
 * the tasks interleaved run by run (the machine is shared: load moves during a run); the best wall time is kept and
 * the highest peak RSS reported. Per group (city-wide, and borough × theme or month), vigie's created, closed, V2
 * on-time numerator and denominator, open overdue, no target, cancelled, refused, duplicate, backlog and aging buckets
 * must equal the SQL's: "numbers agree: yes/no", with the first differences. The Kaplan–Meier values are left out of
 * the comparison (the hand SQL does not compute them; vigie's time includes them).
 * The wide queries are compared on their counts (created, closed, on-time numerator and denominator, open overdue, no
 * target, cancelled, refused, duplicate) in every group, and on the time to close p50/p90 in the groups without open
 * requests (there the Kaplan–Meier value is the SQL's nearest rank over the closed requests).
 * Targets: each vigie task within 1.5× its hand SQL, the wide ones with peak RSS ≤ 1 GB; the month ≤ 1 s, the trend ≤ 3 s (on the store that keeps
 * deadlines; the computed-* times are reported beside them). The computed-* numbers must agree with the SQL too. The slowest statements of
 * vigie's best runs are printed (every statement is timed in the worker). Results also go to
 * bench/.cache/compliance-results.json. Exit 0 unless a task failed or the numbers disagree (PASS/MISS against the
 * targets is reported, not enforced).
 *
 *   npm run bench:compliance [-- --rows N] [--runs R]
 *
 * --rows N   another store size (cached as bench/.cache/tickets-N.duckdb);
 * --runs R   runs of each task (default 3).
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bestRun, finish, machineInfo, printTable, rel, runWorker, sourceAtEnd, sourceState } from './lib.ts';
import { compare, compareWide, MONTH, TREND_FROM, TREND_TO, WIDE_BYS, WIDE_FROM, WIDE_TO, type Comparison, type TicketNumbers, type WideBy,
  type WideNumbers } from './compliance-sql.ts';
import { generateTicketsStore } from './gen-tickets-store.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, '.cache');
const WORKER = join(HERE, 'compliance-worker.ts');
const SEED = 311;
const TARGET_RATIO = 1.5;
const TARGET_SECONDS = { month: 1, trend: 3 } as const;
const WIDE_RSS_MB = 1024;

type WideTask = `vigie-wide:${WideBy}` | `sql-wide:${WideBy}`;
type Task = 'vigie-month' | 'sql-month' | 'vigie-trend' | 'sql-trend' | 'computed-month' | 'computed-trend' | WideTask;
const TASKS: Task[] = ['vigie-month', 'sql-month', 'vigie-trend', 'sql-trend', 'computed-month', 'computed-trend',
  ...WIDE_BYS.flatMap((by) => [`vigie-wide:${by}`, `sql-wide:${by}`] as const)];
const LABEL: Record<Task, string> = {
  ...Object.fromEntries(WIDE_BYS.flatMap((by) => [[`vigie-wide:${by}`, `vigie wide (${WIDE_FROM}..${WIDE_TO}, by ${by.replaceAll(',', ' × ')})`],
    [`sql-wide:${by}`, `hand SQL wide (by ${by.replaceAll(',', ' × ')})`]])) as Record<WideTask, string>,
  'vigie-month': `vigie month (${MONTH}, borough × theme)`,
  'sql-month': 'hand SQL month',
  'vigie-trend': `vigie trend (${TREND_FROM}..${TREND_TO}, by month)`,
  'sql-trend': 'hand SQL trend',
  'computed-month': 'vigie month, deadlines computed',
  'computed-trend': 'vigie trend, deadlines computed',
};
/** The worker task of each task (with its argument), and whether it runs on the store that keeps deadlines. */
const WORKER_TASK: Record<Task, [string, boolean] | [string, boolean, string]> = {
  ...Object.fromEntries(WIDE_BYS.flatMap((by) => [[`vigie-wide:${by}`, ['vigie-wide', true, by]], [`sql-wide:${by}`, ['sql-wide', true, by]]])) as
    Record<WideTask, [string, boolean, string]>,
  'vigie-month': ['vigie-month', true], 'sql-month': ['sql-month', true], 'vigie-trend': ['vigie-trend', true], 'sql-trend': ['sql-trend', true],
  'computed-month': ['vigie-month', false], 'computed-trend': ['vigie-trend', false],
};

interface RunResult {
  task: Task;
  seconds: number;
  maxRssMB: number;
  /** The child process's whole life (start-up and module loading included). */
  processSeconds: number;
  groups: TicketNumbers[];
  statements?: { sql: string; ms: number }[];
  stderr?: string;
}

const { values: args } = parseArgs({ options: { rows: { type: 'string' }, runs: { type: 'string' } }, allowPositionals: false });
const rows = args.rows === undefined ? 10_000_000 : Number(args.rows);
const runs = args.runs === undefined ? 3 : Number(args.runs);
if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(runs) || runs <= 0) {
  console.error('bench:compliance: --rows and --runs take positive integers');
  process.exit(2);
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');

/** Runs one worker task in a fresh child process; resolves with its JSON report. */
function runTask(task: string, store: string, arg?: string): Promise<RunResult> {
  return runWorker<Omit<RunResult, 'processSeconds'>>(WORKER, [task, store, ...(arg ? [arg] : [])]);
}

mkdirSync(CACHE, { recursive: true });
const store = join(CACHE, rows === 10_000_000 ? 'tickets-10M.duckdb' : `tickets-${rows}.duckdb`);
if (!existsSync(store)) {
  const t0 = performance.now();
  console.log(`generating ${rel(store)} (${fmtInt(rows)} tickets, seed ${SEED}) …`);
  await generateTicketsStore(store, rows, SEED);
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const bytes = statSync(store).size;
// The store as a user runs the monthly report on it: a copy of the generated one that keeps each ticket's deadline
// (`vigie standards apply`, timed once per run of this benchmark; later imports keep them). The generated store itself
// stays as generated: on it vigie computes the deadlines at each query (`computed-*` tasks, for information).
const kept = store.replace(/\.duckdb$/, '-kept.duckdb');
rmSync(kept, { force: true });
rmSync(`${kept}.wal`, { force: true });
copyFileSync(store, kept);
const applied = await runTask('vigie-apply', kept);
console.log(`kept deadlines: ${rel(kept)} (a copy of the store) prepared by \`vigie standards apply\` in ${applied.seconds.toFixed(1)} s, `
  + `peak RSS ${applied.maxRssMB.toFixed(0)} MB, ${(statSync(kept).size / 1e6).toFixed(1)} MB on disk`);
const source = sourceState();
const machine = machineInfo();
const loadAtStart = load();
console.log(`machine: ${machine.cpus} CPUs (${machine.cpu_model}), ${machine.total_memory_gb} GB RAM, ${machine.os}, `
  + `Node ${machine.node}, DuckDB ${machine.duckdb}; load average (1, 5, 15 min) at start: ${loadAtStart}`);
console.log(`store: ${rel(store)}: ${fmtInt(rows)} tickets 2014-01 → 2019-06, ${(bytes / 1e6).toFixed(1)} MB; opened as vigie opens it `
  + `(read-only, threads=2, memory_limit=512MB); each task in a fresh process, best of ${runs} run(s), tasks interleaved`);
console.log(`vigie: commit ${source.commit ?? 'unknown'}${source.src_changes.length
  ? ` + uncommitted changes in ${source.src_changes.length} path(s) of src/` : ''}`);

const results = new Map<Task, RunResult[]>(TASKS.map((t) => [t, []]));
const failures: string[] = [];
for (let i = 0; i < runs; i++) {
  for (const task of TASKS) {
    try {
      const [workerTask, onKept, arg] = WORKER_TASK[task];
      const r = await runTask(workerTask, onKept ? kept : store, arg);
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
    return [LABEL[task], b.seconds.toFixed(2), b.all_seconds.map((s) => s.toFixed(2)).join(' '), b.peak_rss_mb.toFixed(0),
      String(b.run.groups.length)];
  }),
  [false, true, true, true, true],
);

// Numbers: each vigie run against the SQL (every run must give the same numbers).
const agreement: Record<'month' | 'trend', Comparison | null> = { month: null, trend: null };
const computedAgreement: Record<'month' | 'trend', Comparison | null> = { month: null, trend: null };
for (const kind of ['month', 'trend'] as const) {
  const sql = results.get(`sql-${kind}`)?.[0];
  const computedRuns = results.get(`computed-${kind}`) ?? [];
  if (sql && computedRuns.length) {
    computedAgreement[kind] = computedRuns.map((r) => compare(r.groups, sql.groups)).find((c) => !c.agree) ?? compare(computedRuns[0]!.groups, sql.groups);
  }
  const vigieRuns = results.get(`vigie-${kind}`) ?? [];
  if (!sql || !vigieRuns.length) continue;
  const first = compare(vigieRuns[0]!.groups, sql.groups);
  const others = vigieRuns.slice(1).map((r) => compare(r.groups, sql.groups));
  agreement[kind] = others.find((c) => !c.agree) ?? first;
}
console.log('');
for (const kind of ['month', 'trend'] as const) {
  const c = agreement[kind];
  if (!c) {
    console.log(`${kind}: not compared (a task failed)`);
    continue;
  }
  const issues = [...c.mismatches, ...c.only_left.map((k) => `only in vigie: ${k}`), ...c.only_right.map((k) => `only in the SQL: ${k}`)];
  console.log(`${kind}: ${c.groups} groups compared (created, closed, on-time V2 numerator/denominator, open overdue, no target, `
    + `cancelled, refused, duplicate, backlog, aging within/over_1x/over_2x/no_target; Kaplan–Meier left out): `
    + `${c.agree ? 'same numbers' : `${issues.length} difference(s), first: ${issues.slice(0, 8).join('; ')}`}`);
}
for (const kind of ['month', 'trend'] as const) {
  const c = computedAgreement[kind];
  if (c) console.log(`${kind}, deadlines computed at the query: ${c.agree ? 'same numbers' : `${c.mismatches.length + c.only_left.length + c.only_right.length} difference(s)`}`);
}
// The wide queries: the counts of every group, and the percentiles of the groups without open requests.
const wideAgreement = {} as Record<WideBy, (Comparison & { percentiles_compared: number }) | null>;
for (const by of WIDE_BYS) {
  const sql = results.get(`sql-wide:${by}`)?.[0];
  const vigieRuns = results.get(`vigie-wide:${by}`) ?? [];
  wideAgreement[by] = sql && vigieRuns.length
    ? vigieRuns.map((r) => compareWide(r.groups as WideNumbers[], sql.groups as WideNumbers[])).find((c) => !c.agree)
      ?? compareWide(vigieRuns[0]!.groups as WideNumbers[], sql.groups as WideNumbers[])
    : null;
  const c = wideAgreement[by];
  if (!c) {
    console.log(`wide by ${by}: not compared (a task failed)`);
    continue;
  }
  const issues = [...c.mismatches, ...c.only_left.map((k) => `only in vigie: ${k}`), ...c.only_right.map((k) => `only in the SQL: ${k}`)];
  console.log(`wide by ${by}: ${c.groups} groups compared (created, closed, on-time V2 numerator/denominator, open overdue, no target, `
    + `cancelled, refused, duplicate; time to close p50/p90 in the ${c.percentiles_compared} without open requests): `
    + `${c.agree ? 'same numbers' : `${issues.length} difference(s), first: ${issues.slice(0, 8).join('; ')}`}`);
}
const compared = agreement.month !== null && agreement.trend !== null && computedAgreement.month !== null && computedAgreement.trend !== null
  && WIDE_BYS.every((by) => wideAgreement[by] !== null);
const agree = compared && agreement.month!.agree && agreement.trend!.agree && computedAgreement.month!.agree && computedAgreement.trend!.agree
  && WIDE_BYS.every((by) => wideAgreement[by]!.agree);
console.log(`numbers agree: ${compared ? (agree ? 'yes' : 'no') : 'n/a'}`);
if (compared && !agree) failures.push('the compliance numbers and the hand-written SQL disagree');

// Targets.
console.log('');
const targets: Record<string, { max: number; value: number | null; pass: boolean }> = {};
const pairedMedians: Record<string, number | null> = {};
for (const kind of ['month', 'trend'] as const) {
  const v = best(`vigie-${kind}`);
  const s = best(`sql-${kind}`);
  const ratio = v && s ? v.seconds / s.seconds : null;
  targets[`${kind}_over_sql`] = { max: TARGET_RATIO, value: ratio, pass: ratio !== null && ratio <= TARGET_RATIO };
  targets[`${kind}_seconds`] = { max: TARGET_SECONDS[kind], value: v?.seconds ?? null, pass: v !== null && v.seconds <= TARGET_SECONDS[kind] };
  // The same runs paired by round (each pair met the same load), for information: the median of vigie / SQL.
  const v_ = results.get(`vigie-${kind}`) ?? [];
  const s_ = results.get(`sql-${kind}`) ?? [];
  const paired = v_.length === runs && s_.length === runs ? v_.map((r, i) => r.seconds / s_[i]!.seconds).sort((a, b) => a - b) : [];
  const median = paired.length ? (paired[(paired.length - 1) >> 1]! + paired[paired.length >> 1]!) / 2 : null;
  pairedMedians[kind] = median;
  console.log(`${kind.padEnd(5)}: vigie / hand SQL ${ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`.padStart(7)}   target ≤ ${TARGET_RATIO}×   `
    + `${targets[`${kind}_over_sql`]!.pass ? 'PASS' : 'MISS'}   (best vs best; median of the ${runs} same-round ratios: `
    + `${median === null ? 'n/a' : `${median.toFixed(2)}×`})`);
  console.log(`${kind.padEnd(5)}: vigie ${v ? `${v.seconds.toFixed(2)} s`.padStart(15) : 'n/a'.padStart(15)}   target ≤ ${TARGET_SECONDS[kind]} s     `
    + `${targets[`${kind}_seconds`]!.pass ? 'PASS' : 'MISS'}`);
}
for (const by of WIDE_BYS) {
  const v = best(`vigie-wide:${by}`);
  const q = best(`sql-wide:${by}`);
  const ratio = v && q ? v.seconds / q.seconds : null;
  targets[`wide_${by}_over_sql`] = { max: TARGET_RATIO, value: ratio, pass: ratio !== null && ratio <= TARGET_RATIO };
  targets[`wide_${by}_rss_mb`] = { max: WIDE_RSS_MB, value: v?.peak_rss_mb ?? null, pass: v !== null && v.peak_rss_mb <= WIDE_RSS_MB };
  const bytes = (v?.run as { json_bytes?: number } | undefined)?.json_bytes;
  console.log(`wide by ${by}: vigie ${v ? `${v.seconds.toFixed(2)} s` : 'n/a'}, hand SQL ${q ? `${q.seconds.toFixed(2)} s` : 'n/a'}: `
    + `${ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`}   target ≤ ${TARGET_RATIO}×   ${targets[`wide_${by}_over_sql`]!.pass ? 'PASS' : 'MISS'};   `
    + `peak RSS ${v ? v.peak_rss_mb.toFixed(0) : 'n/a'} MB   target ≤ ${WIDE_RSS_MB} MB   ${targets[`wide_${by}_rss_mb`]!.pass ? 'PASS' : 'MISS'}`
    + `${bytes === undefined ? '' : `;   wide JSON ${(bytes / 1e6).toFixed(1)} MB`}`);
}
for (const kind of ['month', 'trend'] as const) {
  const c = best(`computed-${kind}`);
  const sq = best(`sql-${kind}`);
  console.log(`${kind.padEnd(5)}: for information, deadlines computed at the query (a store without kept deadlines): `
    + `${c ? `${c.seconds.toFixed(2)} s` : 'n/a'}, ${c && sq ? `${(c.seconds / sq.seconds).toFixed(2)}×` : 'n/a'} the hand SQL`);
}
console.log(`load average (1, 5, 15 min): ${loadAtStart} at start, ${loadAtEnd} at end (${machine.cpus} CPUs; others share the machine)`);

// Where vigie's time goes: the slowest statements of the best runs.
const slowest: Record<string, { ms: number; sql: string }[]> = {};
for (const kind of ['month', 'trend', ...WIDE_BYS.map((by) => `wide:${by}` as const)] as const) {
  const v = best(`vigie-${kind}`);
  const st = v?.run.statements ?? [];
  if (!v || !st.length) continue;
  const inSql = st.reduce((s, x) => s + x.ms, 0) / 1000;
  slowest[kind] = [...st].sort((a, b) => b.ms - a.ms).slice(0, 6);
  console.log('');
  console.log(`vigie ${kind}: ${inSql.toFixed(2)} s of ${v.seconds.toFixed(2)} s in ${st.length} statements, `
    + `${(v.seconds - inSql).toFixed(2)} s in JavaScript (opening the store, the calendar, reading rows, metrics, rendering); slowest:`);
  for (const x of slowest[kind]!) {
    console.log(`  ${(x.ms / 1000).toFixed(2).padStart(7)} s  ${((x.ms / 1000 / v.seconds) * 100).toFixed(0).padStart(3)} %  ${x.sql.slice(0, 110)}`);
  }
}

const { state: sourceNow, moved: sourceMoved } = sourceAtEnd(source);

const report = {
  date: new Date().toISOString(),
  machine,
  load_average: { start: loadAtStart, end: loadAtEnd },
  source: { at_start: source, at_end: sourceNow, moved: sourceMoved },
  store: { path: rel(store), rows, bytes, seed: SEED },
  runs,
  tasks: Object.fromEntries(TASKS.map((task) => {
    const b = best(task);
    return [task, {
      label: LABEL[task],
      best: b && { seconds: b.seconds, peak_rss_mb: b.peak_rss_mb, all_seconds: b.all_seconds },
      runs: (results.get(task) ?? []).map(({ groups: _groups, statements: _statements, ...r }) => r),
    }];
  })),
  kept_deadlines: { store: rel(kept), seconds: applied.seconds, peak_rss_mb: applied.maxRssMB, bytes: statSync(kept).size },
  numbers_agree: compared ? agree : null,
  agreement: Object.fromEntries((['month', 'trend'] as const).map((k) => [k, agreement[k] && { ...agreement[k],
    mismatches: agreement[k].mismatches.slice(0, 50) }])),
  wide_agreement: Object.fromEntries(WIDE_BYS.map((by) => [by, wideAgreement[by] && { ...wideAgreement[by],
    mismatches: wideAgreement[by].mismatches.slice(0, 50) }])),
  city_wide: Object.fromEntries((['month', 'trend'] as const).map((k) => [k, results.get(`sql-${k}`)?.[0]?.groups.find((g) => g.city_wide) ?? null])),
  targets,
  same_round_ratio_medians: pairedMedians,
  slowest_vigie_statements: slowest,
  failures,
};
finish('bench:compliance', join(CACHE, 'compliance-results.json'), report, failures);
