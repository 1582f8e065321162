/**
 * The requests a snapshot drop lacks (`ticket_absences`, schema 7): each snapshot drop records the current requests of
 * its source that it does not re-publish, so that a request absent from the latest snapshot can be told from one
 * that was absent once and came back. An incremental drop lacks nothing.
 */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { PINNED, queryStore } from '../fixtures/nasty/helpers.ts';
import { csv, request } from '../fixtures/nasty/montreal.ts';

const row = (id: string) => request({ id, acti: 'Nid-de-poule', borough: 'Ville-Marie', created: '2018-09-03T08:00:00', status: 'Acceptée' });

test('each snapshot drop records the stored requests it lacks; one back later is not recorded again, one still absent is', async (t) => {
  const dir = tempDir(t);
  // (each file differs from the others: a byte-identical file is a no-op, not a drop)
  const drops: [string, string[]][] = [['2018-09-10', ['1', '2', '3']], ['2018-09-20', ['1', '3']], ['2018-09-30', ['1', '2', '3', '5']],
    ['2018-10-10', ['1']], ['2018-10-20', ['1', '4']]];
  const missing: number[] = [];
  for (const [day, ids] of drops) {
    writeFileSync(join(dir, `${day}.csv`), csv(ids.map(row)));
    const r = await vigie(dir, ['import', '--json', '--snapshot-time', day, `${day}.csv`], PINNED);
    t.is(r.code, 0, r.stderr);
    missing.push(r.json().missing);
  }
  t.deepEqual(missing, [0, 1, 0, 3, 3]);
  t.deepEqual(await queryStore(dir, `SELECT drop_id, id FROM ticket_absences ORDER BY drop_id, id`), [
    { drop_id: 2, id: '2' }, { drop_id: 4, id: '2' }, { drop_id: 4, id: '3' }, { drop_id: 4, id: '5' },
    { drop_id: 5, id: '2' }, { drop_id: 5, id: '3' }, { drop_id: 5, id: '5' },
  ]);
  // the versions are untouched by an absence: a request absent is kept as last known
  t.deepEqual(await queryStore(dir, `SELECT id, drop_id FROM tickets ORDER BY id`), [
    { id: '1', drop_id: 1 }, { id: '2', drop_id: 1 }, { id: '3', drop_id: 1 }, { id: '4', drop_id: 5 }, { id: '5', drop_id: 3 },
  ]);
});

test('an incremental drop records no absence', async (t) => {
  const dir = tempDir(t);
  for (const [name, ids] of [['a.csv', ['T1', 'T2']], ['b.csv', ['T3']]] as const) {
    writeFileSync(join(dir, name), `id,created_at,status\n${ids.map((id) => `${id},2024-05-01T09:00:00,open`).join('\n')}\n`);
    const r = await vigie(dir, ['import', '--json', '--format', 'vigie-tickets', name], PINNED);
    t.is(r.code, 0, r.stderr);
    t.is(r.json().missing, 0);
  }
  t.deepEqual(await queryStore(dir, `SELECT count(*) AS n FROM ticket_absences`), [{ n: '0' }]);
});
