import test from 'ava';
import {
  eventualShare, kaplanMeier, kmQuantile, survivalAt, type KmCurve, type KmObservation, type KmRow,
} from '../../src/metrics/kaplan-meier.ts';

/**
 * The 6-MP arm of Freireich et al. 1963 (Gehan 1965; docs/methods.md §2.3): remission times in weeks, `*` censored:
 * 6, 6, 6, 6*, 7, 9*, 10, 10*, 11*, 13, 16, 17*, 19*, 20*, 22, 23, 25*, 32*, 32*, 34*, 35*.
 */
const SIX_MP: KmObservation[] = [
  [6, true], [6, true], [6, true], [6, false], [7, true], [9, false], [10, true], [10, false], [11, false], [13, true],
  [16, true], [17, false], [19, false], [20, false], [22, true], [23, true], [25, false], [32, false], [32, false],
  [34, false], [35, false],
].map(([time, event]) => ({ time: time as number, event: event as boolean }));

/** The same data as one row per distinct time, shuffled, with time 6 split over two rows and an empty row. */
const SIX_MP_ROWS: KmRow[] = [
  { time: 35, events: 0, censored: 1 }, { time: 6, events: 3, censored: 0 }, { time: 23, events: 1, censored: 0 },
  { time: 7, events: 1, censored: 0 }, { time: 32, events: 0, censored: 2 }, { time: 9, events: 0, censored: 1 },
  { time: 10, events: 1, censored: 1 }, { time: 11, events: 0, censored: 1 }, { time: 13, events: 1, censored: 0 },
  { time: 16, events: 1, censored: 0 }, { time: 17, events: 0, censored: 1 }, { time: 19, events: 0, censored: 1 },
  { time: 20, events: 0, censored: 1 }, { time: 22, events: 1, censored: 0 }, { time: 25, events: 0, censored: 1 },
  { time: 34, events: 0, censored: 1 }, { time: 6, events: 0, censored: 1 }, { time: 40, events: 0, censored: 0 },
];

const round3 = (x: number | null) => (x === null ? null : Number(x.toFixed(3)));

/**
 * The textbook table, one row per distinct time: n at risk, d events, c censored, S(t) to 3 decimals.
 * S: 18/21 = 0.857; × 16/17 = 0.807; × 14/15 = 0.753; × 11/12 = 0.690; × 10/11 = 0.627; × 6/7 = 0.538; × 5/6 = 0.448.
 */
const TABLE: [time: number, atRisk: number, events: number, censored: number, survival: number][] = [
  [6, 21, 3, 1, 0.857],
  [7, 17, 1, 0, 0.807],
  [9, 16, 0, 1, 0.807],
  [10, 15, 1, 1, 0.753],
  [11, 13, 0, 1, 0.753],
  [13, 12, 1, 0, 0.69],
  [16, 11, 1, 0, 0.627],
  [17, 10, 0, 1, 0.627],
  [19, 9, 0, 1, 0.627],
  [20, 8, 0, 1, 0.627],
  [22, 7, 1, 0, 0.538],
  [23, 6, 1, 0, 0.448],
  [25, 5, 0, 1, 0.448],
  [32, 4, 0, 2, 0.448],
  [34, 2, 0, 1, 0.448],
  [35, 1, 0, 1, 0.448],
];

test('the 6-MP curve matches the textbook table: at risk, events, censored and S to 3 decimals at every time', (t) => {
  const curve = kaplanMeier(SIX_MP);
  t.deepEqual(
    curve.map((s) => [s.time, s.at_risk, s.events, s.censored, round3(s.survival)]),
    TABLE,
  );
});

test('the 6-MP S values are the exact products of (n − d)/n', (t) => {
  const curve = kaplanMeier(SIX_MP);
  const exact = (18 / 21) * (16 / 17) * (14 / 15) * (11 / 12) * (10 / 11) * (6 / 7) * (5 / 6);
  t.true(Math.abs(survivalAt(curve, 23)! - exact) < 1e-15);
});

