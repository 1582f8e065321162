/**
 * The follow-up definitions for one request (src/metrics/follow-up.ts), on small hand-made version series whose
 * spells, closes, reopens and transfers are worked out in each test's comment. Times are minutes after an origin.
 */
import test from 'ava';
import {
  agingBucket, distanceMetres, history, inOrder, isIntakeUnit, reopenRate, type VersionIn,
} from '../../src/metrics/follow-up.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const I = 'DIVISION 311 ET INTERVENTIONS RAPIDES ET PRIORITAIRES';

/** A version seen in weekly snapshot `k` (drop k), created at 0. */
function v(k: number, status: string, unit: string | null, statusAt: number | null = null, extra: Partial<VersionIn> = {}): VersionIn {
  return { drop: k, seenAt: k * WEEK, status, statusRaw: status, unit, statusAt, closedAt: null, createdAt: 0, ...extra };
}

test('intake units: the number 311 on its own in the name', (t) => {
  t.true(isIntakeUnit(I));
  t.true(isIntakeUnit('311'));
  t.false(isIntakeUnit('VILLE-MARIE'));
  t.false(isIntakeUnit('BUREAU 3110'));
  t.false(isIntakeUnit('UNITÉ 1311'));
});

test('aging buckets by whole days: 5 is 0-5, 5.9 too, 6 is 6-10, 30 is 11-30, 31 is 31+', (t) => {
  t.deepEqual([0, 5, 5.9, 6, 10, 11, 30, 30.5, 31, 400].map(agingBucket), ['0-5', '0-5', '0-5', '6-10', '6-10', '11-30', '11-30', '11-30', '31+', '31+']);
});

test('distance: one degree of latitude is 2πR/360 = 111,195.08 m (R = 6,371,008.8 m); Montréal to Québec city halls 231.7 km', (t) => {
  // 2 × π × 6,371,008.8 / 360 = 111,195.080 (computed apart, in Python)
  t.true(Math.abs(distanceMetres(45, -73, 46, -73) - 111_195.08) < 0.01);
  t.is(distanceMetres(45.5, -73.6, 45.5, -73.6), 0);
  // Montréal city hall (45.5088, -73.5540) to Québec city hall (46.8131, -71.2075): 231,702.8 m by the haversine
  // computed apart in Python (math module); about 230 km as the crow flies on any map
  t.true(Math.abs(distanceMetres(45.5088, -73.554, 46.8131, -71.2075) - 231_702.8) < 0.1);
});

test('spells: an edit of the status time alone is the same spell; a unit change alone starts one, censored at its snapshot', (t) => {
  const h = history([v(1, 'Acceptée', 'A', 0), v(2, 'Acceptée', 'A', 5 * MIN), v(3, 'Acceptée', 'B', 5 * MIN)], WEEK);
  t.deepEqual(h.spells.map((s) => [s.label, s.unit, s.start, s.censored]), [['Acceptée', 'A', 0, false], ['Acceptée', 'B', 3 * WEEK, true]]);
  t.is(h.transfers, 1);
  t.deepEqual(h.unitPath, ['A', 'B']);
});

test('a status change dated inside its interval starts there; dated before the previous snapshot, at the later snapshot (censored)', (t) => {
  const inside = history([v(1, 'Acceptée', 'A', 0), v(2, 'Prise en charge', 'A', WEEK + DAY)], WEEK);
  t.deepEqual(inside.spells.map((s) => [s.start, s.censored]), [[0, false], [WEEK + DAY, false]]);
  const before = history([v(1, 'Acceptée', 'A', 0), v(2, 'Prise en charge', 'A', WEEK - DAY)], WEEK);
  t.deepEqual(before.spells.map((s) => [s.start, s.censored]), [[0, false], [2 * WEEK, true]]);
});

test('closed, reopened, closed: first close, reopen at the reopening spell; refused is a close too', (t) => {
  const h = history([v(1, 'Acceptée', 'A', 0), v(2, 'closed', 'A', WEEK + DAY), v(3, 'Réactivée', 'A', 2 * WEEK + DAY), v(4, 'refused', 'A', 3 * WEEK + DAY)], WEEK);
  t.is(h.firstCloseAt, WEEK + DAY);
  t.is(h.reopenAt, 2 * WEEK + DAY);
  t.is(h.lastChangeAt, 3 * WEEK + DAY);
});

test('routing out of the 311 division is no transfer; A → B → A is two transfers and a ping-pong; back to 311 and out again counts the leave only', (t) => {
  t.is(history([v(1, 'open', I), v(2, 'open', 'A')], WEEK).transfers, 0);
  const pp = history([v(1, 'open', 'A'), v(2, 'open', 'B'), v(3, 'open', 'A')], WEEK);
  t.deepEqual([pp.transfers, pp.pingPong, pp.unitPath], [2, true, ['A', 'B', 'A']]);
  const back = history([v(1, 'open', I), v(2, 'open', 'A'), v(3, 'open', I), v(4, 'open', 'B')], WEEK);
  t.deepEqual([back.transfers, back.pingPong], [1, false]);
  // a unit missing in one version: no change
  t.is(history([v(1, 'open', 'A'), v(2, 'open', null), v(3, 'open', 'A')], WEEK).transfers, 0);
});

test('first seen late: more than one interval after creation unless its status held since creation', (t) => {
  t.false(history([v(1, 'open', 'A', 0)], WEEK).firstSeenLate);
  t.true(history([v(3, 'open', 'A', 2 * WEEK)], WEEK).firstSeenLate);
  t.true(history([v(3, 'open', 'A')], WEEK).firstSeenLate);
  t.is(history([v(3, 'open', 'A')], WEEK).spells[0]!.start, null);
  t.false(history([v(3, 'open', 'A', 0)], WEEK).firstSeenLate);
});

test('stale versions (brought after a later snapshot) are left out: no transition from them', (t) => {
  // drops 1 (week 1), 2 (week 3), then 3 bringing week 2: stale
  const vs = [v(1, 'open', 'A'), { ...v(2, 'open', 'A'), seenAt: 3 * WEEK }, { ...v(3, 'closed', 'A'), seenAt: 2 * WEEK }];
  t.deepEqual(inOrder(vs).map((x) => x.drop), [1, 2]);
  t.is(history(vs, WEEK).firstCloseAt, null);
});

test('reopen rate within W days: numerator within the window (inclusive), denominator those followed W days', (t) => {
  const asOf = 100 * DAY;
  const r = reopenRate([
    { firstCloseAt: 0, reopenAt: 30 * DAY, firstSeenAt: 0 }, // within 30 days exactly
    { firstCloseAt: 0, reopenAt: 30 * DAY + 1, firstSeenAt: 10 * DAY }, // one millisecond late
    { firstCloseAt: 70 * DAY, reopenAt: null, firstSeenAt: 100 * DAY }, // followed exactly 30 days, seen at its end
    { firstCloseAt: 70 * DAY + 1, reopenAt: 70 * DAY + 2, firstSeenAt: 70 * DAY + 1 }, // not followed long enough: out
    { firstCloseAt: 0, reopenAt: null, firstSeenAt: 30 * DAY + 1 }, // first seen after its window: unobserved, out
    { firstCloseAt: null, reopenAt: null, firstSeenAt: 0 },
  ], 30, asOf);
  t.like(r, { numerator: 1, denominator: 3 });
});
