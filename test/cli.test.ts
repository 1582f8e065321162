import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES, tempDir, vigie } from './_helpers/cli.ts';

const here = dirname(fileURLToPath(import.meta.url));
const sample = join(FIXTURES, 'real', 'rats_data-excerpt.json');

test('--version prints the package version and exits 0', async (t) => {
  const r = await vigie(tempDir(t), ['--version']);
  t.is(r.code, 0);
  t.regex(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

for (const cmd of ['import', 'validate', 'status']) {
  test(`${cmd} --help exits 0 and shows an example`, async (t) => {
    const r = await vigie(tempDir(t), [cmd, '--help']);
    t.is(r.code, 0);
    t.regex(r.stdout, /Examples:\n {2}vigie /);
  });
}

test('an unknown command is a usage error: exit 2', async (t) => {
  const r = await vigie(tempDir(t), ['frobnicate']);
  t.is(r.code, 2);
  t.regex(r.stderr, /unknown command/);
});

test('an unknown option is a usage error: exit 2', async (t) => {
  const r = await vigie(tempDir(t), ['status', '--bogus']);
  t.is(r.code, 2);
});

test('a bad --output value is a usage error naming the flag and the value', async (t) => {
  const r = await vigie(tempDir(t), ['status', '--output', 'xml']);
  t.is(r.code, 2);
  t.regex(r.stderr, /--output: xml/);
});

test('status on a missing store exits 2 and says how to create one', async (t) => {
  const r = await vigie(tempDir(t), ['status']);
  t.is(r.code, 2);
  t.regex(r.stderr, /no store at .*vigie\.duckdb: import a file first/);
});

test('messages are in French with --lang fr', async (t) => {
  const r = await vigie(tempDir(t), ['--lang', 'fr', 'status']);
  t.is(r.code, 2);
  t.regex(r.stderr, /aucune base de données/);
});

test('messages are in French under a French LANG', async (t) => {
  const r = await vigie(tempDir(t), ['status'], { env: { LANG: 'fr_CA.UTF-8', VIGIE_LOCK_WAIT: '1' } });
  t.regex(r.stderr, /aucune base de données/);
});

test('--store and VIGIE_STORE choose the store file', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', '--store', 'a.duckdb', sample])).code, 0);
  t.is((await vigie(dir, ['status', '--json'], { env: { VIGIE_STORE: 'a.duckdb' } })).json().drops.length, 1);
  t.is((await vigie(dir, ['status', '--store', 'a.duckdb', '--json'])).json().drops.length, 1);
});

test('a second writer waits, then exits 1 with "store busy"', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', sample])).code, 0);
  const holder = spawn(process.execPath, ['--import', 'tsx', join(here, '_helpers', 'hold-store.ts'), join(dir, 'data', 'vigie.duckdb')],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => holder.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (d: Buffer) => { if (String(d).includes('locked')) resolve(); });
    holder.on('exit', () => reject(new Error('holder exited early')));
  });
  const started = Date.now();
  const r = await vigie(dir, ['import', '--json', join(FIXTURES, 'real', 'requetes311-information-extract-head.csv')]);
  t.is(r.code, 1);
  t.true(Date.now() - started >= 900, 'it waited before giving up');
  t.regex(r.stderr, /store busy/);
  holder.kill('SIGKILL');
  await new Promise((resolve) => holder.on('close', resolve));
  // the store is intact and still holds only the first drop
  t.is((await vigie(dir, ['status', '--json'])).json().drops.length, 1);
});

test('the committed real excerpts import with exact counts (fresh clones test real formats too)', async (t) => {
  const dir = tempDir(t);
  const a = (await vigie(dir, ['import', '--json', sample])).json();
  t.deepEqual(a.counts, { read: 315, inserted: 315, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
  const b = (await vigie(dir, ['import', '--json', join(FIXTURES, 'real', 'requetes311-information-extract-head.csv')])).json();
  t.deepEqual(b.counts, { read: 200, inserted: 200, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
  t.is(b.encoding, 'utf-8');
});

test('commander\'s own errors are said in French with --lang fr, and left as commander writes them in English', async (t) => {
  const cases: [string[], RegExp, string][] = [
    [['statut'], /^vigie: commande inconnue : statut \(vigie --help les énumère\)\n\(vouliez-vous dire status \?\)\n$/,
      "error: unknown command 'statut'\n(Did you mean status?)\n"],
    [['status', '--bogus'], /^vigie: option inconnue : --bogus\n$/, "error: unknown option '--bogus'\n"],
    [['import'], /^vigie: argument obligatoire manquant : les fichiers à lire\n$/, "error: missing required argument 'files'\n"],
    [['status', 'extra'], /^vigie: trop d'arguments pour status : 0 attendu, 1 donné\n$/,
      "error: too many arguments for 'status'. Expected 0 arguments but got 1.\n"],
    [['compliance', '--period'], /^vigie: l'option --period <period> attend une valeur\n$/, "error: option '--period <period>' argument missing\n"],
    [['export', 'parquet'], /^vigie: option obligatoire absente : --out <path>\n$/, "error: required option '--out <path>' not specified\n"],
  ];
  for (const [args, fr, en] of cases) {
    const f = await vigie(tempDir(t), ['--lang', 'fr', ...args]);
    t.is(f.code, 2, args.join(' '));
    t.regex(f.stderr, fr);
    const e = await vigie(tempDir(t), ['--lang', 'en', ...args]);
    t.is(e.code, 2);
    t.is(e.stderr, en);
  }
  // a French LANG is enough, and --lang=fr is read too
  const l = await vigie(tempDir(t), ['statut'], { env: { LANG: 'fr_CA.UTF-8' } });
  t.regex(l.stderr, /^vigie: commande inconnue : statut/);
  const eq = await vigie(tempDir(t), ['--lang=fr', 'status', '--bogus']);
  t.regex(eq.stderr, /^vigie: option inconnue : --bogus/);
  // a bad --lang itself cannot choose a language: commander's English
  t.regex((await vigie(tempDir(t), ['--lang', 'de', 'status'])).stderr, /^error: option '--lang <lang>' argument 'de' is invalid\. Allowed choices are fr, en\./);
});

test('a closed pipe ends quietly: no EPIPE, no stack trace, the command\'s own exit code', (t) => {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'vigie.js');
  // `true` exits without reading, so every write of vigie meets a closed pipe; PIPESTATUS gives vigie's exit code
  for (const args of ['--help', 'standards show --year 2018', 'compliance --period 2018-09']) {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" ${args} | true; echo "exit=\${PIPESTATUS[0]}" >&2`],
      { cwd: tempDir(t), encoding: 'utf8', env: { ...process.env, VIGIE_STORE: '' } });
    const err = r.stderr.replace(/^vigie: no store at .*\n/m, '');
    t.notRegex(err, /EPIPE|Unhandled|at .*\.js:\d+/, args);
    t.regex(err, args.startsWith('compliance') ? /^exit=2\n$/ : /^exit=0\n$/, args);
  }
});
