/** `vigie status`: what the store holds, and `--as-of` replays, on the nasty fixtures. */
import test from 'ava';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { accounted, fx, PINNED, storeOf } from '../fixtures/nasty/helpers.ts';

// One store shared by the tests below (read-only): snapshot A imported as of 2018-09-01T00:00:00Z.
const shared = mkdtempSync(join(tmpdir(), 'vigie-test-'));
test.after.always('remove the shared store', () => rmSync(shared, { recursive: true, force: true }));
let ready: Promise<void> | undefined;
function storeWithA(): Promise<void> {
  ready ??= vigie(shared, ['import', '--json', '--snapshot-time', '2018-09-01T00:00:00Z', fx('snapshot-a.csv')], PINNED)
    .then((r) => {
      if (r.code !== 0) throw new Error(`import of snapshot-a.csv failed: ${r.stderr}`);
    });
  return ready;
}

for (const bad of ['hier', '2018-02-30', '2018-09-01T25:00', '01/09/2018']) {
  test(`status --as-of ${bad}: exit 2, usage error naming --as-of and the value, nothing printed on stdout`, async (t) => {
    await storeWithA();
    const r = await vigie(shared, ['status', '--json', '--as-of', bad], PINNED);
    t.is(r.code, 2);
    t.is(r.stdout, '');
    t.true(r.stderr.includes(`invalid --as-of: ${bad}`), r.stderr);
  });
}

// A past bug of the instant and date parsers (src/commands/option-values.ts): when only the day of the month was checked
// after Date.UTC, an out-of-range month, minute or second rolled over silently: --as-of 2018-13-01 is read as the end of 2019-01-01,
// 2018-00-10 as 2017-12-10, 2018-09-01T10:60:00 as 11:00, 10:00:75 as 10:01:15 (and an offset +25:00 is taken).
// The same parser reads --snapshot-time and --min-date. Each is a usage error (exit 2, usage.instant).
test('status --as-of with an out-of-range month, minute or second (2018-13-01, 2018-00-10, 2018-09-01T10:60:00, T10:00:75): exit 2', async (t) => {
  await storeWithA();
  for (const bad of ['2018-13-01', '2018-00-10', '2018-13-01T00:00:00', '2018-09-01T10:60:00', '2018-09-01T10:00:75']) {
    const r = await vigie(shared, ['status', '--json', '--as-of', bad], PINNED);
    t.is(r.code, 2, `--as-of ${bad} was accepted`);
    t.true(r.stderr.includes(`invalid --as-of: ${bad}`), r.stderr);
  }
});

test('status --as-of with an invalid value and no store: exit 2 on the value (checked first), no store created', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['status', '--as-of', 'demain'], PINNED);
  t.is(r.code, 2);
  t.regex(r.stderr, /invalid --as-of: demain/);
  t.false(existsSync(storeOf(dir)));
});

test('status on a missing store: exit 2 naming the store path, and the store is not created', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['status', '--json'], PINNED);
  t.is(r.code, 2);
  t.regex(r.stderr, /no store at .*vigie\.duckdb/);
  t.false(existsSync(join(dir, 'data')));
});

test('status --as-of at exactly the snapshot time sees the drop; one second earlier sees nothing of the source', async (t) => {
  await storeWithA();
  const at = (await vigie(shared, ['status', '--json', '--as-of', '2018-09-01T00:00:00Z'], PINNED)).json();
  t.deepEqual(at.drops.map((d: { drop_id: number }) => d.drop_id), [1]);
  t.is(at.sources['montreal-requetes311'].rows, 9);
  accounted(t, at.drops[0].counts);
  const before = (await vigie(shared, ['status', '--json', '--as-of', '2018-08-31T19:59:59-04:00'], PINNED)).json();
  t.deepEqual(before.drops, []);
  t.deepEqual(before.sources, {});
  t.is(before.rejects.count, 0);
});

test('status --json of snapshot A: 9 rows, 6 boroughs (canonical names), 3 rows without borough, period and manifest', async (t) => {
  await storeWithA();
  const r = await vigie(shared, ['status', '--json'], PINNED);
  t.is(r.code, 0, r.stderr);
  const s = r.json();
  t.is(s.as_of, null);
  t.is(s.drops.length, 1);
  t.like(s.drops[0], {
    drop_id: 1, file: 'snapshot-a.csv', source: 'montreal-requetes311', format: 'montreal-requetes311', mode: 'snapshot',
    encoding: 'utf-8', snapshot_time: '2018-08-31T20:00:00-04:00', snapshot_time_from: 'flag', zone: 'America/Toronto',
    counts: { read: 9, inserted: 9, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 },
    findings_by_code: {},
  });
  accounted(t, s.drops[0].counts);
  const src = s.sources['montreal-requetes311'];
  t.is(src.rows, 9);
  t.deepEqual(src.periods, { from: '2018-08-01', to: '2018-08-13' });
  t.deepEqual(src.by_borough, {
    'Côte-des-Neiges-Notre-Dame-de-Grâce': 1, 'Le Plateau-Mont-Royal': 1, 'Mercier-Hochelaga-Maisonneuve': 1,
    'Montréal-Nord': 1, 'Rosemont-La Petite-Patrie': 1, 'Ville-Marie': 1,
  });
  t.is(src.without_borough, 3);
  t.deepEqual(s.rejects, { count: 0, sample: [] });
});

test('status as a table speaks the reader\'s language: the kind of data, the group without a borough, themes in words', async (t) => {
  await storeWithA();
  const fr = await vigie(shared, ['--lang', 'fr', 'status'], PINNED);
  t.is(fr.code, 0, fr.stderr);
  t.regex(fr.stdout, /montreal-requetes311 : 9 lignes \(requêtes\), du 2018-08-01 au 2018-08-13/);
  t.regex(fr.stdout, /sans arrondissement\s+3/);
  t.regex(fr.stdout, /0 ligne rejetée dans la table des rejets/);
  t.notRegex(fr.stdout, /\(tickets\)|\(aucun\)|\(s\)/);
  const en = await vigie(shared, ['status'], PINNED);
  t.regex(en.stdout, /montreal-requetes311: 9 rows \(requests\), from 2018-08-01 to 2018-08-13/);
  t.regex(en.stdout, /no borough\s+3/);
  t.regex(en.stdout, /0 rejected rows in the rejects table/);
});
