/**
 * Robustness under faults, each injected for real into child processes that run the real CLI (`node bin/vigie.js …`):
 * - kill -9 in the middle of an import, at three points (test-only hook VIGIE_TEST_PAUSE_AT, see testPause in
 *   src/commands/import.ts): the store keeps exactly its previous content (a digest of every table), and a retry gives
 *   the content of an import that was never interrupted;
 * - two imports at once on one store: the second waits for the lock, then succeeds or exits 1 with "store busy", and
 *   nothing is lost;
 * - a read-only store and read-only output folders (the child runs as an unprivileged user when the tests run as root);
 * - a full disk (a small tmpfs, where the machine lets us mount one);
 * - no network: every command under a preload that records and refuses any attempt (test/_helpers/no-network.ts);
 * - output paths never escape `--out`, whatever names the data holds.
 * Set-up, reference stores and retries run in-process (faster); every fault is injected into a child process. Where
 * the fault is the environment rather than the process (file modes, network, paths), one child runs the several
 * commands through the CLI's entry point (test/_helpers/vigie-many.ts): a Node start-up costs seconds.
 */
import test, { type ExecutionContext } from 'ava';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { fx } from '../fixtures/nasty/helpers.ts';
import { csv, request } from '../fixtures/nasty/montreal.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..', '..');
const BIN = join(ROOT, 'bin', 'vigie.js');
const NO_NETWORK = join(here, '..', '_helpers', 'no-network.ts');
const MANY = join(here, '..', '_helpers', 'vigie-many.ts');
const TSX = import.meta.resolve('tsx');

/** The two drops every scenario imports: snapshot A (pinned snapshot time), then snapshot B. */
const DROP_A = ['--snapshot-time', '2018-09-01T00:00:00Z', fx('snapshot-a.csv')];
const DROP_B = [fx('snapshot-b.csv')];

/** A stack trace line (`    at f (file.ts:1:2)`): never on stderr without --verbose. */
const STACK = /^\s+at .*:\d+:\d+\)?$/m;

// ------------------------------------------------------------------------------------------------ what this machine allows

const isRoot = process.getuid?.() === 0;

function succeeds(cmd: string, args: string[]): boolean {
  try {
    return spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 }).status === 0;
  } catch {
    return false;
  }
}

/**
 * `setpriv --pdeathsig KILL`: children die with this worker, even when it is killed (ava's timeout) before its teardowns
 * run; a child stopped with SIGSTOP would otherwise stay forever.
 */
const DIE_WITH_US = succeeds('setpriv', ['--pdeathsig', 'KILL', '--', 'true']) ? ['setpriv', '--pdeathsig', 'KILL', '--'] : [];

/** How to run a child without root's right to ignore file modes (nothing to add when not root), or why it cannot be done. */
function unprivileged(): { wrap: string[]; why: string | null } {
  if (!isRoot) return { wrap: [], why: null };
  const id = (flag: string) => spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return { wrap: [], why: 'running as root and there is no user nobody to drop to' };
  const candidates = [
    ['setpriv', `--reuid=${uid.stdout.trim()}`, `--regid=${gid.stdout.trim()}`, '--clear-groups', ...(DIE_WITH_US.length ? ['--pdeathsig', 'KILL'] : []), '--'],
    ['runuser', '-u', 'nobody', '--'],
  ];
  // the unprivileged user must be able to read vigie itself and its dependencies
  const canRead = `const fs = require('node:fs'); for (const p of ${JSON.stringify([BIN, join(ROOT, 'node_modules', 'tsx', 'package.json'),
    join(ROOT, 'node_modules', '@duckdb', 'node-api', 'package.json')])}) fs.accessSync(p, fs.constants.R_OK);`;
  for (const wrap of candidates) {
    if (succeeds(wrap[0]!, [...wrap.slice(1), process.execPath, '-e', canRead])) return { wrap, why: null };
  }
  return { wrap: [], why: 'running as root, and neither setpriv nor runuser can run node as nobody with the project readable' };
}

