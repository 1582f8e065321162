import test, { type ExecutionContext } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { Rng } from '../../src/demo/random.ts';
import { countCalls, nearestRank, serviceLevel, type CallRecord } from '../../src/metrics/index.ts';

const HEADER = 'id,queued_at,outcome,wait_seconds,talk_seconds,queue,theme,borough,agent_site,transferred';
const BOROUGHS = ['Verdun', 'Anjou', 'Ville-Marie'];
const OUTCOMES = ['answered', 'answered', 'answered', 'abandoned', 'timeout', 'callback'] as const;

interface Call extends CallRecord { id: string; local: string; borough: string }

/** Synthetic calls in September and October 2018 (local times), some exactly at T = 100 s. */
function calls(n: number, seed: number): Call[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const day = 1 + rng.int(30);
    const month = rng.next() < 0.8 ? 9 : 10;
    const local = `2018-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(8 + rng.int(10)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}:00`;
    const wait = rng.next() < 0.1 ? 100 : rng.int(400);
    const b = BOROUGHS[rng.int(3)]!;
    return { id: `K-${i}`, local, outcome: OUTCOMES[rng.int(OUTCOMES.length)]!, wait_seconds: wait, borough: b,
      agent_site: rng.next() < 0.6 ? b : 'Centre de services 311', transferred: rng.next() < 0.1 };
  });
}

function write(dir: string, list: Call[]): string {
  const file = join(dir, 'calls.csv');
  writeFileSync(file, [HEADER, ...list.map((c) => [c.id, c.local, c.outcome, c.wait_seconds, 120, 'general', 'collections', c.borough,
    c.agent_site, c.transferred].join(','))].join('\n') + '\n');
  return file;
}

async function setup(t: ExecutionContext, list: Call[]) {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['import', write(dir, list)])).code, 0);
  return dir;
}

const SPEC = { threshold_seconds: 100, boundary: '<' as const, short_abandon_seconds: 0, long_wait_seconds: 1500 };

test('the city-wide service level equals the reference count over the same calls, and borough counts add up to it', async (t) => {
  const list = calls(600, 1);
  const dir = await setup(t, list);
  const j = (await vigie(dir, ['compliance', '--kind', 'calls', '--period', '2018-09', '--by', 'borough', '--json'])).json();
  const sept = list.filter((c) => c.local.startsWith('2018-09'));
  const ref = serviceLevel(countCalls(sept, SPEC), 'F3');
  const city = j.groups[0];
  t.is(city.borough, null);
  t.is(city.metrics['calls.service_level'].numerator, ref.numerator);
  t.is(city.metrics['calls.service_level'].denominator, ref.denominator);
  t.is(city.metrics['calls.service_level'].value, ref.value);
  t.is(city.metrics['calls.service_level'].variant, 'F3 (< 100 s)');
  // wait percentiles: nearest rank over the answered calls' waits
  const waits = sept.filter((c) => c.outcome === 'answered').map((c) => c.wait_seconds).sort((a, b) => a - b);
  t.is(city.metrics['calls.wait_p50_seconds'].value, nearestRank(waits, 0.5));
  t.is(city.metrics['calls.wait_p90_seconds'].value, nearestRank(waits, 0.9));
  const parts = j.groups.slice(1);
  t.deepEqual(parts.map((g: { borough: string }) => g.borough).sort(), [...BOROUGHS].sort());
  for (const id of ['calls.offered', 'calls.answered', 'calls.abandoned']) {
    t.is(parts.reduce((n: number, g: { metrics: Record<string, { value: number }> }) => n + g.metrics[id]!.value, 0), city.metrics[id].value, id);
  }
  const sum = (k: 'numerator' | 'denominator') => parts.reduce((n: number, g: { metrics: Record<string, Record<string, number>> }) => n + g.metrics['calls.service_level']![k]!, 0);
  t.is(sum('numerator'), ref.numerator);
  t.is(sum('denominator'), ref.denominator);
});

test('the boundary comes from the standards file: "<" and "<=" differ exactly by the answered calls at T', async (t) => {
  const list = calls(400, 2);
  const dir = await setup(t, list);
  writeFileSync(join(dir, 'within.yaml'), 'calls:\n  service_level: { threshold_seconds: 100, boundary: "<=", target: 0.8, variant: F3 }\n');
  const strict = (await vigie(dir, ['compliance', '--period', '2018-09', '--json'])).json().groups[0].metrics['calls.service_level'];
  const within = (await vigie(dir, ['compliance', '--period', '2018-09', '--json', '--standards', 'within.yaml'])).json().groups[0].metrics['calls.service_level'];
  const atT = list.filter((c) => c.local.startsWith('2018-09') && c.outcome === 'answered' && c.wait_seconds === 100).length;
  t.true(atT > 0);
  t.is(within.numerator - strict.numerator, atT);
  t.is(within.denominator, strict.denominator);
});

