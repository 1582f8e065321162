import test from 'ava';
import {
  addOnTimeCounts, countOnTime, DEFAULT_ON_TIME_VARIANT, emptyOnTimeCounts, isFinal, ON_TIME_VARIANTS, onTimeRate,
  onTimeStatus, sumOnTimeCounts, type OnTimeCounts, type OnTimeTicket, type OnTimeVariant,
} from '../../src/metrics/on-time.ts';
import { verdict } from '../../src/metrics/proportion.ts';

const at = (iso: string): number => Date.parse(iso);
const DAY = 86_400_000;

/**
 * A September 2018 cohort seen at as-of 2018-10-15T00:00Z (instants in UTC so the test reads no time zone):
 *
 * | # | created     | due               | closed            | state at as-of                                |
 * |---|-------------|-------------------|-------------------|-----------------------------------------------|
 * | 1 | 09-03 12:00 | 09-08 12:00       | 09-05 12:00       | closed on time                                |
 * | 2 | 09-10 00:00 | 09-15 00:00       | 09-15 00:00       | closed on time (closed = due: inclusive)      |
 * | 3 | 09-12 00:00 | 09-17 00:00       | 09-17 00:00.001   | closed late (1 ms after due)                  |
 * | 4 | 09-20 00:00 | 09-25 00:00       | 10-02 00:00       | closed late                                   |
 * | 5 | 09-25 00:00 | 09-30 00:00       | open              | open overdue                                  |
 * | 6 | 09-28 00:00 | 10-03 00:00       | 10-20 00:00       | open overdue (closed after as-of = open)      |
 * | 7 | 09-29 00:00 | 10-29 00:00       | open              | open, not due (30-day category)               |
 * | 8 | 09-30 00:00 | 10-15 00:00 = as-of | open            | open, not due (as-of = due: not yet overdue)  |
 *
 * By hand: cohort 8; closed on time 2 (#1, #2); closed late 2 (#3, #4); open overdue 2 (#5, #6); open not due 2
 * (#7, #8). V1 = 2/(2+2) = 0.5; V2 = 2/(2+2+2) = 1/3; V3 = 2/8 = 0.25; V4 (T = the deadline) = 2/8 = 0.25.
 */
const AS_OF = at('2018-10-15T00:00:00Z');
const SEPTEMBER: OnTimeTicket[] = [
  { created_ms: at('2018-09-03T12:00:00Z'), due_ms: at('2018-09-08T12:00:00Z'), closed_ms: at('2018-09-05T12:00:00Z') },
  { created_ms: at('2018-09-10T00:00:00Z'), due_ms: at('2018-09-15T00:00:00Z'), closed_ms: at('2018-09-15T00:00:00Z') },
  { created_ms: at('2018-09-12T00:00:00Z'), due_ms: at('2018-09-17T00:00:00Z'), closed_ms: at('2018-09-17T00:00:00.001Z') },
  { created_ms: at('2018-09-20T00:00:00Z'), due_ms: at('2018-09-25T00:00:00Z'), closed_ms: at('2018-10-02T00:00:00Z') },
  { created_ms: at('2018-09-25T00:00:00Z'), due_ms: at('2018-09-30T00:00:00Z'), closed_ms: null },
  { created_ms: at('2018-09-28T00:00:00Z'), due_ms: at('2018-10-03T00:00:00Z'), closed_ms: at('2018-10-20T00:00:00Z') },
  { created_ms: at('2018-09-29T00:00:00Z'), due_ms: at('2018-10-29T00:00:00Z'), closed_ms: null },
  { created_ms: at('2018-09-30T00:00:00Z'), due_ms: AS_OF, closed_ms: null },
];
const SEPTEMBER_COUNTS: OnTimeCounts = { cohort: 8, closed_on_time: 2, closed_late: 2, open_overdue: 2, open_not_due: 2 };

test('the hand-made September cohort counts as derived by hand: 2 on time, 2 late, 2 open overdue, 2 open not due', (t) => {
  t.deepEqual(countOnTime(SEPTEMBER, AS_OF), SEPTEMBER_COUNTS);
  t.deepEqual(
    SEPTEMBER.map((k) => onTimeStatus(k, AS_OF)),
    ['closed_on_time', 'closed_on_time', 'closed_late', 'closed_late', 'open_overdue', 'open_overdue', 'open_not_due', 'open_not_due'],
  );
});

