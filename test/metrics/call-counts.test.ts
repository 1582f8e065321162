import test from 'ava';
import {
  addCounts, CALL_COUNT_FIELDS, countCalls, emptyCounts, INTERVAL_COUNT_FIELDS, sumCounts,
  type CallCounts, type CallCountSpec, type CallRecord,
} from '../../src/metrics/call-counts.ts';
import { SERVICE_LEVEL_VARIANTS, serviceLevel } from '../../src/metrics/service-level.ts';
import { abandonmentRate, answeredLocallyShare, longWaitShare, transferRate } from '../../src/metrics/abandonment.ts';
import { asaSeconds, timeToAbandonSeconds } from '../../src/metrics/wait-times.ts';

const SPEC: CallCountSpec = { threshold_seconds: 100, boundary: '<', short_abandon_seconds: 5, long_wait_seconds: 1500 };

/** mulberry32: a seeded 32-bit generator, so the synthetic calls are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OUTCOMES: CallRecord['outcome'][] = [
  'answered', 'answered', 'answered', 'answered', 'answered', 'answered', 'abandoned', 'abandoned', 'timeout',
  'callback', 'blocked', 'other',
];
const BOROUGHS = ['Verdun', 'Anjou', 'Lachine', null];

/**
 * Synthetic calls with whole-second waits (so wait sums are exact whatever the order), a share of them exactly at
 * T, S and L so every boundary is exercised, and boroughs, agent sites and transfer flags sometimes missing.
 */
function syntheticCalls(seed: number, n: number): CallRecord[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const calls: CallRecord[] = [];
  for (let i = 0; i < n; i++) {
    const u = rnd();
    const wait = u < 0.05 ? 100 : u < 0.08 ? 5 : u < 0.1 ? 1500 : Math.floor(-Math.log(1 - rnd()) * 240);
    calls.push({
      outcome: pick(OUTCOMES),
      wait_seconds: wait,
      borough: pick(BOROUGHS),
      agent_site: pick(BOROUGHS),
      transferred: pick([true, false, null, undefined]),
    });
  }
  return calls;
}

test('emptyCounts has every count at zero', (t) => {
  const c = emptyCounts();
  t.deepEqual(Object.keys(c).sort(), [...CALL_COUNT_FIELDS].sort());
  for (const k of CALL_COUNT_FIELDS) t.is(c[k], 0, k);
});

test('addCounts sums field by field and returns a new object', (t) => {
  const a = countCalls(syntheticCalls(1, 50), SPEC);
  const b = countCalls(syntheticCalls(2, 70), SPEC);
  const s = addCounts(a, b);
  for (const k of CALL_COUNT_FIELDS) t.is(s[k], a[k] + b[k], k);
  t.not(s, a);
  t.deepEqual(a, countCalls(syntheticCalls(1, 50), SPEC), 'the inputs are not modified');
});

test('emptyCounts is the identity of addCounts, and addCounts is commutative', (t) => {
  const a = countCalls(syntheticCalls(3, 40), SPEC);
  const b = countCalls(syntheticCalls(4, 40), SPEC);
  t.deepEqual(addCounts(a, emptyCounts()), a);
  t.deepEqual(addCounts(a, b), addCounts(b, a));
});

test('sumCounts of no parts is emptyCounts, and of several parts is their running addCounts', (t) => {
  t.deepEqual(sumCounts([]), emptyCounts());
  const parts = [5, 6, 7].map((seed) => countCalls(syntheticCalls(seed, 30), SPEC));
  t.deepEqual(sumCounts(parts), addCounts(addCounts(parts[0]!, parts[1]!), parts[2]!));
});

test('city totals equal the sum of their parts: addCounts of two random groups equals counting their union', (t) => {
  const a = syntheticCalls(20181101, 900);
  const b = syntheticCalls(20190301, 1300);
  const union = countCalls([...a, ...b], SPEC);
  t.deepEqual(addCounts(countCalls(a, SPEC), countCalls(b, SPEC)), union);
  t.true(union.answered > 0 && union.abandoned > 0 && union.answered_within > 0 && union.abandoned_short > 0);
});

