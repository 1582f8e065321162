/**
 * Schema version 5: `drops.header`, each drop's column names. A new store has it; a version-4 store (the same schema
 * without the column) is migrated when a command opens it for writing, its drops keeping a NULL header, which the
 * drift checks then do not compare.
 */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { SCHEMA_VERSION } from '../../src/store/schema.ts';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { fx, PINNED, queryStore, storeOf } from '../fixtures/nasty/helpers.ts';
import { csv, HEADER, request } from '../fixtures/nasty/montreal.ts';

/** Runs statements on the store of `dir`, read-write. */
async function onStore(dir: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(storeOf(dir));
  const conn = await instance.connect();
  try {
    await conn.run(sql);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

test('the schema version is 6', (t) => {
  t.is(SCHEMA_VERSION, 6);
});

test('a new store records each drop\'s header as written, as a JSON list', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', fx('bom.csv')], PINNED)).code, 0);
  const [row] = await queryStore(dir, `SELECT header, (SELECT value FROM meta WHERE key = 'schema_version') AS v FROM drops`);
  t.is(row!.v, '6');
  t.deepEqual(JSON.parse(String(row!.header)), [...HEADER]);
});

test('a version-4 store is migrated to the latest version on the next import: old drops keep NULL headers, the new one has its header', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', fx('bom.csv')], PINNED)).code, 0);
  // the store as version 4 left it: no header column
  await onStore(dir, `ALTER TABLE drops DROP COLUMN header; UPDATE meta SET value = '4' WHERE key = 'schema_version'`);
  t.deepEqual((await queryStore(dir, `SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'drops' AND column_name = 'header'`)), [{ n: '0' }]);
  // reading commands open it read-only and leave it at 4 (they do not read headers)
  const status = await vigie(dir, ['status', '--json'], PINNED);
  t.is(status.code, 0, status.stderr);
  t.deepEqual(await queryStore(dir, `SELECT value FROM meta WHERE key = 'schema_version'`), [{ value: '4' }]);

  writeFileSync(join(dir, 'next.csv'), csv([request({ id: '18-9001', acti: 'Nid-de-poule', borough: 'Ville-Marie', created: '2018-09-20T09:00:00', status: 'Acceptée' })]));
  const r = await vigie(dir, ['import', 'next.csv'], PINNED);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(await queryStore(dir, `SELECT value FROM meta WHERE key = 'schema_version'`), [{ value: '6' }]);
  const drops = await queryStore(dir, `SELECT drop_id, header IS NULL AS none, "read" FROM drops ORDER BY drop_id`);
  t.deepEqual(drops, [{ drop_id: 1, none: true, read: '3' }, { drop_id: 2, none: false, read: '1' }]);
});

test('validate --store migrates a version-4 store and does not compare columns with a drop that has no header', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', fx('bom.csv')], PINNED)).code, 0);
  await onStore(dir, `ALTER TABLE drops DROP COLUMN header; UPDATE meta SET value = '4' WHERE key = 'schema_version'`);
  const header = HEADER.filter((h) => h !== 'RUE');
  writeFileSync(join(dir, 'next.csv'), csv([request({ id: '18-9001', acti: 'Nid-de-poule', borough: 'Ville-Marie', created: '2018-09-20T09:00:00', status: 'Acceptée' })
    .filter((_, i) => HEADER[i] !== 'RUE')], { header }));
  const r = await vigie(dir, ['validate', '--store', storeOf(dir), '--json', 'next.csv'], PINNED);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(r.json().findings.filter((f: { code: string }) => f.code.startsWith('drift.')), []);
  t.deepEqual(await queryStore(dir, `SELECT value FROM meta WHERE key = 'schema_version'`), [{ value: '6' }]);
  t.deepEqual(await queryStore(dir, `SELECT count(*) AS n FROM drops`), [{ n: '1' }]);
  // once a drop with a header is stored, the same file is compared: RUE is missing
  t.is((await vigie(dir, ['import', fx('bom.csv')], PINNED)).code, 0); // identical file: a no-op, still no header
  const again = await vigie(dir, ['import', '--snapshot-time', '2018-09-15', fx('snapshot-a.csv')], PINNED);
  t.is(again.code, 0, again.stderr);
  const v = await vigie(dir, ['validate', '--store', storeOf(dir), '--json', 'next.csv'], PINNED);
  t.is(v.code, 2);
  t.deepEqual(v.json().findings.map((f: { code: string }) => f.code), ['import.columnsLost']);
  t.regex(v.json().findings[0].message, /previous drop of this source \(.*snapshot-a\.csv\) had RUE\./);
  // said to be intended, the loss is the drift check's warning
  const allowed = await vigie(dir, ['validate', '--store', storeOf(dir), '--json', '--allow-missing-columns', 'next.csv'], PINNED);
  t.is(allowed.code, 0, allowed.stderr);
  t.deepEqual(allowed.json().findings.filter((f: { code: string }) => f.code.startsWith('drift.')).map((f: { code: string; column: string }) => [f.code, f.column]),
    [['drift.columns.missing', 'RUE']]);
});
