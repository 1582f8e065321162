/**
 * The follow-up of requests on a hand-built series of five weekly Montréal snapshots whose every request has a known
 * story (reopened, routed, transferred there and back, stale, vanished, absent once, repeated nearby, refused…): the
 * counts and the lists name exactly those requests (the series: test/fixtures/follow-up-series.ts).
 */
import test from 'ava';
import { tempDir, vigie, type CliRun } from '../_helpers/cli.ts';
import { PINNED } from '../fixtures/nasty/helpers.ts';
import { open, series, STORIES, VM, type Story } from '../fixtures/follow-up-series.ts';

const follow = (dir: string, ...args: string[]): Promise<CliRun> => vigie(dir, ['follow-up', ...args], PINNED);
const ids = (r: CliRun) => r.json().map((x: { id: string }) => x.id);

test('the series: each count names exactly the requests of their story', async (t) => {
  const dir = tempDir(t);
  await series(t, dir);
  const r = await follow(dir, '--json');
  t.is(r.code, 0, r.stderr);
  const j = r.json();
  t.deepEqual(j.summary, { tracked: 10, reopened: 2, bounced: 1, bounced_twice: 1, stale_open: 2, repeats_after_close: 1, vanished: 1, resolved_once: 1 });
  t.like(j.details, { reopened_within_24h: 1, ping_pong: 1, first_seen_late: 1, negative_durations: 0, no_location: 0 });
  t.like(j.snapshots, { count: 5, cadence_days: 7, gaps: [] });
  // the last snapshot, 5 October, end of the day in Montréal (EDT)
  t.is(j.as_of, '2018-10-06T03:59:59.999Z');
  const list = async (kind: string) => {
    const x = await follow(dir, '--list', kind, '--json');
    t.is(x.code, 0, x.stderr);
    return x;
  };
  t.deepEqual(ids(await list('reopened')), ['R1', 'R9']);
  t.deepEqual(ids(await list('bounced')), ['R3']);
  t.deepEqual(ids(await list('stale_open')), ['R4', 'R6']);
  t.deepEqual(ids(await list('vanished')), ['R5']);
  const rep = (await list('repeats_after_close')).json();
  t.deepEqual(rep.map((x: { id: string; repeat_id: string }) => [x.id, x.repeat_id]), [['R7', 'R8']]);
  const bounced = (await list('bounced')).json()[0];
  t.is(bounced.unit_path, 'VILLE-MARIE → VERDUN → VILLE-MARIE');
  t.is(bounced.transfers, 2);
  const reopened = (await list('reopened')).json();
  // R1: closed 10 Sept 10:00 EDT, reopened 16 Sept 10:00 EDT (their status times); R9: 14 Sept 20:00 → 15 Sept 08:00
  t.deepEqual(reopened.map((x: { first_close_at: string; reopen_at: string }) => [x.first_close_at, x.reopen_at]), [
    ['2018-09-10T14:00:00.000Z', '2018-09-16T14:00:00.000Z'], ['2018-09-15T00:00:00.000Z', '2018-09-15T12:00:00.000Z']]);
  // « Prise en charge »: R2's spell, Wednesday 12 September 09:00 to Thursday 20 September 09:00 (8 days; 6 business
  // days: 13, 14, 17, 18, 19, 20), and R4's, still running since 2 August (censored): the median is R2's
  t.like(j.time_in_status.find((s: { status: string }) => s.status === 'Prise en charge'), {
    spells: 2, median_days: { value: 8 }, median_business_days: { value: 6 } });
});

test('the series as of the end of 2018: every close followed 90 days; reopen and repeat rates with their counts', async (t) => {
  const dir = tempDir(t);
  await series(t, dir);
  const j = (await follow(dir, '--json', '--as-of', '2018-12-31')).json();
  // first closes: R1, R2, R7, R9, R10; reopened within 30 (and 90) days: R1 (6 days), R9 (12 hours)
  t.like(j.details.reopen_30, { numerator: 2, denominator: 5, value: 0.4 });
  t.like(j.details.reopen_90, { numerator: 2, denominator: 5, value: 0.4 });
  t.like(j.details.repeat, { numerator: 1, denominator: 5, value: 0.2 });
  // stale at the end of the year: every open request still there, the one reopened too
  t.is(j.summary.stale_open, 5);
  t.deepEqual(j.details.aging, { '0-5': 0, '6-10': 0, '11-30': 0, '31+': 5 });
});

test('a request first seen long after its creation with no status time: its early spells unknown, counted, out of the times', async (t) => {
  const dir = tempDir(t);
  const late: Story = { id: 'L1', acti: 'Graffiti', created: '2018-06-01T08:00:00', dLat: 0.2, states: Array(5).fill(null).map(() => open(VM, '2018-06-01T08:00:00')) };
  // the status time equal to the creation: known from creation, not late
  await series(t, dir, [late, STORIES[0]!]);
  const j = (await follow(dir, '--json')).json();
  t.is(j.details.first_seen_late, 0);
  const dir2 = tempDir(t);
  // Montréal always gives a status time; a status time after the first snapshot is inconsistent and ignored: unknown
  const noTime: Story = { ...late, states: Array(5).fill(['Acceptée', '2018-12-01T08:00:00', VM]) };
  await series(t, dir2, [noTime, STORIES[0]!]);
  const j2 = (await follow(dir2, '--json')).json();
  t.is(j2.details.first_seen_late, 1);
  t.is(j2.summary.tracked, 2);
});

