/** Dates, periods and durations in words, in both languages, from instants in the city's zone (never the process's). */
import test from 'ava';
import { dayWords, instantWords, monthShort, periodWords, secondsWords } from '../../src/time/words.ts';

test('periods in words: a month, a quarter, a year, a range with the French elision', (t) => {
  t.is(periodWords('2018-09', 'fr'), 'septembre 2018');
  t.is(periodWords('2018-09', 'en'), 'September 2018');
  t.is(periodWords('2018-Q3', 'fr'), '3e trimestre 2018');
  t.is(periodWords('2018-Q1', 'fr'), '1er trimestre 2018');
  t.is(periodWords('2018-Q3', 'en'), 'the third quarter of 2018');
  t.is(periodWords('2018', 'fr'), '2018');
  t.is(periodWords('2017-10..2018-09', 'fr'), "d'octobre 2017 à septembre 2018");
  t.is(periodWords('2017-09..2018-08', 'fr'), 'de septembre 2017 à août 2018');
  t.is(periodWords('2018-04..2018-08', 'fr'), "d'avril 2018 à août 2018");
  t.is(periodWords('2017-10..2018-09', 'en'), 'October 2017 to September 2018');
  t.is(monthShort('2018-07', 'fr'), 'juill. 2018');
  t.is(monthShort('2018-07', 'en'), 'Jul 2018');
});

test('days and instants in the city zone: the first of the month is « 1er », midnight shows no time', (t) => {
  t.is(dayWords('2019-07-01', 'fr'), '1er juillet 2019');
  t.is(dayWords('2018-09-30', 'fr'), '30 septembre 2018');
  t.is(dayWords('2019-07-01', 'en'), 'July 1, 2019');
  t.is(dayWords('2019-06-24', 'fr', false), '24 juin');
  // Montréal midnight is 04:00 UTC in summer: the local day, not the UTC one
  t.is(instantWords('2018-10-01T04:00:00.000Z', 'America/Toronto', 'fr'), '1er octobre 2018');
  t.is(instantWords('2019-07-01T00:00:00-04:00', 'America/Toronto', 'en'), 'July 1, 2019');
  t.is(instantWords('2018-10-20T14:30:00Z', 'America/Toronto', 'fr'), '20 octobre 2018 à 10 h 30');
  t.is(instantWords('2018-10-20T14:30:00Z', 'America/Toronto', 'en'), 'October 20, 2018, 10:30');
  // 03:30 UTC on 1 October is still 30 September in Montréal
  t.is(instantWords(Date.UTC(2018, 9, 1, 3, 30), 'America/Toronto', 'fr'), '30 septembre 2018 à 23 h 30');
});

test('durations: whole minutes in minutes, else seconds, plural from 2', (t) => {
  t.is(secondsWords(100, 'fr'), '100 secondes');
  t.is(secondsWords(1500, 'fr'), '25 minutes');
  t.is(secondsWords(60, 'en'), '1 minute');
  t.is(secondsWords(1, 'en'), '1 second');
  t.is(secondsWords(90, 'en'), '90 seconds');
});