const variantCase = test.macro({
  exec(t, variant: OnTimeVariant, numerator: number, denominator: number) {
    const r = onTimeRate(SEPTEMBER_COUNTS, variant);
    t.is(r.variant, variant);
    t.is(r.numerator, numerator);
    t.is(r.denominator, denominator);
    t.is(r.value, numerator / denominator);
    t.truthy(r.ci95);
    t.true(r.ci95![0] <= r.value! && r.value! <= r.ci95![1]);
  },
  title: (_provided, variant, numerator, denominator) =>
    `the September cohort gives ${variant} = ${numerator}/${denominator} (docs/methods.md §2.2)`,
});

test(variantCase, 'V1', 2, 4);
test(variantCase, 'V2', 2, 6);
test(variantCase, 'V3', 2, 8);
test(variantCase, 'V4', 2, 8);

test('the variants are V1 to V4 and the default is V2', (t) => {
  t.deepEqual(ON_TIME_VARIANTS, ['V1', 'V2', 'V3', 'V4']);
  t.is(DEFAULT_ON_TIME_VARIANT, 'V2');
});

test('V4 reads closed_within when the counts carry it: closed within T = 7 days of the September cohort is 3/8', (t) => {
  // Within 7 days of creation: #1 (2 days), #2 (5 days), #3 (5 days + 1 ms); #4 took 12 days; the rest are open.
  const r = onTimeRate({ ...SEPTEMBER_COUNTS, closed_within: 3 }, 'V4');
  t.is(r.numerator, 3);
  t.is(r.denominator, 8);
  t.is(r.value, 0.375);
  // closed_within does not touch V1–V3.
  t.is(onTimeRate({ ...SEPTEMBER_COUNTS, closed_within: 3 }, 'V3').numerator, 2);
});

test('closed at exactly the due instant is on time; 1 ms later is late (inclusive boundary)', (t) => {
  const due = at('2018-09-15T00:00:00Z');
  const base = { created_ms: due - 5 * DAY, due_ms: due };
  t.is(onTimeStatus({ ...base, closed_ms: due }, AS_OF), 'closed_on_time');
  t.is(onTimeStatus({ ...base, closed_ms: due + 1 }, AS_OF), 'closed_late');
});

test('open at as-of exactly the due instant is not yet due; 1 ms later it is overdue', (t) => {
  const due = at('2018-10-15T00:00:00Z');
  const open = { created_ms: due - 5 * DAY, due_ms: due, closed_ms: null };
  t.is(onTimeStatus(open, due), 'open_not_due');
  t.is(onTimeStatus(open, due + 1), 'open_overdue');
  // closed at exactly as-of is closed at as-of
  t.is(onTimeStatus({ ...open, closed_ms: due }, due), 'closed_on_time');
});

/**
 * The trap of V1 (docs/methods.md §2.2: a recent month whose late tickets are still open looks perfect): the October 2018 cohort seen at
 * as-of 2018-10-15, deadline 5 days. Tickets: 3 created 10-01 and closed 10-02 (on time); 5 created 10-02 to 10-06 and
 * still open (due 10-07 to 10-11, all before as-of: open overdue); 2 created 10-12 and 10-13, open (due 10-17, 10-18:
 * not due). Counts: cohort 10; closed on time 3; closed late 0; open overdue 5; open not due 2.
 * V1 = 3/3 = 100 %; V2 = 3/(3+5) = 37.5 %; V3 = 3/10 = 30 %.
 */
test('a recent month with open overdue tickets reads 100 % under V1 and 37.5 % under V2, and is not final', (t) => {
  const AS_OF_OCT = at('2018-10-15T00:00:00Z');
  const tickets: OnTimeTicket[] = [];
  for (let i = 0; i < 3; i++) {
    tickets.push({ created_ms: at('2018-10-01T09:00:00Z'), due_ms: at('2018-10-06T09:00:00Z'), closed_ms: at('2018-10-02T09:00:00Z') });
  }
  for (let d = 2; d <= 6; d++) {
    const created = at(`2018-10-0${d}T09:00:00Z`);
    tickets.push({ created_ms: created, due_ms: created + 5 * DAY, closed_ms: null });
  }
  for (const d of [12, 13]) {
    const created = at(`2018-10-${d}T09:00:00Z`);
    tickets.push({ created_ms: created, due_ms: created + 5 * DAY, closed_ms: null });
  }
  const c = countOnTime(tickets, AS_OF_OCT);
  t.deepEqual(c, { cohort: 10, closed_on_time: 3, closed_late: 0, open_overdue: 5, open_not_due: 2 });

  const v1 = onTimeRate(c, 'V1');
  const v2 = onTimeRate(c, 'V2');
  t.is(v1.value, 1);
  t.is(v2.value, 0.375);
  t.is(onTimeRate(c, 'V3').value, 0.3);
  // Against a 90 % floor: V1 would call the month met, V2 does not.
  t.is(verdict({ value: v1.value, denominator: v1.denominator, target: 0.9, kind: 'at_least', minN: 0 }), 'met');
  t.is(verdict({ value: v2.value, denominator: v2.denominator, target: 0.9, kind: 'at_least', minN: 0 }), 'missed');
  // October ends 2018-11-01T00:00 local; at as-of 10-15 its follow-up is negative: not final.
  t.false(isFinal(at('2018-11-01T04:00:00Z'), AS_OF_OCT, 5 * DAY));
});

