import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../_helpers/cli.ts';
import {
  CALL_HEADER, CENTRAL_SITE, TARGET_F3_2014, TARGET_F3_SEPT_2018, generateCalls, iterateCalls, writeCallsCsv,
  type CallRecord,
} from '../../src/demo/calls.ts';
import { loadBoroughs } from '../../src/standards/boroughs.ts';
import { loadThemes } from '../../src/standards/themes.ts';

/** City-wide F3: answered with wait < 100 s / (answered + abandoned), over calls queued in months matching `month`. */
function f3(calls: readonly CallRecord[], month: (m: string) => boolean): number {
  let within = 0;
  let denominator = 0;
  for (const c of calls) {
    if (!month(c.queued_at.slice(0, 7))) continue;
    if (c.outcome === 'answered') {
      denominator++;
      if (c.wait_seconds < 100) within++;
    } else if (c.outcome === 'abandoned') denominator++;
  }
  return within / denominator;
}

/** Day of week (0 = Sunday) of a naive local time, without reading the process time zone. */
const weekday = (queuedAt: string) => new Date(`${queuedAt.slice(0, 10)}T00:00:00Z`).getUTCDay();

const small = generateCalls(5, 0.02);
const medium = generateCalls(1, 0.1);

test('same seed and scale, same records and same CSV bytes; another seed, other calls', async (t) => {
  const again = generateCalls(5, 0.02);
  t.deepEqual(small, again);
  t.notDeepEqual(small, generateCalls(6, 0.02));
  t.true(small.length > 19_000 && small.length < 21_000, `${small.length} calls at scale 0.02`);
  const dir = tempDir(t);
  const a = join(dir, 'a.csv');
  const b = join(dir, 'b.csv');
  t.is(await writeCallsCsv(a, small), small.length);
  t.is(await writeCallsCsv(b, iterateCalls(5, 0.02)), small.length); // the streaming path writes the same bytes
  t.true(readFileSync(a).equals(readFileSync(b)));
});

test('the September 2018 service level is near 43 %, 2014 near 80 % (scale 0.1)', (t) => {
  const sept = f3(medium, (m) => m === '2018-09');
  t.true(Math.abs(sept - TARGET_F3_SEPT_2018) <= 0.06, `September 2018 F3 ${sept}`);
  const y2014 = f3(medium, (m) => m.startsWith('2014-'));
  t.true(y2014 > 0.7 && y2014 < TARGET_F3_2014 + 0.05, `2014 F3 ${y2014}`);
  const spring2019 = f3(medium, (m) => m >= '2019-03' && m <= '2019-05');
  t.true(spring2019 < 0.25, `spring 2019 F3 ${spring2019}`);
});

