import test from 'ava';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, REAL, tempDir, vigie } from '../_helpers/cli.ts';
import { checkMapping } from '../../src/formats/mapping.ts';
import { CliError } from '../../src/errors.ts';

const MAP = join(FIXTURES, '..', '..', 'examples', 'maps', 'ottawa-311.json');
const OTTAWA = join(REAL, 'ottawa-311-2014');

test('the Ottawa excerpts import through the shipped map: both date formats, identical rows kept, wards resolved', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['import', '--json', '--map', MAP,
    join(FIXTURES, 'real', 'ottawa-JanSR-2014-head.csv'), join(FIXTURES, 'real', 'ottawa-MarSR-2014-head.csv')]);
  t.is(r.code, 0, r.stderr);
  const [jan, mar] = r.json();
  for (const x of [jan, mar]) {
    t.deepEqual(x.counts, { read: 100, inserted: 100, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
    t.is(x.source, 'ottawa-311');
    t.is(x.mode, 'incremental');
    t.false(x.findings.some((f: { code: string }) => f.code === 'bad_time'));
  }
  const s = (await vigie(dir, ['status', '--json'])).json();
  const o = s.sources['ottawa-311'];
  t.is(o.rows, 200);
  t.deepEqual(o.periods, { from: '2014-01-01', to: '2014-03-31' });
  t.true(Object.keys(o.by_borough).every((w) => /^Ward \d+$/.test(w)), Object.keys(o.by_borough).join(', '));
});

const realTest = existsSync(OTTAWA) ? test : test.skip;
realTest('the seven Ottawa files: 110,408 rows, every one inserted, both date formats parsed, dirty wards listed', async (t) => {
  const dir = tempDir(t);
  const files = readdirSync(OTTAWA).filter((f) => f.endsWith('.csv')).sort().map((f) => join(OTTAWA, f));
  t.is(files.length, 7);
  const r = await vigie(dir, ['import', '--json', '--map', MAP, ...files]);
  t.is(r.code, 0, r.stderr);
  const all = r.json() as { counts: Record<string, number>; findings: { code: string; values?: { value: string; count: number }[] }[] }[];
  const sum = (k: string) => all.reduce((n, x) => n + x.counts[k]!, 0);
  t.is(sum('read'), 110_408);
  t.is(sum('inserted'), 110_408);
  t.is(sum('rejected') + sum('duplicate_in_file') + sum('unchanged'), 0);
  t.false(all.some((x) => x.findings.some((f) => f.code === 'bad_time')));
  const dirty = new Map<string, number>();
  for (const x of all) for (const f of x.findings) if (f.code === 'unknown_borough') for (const v of f.values ?? []) dirty.set(v.value, (dirty.get(v.value) ?? 0) + v.count);
  t.deepEqual([...dirty.keys()].sort(), [
    '12', '22 - GLOUCESTER-SOUTH NEPEAN - Steve Desroches', '<22-Feb-2014 12:52:35 duguayro>Ward 7', 'Undertermined', 'Undetermined',
    'WWARD 17', 'Ward 3- Barhaven-Jan Harder', '```WARD 14', '`WARD 14', 'hWard 22', 'ward 22',
  ].sort());
  t.is(dirty.get('Undetermined'), 113);
  const s = (await vigie(dir, ['status', '--json'])).json();
  t.is(s.sources['ottawa-311'].rows, 110_408);
  t.is(Object.keys(s.sources['ottawa-311'].by_borough).length, 23);
});