test('snapshots imported out of order: the older one\'s versions are stale and make no transition, its absences no vanishing', async (t) => {
  const dir = tempDir(t);
  const s: Story = { id: 'O1', acti: 'Graffiti', dLat: 0.3, states: [open(), ['Terminée', '2018-09-10T10:00:00', VM], open(), open(), open()] };
  // absent from the 14 September snapshot only: that drop, imported last, is not the latest snapshot
  const g: Story = { id: 'O2', acti: 'Bruit', dLat: 0.31, states: [open(), null, open(), open(), open()] };
  // 7 September, 21 September, then 14 September (older than what the store knows)
  await series(t, dir, [s, g, STORIES[2]!], [0, 2, 1]);
  const j = (await follow(dir, '--json')).json();
  t.is(j.summary.reopened, 0);
  t.deepEqual(ids(await follow(dir, '--list', 'reopened', '--json')), []);
  t.is(j.snapshots.count, 3);
  t.is(j.summary.vanished, 0);
});

test('--by unit and --by month (of creation): one group per unit holding the request, per month; --period keeps the months asked', async (t) => {
  const dir = tempDir(t);
  await series(t, dir);
  const j = (await follow(dir, '--json', '--by', 'unit')).json();
  t.deepEqual(j.groups.map((g: { key: object; tracked: number }) => [g.key, g.tracked]), [[{ unit: 'VILLE-MARIE' }, 10]]);
  const m = (await follow(dir, '--json', '--by', 'month')).json();
  t.deepEqual(m.groups.map((g: { key: { month: string }; tracked: number }) => [g.key.month, g.tracked]), [['2018-08', 1], ['2018-09', 9]]);
  const sept = (await follow(dir, '--json', '--period', '2018-08')).json();
  t.deepEqual(sept.summary.tracked, 1);
});

test('usage: one snapshot is not a follow-up (exit 2); an unknown --list kind is suggested; --repeat-metres must be a number', async (t) => {
  const dir = tempDir(t);
  await series(t, dir, STORIES, [0]);
  const one = await follow(dir);
  t.is(one.code, 2);
  t.regex(one.stderr, /follow-up needs two snapshots or more of the requests; the store holds 1/);
  const fr = await vigie(dir, ['--lang', 'fr', 'suivi'], PINNED);
  t.is(fr.code, 2);
  t.regex(fr.stderr, /le suivi demande au moins deux instantanés/);
  const kind = await follow(dir, '--list', 'reopend');
  t.is(kind.code, 2);
  t.regex(kind.stderr, /--list.*reopend.*reopened/s);
  const metres = await follow(dir, '--repeat-metres', 'fifty');
  t.is(metres.code, 2);
  t.regex(metres.stderr, /--repeat-metres.*fifty/);
  const by = await follow(dir, '--by', 'borugh');
  t.is(by.code, 2);
  t.regex(by.stderr, /borough/);
});

test('the French command suivi: the same numbers, French headings, a Markdown and a CSV form', async (t) => {
  const dir = tempDir(t);
  await series(t, dir);
  const fr = await vigie(dir, ['--lang', 'fr', 'suivi'], { ...PINNED, lang: 'fr' });
  t.is(fr.code, 0, fr.stderr);
  t.regex(fr.stdout, /^Suivi des requêtes, en date du 2018-10-05/);
  t.regex(fr.stdout, /rouvertes après une fermeture\s+2/);
  t.regex(fr.stdout, /disparues du dernier instantané\s+1/);
  const md = await follow(dir, '--output', 'md');
  t.regex(md.stdout, /^# Follow-up of requests/);
  t.regex(md.stdout, /\| reopened after a close \| 2 \|/);
  const csvText = await follow(dir, '--output', 'csv', '--by', 'unit');
  const [head, row] = csvText.stdout.trim().split('\n');
  t.is(head, 'unit,tracked,reopened,bounced,bounced_twice,stale_open,repeats_after_close,vanished,resolved_once,reopen_30,reopen_30_numerator,reopen_30_denominator,reopen_90,reopen_90_numerator,reopen_90_denominator');
  t.is(row, 'VILLE-MARIE,10,2,1,1,2,1,1,1,,0,0,,0,0');
  // the stale list as CSV, for a spreadsheet: every field of the JSON list
  const stale = (await follow(dir, '--list', 'stale_open', '--output', 'csv')).stdout.trim().split('\n');
  t.is(stale[0], 'id,source,borough,category,theme,unit,unit_path,address,status,created_at,first_close_at,reopen_at,last_change_at,transfers,repeat_id');
  t.deepEqual(stale.slice(1).map((l) => l.split(',')[0]), ['R4', 'R6']);
  t.regex(stale[1]!, /^R4,montreal-requetes311,Ville-Marie,Trottoir,.*,VILLE-MARIE,VILLE-MARIE,rue Sainte-Catherine Ouest,open,2018-08-01T12:00:00.000Z,,,2018-08-02T13:00:00.000Z,0,$/);
});