test('every service level of the summed counts equals the service level of the union of the calls', (t) => {
  const a = syntheticCalls(11, 600);
  const b = syntheticCalls(12, 400);
  const summed = addCounts(countCalls(a, SPEC), countCalls(b, SPEC));
  const union = countCalls([...a, ...b], SPEC);
  for (const v of SERVICE_LEVEL_VARIANTS) t.deepEqual(serviceLevel(summed, v), serviceLevel(union, v), v);
});

test('every other call rate and mean of the summed counts equals that of the union of the calls', (t) => {
  const a = syntheticCalls(13, 600);
  const b = syntheticCalls(14, 400);
  const summed = addCounts(countCalls(a, SPEC), countCalls(b, SPEC));
  const union = countCalls([...a, ...b], SPEC);
  t.deepEqual(abandonmentRate(summed, { short_abandon_seconds: 5 }), abandonmentRate(union, { short_abandon_seconds: 5 }));
  t.deepEqual(longWaitShare(summed), longWaitShare(union));
  t.deepEqual(transferRate(summed), transferRate(union));
  t.deepEqual(answeredLocallyShare(summed), answeredLocallyShare(union));
  t.deepEqual(asaSeconds(summed), asaSeconds(union));
  t.deepEqual(timeToAbandonSeconds(summed), timeToAbandonSeconds(union));
});

test('averaging two groups\' service levels is not the city service level; summing their counts is', (t) => {
  const quiet: CallCounts = { ...emptyCounts(), offered: 10, answered: 10, answered_within: 10 };
  const busy: CallCounts = { ...emptyCounts(), offered: 990, answered: 990, answered_within: 495 };
  const mean = (serviceLevel(quiet, 'F3').value! + serviceLevel(busy, 'F3').value!) / 2;
  const city = serviceLevel(addCounts(quiet, busy), 'F3');
  t.is(mean, 0.75);
  t.is(city.value, 505 / 1000);
});

test('offered counts answered, abandoned and timeout; callback, blocked and other are counted apart', (t) => {
  const outcomes: CallRecord['outcome'][] = ['answered', 'abandoned', 'timeout', 'callback', 'blocked', 'other', 'answered'];
  const c = countCalls(outcomes.map((outcome) => ({ outcome, wait_seconds: 10 })), SPEC);
  t.like(c, { offered: 4, answered: 2, abandoned: 1, timeout: 1, callback: 1, blocked: 1, other: 1 });
});

test('answered_within and abandoned_within follow the spec\'s boundary at T', (t) => {
  const calls: CallRecord[] = [
    { outcome: 'answered', wait_seconds: 100 }, { outcome: 'answered', wait_seconds: 99 },
    { outcome: 'abandoned', wait_seconds: 100 }, { outcome: 'abandoned', wait_seconds: 99 },
  ];
  t.like(countCalls(calls, { ...SPEC, boundary: '<' }), { answered_within: 1, abandoned_within: 1 });
  t.like(countCalls(calls, { ...SPEC, boundary: '<=' }), { answered_within: 2, abandoned_within: 2 });
});

test('abandoned_short counts abandons with a wait of at most S, S included, whatever the boundary', (t) => {
  const calls: CallRecord[] = [0, 4, 5, 5.5, 6].map((w) => ({ outcome: 'abandoned', wait_seconds: w }));
  t.is(countCalls(calls, { ...SPEC, boundary: '<' }).abandoned_short, 3);
  t.is(countCalls(calls, { ...SPEC, boundary: '<=' }).abandoned_short, 3);
});

test('with S = 0 no abandon is short, not even one at 0 s', (t) => {
  const calls: CallRecord[] = [0, 0, 3].map((w) => ({ outcome: 'abandoned', wait_seconds: w }));
  t.is(countCalls(calls, { ...SPEC, short_abandon_seconds: 0 }).abandoned_short, 0);
});

