import test from 'ava';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStandardsText, refusedStandards } from '../_helpers/standards.ts';
import { CliError } from '../../src/errors.ts';
import { compileTicketRules, loadStandards, type TicketKeys } from '../../src/standards/standards.ts';
import { parseDue, type TicketMatch } from '../../src/standards/sections/tickets.ts';
import { DEFAULT_CALENDAR } from '../../src/time/calendar-spec.ts';

const load = loadStandardsText;
const refused = refusedStandards;

// --- defaults ---------------------------------------------------------------------------------------------------

test('a file with only a city gets the default calendar, V2 / business / created, no rules and no borough groups', (t) => {
  const s = load(t, 'city: Laval\n');
  t.deepEqual(s.calendar, DEFAULT_CALENDAR);
  t.deepEqual(s.tickets, { default: { on_time_variant: 'V2', clock: 'business', cohort: 'created' }, rules: [] });
  t.deepEqual(s.borough_groups, []);
  t.is(s.min_n, 30);
  t.is(s.calls.service_level.boundary, '<=');
});

test('the default calendar is Monday to Friday 08:30-16:30 with the Quebec holidays and nothing added', (t) => {
  t.deepEqual(DEFAULT_CALENDAR.business_hours.map((d) => d.map((s) => [s.open, s.close])),
    [[[510, 990]], [[510, 990]], [[510, 990]], [[510, 990]], [[510, 990]], [], []]);
  t.is(DEFAULT_CALENDAR.holidays, 'quebec');
});

test('the loaded calendar is a copy: editing it does not change DEFAULT_CALENDAR', (t) => {
  const s = load(t, 'city: Laval\n');
  s.calendar.business_hours[0]!.push({ open: 1000, close: 1100 });
  s.calendar.add.push({ month: 1, day: 2 });
  t.is(DEFAULT_CALENDAR.business_hours[0]!.length, 1);
  t.is(DEFAULT_CALENDAR.add.length, 0);
});

test('an empty calendar section keeps every default; an empty tickets section too', (t) => {
  const s = load(t, 'calendar: {}\ntickets: {}\n');
  t.deepEqual(s.calendar, DEFAULT_CALENDAR);
  t.deepEqual(s.tickets.rules, []);
});

// --- calendar ---------------------------------------------------------------------------------------------------

test('business hours: ranges, lists and lunch breaks; spans sorted; days not given are closed', (t) => {
  const s = load(t, `calendar:
  business_hours:
    "mon,wed": ["13:00-16:30", "08:30-12:00"]
    tue, thu: "09:00-17:00"
    fri: "10:00-24:00"
    sat: closed
`);
  const hours = s.calendar.business_hours.map((d) => d.map((sp) => [sp.open, sp.close]));
  t.deepEqual(hours, [
    [[510, 720], [780, 990]], [[540, 1020]], [[510, 720], [780, 990]], [[540, 1020]], [[600, 1440]], [], [],
  ]);
});

test('business hours: a weekday range overlapping an earlier key is refused only when a day repeats', (t) => {
  // tue-thu after "mon,wed" above repeats wed: refused
  const e = t.throws(() => load(t, 'calendar:\n  business_hours:\n    "mon,wed": "08:00-12:00"\n    tue-thu: "09:00-17:00"\n'));
  t.regex(e?.message ?? '', /invalid calendar\.business_hours\.tue-thu: "tue-thu" \(expected each weekday once \(wed is already given by mon,wed\)\)/);
});

test('business hours: keys and "closed" are case-insensitive, an en dash is read as a hyphen', (t) => {
  const s = load(t, 'calendar:\n  business_hours: { MON-FRI: "08:30 – 16:30", Sat: Closed }\n');
  t.deepEqual(s.calendar.business_hours[4], [{ open: 510, close: 990 }]);
  t.deepEqual(s.calendar.business_hours[5], []);
});