/**
 * Simpson's paradox (docs/methods.md §4.4). Two boroughs, two themes (counts: closed on time / closed, every ticket
 * closed, so V1 = V2 = V3):
 *
 * | borough | potholes      | permits        | all (summed)    | mean of the two rates |
 * |---------|---------------|----------------|-----------------|-----------------------|
 * | X       | 30/100 = 30 % | 19/20 = 95 %   | 49/120 = 40.8 % | 62.5 %                |
 * | Y       | 5/20 = 25 %   | 90/100 = 90 %  | 95/120 = 79.2 % | 57.5 %                |
 *
 * X is better in each theme yet worse overall; the mean of rates ranks X first, the summed counts rank Y first.
 */
test('aggregation sums counts: a Simpson case where the summed rate differs from the mean of rates and reverses the ranking', (t) => {
  const closed = (onTime: number, n: number): OnTimeCounts =>
    ({ cohort: n, closed_on_time: onTime, closed_late: n - onTime, open_overdue: 0, open_not_due: 0 });
  const x = [closed(30, 100), closed(19, 20)];
  const y = [closed(5, 20), closed(90, 100)];
  const rate = (c: OnTimeCounts) => onTimeRate(c, 'V2').value!;

  t.true(rate(x[0]!) > rate(y[0]!));
  t.true(rate(x[1]!) > rate(y[1]!));

  const xAll = onTimeRate(sumOnTimeCounts(x), 'V2');
  const yAll = onTimeRate(sumOnTimeCounts(y), 'V2');
  t.is(xAll.numerator, 49);
  t.is(xAll.denominator, 120);
  t.is(yAll.numerator, 95);
  t.is(yAll.denominator, 120);
  t.true(xAll.value! < yAll.value!);

  const meanX = (rate(x[0]!) + rate(x[1]!)) / 2;
  const meanY = (rate(y[0]!) + rate(y[1]!)) / 2;
  t.is(Number(meanX.toFixed(3)), 0.625);
  t.is(Number(meanY.toFixed(3)), 0.575);
  t.not(Number(xAll.value!.toFixed(3)), Number(meanX.toFixed(3)));
  t.true(meanX > meanY);
});

test('addOnTimeCounts sums field by field; emptyOnTimeCounts is its identity; sumOnTimeCounts of nothing is empty', (t) => {
  const a: OnTimeCounts = { cohort: 5, closed_on_time: 1, closed_late: 1, open_overdue: 2, open_not_due: 1 };
  t.deepEqual(addOnTimeCounts(a, SEPTEMBER_COUNTS), { cohort: 13, closed_on_time: 3, closed_late: 3, open_overdue: 4, open_not_due: 3 });
  t.deepEqual(addOnTimeCounts(a, emptyOnTimeCounts()), a);
  t.deepEqual(sumOnTimeCounts([]), emptyOnTimeCounts());
  t.deepEqual(sumOnTimeCounts([a, a, a]), { cohort: 15, closed_on_time: 3, closed_late: 3, open_overdue: 6, open_not_due: 3 });
});

test('summing counts with and without closed_within: an absent closed_within counts as closed_on_time', (t) => {
  const withT: OnTimeCounts = { ...SEPTEMBER_COUNTS, closed_within: 3 };
  const sum = addOnTimeCounts(withT, SEPTEMBER_COUNTS);
  t.is(sum.closed_within, 3 + 2);
  t.false('closed_within' in addOnTimeCounts(SEPTEMBER_COUNTS, SEPTEMBER_COUNTS));
});

test('the sum of two cohorts gives the rate of the union, not the mean of their rates', (t) => {
  const [first, second] = [SEPTEMBER.slice(0, 3), SEPTEMBER.slice(3)];
  const parts = sumOnTimeCounts([countOnTime(first, AS_OF), countOnTime(second, AS_OF)]);
  t.deepEqual(parts, SEPTEMBER_COUNTS);
  for (const v of ON_TIME_VARIANTS) t.deepEqual(onTimeRate(parts, v), onTimeRate(countOnTime(SEPTEMBER, AS_OF), v), v);
});

