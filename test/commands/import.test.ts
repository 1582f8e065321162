/** `vigie import` as a user meets it when a file is wrong: words instead of internal codes, and no store left behind. */
import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { findAll, parseXml } from '../_helpers/xml.ts';
import { fx } from '../fixtures/nasty/helpers.ts';

test('a missing file: exit 2, words on both streams (no internal key), and no store created', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['import', 'nope.csv']);
  t.is(r.code, 2);
  t.is(r.stdout, 'nope.csv: not imported, the store is unchanged (the reason is on standard error)\n');
  t.is(r.stderr, 'vigie: cannot read nope.csv: no such file\n');
  t.notRegex(r.stdout + r.stderr, /import\.\w+/);
  t.false(existsSync(join(dir, 'data')), 'neither the store nor its folder is left behind');
  const fr = await vigie(dir, ['--lang', 'fr', 'import', fx('empty.csv')]);
  t.is(fr.code, 2);
  t.regex(fr.stdout, /empty\.csv : non importé, la base de données est inchangée/);
  t.false(existsSync(join(dir, 'data')));
});

test('a store that existed keeps its file and its drops when a later import fails; a good file among bad ones keeps the new store', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', fx('snapshot-a.csv')])).code, 0);
  const before = (await vigie(dir, ['status', '--json'])).json();
  t.is((await vigie(dir, ['import', 'nope.csv'])).code, 2);
  t.deepEqual((await vigie(dir, ['status', '--json'])).json().drops, before.drops);
  const other = tempDir(t);
  const mixed = await vigie(other, ['import', 'nope.csv', fx('snapshot-a.csv')]);
  t.is(mixed.code, 2);
  t.true(readdirSync(join(other, 'data')).includes('vigie.duckdb'));
  t.is((await vigie(other, ['status', '--json'])).json().drops.length, 1);
});

test('validate --output junit names a file-level failure in words; the code stays in the failure type', async (t) => {
  const r = await vigie(tempDir(t), ['validate', '--output', 'junit', fx('empty.csv')]);
  t.is(r.code, 2);
  const c = findAll(parseXml(r.stdout), 'testcase')[0]!;
  t.notRegex(c.attrs.name!, /import\./);
  t.regex(c.attrs.name!, /empty/);
  t.is(findAll(c, 'failure')[0]!.attrs.type, 'import.emptyFile');
});