test('holidays, add and remove: MM-DD every year, YYYY-MM-DD one date, 02-29 accepted', (t) => {
  const s = load(t, 'calendar:\n  holidays: none\n  add: ["01-02", "2019-04-23", "02-29"]\n  remove: ["2020-04-13"]\n');
  t.is(s.calendar.holidays, 'none');
  t.deepEqual(s.calendar.add, [{ month: 1, day: 2 }, { year: 2019, month: 4, day: 23 }, { month: 2, day: 29 }]);
  t.deepEqual(s.calendar.remove, [{ year: 2020, month: 4, day: 13 }]);
});

test('refused: a weekday that does not exist', refused, 'calendar:\n  business_hours: { mon-fry: "08:30-16:30" }\n',
  'calendar.business_hours.mon-fry', '"mon-fry"', /weekdays among mon, tue, wed, thu, fri, sat, sun/);
test('refused: a range running backwards', refused, 'calendar:\n  business_hours: { fri-mon: "08:30-16:30" }\n',
  'calendar.business_hours.fri-mon', '"fri-mon"', /a range \(mon-fri\)/);
test('refused: a weekday given twice', refused, 'calendar:\n  business_hours: { mon-fri: "08:30-16:30", wed: closed }\n',
  'calendar.business_hours.wed', '"wed"', /each weekday once \(wed is already given by mon-fri\)/);
test('refused: overlapping spans', refused, 'calendar:\n  business_hours: { mon: ["08:30-12:00", "11:00-16:30"] }\n',
  'calendar.business_hours.mon', '["08:30-12:00","11:00-16:30"]', /do not overlap \(08:30-12:00 and 11:00-16:30 do\)/);
test('refused: opening at or after closing', refused, 'calendar:\n  business_hours: { mon: "16:30-08:30" }\n',
  'calendar.business_hours.mon', '"16:30-08:30"', /an opening time before the closing time/);
test('refused: an empty span', refused, 'calendar:\n  business_hours: { mon: ["08:30-08:30"] }\n',
  'calendar.business_hours.mon[0]', '"08:30-08:30"', /an opening time before the closing time/);
test('refused: a time that does not exist', refused, 'calendar:\n  business_hours: { tue: "08:30-25:00" }\n',
  'calendar.business_hours.tue', '"08:30-25:00"', /between 00:00 and 24:00/);
test('refused: hours not written HH:MM-HH:MM', refused, 'calendar:\n  business_hours: { mon: "8h30 à 16h30" }\n',
  'calendar.business_hours.mon', '"8h30 à 16h30"', /opening hours "HH:MM-HH:MM", a list of them .* or closed/);
test('refused: business hours that are not a mapping', refused, 'calendar:\n  business_hours: "08:30-16:30"\n',
  'calendar.business_hours', '"08:30-16:30"', /a mapping of mon-fri, sat, sun/);
test('refused: an unknown holiday calendar', refused, 'calendar:\n  holidays: ontario\n',
  'calendar.holidays', '"ontario"', /quebec .* or none/);
test('refused: 30 February', refused, 'calendar:\n  add: ["01-02", "02-30"]\n',
  'calendar.add[1]', '"02-30"', /a real date, "MM-DD" \(every year\) or "YYYY-MM-DD"/);
test('refused: 29 February of a common year', refused, 'calendar:\n  remove: ["2019-02-29"]\n',
  'calendar.remove[0]', '"2019-02-29"', /a real date/);
test('refused: month 13', refused, 'calendar:\n  add: ["13-01"]\n', 'calendar.add[0]', '"13-01"', /a real date/);
test('refused: a date that is not a string', refused, 'calendar:\n  add: [20190423]\n', 'calendar.add[0]', '20190423', /a real date/);
test('refused: add that is not a list', refused, 'calendar:\n  add: "01-02"\n', 'calendar.add', '"01-02"', /a list of days off/);
test('refused: a date given twice', refused, 'calendar:\n  add: ["12-26", "12-26"]\n', 'calendar.add[1]', '"12-26"', /each date once/);
test('refused: a date both added and removed', refused, 'calendar:\n  add: ["12-26"]\n  remove: ["12-26"]\n',
  'calendar.remove[0]', '"12-26"', /not also in calendar\.add/);