test('long_waits counts answered and abandoned calls with a wait of at least L, L included, and no timeout', (t) => {
  const calls: CallRecord[] = [
    { outcome: 'answered', wait_seconds: 1499 }, { outcome: 'answered', wait_seconds: 1500 },
    { outcome: 'abandoned', wait_seconds: 1500 }, { outcome: 'abandoned', wait_seconds: 4000 },
    { outcome: 'timeout', wait_seconds: 1800 }, { outcome: 'callback', wait_seconds: 1800 },
  ];
  t.is(countCalls(calls, SPEC).long_waits, 3);
});

test('wait sums add the waits of answered and of abandoned calls separately', (t) => {
  const calls: CallRecord[] = [
    { outcome: 'answered', wait_seconds: 10 }, { outcome: 'answered', wait_seconds: 32.5 },
    { outcome: 'abandoned', wait_seconds: 7 }, { outcome: 'timeout', wait_seconds: 900 },
  ];
  t.like(countCalls(calls, SPEC), { answered_wait_sum_s: 42.5, abandoned_wait_sum_s: 7 });
});

test('answered_locally counts answered calls whose agent site is the call\'s borough, among those that have both', (t) => {
  const calls: CallRecord[] = [
    { outcome: 'answered', wait_seconds: 1, borough: 'Verdun', agent_site: 'Verdun' },
    { outcome: 'answered', wait_seconds: 1, borough: 'Verdun', agent_site: 'Anjou' },
    { outcome: 'answered', wait_seconds: 1, borough: 'Verdun', agent_site: null },
    { outcome: 'answered', wait_seconds: 1, agent_site: 'Verdun' },
    { outcome: 'abandoned', wait_seconds: 1, borough: 'Verdun', agent_site: 'Verdun' },
  ];
  t.like(countCalls(calls, SPEC), { answered_with_site: 2, answered_locally: 1 });
});

test('transferred and transfer_known count answered calls only, an absent or null flag being unknown', (t) => {
  const calls: CallRecord[] = [
    { outcome: 'answered', wait_seconds: 1, transferred: true },
    { outcome: 'answered', wait_seconds: 1, transferred: false },
    { outcome: 'answered', wait_seconds: 1, transferred: null },
    { outcome: 'answered', wait_seconds: 1 },
    { outcome: 'abandoned', wait_seconds: 1, transferred: true },
  ];
  t.like(countCalls(calls, SPEC), { transferred: 1, transfer_known: 2 });
});

test('counting no call gives emptyCounts', (t) => {
  t.deepEqual(countCalls([], SPEC), emptyCounts());
});

const badSpec = test.macro({
  exec(t, spec: Partial<CallCountSpec>, message: string) {
    t.throws(() => countCalls([], { ...SPEC, ...spec }), { message });
  },
  title: (_provided, spec) => `countCalls rejects the spec ${JSON.stringify(spec)}`,
});
test(badSpec, { threshold_seconds: -1 }, 'invalid threshold_seconds: -1');
test(badSpec, { short_abandon_seconds: Number.NaN }, 'invalid short_abandon_seconds: NaN');
test(badSpec, { short_abandon_seconds: 120 }, 'invalid short_abandon_seconds: 120 (above threshold_seconds 100)');
test(badSpec, { long_wait_seconds: Infinity }, 'invalid long_wait_seconds: Infinity');
test(badSpec, { boundary: '=<' as never }, 'invalid boundary: =<');

test('countCalls rejects an unknown outcome and a negative wait', (t) => {
  t.throws(() => countCalls([{ outcome: 'hungup' as never, wait_seconds: 1 }], SPEC), { message: 'invalid call outcome: hungup' });
  t.throws(() => countCalls([{ outcome: 'answered', wait_seconds: -3 }], SPEC), { message: 'invalid wait_seconds: -3' });
});

test('interval data is documented to supply offered, answered, abandoned, answered_within, the answered wait sum and abandoned_short', (t) => {
  t.deepEqual([...INTERVAL_COUNT_FIELDS], [
    'offered', 'answered', 'abandoned', 'answered_within', 'answered_wait_sum_s', 'abandoned_short',
  ]);
});