test('an incremental drop that repeats rows of an earlier drop stores them once and says which drop', async (t) => {
  const dir = tempDir(t);
  const jan = join(FIXTURES, 'real', 'ottawa-JanSR-2014-head.csv');
  t.is((await vigie(dir, ['import', '--map', MAP, jan])).code, 0);
  const again = join(dir, 'jan-again.csv');
  writeFileSync(again, `${(await import('node:fs')).readFileSync(jan, 'utf8')}2014-Feb-01 10:00:00,Ward 9,Garbage,Solid Waste Collection,Yard,CC PHONE\n`);
  const r = (await vigie(dir, ['import', '--json', '--map', MAP, again])).json();
  t.deepEqual(r.counts, { read: 101, inserted: 1, updated: 0, unchanged: 100, stale: 0, rejected: 0, duplicate_in_file: 0 });
  const f = r.findings.find((x: { code: string }) => x.code === 'repeats_drop');
  t.is(f.count, 100);
  t.regex(f.message, /repeats 100 rows of drop 1 \(ottawa-JanSR-2014-head\.csv\)/);
  t.is((await vigie(dir, ['status', '--json'])).json().sources['ottawa-311'].rows, 101);
});

test('validate --store reports the repeats without writing anything', async (t) => {
  const dir = tempDir(t);
  const jan = join(FIXTURES, 'real', 'ottawa-JanSR-2014-head.csv');
  t.is((await vigie(dir, ['import', '--map', MAP, jan])).code, 0);
  const r = await vigie(dir, ['validate', '--json', '--store', 'data/vigie.duckdb', '--map', MAP, jan]);
  t.is(r.code, 0);
  t.true(r.json().findings.some((f: { code: string; count: number }) => f.code === 'repeats_drop' && f.count === 100));
  t.is((await vigie(dir, ['status', '--json'])).json().drops.length, 1);
});

const bad = (t: { throws: (fn: () => unknown, e: object) => unknown }, raw: unknown, re: RegExp) =>
  t.throws(() => checkMapping(raw, 'm.json', 'en'), { instanceOf: CliError, message: re });

test('a mapping file is checked with messages naming the key, the value and what is allowed', (t) => {
  bad(t, [], /\(top level\)/);
  bad(t, { source: 'x', kind: 'tickets', columns: { created_at: 'd' }, colums: {} }, /invalid colums/);
  bad(t, { kind: 'tickets', columns: { created_at: 'd' } }, /invalid source/);
  bad(t, { source: 'x', kind: 'intervals', columns: { created_at: 'd' } }, /invalid kind: "intervals"/);
  bad(t, { source: 'x', kind: 'calls', columns: { created_at: 'd' } }, /invalid columns\.created_at.*queued_at/);
  bad(t, { source: 'x', kind: 'calls', columns: { queued_at: 'q', outcome: 'o', wait_seconds: 'w' }, durations: { wait_seconds: 'minutes' } },
    /durations\.wait_seconds: "minutes"/);
  bad(t, { source: 'x', kind: 'calls', columns: { queued_at: 'q', outcome: 'o', wait_seconds: 'w' }, values: { outcome: { AGENT: 'picked up' } } },
    /values\.outcome\.AGENT: "picked up"/);
  bad(t, { source: 'x', kind: 'tickets', columns: { borough: 'w' } }, /columns\.created_at.*required/);
  bad(t, { source: 'x', kind: 'tickets', columns: { created_at: 'd', ward: 'w' } }, /invalid columns\.ward/);
  bad(t, { source: 'x', kind: 'tickets', columns: { created_at: 'd' }, mode: 'weekly' }, /invalid mode: "weekly".*snapshot/);
  bad(t, { source: 'x', kind: 'tickets', columns: { created_at: 'd' }, datetime_formats: ['YYYY-MM-DD'] }, /datetime_formats/);
  bad(t, { source: 'x', kind: 'tickets', columns: { created_at: 'd' }, timezone: 'Mars/Olympus' }, /timezone: "Mars\/Olympus"/);
  bad(t, { source: 'x', kind: 'tickets', columns: { created_at: 'd' }, values: { channel: { TEL: 'telephone' } } }, /values\.channel\.TEL: "telephone".*phone/);
  bad(t, { source: 'x', kind: 'tickets', columns: { created_at: 'd' }, boroughs: { known: ['A'], aliases: { a: 'B' } } }, /boroughs\.aliases\.a: "B"/);
  t.notThrows(() => checkMapping({ source: 'x', kind: 'tickets', columns: { created_at: ['date', 'time'], due_at: { first_of: ['a', 'b'] } } }, 'm.json', 'en'));
});

