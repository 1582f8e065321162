/**
 * `npm run bench:calls`: vigie on a year of call-centre logs (10,000,000 calls of 2018 in the `vigie-calls` format).
 *
 *   import:      runImport({ files: [FILE], store: fresh, json: true })           (what `vigie import --json FILE` runs)
 *   compliance:  12 × runCompliance({ store, kind: 'calls', period: '2018-MM', by: 'borough,queue', json: true })
 *   sql:         the hand-written SQL of bench/calls-sql.ts on the same store (read-only, opened as vigie opens it),
 *                12 queries (one per local month) in one process
 *   sql (year):  the same numbers for the 12 months in one query
 *   info:        the 12 monthly queries on the call_versions table under the `calls` view (no target: it shows what
 *                reading through the view costs; same rows here, as the store holds one version per call)
 *
 * The file is generated once (deterministic, bench/gen-calls.ts) into bench/.cache/. Each task runs in a fresh child
 * process (peak RSS is the task's own). The import runs once and builds the store the other tasks read; compliance and
 * SQL run RUNS times each (best wall time kept, highest peak RSS). The numbers of every compliance query (service
 * level numerator and denominator city-wide and per borough × queue, and the other counts, sums and percentiles) must
 * equal the SQL's, monthly and yearly: "numbers agree: yes/no".
 * Targets: the 12 compliance queries within 1.5× the 12 hand-written ones and ≤ 2 s in all; each task's peak RSS
 * ≤ 1.5 GB. Results also go to bench/.cache/calls-results.json. Exit 0 unless a task failed or the numbers disagree
 * (PASS/MISS against the targets is reported, not enforced).
 *
 *   npm run bench:calls [-- --rows N] [--runs R] [--keep]
 *
 * --rows N   another file size (cached as bench/.cache/calls-N.csv);
 * --runs R   runs of the compliance and SQL tasks (default 2);
 * --keep     keep the store (bench/.cache/run-calls-…/vigie.duckdb) and print its path.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bestRun, finish, machineInfo, printTable, rel, runWorker, sourceAtEnd, sourceState } from './lib.ts';
import { compare, MONTHS, type Comparison, type GroupNumbers } from './calls-sql.ts';
import { generateCallsCsv } from './gen-calls.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, '.cache');
const WORKER = join(HERE, 'worker.ts');
const SEED = 311;
const TARGET_RATIO = 1.5;
const TARGET_COMPLIANCE_SECONDS = 2;
const TARGET_RSS_MB = 1536;

type Task = 'calls-import' | 'calls-compliance' | 'calls-sql' | 'calls-sql-year' | 'calls-sql-versions';
const LABEL: Record<Task, string> = {
  'calls-import': 'import (runImport)',
  'calls-compliance': 'compliance (12 × runCompliance)',
  'calls-sql': 'hand SQL (12 monthly queries)',
  'calls-sql-year': 'hand SQL (1 query, 12 months)',
  'calls-sql-versions': 'info: hand SQL on call_versions (12)',
};

interface RunResult {
  task: Task;
  seconds: number;
  rows?: number | null;
  maxRssMB: number;
  /** The child process's whole life (start-up and module loading included). */
  processSeconds: number;
  code?: number;
  counts?: Record<string, number> | null;
  findings?: { severity: string; code: string; column: string | null; count: number }[];
  stderr?: string;
  trace?: { ms: number; step: string }[];
  queries?: number;
  perQuery?: { period: string; seconds: number; code?: number; error?: string | null; slowest?: { sql: string; ms: number }[] }[];
  groups?: GroupNumbers[];
}