test('refused: an unknown calendar key', refused, 'calendar:\n  business_days: {}\n', 'calendar.business_days', '{}',
  /one of business_hours, holidays, add, remove/);

// --- tickets ----------------------------------------------------------------------------------------------------

const RULES = `tickets:
  default: { on_time_variant: V4, clock: calendar, cohort: closed }
  rules:
    - match: { theme: roads_snow, category: "Nid*poule*" }
      due: "5 business days"
      target: 0.9
      example: true
    - name: Collectes
      match: { theme: collections, category: ["Collecte*", "Bac (67 litres)"] }
      due: 2 jours ouvrables
    - match: { borough: ST-LAURENT, channel: phone, nature: [request, complaint] }
      due: 48  Hours
      target: 0
`;

test('ticket defaults and rules are read in order, with index, due, due_text, target, example and label', (t) => {
  const s = load(t, RULES);
  t.deepEqual(s.tickets.default, { on_time_variant: 'V4', clock: 'calendar', cohort: 'closed' });
  t.deepEqual(s.tickets.rules, [
    { index: 0, match: { theme: ['roads_snow'], category: ['Nid*poule*'] }, due: { n: 5, unit: 'business_days' },
      due_text: '5 business days', target: 0.9, example: true, label: 'roads_snow / Nid*poule*',
      labels: { fr: 'roads_snow / Nid*poule*', en: 'roads_snow / Nid*poule*' } },
    { index: 1, match: { theme: ['collections'], category: ['Collecte*', 'Bac (67 litres)'] }, due: { n: 2, unit: 'business_days' },
      due_text: '2 jours ouvrables', target: null, example: false, label: 'Collectes', labels: { fr: 'Collectes', en: 'Collectes' } },
    { index: 2, match: { borough: ['Saint-Laurent'], channel: ['phone'], nature: ['request', 'complaint'] }, due: { n: 48, unit: 'hours' },
      due_text: '48 Hours', target: 0, example: false, label: 'Saint-Laurent / phone / request|complaint',
      labels: { fr: 'Saint-Laurent / phone / request|complaint', en: 'Saint-Laurent / phone / request|complaint' } },
  ]);
});

test('theme, channel and nature values are matched to their ids whatever their case; globs on them must hit one', (t) => {
  const s = load(t, 'tickets:\n  rules:\n    - { match: { theme: [ROADS_SNOW, "parks_*"], channel: "PHONE", nature: "compl*" }, due: 1 day }\n');
  t.deepEqual(s.tickets.rules[0]!.match, { theme: ['roads_snow', 'parks_*'], channel: ['phone'], nature: ['compl*'] });
});

test('a JSON standards file is read like YAML', (t) => {
  const s = load(t, JSON.stringify({ tickets: { rules: [{ match: { theme: 'water' }, due: '30 days', target: 0.8 }] } }), 'standards.json');
  t.deepEqual(s.tickets.rules[0]!.due, { n: 30, unit: 'days' });
});

const rule = (fields: string) => `tickets:\n  rules:\n    - { match: { theme: roads_snow }, due: "5 business days" }\n    - { match: { theme: water }, due: "1 day" }\n    - ${fields}\n`;

test('refused: an unknown on-time variant', refused, 'tickets:\n  default: { on_time_variant: V5 }\n',
  'tickets.default.on_time_variant', '"V5"', /one of V1, V2, V3, V4/);
test('refused: an unknown clock', refused, 'tickets:\n  default: { clock: wall }\n', 'tickets.default.clock', '"wall"', /one of business, calendar/);
test('refused: an unknown cohort', refused, 'tickets:\n  default: { cohort: due }\n', 'tickets.default.cohort', '"due"', /one of created, closed/);
test('refused: a delay that is not one', refused, rule('{ match: { theme: water }, due: "5 weeks" }'),
  'tickets.rules[2].due', '"5 weeks"', /a delay such as "5 business days", "30 days" or "48 hours"/);