test('--map with a bad file is a usage error (exit 2) naming the file', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'm.json'), '{ "source": "x", "kind": "tickets", "columns": {} }');
  const r = await vigie(dir, ['import', '--map', 'm.json', join(FIXTURES, 'real', 'ottawa-JanSR-2014-head.csv')]);
  t.is(r.code, 2);
  t.regex(r.stderr, /mapping file .*m\.json: invalid columns\.created_at/);
});

test('a call-centre export through a mapping file: date and time joined, codes mapped, h:mm:ss waits', async (t) => {
  const dir = tempDir(t);
  const acd = join(FIXTURES, '..', '..', 'examples', 'maps', 'acd-calls.json');
  const r = await vigie(dir, ['import', '--json', '--map', acd, join(FIXTURES, 'calls', 'acd-export.csv')], { now: () => new Date('2026-01-01T00:00:00Z') });
  t.is(r.code, 0, r.stderr);
  const j = r.json();
  t.is(j.kind, 'calls');
  t.is(j.source, 'acd-311');
  // 9004's TRANSFER is no outcome the map knows: rejected; 9005's wait "1:40" reads as m:ss, 100 s
  t.deepEqual(j.counts, { read: 5, inserted: 4, updated: 0, unchanged: 0, stale: 0, rejected: 1, duplicate_in_file: 0 });
  t.deepEqual(j.findings.map((f: { code: string; line: number }) => [f.code, f.line]), [['unknown_outcome', 5]]);
  const c = (await vigie(dir, ['compliance', '--kind', 'calls', '--period', '2018-09', '--json'])).json().groups[0].metrics;
  // offered: 9001 and 9005 answered, 9002 abandoned (9003 PHANTOM is "other", not offered); under 100 s: 9001 only
  t.is(c['calls.offered'].value, 3);
  t.deepEqual([c['calls.service_level'].numerator, c['calls.service_level'].denominator], [1, 3]);
});

test('under a mapping file, unknown wards point to its boroughs.aliases and are listed most frequent first', async (t) => {
  const dir = tempDir(t);
  const lines = readFileSync(join(FIXTURES, 'real', 'ottawa-JanSR-2014-head.csv'), 'utf8').split('\n');
  // rows 2–4 get a ward spelled "Wardd 2", row 5 "Nowhere": 3 and 1 unknown values
  const edited = lines.map((l, i) => (i >= 1 && i <= 3 ? l.replace(/,Ward \d+,/, ',Wardd 2,') : i === 4 ? l.replace(/,Ward \d+,/, ',Nowhere,') : l));
  writeFileSync(join(dir, 'ottawa.csv'), edited.join('\n'));
  const r = (await vigie(dir, ['import', '--json', '--map', MAP, 'ottawa.csv'])).json();
  const f = r.findings.find((x: { code: string }) => x.code === 'unknown_borough');
  t.truthy(f, JSON.stringify(r.findings));
  t.regex(f.message, /boroughs\.aliases in .*ottawa-311\.json/);
  t.notRegex(f.message, /borough-aliases\.csv/);
  t.regex(f.message, /most frequent: Wardd 2 \(3\), Nowhere \(1\)$/);
  t.deepEqual(f.values.slice(0, 2), [{ value: 'Wardd 2', count: 3 }, { value: 'Nowhere', count: 1 }]);
  const fr = (await vigie(tempDir(t), ['--lang', 'fr', 'validate', '--json', '--map', MAP, join(dir, 'ottawa.csv')])).json();
  const ffr = fr.findings.find((x: { code: string }) => x.code === 'unknown_borough');
  t.regex(ffr.message, /ajoutez la graphie à boroughs\.aliases dans .*ottawa-311\.json.* ; les plus fréquents : Wardd 2 \(3\), Nowhere \(1\)$/);
});
