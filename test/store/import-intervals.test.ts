import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, tempDir, vigie } from '../_helpers/cli.ts';

const FILE = join(FIXTURES, 'calls', 'intervals.csv');
const NOW = { now: () => new Date('2026-01-01T00:00:00Z') };

test('ACD interval rows: detected, checked, every row accounted for', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['import', '--json', FILE], NOW);
  t.is(r.code, 0, r.stderr);
  const j = r.json();
  t.is(j.format, 'vigie-call-intervals');
  t.is(j.kind, 'call-intervals');
  // line 4: length 0; line 5: answered_within 12 > answered 9; line 8: offered "x"
  t.deepEqual(j.counts, { read: 7, inserted: 4, updated: 0, unchanged: 0, stale: 0, rejected: 3, duplicate_in_file: 0 });
  const codes = Object.fromEntries(j.findings.map((f: { severity: string; code: string; count: number; line: number }) => [`${f.severity}:${f.code}`, [f.count, f.line]]));
  t.deepEqual(codes, {
    'error:bad_interval_minutes': [1, 4], 'error:within_above_answered': [1, 5], 'error:bad_count': [1, 8],
    'warning:outcomes_not_offered': [1, 3], 'warning:within_without_threshold': [1, 7],
  });
  const s = (await vigie(dir, ['status', '--json'])).json();
  t.deepEqual(s.sources['vigie-call-intervals'].by_borough, { 'Mercier-Hochelaga-Maisonneuve': 1, 'Verdun': 3 });
});

test('a later drop with corrected counts updates the same intervals; an identical one repeats them', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', FILE], NOW)).code, 0);
  const lines = readFileSync(FILE, 'utf8').split('\n');
  lines[1] = lines[1]!.replace(',40,30,10,', ',41,31,10,');
  const fixed = join(dir, 'intervals-fixed.csv');
  writeFileSync(fixed, lines.join('\n'));
  const r = (await vigie(dir, ['import', '--json', fixed], NOW)).json();
  t.deepEqual(r.counts, { read: 7, inserted: 0, updated: 1, unchanged: 3, stale: 0, rejected: 3, duplicate_in_file: 0 });
  t.true(r.findings.some((f: { code: string; count: number }) => f.code === 'repeats_drop' && f.count === 3));
});

test('intervals of another length overlapping stored ones are reported (the same calls counted twice)', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', FILE], NOW)).code, 0);
  const hourly = join(dir, 'hourly.csv');
  writeFileSync(hourly, 'interval_start,interval_minutes,queue,theme,borough,offered,answered,abandoned\n'
    + '2018-09-04T08:00:00,60,general,collections,Verdun,40,30,10\n2018-09-05T08:00:00,60,general,collections,Verdun,5,5,0\n');
  // (the hourly report lacks the counts the first drop had: accepted as such, the loss is not what this test is about)
  const r = (await vigie(dir, ['import', '--json', '--allow-missing-columns', hourly], NOW)).json();
  const f = r.findings.find((x: { code: string }) => x.code === 'overlaps_stored');
  t.is(f.count, 1);
  t.is(f.line, 2);
  t.regex(f.value, /^2018-09-04T12:00:00Z \(60 min\)$/);
});