test('refused: a rule without a delay', refused, rule('{ match: { theme: water }, target: 0.9 }'),
  'tickets.rules[2].due', '(missing)', /a delay such as/);
test('refused: a delay given as a number', refused, rule('{ match: { theme: water }, due: 5 }'), 'tickets.rules[2].due', '5', /a delay such as/);
test('refused: a target above 1', refused, rule('{ match: { theme: water }, due: "5 days", target: 90 }'),
  'tickets.rules[2].target', '90', /a fraction between 0 and 1/);
test('refused: example that is not a boolean', refused, rule('{ match: { theme: water }, due: "5 days", example: "yes" }'),
  'tickets.rules[2].example', '"yes"', /true or false/);
test('refused: an unknown rule key', refused, rule('{ match: { theme: water }, due: "5 days", targte: 0.9 }'),
  'tickets.rules[2].targte', '0.9', /one of name, match, due, target, example/);
test('refused: a rule without match', refused, rule('{ due: "5 days" }'), 'tickets.rules[2].match', '(missing)',
  /a mapping of theme, category, borough, channel, nature, with at least one of them/);
test('refused: an empty match', refused, rule('{ match: {}, due: "5 days" }'), 'tickets.rules[2].match', '{}', /at least one of them/);
test('refused: an unknown match key', refused, rule('{ match: { service: x }, due: "5 days" }'), 'tickets.rules[2].match.service', '"x"',
  /one of theme, category, borough, channel, nature/);
test('refused: an unknown theme, listing the theme ids', refused, rule('{ match: { theme: roads }, due: "5 days" }'),
  'tickets.rules[2].match.theme', '"roads"', /a theme id of data\/themes\.csv.*: mobility, housing, .*roads_snow.*, other/);
test('refused: a theme glob that matches no theme', refused, rule('{ match: { theme: [water, "snow*"] }, due: "5 days" }'),
  'tickets.rules[2].match.theme[1]', '"snow*"', /a theme id of data\/themes\.csv, or a glob matching one/);
test('refused: an unknown borough', refused, rule('{ match: { borough: Gotham }, due: "5 days" }'),
  'tickets.rules[2].match.borough', '"Gotham"', /a borough or linked city .*, or a glob such as Saint-\*/);
test('refused: an unknown channel', refused, rule('{ match: { channel: telephone }, due: "5 days" }'),
  'tickets.rules[2].match.channel', '"telephone"', /a channel among phone, email, web, .*, or a glob matching one/);
test('refused: an unknown nature', refused, rule('{ match: { nature: requete }, due: "5 days" }'),
  'tickets.rules[2].match.nature', '"requete"', /a nature among request, information, complaint, comment/);
test('refused: an empty list of globs', refused, rule('{ match: { category: [] }, due: "5 days" }'),
  'tickets.rules[2].match.category', '[]', /a glob .* or a non-empty list of globs/);
test('refused: a blank glob', refused, rule('{ match: { category: ["Nid*", " "] }, due: "5 days" }'),
  'tickets.rules[2].match.category[1]', '" "', /a glob/);
test('refused: a number where a glob is expected', refused, rule('{ match: { category: 311 }, due: "5 days" }'),
  'tickets.rules[2].match.category', '311', /a glob/);
test('refused: rules that are not a list', refused, 'tickets:\n  rules: { match: { theme: water } }\n', 'tickets.rules',
  '{"match":{"theme":"water"}}', /a list of rules/);
test('refused: a blank rule name', refused, rule('{ name: "", match: { theme: water }, due: "5 days" }'), 'tickets.rules[2].name', '""',
  /a non-empty name, or one name per language/);
test('refused: a rule named in one language of two', refused, rule('{ name: { fr: Eau }, match: { theme: water }, due: "5 days" }'),
  'tickets.rules[2].name', '{"fr":"Eau"}', /one name per language: \{ fr: .*, en: .* \}/);

// --- borough groups ---------------------------------------------------------------------------------------------

