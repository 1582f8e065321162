/**
 * Property: the store's follow-up queries (src/compliance/follow-up.ts) give every request the history its definition
 * gives it (src/metrics/follow-up.ts, `history`), on random series of weekly Montréal snapshots — statuses that close,
 * reopen and refuse, units that route, transfer and come back, status times inside, before or after their interval,
 * requests absent from a snapshot, created between snapshots or long before the first, and snapshots imported out of
 * order (their versions stale). The definition reads the versions the store kept; both sides must agree on the first
 * close, the reopen, the transfers, the ping-pong, the unit path, the last change and whether it was first seen late.
 */
import test from 'ava';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { openStore } from '../../src/store/db.ts';
import { rows as sqlRows } from '../../src/sql.ts';
import { DEFAULT_CALENDAR } from '../../src/time/calendar-spec.ts';
import { buildFollowUp, snapshots } from '../../src/compliance/follow-up.ts';
import { history, type VersionIn } from '../../src/metrics/follow-up.ts';
import { csv, HEADER, information, request, type Cell } from '../fixtures/nasty/montreal.ts';
import { run, workDir } from './_helpers.ts';

const DAY = 86_400_000;
const UNITS = ['DIVISION 311 ET INTERVENTIONS RAPIDES ET PRIORITAIRES', 'VILLE-MARIE', 'VERDUN', 'LACHINE'];
const STATUSES = ['Acceptée', 'Prise en charge', 'Terminée', 'Réactivée', 'Refusée', 'Annulée'];
/** Snapshot k is taken at the end of 2018-09-(7 + 7k) in Montréal. */
const SNAP_DAY = (k: number) => `2018-09-${String(7 + 7 * k).padStart(2, '0')}`;
const local = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const T0 = Date.UTC(2018, 8, 7, 12);

const state = fc.option(fc.record({ status: fc.constantFrom(...STATUSES), unit: fc.constantFrom(...UNITS),
  // the status time, in hours from the snapshot's noon: inside its interval, before it, or after it
  hours: fc.integer({ min: -250, max: 20 }) }), { nil: null, freq: 6 });
const story = fc.record({ createdDaysBefore: fc.integer({ min: -10, max: 60 }), states: fc.array(state, { minLength: 4, maxLength: 4 }) });
const seriesArb = fc.record({ stories: fc.array(story, { minLength: 1, maxLength: 6 }), order: fc.constantFrom<number[]>([0, 1, 2, 3], [0, 2, 1, 3], [1, 0, 2, 3]) });

const UNIT = HEADER.indexOf('UNITE_RESP_PARENT');

test('follow-up in SQL = its definition, request by request', async (t) => {
  let runNo = 0;
  await fc.assert(fc.asyncProperty(seriesArb, async ({ stories, order }) => {
    const dir = workDir(t);
    const n = ++runNo;
    for (const k of order) {
      const rows: Cell[][] = [];
      stories.forEach((s, i) => {
        const st = s.states[k];
        const created = T0 - s.createdDaysBefore * DAY;
        // a request exists only from its creation on
        if (!st || created > T0 + 7 * k * DAY) return;
        const row = request({ id: `P${n}-${i}`, acti: 'Graffiti', borough: 'Ville-Marie', created: local(created), status: st.status,
          statusTime: local(Math.max(created, T0 + 7 * k * DAY + st.hours * 3_600_000)) });
        row[UNIT] = st.unit;
        rows.push(row);
      });
      rows.push(information({ acti: 'Écocentre', created: `2018-09-0${k + 1}T10:00:00` }));
      const file = join(dir, `s${k}.csv`);
      writeFileSync(file, csv(rows));
      const r = await run(dir, 'import', '--json', '--snapshot-time', SNAP_DAY(k), file);
      assert.equal(r.code, 0, r.stderr);
    }
    const store = await openStore({ path: join(dir, 'data', 'vigie.duckdb'), lang: 'en', readOnly: true });
    try {
      const q = { asOf: null, from: null, to: null, by: [], source: null, zone: 'America/Toronto', staleDays: 30, repeatDays: 30, repeatMetres: 50,
        calendar: DEFAULT_CALENDAR };
      const s = await snapshots(store.conn, q);
      const cadence = (s.cadence_days ?? 0) * DAY;
      await buildFollowUp(store.conn, q, s.at!, cadence);
      const ms = (v: unknown) => (v === null || v === undefined ? null : (v as Date).getTime());
      const sql = new Map((await sqlRows(store.conn, `SELECT id, first_close_at, reopen_at, transfers, ping_pong, unit_path, last_change_at,
          first_seen_late FROM vigie_fu_rr LEFT JOIN vigie_fu_path USING (source, id)`)).map((r) => [String(r.id), {
        firstCloseAt: ms(r.first_close_at), reopenAt: ms(r.reopen_at), transfers: Number(r.transfers), pingPong: r.ping_pong,
        unitPath: r.unit_path ?? '', lastChangeAt: ms(r.last_change_at), firstSeenLate: r.first_seen_late }]));
      const versions = await sqlRows(store.conn, `SELECT id, drop_id, valid_from, status, status_raw, unit_raw, status_at, closed_at, created_at
          FROM ticket_versions WHERE nature <> 'information'`);
      const byId = new Map<string, VersionIn[]>();
      for (const v of versions) {
        byId.set(String(v.id), [...(byId.get(String(v.id)) ?? []), { drop: Number(v.drop_id), seenAt: ms(v.valid_from)!, status: String(v.status),
          statusRaw: v.status_raw === null ? null : String(v.status_raw), unit: v.unit_raw === null ? null : String(v.unit_raw),
          statusAt: ms(v.status_at), closedAt: ms(v.closed_at), createdAt: ms(v.created_at)! }]);
      }
      assert.deepEqual([...sql.keys()].sort(), [...byId.keys()].sort(), 'the requests followed');
      for (const [id, vs] of byId) {
        const h = history(vs, cadence);
        assert.deepEqual(sql.get(id), { firstCloseAt: h.firstCloseAt, reopenAt: h.reopenAt, transfers: h.transfers, pingPong: h.pingPong,
          unitPath: h.unitPath.join(' → '), lastChangeAt: h.lastChangeAt, firstSeenLate: h.firstSeenLate }, `request ${id}: ${JSON.stringify(vs)}`);
      }
    } finally {
      store.close();
    }
  }), { numRuns: 25, interruptAfterTimeLimit: 120_000, includeErrorInReport: true });
  t.pass();
});