test('a quarter, a month range and the months inside it agree; months are local (a call at 23:30 on 31 August is August)', async (t) => {
  const list: Call[] = [
    { id: 'A', local: '2018-08-31T23:30:00', outcome: 'answered', wait_seconds: 10, borough: 'Verdun', agent_site: 'Verdun', transferred: false },
    { id: 'B', local: '2018-09-01T00:30:00', outcome: 'answered', wait_seconds: 10, borough: 'Verdun', agent_site: 'Verdun', transferred: false },
    { id: 'C', local: '2018-11-04T01:30:00', outcome: 'abandoned', wait_seconds: 300, borough: 'Verdun', agent_site: null as unknown as string, transferred: false },
  ];
  const dir = await setup(t, list);
  const by = (await vigie(dir, ['compliance', '--period', '2018-Q3', '--by', 'month', '--json'])).json();
  t.deepEqual(by.groups.map((g: { month: string | null; metrics: Record<string, { value: number }> }) => [g.month, g.metrics['calls.offered']!.value]),
    [[null, 2], ['2018-08', 1], ['2018-09', 1]]);
  const range = (await vigie(dir, ['compliance', '--from', '2018-08', '--to', '2018-11', '--by', 'day', '--json'])).json();
  t.is(range.period, '2018-08..2018-11');
  t.deepEqual(range.groups.slice(1).map((g: { day: string }) => g.day), ['2018-08-31', '2018-09-01', '2018-11-04']);
});

test('--fail-on-breach exits 3 when the city-wide service level misses its target, 0 otherwise', async (t) => {
  const slow = calls(200, 3).map((c) => ({ ...c, wait_seconds: 500 }));
  const dir = await setup(t, slow);
  const r = await vigie(dir, ['compliance', '--period', '2018-09', '--fail-on-breach']);
  t.is(r.code, 3);
  t.regex(r.stderr, /\d+ standards? missed/);
  t.is((await vigie(dir, ['compliance', '--period', '2018-09'])).code, 0);
});

test('csv output: one row per group and metric; bad periods are usage errors', async (t) => {
  const dir = await setup(t, calls(100, 4));
  const csv = (await vigie(dir, ['compliance', '--period', '2018-09', '--output', 'csv'])).stdout.trim().split('\n');
  t.is(csv[0], 'borough,theme,queue,month,week,day,metric,value,numerator,denominator,target,verdict,final,example');
  t.true(csv.some((l) => l.startsWith(',,,,,,calls.service_level,')));
  for (const bad of [['--period', '2018-13'], ['--period', '2018-Q5'], ['--period', '2018-09', '--from', '2018-01'], ['--by', 'ward']]) {
    t.is((await vigie(dir, ['compliance', ...bad])).code, 2, bad.join(' '));
  }
});

