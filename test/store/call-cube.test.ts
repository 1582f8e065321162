/**
 * The calls' monthly cube (src/store/call-cube.ts) answers the queries it can exactly as the calls themselves do, and
 * stays so through imports that add, update and supersede calls; queries it cannot answer read the calls.
 *
 * The calls: a few thousand with every outcome, waits at the thresholds (T = 100 s, S, L = 1500 s) and half-seconds
 * around them, no borough or no queue, agent sites local, elsewhere and unknown, transfers true, false and unknown,
 * and instants on the local month boundaries and in the DST hours of 2018 (March 11, November 4).
 */
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/demo/random.ts';
import { callCompliance } from '../../src/compliance/calls.ts';
import type { CallQuery } from '../../src/compliance/call-plans.ts';
import type { Group } from '../../src/compliance/result.ts';
import { openStore } from '../../src/store/db.ts';
import { DEFAULT_STANDARDS, loadStandards, type Standards } from '../../src/standards/standards.ts';
import { parsePeriod } from '../../src/time/periods.ts';
import { wholeMonths } from '../../src/store/call-cube.ts';
import { SCHEMA_VERSION } from '../../src/store/schema.ts';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { loadStandardsText } from '../_helpers/standards.ts';
import { fx, PINNED } from '../fixtures/nasty/helpers.ts';

const NOW = { now: () => new Date('2026-01-01T00:00:00Z') };
const HEADER = 'id,queued_at,outcome,wait_seconds,talk_seconds,queue,theme,borough,agent_site,transferred';
const OUTCOMES = ['answered', 'answered', 'answered', 'answered', 'abandoned', 'abandoned', 'timeout', 'callback', 'blocked', 'other'];
const BOROUGHS = ['Ville-Marie', 'Verdun', 'Anjou', ''];
const QUEUES = ['general', 'taxes', ''];
const WAITS = [0, 0.5, 1, 99, 99.5, 100, 100.5, 101, 1499.5, 1500, 1501];

/** Instants on the edges: local month starts (EST/EDT), the DST hours of 2018 (both 01:30 of November 4). */
const EDGES = ['2018-10-01T03:59:59Z', '2018-10-01T04:00:00Z', '2018-11-01T03:59:59.999Z', '2018-11-01T04:00:00Z',
  '2018-12-01T04:59:59Z', '2018-12-01T05:00:00Z', '2018-03-11T06:59:59Z', '2018-03-11T07:00:00Z', '2018-11-04T05:30:00Z',
  '2018-11-04T06:30:00Z', '2018-04-01T03:59:59Z', '2018-04-01T04:00:00Z'];

/** `n` calls of 2018 (seeded), ids `${prefix}1…`, with the edge instants first. */
function calls(n: number, seed: number, prefix = 'C-'): string[] {
  const rng = new Rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const out: string[] = [];
  const start = Date.UTC(2018, 2, 1);
  const span = Date.UTC(2018, 11, 31) - start;
  for (let i = 0; i < n; i++) {
    const at = i < EDGES.length ? EDGES[i]! : new Date(start + Math.floor(rng.next() * span / 1000) * 1000).toISOString();
    const outcome = pick(OUTCOMES);
    const wait = rng.next() < 0.4 ? pick(WAITS) : Math.floor(rng.next() * 4000) / 2;
    const borough = pick(BOROUGHS);
    const site = rng.next() < 0.3 ? '' : rng.next() < 0.5 ? borough : pick(BOROUGHS);
    const transferred = pick(['true', 'false', '']);
    out.push(`${prefix}${i + 1},${at},${outcome},${wait},${outcome === 'answered' ? 120 : ''},${pick(QUEUES)},,${borough},${site},${transferred}`);
  }
  return out;
}

