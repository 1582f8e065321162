import test from 'ava';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { BusinessCalendar } from '../../src/time/business.ts';
import {
  businessClockJoinSql, businessClockMsSql, businessSecondsSql, businessTargetMsSql, dueBusinessDaysJoinSql, dueBusinessDaysSql,
  dueBusinessHoursJoinSql, dueBusinessHoursSql, dueElapsedSql, localDayJoinSql,
} from '../../src/time/business-sql.ts';
import { businessTables, createBusinessTables } from '../../src/time/business-tables.ts';
import { easterSunday, quebecHolidays, resolveHolidays, type Holiday } from '../../src/time/holidays.ts';
import { DEFAULT_CALENDAR, type CalendarSpec, type DueSpec } from '../../src/time/calendar-spec.ts';
import { formatInstant, localToUtc } from '../../src/time/zone.ts';

/**
 * Every instant below is written as Montréal wall-clock time and every result is compared as text with its offset, so
 * the file must pass unchanged under any process time zone (run it with TZ=UTC, TZ=America/Toronto, TZ=Asia/Tokyo).
 */
const ZONE = 'America/Toronto';
const HOUR_S = 3600;

/** UTC ms of a Montréal wall-clock time `YYYY-MM-DDTHH:MM`. */
const mtl = (local: string) => localToUtc(ZONE, Date.parse(`${local}:00Z`)).utc;
const show = (ms: number) => formatInstant(ZONE, ms);

const weekdays = (open: number, close: number) =>
  [0, 1, 2, 3, 4].map(() => [{ open, close }]).concat([[], []]);

/** Montréal: Monday to Friday 08:30–16:30, Quebec holidays (docs/methods.md §3.3). */
const MONTREAL: CalendarSpec = DEFAULT_CALENDAR;
/** The standards file's calendar: the same, plus the City's days off January 2 and December 26. */
const MONTREAL_CITY: CalendarSpec = { ...DEFAULT_CALENDAR, add: [{ month: 1, day: 2 }, { month: 12, day: 26 }] };
/** Reference semantics of a verified business-hours implementation (magnusfroste/flowwink PR #61): 09:00–17:00 on weekdays. */
const NINE_TO_FIVE: CalendarSpec = { business_hours: weekdays(9 * 60, 17 * 60), holidays: 'quebec', add: [], remove: [] };

const montreal = new BusinessCalendar(MONTREAL, ZONE);
const montrealCity = new BusinessCalendar(MONTREAL_CITY, ZONE);
const nineToFive = new BusinessCalendar(NINE_TO_FIVE, ZONE);

const brief = (hs: Holiday[]) => hs.map((h) => `${h.date} ${h.key}${h.moved_from ? ` (from ${h.moved_from})` : ''}`);

// ---------------------------------------------------------------------------------------------------------------
// Holidays

test('quebecHolidays(2018): Fête nationale and Canada Day fall on Sundays and are observed on Monday the 25th and the 2nd', (t) => {
  const statutory = { origin: 'statutory' as const };
  t.deepEqual(quebecHolidays(2018), [
    { date: '2018-01-01', key: 'new_year', name: { fr: "Jour de l'An", en: "New Year's Day" }, ...statutory },
    { date: '2018-03-30', key: 'good_friday', name: { fr: 'Vendredi saint', en: 'Good Friday' }, ...statutory },
    { date: '2018-04-02', key: 'easter_monday', name: { fr: 'Lundi de Pâques', en: 'Easter Monday' }, ...statutory },
    { date: '2018-05-21', key: 'patriotes', name: { fr: 'Journée nationale des patriotes', en: "National Patriots' Day" }, ...statutory },
    { date: '2018-06-25', key: 'fete_nationale', name: { fr: 'Fête nationale du Québec', en: 'National Holiday of Québec' }, ...statutory,
      moved_from: '2018-06-24' },
    { date: '2018-07-02', key: 'canada_day', name: { fr: 'Fête du Canada', en: 'Canada Day' }, ...statutory, moved_from: '2018-07-01' },
    { date: '2018-09-03', key: 'labour_day', name: { fr: 'Fête du Travail', en: 'Labour Day' }, ...statutory },
    { date: '2018-10-08', key: 'thanksgiving', name: { fr: 'Action de grâce', en: 'Thanksgiving' }, ...statutory },
    { date: '2018-12-25', key: 'christmas', name: { fr: 'Noël', en: 'Christmas Day' }, ...statutory },
  ]);
});