const { values: args } = parseArgs({
  options: { rows: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'boolean', default: false } },
  allowPositionals: false,
});
const rows = args.rows === undefined ? 10_000_000 : Number(args.rows);
const runs = args.runs === undefined ? 2 : Number(args.runs);
if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(runs) || runs <= 0) {
  console.error('bench:calls: --rows and --runs take positive integers');
  process.exit(2);
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs one task in a fresh child process; resolves with its JSON report. `dir` is the task's working directory. */
function runTask(task: Task, file: string, dir: string): Promise<RunResult> {
  return runWorker<Omit<RunResult, 'processSeconds'>>(WORKER, [task, file, dir]);
}

/** Why a run does not count (null when it does). */
function problem(r: RunResult): string | null {
  if (r.task === 'calls-import') {
    if (r.code !== 0) return `import exited with ${r.code}${r.stderr ? `: ${r.stderr.trim()}` : ''}`;
    if (r.rows !== rows) return `import: read ${r.rows} rows, expected ${rows}`;
    return null;
  }
  const bad = (r.perQuery ?? []).filter((q) => q.error);
  if (bad.length) return `${r.task}: ${bad.map((q) => `${q.period}: ${q.error}`).join('; ')}`;
  const expected = r.task === 'calls-sql-year' ? 1 : MONTHS.length;
  if (r.queries !== expected) return `${r.task}: ran ${r.queries} queries, expected ${expected}`;
  const cityWide = (r.groups ?? []).filter((g) => g.city_wide);
  if (cityWide.length !== MONTHS.length || cityWide.some((g) => !(g.offered > 0))) {
    return `${r.task}: expected a city-wide group with calls for each of the ${MONTHS.length} months, got ${cityWide.length}`;
  }
  return null;
}

mkdirSync(CACHE, { recursive: true });
const file = join(CACHE, rows === 10_000_000 ? 'calls-10M.csv' : `calls-${rows}.csv`);
if (!existsSync(file)) {
  const t0 = performance.now();
  const partial = `${file}.partial`;
  await generateCallsCsv(partial, rows, SEED);
  renameSync(partial, file);
  console.log(`generated ${rel(file)} (${fmtInt(rows)} calls, seed ${SEED}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const bytes = statSync(file).size;

const source = sourceState();

const machine = machineInfo();
console.log(`machine: ${machine.cpus} CPUs (${machine.cpu_model}), ${machine.total_memory_gb} GB RAM, ${machine.os}, `
  + `Node ${machine.node}, DuckDB ${machine.duckdb}`);
console.log(`file: ${rel(file)}: ${fmtInt(rows)} calls of 2018, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / rows).toFixed(0)} bytes/row); `
  + `stores opened as vigie opens them (threads=2, memory_limit=512MB); each task in a fresh process; `
  + `import once, compliance and SQL best of ${runs} run(s)`);
console.log(`vigie: commit ${source.commit ?? 'unknown'}${source.src_changes.length
  ? ` + uncommitted changes in ${source.src_changes.length} path(s) of src/` : ''}`);

const storeDir = mkdtempSync(join(CACHE, 'run-calls-'));
const store = join(storeDir, 'vigie.duckdb');
const results = new Map<Task, RunResult[]>();
const failures: string[] = [];

async function measure(task: Task, input: string, times: number): Promise<void> {
  const list: RunResult[] = [];
  for (let i = 0; i < times; i++) {
    try {
      const r = await runTask(task, input, storeDir);
      const p = problem(r);
      if (p) failures.push(p);
      else list.push(r);
      console.log(`  ${task} run ${i + 1}/${times}: ${r.seconds.toFixed(2)} s, ${r.maxRssMB.toFixed(0)} MB peak RSS${p ? ` (${p})` : ''}`);
    } catch (e) {
      failures.push((e as Error).message);
      console.log(`  ${task} run ${i + 1}/${times}: failed`);
    }
  }
  results.set(task, list);
}

await measure('calls-import', file, 1);
const imported = (results.get('calls-import') ?? []).length > 0;
if (imported) {
  console.log(`  store: ${(statSync(store).size / 1e6).toFixed(1)} MB`);
  for (const task of ['calls-compliance', 'calls-sql', 'calls-sql-year', 'calls-sql-versions'] as const) await measure(task, store, runs);
}

const best = (task: Task) => bestRun(results.get(task) ?? []);
const tasks: Task[] = ['calls-import', 'calls-compliance', 'calls-sql', 'calls-sql-year', 'calls-sql-versions'];

console.log('');
printTable(
  ['task', 'seconds', 'rows/s or queries', 'peak RSS MB'],
  tasks.map((task) => {
    const b = best(task);
    if (!b) return [LABEL[task], 'failed', '-', '-'];
    const rate = task === 'calls-import' ? `${fmtInt(rows / b.seconds)} rows/s`
      : `${b.run.queries} (${((b.seconds / (b.run.queries ?? 1)) * 1000).toFixed(0)} ms each)`;
    return [LABEL[task], b.seconds.toFixed(2), rate, b.peak_rss_mb.toFixed(0)];
  }),
  [false, true, true, true],
);

// Per-month seconds of the best compliance and SQL runs.
const comp = best('calls-compliance');
const sql = best('calls-sql');
const year = best('calls-sql-year');
if (comp && sql) {
  console.log('');
  const perMonth = (r: RunResult) => new Map((r.perQuery ?? []).map((q) => [q.period, q.seconds]));
  const c = perMonth(comp.run);
  const s = perMonth(sql.run);
  printTable(
    ['month', 'compliance s', 'hand SQL s', 'ratio'],
    MONTHS.map((m) => [m, (c.get(m) ?? NaN).toFixed(3), (s.get(m) ?? NaN).toFixed(3), ((c.get(m) ?? NaN) / (s.get(m) ?? NaN)).toFixed(2)]),
    [false, true, true, true],
  );
  const slowest = (comp.run.perQuery ?? []).flatMap((q) => q.slowest ?? []).reduce((acc, x) => {
    const k = x.sql.slice(0, 60);
    acc.set(k, (acc.get(k) ?? 0) + x.ms);
    return acc;
  }, new Map<string, number>());
  console.log(`compliance: statements taking the most time over the 12 queries: ${[...slowest.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3)
    .map(([k, ms]) => `${(ms / 1000).toFixed(2)} s ${k}…`).join('; ')}`);
}

// Numbers: compliance against the monthly SQL, and the yearly SQL against the monthly SQL.
const versions = best('calls-sql-versions');
let agreement: { monthly: Comparison | null; yearly: Comparison | null; versions: Comparison | null } = { monthly: null, yearly: null, versions: null };
if (comp && sql) {
  agreement = {
    monthly: compare(comp.run.groups ?? [], sql.run.groups ?? []),
    yearly: year ? compare(year.run.groups ?? [], sql.run.groups ?? []) : null,
    versions: versions ? compare(versions.run.groups ?? [], sql.run.groups ?? []) : null,
  };
}
const agree = !!agreement.monthly?.agree && agreement.yearly?.agree !== false && agreement.versions?.agree !== false;
console.log('');
if (agreement.monthly) {
  const m = agreement.monthly;
  console.log(`compared: ${m.groups} groups (${m.city_wide_groups} city-wide months + borough × queue per month), each: offered, answered, `
    + `abandoned, service level numerator/denominator, abandonment numerator/denominator, answered wait sum, p50, p90, long waits, answered locally`);
  for (const [name, c] of [['compliance vs hand SQL (monthly)', m], ['hand SQL yearly vs monthly', agreement.yearly],
    ['hand SQL on call_versions vs on calls', agreement.versions]] as const) {
    if (!c) continue;
    const issues = [...c.service_level_mismatches, ...c.other_mismatches, ...c.only_left.map((k) => `only in the first: ${k}`),
      ...c.only_right.map((k) => `only in the second: ${k}`)];
    console.log(`  ${name}: ${c.agree ? 'same numbers' : `${issues.length} difference(s): ${issues.slice(0, 8).join('; ')}`}`);
  }
  const sl = m.service_level_mismatches.length;
  console.log(`  service level numerator/denominator: ${sl ? `${sl} mismatch(es)` : 'equal in every group'}`);
}
console.log(`numbers agree: ${agreement.monthly ? (agree ? 'yes' : 'no') : 'n/a'}`);
if (agreement.monthly && !agree) failures.push('the compliance numbers and the hand-written SQL disagree');

const imp = best('calls-import');
const ratio = comp && sql ? comp.seconds / sql.seconds : null;
const ratioPass = ratio !== null && ratio <= TARGET_RATIO;
const secondsPass = comp !== null && comp.seconds <= TARGET_COMPLIANCE_SECONDS;
const rss = tasks.map((t) => ({ task: t, mb: best(t)?.peak_rss_mb ?? null }));
console.log('');
console.log(`compliance / hand SQL (12 monthly queries each): ${ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`}   target ≤ ${TARGET_RATIO}×   ${ratioPass ? 'PASS' : 'MISS'}`);
console.log(`compliance, 12 queries in all:                   ${comp ? `${comp.seconds.toFixed(2)} s` : 'n/a'}   target ≤ ${TARGET_COMPLIANCE_SECONDS} s   ${secondsPass ? 'PASS' : 'MISS'}`);
for (const { task, mb } of rss) {
  const pass = mb !== null && mb <= TARGET_RSS_MB;
  console.log(`peak RSS ${LABEL[task].padEnd(Math.max(...tasks.map((t) => LABEL[t].length)))}  ${mb === null ? 'n/a' : `${mb.toFixed(0)} MB`}   target ≤ ${TARGET_RSS_MB} MB   ${pass ? 'PASS' : 'MISS'}`);
}
if (imp) {
  console.log(`import counts: ${JSON.stringify(imp.run.counts)}`);
  console.log(`import findings: ${imp.run.findings?.length ? imp.run.findings.map((f) => `${f.code} ${f.severity} ${f.column ?? '-'} ×${f.count}`).join(', ') : 'none'}`);
  const trace = imp.run.trace ?? [];
  if (trace.length) {
    const inSteps = trace.reduce((s, t) => s + t.ms, 0) / 1000;
    console.log(`import steps (VIGIE_TRACE; ${inSteps.toFixed(1)} s of ${imp.seconds.toFixed(1)} s in ${trace.length} steps), slowest:`);
    for (const t of [...trace].sort((a, b) => b.ms - a.ms).slice(0, 6)) {
      console.log(`  ${(t.ms / 1000).toFixed(2).padStart(6)} s  ${((t.ms / 1000 / imp.seconds) * 100).toFixed(0).padStart(3)} %  ${t.step.slice(0, 100)}`);
    }
  }
}