function writeCalls(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${HEADER}\n${lines.join('\n')}\n`);
  return path;
}

/** The shipped standards with another service-level boundary, short-abandon threshold or zone. */
function standardsWith(t: Parameters<typeof loadStandardsText>[0], o: { boundary?: string; short?: number; zone?: string }): Standards {
  let text = readFileSync(DEFAULT_STANDARDS, 'utf8');
  if (o.boundary) text = text.replace('boundary: "<"', `boundary: "${o.boundary}"`);
  if (o.short !== undefined) text = text.replace('short_abandon_seconds: 0', `short_abandon_seconds: ${o.short}`);
  if (o.zone) text = text.replace('timezone: America/Toronto', `timezone: ${o.zone}`);
  return loadStandardsText(t, text);
}

/** A query of whole months (`2018-09`, `2018-Q3`, or from/to) in the standards' zone. */
function query(s: Standards, period: { period?: string; from?: string; to?: string }, by: CallQuery['by'], cube = true): CallQuery {
  const p = parsePeriod(period, s.timezone, 'en', '2018-12');
  return { fromUtc: p.fromUtc, toUtc: p.toUtc, asOf: null, by, standards: s, cube };
}

async function compute(dir: string, q: CallQuery): Promise<Group[]> {
  const store = await openStore({ path: join(dir, 'data', 'vigie.duckdb'), readOnly: true, lang: 'en' });
  try {
    return (await callCompliance(store.conn, q)).groups;
  } finally {
    store.close();
  }
}

async function storeRows(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const store = await openStore({ path: join(dir, 'data', 'vigie.duckdb'), readOnly: true, lang: 'en' });
  try {
    return (await store.conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    store.close();
  }
}

const PERIODS = [{ period: '2018-09' }, { period: '2018-11' }, { period: '2018-03' }, { period: '2018-Q4' }, { from: '2018-03', to: '2018-12' }];
const BYS: CallQuery['by'][] = [[], ['borough'], ['queue'], ['borough', 'queue'], ['month'], ['month', 'borough'], ['borough', 'queue', 'month']];

/** Every query of PERIODS × BYS gives the same groups from the cube and from the calls. */
async function sameAsCalls(t: Parameters<typeof loadStandardsText>[0], dir: string, s: Standards): Promise<void> {
  for (const period of PERIODS) {
    for (const by of BYS) {
      const fromCube = await compute(dir, query(s, period, by));
      const fromCalls = await compute(dir, query(s, period, by, false));
      t.deepEqual(fromCube, fromCalls, `${JSON.stringify(period)} by ${by.join(',') || '(none)'}`);
    }
  }
}

test('the cube gives the numbers of the calls themselves, for every period and grouping it answers', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['import', writeCalls(dir, 'calls.csv', calls(3000, 7))], NOW);
  t.is(r.code, 0, r.stderr);
  const [total] = await storeRows(dir, `SELECT (SELECT sum(n) FROM call_cube) AS cube, (SELECT count(*) FROM calls) AS calls,
    (SELECT value FROM meta WHERE key = 'call_cube_zone') AS zone`);
  t.deepEqual(total, { cube: '3000', calls: '3000', zone: 'America/Toronto' });
  await sameAsCalls(t, dir, loadStandards(undefined, 'en'));
  // thresholds the cube was not built for: the boundary `<=` and short abandons
  await sameAsCalls(t, dir, standardsWith(t, { boundary: '<=', short: 99.5 }));
});

test('the groups of the month boundaries and of the DST hours are those of the local calendar', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', writeCalls(dir, 'calls.csv', calls(EDGES.length, 1))], NOW)).code, 0);
  const months = await storeRows(dir, `SELECT month, sum(n)::INTEGER AS n FROM call_cube GROUP BY month ORDER BY month`);
  // 03-11 06:59:59Z and 07:00Z, 04-01 03:59:59Z → March (3 + 1); 04-01 04:00Z → April; 09-30 23:59:59 local → September;
  // 10-01 00:00 and 10-31 23:59:59.999 local → October; November 1 and both 01:30 of November 4, and 11-30 23:59:59 → November
  t.deepEqual(months, [{ month: '2018-03', n: 3 }, { month: '2018-04', n: 1 }, { month: '2018-09', n: 1 }, { month: '2018-10', n: 2 },
    { month: '2018-11', n: 4 }, { month: '2018-12', n: 1 }]);
});

test('imports that update, supersede and add calls keep the cube equal to the calls', async (t) => {
  const dir = tempDir(t);
  const first = calls(2000, 11);
  t.is((await vigie(dir, ['import', '--source', 'acd', writeCalls(dir, 'a.csv', first)], NOW)).code, 0);
  // a later snapshot: 300 calls change (outcome, wait, month: C-n moved to another time), 500 new ones, the rest as before
  const changed = calls(2000, 12).slice(0, 300);
  const next = [...changed, ...first.slice(300), ...calls(500, 13, 'N-')];
  const r = await vigie(dir, ['import', '--json', '--source', 'acd', '--snapshot-time', '2019-02-01T00:00:00Z', writeCalls(dir, 'b.csv', next)], NOW);
  t.is(r.code, 0, r.stderr);
  t.true(r.json().counts.updated > 250, JSON.stringify(r.json().counts));
  // an incremental drop of a second source, in one month only
  const other = calls(400, 14, 'X-').map((l) => l.replace(/,2018-\d\d-\d\dT/, ',2018-09-15T'));
  t.is((await vigie(dir, ['import', '--source', 'other', '--mode', 'incremental', writeCalls(dir, 'c.csv', other)], NOW)).code, 0);
  const [total] = await storeRows(dir, `SELECT (SELECT sum(n) FROM call_cube) AS cube, (SELECT count(*) FROM calls) AS calls`);
  t.deepEqual(total, { cube: '2900', calls: '2900' });
  await sameAsCalls(t, dir, loadStandards(undefined, 'en'));
});

test('calls moved out of a month by a later drop leave that month of the cube', async (t) => {
  const dir = tempDir(t);
  const march = calls(200, 41, 'M-').map((l) => l.replace(/,2018-\d\d-\d\dT[^,]*,/, ',2018-03-20T12:00:00Z,'));
  const sept = calls(200, 42, 'S-').map((l) => l.replace(/,2018-\d\d-\d\dT[^,]*,/, ',2018-09-20T12:00:00Z,'));
  t.is((await vigie(dir, ['import', writeCalls(dir, 'a.csv', [...march, ...sept])], NOW)).code, 0);
  // the next snapshot: the March calls were misdated, they are of September; nothing new in March
  const moved = march.map((l) => l.replace(',2018-03-20T12:00:00Z,', ',2018-09-21T12:00:00Z,'));
  const r = await vigie(dir, ['import', '--json', '--snapshot-time', '2019-01-01T00:00:00Z', writeCalls(dir, 'b.csv', [...moved, ...sept])], NOW);
  t.is(r.code, 0, r.stderr);
  t.is(r.json().counts.updated, 200);
  t.deepEqual(await storeRows(dir, `SELECT month, sum(n)::INTEGER AS n FROM call_cube GROUP BY month ORDER BY month`), [{ month: '2018-09', n: 400 }]);
  const s = loadStandards(undefined, 'en');
  t.deepEqual(await compute(dir, query(s, { period: '2018-03' }, ['borough'])), await compute(dir, query(s, { period: '2018-03' }, ['borough'], false)));
});

test('a failed or dry-run import leaves the cube as it was', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', writeCalls(dir, 'a.csv', calls(500, 21))], NOW)).code, 0);
  const before = await storeRows(dir, `SELECT * FROM call_cube ORDER BY ALL`);
  const bad = [...calls(500, 22), 'Z-1,2018-09-01T10:00:00,answered,-5,,general,,Verdun,,'];
  t.is((await vigie(dir, ['import', '--strict', writeCalls(dir, 'b.csv', bad)], NOW)).code, 2);
  // validate stages a file as an import would, in a transaction it rolls back
  t.is((await vigie(dir, ['validate', writeCalls(dir, 'c.csv', calls(500, 23))], NOW)).code, 0);
  t.deepEqual(await storeRows(dir, `SELECT * FROM call_cube ORDER BY ALL`), before);
});

test('queries the cube cannot answer read the calls: another zone, --as-of, a source, a theme, parts of months', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', writeCalls(dir, 'a.csv', calls(1500, 31))], NOW)).code, 0);
  const s = loadStandards(undefined, 'en');
  const sept = query(s, { period: '2018-09' }, ['borough']);
  const honest = await compute(dir, sept);
  // the cube made wrong on purpose: a query that reads it sees the change, one that must not does not
  const store = await openStore({ path: join(dir, 'data', 'vigie.duckdb'), lang: 'en' });
  await store.conn.run(`UPDATE call_cube SET n = n + 1`);
  store.close();
  t.notDeepEqual(await compute(dir, sept), honest);
  const calls_ = async (q: CallQuery) => t.deepEqual(await compute(dir, q), await compute(dir, { ...q, cube: false }));
  await calls_(query(standardsWith(t, { zone: 'America/Vancouver' }), { period: '2018-09' }, ['borough']));
  await calls_({ ...sept, asOf: new Date('2026-01-01T00:00:00Z') });
  await calls_({ ...sept, source: 'default' });
  await calls_(query(s, { period: '2018-09' }, ['borough', 'theme']));
  await calls_(query(s, { period: '2018-09' }, ['day']));
  await calls_({ ...sept, fromUtc: new Date(sept.fromUtc.getTime() + 3_600_000) });
});

test('a version-5 store (no cube) reads the calls, and gets its cube built at the next import', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', writeCalls(dir, 'a.csv', calls(800, 51))], NOW)).code, 0);
  const s = loadStandards(undefined, 'en');
  const sept = query(s, { period: '2018-09' }, ['borough', 'queue']);
  const expected = await compute(dir, sept);
  // the store as version 5 left it
  const store = await openStore({ path: join(dir, 'data', 'vigie.duckdb'), lang: 'en' });
  await store.conn.run(`DROP TABLE call_cube; DROP TABLE call_cube_pct; DELETE FROM meta WHERE key = 'call_cube_zone';
    UPDATE meta SET value = '5' WHERE key = 'schema_version'`);
  store.close();
  // read-only commands do not migrate: the numbers come from the calls
  t.deepEqual(await compute(dir, sept), expected);
  const json = await vigie(dir, ['compliance', '--kind', 'calls', '--period', '2018-09', '--json'], NOW);
  t.is(json.code, 0, json.stderr);
  // the next import (of tickets) migrates it to the latest version: the migration builds the cube from the calls stored
  t.is((await vigie(dir, ['import', fx('bom.csv')], PINNED)).code, 0);
  t.deepEqual(await storeRows(dir, `SELECT (SELECT sum(n) FROM call_cube) AS cube, (SELECT value FROM meta WHERE key = 'schema_version') AS v`),
    [{ cube: '800', v: String(SCHEMA_VERSION) }]);
  await sameAsCalls(t, dir, s);
});

test('wholeMonths: bounds on local month starts only', (t) => {
  const z = 'America/Toronto';
  t.deepEqual(wholeMonths(z, new Date('2018-09-01T04:00:00Z'), new Date('2018-10-01T04:00:00Z')), { first: '2018-09', last: '2018-09' });
  t.deepEqual(wholeMonths(z, new Date('2018-10-01T04:00:00Z'), new Date('2019-01-01T05:00:00Z')), { first: '2018-10', last: '2018-12' });
  t.is(wholeMonths(z, new Date('2018-09-01T00:00:00Z'), new Date('2018-10-01T00:00:00Z')), null);
  t.is(wholeMonths(z, new Date('2018-09-01T04:00:00Z'), new Date('2018-09-15T04:00:00Z')), null);
  t.is(wholeMonths(z, new Date('2018-09-01T04:00:00.500Z'), new Date('2018-10-01T04:00:00Z')), null);
  t.is(wholeMonths(z, new Date('2018-10-01T04:00:00Z'), new Date('2018-09-01T04:00:00Z')), null);
});
