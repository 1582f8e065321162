/**
 * `npm run bench:import`: vigie's import of a 1,000,000-row Montréal `requetes311.csv` against two DuckDB floors.
 *
 *   read floor:  SELECT count(*) FROM read_csv(FILE)                    (fresh in-memory DuckDB, threads 2, 512MB)
 *   load floor:  CREATE TABLE t AS SELECT * FROM read_csv(FILE)         (fresh database file, same settings)
 *   vigie:       runImport({ files: [FILE], store: fresh, json: true })  (what `vigie import --json FILE` runs)
 *
 * The floors get the settings vigie's store runs with (src/store/db.ts: threads 2, memory_limit 512MB), so that the
 * comparison is the same engine on the same budget. The load floor keeps DuckDB's default string compression; vigie's
 * store turns FSST off (a choice of its storage format, measured in src/store/db.ts). The file is generated once
 * (deterministic) into bench/.cache/.
 * Each task runs in a fresh child process (peak RSS is the task's own) with a fresh database; the tasks run in rounds
 * (read, load, vigie, then again), so that the load floor and vigie of one round meet the same machine load, and the
 * ratio is judged on the median over rounds of vigie / load floor (best times and the highest peak RSS are shown too).
 * Targets: vigie within 1.25× the load floor, vigie's peak RSS ≤ 800 MB. Results also go to bench/.cache/import-results.json.
 * Exit 0 unless a task failed (PASS/MISS against the targets is reported, not enforced).
 *
 *   npm run bench:import [-- --rows N] [--runs R] [--profile]
 *
 * --rows N   another file size (cached as bench/.cache/requetes311-N.csv);
 * --runs R   rounds of the three tasks (default 3: the ratio is their median, and one slow round must not decide it);
 * --profile  then one more vigie run that times each SQL statement vigie sends to DuckDB, and prints the slowest.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bestRun, finish, machineInfo, printTable, rel, runWorker, sourceState } from './lib.ts';
import { generateMontrealCsv } from './gen-montreal.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, '.cache');
const WORKER = join(HERE, 'worker.ts');
const SEED = 311;
const TARGET_RATIO = 1.25;
const TARGET_RSS_MB = 800;

type Task = 'read' | 'load' | 'vigie';
const TASKS: { task: Task; label: string }[] = [
  { task: 'read', label: 'read floor (count(*) read_csv)' },
  { task: 'load', label: 'load floor (CREATE TABLE AS read_csv)' },
  { task: 'vigie', label: 'vigie import' },
];

interface TraceEntry {
  sql: string;
  ms: number;
  rssMB: number;
  peakMB: number;
}

interface RunResult {
  task: Task;
  seconds: number;
  rows: number | null;
  maxRssMB: number;
  /** The child process's whole life (start-up and module loading included). */
  processSeconds: number;
  code?: number;
  counts?: Record<string, number> | null;
  findings?: { severity: string; code: string; column: string | null; count: number }[];
  stderr?: string;
  trace?: TraceEntry[];
}