const survivalCase = test.macro({
  exec(t, time: number, expected: number) {
    t.is(round3(survivalAt(kaplanMeier(SIX_MP), time)), expected);
  },
  title: (_provided, time, expected) => `6-MP: S(${time}) = ${expected}`,
});

// The listed values "from" each time (right-continuous: the step's own time already has the new value) ...
test(survivalCase, 6, 0.857);
test(survivalCase, 7, 0.807);
test(survivalCase, 10, 0.753);
test(survivalCase, 13, 0.69);
test(survivalCase, 16, 0.627);
test(survivalCase, 22, 0.538);
test(survivalCase, 23, 0.448);
test(survivalCase, 35, 0.448);
// ... and just before each step, the previous value.
test(survivalCase, 0, 1);
test(survivalCase, 5.999, 1);
test(survivalCase, 6.999, 0.857);
test(survivalCase, 9.5, 0.807);
test(survivalCase, 12.999, 0.753);
test(survivalCase, 15.999, 0.69);
test(survivalCase, 21.999, 0.627);
test(survivalCase, 22.999, 0.538);
test(survivalCase, 30, 0.448);

test('6-MP: the median is 23 weeks and the p90 is not reached (null, beyond follow-up)', (t) => {
  const curve = kaplanMeier(SIX_MP);
  t.deepEqual(kmQuantile(curve, 0.5), { value: 23 });
  t.deepEqual(kmQuantile(curve, 0.9), { value: null, note: 'beyond_follow_up' });
  // S ≤ 0.25 is never reached either; S ≤ 0.9 first at 6.
  t.deepEqual(kmQuantile(curve, 0.75), { value: null, note: 'beyond_follow_up' });
  t.deepEqual(kmQuantile(curve, 0.1), { value: 6 });
  // S ≤ 1 − 0.45 = 0.55 first at 22 (0.538).
  t.deepEqual(kmQuantile(curve, 0.45), { value: 22 });
});

test('6-MP: the eventual share within T is 1 − S(T), inclusive of an event at exactly T', (t) => {
  const curve = kaplanMeier(SIX_MP);
  t.is(round3(eventualShare(curve, 23).value), 0.552);
  t.is(round3(eventualShare(curve, 22.999).value), 0.462);
  t.is(eventualShare(curve, 5).value, 0);
  t.is(round3(eventualShare(curve, 35).value), 0.552);
  t.false('note' in eventualShare(curve, 35));
});

test('6-MP: the eventual share past the longest follow-up (35) is null with the note, since S(35) > 0', (t) => {
  t.deepEqual(eventualShare(kaplanMeier(SIX_MP), 35.5), { value: null, note: 'beyond_follow_up' });
});

test('per-ticket and aggregated input give identical curves and values', (t) => {
  const a = kaplanMeier(SIX_MP);
  const b = kaplanMeier(SIX_MP_ROWS);
  t.deepEqual(b, a);
  for (const p of [0.1, 0.5, 0.9]) t.deepEqual(kmQuantile(b, p), kmQuantile(a, p));
  for (const x of [0, 6, 10, 22.5, 35]) t.is(survivalAt(b, x), survivalAt(a, x));
  // and the input order of per-ticket observations does not matter
  t.deepEqual(kaplanMeier([...SIX_MP].reverse()), a);
});

test('ties: at one time events come before censorings, so the censored ticket is still at risk', (t) => {
  // 3 events and 1 censoring at 6 out of 21: S(6) = 18/21, not 18/20.
  const step = kaplanMeier(SIX_MP)[0]!;
  t.is(step.at_risk, 21);
  t.is(step.survival, 18 / 21);
  // a single event and a single censoring at the same time: S drops to 1/2 and the curve ends there
  const curve = kaplanMeier([{ time: 1, event: true }, { time: 1, event: false }]);
  t.deepEqual(curve, [{ time: 1, at_risk: 2, events: 1, censored: 1, survival: 0.5 }]);
});