/** Whether a small tmpfs can be mounted here (root in a namespace that allows it). */
function tmpfsWhy(): string | null {
  if (!isRoot) return 'not root: cannot mount a small tmpfs to fill';
  const d = mkdtempSync(join(tmpdir(), 'vigie-probe-'));
  try {
    if (!succeeds('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'vigie-probe', d])) return 'mount -t tmpfs is not allowed here';
    succeeds('umount', [d]);
    return null;
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

const USER = unprivileged();
const TMPFS_WHY = tmpfsWhy();
/** The file system name of this worker's tmpfs, so that a later run can find it if this worker dies before unmounting it. */
const DISK_NAME = `vigie-test-disk-${process.pid}`;
if (!TMPFS_WHY) {
  // unmount the small disks of workers that were killed before their teardown ran (and remove their folders)
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [name, at] = line.split(' ');
    const pid = /^vigie-test-disk-(\d+)$/.exec(name ?? '')?.[1];
    if (!pid || !at || alive(Number(pid))) continue;
    if (succeeds('umount', ['-l', at]) && /^vigie-test-/.test(basename(dirname(at)))) rmSync(dirname(at), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
/** `unshare -n`: run the no-network commands in an empty network namespace too, where the machine allows it. */
const NO_NET_NS = isRoot && succeeds('unshare', ['-n', 'true']) ? ['unshare', '-n', '--'] : [];

// ------------------------------------------------------------------------------------------------ child processes

const CHILD_ENV: Record<string, string> = {
  ...(process.env as Record<string, string>),
  NO_COLOR: '1', VIGIE_STORE: '', VIGIE_LOCK_WAIT: '1', VIGIE_TEST_PAUSE_AT: '', VIGIE_TRACE: '',
  LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '',
};

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  startedAt: number;
  endedAt: number;
}

interface Child {
  proc: ChildProcess;
  done: Promise<Run>;
  /** Resolves when the child wrote the pause marker of VIGIE_TEST_PAUSE_AT; rejects if it ends first. */
  paused: Promise<void>;
}

const live = new Set<ChildProcess>();
test.after.always('kill any child left running', () => {
  for (const p of live) p.kill('SIGKILL');
});

interface StartOptions {
  env?: Record<string, string>;
  /** Prefix of the command (setpriv …, unshare -n). */
  wrap?: string[];
  /** Node options before the script (preloads). */
  node?: string[];
  /** The script and its first arguments (default bin/vigie.js). */
  script?: string[];
}

/** Starts `node bin/vigie.js ...args` in `cwd`. */
function start(cwd: string, args: string[], o: StartOptions = {}): Child {
  const argv = [...(o.wrap?.[0] === 'setpriv' ? [] : DIE_WITH_US), ...(o.wrap ?? []), process.execPath, ...(o.node ?? []), ...(o.script ?? [BIN]), ...args];
  const startedAt = Date.now();
  const proc = spawn(argv[0]!, argv.slice(1), { cwd, env: { ...CHILD_ENV, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  let stdout = '';
  let stderr = '';
  let onPaused = (): void => undefined;
  let onEnded = (_e: Error): void => undefined;
  const paused = new Promise<void>((res, rej) => {
    onPaused = res;
    onEnded = rej;
  });
  paused.catch(() => undefined);
  proc.stdout!.on('data', (d: Buffer) => {
    stdout += String(d);
  });
  proc.stderr!.on('data', (d: Buffer) => {
    stderr += String(d);
    if (stderr.includes('vigie-test: paused at ')) onPaused();
  });
  const done = new Promise<Run>((res) => {
    proc.on('close', (code, signal) => {
      live.delete(proc);
      onEnded(new Error(`vigie ${args.join(' ')} ended (${code ?? signal}) before pausing:\n${stderr}`));
      res({ code, signal, stdout, stderr, startedAt, endedAt: Date.now() });
    });
  });
  return { proc, done, paused };
}

const run = (cwd: string, args: string[], o: StartOptions = {}): Promise<Run> => start(cwd, args, o).done;

/** Runs each command line in turn in one child process (test/_helpers/vigie-many.ts): their exit codes and outputs. */
async function many(t: ExecutionContext, cwd: string, commands: string[][], o: StartOptions = {}): Promise<Run[]> {
  const r = await run(cwd, [], { ...o, node: ['--import', TSX, ...(o.node ?? [])], script: [MANY, JSON.stringify(commands)] });
  t.is(r.code, 0, `the child running ${commands.length} commands: exit ${r.code ?? r.signal}\n${r.stderr}`);
  const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { code: number; stdout: string; stderr: string });
  t.is(lines.length, commands.length, r.stderr);
  return lines.map((l) => ({ ...r, ...l }));
}

/** A run that must have succeeded. */
function ok(t: ExecutionContext, r: Run, what: string): void {
  t.is(r.code, 0, `${what}: exit ${r.code ?? r.signal}\n${r.stderr}`);
}

/** A run that must have failed as a runtime error (exit 1) with a message matching `message`, no stack, no "internal". */
function failedClearly(t: ExecutionContext, r: Run, message: RegExp, what: string): void {
  t.is(r.code, 1, `${what}: exit ${r.code ?? r.signal}\n${r.stderr}`);
  t.regex(r.stderr, message, what);
  t.notRegex(r.stderr, STACK, `${what}: no stack trace`);
  t.notRegex(r.stderr, /internal error/, `${what}: an I/O failure is not an internal error`);
}

// ------------------------------------------------------------------------------------------------ scenarios

/** Two scenarios at a time (the machine is shared; each finishes sooner), each with room to finish on a loaded machine. */
const SLOTS = 2;
let free = SLOTS;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (free > 0) free--;
  else await new Promise<void>((r) => waiting.push(r));
  return () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
}

/** A test that runs in one of the SLOTS; registered as skipped, with the reason in its title, when `skip` says why. */
function scenario(title: string, fn: (t: ExecutionContext) => Promise<void>, skip: string | null = null): void {
  if (skip) {
    test.skip(`${title} (skipped: ${skip})`, () => undefined);
    return;
  }
  test(title, async (t) => {
    const release = await slot();
    t.timeout(240_000, 'scenario still running after 4 minutes');
    try {
      await fn(t);
    } finally {
      release();
    }
  });
}

// ------------------------------------------------------------------------------------------------ stores and digests

type Digest = Record<string, { rows: number; sha256: string }>;

/** Every base table of the store, opened read-only: its row count and a hash of its rows (sorted), imported_at left out. */
async function digest(store: string): Promise<Digest> {
  const instance = await DuckDBInstance.create(store, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    const tables = (await conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
      ORDER BY table_name`)).getRows().map((r) => String(r[0]));
    const out: Digest = {};
    for (const table of tables) {
      const cols = (await conn.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = '${table}'`))
        .getRows().map((r) => String(r[0]));
      const select = cols.includes('imported_at') ? '* EXCLUDE (imported_at)' : '*';
      const rows = (await conn.runAndReadAll(`SELECT ${select} FROM "${table}" ORDER BY ALL`)).getRowsJson();
      out[table] = { rows: rows.length, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
    }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const storeIn = (dir: string): string => join(dir, 'data', 'vigie.duckdb');

// Stores built once, in-process, in folders of their own: A alone, and A then B (the uninterrupted reference).
const built: string[] = [];
test.after.always('remove the reference stores', () => {
  for (const d of built) rmSync(d, { recursive: true, force: true });
});

async function buildStore(...drops: string[][]): Promise<{ store: string; digest: Digest }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-test-'));
  built.push(dir);
  for (const d of drops) {
    const r = await vigie(dir, ['import', '--json', ...d]);
    if (r.code !== 0) throw new Error(`reference import ${d.join(' ')} failed: ${r.stderr}`);
  }
  return { store: storeIn(dir), digest: await digest(storeIn(dir)) };
}

let storeA: ReturnType<typeof buildStore> | undefined;
let storeAB: ReturnType<typeof buildStore> | undefined;
const withA = (): ReturnType<typeof buildStore> => (storeA ??= buildStore(DROP_A));
const withAB = (): ReturnType<typeof buildStore> => (storeAB ??= buildStore(DROP_A, DROP_B));

/** A copy of store A (closed cleanly: one file) at `path`. */
async function copyOfA(path: string): Promise<void> {
  const { store } = await withA();
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(store, path);
  if (existsSync(`${store}.wal`)) copyFileSync(`${store}.wal`, `${path}.wal`);
}

async function statusJson(t: ExecutionContext, dir: string, store: string) {
  const r = await vigie(dir, ['status', '--json', '--store', store]);
  t.is(r.code, 0, r.stderr);
  return r.json() as { drops: { file: string }[] };
}

// ------------------------------------------------------------------------------------------------ no network (first: the longest)

scenario(`no command opens a network connection (every attempt recorded and refused${NO_NET_NS.length ? '; in an empty network namespace too' : ''})`, async (t) => {
  const dir = tempDir(t);
  const log = join(dir, 'network.log');
  const guarded: StartOptions = { wrap: NO_NET_NS, node: ['--import', NO_NETWORK], env: { VIGIE_NET_LOG: log } };

  // the guard itself: fetch, http, net and dns attempts are each recorded
  const probeLog = join(dir, 'probe.log');
  const probe = await run(dir, [], { node: ['--import', TSX, '--import', NO_NETWORK], env: { VIGIE_NET_LOG: probeLog }, script: ['-e', `
    for (const f of [() => fetch('http://127.0.0.1:9/'), () => require('node:http').get('http://127.0.0.1:9/'),
      () => require('node:net').connect(9, '127.0.0.1'), () => require('node:dns').lookup('example.org', () => undefined)]) {
      try { f(); } catch {}
    }`] });
  ok(t, probe, 'the probe of the guard');
  t.deepEqual(readFileSync(probeLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l).what),
    ['globalThis.fetch', 'http.get', 'net.connect', 'dns.lookup']);

  const demoStore = join('demo', 'vigie.duckdb');
  const commands = [
    ['demo', '--scale', '0.01', '--out', 'demo'],
    ['import', '--store', 'other.duckdb', ...DROP_A],
    ['validate', fx('snapshot-b.csv')],
    ['status', '--store', demoStore],
    ['compliance', '--store', demoStore, '--period', '2018-09'],
    ['staffing', '--store', demoStore, '--period', '2018-09'],
    ['report', '--store', demoStore, '--period', '2018-09', '--out', 'report'],
    ['export', 'parquet', '--store', demoStore, '--out', 'parquet'],
    ['standards', 'check', join(ROOT, 'data', 'standards', 'montreal.yaml')],
  ];
  const runs = await many(t, dir, commands, guarded);
  runs.forEach((r, i) => ok(t, r, commands[i]!.slice(0, 2).join(' ')));
  t.true(existsSync(join(dir, 'report', 'index.html')) && existsSync(join(dir, 'parquet')), 'the commands did their work');
  t.is(existsSync(log) ? readFileSync(log, 'utf8') : '', '', 'network attempts were recorded');
});

// ------------------------------------------------------------------------------------------------ kill -9 during an import

for (const point of ['staged', 'before-commit', 'committed'] as const) {
  const committed = point === 'committed';
  scenario(`kill -9 at ${point}: the store opens with ${committed ? 'the committed drop (WAL replayed)' : 'exactly its previous content'}, `
    + `and a retry gives the content of an uninterrupted import`, async (t) => {
    const dir = tempDir(t);
    const store = storeIn(dir);
    await copyOfA(store);
    const before = await digest(store);
    t.deepEqual(before, (await withA()).digest);

    const child = start(dir, ['import', '--json', ...DROP_B], { env: { VIGIE_TEST_PAUSE_AT: point } });
    await child.paused;
    child.proc.kill('SIGKILL');
    const killed = await child.done;
    t.is(killed.signal, 'SIGKILL', 'the import was killed, not finished');
    t.is(killed.stdout, '');

    const reference = (await withAB()).digest;
    t.deepEqual(await digest(store), committed ? reference : before, 'content right after the kill');
    t.deepEqual((await statusJson(t, dir, store)).drops.map((d) => d.file),
      committed ? ['snapshot-a.csv', 'snapshot-b.csv'] : ['snapshot-a.csv']);

    const retry = await vigie(dir, ['import', '--json', ...DROP_B]);
    t.is(retry.code, 0, retry.stderr);
    t.is(retry.json().noop, committed, committed ? 'the committed drop is recognised' : 'the retry imports the drop');
    if (!committed) t.deepEqual(retry.json().counts, { read: 13, inserted: 4, updated: 2, unchanged: 7, stale: 0, rejected: 0, duplicate_in_file: 0 });
    t.deepEqual(await digest(store), reference, 'content after the retry = uninterrupted import');
  });
}

// ------------------------------------------------------------------------------------------------ two processes on one store

const BUSY = /^vigie: store busy: .*vigie\.duckdb is locked by another vigie process \(waited 1 s\); try again when it has finished$/m;

scenario('two imports at once: with a short lock wait the second exits 1 "store busy" (no stack); with a long one it '
  + 'waits, then imports; the failed one retried is a no-op; nothing lost', async (t) => {
  const dir = tempDir(t);
  const store = storeIn(dir);
  // A imports snapshot A and pauses with its writes done, not committed; SIGSTOP then keeps it there, holding the
  // store's lock, for as long as the test needs, and SIGCONT lets it finish
  const a = start(dir, ['import', '--json', ...DROP_A], { env: { VIGIE_TEST_PAUSE_AT: 'before-commit:8' } });
  t.teardown(() => a.proc.kill('SIGKILL'));
  await a.paused;
  a.proc.kill('SIGSTOP');
  // two more imports of snapshot B start together: B with a long lock wait, C with 1 s
  const b = start(dir, ['import', '--json', ...DROP_B], { env: { VIGIE_LOCK_WAIT: '120' } });
  const c = await run(dir, ['import', '--json', ...DROP_B], { env: { VIGIE_LOCK_WAIT: '1' } });
  failedClearly(t, c, BUSY, 'second writer with a short lock wait');
  t.true(c.endedAt - c.startedAt >= 1000, 'it waited before giving up');
  t.is(c.stdout, '');
  // C gave up after waiting, so B, started with it, is waiting too
  await new Promise((r) => setTimeout(r, 1000));
  t.is(a.proc.exitCode, null, 'A held the lock all along');
  t.is(b.proc.exitCode, null, 'B is still waiting');
  a.proc.kill('SIGCONT');
  const [ra, rb] = await Promise.all([a.done, b.done]);
  ok(t, ra, 'first writer');
  ok(t, rb, 'second writer with a long lock wait');
  t.true(rb.endedAt >= ra.endedAt, 'B finished after A');
  t.deepEqual(JSON.parse(rb.stdout).counts, { read: 13, inserted: 4, updated: 2, unchanged: 7, stale: 0, rejected: 0, duplicate_in_file: 0 },
    'B imported on top of A');
  t.deepEqual((await statusJson(t, dir, store)).drops.map((d) => d.file), ['snapshot-a.csv', 'snapshot-b.csv']);
  t.deepEqual(await digest(store), (await withAB()).digest, 'both drops, as if imported one after the other');
  const retry = await vigie(dir, ['import', '--json', ...DROP_B]);
  t.is(retry.code, 0, retry.stderr);
  t.true(retry.json().noop, 'the retry of C finds its drop already imported');
  t.deepEqual(await digest(store), (await withAB()).digest);
});

// ------------------------------------------------------------------------------------------------ read-only store and folders

scenario(`read-only store and output folders${isRoot ? ' (as nobody)' : ''}: reads work, `
  + 'writes exit 1 naming the path, the store unchanged', async (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  // the store read-only in a read-only folder; another, writable, in a read-only folder (no room for its WAL)
  const roStore = join(dir, 'ro', 'vigie.duckdb');
  const walless = join(dir, 'nowal', 'vigie.duckdb');
  const out = join(dir, 'out');
  await copyOfA(roStore);
  await copyOfA(walless);
  mkdirSync(out);
  chmodSync(roStore, 0o444);
  chmodSync(walless, 0o666);
  for (const d of [dirname(roStore), dirname(walless), out]) chmodSync(d, 0o555);
  const before = await digest(roStore);

  const [status, compliance, imp, impNoWal, report, parquet, tickets] = await many(t, dir, [
    ['status', '--json', '--store', roStore],
    ['compliance', '--json', '--store', roStore, '--period', '2018-08'],
    ['import', '--store', roStore, ...DROP_B],
    ['import', '--store', walless, ...DROP_B],
    ['report', '--store', roStore, '--period', '2018-08', '--out', join(out, 'report')],
    ['export', 'parquet', '--store', roStore, '--out', join(out, 'parquet')],
    ['export', 'vigie-tickets', '--store', roStore, '--out', join(out, 'tickets.csv')],
  ], { wrap: USER.wrap });
  ok(t, status!, 'status on a read-only store');
  t.deepEqual(JSON.parse(status!.stdout).drops.map((d: { file: string }) => d.file), ['snapshot-a.csv']);
  ok(t, compliance!, 'compliance on a read-only store');
  t.is(JSON.parse(compliance!.stdout).period, '2018-08');

  const path = (p: string) => p.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
  failedClearly(t, imp!, new RegExp(`^vigie: cannot open the store ${path(roStore)}: .*Permission denied`, 'm'), 'import into a read-only store');
  failedClearly(t, impNoWal!, new RegExp(`^vigie: .*snapshot-b\\.csv: import failed, the store is unchanged: .*${path(walless)}\\.wal.*Permission denied`, 'm'),
    'import into a store whose folder is read-only');
  failedClearly(t, report!, new RegExp(`^vigie: file system error on ${path(join(out, 'report'))}.*: permission denied$`, 'm'), 'report --out');
  failedClearly(t, parquet!, new RegExp(`^vigie: cannot write ${path(join(out, 'parquet'))}: .*permission denied`, 'im'), 'export parquet');
  failedClearly(t, tickets!, new RegExp(`^vigie: cannot write ${path(join(out, 'tickets.csv'))}: .*permission denied`, 'im'), 'export vigie-tickets');

  t.deepEqual(readdirSync(out), [], 'nothing written into the read-only folder');
  t.deepEqual(await digest(roStore), before, 'read-only store unchanged');
  t.deepEqual(await digest(walless), before, 'store in a read-only folder unchanged');
}, USER.why);

// ------------------------------------------------------------------------------------------------ full disk

/** A Montréal drop of `n` requests whose ids and categories do not compress: megabytes in the store. */
function bigDrop(path: string, n: number): void {
  const boroughs = ['Ville-Marie', 'Le Plateau-Mont-Royal', 'Montréal-Nord'];
  const noise = (s: string) => createHash('sha256').update(s).digest('base64url');
  writeFileSync(path, csv(Array.from({ length: n }, (_, i) => request({
    id: `${noise(`id${i}`)}-${i}`, acti: `Nid-de-poule ${noise(`acti${i}`).slice(0, 20)}`, borough: boroughs[i % 3]!,
    created: `2018-08-${String(1 + (i % 28)).padStart(2, '0')}T08:14:22`, status: 'Acceptée',
  }))));
}

scenario('full disk (8 MB tmpfs): the import exits 1 "no space left", the store keeps '
  + 'its content and stays readable, and once space is freed the retry imports every row', async (t) => {
  const dir = tempDir(t);
  const disk = join(dir, 'disk');
  mkdirSync(disk);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', DISK_NAME, disk], { encoding: 'utf8' });
  t.is(mounted.status, 0, mounted.stderr);
  t.teardown(() => {
    if (!succeeds('umount', [disk])) succeeds('umount', ['-l', disk]);
  });
  const drop = join(dir, 'big.csv');
  bigDrop(drop, 5000);
  const store = join(disk, 'vigie.duckdb');
  await copyOfA(store);
  const before = await digest(store);
  // fill the disk but for 512 KiB
  const fs = statfsSync(disk);
  writeFileSync(join(disk, 'ballast'), Buffer.alloc(Math.max(0, fs.bavail * fs.bsize - 512 * 1024)));

  const r = await run(dir, ['import', '--json', '--store', store, drop]);
  failedClearly(t, r, /^vigie: .*big\.csv: import failed, the store is unchanged: .*No space left on device/m, 'import on a full disk');
  t.is(JSON.parse(r.stdout).error.code, 'import.failed');
  t.deepEqual(await digest(store), before, 'store unchanged, readable on the full disk');

  rmSync(join(disk, 'ballast'));
  t.deepEqual((await statusJson(t, dir, store)).drops.map((d) => d.file), ['snapshot-a.csv']);
  const retry = await vigie(dir, ['import', '--json', '--store', store, drop]);
  t.is(retry.code, 0, retry.stderr);
  t.deepEqual(retry.json().counts, { read: 5000, inserted: 5000, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
  const after = await digest(store);
  t.is(after.ticket_versions?.rows, 5009);
  // the snapshot lacks A's 9 requests: recorded as absent from it
  t.is(after.ticket_absences?.rows, 9);
  const others = (d: Digest) => ({ ...d, drops: undefined, ticket_versions: undefined, ticket_absences: undefined });
  t.deepEqual(others(after), others(before), 'the other tables as they were');
}, TMPFS_WHY);

// ------------------------------------------------------------------------------------------------ no path escapes

/** Every path under `dir`, relative, with `/`; folders end with `/`. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d) => `${join(d.parentPath, d.name).slice(dir.length + 1).split(sep).join('/')}${d.isDirectory() ? '/' : ''}`)
    .sort();
}

scenario('report and export write only inside --out; borough, category and source names like ../../x never become paths', async (t) => {
  const dir = tempDir(t);
  const evil = (what: string) => `../../../../vigie-escape-${what}`;
  const text = readFileSync(fx('snapshot-a.csv'), 'utf8')
    .replace('"Ville-Marie","Ville-Marie"', `"${evil('borough')}","${evil('borough-geo')}"`)
    .replaceAll('"Nid-de-poule"', `"${evil('category')}"`);
  t.true(text.includes(evil('borough')) && text.includes(evil('category')));
  writeFileSync(join(dir, 'evil.csv'), text);
  const imp = await vigie(dir, ['import', '--json', '--source', evil('source'), '--snapshot-time', '2018-09-01T00:00:00Z', 'evil.csv']);
  t.is(imp.code, 0, imp.stderr);
  t.is(imp.json().counts.inserted, 9);

  const before = listing(dir);
  const outs = ['a/b/c/report', 'a/b/c/parquet', 'a/b/c/tickets.csv'];
  const runs = await many(t, dir, [
    ['report', '--period', '2018-08', '--out', outs[0]!],
    ['export', 'parquet', '--out', outs[1]!],
    ['export', 'vigie-tickets', '--source', evil('source'), '--out', outs[2]!],
  ]);
  runs.forEach((r, i) => ok(t, r, outs[i]!));
  const added = listing(dir).filter((p) => !before.includes(p));
  const inside = (p: string) => outs.some((o) => p === o || p.startsWith(`${o}/`) || `${o}/`.startsWith(p));
  t.deepEqual(added.filter((p) => !inside(p)), [], 'files written outside --out');
  t.true(added.includes('a/b/c/report/index.html'));
  t.true(added.includes('a/b/c/tickets.csv'));
  // the source partition is one folder, its name percent-encoded
  t.deepEqual(added.filter((p) => p.startsWith('a/b/c/parquet/') && p.endsWith('.parquet')),
    ['a/b/c/parquet/source=..%2F..%2F..%2F..%2Fvigie-escape-source/month=2018-08/data_0.parquet']);
  // nothing named after the data anywhere up the tree
  for (let up = 0; up <= 8; up++) {
    for (const what of ['borough', 'borough-geo', 'category', 'source']) {
      const p = resolve(dir, 'a', 'b', 'c', 'report', 'charts', ...Array<string>(up).fill('..'), `vigie-escape-${what}`);
      t.false(existsSync(p), p);
    }
  }
  t.deepEqual(readdirSync(tmpdir()).filter((n) => n.includes('vigie-escape')), []);
});
