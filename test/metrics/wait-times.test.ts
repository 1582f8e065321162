import test from 'ava';
import { emptyCounts, type CallCounts } from '../../src/metrics/call-counts.ts';
import {
  asaSeconds, meanWait, nearestRank, nearestRankOfCounts, percentileName, timeToAbandonSeconds, waitPercentiles,
} from '../../src/metrics/wait-times.ts';

const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

const rankCase = test.macro<[number[], number, number | null]>({
  exec(t, values: number[], p: number, expected: number | null) {
    t.is(nearestRank(values, p), expected);
  },
  title: (_provided, values, p, expected) =>
    `nearest rank of [${values.join(', ')}] at p = ${p} is ${expected === null ? 'null' : expected}`,
});

test(rankCase, ONE_TO_TEN, 0.5, 5);
test(rankCase, ONE_TO_TEN, 0.9, 9);
test(rankCase, ONE_TO_TEN, 1, 10);
test(rankCase, ONE_TO_TEN, 0.1, 1);
test(rankCase, ONE_TO_TEN, 0.01, 1);
test(rankCase, ONE_TO_TEN, 0.55, 6);
test(rankCase, ONE_TO_TEN, 0.7, 7); // 0.7 · 10 = 7.000000000000001 in floating point: still rank 7
test(rankCase, [42], 0.01, 42);
test(rankCase, [42], 0.5, 42);
test(rankCase, [42], 1, 42);
test(rankCase, [1, 2, 2, 2, 9], 0.2, 1);
test(rankCase, [1, 2, 2, 2, 9], 0.5, 2);
test(rankCase, [1, 2, 2, 2, 9], 0.8, 2);
test(rankCase, [1, 2, 2, 2, 9], 0.9, 9);
test(rankCase, [], 0.5, null);

test('nearest rank from a histogram equals nearest rank over the expanded values', (t) => {
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rnd() * 60);
    const values = Array.from({ length: n }, () => Math.floor(rnd() * 15) * 2.5).sort((a, b) => a - b);
    const distinct = [...new Set(values)];
    const counts = distinct.map((v) => values.filter((w) => w === v).length);
    for (const p of [0.1, 0.5, 0.7, 0.9, 0.95, 1]) t.is(nearestRankOfCounts(distinct, counts, p), nearestRank(values, p), `${values.join(',')} p=${p}`);
  }
  t.is(nearestRankOfCounts([], [], 0.5), null);
  t.is(nearestRankOfCounts([3, 8], [9, 1], 0.9), 3);
  t.is(nearestRankOfCounts([3, 8], [9, 1], 0.91), 8);
  t.throws(() => nearestRankOfCounts([2, 1], [1, 1], 0.5), { message: /strictly ascending/ });
  t.throws(() => nearestRankOfCounts([1, 2], [1, 0], 0.5), { message: /invalid count/ });
  t.throws(() => nearestRankOfCounts([1, 2], [1], 0.5), { message: /2 values but 1 counts/ });
});

test('nearest rank matches its definition, the smallest observed value with at least p of the values at or below it', (t) => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rnd() * 40);
    const values = Array.from({ length: n }, () => Math.floor(rnd() * 20)).sort((a, b) => a - b);
    for (const p of [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1]) {
      const byDefinition = values.find((v) => values.filter((w) => w <= v).length >= p * n - 1e-9);
      t.is(nearestRank(values, p), byDefinition!, `${values.join(',')} p=${p}`);
    }
  }
});

test('nearest rank rejects p outside (0, 1]', (t) => {
  for (const p of [0, -0.1, 1.01, Number.NaN]) {
    t.throws(() => nearestRank(ONE_TO_TEN, p), { message: /^invalid percentile/ }, String(p));
  }
});

test('nearest rank rejects unsorted values rather than answer wrongly', (t) => {
  t.throws(() => nearestRank([3, 1, 2], 0.5), { message: 'values not sorted ascending at index 1' });
});

test('waitPercentiles sorts a copy of the waits and gives p50 and p90 by default, named and by nearest rank', (t) => {
  const waits = [10, 3, 8, 1, 9, 2, 7, 4, 6, 5];
  const r = waitPercentiles(waits);
  t.deepEqual(r, {
    method: 'nearest_rank',
    n: 10,
    percentiles: [{ p: 0.5, name: 'p50', value: 5 }, { p: 0.9, name: 'p90', value: 9 }],
  });
  t.deepEqual(waits, [10, 3, 8, 1, 9, 2, 7, 4, 6, 5], 'the input is not modified');
});

test('waitPercentiles sorts numerically, not as text', (t) => {
  t.is(waitPercentiles([100, 9, 20], [1]).percentiles[0]!.value, 100);
});

test('waitPercentiles of no wait gives null values and n = 0', (t) => {
  t.deepEqual(waitPercentiles([], [0.5]), { method: 'nearest_rank', n: 0, percentiles: [{ p: 0.5, name: 'p50', value: null }] });
});

test('waitPercentiles rejects a non-finite wait', (t) => {
  t.throws(() => waitPercentiles([1, Number.NaN]), { message: 'invalid wait: NaN' });
});

test('percentile names follow the pXX spelling, with decimals when needed', (t) => {
  t.deepEqual([0.05, 0.5, 0.9, 0.995, 1].map(percentileName), ['p5', 'p50', 'p90', 'p99.5', 'p100']);
});

const COUNTS: CallCounts = {
  ...emptyCounts(), offered: 14, answered: 10, abandoned: 4, answered_wait_sum_s: 850, abandoned_wait_sum_s: 300,
};

test('ASA is the wait sum of answered calls over answered calls, in seconds', (t) => {
  t.deepEqual(asaSeconds(COUNTS), { value: 85, numerator: 850, denominator: 10, variant: 'answered' });
});

test('average time to abandon is the wait sum of abandoned calls over abandoned calls, in seconds', (t) => {
  t.deepEqual(timeToAbandonSeconds(COUNTS), { value: 75, numerator: 300, denominator: 4, variant: 'abandoned' });
});

test('the all-calls average wait pools answered and abandoned waits', (t) => {
  t.is(meanWait(COUNTS, 'answered_and_abandoned').value, 1150 / 14);
});

test('ASA is null when no call was answered', (t) => {
  t.is(asaSeconds({ ...emptyCounts(), abandoned: 3, abandoned_wait_sum_s: 90 }).value, null);
});

test('meanWait throws on an unknown variant', (t) => {
  t.throws(() => meanWait(COUNTS, 'offered' as never), { message: 'invalid mean wait variant: offered' });
});