test('a cohort with no close yet has V1 null (denominator 0) but V3 0', (t) => {
  const c: OnTimeCounts = { cohort: 4, closed_on_time: 0, closed_late: 0, open_overdue: 0, open_not_due: 4 };
  const v1 = onTimeRate(c, 'V1');
  t.is(v1.value, null);
  t.is(v1.ci95, null);
  t.is(v1.denominator, 0);
  t.is(onTimeRate(c, 'V2').value, null);
  t.is(onTimeRate(c, 'V3').value, 0);
  t.is(onTimeRate(emptyOnTimeCounts(), 'V4').value, null);
});

test('onTimeRate rejects an unknown variant, negative counts, parts that do not add up and closed_within above closed', (t) => {
  t.throws(() => onTimeRate(SEPTEMBER_COUNTS, 'V5' as OnTimeVariant), { message: 'invalid on-time variant: V5' });
  t.throws(() => onTimeRate({ ...SEPTEMBER_COUNTS, closed_late: -1, cohort: 5 }, 'V1'), { message: /invalid on-time count closed_late/ });
  t.throws(() => onTimeRate({ ...SEPTEMBER_COUNTS, cohort: 9 }, 'V3'), { message: /cohort 9 is not the sum/ });
  t.throws(() => onTimeRate({ ...SEPTEMBER_COUNTS, closed_within: 5 }, 'V4'), { message: /closed_within 5 above the 4 closed/ });
  t.throws(() => onTimeRate({ ...SEPTEMBER_COUNTS, open_overdue: Number.NaN }, 'V2'), { message: /invalid on-time count open_overdue/ });
});

test('onTimeStatus rejects a ticket created after as-of or closed before created', (t) => {
  t.throws(() => onTimeStatus({ created_ms: AS_OF + 1, due_ms: AS_OF + DAY, closed_ms: null }, AS_OF), { message: /created after as-of/ });
  t.throws(() => onTimeStatus({ created_ms: AS_OF - DAY, due_ms: AS_OF, closed_ms: AS_OF - 2 * DAY }, AS_OF), {
    message: /closed before created/,
  });
  t.throws(() => onTimeStatus({ created_ms: AS_OF - DAY, due_ms: Number.NaN, closed_ms: null }, AS_OF), { message: /invalid due/ });
});

test('isFinal: follow-up (as-of − cohort end) at least the deadline is final, inclusive; 1 ms short is not', (t) => {
  const end = at('2018-10-01T04:00:00Z'); // 2018-10-01T00:00 in Montréal (EDT)
  const deadline = 30 * DAY;
  t.true(isFinal(end, end + deadline, deadline));
  t.false(isFinal(end, end + deadline - 1, deadline));
  t.true(isFinal(end, end + deadline + 1, deadline));
  t.false(isFinal(end, end - 1, 0)); // as-of before the cohort end
  t.true(isFinal(end, end, 0));
  t.throws(() => isFinal(end, end, -1), { message: 'invalid deadline: -1' });
  t.throws(() => isFinal(Number.NaN, end, 1), { message: /invalid cohort end/ });
});

test('once final, no ticket is open and not yet due, so V2 = V3', (t) => {
  // September's longest deadline is 30 days (#7): at as-of 10-31 (follow-up 30 days from 10-01) the cohort is final.
  const asOf = at('2018-10-31T00:00:00Z');
  t.true(isFinal(at('2018-10-01T00:00:00Z'), asOf, 30 * DAY));
  const c = countOnTime(SEPTEMBER, asOf);
  t.is(c.open_not_due, 0);
  t.is(onTimeRate(c, 'V2').value, onTimeRate(c, 'V3').value);
});

test('the metrics barrel re-exports the ticket metric functions (on-time, Kaplan–Meier, backlog)', async (t) => {
  const metrics = (await import('../../src/metrics/index.ts')) as Record<string, unknown>;
  for (const name of [
    'onTimeRate', 'addOnTimeCounts', 'sumOnTimeCounts', 'emptyOnTimeCounts', 'countOnTime', 'onTimeStatus', 'isFinal',
    'kaplanMeier', 'survivalAt', 'kmQuantile', 'eventualShare', 'agingBucket', 'ageDayBucket', 'agingMetricId', 'inBacklog',
  ]) {
    t.is(typeof metrics[name], 'function', name);
  }
  t.deepEqual(metrics['AGING_BUCKETS'], ['within', 'over_1x', 'over_2x', 'no_target']);
});
