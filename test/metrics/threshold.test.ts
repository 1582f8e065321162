/** src/metrics/threshold.ts: a wait at exactly T, either side of it, and an unknown boundary. */
import test from 'ava';
import { withinThreshold } from '../../src/metrics/threshold.ts';

test('withinThreshold at exactly T: strict "<" (Montréal « en moins de 100 secondes ») says no, "<=" says yes', (t) => {
  t.false(withinThreshold(100, 100, '<'));
  t.true(withinThreshold(100, 100, '<='));
});

const boundaryCase = test.macro({
  exec(t, wait: number, strict: boolean, inclusive: boolean) {
    t.is(withinThreshold(wait, 100, '<'), strict);
    t.is(withinThreshold(wait, 100, '<='), inclusive);
  },
  title: (_provided, wait) => `withinThreshold agrees under both boundaries for a wait of ${wait} s against T = 100 s`,
});
test(boundaryCase, 0, true, true);
test(boundaryCase, 99, true, true);
test(boundaryCase, 99.999, true, true);
test(boundaryCase, 100.001, false, false);
test(boundaryCase, 101, false, false);

test('withinThreshold throws on an unknown boundary', (t) => {
  t.throws(() => withinThreshold(1, 100, '≤' as never), { message: 'invalid boundary: ≤' });
});
