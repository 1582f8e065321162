/**
 * The store's kept deadlines (`vigie standards apply`, src/store/ticket-facts.ts): a compliance query that reads them
 * gives exactly the groups it gives when it computes each deadline itself, through imports that add, update and
 * supersede tickets; queries they cannot answer (other standards, --as-of, a store changed behind them) compute.
 *
 * The tickets: the demo's synthetic Montréal exports (every nature and status, information rows, tickets never closed,
 * two snapshots: the second updates thousands), plus an incremental drop of another source with the nasty cases (the
 * source's own due dates, a close before the creation, a cancelled ticket with a close time, instants on local month
 * starts and in the DST hours).
 */
import test, { type ExecutionContext } from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTickets, writeTicketSnapshot } from '../../src/demo/tickets.ts';
import { DEMO_SNAPSHOTS } from '../../src/commands/demo.ts';
import { openStore } from '../../src/store/db.ts';
import { DEFAULT_STANDARDS } from '../../src/standards/standards.ts';
import { tempDir, vigie, type CliRun } from '../_helpers/cli.ts';

const NOW = { now: () => new Date('2026-01-01T00:00:00Z') };
const SNAPSHOT_TIMES = ['2018-10-01T00:00:00-04:00', '2019-07-01T00:00:00-04:00'];

/** The demo's contacts (scale 0.01: about 3,000) as the two snapshots the city would publish. */
async function demoFiles(dir: string): Promise<string[]> {
  const tickets = generateTickets(5, 0.01);
  const files: string[] = [];
  for (const s of DEMO_SNAPSHOTS) {
    const path = join(dir, s.file);
    await writeTicketSnapshot(path, tickets, s.local);
    files.push(path);
  }
  return files;
}

/** Another source's incremental drop: the cases the demo does not make. */
function nastyFile(dir: string, name: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, ['id,created_at,closed_at,status,due_at,borough,category,theme,channel', ...rows].join('\n') + '\n');
  return path;
}

const NASTY = [
  // the source's own deadline, met and missed
  'n1,2018-09-03T13:00:00Z,2018-09-04T13:00:00Z,closed,2018-09-05T13:00:00Z,Verdun,Nid-de-poule,roads_snow,phone',
  'n2,2018-09-03T13:00:00Z,2018-09-07T13:00:00Z,closed,2018-09-05T13:00:00Z,Verdun,Nid-de-poule,roads_snow,web',
  // a close before the creation (stored without a close: invalid dates), and a closed ticket without a close time
  'n3,2018-09-10T13:00:00Z,2018-09-09T13:00:00Z,closed,,Anjou,Bruit,public_safety,email',
  'n4,2018-09-10T13:00:00Z,,closed,,Anjou,Bruit,public_safety,email',
  // cancelled with a close time in another month than its creation (its month of closing, with --cohort closed)
  'n5,2018-08-30T13:00:00Z,2018-09-02T13:00:00Z,cancelled,,Ville-Marie,Graffiti,collections,mobile',
  // on the local month starts (EDT and EST) and in the DST hours of 2018 (both 01:30 of November 4)
  'n6,2018-10-01T03:59:59Z,2018-10-01T04:00:00Z,closed,,Verdun,Collecte des ordures,collections,phone',
  'n7,2018-10-01T04:00:00Z,,open,,Verdun,Collecte des ordures,collections,phone',
  'n8,2018-11-04T05:30:00Z,2018-11-04T06:30:00Z,closed,,,Élagage,parks_trees,phone',
  'n9,2018-11-04T06:30:00Z,2018-12-01T05:00:00Z,closed,,Lachine,Élagage,parks_trees,',
  'n10,2018-03-11T06:59:59Z,2018-03-11T07:00:00Z,closed,,Lachine,Déneigement,roads_snow,phone',
  'n11,2018-12-01T04:59:59Z,,open,2018-12-01T05:00:00Z,Lachine,Déneigement,roads_snow,phone',
];