test('interval roll-ups equal per-call results on the same synthetic calls (offered, answered, abandoned, F3, ASA)', async (t) => {
  // the same calls, once as a per-call log and once rolled up into the half-hour intervals an ACD would export
  const list = calls(500, 5).filter((c) => c.outcome !== 'timeout' && c.outcome !== 'callback');
  const perCall = await setup(t, list);
  const byInterval = new Map<string, { offered: number; answered: number; abandoned: number; within: number; wait: number; borough: string; start: string }>();
  for (const c of list) {
    const minute = Number(c.local.slice(14, 16)) < 30 ? '00' : '30';
    const start = `${c.local.slice(0, 14)}${minute}:00`;
    const key = `${start}|${c.borough}`;
    const b = byInterval.get(key) ?? { offered: 0, answered: 0, abandoned: 0, within: 0, wait: 0, borough: c.borough, start };
    b.offered++;
    if (c.outcome === 'answered') {
      b.answered++;
      b.wait += c.wait_seconds;
      if (c.wait_seconds < 100) b.within++;
    } else b.abandoned++;
    byInterval.set(key, b);
  }
  const dir = tempDir(t);
  const file = join(dir, 'intervals.csv');
  writeFileSync(file, ['interval_start,interval_minutes,queue,theme,borough,offered,answered,abandoned,answered_within,threshold_seconds,wait_seconds_answered_total',
    ...[...byInterval.values()].map((b) => `${b.start},30,general,collections,${b.borough},${b.offered},${b.answered},${b.abandoned},${b.within},100,${b.wait}`)].join('\n') + '\n');
  t.is((await vigie(dir, ['import', file])).code, 0);
  for (const args of [['--period', '2018-09'], ['--period', '2018-Q4', '--by', 'borough'], ['--from', '2018-09', '--to', '2018-10', '--by', 'month']]) {
    const a = (await vigie(perCall, ['compliance', '--json', ...args])).json();
    const b = (await vigie(dir, ['compliance', '--json', ...args])).json();
    t.is(a.data, 'calls');
    t.is(b.data, 'intervals');
    t.is(a.groups.length, b.groups.length);
    for (const [i, g] of a.groups.entries()) {
      const h = b.groups[i];
      for (const id of ['calls.offered', 'calls.answered', 'calls.abandoned']) t.is(h.metrics[id].value, g.metrics[id].value, `${args.join(' ')} ${id}`);
      for (const id of ['calls.service_level', 'calls.asa_seconds', 'calls.abandonment_rate']) {
        t.deepEqual([h.metrics[id].numerator, h.metrics[id].denominator, h.metrics[id].value], [g.metrics[id].numerator, g.metrics[id].denominator, g.metrics[id].value], `${args.join(' ')} ${id}`);
      }
      t.is(h.metrics['calls.wait_p90_seconds'].value, null);
      t.regex(h.metrics['calls.wait_p90_seconds'].note, /not computable from interval data/);
    }
  }
});

test('a month spanning a DST change buckets every call in its local day', async (t) => {
  const at = (id: string, local: string): Call => ({ id, local, outcome: 'answered', wait_seconds: 10, borough: 'Verdun', agent_site: 'Verdun', transferred: false });
  // fall back on 2018-11-04 (01:00-02:00 twice), spring forward on 2018-03-11 (no 02:00-03:00)
  const dir = await setup(t, [
    at('a', '2018-11-03T23:30:00'), at('b', '2018-11-04T00:30:00'), at('c', '2018-11-04T01:30:00'), at('d', '2018-11-04T23:30:00'),
    at('e', '2018-11-05T00:10:00'), at('f', '2018-03-10T23:50:00'), at('g', '2018-03-11T01:59:00'), at('h', '2018-03-11T03:00:00'),
    at('i', '2018-03-11T23:59:00'), at('j', '2018-03-12T00:00:00'),
  ]);
  const days = async (period: string) => (await vigie(dir, ['compliance', '--period', period, '--by', 'day', '--json'])).json().groups
    .slice(1).map((g: { day: string; metrics: Record<string, { value: number }> }) => [g.day, g.metrics['calls.offered']!.value]);
  t.deepEqual(await days('2018-11'), [['2018-11-03', 1], ['2018-11-04', 3], ['2018-11-05', 1]]);
  t.deepEqual(await days('2018-03'), [['2018-03-10', 1], ['2018-03-11', 3], ['2018-03-12', 1]]);
});

test('errors that help: a reversed range says so, before any store is read; a mistyped --by or --output suggests the value meant', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['compliance', '--from', '2018-10', '--to', '2018-09']);
  t.is(r.code, 2);
  t.is(r.stderr, 'vigie: --from 2018-10 is after --to 2018-09: the range runs backwards (did you mean --from 2018-09 --to 2018-10?)\n');
  const fr = await vigie(dir, ['--lang', 'fr', 'compliance', '--from', '2018-10', '--to', '2018-09']);
  t.regex(fr.stderr, /l'intervalle est inversé/);
  const by = await vigie(dir, ['compliance', '--by', 'borugh']);
  t.is(by.code, 2);
  t.regex(by.stderr, /invalid --by: borugh \(did you mean borough\? allowed: borough, theme/);
  t.regex((await vigie(dir, ['compliance', '--output', 'jsno'])).stderr, /did you mean json\?/);
  // nothing close: no guess
  t.notRegex((await vigie(dir, ['compliance', '--by', 'ward'])).stderr, /did you mean/);
  t.regex((await vigie(dir, ['report', '--period', '2018-13'])).stderr, /invalid --period: 2018-13/);
});

test('a source the store does not hold: exit 2 naming it, not a month of zeros', async (t) => {
  const dir = await setup(t, calls(50, 7));
  const r = await vigie(dir, ['compliance', '--period', '2018-09', '--source', 'nosuch', '--json']);
  t.is(r.code, 2);
  t.is(r.stdout, '');
  t.true(r.stderr.includes('the store holds no calls and no requests from the source nosuch'), r.stderr);
});