test('borough groups: names kept in file order, each borough resolved to its canonical name', (t) => {
  const s = load(t, `borough_groups:
  "Centre de services 311": [VERDUN, "Cote-des-Neiges - Notre-Dame-de-Grace", ST-LAURENT]
  Autonomes: [Anjou]
`);
  t.deepEqual(s.borough_groups, [
    { name: 'Centre de services 311', boroughs: ['Verdun', 'Côte-des-Neiges-Notre-Dame-de-Grâce', 'Saint-Laurent'] },
    { name: 'Autonomes', boroughs: ['Anjou'] },
  ]);
});

test('refused: a group naming an unknown borough', refused, 'borough_groups:\n  Centre: [Verdun, Gotham]\n',
  'borough_groups.Centre[1]', '"Gotham"', /a borough or linked city \(official name or known spelling\)/);
test('refused: a borough twice in a group', refused, 'borough_groups:\n  Centre: [Verdun, VERDUN]\n',
  'borough_groups.Centre[1]', '"VERDUN"', /each borough once per group \(Verdun is already listed\)/);
test('refused: an empty group', refused, 'borough_groups:\n  Centre: []\n', 'borough_groups.Centre', '[]', /a non-empty list of boroughs/);
test('refused: groups that are not a mapping', refused, 'borough_groups: [Verdun]\n', 'borough_groups', '["Verdun"]',
  /a mapping of group names to lists of boroughs/);

// --- other errors -----------------------------------------------------------------------------------------------

test('refused: an unknown top-level key', refused, 'city: Laval\nholidays: quebec\n', 'holidays', '"quebec"', /one of city, locale, .*borough_groups/);

test('a YAML syntax error names the file and says YAML or JSON is expected', (t) => {
  const e = t.throws(() => load(t, 'calendar: { business_hours: [\n'), { instanceOf: CliError });
  t.regex(e?.message ?? '', /standards\.yaml: invalid \(YAML\): .* \(expected valid YAML or JSON\)/);
});

test('a missing file is exit 2, standards.unreadable', (t) => {
  const e = t.throws(() => loadStandards(join(tmpdir(), 'no-such-vigie-standards.yaml'), 'en'), { instanceOf: CliError });
  t.is((e as CliError).exitCode, 2);
  t.is((e as CliError).code, 'standards.unreadable');
});

