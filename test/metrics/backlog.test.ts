import test from 'ava';
import {
  AGE_DAY_BUCKETS, ageDayBucket, AGING_BUCKETS, agingBucket, agingMetricId, inBacklog, type AgeDayBucket, type AgingBucket,
} from '../../src/metrics/backlog.ts';
import { onTimeStatus } from '../../src/metrics/on-time.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `5 days`, `5 days + 1 ms`, `3 days − 1 ms`: test titles that show which side of a boundary the age is on. */
function days(ms: number): string {
  const whole = Math.round(ms / DAY);
  const rest = ms - whole * DAY;
  return `${whole} days${rest === 0 ? '' : rest > 0 ? ` + ${rest} ms` : ` − ${-rest} ms`}`;
}

const agingCase = test.macro({
  exec(t, ageMs: number, deadlineMs: number | null, expected: AgingBucket) {
    t.is(agingBucket(ageMs, deadlineMs), expected);
  },
  title: (_provided, ageMs: number, deadlineMs: number | null, expected: AgingBucket) =>
    `an open ticket aged ${days(ageMs)} ${deadlineMs === null ? 'without a deadline' : `against a deadline of ${days(deadlineMs)}`} is '${expected}'`,
});

// Deadline 5 days: ≤ 5 d within; (5 d, 10 d] over 1×; > 10 d over 2×.
test(agingCase, 0, 5 * DAY, 'within');
test(agingCase, 5 * DAY - 1, 5 * DAY, 'within');
test(agingCase, 5 * DAY, 5 * DAY, 'within'); // exactly 1×: within (inclusive), as "as-of ≤ due" is not yet due
test(agingCase, 5 * DAY + 1, 5 * DAY, 'over_1x');
test(agingCase, 10 * DAY, 5 * DAY, 'over_1x'); // exactly 2×: over_1x (inclusive)
test(agingCase, 10 * DAY + 1, 5 * DAY, 'over_2x');
test(agingCase, 400 * DAY, 5 * DAY, 'over_2x');
test(agingCase, 3 * DAY, null, 'no_target');
test(agingCase, 0, null, 'no_target');

test('the aging bucket ids and their metric ids', (t) => {
  t.deepEqual(AGING_BUCKETS, ['within', 'over_1x', 'over_2x', 'no_target']);
  t.deepEqual(AGING_BUCKETS.map(agingMetricId), [
    'tickets.aging.within', 'tickets.aging.over_1x', 'tickets.aging.over_2x', 'tickets.aging.no_target',
  ]);
  t.is(agingMetricId('days_31_90'), 'tickets.aging.days_31_90');
});

test("with age = as-of − created and deadline = due − created, 'within' is exactly on-time's open_not_due", (t) => {
  const created = Date.parse('2018-10-01T13:00:00Z');
  const due = created + 5 * DAY + 7 * HOUR; // e.g. a business-day deadline ending at close of business
  for (const asOf of [created, due - 1, due, due + 1, created + 2 * (due - created), created + 2 * (due - created) + 1]) {
    const bucket = agingBucket(asOf - created, due - created);
    const status = onTimeStatus({ created_ms: created, due_ms: due, closed_ms: null }, asOf);
    t.is(bucket === 'within', status === 'open_not_due', `as-of ${asOf}`);
  }
});

test('agingBucket rejects a negative or non-finite age and a deadline that is not positive', (t) => {
  t.throws(() => agingBucket(-1, DAY), { message: 'invalid age: -1' });
  t.throws(() => agingBucket(Number.NaN, null), { message: 'invalid age: NaN' });
  t.throws(() => agingBucket(DAY, 0), { message: 'invalid deadline: 0' });
  t.throws(() => agingBucket(DAY, -DAY), { message: /invalid deadline/ });
  t.throws(() => agingBucket(DAY, Infinity), { message: 'invalid deadline: Infinity' });
});

const dayCase = test.macro({
  exec(t, ageMs: number, expected: AgeDayBucket) {
    t.is(ageDayBucket(ageMs), expected);
  },
  title: (_provided, ageMs: number, expected: AgeDayBucket) => `an open ticket aged ${days(ageMs)} is in '${expected}'`,
});

// Completed elapsed days: 0–2, 3–7, 8–30, 31–90, ≥ 91; each boundary from both sides.
test(dayCase, 0, 'days_0_2');
test(dayCase, 3 * DAY - 1, 'days_0_2');
test(dayCase, 3 * DAY, 'days_3_7');
test(dayCase, 8 * DAY - 1, 'days_3_7');
test(dayCase, 8 * DAY, 'days_8_30');
test(dayCase, 31 * DAY - 1, 'days_8_30');
test(dayCase, 31 * DAY, 'days_31_90');
test(dayCase, 91 * DAY - 1, 'days_31_90');
test(dayCase, 91 * DAY, 'days_over_90');
test(dayCase, 5000 * DAY, 'days_over_90');

test('the day buckets are contiguous, in order, and the last has no upper bound', (t) => {
  t.deepEqual(AGE_DAY_BUCKETS.map((b) => b.id), ['days_0_2', 'days_3_7', 'days_8_30', 'days_31_90', 'days_over_90']);
  t.is(AGE_DAY_BUCKETS[0]!.min_days, 0);
  for (let i = 1; i < AGE_DAY_BUCKETS.length; i++) {
    t.is(AGE_DAY_BUCKETS[i]!.min_days, AGE_DAY_BUCKETS[i - 1]!.max_days! + 1);
  }
  t.is(AGE_DAY_BUCKETS.at(-1)!.max_days, null);
  t.throws(() => ageDayBucket(-1), { message: 'invalid age: -1' });
});

test('backlog at as-of: created ≤ as-of and not closed by as-of (created at as-of is in; closed at as-of is out)', (t) => {
  const asOf = Date.parse('2018-10-31T04:00:00Z');
  t.true(inBacklog(asOf - DAY, null, asOf));
  t.true(inBacklog(asOf, null, asOf));
  t.false(inBacklog(asOf + 1, null, asOf));
  t.true(inBacklog(asOf - DAY, asOf + 1, asOf)); // closed after as-of: still in the backlog at as-of
  t.false(inBacklog(asOf - DAY, asOf, asOf));
  t.false(inBacklog(asOf - DAY, asOf - 1, asOf));
  t.throws(() => inBacklog(Number.NaN, null, asOf), { message: /invalid created/ });
  t.throws(() => inBacklog(asOf, Number.NaN, asOf), { message: /invalid closed/ });
});
