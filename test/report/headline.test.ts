/**
 * The headline a commissioner quotes: each standard's value, n, verdict in words, year-earlier change and 12-month
 * direction, on hand-made city-wide groups (the numbers below are chosen, not computed, so each sentence is known).
 */
import test from 'ava';
import { blankGroup, type Group, type MetricResult } from '../../src/compliance/result.ts';
import { loadStandards } from '../../src/standards/standards.ts';
import { headline } from '../../src/report/headline.ts';

const standards = loadStandards(undefined, 'fr');

function metric(num: number, den: number, o: Partial<MetricResult> & { target: number | null; kind?: 'at_least' | 'at_most' }): MetricResult {
  const value = den ? num / den : null;
  const kind = o.kind ?? 'at_least';
  const judged = den >= 30 && o.target !== null && value !== null;
  const met = judged ? (kind === 'at_least' ? value! >= o.target! : value! <= o.target!) : null;
  return { value, numerator: num, denominator: den, target: o.target, target_kind: o.target === null ? null : kind,
    verdict: den < 30 ? 'too_few' : o.target === null ? 'no_target' : met ? 'met' : 'missed', met, variant: null, ci95: null, example: o.example ?? false,
    note: null };
}

function city(m: Record<string, MetricResult>, month: string | null = null): Group {
  return { ...blankGroup(), month, metrics: m };
}

const missed = {
  'calls.service_level': metric(6059, 14019, { target: 0.8 }),
  'calls.abandonment_rate': metric(3051, 14029, { target: 0.1, kind: 'at_most' }),
  'calls.long_wait_share': metric(300, 14029, { target: 0.01, kind: 'at_most' }),
  'tickets.on_time_rate': metric(399, 851, { target: 0.9, example: true }),
};
const met = {
  'calls.service_level': metric(900, 1000, { target: 0.8 }),
  'calls.abandonment_rate': metric(50, 1000, { target: 0.1, kind: 'at_most' }),
  'calls.long_wait_share': metric(5, 1000, { target: 0.01, kind: 'at_most' }),
  'tickets.on_time_rate': metric(95, 100, { target: 0.9 }),
};

test('every standard missed: each says « norme non respectée » with its target; the example target is called one', (t) => {
  const items = headline({ period: '2018-09', city: city(missed), earlier: null, trend: [], trendFrom: '2017-10', hasCalls: true, hasTickets: true, standards }, 'fr');
  t.deepEqual(items.map((i) => i.verdict), ['missed', 'missed', 'missed', 'missed']);
  t.is(items[0]!.text, 'Niveau de service : 43,2 % des appels répondus en moins de 100 secondes (6\u202f059 sur 14\u202f019) : '
    + 'norme non respectée (cible : 80 % ou plus).');
  t.is(items[1]!.text, "Abandons : 21,7 % des appels offerts abandonnés par l'appelant (3\u202f051 sur 14\u202f029) : norme non respectée (plafond : 10 %).");
  t.regex(items[2]!.text, /^Longues attentes : 2,1 % des appels offerts ont attendu 25 minutes ou plus \(300 sur 14\u202f029\) : norme non respectée \(plafond : 1 %\)\.$/);
  t.regex(items[3]!.text, /cible d'exemple non atteinte \(90 % ou plus ; un exemple, pas une norme adoptée par la Ville\)/);
});

test('every standard met, in English, with the year-earlier change and the 12-month direction', (t) => {
  const before = city({ ...met, 'calls.service_level': metric(700, 1000, { target: 0.8 }) });
  const trend = [city({ 'calls.service_level': metric(600, 1000, { target: 0.8 }) }, '2017-10'),
    city({ 'calls.service_level': metric(900, 1000, { target: 0.8 }) }, '2018-09')];
  const items = headline({ period: '2018-09', city: city(met), earlier: { period: '2017-09', city: before }, trend, trendFrom: '2017-10', hasCalls: true, hasTickets: true,
    standards }, 'en');
  t.deepEqual(items.map((i) => i.verdict), ['met', 'met', 'met', 'met']);
  t.is(items[0]!.text, 'Service level: 90.0 % of calls answered in under 100 seconds (900 of 1,000): standard met (target 80 % or more). '
    + 'A year earlier (September 2017): 70.0 % (+20.0 points). Over 12 months: up, from 60.0 % in October 2017 to 90.0 %.');
  t.regex(items[1]!.text, /^Abandonment: 5\.0 % of offered calls abandoned by the caller \(50 of 1,000\): standard met \(ceiling 10 %\)\./);
  t.regex(items[3]!.text, /standard met \(target 90 % or more\)/);
  // a series that starts after the window's first month says since when
  const late = headline({ period: '2018-09', city: city(met), earlier: null, trend: [city({ 'calls.service_level': metric(900, 1000, { target: 0.8 }) }, '2018-03'), trend[1]!],
    trendFrom: '2017-10', hasCalls: true, hasTickets: true, standards }, 'fr');
  t.regex(late[0]!.text, /Depuis mars 2018 : stable, de 90,0 % en mars 2018 à 90,0 %\.$/);
});

test('too few to judge: the n is given and no verdict is claimed', (t) => {
  const few = { 'calls.service_level': metric(6, 14, { target: 0.8 }), 'calls.abandonment_rate': metric(2, 14, { target: 0.1, kind: 'at_most' }),
    'calls.long_wait_share': metric(0, 14, { target: 0.01, kind: 'at_most' }), 'tickets.on_time_rate': metric(3, 5, { target: 0.9 }) };
  const items = headline({ period: '2018-09', city: city(few), earlier: null, trend: [], trendFrom: '2017-10', hasCalls: true, hasTickets: true, standards }, 'fr');
  t.deepEqual(items.map((i) => i.verdict), ['too_few', 'too_few', 'too_few', 'too_few']);
  t.is(items[0]!.text, "Niveau de service : 42,9 % des appels répondus en moins de 100 secondes (6 sur 14) : trop peu d'appels pour juger (moins de 30).");
  t.regex(items[3]!.text, /\(3 sur 5\) : trop peu de requêtes pour juger \(moins de 30\)\.$/);
  for (const i of items) t.notRegex(i.text, /respectée|atteinte/);
});

test('no call data: one sentence says so, the requests are still judged; a year earlier without data says so', (t) => {
  const items = headline({ period: '2018-09', city: city({ 'tickets.on_time_rate': met['tickets.on_time_rate'] }),
    earlier: { period: '2017-09', city: city({}) }, trend: [], trendFrom: '2017-10', hasCalls: false, hasTickets: true, standards }, 'fr');
  t.is(items.length, 2);
  t.deepEqual(items[0], { metric: 'calls.service_level', verdict: 'no_data', example: false,
    text: "Appels : la base ne contient aucune donnée d'appels pour septembre 2018 ; aucune norme d'appels ne peut être jugée." });
  t.regex(items[1]!.text, /norme respectée .* Un an plus tôt \(septembre 2017\) : aucune donnée\.$/);
  t.notRegex(items.map((i) => i.text).join(' '), /0 sur 0/);
});
