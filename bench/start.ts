/**
 * `npm run bench:start`: how fast vigie answers when it has nothing to compute, against Node's own start in the same
 * run. Each command is the compiled program as a user runs it (`node bin/vigie.js …`, dist/ from `npm run build`, built
 * first when missing), started RUNS times, the commands interleaved run by run (the machine is shared: load moves
 * during a run):
 *
 *   node -e 0                      the floor: Node starting and exiting;
 *   vigie --version                the program's shell alone (no command is loaded);
 *   vigie --help                   the list of commands, from the catalogue (none is loaded);
 *   vigie compliance --help        one command loaded, with its options, but not the engine or the renderer.
 *
 * Reported per command: the median wall time over the runs, the best, and the median minus the floor's median.
 * Target (PASS/MISS, not enforced): every vigie line's median ≤ 0.15 s. Each output is checked (the version is the
 * package's, the helps list what they must): a command that fails or prints something else fails the bench (exit 1).
 * Results also go to bench/.cache/start-results.json.
 *
 *   npm run bench:start [-- --runs R]
 *
 * --runs R   starts of each command (default 10).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { finish, machineInfo, printTable, ROOT, sourceAtEnd, sourceState } from './lib.ts';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a whole number ≥ 1');
const TARGET_S = 0.15;
const BIN = join(ROOT, 'bin', 'vigie.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Task { name: string; argv: string[]; check: (out: string) => boolean; floor?: true }
const TASKS: Task[] = [
  { name: 'node -e 0', argv: ['-e', '0'], check: (o) => o === '', floor: true },
  { name: 'vigie --version', argv: [BIN, '--version'], check: (o) => o.trim() === VERSION },
  { name: 'vigie --help', argv: [BIN, '--help'], check: (o) => /compliance \[options\]/.test(o) && /demo \[options\]/.test(o) },
  { name: 'vigie compliance --help', argv: [BIN, 'compliance', '--help'], check: (o) => /--by <keys>/.test(o) && /--kind/.test(o) },
];

if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
  console.log('dist/ is missing: npm run build');
  const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('npm run build failed');
}

const atStart = sourceState();
const machine = machineInfo();
console.log(`bench:start — ${RUNS} start(s) of each command, interleaved; ${machine.cpus} × ${machine.cpu_model}, `
  + `${machine.total_memory_gb} GB, Node ${machine.node}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

const times = new Map<string, number[]>(TASKS.map((t) => [t.name, []]));
const failures: string[] = [];
for (let run = 0; run < RUNS; run++) {
  for (const task of TASKS) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, task.argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0 || !task.check(r.stdout)) {
      failures.push(`${task.name}: exit ${r.status}, ${JSON.stringify((r.stdout + r.stderr).slice(0, 200))}`);
      continue;
    }
    times.get(task.name)!.push(seconds);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const floor = median(times.get(TASKS[0]!.name)!);
const results = TASKS.map((t) => {
  const xs = times.get(t.name)!;
  const m = median(xs);
  return {
    command: t.name, runs: xs.length, median_s: m, best_s: Math.min(...xs), over_floor_s: t.floor ? 0 : m - floor,
    target: t.floor ? null : m <= TARGET_S ? 'PASS' : 'MISS',
  };
});
printTable(['command', 'median', 'best', 'over node -e 0', `≤ ${TARGET_S} s`],
  results.map((r) => [r.command, `${r.median_s.toFixed(3)} s`, `${r.best_s.toFixed(3)} s`,
    r.target === null ? '—' : `${r.over_floor_s >= 0 ? '+' : ''}${r.over_floor_s.toFixed(3)} s`, r.target ?? 'floor']),
  [false, true, true, true, false]);
const { state } = sourceAtEnd(atStart);
mkdirSync(join(ROOT, 'bench', '.cache'), { recursive: true });
finish('bench:start', join(ROOT, 'bench', '.cache', 'start-results.json'),
  { bench: 'start', runs: RUNS, target_s: TARGET_S, machine, source: state, results }, failures);