test('quebecHolidays(2019): Good Friday April 19, Easter Monday April 22, nothing moved', (t) => {
  t.deepEqual(brief(quebecHolidays(2019)), [
    '2019-01-01 new_year', '2019-04-19 good_friday', '2019-04-22 easter_monday', '2019-05-20 patriotes',
    '2019-06-24 fete_nationale', '2019-07-01 canada_day', '2019-09-02 labour_day', '2019-10-14 thanksgiving',
    '2019-12-25 christmas',
  ]);
});

const easterCase = test.macro<[number, string]>({
  exec(t, year, expected) {
    t.is(easterSunday(year), expected);
    const hs = quebecHolidays(year);
    const day = (key: string) => hs.find((h) => h.key === key)!.date;
    const shift = (d: number) => new Date(Date.parse(`${expected}T00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
    t.is(day('good_friday'), shift(-2));
    t.is(day('easter_monday'), shift(1));
  },
  title: (_provided, year, expected) => `Easter ${year} is ${expected}, with Good Friday two days before and Easter Monday the day after`,
});

test(easterCase, 2000, '2000-04-23');
test(easterCase, 2008, '2008-03-23');
test(easterCase, 2011, '2011-04-24');
test(easterCase, 2018, '2018-04-01');
test(easterCase, 2019, '2019-04-21');
test(easterCase, 2024, '2024-03-31');
test(easterCase, 2038, '2038-04-25');
test(easterCase, 1818, '1818-03-22');
test(easterCase, 2285, '2285-03-22');
test(easterCase, 1943, '1943-04-25');

test('the Journée nationale des patriotes is the Monday before May 25: May 18 when the 25th is a Monday (2020), May 24 when the 24th is (2021)', (t) => {
  const patriotes = (y: number) => quebecHolidays(y).find((h) => h.key === 'patriotes')!.date;
  t.is(patriotes(2020), '2020-05-18');
  t.is(patriotes(2021), '2021-05-24');
});

test('for every year 1990–2100 the statutory list has nine sorted days off, each on its rule\'s weekday and range', (t) => {
  const weekday = (d: string) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${d}T00:00Z`).getUTCDay()];
  for (let y = 1990; y <= 2100; y++) {
    const hs = quebecHolidays(y);
    t.is(hs.length, 9);
    t.deepEqual(hs.map((h) => h.date), hs.map((h) => h.date).sort());
    const at = (key: string) => hs.find((h) => h.key === key)!;
    const dom = (key: string) => Number(at(key).date.slice(8));
    t.is(weekday(at('good_friday').date), 'Fri');
    for (const key of ['easter_monday', 'patriotes', 'labour_day', 'thanksgiving']) t.is(weekday(at(key).date), 'Mon', `${y} ${key}`);
    t.true(dom('patriotes') >= 18 && dom('patriotes') <= 24);
    t.true(dom('labour_day') <= 7 && at('labour_day').date.slice(5, 7) === '09');
    t.true(dom('thanksgiving') >= 8 && dom('thanksgiving') <= 14 && at('thanksgiving').date.slice(5, 7) === '10');
    for (const key of ['fete_nationale', 'canada_day']) {
      t.not(weekday(at(key).date), 'Sun');
      t.is(at(key).moved_from !== undefined, weekday(at(key).moved_from ?? at(key).date) === 'Sun');
    }
  }
});

test('resolveHolidays: add ["01-02", "12-26"] and a one-off day, remove Easter Monday; the one-off days only count in their year', (t) => {
  const spec: CalendarSpec = {
    ...MONTREAL,
    add: [{ month: 1, day: 2 }, { month: 12, day: 26 }, { year: 2019, month: 12, day: 27 }],
    remove: [{ year: 2019, month: 4, day: 22 }],
  };
  const r2019 = resolveHolidays(spec, 2019);
  t.deepEqual(brief(r2019), [
    '2019-01-01 new_year', '2019-01-02 added', '2019-04-19 good_friday', '2019-05-20 patriotes', '2019-06-24 fete_nationale',
    '2019-07-01 canada_day', '2019-09-02 labour_day', '2019-10-14 thanksgiving', '2019-12-25 christmas', '2019-12-26 added',
    '2019-12-27 added',
  ]);
  t.deepEqual(r2019.find((h) => h.date === '2019-12-26'),
    { date: '2019-12-26', key: 'added', name: { fr: 'Congé de la Ville', en: 'City day off' }, origin: 'added' });
  const r2018 = brief(resolveHolidays(spec, 2018));
  t.true(r2018.includes('2018-04-02 easter_monday'), 'the 2019 removal leaves 2018 alone');
  t.false(r2018.some((d) => d.startsWith('2018-12-27')), 'the 2019 addition leaves 2018 alone');
  t.true(r2018.includes('2018-01-02 added') && r2018.includes('2018-12-26 added'));
});

test('resolveHolidays: a remove entry matches the rule\'s date too, so "06-24" drops a Fête nationale observed on the 25th', (t) => {
  const spec: CalendarSpec = { ...MONTREAL, remove: [{ month: 6, day: 24 }, { month: 7, day: 2 }] };
  const keys2018 = resolveHolidays(spec, 2018).map((h) => h.key);
  t.false(keys2018.includes('fete_nationale'));
  t.false(keys2018.includes('canada_day'), 'observed July 2 matches "07-02"');
  t.true(resolveHolidays(spec, 2019).map((h) => h.key).includes('canada_day'), 'July 1 2019 is neither 06-24 nor 07-02');
});

test('resolveHolidays: an added day that is already a holiday keeps the statutory entry; with holidays "none" only added days remain', (t) => {
  const onChristmas = resolveHolidays({ ...MONTREAL, add: [{ month: 12, day: 25 }] }, 2019);
  t.is(onChristmas.length, 9);
  t.is(onChristmas.find((h) => h.date === '2019-12-25')!.key, 'christmas');
  t.deepEqual(brief(resolveHolidays({ ...MONTREAL, holidays: 'none', add: [{ month: 1, day: 2 }] }, 2019)), ['2019-01-02 added']);
});

test('resolveHolidays: "02-29" is skipped in common years; a day that exists in no year is an error', (t) => {
  const leap: CalendarSpec = { ...MONTREAL, holidays: 'none', add: [{ month: 2, day: 29 }] };
  t.deepEqual(brief(resolveHolidays(leap, 2019)), []);
  t.deepEqual(brief(resolveHolidays(leap, 2020)), ['2020-02-29 added']);
  t.throws(() => resolveHolidays({ ...MONTREAL, add: [{ month: 2, day: 30 }] }, 2019), { instanceOf: RangeError });
});

// ---------------------------------------------------------------------------------------------------------------
// Business days and spans

test('isBusinessDay: weekdays are, weekends and the observed holidays of 2018 are not (June 25, July 2), June 26 is', (t) => {
  const days = ['2018-06-22', '2018-06-23', '2018-06-24', '2018-06-25', '2018-06-26', '2018-07-01', '2018-07-02', '2018-07-03'];
  t.deepEqual(days.map((d) => montreal.isBusinessDay(d)), [true, false, false, false, true, false, false, true]);
  t.throws(() => montreal.isBusinessDay('2018-02-30'), { instanceOf: RangeError });
});

test('spans convert 08:30–16:30 with the offset of the day: 13:30Z–21:30Z under EST, 12:30Z–20:30Z under EDT', (t) => {
  const iso = (d: string) => montreal.spans(d).map((s) => `${new Date(s.start).toISOString()}/${new Date(s.end).toISOString()}`);
  t.deepEqual(iso('2018-03-09'), ['2018-03-09T13:30:00.000Z/2018-03-09T21:30:00.000Z']);
  t.deepEqual(iso('2018-03-12'), ['2018-03-12T12:30:00.000Z/2018-03-12T20:30:00.000Z']);
  t.deepEqual(iso('2018-11-02'), ['2018-11-02T12:30:00.000Z/2018-11-02T20:30:00.000Z']);
  t.deepEqual(iso('2018-11-05'), ['2018-11-05T13:30:00.000Z/2018-11-05T21:30:00.000Z']);
  t.deepEqual(iso('2018-03-10'), [], 'a Saturday');
  t.deepEqual(iso('2018-03-30'), [], 'Good Friday');
});

test('localDay is the Montréal date, also around the DST nights (23:59 EST is still the day before in UTC terms)', (t) => {
  t.is(montreal.localDay(Date.parse('2018-03-11T04:59:00Z')), '2018-03-10');
  t.is(montreal.localDay(Date.parse('2018-03-11T05:00:00Z')), '2018-03-11');
  t.is(montreal.localDay(Date.parse('2018-03-12T03:59:59Z')), '2018-03-11', '23:59:59 EDT');
  t.is(montreal.localDay(Date.parse('2018-11-05T04:59:00Z')), '2018-11-04', '23:59 EST on the 25-hour day');
  t.is(montreal.dayStart('2018-11-04'), Date.parse('2018-11-04T04:00:00Z'));
  t.is(montreal.dayStart('2018-11-05'), Date.parse('2018-11-05T05:00:00Z'));
});

// ---------------------------------------------------------------------------------------------------------------
// Business seconds

const referenceCase = test.macro<[string, string, number]>({
  exec(t, from, to, minutes) {
    t.is(nineToFive.businessSeconds(mtl(from), mtl(to)), minutes * 60);
  },
  title: (label, from, to, minutes) => `reference semantics, hours 09:00–17:00: ${label} ${from} → ${to} is ${minutes} min`,
});

test('10:00–14:00', referenceCase, '2019-03-06T10:00', '2019-03-06T14:00', 240);
test('08:00–18:00 clipped to 09–17', referenceCase, '2019-03-06T08:00', '2019-03-06T18:00', 480);
test('Friday 16:00 to Monday 10:00', referenceCase, '2019-03-01T16:00', '2019-03-04T10:00', 120);
test('a holiday (Canada Day 2019, a Monday)', referenceCase, '2019-07-01T10:00', '2019-07-01T14:00', 0);
test('an empty interval', referenceCase, '2019-03-06T10:00', '2019-03-06T10:00', 0);
test('a start after hours counts from the next opening', referenceCase, '2019-03-06T20:00', '2019-03-07T10:00', 60);

test('businessSeconds throws a RangeError when end < start (a finding for the caller, not 0), and on non-finite instants', (t) => {
  t.throws(() => nineToFive.businessSeconds(mtl('2019-03-06T14:00'), mtl('2019-03-06T10:00')), { instanceOf: RangeError });
  t.throws(() => nineToFive.businessSeconds(Number.NaN, mtl('2019-03-06T10:00')), { instanceOf: RangeError });
});

const montrealCase = test.macro<[string, string, number]>({
  exec(t, from, to, hours) {
    t.is(montreal.businessSeconds(mtl(from), mtl(to)), hours * HOUR_S);
  },
  title: (label, from, to, hours) => `Montréal 08:30–16:30, ${label}: ${from} → ${to} is ${hours} business hours`,
});

test('across a weekend', montrealCase, '2019-03-01T15:00', '2019-03-04T10:00', 3);
test('across Good Friday and Easter Monday 2019', montrealCase, '2019-04-18T16:00', '2019-04-23T09:30', 1.5);
test('across Fête nationale (observed June 25) and Canada Day (observed July 2) 2018', montrealCase, '2018-06-22T12:00',
  '2018-07-03T12:00', 4.5 + 4 * 8 + 3.5);
test('over the DST week of March 11 2018 and the week after (ten days, whatever the 23-hour Sunday)', montrealCase,
  '2018-03-05T00:00', '2018-03-19T00:00', 80);
test('Friday noon EST to Monday noon EDT, 71 elapsed hours', montrealCase, '2018-03-09T12:00', '2018-03-12T12:00', 8);
test('over the DST week of November 4 2018 and the week after (25-hour Sunday)', montrealCase, '2018-10-29T00:00',
  '2018-11-12T00:00', 80);
test('Friday noon EDT to Monday noon EST, 73 elapsed hours', montrealCase, '2018-11-02T12:00', '2018-11-05T12:00', 8);
test('the DST Sunday itself', montrealCase, '2018-03-11T00:00', '2018-03-12T00:00', 0);
test('a full year 2018: 261 weekdays less 9 holidays', montrealCase, '2018-01-01T00:00', '2019-01-01T00:00', 252 * 8);

// ---------------------------------------------------------------------------------------------------------------
// Deadlines

const dueCase = test.macro<[BusinessCalendar, string, DueSpec, 'business' | 'calendar', string]>({
  exec(t, cal, created, due, clock, expected) {
    t.is(show(cal.deadline(mtl(created), due, clock)), expected);
  },
  title: (label, _cal, created, due, clock, expected) =>
    `deadline "${due.n} ${due.unit}" (${clock} clock) of a ticket created ${created}${label ? `, ${label}` : ''}, is ${expected}`,
});

const bd = (n: number): DueSpec => ({ n, unit: 'business_days' });
test('midweek', dueCase, montreal, '2019-03-06T10:00', bd(1), 'business', '2019-03-07T16:30:00-05:00');
test('a Friday, the due Monday being after the change to EDT', dueCase, montreal, '2019-03-08T10:00', bd(1), 'business', '2019-03-11T16:30:00-04:00');
test('a Friday after hours', dueCase, montreal, '2019-03-08T20:00', bd(1), 'business', '2019-03-11T16:30:00-04:00');
test('before opening: the creation day never counts', dueCase, montreal, '2019-03-06T07:00', bd(1), 'business', '2019-03-07T16:30:00-05:00');
test('at 23:30, already the next day in UTC', dueCase, montreal, '2019-03-06T23:30', bd(1), 'business', '2019-03-07T16:30:00-05:00');
test('a Saturday', dueCase, montreal, '2019-03-09T10:00', bd(1), 'business', '2019-03-11T16:30:00-04:00');
test('a Friday before a holiday Monday (Canada Day)', dueCase, montreal, '2019-06-28T10:00', bd(1), 'business', '2019-07-02T16:30:00-04:00');
test('on a holiday', dueCase, montreal, '2019-07-01T10:00', bd(1), 'business', '2019-07-02T16:30:00-04:00');
test('before Good Friday and Easter Monday', dueCase, montreal, '2019-04-18T10:00', bd(1), 'business', '2019-04-23T16:30:00-04:00');
test('five days over Easter', dueCase, montreal, '2019-04-15T10:00', bd(5), 'business', '2019-04-24T16:30:00-04:00');
test('before the observed Fête nationale 2018', dueCase, montreal, '2018-06-22T10:00', bd(1), 'business', '2018-06-26T16:30:00-04:00');
test('over Christmas, statutory list', dueCase, montreal, '2018-12-20T10:00', bd(5), 'business', '2018-12-28T16:30:00-05:00');
test('over Christmas with the City\'s December 26', dueCase, montrealCity, '2018-12-20T10:00', bd(5), 'business', '2018-12-31T16:30:00-05:00');
test('business days do not depend on the clock', dueCase, montreal, '2019-03-08T10:00', bd(1), 'calendar', '2019-03-11T16:30:00-04:00');

const days = (n: number): DueSpec => ({ n, unit: 'days' });
test('one day is 24 elapsed hours, 25 on the wall clock over the spring change', dueCase, montreal, '2018-03-10T12:00', days(1), 'business',
  '2018-03-11T13:00:00-04:00');
test('one day over the fall change', dueCase, montreal, '2018-11-03T12:00', days(1), 'calendar', '2018-11-04T11:00:00-05:00');
test('thirty days', dueCase, montreal, '2019-01-15T10:00', days(30), 'business', '2019-02-14T10:00:00-05:00');

const hours = (n: number): DueSpec => ({ n, unit: 'hours' });
test('spilling over to the next morning', dueCase, montreal, '2019-03-06T15:00', hours(4), 'business', '2019-03-07T11:00:00-05:00');
test('from before opening, reached exactly at the close', dueCase, montreal, '2019-03-06T07:00', hours(8), 'business', '2019-03-06T16:30:00-05:00');
test('a Friday late afternoon', dueCase, montreal, '2019-03-08T16:00', hours(1), 'business', '2019-03-11T09:00:00-04:00');
test('on the fall DST Sunday', dueCase, montreal, '2018-11-04T12:00', hours(2), 'business', '2018-11-05T10:30:00-05:00');
test('over Easter', dueCase, montreal, '2019-04-18T16:00', hours(1), 'business', '2019-04-23T09:00:00-04:00');
test('a full week, reached at Friday\'s close', dueCase, montreal, '2019-03-04T08:30', hours(40), 'business', '2019-03-08T16:30:00-05:00');
test('elapsed hours on the calendar clock', dueCase, montreal, '2019-03-08T16:00', hours(48), 'calendar', '2019-03-10T17:00:00-04:00');

test('deadline rejects N ≤ 0 and fractional business days with a RangeError', (t) => {
  const at = mtl('2019-03-06T10:00');
  t.throws(() => montreal.deadline(at, bd(0), 'business'), { instanceOf: RangeError });
  t.throws(() => montreal.deadline(at, bd(1.5), 'business'), { instanceOf: RangeError });
  t.throws(() => montreal.deadline(at, hours(-1), 'business'), { instanceOf: RangeError });
  t.throws(() => montreal.deadline(at, { n: 1, unit: 'weeks' } as unknown as DueSpec, 'business'));
});

test('a calendar that never opens gives an error for business deadlines, not an endless walk', (t) => {
  const never = new BusinessCalendar({ business_hours: [[], [], [], [], [], [], []], holidays: 'none', add: [], remove: [] }, ZONE);
  t.throws(() => never.deadline(mtl('2019-03-06T10:00'), bd(1), 'business'), { instanceOf: RangeError });
  t.throws(() => never.deadline(mtl('2019-03-06T10:00'), hours(1), 'business'), { instanceOf: RangeError });
  t.is(never.businessSeconds(mtl('2019-03-06T10:00'), mtl('2019-03-09T10:00')), 0);
});

test('the constructor rejects an unknown zone and overlapping spans', (t) => {
  t.throws(() => new BusinessCalendar(MONTREAL, 'Mars/Olympus'), { instanceOf: RangeError });
  const overlapping: CalendarSpec = { ...MONTREAL, business_hours: [[{ open: 600, close: 700 }, { open: 650, close: 800 }], [], [], [], [], [], []] };
  t.throws(() => new BusinessCalendar(overlapping, ZONE), { instanceOf: RangeError });
});

// ---------------------------------------------------------------------------------------------------------------
// The SQL tables

test('businessTables 2018–2019: one row per local day, ord_le counting business days, closes and day starts in UTC', (t) => {
  const { days: rows, spans } = businessTables(MONTREAL, ZONE, 2018, 2019);
  t.is(rows.length, 730);
  const row = (d: string) => rows.find((r) => r.day === d)!;
  t.deepEqual(row('2018-01-01'), { day: '2018-01-01', business: false, ord_le: 0, close_utc_ms: null, day_start_utc_ms: Date.parse('2018-01-01T05:00:00Z') });
  t.deepEqual(row('2018-01-02'), { day: '2018-01-02', business: true, ord_le: 1, close_utc_ms: Date.parse('2018-01-02T21:30:00Z'),
    day_start_utc_ms: Date.parse('2018-01-02T05:00:00Z') });
  t.is(row('2018-03-12').close_utc_ms, Date.parse('2018-03-12T20:30:00Z'));
  t.is(row('2018-12-31').ord_le, 252);
  t.is(rows.at(-1)!.ord_le, 504);
  t.is(spans.length, 504 + 2, 'one span per business day and the two sentinels');
  t.deepEqual(spans[0], { start_utc_ms: Date.parse('2018-01-01T05:00:00Z'), end_utc_ms: Date.parse('2018-01-01T05:00:00Z'), cum_before: 0, cum_after: 0 });
  t.deepEqual(spans[1], { start_utc_ms: Date.parse('2018-01-02T13:30:00Z'), end_utc_ms: Date.parse('2018-01-02T21:30:00Z'), cum_before: 0,
    cum_after: 8 * HOUR_S });
  t.deepEqual(spans.at(-1), { start_utc_ms: Date.parse('2020-01-01T05:00:00Z'), end_utc_ms: Date.parse('2020-01-01T05:00:00Z'), cum_before: null,
    cum_after: null });
  t.is(spans.at(-2)!.cum_after, 504 * 8 * HOUR_S);
});

/** A deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Case {
  a: number;
  b: number;
  nd: number;
  nh: number;
}

/**
 * Pseudo-random cases over 2018–2019: a third anywhere, a third in the DST fortnights, a third on a holiday period, a
 * quarter snapped to a whole half-hour (so that openings and closes are hit exactly); intervals of 0 to 30 days;
 * deadlines of 1–10 business days and 1–60 business hours, a few of 600–1000 hours (past the INT32 range in ms).
 */
function cases(seed: number, n: number): Case[] {
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const lo = mtl('2018-01-01T00:00');
  const hi = mtl('2020-01-01T00:00');
  const fortnights = ['2018-03-05', '2018-10-29', '2019-03-04', '2019-10-28', '2018-06-18', '2018-12-17', '2019-04-15', '2018-03-26']
    .map((d) => mtl(`${d}T00:00`));
  const out: Case[] = [];
  for (let i = 0; i < n; i++) {
    const where = rnd();
    let a = where < 0.34 ? lo + rnd() * (hi - lo) : pick(fortnights) + rnd() * 14 * 86_400_000;
    a = Math.floor(a);
    if (rnd() < 0.25) a -= a % 1_800_000;
    const span = pick([0, 3_600_000, 86_400_000, 3 * 86_400_000, 30 * 86_400_000]);
    const b = rnd() < 0.05 ? a : a + Math.floor(rnd() * span);
    out.push({ a, b, nd: 1 + Math.floor(rnd() * 10), nh: rnd() < 0.02 ? 600 + Math.floor(rnd() * 400) : 1 + Math.floor(rnd() * 60) });
  }
  return out;
}

async function withDuckDb<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    return await fn(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const ts = (ms: number) => `make_timestamptz(${ms * 1000}::BIGINT)`;

/** The SQL path over the cases, read back as epoch numbers (never as timestamps, whose text depends on the process zone). */
async function sqlResults(conn: DuckDBConnection, cs: Case[]) {
  await conn.run(`CREATE OR REPLACE TEMP TABLE cases (i INTEGER, a TIMESTAMPTZ, b TIMESTAMPTZ, nd INTEGER, nh INTEGER)`);
  for (let i = 0; i < cs.length; i += 500) {
    await conn.run(`INSERT INTO cases VALUES ${cs.slice(i, i + 500).map((c, j) => `(${i + j}, ${ts(c.a)}, ${ts(c.b)}, ${c.nd}, ${c.nh})`).join(', ')}`);
  }
  const reader = await conn.runAndReadAll(`
    WITH x AS (
      SELECT k.i, k.nd, c.day AS local_day, c.ord_le,
        epoch_ms(${dueElapsedSql('k.a', '24 * k.nd')}) AS due_elapsed_days,
        epoch_ms(${dueElapsedSql('k.a', 'k.nh')}) AS due_elapsed_hours,
        ${businessSecondsSql('k.a', 'b0', 'k.b', 'b1')} AS seconds,
        ${businessTargetMsSql(businessClockMsSql('k.a', 'b0'), 'k.nh')} AS target
      FROM cases k
      ${localDayJoinSql('k.a', 'c')}
      ${businessClockJoinSql('k.a', 'b0')}
      ${businessClockJoinSql('k.b', 'b1')})
    SELECT x.i, CAST(x.local_day AS VARCHAR) AS local_day, x.seconds,
      epoch_ms(d.close_at) AS due_days,
      epoch_ms(${dueBusinessDaysSql('x.local_day', 'x.nd')}) AS due_days_scalar,
      epoch_ms(${dueBusinessHoursSql('x.target', 'h')}) AS due_hours, x.due_elapsed_days, x.due_elapsed_hours
    FROM x
    ${dueBusinessDaysJoinSql('x', 'x.nd', 'd')}
    ${dueBusinessHoursJoinSql('x.target', 'h')}
    ORDER BY x.i`);
  const num = (v: unknown) => (v === null ? null : Number(v));
  return reader.getRowObjectsJS().map((r) => ({
    local_day: r.local_day as string | null, seconds: num(r.seconds), due_days: num(r.due_days), due_days_scalar: num(r.due_days_scalar),
    due_hours: num(r.due_hours), due_elapsed_days: num(r.due_elapsed_days), due_elapsed_hours: num(r.due_elapsed_hours),
  }));
}

const agreement = test.macro<[CalendarSpec, number]>({
  async exec(t, spec, seed) {
    const cal = new BusinessCalendar(spec, ZONE);
    const cs = cases(seed, 3000);
    const got = await withDuckDb(async (conn) => {
      await createBusinessTables(conn, spec, ZONE, 2018, 2020);
      return sqlResults(conn, cs);
    });
    t.is(got.length, cs.length);
    let mismatches = 0;
    for (const [i, c] of cs.entries()) {
      const dueDays = cal.deadline(c.a, bd(c.nd), 'business');
      const want = {
        local_day: cal.localDay(c.a),
        seconds: cal.businessSeconds(c.a, c.b),
        due_days: dueDays,
        due_days_scalar: dueDays,
        due_hours: cal.deadline(c.a, hours(c.nh), 'business'),
        due_elapsed_days: cal.deadline(c.a, days(c.nd), 'calendar'),
        due_elapsed_hours: cal.deadline(c.a, hours(c.nh), 'calendar'),
      };
      if (JSON.stringify(got[i]) !== JSON.stringify(want) && mismatches++ < 5) {
        t.log(`case ${i}: created ${show(c.a)}, end ${show(c.b)}, ${c.nd} (business) days, ${c.nh} (business) hours`);
        t.deepEqual(got[i], want);
      }
    }
    t.is(mismatches, 0);
  },
  title: (label, _spec, seed) =>
    `the SQL path equals the TS path (local day, business seconds, all four deadlines) on 3000 pseudo-random cases (seed ${seed}) over 2018–2019, ${label}`,
});

test('Montréal 08:30–16:30', agreement, MONTREAL, 20180311);
test('with a lunch break, Saturday mornings and the City\'s days off', agreement, {
  business_hours: [...[0, 1, 2, 3, 4].map(() => [{ open: 8 * 60, close: 12 * 60 }, { open: 13 * 60, close: 17 * 60 + 15 }]),
    [{ open: 9 * 60, close: 12 * 60 }], []],
  holidays: 'quebec',
  add: [{ month: 1, day: 2 }, { month: 12, day: 26 }, { year: 2019, month: 3, day: 8 }],
  remove: [{ month: 4, day: 2 }, { year: 2019, month: 4, day: 22 }],
} satisfies CalendarSpec, 20181104);
test('open around the clock every day, no holidays (spans touching at midnight, no start sentinel)', agreement, {
  business_hours: [0, 1, 2, 3, 4, 5, 6].map(() => [{ open: 0, close: 1440 }]),
  holidays: 'none',
  add: [],
  remove: [],
} satisfies CalendarSpec, 7);

test('the SQL builders give NULL outside the tables instead of a wrong number', async (t) => {
  const got = await withDuckDb(async (conn) => {
    await createBusinessTables(conn, MONTREAL, ZONE, 2018, 2018, 'b18_');
    const at = (ms: number) => `(SELECT ${ts(ms)} AS t)`;
    const clock = async (ms: number) => (await conn.runAndReadAll(`SELECT ${businessClockMsSql('q.t', 's')} AS v FROM ${at(ms)} q
      ${businessClockJoinSql('q.t', 's', 'b18_')}`)).getRowObjectsJS()[0]!.v;
    const due = async (ms: number, n: number) => (await conn.runAndReadAll(`SELECT epoch_ms(d.close_at) AS v FROM ${at(ms)} q
      ${localDayJoinSql('q.t', 'c', 'b18_')} ${dueBusinessDaysJoinSql('c', String(n), 'd', 'b18_')}`)).getRowObjectsJS()[0]!.v;
    return {
      before: await clock(mtl('2017-12-31T12:00')),
      newYearsDay: await clock(mtl('2018-01-01T12:00')),
      after: await clock(mtl('2019-01-01T00:00')),
      dueInside: await due(mtl('2018-12-27T10:00'), 1),
      dueBeyond: await due(mtl('2018-12-27T10:00'), 5),
      dueFromBeyond: await due(mtl('2019-01-10T10:00'), 1),
    };
  });
  t.deepEqual(got, { before: null, newYearsDay: 0n, after: null, dueInside: BigInt(Date.parse('2018-12-28T21:30:00Z')), dueBeyond: null,
    dueFromBeyond: null });
});

test('createBusinessTables rejects a prefix that is not a plain identifier', async (t) => {
  await withDuckDb(async (conn) => {
    await t.throwsAsync(createBusinessTables(conn, MONTREAL, ZONE, 2018, 2018, 'x; DROP TABLE y; --'), { instanceOf: RangeError });
  });
});
