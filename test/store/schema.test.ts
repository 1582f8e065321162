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

test('the schema version is 7', (t) => {
  t.is(SCHEMA_VERSION, 7);
});

test('a new store records each drop\'s header as written, as a JSON list', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', fx('bom.csv')], PINNED)).code, 0);
  const [row] = await queryStore(dir, `SELECT header, (SELECT value FROM meta WHERE key = 'schema_version') AS v FROM drops`);
  t.is(row!.v, '7');
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
  t.deepEqual(await queryStore(dir, `SELECT value FROM meta WHERE key = 'schema_version'`), [{ value: '7' }]);
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
  t.deepEqual(await queryStore(dir, `SELECT value FROM meta WHERE key = 'schema_version'`), [{ value: '7' }]);
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

/** The store as version 6 left it: ticket versions without status time and location, the views over them. */
const AS_VERSION_6 = `ALTER TABLE ticket_versions DROP COLUMN status_at; ALTER TABLE ticket_versions DROP COLUMN latitude;
  ALTER TABLE ticket_versions DROP COLUMN longitude; ALTER TABLE ticket_versions DROP COLUMN address;
  CREATE OR REPLACE VIEW tickets AS SELECT * EXCLUDE (current) FROM ticket_versions WHERE current;
  UPDATE meta SET value = '6' WHERE key = 'schema_version'`;

test('a version-6 store: the next drop fills in the status time and location of the versions it re-publishes unchanged, in place; a changed row gets a new version', async (t) => {
  const dir = tempDir(t);
  const row = (id: string, status: string, statusTime: string) =>
    request({ id, acti: 'Nid-de-poule', borough: 'Ville-Marie', created: '2018-09-03T08:00:00', status, statusTime });
  writeFileSync(join(dir, 'a.csv'), csv([row('A', 'Acceptée', '2018-09-03T08:00:00'), row('B', 'Acceptée', '2018-09-03T08:00:00')]));
  t.is((await vigie(dir, ['import', '--snapshot-time', '2018-09-10', 'a.csv'], PINNED)).code, 0);
  await onStore(dir, AS_VERSION_6);
  t.deepEqual(await queryStore(dir, `SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'ticket_versions' AND column_name = 'latitude'`), [{ n: '0' }]);

  // the same rows, B now closed
  writeFileSync(join(dir, 'b.csv'), csv([row('A', 'Acceptée', '2018-09-03T08:00:00'), row('B', 'Terminée', '2018-09-12T15:00:00')]));
  const r = await vigie(dir, ['import', '--json', '--snapshot-time', '2018-09-20', 'b.csv'], PINNED);
  t.is(r.code, 0, r.stderr);
  t.like(r.json().counts, { read: 2, inserted: 0, updated: 1, unchanged: 1 });
  t.deepEqual(await queryStore(dir, `SELECT value FROM meta WHERE key = 'schema_version'`), [{ value: '7' }]);
  t.deepEqual(await queryStore(dir, `SELECT id, drop_id, current, status, strftime(status_at, '%Y-%m-%dT%H:%M') AS status_at, latitude
    FROM ticket_versions ORDER BY id, drop_id`), [
    // A: one version, filled in from drop 2 (08:00 EDT = 12:00Z)
    { id: 'A', drop_id: 1, current: true, status: 'open', status_at: '2018-09-03T12:00', latitude: 45.5088 },
    // B: its first version as stored before, the close a new version with both
    { id: 'B', drop_id: 1, current: false, status: 'open', status_at: null, latitude: null },
    { id: 'B', drop_id: 2, current: true, status: 'closed', status_at: '2018-09-12T19:00', latitude: 45.5088 },
  ]);

  // from then on the location is compared like the rest: A moved is a new version
  writeFileSync(join(dir, 'c.csv'), csv([row('A', 'Acceptée', '2018-09-03T08:00:00').map((c, i) => (HEADER[i] === 'LOC_LAT' ? 45.51 : c)),
    row('B', 'Terminée', '2018-09-12T15:00:00')]));
  const c = await vigie(dir, ['import', '--json', '--snapshot-time', '2018-09-30', 'c.csv'], PINNED);
  t.is(c.code, 0, c.stderr);
  t.like(c.json().counts, { updated: 1, unchanged: 1 });
  t.deepEqual(await queryStore(dir, `SELECT id, drop_id, latitude FROM tickets ORDER BY id`), [
    { id: 'A', drop_id: 3, latitude: 45.51 }, { id: 'B', drop_id: 2, latitude: 45.5088 },
  ]);
});
