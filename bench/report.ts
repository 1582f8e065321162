/**
 * `npm run bench:report`: `vigie report --period 2018-09` on a store of 10,000,000 tickets (2014-01 → 2019-06) and
 * 10,000,000 calls (2018), against hand-written DuckDB SQL of the same aggregates, in the same run:
 *
 *   vigie:     runReport({ store, period: '2018-09', out: <fresh folder> }) in the worker, what `vigie report --period
 *              2018-09 --out DIR` runs: its 5 computeCompliance calls (by borough, both kinds; the year-earlier city;
 *              the 12-month calls trend by month; tickets by theme; tickets by borough × theme), the worst categories,
 *              the staffing model, the service level by weekday × hour, the wait histogram, the data quality, the
 *              channel mix by month, and the rendering (the charts to Vega-Lite and SVG, the HTML page, the Markdown,
 *              the JSON, the manifest);
 *   hand SQL:  bench/report-sql.ts on the same store, opened as vigie opens it (read-only, 2 threads, 512 MB, TimeZone
 *              UTC): calls by borough for the month, the year-earlier city-wide calls and tickets, the 12-month calls
 *              trend by month, calls by local weekday × hour, the wait histogram, tickets by borough, by theme and by
 *              borough × theme, the month's ticket channels, tickets by month × channel over the 12 months; with the
 *              calendar tables it joins (timed). It computes less than vigie (no staffing model, worst categories,
 *              Kaplan–Meier, data quality, rendering).
 *
 * The store, bench/.cache/report-10M.duckdb, is built once: a copy of bench/.cache/tickets-10M.duckdb (generated in SQL
 * by bench/gen-tickets-store.ts when missing; one tickets drop, snapshot 2019-07-01T04:00Z = midnight in Montréal)
 * into which bench/.cache/calls-10M.csv (bench/gen-calls.ts, generated when missing) is imported by vigie's own import,
 * `runImport` with `--snapshot-time 2019-07-01T04:00:00Z`: the calls drop has the tickets drop's snapshot time, so that
 * the report's as-of (the newest snapshot time of the drops read) is the same instant for every call of the report
 * and for the hand SQL, and every call is known at it. The store is built under `report-10M.duckdb.partial` and
 * renamed when complete (not `.tmp`: DuckDB spills to a folder `<store>.tmp` next to a store it reads); delete it to
 * rebuild (after a change of the import, the generators or the schema).
 *
 * Each task runs in a fresh child process (bench/report-worker.ts; peak RSS is the task's own, from
 * process.resourceUsage().maxRSS, read in vigie's case as runReport returns), RUNS times, the tasks interleaved run by
 * run (the machine is shared: load moves during a run). Reported per task: the best wall time, the median, the peak
 * RSS; for vigie, also the time in SQL statements (each statement sent through DuckDBConnection.run / runAndReadAll is
 * timed in the worker; src/ is untouched), the rest (total − statements: standards, rendering, writing; "rendering"
 * below), the statements' total per part of the report and the 8 slowest statements of the best run. The time covers
 * the command, not process start-up and module loading (given apart as the process's whole life).
 *
 * Numbers (every vigie run against the SQL), "numbers agree: yes/no" with the first differences:
 * - compliance.json, calls by borough and city-wide: offered, answered, abandoned, service level numerator and
 *   denominator, and the answered wait sum (ASA's numerator), p50, p90, long waits, answered locally;
 * - compliance.json, tickets by borough and city-wide: the COMPARED fields of bench/compliance-sql.ts (created, closed,
 *   V2 on-time numerator and denominator, open overdue, no target, cancelled, refused, duplicate, backlog, aging
 *   buckets) and the channel counts;
 * - tickets by borough × theme, the same fields: the report writes those groups only as the heat map's rates, so the
 *   worker makes the report's call again off the clock (computeCompliance, kind tickets, by borough and theme), and
 *   the heat map's cells (rate and n) are checked against the SQL too;
 * - the charts' data: the trend's monthly service level, the weekday × hour cells (offered, service level), the wait
 *   histogram's bins, the channel mix by month (tickets per month × channel, when the report draws that chart).
 * Rates within 1e-9, counts exactly.
 *
 * Targets (PASS/MISS, not enforced): vigie's SQL statements ≤ 1.5× the hand SQL task; the whole report ≤ 8 s; each
 * task's peak RSS ≤ 1.5 GB. Results also go to bench/.cache/report-results.json. Exit 0 unless a task failed or the
 * numbers disagree.
 *
 *   npm run bench:report [-- --runs R] [--rows N] [--keep]
 *
 * --runs R   runs of each task (default 3);
 * --rows N   tickets and calls of another size (default 10,000,000; cached as bench/.cache/report-N.duckdb, with its
 *            tickets-N.duckdb and calls-N.csv), e.g. 20000 for the smoke run CI makes;
 * --keep     keep the last run's report folder (bench/.cache/report-out-…) and print its path.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { bestRun, finish, machineInfo, printTable, rel, runWorker, sourceAtEnd, sourceState } from './lib.ts';
import { compareSection, EARLIER, MONTH, SECTIONS, STORE_OPTIONS, TREND_FROM, TREND_TO, type ReportNumbers,
  type SectionComparison } from './report-sql.ts';
import { generateTicketsStore, SNAPSHOT } from './gen-tickets-store.ts';
import { generateCallsCsv } from './gen-calls.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, '.cache');
const WORKER = join(HERE, 'report-worker.ts');
const SEED = 311;
const TARGET_RATIO = 1.5;
const TARGET_SECONDS = 8;
const TARGET_RSS_MB = 1536;
const SLOWEST = 8;

type Task = 'vigie' | 'sql';
const TASKS: Task[] = ['vigie', 'sql'];
const LABEL: Record<Task, string> = { vigie: `vigie report --period ${MONTH}`, sql: 'hand SQL' };

interface Statement { sql: string; ms: number; phase: string }
interface RunResult {
  task: Task;
  seconds: number;
  maxRssMB: number;
  /** The child process's whole life (start-up and module loading included). */
  processSeconds: number;
  numbers: ReportNumbers;
  statements?: Statement[];
  queries?: { name: string; ms: number }[];
  files?: number;
  html_bytes?: number | null;
  earlier?: unknown;
  stderr?: string;
}

