import test from 'ava';
import { DEFAULT_MIN_N, ratio, verdict, wilson95, Z95, type TargetKind, type Verdict } from '../../src/metrics/proportion.ts';

/**
 * Reference Wilson interval, written out independently of the implementation:
 *   p = x/n;  lo, hi = (p + z²/2n ∓ z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n),  z = 1.959963984540054.
 * For 81/100: z² = 3.841459, (0.81 + 0.019207 ∓ 1.959964·√(0.001539 + 0.0000960365)) / 1.038415
 *           = (0.829207 ∓ 0.079252) / 1.038415 = [0.72222, 0.87490].
 */
function reference(x: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = x / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const h = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(c - h) / d, (c + h) / d];
}

const close = (a: number, b: number, eps: number) => Math.abs(a - b) <= eps;

test('z is the 97.5th percentile of the standard normal', (t) => {
  t.is(Z95, 1.959963984540054);
});

test('Wilson 95 % of 81/100 is about [0.7222, 0.8749]', (t) => {
  const [lo, hi] = wilson95(81, 100)!;
  t.true(close(lo, 0.7222, 5e-5), String(lo));
  t.true(close(hi, 0.8749, 5e-5), String(hi));
});

const wilsonCase = test.macro({
  exec(t, x: number, n: number) {
    const [lo, hi] = wilson95(x, n)!;
    const [rlo, rhi] = reference(x, n);
    t.true(close(lo, Math.max(0, rlo), 1e-12), `${lo} vs ${rlo}`);
    t.true(close(hi, Math.min(1, rhi), 1e-12), `${hi} vs ${rhi}`);
  },
  title: (_provided, x, n) => `Wilson 95 % of ${x}/${n} matches the reference formula`,
});
test(wilsonCase, 81, 100);
test(wilsonCase, 430, 1000);
test(wilsonCase, 1, 3);
test(wilsonCase, 12, 12);
test(wilsonCase, 0, 30);

test('Wilson 95 % of 0/10 is [0, 0.2775] and of 10/10 is [0.7225, 1] (the textbook values)', (t) => {
  const [lo0, hi0] = wilson95(0, 10)!;
  const [lo1, hi1] = wilson95(10, 10)!;
  t.is(lo0, 0);
  t.true(close(hi0, 0.2775, 5e-5), String(hi0));
  t.true(close(lo1, 0.7225, 5e-5), String(lo1));
  t.is(hi1, 1);
});

test('Wilson 95 % of 0/0 is null', (t) => {
  t.is(wilson95(0, 0), null);
});

test('Wilson intervals of 0/n and n/n stay inside [0, 1] and contain the proportion, for n from 1 to 5000', (t) => {
  for (const n of [1, 2, 3, 5, 10, 29, 30, 31, 100, 999, 5000]) {
    for (const x of [0, n]) {
      const [lo, hi] = wilson95(x, n)!;
      t.true(lo >= 0 && hi <= 1 && lo <= x / n && x / n <= hi, `${x}/${n}: [${lo}, ${hi}]`);
    }
  }
});

test('Wilson intervals are mirror images for x/n and (n − x)/n', (t) => {
  const [lo, hi] = wilson95(13, 40)!;
  const [lo2, hi2] = wilson95(27, 40)!;
  t.true(close(lo, 1 - hi2, 1e-12) && close(hi, 1 - lo2, 1e-12));
});

test('Wilson rejects a numerator above the denominator and negative counts', (t) => {
  t.throws(() => wilson95(5, 4), { message: 'invalid numerator: 5 (denominator 4)' });
  t.throws(() => wilson95(0, -1), { message: 'invalid denominator: -1' });
  t.throws(() => wilson95(-1, 4), { message: 'invalid numerator: -1 (denominator 4)' });
});

test('ratio gives the fraction, its counts and its interval, and null for an empty denominator', (t) => {
  t.deepEqual(ratio(81, 100), { value: 0.81, numerator: 81, denominator: 100, ci95: wilson95(81, 100) });
  t.deepEqual(ratio(0, 0), { value: null, numerator: 0, denominator: 0, ci95: null });
});

const verdictCase = test.macro({
  exec(t, kind: TargetKind, target: number, value: number, denominator: number, expected: Verdict) {
    t.is(verdict({ value, denominator, target, kind }), expected);
  },
  title: (_provided, kind, target, value, denominator, expected) =>
    `a value of ${value} on ${denominator} calls against ${kind} ${target} is ${expected}`,
});
test(verdictCase, 'at_least', 0.8, 0.8, 100, 'met');
test(verdictCase, 'at_least', 0.8, 0.81, 100, 'met');
test(verdictCase, 'at_least', 0.8, 0.79, 100, 'missed');
test(verdictCase, 'at_least', 0.8, 0.43, 5000, 'missed');
test(verdictCase, 'at_least', 0.8, 0.95, 29, 'too_few');
test(verdictCase, 'at_least', 0.8, 0.5, 29, 'too_few');
test(verdictCase, 'at_least', 0.8, 0.95, 30, 'met');
test(verdictCase, 'at_most', 0.1, 0.1, 100, 'met');
test(verdictCase, 'at_most', 0.1, 0.09, 100, 'met');
test(verdictCase, 'at_most', 0.1, 0.11, 100, 'missed');
test(verdictCase, 'at_most', 0.1, 0.36, 29, 'too_few');
test(verdictCase, 'at_most', 0.1, 0.36, 30, 'missed');

test('a ratio exactly at the target (800/1000 against an 80 % floor, 100/1000 against a 10 % ceiling) is met', (t) => {
  t.is(verdict({ value: 800 / 1000, denominator: 1000, target: 0.8, kind: 'at_least' }), 'met');
  t.is(verdict({ value: 100 / 1000, denominator: 1000, target: 0.1, kind: 'at_most' }), 'met');
});

test('min_n defaults to 30 and can be changed', (t) => {
  t.is(DEFAULT_MIN_N, 30);
  t.is(verdict({ value: 0.9, denominator: 12, target: 0.8, kind: 'at_least', minN: 10 }), 'met');
  t.is(verdict({ value: 0.9, denominator: 40, target: 0.8, kind: 'at_least', minN: 50 }), 'too_few');
});

test('a metric without a target is no_target, however few its calls', (t) => {
  t.is(verdict({ value: 0.5, denominator: 1000, target: null, kind: null }), 'no_target');
  t.is(verdict({ value: 0.5, denominator: 3, target: null, kind: null }), 'no_target');
});

test('a value that could not be computed is too_few, even with min_n 0', (t) => {
  t.is(verdict({ value: null, denominator: 0, target: 0.8, kind: 'at_least', minN: 0 }), 'too_few');
});

test('an example target is still met or missed: the example flag does not change the verdict', (t) => {
  t.is(verdict({ value: 0.7, denominator: 100, target: 0.9, kind: 'at_least', example: true }), 'missed');
});

test('verdict throws on a target without a kind and on an unknown kind', (t) => {
  t.throws(() => verdict({ value: 0.7, denominator: 100, target: 0.9, kind: null }), { message: 'missing target kind for target: 0.9' });
  t.throws(() => verdict({ value: 0.7, denominator: 100, target: 0.9, kind: 'above' as never }), { message: 'invalid target kind: above' });
});

test('verdict throws on a negative min_n', (t) => {
  t.throws(() => verdict({ value: 0.7, denominator: 100, target: 0.9, kind: 'at_least', minN: -1 }), { message: 'invalid min_n: -1' });
});
