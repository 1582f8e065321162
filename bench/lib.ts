/** What the benchmarks share: the repository root, the machine they ran on, the vigie measured, plain-text tables. */
import { execFileSync, spawn } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, writeFileSync } from 'node:fs';
import { DuckDBConnection, version as duckdbVersion } from '@duckdb/node-api';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A path relative to the repository, for printing. */
export const rel = (p: string) => relative(ROOT, p) || '.';

/** Which vigie was measured: the commit, and the files of src/ changed since (others may be editing it). */
export function sourceState(): { commit: string | null; src_changes: string[] } {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return {
      commit: git('rev-parse', '--short', 'HEAD').trim(),
      src_changes: git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).map((l) => l.slice(3)),
    };
  } catch {
    return { commit: null, src_changes: [] };
  }
}

/** The machine's conditions, printed with every result. */
export function machineInfo() {
  return {
    os: `${platform()} ${release()}`,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    total_memory_gb: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    duckdb: duckdbVersion(),
  };
}

function pad(cells: string[], widths: number[], right: boolean[]): string {
  return cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
}

/** A plain-text table on stdout. */
export function printTable(header: string[], body: string[][], right: boolean[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  console.log(pad(header, widths, right));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(pad(r, widths, right));
}

/** Prints a warning when src/ moved since `atStart` (the workers may have measured different code); returns the state now. */
export function sourceAtEnd(atStart: { commit: string | null; src_changes: string[] }): { state: ReturnType<typeof sourceState>; moved: boolean } {
  const state = sourceState();
  const moved = state.commit !== atStart.commit || state.src_changes.join() !== atStart.src_changes.join();
  if (moved) {
    console.log(`warning: src/ changed during the run (now commit ${state.commit ?? 'unknown'}${state.src_changes.length
      ? ` + uncommitted changes in ${state.src_changes.length} path(s)` : ''}): the tasks may have measured different code`);
  }
  return { state, moved };
}

/** Writes a benchmark's results JSON, says where, and exits 1 listing the failures if there are any. */
export function finish(bench: string, path: string, report: unknown, failures: string[]): void {
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
  console.log('');
  console.log(`results: ${rel(path)}`);
  if (failures.length) {
    console.error(`\n${bench}: ${failures.length} failure(s):\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
}

/** Times every statement sent through DuckDBConnection.run and .runAndReadAll in this process (src/ untouched). */
export function installStatementTimer(): { sql: string; ms: number }[] {
  const timings: { sql: string; ms: number }[] = [];
  const proto = DuckDBConnection.prototype as unknown as Record<'run' | 'runAndReadAll', (sql: string, ...rest: unknown[]) => Promise<unknown>>;
  let depth = 0; // runAndReadAll may call run: time the outer call only
  for (const name of ['run', 'runAndReadAll'] as const) {
    const original = proto[name];
    proto[name] = async function (this: unknown, sql: string, ...rest: unknown[]) {
      const t0 = performance.now();
      depth++;
      try {
        return await original.call(this, sql, ...rest);
      } finally {
        depth--;
        if (depth === 0) timings.push({ sql: sql.replace(/\s+/g, ' ').trim(), ms: performance.now() - t0 });
      }
    };
  }
  return timings;
}

/**
 * Runs a benchmark worker (`node --import tsx WORKER ...argv`) in a fresh child process, so that its peak RSS is its
 * own; resolves with the last JSON line it printed and the child's whole life in seconds.
 */
export function runWorker<T>(worker: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<T & { processSeconds: number }> {
  const started = performance.now();
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, ...argv], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', rejectRun);
    child.on('close', (code, signal) => {
      const processSeconds = (performance.now() - started) / 1000;
      const stderr = Buffer.concat(err).toString('utf8');
      const line = Buffer.concat(out).toString('utf8').trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (code !== 0 || !line) {
        rejectRun(new Error(`${argv[0]}: worker exited with ${signal ?? code}${stderr ? `\n${stderr.trim()}` : ''}`));
        return;
      }
      resolveRun({ ...(JSON.parse(line) as T), processSeconds });
    });
  });
}

/** The fastest of a task's runs, its time, every run's time and the highest peak RSS; null when every run failed. */
export function bestRun<R extends { seconds: number; maxRssMB: number }>(list: R[]):
  { run: R; seconds: number; peak_rss_mb: number; all_seconds: number[] } | null {
  if (!list.length) return null;
  const fastest = list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { run: fastest, seconds: fastest.seconds, peak_rss_mb: Math.max(...list.map((r) => r.maxRssMB)),
    all_seconds: list.map((r) => Number(r.seconds.toFixed(3))) };
}

/**
 * The command line of a store generator (`tsx bench/NAME.ts OUT.duckdb [ROWS] [SEED]`): checks its arguments, refuses
 * an existing file, generates and says how long it took.
 */
export async function generatorCli(name: string, what: string, generate: (out: string, rows: number, seed: number) => Promise<void>):
  Promise<void> {
  const [out, rowsArg, seedArg] = process.argv.slice(2);
  if (!out) {
    console.error(`usage: tsx bench/${name}.ts OUT.duckdb [${what}=10000000] [SEED=311]`);
    process.exit(2);
  }
  const rows = rowsArg ? Number(rowsArg) : 10_000_000;
  const seed = seedArg ? Number(seedArg) : 311;
  if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(seed)) {
    console.error(`${what} must be a positive integer, SEED an integer`);
    process.exit(2);
  }
  if (existsSync(out)) {
    console.error(`${out} exists: remove it first`);
    process.exit(2);
  }
  const t0 = performance.now();
  await generate(out, rows, seed);
  console.log(`${out}: ${rows} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