// Others may commit or edit src/ while the benchmark runs: each worker loads src/ when it starts.
const { state: sourceNow } = sourceAtEnd(source);
const report = {
  date: new Date().toISOString(),
  machine,
  vigie_source: source,
  vigie_source_at_end: sourceNow,
  file: { path: rel(file), rows, bytes, seed: SEED },
  settings: { duckdb_threads: 2, duckdb_memory_limit: '512MB', runs, sql_local_time: "timezone('America/Toronto', queued_at)" },
  tasks: Object.fromEntries(tasks.map((task) => {
    const b = best(task);
    return [task, {
      best: b && { seconds: b.seconds, peak_rss_mb: b.peak_rss_mb, ...(task === 'calls-import' ? { rows_per_s: rows / b.seconds } : { queries: b.run.queries }) },
      runs: (results.get(task) ?? []).map(({ groups: _groups, ...r }) => r),
    }];
  })),
  numbers_agree: agreement.monthly ? agree : null,
  agreement: agreement.monthly && {
    monthly: { ...agreement.monthly, service_level_mismatches: agreement.monthly.service_level_mismatches.slice(0, 50),
      other_mismatches: agreement.monthly.other_mismatches.slice(0, 50) },
    yearly: agreement.yearly && { ...agreement.yearly, service_level_mismatches: agreement.yearly.service_level_mismatches.slice(0, 50),
      other_mismatches: agreement.yearly.other_mismatches.slice(0, 50) },
    versions: agreement.versions && { ...agreement.versions, service_level_mismatches: agreement.versions.service_level_mismatches.slice(0, 50),
      other_mismatches: agreement.versions.other_mismatches.slice(0, 50) },
  },
  city_wide: sql ? (sql.run.groups ?? []).filter((g) => g.city_wide) : null,
  targets: {
    compliance_over_sql: { max: TARGET_RATIO, value: ratio, pass: ratioPass },
    compliance_seconds: { max: TARGET_COMPLIANCE_SECONDS, value: comp?.seconds ?? null, pass: secondsPass },
    peak_rss_mb: Object.fromEntries(rss.map(({ task, mb }) => [task, { max: TARGET_RSS_MB, value: mb, pass: mb !== null && mb <= TARGET_RSS_MB }])),
  },
  failures,
};
if (args.keep) console.log(`store kept: ${rel(store)}`);
else rmSync(storeDir, { recursive: true, force: true });
finish('bench:calls', join(CACHE, 'calls-results.json'), report, failures);
