/** Periods' calendar helpers: ISO weeks and partial buckets (dates only: no time zone is read). */
import test from 'ava';
import { isoWeekDays, isPartialBucket } from '../../src/time/periods.ts';

test('isoWeekDays: Monday to Sunday of ISO weeks, including weeks that straddle a year', (t) => {
  // reference values from the ISO 8601 calendar (week 1 holds 4 January): checked against `date -d 2018-08-27 +%G-W%V`
  t.deepEqual(isoWeekDays('2018-W35'), { first: '2018-08-27', last: '2018-09-02' });
  t.deepEqual(isoWeekDays('2019-W01'), { first: '2018-12-31', last: '2019-01-06' });
  t.deepEqual(isoWeekDays('2020-W53'), { first: '2020-12-28', last: '2021-01-03' });
  t.deepEqual(isoWeekDays('2021-W01'), { first: '2021-01-04', last: '2021-01-10' });
  t.is(isoWeekDays('2018-09'), null);
});

test('isPartialBucket: weeks cut by the period, and buckets still running at the as-of instant', (t) => {
  const late = '2019-07-01T00:00:00';
  // September 2018: week 35 starts in August, week 39 (24–30 September) is whole, week 40 would spill into October
  t.true(isPartialBucket('week', '2018-W35', '2018-09', '2018-09', late));
  t.false(isPartialBucket('week', '2018-W36', '2018-09', '2018-09', late));
  t.false(isPartialBucket('week', '2018-W39', '2018-09', '2018-09', late));
  t.true(isPartialBucket('week', '2018-W40', '2018-09', '2018-09', late));
  // a quarter: week 35 is whole inside July–September
  t.false(isPartialBucket('week', '2018-W35', '2018-07', '2018-09', late));
  // months and days: whole once their last day is over at the as-of, partial before (the boundary is midnight)
  t.false(isPartialBucket('month', '2018-09', '2018-09', '2018-09', '2018-10-01T00:00:00'));
  t.true(isPartialBucket('month', '2018-09', '2018-09', '2018-09', '2018-09-30T23:59:59'));
  t.true(isPartialBucket('week', '2018-W36', '2018-09', '2018-09', '2018-09-09T12:00:00'));
  t.false(isPartialBucket('week', '2018-W36', '2018-09', '2018-09', '2018-09-10T00:00:00'));
  t.true(isPartialBucket('day', '2018-09-12', '2018-09', '2018-09', '2018-09-12T10:00:00'));
  t.false(isPartialBucket('day', '2018-09-11', '2018-09', '2018-09', '2018-09-12T10:00:00'));
  // February of a leap year ends on the 29th
  t.true(isPartialBucket('month', '2020-02', '2020-02', '2020-02', '2020-02-29T08:00:00'));
  t.false(isPartialBucket('month', '2020-02', '2020-02', '2020-02', '2020-03-01T00:00:00'));
});