const { values: args } = parseArgs({ options: { runs: { type: 'string' }, rows: { type: 'string' }, keep: { type: 'boolean', default: false } }, allowPositionals: false });
const ROWS = args.rows === undefined ? 10_000_000 : Number(args.rows);
if (!Number.isInteger(ROWS) || ROWS < 1000) {
  console.error('bench:report: --rows takes a whole number ≥ 1000');
  process.exit(2);
}
/** The cache's name for a size: 10M for the default, the number otherwise. */
const SIZE = ROWS === 10_000_000 ? '10M' : String(ROWS);
const runs = args.runs === undefined ? 3 : Number(args.runs);
if (!Number.isInteger(runs) || runs <= 0) {
  console.error('bench:report: --runs takes a positive integer');
  process.exit(2);
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};


// The inputs and the store.
mkdirSync(CACHE, { recursive: true });
const ticketsStore = join(CACHE, `tickets-${SIZE}.duckdb`);
const callsCsv = join(CACHE, `calls-${SIZE}.csv`);
const store = join(CACHE, `report-${SIZE}.duckdb`);
let build: Record<string, unknown> | null = null;
if (!existsSync(store)) {
  if (!existsSync(ticketsStore)) {
    const t0 = performance.now();
    console.log(`generating ${rel(ticketsStore)} (${fmtInt(ROWS)} tickets, seed ${SEED}) …`);
    await generateTicketsStore(ticketsStore, ROWS, SEED);
    console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(callsCsv)) {
    const t0 = performance.now();
    console.log(`generating ${rel(callsCsv)} (${fmtInt(ROWS)} calls of 2018, seed ${SEED}) …`);
    await generateCallsCsv(`${callsCsv}.partial`, ROWS, SEED);
    renameSync(`${callsCsv}.partial`, callsCsv);
    console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (existsSync(`${ticketsStore}.wal`)) throw new Error(`${rel(ticketsStore)}.wal exists: the tickets store is being written; try again later`);
  const partial = `${store}.partial`;
  for (const p of [partial, `${partial}.wal`, `${partial}.tmp`]) rmSync(p, { recursive: true, force: true });
  console.log(`building ${rel(store)}: a copy of ${rel(ticketsStore)}, then vigie import --snapshot-time ${SNAPSHOT} ${rel(callsCsv)} …`);
  copyFileSync(ticketsStore, partial);
  type ImportRun = { seconds: number; maxRssMB: number; code: number; counts: Record<string, number> | null;
    findings: { severity: string; code: string; column: string | null; count: number }[]; stderr: string; store: Record<string, unknown> };
  const r = await runWorker<ImportRun>(WORKER, ['import', partial, callsCsv, SNAPSHOT]);
  console.log(`  import: ${r.seconds.toFixed(1)} s, ${r.maxRssMB.toFixed(0)} MB peak RSS, exit ${r.code}; counts ${JSON.stringify(r.counts)}`);
  console.log(`  findings: ${r.findings.length ? r.findings.map((f) => `${f.code} ${f.severity} ${f.column ?? '-'} ×${f.count}`).join(', ') : 'none'}`);
  console.log(`  store: ${JSON.stringify(r.store)}`);
  if (r.code !== 0 || r.counts?.read !== ROWS || !(Number(r.store.calls) > 0)) {
    throw new Error(`the calls import failed (exit ${r.code}, ${r.counts?.read ?? 'no'} rows read of ${ROWS}): ${r.stderr.trim()}; ${rel(partial)} left for a look`);
  }
  if (existsSync(`${partial}.wal`)) throw new Error(`${rel(partial)}: a WAL file was left behind`);
  rmSync(`${partial}.tmp`, { recursive: true, force: true });
  renameSync(partial, store);
  build = { import_seconds: r.seconds, import_peak_rss_mb: r.maxRssMB, counts: r.counts, findings: r.findings, store: r.store };
}

/** What the store holds (a quick read, before the runs). */
async function storeFacts(path: string): Promise<Record<string, unknown>> {
  const instance = await DuckDBInstance.create(path, STORE_OPTIONS);
  const conn = await instance.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    const r = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM calls) AS calls,
      (SELECT count(*) FROM calls WHERE queued_at >= timezone('America/Toronto', TIMESTAMP '${MONTH}-01')
        AND queued_at < timezone('America/Toronto', TIMESTAMP '${MONTH}-01' + INTERVAL 1 MONTH)) AS calls_in_month,
      (SELECT string_agg(kind || ' ' || strftime(snapshot_time, '%Y-%m-%dT%H:%M:%SZ'), ', ' ORDER BY drop_id) FROM drops) AS drops`))
      .getRowObjectsJS()[0] ?? {};
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const facts = await storeFacts(store);
const bytes = statSync(store).size;
const source = sourceState();
const machine = machineInfo();
const loadAtStart = load();
console.log(`machine: ${machine.cpus} CPUs (${machine.cpu_model}), ${machine.total_memory_gb} GB RAM, ${machine.os}, `
  + `Node ${machine.node}, DuckDB ${machine.duckdb}; load average (1, 5, 15 min) at start: ${loadAtStart}`);
console.log(`store: ${rel(store)}: ${fmtInt(Number(facts.tickets))} tickets, ${fmtInt(Number(facts.calls))} calls (${fmtInt(Number(facts.calls_in_month))} `
  + `in ${MONTH}), drops: ${String(facts.drops)}; ${(bytes / 1e6).toFixed(1)} MB; opened as vigie opens it (read-only, threads=2, `
  + `memory_limit=512MB); each task in a fresh process, ${runs} run(s), tasks interleaved`);
console.log(`vigie: commit ${source.commit ?? 'unknown'}${source.src_changes.length
  ? ` + uncommitted changes in ${source.src_changes.length} path(s) of src/` : ''}`);

const results = new Map<Task, RunResult[]>(TASKS.map((t) => [t, []]));
const failures: string[] = [];
const inSql = (r: RunResult) => (r.statements ?? []).reduce((s, x) => s + x.ms, 0) / 1000;
let kept: string | null = null;
for (let i = 0; i < runs; i++) {
  for (const task of TASKS) {
    const out = task === 'vigie' ? mkdtempSync(join(CACHE, 'report-out-')) : null;
    try {
      const r = await runWorker<Omit<RunResult, 'processSeconds'>>(WORKER, task === 'vigie' ? ['vigie', store, out!] : ['sql', store]);
      results.get(task)!.push(r);
      console.log(`  ${task} run ${i + 1}/${runs}: ${r.seconds.toFixed(2)} s${task === 'vigie' ? ` (statements ${inSql(r).toFixed(2)} s)` : ''}, `
        + `${r.maxRssMB.toFixed(0)} MB peak RSS (load ${load()})`);
    } catch (e) {
      failures.push((e as Error).message);
      console.log(`  ${task} run ${i + 1}/${runs}: failed`);
    } finally {
      if (out && args.keep && i === runs - 1) kept = out;
      else if (out) rmSync(out, { recursive: true, force: true });
    }
  }
}
const loadAtEnd = load();

const best = (task: Task) => {
  const b = bestRun(results.get(task) ?? []);
  return b && { ...b, median: median((results.get(task) ?? []).map((r) => r.seconds)) };
};
const v = best('vigie');
const s = best('sql');
const vigieStatements = (results.get('vigie') ?? []).map(inSql);
const bestStatements = vigieStatements.length ? Math.min(...vigieStatements) : null;

console.log('');
printTable(
  ['task', 'best s', 'median s', 'all runs s', 'peak RSS MB', 'in SQL s', 'rendering s'],
  TASKS.map((task) => {
    const b = best(task);
    if (!b) return [LABEL[task], 'failed', '-', '-', '-', '-', '-'];
    const q = task === 'vigie' ? inSql(b.run) : b.seconds;
    return [LABEL[task], b.seconds.toFixed(2), b.median.toFixed(2), b.all_seconds.map((x) => x.toFixed(2)).join(' '), b.peak_rss_mb.toFixed(0),
      q.toFixed(2), task === 'vigie' ? (b.seconds - q).toFixed(2) : '-'];
  }),
  [false, true, true, true, true, true, true],
);
console.log('(vigie: "in SQL" = its statements\' total in the best run, "rendering" = the rest of the command: standards, charts, '
  + 'HTML, files; hand SQL: the whole task)');

// Where the time goes: vigie's statements per part of the report, its slowest statements, and the hand SQL's queries.
let phaseTotals: { phase: string; statements: number; seconds: number }[] = [];
let slowest: Statement[] = [];
if (v?.run.statements?.length) {
  const st = v.run.statements;
  const byPhase = new Map<string, { statements: number; ms: number }>();
  for (const x of st) {
    const p = byPhase.get(x.phase) ?? { statements: 0, ms: 0 };
    p.statements++;
    p.ms += x.ms;
    byPhase.set(x.phase, p);
  }
  phaseTotals = [...byPhase].map(([phase, p]) => ({ phase, statements: p.statements, seconds: Number((p.ms / 1000).toFixed(3)) }));
  const total = inSql(v.run);
  console.log('');
  console.log(`vigie, best run: ${total.toFixed(2)} s of ${v.seconds.toFixed(2)} s in ${st.length} statements; by part of the report `
    + '(inferred from the statements\' order):');
  printTable(['part', 'statements', 'seconds', '% of SQL'],
    phaseTotals.map((p) => [p.phase, String(p.statements), p.seconds.toFixed(2), ((p.seconds / total) * 100).toFixed(0)]), [false, true, true, true]);
  slowest = [...st].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST);
  console.log('');
  console.log(`vigie, best run: the ${SLOWEST} slowest statements:`);
  for (const x of slowest) {
    console.log(`  ${(x.ms / 1000).toFixed(2).padStart(6)} s  ${((x.ms / 1000 / v.seconds) * 100).toFixed(0).padStart(3)} %  [${x.phase}] ${x.sql.slice(0, 120)}`);
  }
}
if (s?.run.queries?.length) {
  console.log('');
  console.log(`hand SQL, best run (${s.seconds.toFixed(2)} s):`);
  for (const q of s.run.queries) console.log(`  ${(q.ms / 1000).toFixed(2).padStart(6)} s  ${q.name}`);
}

// Numbers: each vigie run against the first SQL run.
const sqlRun = results.get('sql')?.[0];
const vigieRuns = results.get('vigie') ?? [];
const sections = Object.keys(SECTIONS) as (keyof ReportNumbers)[];
const compareRun = (r: RunResult) => sections.map((k) => compareSection(k, r.numbers[k], sqlRun!.numbers[k]));
let agreement: SectionComparison[] | null = null;
if (sqlRun && vigieRuns.length) {
  const all = vigieRuns.map(compareRun);
  agreement = all.find((c) => c.some((x) => !x.agree)) ?? all[0]!;
}
console.log('');
if (agreement) {
  for (const c of agreement) {
    const issues = [...c.mismatches, ...c.only_vigie.map((k) => `only in vigie: ${k}`), ...c.only_sql.map((k) => `only in the SQL: ${k}`)];
    if (c.skipped) {
      console.log(`${c.section} (${SECTIONS[c.section].what}): not in this report, skipped`);
      continue;
    }
    console.log(`${c.section} (${SECTIONS[c.section].what}): ${c.groups} groups compared${c.not_shown ? ` (${c.not_shown} SQL groups not shown)` : ''} `
      + `[${SECTIONS[c.section].fields.join(', ')}]: ${c.agree ? 'same numbers' : `${issues.length || 'no group compared:'} difference(s), first: ${issues.slice(0, 8).join('; ')}`}`);
  }
}
const agree = agreement !== null && agreement.every((c) => c.agree);
console.log(`numbers agree: ${agreement ? (agree ? 'yes' : 'no') : 'n/a'}`);
if (agreement && !agree) failures.push("the report's numbers and the hand-written SQL disagree");

// Targets.
console.log('');
const ratio = bestStatements !== null && s ? bestStatements / s.seconds : null;
const vr = results.get('vigie') ?? [];
const sr = results.get('sql') ?? [];
const paired = vr.length === runs && sr.length === runs ? vr.map((r, i) => inSql(r) / sr[i]!.seconds) : [];
const pairedMedian = paired.length ? median(paired) : null;
const targets = {
  queries_over_sql: { max: TARGET_RATIO, value: ratio, pass: ratio !== null && ratio <= TARGET_RATIO },
  report_seconds: { max: TARGET_SECONDS, value: v?.seconds ?? null, pass: v !== null && v.seconds <= TARGET_SECONDS },
  peak_rss_mb: Object.fromEntries(TASKS.map((t) => {
    const mb = best(t)?.peak_rss_mb ?? null;
    return [t, { max: TARGET_RSS_MB, value: mb, pass: mb !== null && mb <= TARGET_RSS_MB }];
  })) as Record<Task, { max: number; value: number | null; pass: boolean }>,
};
const pf = (p: boolean) => (p ? 'PASS' : 'MISS');
console.log(`vigie's statements / hand SQL:  ${ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`.padStart(8)}   target ≤ ${TARGET_RATIO}×    `
  + `${pf(targets.queries_over_sql.pass)}   (best vs best: ${bestStatements?.toFixed(2) ?? 'n/a'} s vs ${s?.seconds.toFixed(2) ?? 'n/a'} s; `
  + `median of the ${runs} same-round ratios: ${pairedMedian === null ? 'n/a' : `${pairedMedian.toFixed(2)}×`})`);
