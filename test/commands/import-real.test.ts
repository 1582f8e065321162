import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REAL, tempDir, vigie } from '../_helpers/cli.ts';

const rats = join(REAL, 'montreal-311-hackqc', 'rats_data.json');
const info = join(REAL, 'montreal-311-current', 'requetes311-information-extract.csv');
const haveReal = existsSync(rats) && existsSync(info);
const realTest = haveReal ? test : test.skip;
if (!haveReal) console.log('# skipping tests on shared/data/real: the folder is absent (a fresh clone); fixtures still cover the formats');

realTest('rats_data.json: 2,513 rows read and inserted, the 602 information rows without id included', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['import', '--json', rats]);
  t.is(r.code, 0, r.stderr);
  const j = r.json();
  t.is(j.format, 'montreal-requetes311');
  t.deepEqual(j.counts, { read: 2513, inserted: 2513, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
  const s = (await vigie(dir, ['status', '--json'])).json();
  t.is(s.sources['montreal-requetes311'].rows, 2513);
});

realTest('requetes311-information-extract.csv: 694 read and inserted, its re-import a noop', async (t) => {
  const dir = tempDir(t);
  const first = await vigie(dir, ['import', '--json', info]);
  t.is(first.code, 0, first.stderr);
  t.deepEqual(first.json().counts, { read: 694, inserted: 694, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
  t.false(first.json().noop);
  const again = await vigie(dir, ['import', '--json', info]);
  t.is(again.code, 0);
  t.true(again.json().noop);
  t.deepEqual(again.json().counts, { read: 694, inserted: 0, updated: 0, unchanged: 694, stale: 0, rejected: 0, duplicate_in_file: 0 });
  const s = (await vigie(dir, ['status', '--json'])).json();
  t.is(s.drops.length, 1);
});