test('the CSV has the vigie-calls header and well-formed values', async (t) => {
  const file = join(tempDir(t), 'calls.csv');
  await writeCallsCsv(file, small);
  const lines = readFileSync(file, 'utf8').split('\n');
  t.is(lines[0], 'id,queued_at,outcome,wait_seconds,talk_seconds,queue,theme,borough,agent_site,transferred');
  t.is(lines[0], CALL_HEADER.join(','));
  t.is(lines.at(-1), '');
  t.is(lines.length, small.length + 2);
  const themes = new Set(loadThemes().map((th) => th.id));
  const boroughs = new Set(loadBoroughs().filter((b) => b.type === 'borough').map((b) => b.name));
  const outcomes = new Map<string, number>();
  const ids = new Set<string>();
  let previous = '';
  for (const line of lines.slice(1, -1)) {
    const f = line.split(',');
    t.is(f.length, 10, line);
    const [id, queuedAt, outcome, wait, talk, queue, theme, borough, site, transferred] = f as [string, string, string,
      string, string, string, string, string, string, string];
    if (!/^C-(\d{4})-\d{6}$/.test(id) || id.slice(2, 6) !== queuedAt.slice(0, 4)) t.fail(`id ${id} at ${queuedAt}`);
    if (ids.has(id)) t.fail(`duplicate id ${id}`);
    ids.add(id);
    if (!/^201[4-9]-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(queuedAt) || queuedAt < previous) t.fail(`queued_at ${queuedAt}`);
    previous = queuedAt;
    if (queuedAt.slice(11, 13) < '06') t.fail(`a call at ${queuedAt} (none before 06:00: no spring-forward gap)`);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (!['answered', 'abandoned', 'timeout', 'callback', 'blocked'].includes(outcome)) t.fail(`outcome ${outcome}`);
    if (!/^\d+$/.test(wait)) t.fail(`wait ${wait}`);
    const answered = outcome === 'answered';
    if (answered ? !/^\d+$/.test(talk) : talk !== '') t.fail(`talk ${talk} for ${outcome}`);
    if (answered ? !['true', 'false'].includes(transferred) : transferred !== '') t.fail(`transferred ${transferred}`);
    if (answered !== (site !== '')) t.fail(`agent_site ${site} for ${outcome}`);
    if (site && site !== CENTRAL_SITE && !boroughs.has(site)) t.fail(`agent_site ${site}`);
    if (!boroughs.has(borough)) t.fail(`borough ${borough}`);
    if (outcome === 'blocked' ? theme !== '' || queue !== '' : !themes.has(theme)) t.fail(`theme ${theme} for ${outcome}`);
    if (outcome !== 'blocked' && !['general', 'permits-animals', 'taxes'].includes(queue)) t.fail(`queue ${queue}`);
  }
  t.is(ids.size, small.length);
  // mostly answered, a good share abandoned, a few of the rest
  const share = (o: string) => (outcomes.get(o) ?? 0) / small.length;
  t.true(share('answered') > 0.7 && share('abandoned') > 0.1, JSON.stringify([...outcomes]));
  for (const o of ['callback', 'blocked']) t.true(share(o) > 0.001 && share(o) < 0.05, `${o} ${share(o)}`);
  t.true(share('timeout') < 0.01);
  // every theme of data/themes.csv is called about
  t.deepEqual([...new Set(medium.map((c) => c.theme).filter((x) => x !== null))].sort(), [...themes].sort());
});

test('answerers are far from the boroughs after the centralisation', (t) => {
  const away = (year: string) => {
    const answered = medium.filter((c) => c.outcome === 'answered' && c.queued_at.startsWith(year));
    return answered.filter((c) => c.agent_site !== c.borough).length / answered.length;
  };
  t.true(away('2014') < 0.4, `2014: ${away('2014')}`);
  t.true(away('2019') > away('2014') + 0.3, `2014: ${away('2014')}, 2019: ${away('2019')}`);
  const central = (year: string) => {
    const answered = medium.filter((c) => c.outcome === 'answered' && c.queued_at.startsWith(year));
    return answered.filter((c) => c.agent_site === CENTRAL_SITE).length / answered.length;
  };
  t.true(central('2019') > 3 * central('2014'), `central site 2014: ${central('2014')}, 2019: ${central('2019')}`);
});

test('weekday business hours dominate; evenings and weekends are small; volume grows', (t) => {
  let business = 0;
  let evening = 0;
  let weekend = 0;
  for (const c of medium) {
    const d = weekday(c.queued_at);
    const hm = c.queued_at.slice(11, 16);
    if (d === 0 || d === 6) weekend++;
    else if (hm >= '08:00' && hm < '17:30') business++;
    else if (hm >= '17:30' && hm < '20:30') evening++;
  }
  const n = medium.length;
  t.true(business / n > 0.83 && business / n < 0.9, `weekday 8:00–17:30: ${business / n}`);
  t.true(evening / n > 0.04 && evening / n < 0.1, `weekday evenings: ${evening / n}`);
  t.true(weekend / n > 0.03 && weekend / n < 0.07, `weekends: ${weekend / n}`);
  const firstHalf = (y: string) => medium.filter((c) => c.queued_at >= `${y}-01` && c.queued_at < `${y}-07`).length;
  const growth = firstHalf('2019') / firstHalf('2018');
  t.true(growth > 1.05 && growth < 1.18, `January–June 2019 / 2018: ${growth}`);
  t.true(firstHalf('2018') > firstHalf('2014'));
});
