import test from 'ava';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';

const HEADER = 'ID_UNIQUE,NATURE,ACTI_NOM,ARRONDISSEMENT,DDS_DATE_CREATION,DERNIER_STATUT,DATE_DERNIER_STATUT\n';

test('a file whose first megabyte is ASCII but later holds Windows-1252 bytes is read as Windows-1252', async (t) => {
  const dir = tempDir(t);
  const plain: string[] = [];
  for (let i = 0, size = 0; size < 1_200_000; i++) {
    plain.push(`"18-${i}","Requete","Nid-de-poule","Verdun","2018-09-03T08:14:22","Acceptee","2018-09-03T08:14:22"\n`);
    size += plain[i]!.length;
  }
  const last = Buffer.from('"18-x","Requ\xeate","Nid-de-poule","C\xf4te-des-Neiges - Notre-Dame-de-Gr\xe2ce","2018-09-04T08:00:00","Termin\xe9e","2018-09-05T09:00:00"\n', 'latin1');
  const file = join(dir, 'late-1252.csv');
  writeFileSync(file, Buffer.concat([Buffer.from(HEADER + plain.join(''), 'utf8'), last]));
  // (a short Montréal header, without the columns this test is not about: accepted as such)
  const r = await vigie(dir, ['import', '--json', '--allow-missing-columns', file]);
  t.is(r.code, 0, r.stderr);
  const j = r.json();
  t.is(j.encoding, 'windows-1252');
  t.is(j.counts.inserted, plain.length + 1);
  const s = (await vigie(dir, ['status', '--json'])).json();
  t.is(s.sources['montreal-requetes311'].by_borough['Côte-des-Neiges-Notre-Dame-de-Grâce'], 1);
});

test('the same file with --encoding utf-8 forced is unusable: exit 2, import.encoding, nothing committed', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'bad-utf8.csv');
  writeFileSync(file, Buffer.concat([Buffer.from(HEADER), Buffer.from('"18-1","Requ\xeate","Nid-de-poule","Verdun","2018-09-03T08:14:22","",""\n', 'latin1')]));
  const r = await vigie(dir, ['import', '--json', '--encoding', 'utf-8', file]);
  t.is(r.code, 2);
  t.is(r.json().error.code, 'import.encoding');
  t.regex(r.json().error.message, /--encoding windows-1252/);
  // nothing committed into a store this import created: no store is left behind
  t.false(existsSync(join(dir, 'data', 'vigie.duckdb')));
});