test('all censored: S stays 1, no quantile is reached, the eventual share is 0 within the follow-up', (t) => {
  const curve = kaplanMeier([2, 5, 5, 9].map((time) => ({ time, event: false })));
  t.deepEqual(curve.map((s) => s.survival), [1, 1, 1]);
  t.deepEqual(curve.map((s) => s.at_risk), [4, 3, 1]);
  t.is(survivalAt(curve, 100), 1);
  t.deepEqual(kmQuantile(curve, 0.5), { value: null, note: 'beyond_follow_up' });
  t.deepEqual(eventualShare(curve, 9), { value: 0 });
  t.deepEqual(eventualShare(curve, 10), { value: null, note: 'beyond_follow_up' });
});

test('all events: the curve is the empirical survival and reaches 0; quantiles are observed times', (t) => {
  // 1, 2, 2, 3: S = 3/4, 1/4, 0.
  const curve = kaplanMeier([1, 2, 2, 3].map((time) => ({ time, event: true })));
  t.deepEqual(curve.map((s) => s.survival), [0.75, 0.25, 0]);
  t.deepEqual(kmQuantile(curve, 0.25), { value: 1 });
  t.deepEqual(kmQuantile(curve, 0.5), { value: 2 });
  t.deepEqual(kmQuantile(curve, 0.75), { value: 2 });
  t.deepEqual(kmQuantile(curve, 0.9), { value: 3 });
  t.deepEqual(kmQuantile(curve, 1), { value: 3 });
  // once S is 0 it stays 0: the share within any T past the last close is 1, not "beyond follow-up"
  t.deepEqual(eventualShare(curve, 3), { value: 1 });
  t.deepEqual(eventualShare(curve, 1000), { value: 1 });
});

test('ten closes at 1…10: the p90 is 9 despite S(9) = 0.10000000000000002 > 1 − 0.9 in floating point', (t) => {
  const curve = kaplanMeier(Array.from({ length: 10 }, (_, i) => ({ time: i + 1, event: true })));
  t.true(survivalAt(curve, 9)! > 1 - 0.9);
  t.deepEqual(kmQuantile(curve, 0.9), { value: 9 });
  t.deepEqual(kmQuantile(curve, 0.5), { value: 5 });
  t.deepEqual(kmQuantile(curve, 0.2), { value: 2 });
});

test('empty input: empty curve, survival null, quantile and eventual share null with "no_observations"', (t) => {
  const curve: KmCurve = kaplanMeier([]);
  t.deepEqual(curve, []);
  t.is(survivalAt(curve, 5), null);
  t.deepEqual(kmQuantile(curve, 0.5), { value: null, note: 'no_observations' });
  t.deepEqual(eventualShare(curve, 5), { value: null, note: 'no_observations' });
  // rows with nothing in them are no observation either
  t.deepEqual(kaplanMeier([{ time: 3, events: 0, censored: 0 }]), []);
});

test('a duration of 0 (closed at creation) is an event at time 0', (t) => {
  const curve = kaplanMeier([{ time: 0, event: true }, { time: 4, event: true }]);
  t.is(survivalAt(curve, 0), 0.5);
  t.deepEqual(eventualShare(curve, 0), { value: 0.5 });
});

test('invalid input is rejected: negative or non-finite durations and counts, p outside (0, 1], negative T', (t) => {
  t.throws(() => kaplanMeier([{ time: -1, event: true }]), { message: 'invalid duration: -1' });
  t.throws(() => kaplanMeier([{ time: Number.NaN, event: false }]), { message: 'invalid duration: NaN' });
  t.throws(() => kaplanMeier([{ time: 1, events: -1, censored: 0 }]), { message: /invalid event count/ });
  t.throws(() => kaplanMeier([{ time: 1, events: 1, censored: Infinity }]), { message: /invalid censored count/ });
  const curve = kaplanMeier(SIX_MP);
  t.throws(() => kmQuantile(curve, 0), { message: /invalid percentile/ });
  t.throws(() => kmQuantile(curve, 1.5), { message: /invalid percentile/ });
  t.throws(() => eventualShare(curve, -1), { message: 'invalid deadline: -1' });
  t.throws(() => survivalAt(curve, Number.NaN), { message: /invalid time/ });
});