console.log(`vigie's whole report:           ${v ? `${v.seconds.toFixed(2)} s`.padStart(8) : 'n/a'.padStart(8)}   target ≤ ${TARGET_SECONDS} s     `
  + `${pf(targets.report_seconds.pass)}`);
for (const t of TASKS) {
  const x = targets.peak_rss_mb[t];
  console.log(`peak RSS, ${t.padEnd(5)}:               ${x.value === null ? 'n/a'.padStart(8) : `${x.value.toFixed(0)} MB`.padStart(8)}   `
    + `target ≤ ${TARGET_RSS_MB} MB ${pf(x.pass)}`);
}
console.log(`load average (1, 5, 15 min): ${loadAtStart} at start, ${loadAtEnd} at end (${machine.cpus} CPUs; others share the machine)`);
if (kept) console.log(`report kept: ${rel(kept)}`);

const { state: sourceNow, moved: sourceMoved } = sourceAtEnd(source);

const report = {
  date: new Date().toISOString(),
  machine,
  load_average: { start: loadAtStart, end: loadAtEnd },
  source: { at_start: source, at_end: sourceNow, moved: sourceMoved },
  store: { path: rel(store), bytes, ...facts, tickets_from: rel(ticketsStore), calls_from: rel(callsCsv), calls_snapshot_time: SNAPSHOT, seed: SEED,
    built_now: build },
  period: MONTH, year_earlier: EARLIER, trend: `${TREND_FROM}..${TREND_TO}`,
  runs,
  tasks: Object.fromEntries(TASKS.map((task) => {
    const b = best(task);
    return [task, {
      label: LABEL[task],
      best: b && { seconds: b.seconds, median_seconds: b.median, peak_rss_mb: b.peak_rss_mb, all_seconds: b.all_seconds,
        ...(task === 'vigie' ? { statements_seconds: inSql(b.run), rendering_seconds: b.seconds - inSql(b.run) } : { queries: b.run.queries }) },
      runs: (results.get(task) ?? []).map(({ numbers: _numbers, statements, queries: _queries, ...r }) => ({
        ...r, ...(statements ? { statements_seconds: Number((statements.reduce((a, x) => a + x.ms, 0) / 1000).toFixed(3)), statements: statements.length } : {}),
      })),
    }];
  })),
  vigie_by_part: phaseTotals,
  slowest_vigie_statements: slowest,
  numbers_agree: agreement ? agree : null,
  agreement: agreement?.map((c) => ({ ...c, mismatches: c.mismatches.slice(0, 50) })) ?? null,
  city_wide: sqlRun ? {
    calls: sqlRun.numbers.calls_by_borough.find((g) => g.key === 'city-wide')?.v ?? null,
    tickets: sqlRun.numbers.tickets_by_borough.find((g) => g.key === 'city-wide')?.v ?? null,
    year_earlier: sqlRun.earlier ?? null,
  } : null,
  targets,
  same_round_ratio_median: pairedMedian,
  failures,
};
finish('bench:report', join(CACHE, 'report-results.json'), report, failures);