test('messages are in French with lang fr: key, value and what is allowed', (t) => {
  const e = t.throws(() => load(t, rule('{ match: { theme: water }, due: "5 semaines" }'), 'standards.yaml', 'fr'));
  t.regex(e?.message ?? '', /fichier de normes .*standards\.yaml : tickets\.rules\[2\]\.due invalide : "5 semaines" \(attendu : un délai comme "5 jours ouvrables"/);
});

// --- the shipped file -------------------------------------------------------------------------------------------

test('the shipped Montréal file keeps its call standards and adds the calendar and example ticket rules', (t) => {
  const s = loadStandards(undefined, 'en');
  t.is(s.city, 'Montréal');
  t.deepEqual(s.calls, {
    service_level: { threshold_seconds: 100, boundary: '<', target: 0.8, variant: 'F3' },
    abandonment: { max: 0.1, short_abandon_seconds: 0 },
    long_wait: { seconds: 1500, max_share: 0.01 },
    staffing: { shrinkage: 0.3, hourly_cost: null, currency: null },
  });
  t.deepEqual(s.calendar, { ...DEFAULT_CALENDAR, add: [{ month: 1, day: 2 }, { month: 12, day: 26 }] });
  t.deepEqual(s.tickets.default, { on_time_variant: 'V2', clock: 'business', cohort: 'created' });
  t.true(s.tickets.rules.length >= 5);
  t.true(s.tickets.rules.every((r) => r.example && r.target === 0.9), 'Montréal publishes no delays: every rule is an example');
  t.deepEqual(s.tickets.rules[0]!.due, { n: 5, unit: 'business_days' });
  t.regex(s.sha256, /^[0-9a-f]{64}$/);
});

test('the shipped rules: potholes, collections, trees, snow, graffiti and noise get a rule; anything else has none', (t) => {
  const s = loadStandards(undefined, 'en');
  const match = compileTicketRules(s.tickets.rules);
  const ticket = (theme: string, category: string): TicketKeys => ({ theme, category, borough: 'Verdun', channel: 'phone', nature: 'request' });
  const label = (theme: string, category: string) => match(ticket(theme, category))?.labels.en ?? null;
  t.is(match(ticket('roads_snow', 'Nid-de-poule'))?.index, 0);
  // the rules are named in both languages; `label` is the French one, what the commission reads first
  t.is(match(ticket('roads_snow', 'Opération déneigement'))?.label, match(ticket('roads_snow', 'Opération déneigement'))?.labels.fr);
  t.regex(match(ticket('roads_snow', 'Opération déneigement'))?.label ?? '', /neigement/);
  t.regex(label('roads_snow', 'Opération déneigement') ?? '', /Snow/);
  t.regex(label('roads_snow', 'Trottoir glissant') ?? '', /Snow/);
  t.regex(label('parks_trees', 'Danger potentiel - Arbre') ?? '', /Hazardous trees/);
  t.regex(label('parks_trees', 'Élagage') ?? '', /pruning/);
  t.regex(label('collections', 'Collecte des encombrants') ?? '', /Collections/);
  t.regex(label('collections', 'Bac roulant') ?? '', /Collections/);
  t.regex(label('collections', 'Graffiti sur domaine public') ?? '', /Graffiti/);
  t.regex(label('public_safety', 'Bruit') ?? '', /Noise/);
  // no catch-all: these stay no_target
  t.is(label('taxes_finance', 'Taxes foncières'), null);
  t.is(label('water', "Fuite d'eau"), null);
  t.is(label('roads_snow', null as unknown as string), null);
});

// --- matching ---------------------------------------------------------------------------------------------------

const keys = (k: Partial<TicketKeys>): TicketKeys => ({ theme: null, category: null, borough: null, channel: null, nature: null, ...k });
const rules = (...matches: TicketMatch[]) => matches.map((match, index) => ({ index, match }));

test('globs: case- and accent-insensitive, * any run (also none), ? one character, the whole field', (t) => {
  const m = compileTicketRules(rules({ category: ['Nid*poule*'] }, { category: ['Elagage'] }, { category: ['Bac ?'] }));
  t.is(m(keys({ category: 'NID-DE-POULE - réparation' }))?.index, 0);
  t.is(m(keys({ category: 'nidpoule' }))?.index, 0);
  t.is(m(keys({ category: 'Élagage' }))?.index, 1);
  t.is(m(keys({ category: 'ÉLAGAGE' }))?.index, 1);
  t.is(m(keys({ category: 'Élagage urgent' })), null, 'a pattern without * matches the whole field only');
  t.is(m(keys({ category: 'Bac 1' }))?.index, 2);
  t.is(m(keys({ category: 'Bac 12' })), null);
  t.is(m(keys({ category: 'Un nid-de-poule' })), null);
});

test('globs: accents in the pattern match unaccented data too, and decomposed (NFD) data matches composed patterns', (t) => {
  const m = compileTicketRules(rules({ category: ['Opération déneigement'] }));
  t.is(m(keys({ category: 'OPERATION DENEIGEMENT' }))?.index, 0);
  t.is(m(keys({ category: 'Ope\u0301ration de\u0301neigement' }))?.index, 0);
});

test('globs: regular-expression characters are literal', (t) => {
  const m = compileTicketRules(rules({ category: ['Bac (67 litres)'] }, { category: ['a.c'] }));
  t.is(m(keys({ category: 'bac (67 litres)' }))?.index, 0);
  t.is(m(keys({ category: 'Bac 67 litres' })), null);
  t.is(m(keys({ category: 'abc' })), null);
});

test('a list is any of its globs; every key given must match; first match wins', (t) => {
  const m = compileTicketRules(rules(
    { theme: ['collections'], category: ['Collecte*', '*encombrant*'] },
    { theme: ['collections'] },
    { category: ['Collecte*'] },
  ));
  t.is(m(keys({ theme: 'collections', category: 'Collecte de déchets' }))?.index, 0);
  t.is(m(keys({ theme: 'collections', category: "Info - Collecte d'objets encombrants" }))?.index, 0);
  t.is(m(keys({ theme: 'collections', category: 'Écocentre' }))?.index, 1);
  t.is(m(keys({ theme: 'water', category: 'Collecte de déchets' }))?.index, 2);
  t.is(m(keys({ theme: 'water', category: 'Fuite' })), null);
});

test('a null field matches only the pattern *; a key the rule does not give matches anything, null included', (t) => {
  const m = compileTicketRules(rules({ borough: ['Saint-*'] }, { borough: ['*'], channel: ['phone'] }, { channel: ['?*'] }));
  t.is(m(keys({ borough: 'Saint-Laurent' }))?.index, 0);
  t.is(m(keys({ borough: null, channel: 'phone' }))?.index, 1);
  t.is(m(keys({ borough: null, channel: null })), null, '?* needs at least one character: null does not match it');
  t.is(m(keys({ borough: 'Verdun', channel: 'email' }))?.index, 2);
});

test('the matcher gives the same answer on repeated calls (memoised) and returns the rule objects themselves', (t) => {
  const list = rules({ theme: ['water'] });
  const first = list[0]!;
  const m = compileTicketRules(list);
  for (let i = 0; i < 3; i++) {
    t.is(m(keys({ theme: 'water' })), first);
    t.is(m(keys({ theme: 'Water ' })), first);
    t.is(m(keys({ theme: null })), null);
  }
});

test('no rules: nothing matches', (t) => {
  t.is(compileTicketRules([])(keys({ theme: 'water' })), null);
});

// --- parseDue ---------------------------------------------------------------------------------------------------

test('parseDue reads English and French delays, case-insensitive', (t) => {
  const cases: [string, number, string][] = [
    ['5 business days', 5, 'business_days'], ['1 business day', 1, 'business_days'], ['30 days', 30, 'days'], ['1 day', 1, 'days'],
    ['48 hours', 48, 'hours'], ['1 hour', 1, 'hours'], ['5 jours ouvrables', 5, 'business_days'], ['1 jour ouvrable', 1, 'business_days'],
    ['3 jours ouvrés', 3, 'business_days'], ['30 jours', 30, 'days'], ['1 jour', 1, 'days'], ['48 heures', 48, 'hours'], ['1 heure', 1, 'hours'],
    ['5 Business Days', 5, 'business_days'], ['  10   JOURS   OUVRABLES ', 10, 'business_days'], ['48 HEURES', 48, 'hours'],
    ['10000 days', 10000, 'days'],
  ];
  for (const [text, n, unit] of cases) t.deepEqual(parseDue(text), { n, unit }, text);
});

test('parseDue refuses what is not a positive whole number of a known unit', (t) => {
  for (const text of ['', '5', 'days', 'five days', '0 days', '-1 days', '+5 days', '1.5 days', '5 weeks', '5 business', '5 jours ouvrables de plus',
    '10001 days', '5days', '5 business-days', '5 semaines']) {
    t.is(parseDue(text), null, text);
  }
});

test('calls.staffing: shrinkage in [0, 1), a cost per agent-hour and an ISO currency', (t) => {
  t.deepEqual(load(t, 'calls:\n  staffing: { shrinkage: 0.35, hourly_cost: 42.5, currency: CAD }\n').calls.staffing,
    { shrinkage: 0.35, hourly_cost: 42.5, currency: 'CAD' });
  for (const [body, key] of [['shrinkage: 1', 'calls.staffing.shrinkage'], ['hourly_cost: -1', 'calls.staffing.hourly_cost'],
    ['currency: dollars', 'calls.staffing.currency'], ['overtime: 2', 'calls.staffing.overtime']] as const) {
    const e = t.throws(() => load(t, `calls:\n  staffing: { ${body} }\n`));
    t.true((e?.message ?? '').includes(`invalid ${key}`), `${body}: ${e?.message}`);
  }
});