/** The queries compared: months, a quarter, a trend, weeks and days, the cohort of closing, one source, a variant. */
const QUERIES: string[][] = [
  ['--period', '2018-09', '--by', 'borough,theme'],
  ['--period', '2018-09'],
  ['--from', '2017-01', '--to', '2018-12', '--by', 'month'],
  ['--from', '2018-08', '--to', '2018-12', '--by', 'week,borough'],
  ['--period', '2018-09', '--by', 'day'],
  ['--period', '2018-Q3', '--by', 'theme'],
  ['--period', '2018', '--by', 'borough,month'],
  ['--from', '2018-06', '--to', '2018-12', '--by', 'month,theme', '--cohort', 'closed'],
  ['--period', '2018-09', '--by', 'borough', '--source', 'nasty'],
];

async function compliance(t: ExecutionContext, dir: string, args: string[]): Promise<unknown> {
  const r = await vigie(dir, ['compliance', '--kind', 'tickets', '--json', ...args], NOW);
  // a source not imported yet is refused (exit 2), the same with or without kept deadlines
  if (r.code === 2 && args.includes('nasty') && /no requests from the source nasty/.test(r.stderr)) return 'refused: no rows from nasty yet';
  t.true(r.code === 0 || r.code === 3, `${args.join(' ')}: ${r.stderr}`);
  return r.json();
}

async function all(t: ExecutionContext, dir: string, extra: string[] = [], queries = QUERIES): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of queries) out.push(await compliance(t, dir, [...q, ...extra]));
  return out;
}

function ok(t: ExecutionContext, r: CliRun): CliRun {
  t.is(r.code, 0, r.stderr);
  return r;
}