const { values: args } = parseArgs({
  options: { rows: { type: 'string' }, runs: { type: 'string' }, profile: { type: 'boolean', default: false } },
  allowPositionals: false,
});
const rows = args.rows === undefined ? 1_000_000 : Number(args.rows);
const runs = args.runs === undefined ? 3 : Number(args.runs);
if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(runs) || runs <= 0) {
  console.error('bench:import: --rows and --runs take positive integers');
  process.exit(2);
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs one task in a fresh child process with a fresh directory; resolves with its JSON report. */
async function runTask(task: Task, file: string, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  const dir = mkdtempSync(join(CACHE, `run-${task}-`));
  try {
    return await runWorker<Omit<RunResult, 'processSeconds'>>(WORKER, [task, file, dir], env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Why a run does not count (null when it does). */
function problem(r: RunResult): string | null {
  if (r.task === 'vigie' && r.code !== 0) return `vigie import exited with ${r.code}${r.stderr ? `: ${r.stderr.trim()}` : ''}`;
  if (r.rows !== rows) return `${r.task}: read ${r.rows} rows, expected ${rows}`;
  return null;
}

mkdirSync(CACHE, { recursive: true });
const file = join(CACHE, rows === 1_000_000 ? 'requetes311-1M.csv' : `requetes311-${rows}.csv`);
if (!existsSync(file)) {
  const t0 = performance.now();
  const partial = `${file}.partial`;
  await generateMontrealCsv(partial, rows, SEED);
  renameSync(partial, file);
  console.log(`generated ${rel(file)} (${fmtInt(rows)} rows, seed ${SEED}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const bytes = statSync(file).size;

const source = sourceState();

const machine = machineInfo();
console.log(`machine: ${machine.cpus} CPUs (${machine.cpu_model}), ${machine.total_memory_gb} GB RAM, ${machine.os}, `
  + `Node ${machine.node}, DuckDB ${machine.duckdb}`);
console.log(`file: ${rel(file)}: ${fmtInt(rows)} rows, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / rows).toFixed(0)} bytes/row); `
  + `DuckDB threads=2, memory_limit=512MB (as vigie's store) for every task; ${runs} round(s) of the three tasks, each in a fresh process with a fresh database`);

console.log(`vigie: commit ${source.commit ?? 'unknown'}${source.src_changes.length
  ? ` + uncommitted changes in ${source.src_changes.length} path(s) of src/` : ''}`);

const results = new Map<Task, RunResult[]>(TASKS.map(({ task }) => [task, []]));
/** vigie / load floor of each round where both ran: the two met the same machine load. */
const roundRatios: number[] = [];
const failures: string[] = [];
for (let i = 0; i < runs; i++) {
  const round = new Map<Task, RunResult>();
  for (const { task } of TASKS) {
    try {
      const r = await runTask(task, file);
      const p = problem(r);
      if (p) failures.push(p);
      else {
        results.get(task)!.push(r);
        round.set(task, r);
      }
      console.log(`  round ${i + 1}/${runs} ${task}: ${r.seconds.toFixed(2)} s, ${r.maxRssMB.toFixed(0)} MB peak RSS${p ? ` (${p})` : ''}`);
    } catch (e) {
      failures.push((e as Error).message);
      console.log(`  round ${i + 1}/${runs} ${task}: failed`);
    }
  }
  const [l, v] = [round.get('load'), round.get('vigie')];
  if (l && v) {
    roundRatios.push(v.seconds / l.seconds);
    console.log(`  round ${i + 1}/${runs} vigie / load floor: ${(v.seconds / l.seconds).toFixed(2)}×`);
  }
}
const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const best = (task: Task) => {
  const b = bestRun(results.get(task) ?? []);
  return b && { seconds: b.seconds, rows_per_s: rows / b.seconds, peak_rss_mb: b.peak_rss_mb };
};

console.log('');
printTable(
  ['task', 'seconds', 'rows/s', 'peak RSS MB'],
  TASKS.map(({ task, label }) => {
    const b = best(task);
    return b ? [label, b.seconds.toFixed(2), fmtInt(b.rows_per_s), b.peak_rss_mb.toFixed(0)] : [label, 'failed', '-', '-'];
  }),
  [false, true, true, true],
);

const load = best('load');
const vig = best('vigie');
const bestRatio = load && vig ? vig.seconds / load.seconds : null;
const ratio = median(roundRatios);
const ratioPass = ratio !== null && ratio <= TARGET_RATIO;
const rssPass = vig !== null && vig.peak_rss_mb <= TARGET_RSS_MB;
console.log('');
console.log(`vigie / load floor, median of ${roundRatios.length} round(s): ${ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`}   target ≤ ${TARGET_RATIO}×   ${ratioPass ? 'PASS' : 'MISS'}`
  + `   (best vs best: ${bestRatio === null ? 'n/a' : `${bestRatio.toFixed(2)}×`}; rounds: ${roundRatios.map((r) => r.toFixed(2)).join(', ')})`);
console.log(`vigie peak RSS:     ${vig ? `${vig.peak_rss_mb.toFixed(0)} MB` : 'n/a'}   target ≤ ${TARGET_RSS_MB} MB   ${rssPass ? 'PASS' : 'MISS'}`);
const lastVigie = results.get('vigie')?.at(-1);
if (lastVigie) {
  console.log(`vigie counts: ${JSON.stringify(lastVigie.counts)}`);
  console.log(`vigie findings: ${lastVigie.findings?.length ? lastVigie.findings.map((f) => `${f.code} ${f.severity} ${f.column ?? '-'} ×${f.count}`).join(', ') : 'none'}`);
}

let profile: TraceEntry[] | null = null;
let profileSeconds: number | null = null;
if (args.profile) {
  try {
    const r = await runTask('vigie', file, { ...process.env, VIGIE_BENCH_TRACE: '1' });
    profile = r.trace ?? [];
    profileSeconds = r.seconds;
    const inSql = profile.reduce((s, t) => s + t.ms, 0) / 1000;
    console.log('');
    console.log(`profile (one more vigie run, ${r.seconds.toFixed(2)} s: ${inSql.toFixed(2)} s in ${profile.length} SQL statements, `
      + `${(r.seconds - inSql).toFixed(2)} s outside SQL: opening the store, hashing/counting lines, JS):`);
    // Which statement raised the peak: the peak RSS after it minus the peak before it.
    const withPeak = profile.map((t, i) => ({ ...t, raised: t.peakMB - (i ? profile![i - 1]!.peakMB : 0) }));
    printTable(
      ['s', '%', 'RSS after', 'peak +', 'statement'],
      withPeak.sort((a, b) => b.ms - a.ms).slice(0, 12)
        .map((t) => [(t.ms / 1000).toFixed(2), ((t.ms / 1000 / r.seconds) * 100).toFixed(0), t.rssMB.toFixed(0),
          t.raised.toFixed(0), t.sql.slice(0, 100)]),
      [true, true, true, true, false],
    );
    console.log(`peak RSS of the profiled run: ${r.maxRssMB.toFixed(0)} MB`);
  } catch (e) {
    failures.push(`profile: ${(e as Error).message}`);
  }
}

const report = {
  date: new Date().toISOString(),
  machine,
  vigie_source: source,
  file: { path: rel(file), rows, bytes, seed: SEED },
  settings: { duckdb_threads: 2, duckdb_memory_limit: '512MB', runs, rounds: roundRatios },
  tasks: Object.fromEntries(TASKS.map(({ task }) => [task, {
    best: best(task),
    runs: (results.get(task) ?? []).map(({ trace: _trace, ...r }) => r),
  }])),
  vigie_over_load: ratio,
  targets: {
    ratio: { max: TARGET_RATIO, value: ratio, pass: ratioPass },
    peak_rss_mb: { max: TARGET_RSS_MB, value: vig?.peak_rss_mb ?? null, pass: rssPass },
  },
  ...(profile ? { profile: { seconds: profileSeconds, statements: profile } } : {}),
  failures,
};
finish('bench:import', join(CACHE, 'import-results.json'), report, failures);
