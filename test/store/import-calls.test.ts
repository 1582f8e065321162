import test from 'ava';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FIXTURES, tempDir, vigie } from '../_helpers/cli.ts';

const NASTY = join(FIXTURES, 'calls', 'calls-nasty.csv');
const NOW = { now: () => new Date('2026-01-01T00:00:00Z') };

async function query(dir: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(join(dir, 'data', 'vigie.duckdb'), { access_mode: 'READ_ONLY' });
  try {
    const c = await instance.connect();
    await c.run(`SET TimeZone = 'UTC'`);
    return (await c.runAndReadAll(sql)).getRows();
  } finally {
    instance.closeSync();
  }
}

test('a vigie-calls log is detected, and every row is accounted for', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['import', '--json', NASTY], NOW);
  t.is(r.code, 0, r.stderr);
  const j = r.json();
  t.is(j.format, 'vigie-calls');
  t.is(j.kind, 'calls');
  // line 2 and 12 share the id C-1 (the last wins); lines 5, 6, 8, 11, 14, 15 are rejected
  t.deepEqual(j.counts, { read: 14, inserted: 7, updated: 0, unchanged: 0, stale: 0, rejected: 6, duplicate_in_file: 1 });
  const codes = Object.fromEntries(j.findings.map((f: { code: string; count: number; severity: string; line: number }) =>
    [`${f.severity}:${f.code}`, [f.count, f.line]]));
  t.deepEqual(codes, {
    'error:missing_id': [1, 11], 'error:bad_time': [1, 8], 'error:unknown_outcome': [1, 6], 'error:bad_number': [1, 14],
    'error:negative_wait': [1, 5], 'error:absurd_wait': [1, 15], 'warning:long_wait_suspect': [1, 10], 'warning:dst_gap': [1, 13],
    'warning:unknown_theme': [1, 7], 'warning:unknown_transferred': [1, 10], 'warning:duplicate_id': [1, 2],
  });
});

test('calls: h:mm:ss waits, offsets, boroughs by their official names, the last duplicate wins', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', NASTY], NOW)).code, 0);
  const rows = await query(dir, `SELECT id, strftime(queued_at, '%Y-%m-%dT%H:%M:%SZ'), outcome, wait_seconds, talk_seconds, borough, agent_site, transferred, theme
    FROM calls ORDER BY id`);
  t.deepEqual(rows, [
    ['C-1', '2018-09-04T12:31:10Z', 'answered', 42, 181, 'Ville-Marie', 'Ville-Marie', false, 'collections'],
    ['C-12', '2018-03-11T07:30:00Z', 'answered', 12, 60, 'Verdun', 'Verdun', false, 'collections'],
    ['C-2', '2018-09-04T12:32:00Z', 'abandoned', 130, null, 'Mercier-Hochelaga-Maisonneuve', null, null, 'roads_snow'],
    ['C-3', '2018-09-04T12:33:00Z', 'answered', 100, 245, 'Rosemont-La Petite-Patrie', 'Centre de services 311', true, 'animals'],
    ['C-6', '2018-09-04T12:36:00Z', 'timeout', 900, null, 'Anjou', null, null, null],
    ['C-8', '2018-09-04T12:38:00Z', 'callback', 5, null, 'Anjou', null, null, 'collections'],
    ['C-9', '2018-09-04T12:39:00Z', 'answered', 18000, 200, 'Anjou', 'Anjou', null, 'collections'],
  ]);
  const s = (await vigie(dir, ['status', '--json'])).json();
  t.is(s.sources['vigie-calls'].kind, 'calls');
  t.is(s.sources['vigie-calls'].rows, 7);
  const rejects = await query(dir, `SELECT line::INTEGER, code, value FROM rejects ORDER BY line`);
  t.deepEqual(rejects, [
    [5, 'negative_wait', '-5'], [6, 'unknown_outcome', 'hung up'], [8, 'bad_time', '04/09/2018 08:37'], [11, 'missing_id', null],
    [14, 'bad_number', 'ten'], [15, 'absurd_wait', '200000'],
  ]);
});

test('a calls log imported twice is a noop', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', NASTY], NOW)).code, 0);
  t.true((await vigie(dir, ['import', '--json', NASTY], NOW)).json().noop);
});