async function storeRows(dir: string, sql: string, write = false): Promise<Record<string, unknown>[]> {
  const store = await openStore({ path: join(dir, 'data', 'vigie.duckdb'), readOnly: !write, lang: 'en' });
  try {
    return (await store.conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    store.close();
  }
}

const apply = (dir: string, extra: string[] = []) => vigie(dir, ['standards', 'apply', '--json', ...extra], NOW);
const remove = (dir: string) => vigie(dir, ['standards', 'apply', '--remove', '--json'], NOW);
const importDemo = (dir: string, file: string, i: number) =>
  vigie(dir, ['import', '--format', 'montreal-requetes311', '--snapshot-time', SNAPSHOT_TIMES[i]!, file], NOW);

/** A standards file: the shipped one with an hours rule (business clock) before the others and a city day off. */
function hoursStandards(dir: string): string {
  const text = readFileSync(DEFAULT_STANDARDS, 'utf8')
    .replace('  rules:\n', '  rules:\n    - match: { category: "Bruit*" }\n      due: "6 hours"\n      target: 0.75\n')
    .replace('add: ["01-02", "12-26"]', 'add: ["01-02", "12-26", "2018-09-07"]');
  const path = join(dir, 'hours.yaml');
  writeFileSync(path, text);
  return path;
}

test('the kept deadlines give the groups computed at the query, through updates, new tickets and another source', async (t) => {
  const dir = tempDir(t);
  const [first, second] = await demoFiles(dir);
  ok(t, await importDemo(dir, first!, 0));
  const computed1 = await all(t, dir);
  const a = ok(t, await apply(dir)).json();
  t.is(a.kept, true);
  const [n1] = await storeRows(dir, `SELECT (SELECT count(*) FROM ticket_facts) AS facts, (SELECT count(*) FROM tickets) AS tickets`);
  t.is(a.tickets, Number(n1!.tickets));
  t.deepEqual(n1!.facts, n1!.tickets);
  t.deepEqual(await all(t, dir), computed1);

  // the next snapshot updates thousands of tickets (closes, statuses) and adds months; another source adds the nasty rows
  const r = ok(t, await importDemo(dir, second!, 1)).stdout;
  t.regex(r, /updated/);
  ok(t, await vigie(dir, ['import', '--source', 'nasty', nastyFile(dir, 'nasty.csv', NASTY)], NOW));
  const [n2] = await storeRows(dir, `SELECT (SELECT count(*) FROM ticket_facts) AS facts, (SELECT count(*) FROM tickets) AS tickets,
    (SELECT count(*) FROM (SELECT source, id FROM ticket_facts GROUP BY ALL HAVING count(*) > 1)) AS twice`);
  t.deepEqual(n2, { facts: n2!.tickets, tickets: n2!.tickets, twice: '0' });
  const kept2 = await all(t, dir);
  ok(t, await remove(dir));
  const computed2 = await all(t, dir);
  t.deepEqual(kept2, computed2);
  t.notDeepEqual(computed2, computed1);

  // under standards with an hours rule on the business clock and a city day off (the queries whose deadlines differ
  // most: a month by borough × theme, the trend, weeks, the cohort of closing)
  const hours = hoursStandards(dir);
  const some = [QUERIES[0]!, QUERIES[2]!, QUERIES[3]!, QUERIES[7]!];
  const computedHours = await all(t, dir, ['--standards', hours], some);
  ok(t, await apply(dir, ['--standards', hours]));
  t.deepEqual(await all(t, dir, ['--standards', hours], some), computedHours);
});

test('a query reads the kept deadlines only when they are those of its standards and of the store as it is', async (t) => {
  const dir = tempDir(t);
  const [first] = await demoFiles(dir);
  ok(t, await importDemo(dir, first!, 0));
  ok(t, await vigie(dir, ['import', '--source', 'nasty', nastyFile(dir, 'nasty.csv', NASTY)], NOW));
  const hours = hoursStandards(dir);
  const sept = ['--period', '2018-09', '--by', 'borough,theme'];
  const honest = await compliance(t, dir, sept);
  // after the first drop's snapshot: the replay sees its versions (before it, the store knew nothing, an error)
  const asOf = ['--as-of', '2018-10-15T12:00:00Z'];
  const honestAsOf = await compliance(t, dir, [...sept, ...asOf]);
  const honestHours = await compliance(t, dir, [...sept, '--standards', hours]);
  ok(t, await apply(dir));
  // the kept deadlines made wrong on purpose: a query that reads them sees it, one that must not does not
  await storeRows(dir, `UPDATE ticket_facts SET due = created_at + INTERVAL 1 SECOND WHERE due IS NOT NULL`, true);
  t.notDeepEqual(await compliance(t, dir, sept), honest);
  t.deepEqual(await compliance(t, dir, [...sept, ...asOf]), honestAsOf, '--as-of replays the versions');
  t.deepEqual(await compliance(t, dir, [...sept, '--standards', hours]), honestHours, 'other rules');
  // the same rules written in another order of keys are the same standards
  const reordered = join(dir, 'reordered.yaml');
  writeFileSync(reordered, readFileSync(DEFAULT_STANDARDS, 'utf8').replace(
    'match: { theme: roads_snow, category: "Nid*poule*" }', 'match: { category: "Nid*poule*", theme: roads_snow }'));
  const groups = (j: unknown) => (j as { groups: unknown }).groups;
  t.deepEqual(groups(await compliance(t, dir, [...sept, '--standards', reordered])), groups(await compliance(t, dir, sept)));
  // a store changed behind them (a tickets drop they do not include) is computed
  await storeRows(dir, `UPDATE meta SET value = replace(value, '"drop":2', '"drop":1') WHERE key = 'ticket_facts'`, true);
  t.deepEqual(await compliance(t, dir, sept), honest);
});

test('a tickets drop that changes nothing keeps them in use; a failed or dry-run import leaves them as they were', async (t) => {
  const dir = tempDir(t);
  const [first] = await demoFiles(dir);
  ok(t, await importDemo(dir, first!, 0));
  ok(t, await apply(dir));
  const facts = `SELECT * EXCLUDE (open_until) FROM ticket_facts ORDER BY source, id`;
  const state = `SELECT value FROM meta WHERE key = 'ticket_facts'`;
  const before = await storeRows(dir, facts);
  const meta = await storeRows(dir, state);
  // the same snapshot again is a no-op; a later one with the same rows is a new drop with nothing changed
  ok(t, await importDemo(dir, first!, 0));
  // the same rows in another order: another file (its SHA-256), the same tickets
  const [header, ...lines] = readFileSync(first!, 'utf8').trimEnd().split('\n');
  const same = join(dir, 'same.csv');
  writeFileSync(same, [header, ...lines.reverse()].join('\n') + '\n');
  const r = ok(t, await vigie(dir, ['import', '--json', '--format', 'montreal-requetes311', '--snapshot-time', '2018-10-02T00:00:00-04:00', same], NOW));
  t.is(r.json().counts.updated + r.json().counts.inserted, 0);
  t.deepEqual(await storeRows(dir, facts), before);
  t.regex(String((await storeRows(dir, state))[0]!.value), new RegExp(`"drop":${r.json().drop_id}`));
  // compliance still reads them: made wrong, the month shows it
  const honest = await compliance(t, dir, ['--period', '2018-09']);
  await storeRows(dir, `UPDATE ticket_facts SET due = NULL`, true);
  t.notDeepEqual(await compliance(t, dir, ['--period', '2018-09']), honest);
  await storeRows(dir, `UPDATE ticket_facts SET due = NULL`, true);
  const broken = await storeRows(dir, facts);
  const brokenMeta = await storeRows(dir, state);
  // a strict import that fails, and validate (it stages a drop in a transaction it rolls back)
  const bad = nastyFile(dir, 'bad.csv', [...NASTY, 'z1,not a date,,open,,Verdun,Bruit,public_safety,phone']);
  t.is((await vigie(dir, ['import', '--strict', '--source', 'nasty', bad], NOW)).code, 2);
  ok(t, await vigie(dir, ['validate', nastyFile(dir, 'ok.csv', NASTY)], NOW));
  t.deepEqual(await storeRows(dir, facts), broken);
  t.deepEqual(await storeRows(dir, state), brokenMeta);
  t.notDeepEqual(meta, brokenMeta);
});

test('standards apply: JSON and text reports, status, --remove, and a store that has no tickets', async (t) => {
  const dir = tempDir(t);
  // a new store, without tickets: nothing to keep, and the first tickets import fills them
  const empty = ok(t, await apply(dir)).json();
  t.deepEqual(empty, { store: join(dir, 'data', 'vigie.duckdb'), kept: true, tickets: 0,
    standards: { file: DEFAULT_STANDARDS, sha256: empty.standards.sha256 } });
  ok(t, await vigie(dir, ['import', '--source', 'nasty', nastyFile(dir, 'nasty.csv', NASTY)], NOW));
  t.deepEqual(await storeRows(dir, `SELECT count(*) AS n FROM ticket_facts`), [{ n: String(NASTY.length) }]);
  const text = ok(t, await vigie(dir, ['standards', 'apply'], NOW)).stdout;
  t.regex(text, /deadlines of 11 tickets kept under .*montreal\.yaml/);
  const st = ok(t, await vigie(dir, ['status', '--json'], NOW)).json();
  t.like(st.kept_deadlines, { file: DEFAULT_STANDARDS, drop: 1, current: true });
  t.regex(ok(t, await vigie(dir, ['status'], NOW)).stdout, /ticket deadlines kept under .*montreal\.yaml \(sha256 [0-9a-f]{12}…\), up to drop 1\n/);
  await storeRows(dir, `UPDATE meta SET value = replace(value, '"drop":1', '"drop":null') WHERE key = 'ticket_facts'`, true);
  t.like(ok(t, await vigie(dir, ['status', '--json'], NOW)).json().kept_deadlines, { drop: null, current: false });
  t.regex(ok(t, await vigie(dir, ['status'], NOW)).stdout, /older than the latest tickets drop/);
  const fr = ok(t, await vigie(dir, ['--lang', 'fr', 'standards', 'apply', '--remove'], NOW)).stdout;
  t.regex(fr, /échéances conservées supprimées/);
  t.deepEqual(ok(t, await remove(dir)).json(), { store: join(dir, 'data', 'vigie.duckdb'), kept: false, removed: false });
  t.is(ok(t, await vigie(dir, ['status', '--json'], NOW)).json().kept_deadlines, null);
  t.deepEqual(await storeRows(dir, `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'ticket_facts'`), [{ n: '0' }]);
  // a bad standards file: exit 2, the store untouched
  const badStd = join(dir, 'bad.yaml');
  writeFileSync(badStd, 'tickets:\n  rules:\n    - due: "5 fortnights"\n');
  t.is((await apply(dir, ['--standards', badStd])).code, 2);
  t.deepEqual(await storeRows(dir, `SELECT count(*) AS n FROM meta WHERE key = 'ticket_facts'`), [{ n: '0' }]);
});
