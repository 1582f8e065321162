import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { DEFAULT_STANDARDS } from '../../src/standards/standards.ts';

const SHIPPED = DEFAULT_STANDARDS;

const BAD_DUE = 'tickets:\n  rules:\n    - { match: { theme: water }, due: "1 day" }\n    - { match: { theme: roads_snow }, due: "5 weeks" }\n';

// --- check ------------------------------------------------------------------------------------------------------

test('check: the shipped file is valid, exit 0, with a one-paragraph summary', async (t) => {
  const r = await vigie(tempDir(t), ['standards', 'check', SHIPPED]);
  t.is(r.code, 0, r.stderr);
  t.is(r.stderr, '');
  t.is(r.stdout.trim().split('\n').length, 1, 'one paragraph');
  t.regex(r.stdout, /is a valid standards file\. City: Montréal, zone America\/Toronto\./);
  t.regex(r.stdout, /service level ≥ 80 % of calls answered in under 100 s \(variant F3\)/);
  t.regex(r.stdout, /abandonment ≤ 10 % of offered calls; long waits ≤ 1 % of offered calls \(1500 s or more\)/);
  t.regex(r.stdout, /Calendar: Mon–Fri 08:30-16:30, Sat–Sun closed; Québec statutory holidays, plus 01-02, 12-26\./);
  t.regex(r.stdout, /Tickets: 7 rules, 7 marked example; on-time V2, business-hours clock, cohorts by month of creation\./);
});

test('check: an invalid file is exit 2 with the message naming file, key, value and what is allowed', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'bad.yaml'), BAD_DUE);
  const r = await vigie(dir, ['standards', 'check', 'bad.yaml']);
  t.is(r.code, 2);
  t.is(r.stdout, '');
  t.regex(r.stderr, /^vigie: standards file .*bad\.yaml: invalid tickets\.rules\[1\]\.due: "5 weeks" \(expected a delay such as "5 business days"/);
});

test('check: a file that does not exist is exit 2', async (t) => {
  const r = await vigie(tempDir(t), ['standards', 'check', 'nowhere.yaml']);
  t.is(r.code, 2);
  t.regex(r.stderr, /cannot read .*nowhere\.yaml/);
});

test('check --json: { file, sha256, valid: true, … } for a valid file', async (t) => {
  const r = await vigie(tempDir(t), ['standards', 'check', '--json', SHIPPED]);
  t.is(r.code, 0);
  const j = r.json();
  t.deepEqual(Object.keys(j).slice(0, 3), ['file', 'sha256', 'valid']);
  t.is(j.file, SHIPPED);
  t.regex(j.sha256, /^[0-9a-f]{64}$/);
  t.is(j.valid, true);
  t.is(j.city, 'Montréal');
  t.deepEqual(j.calendar.business_hours.fri, ['08:30-16:30']);
  t.is(j.tickets.rules.length, 7);
});

test('check --json: an invalid file prints { valid: false, error } and exits 2, the message also on stderr', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'bad.yaml'), BAD_DUE);
  const r = await vigie(dir, ['standards', 'check', 'bad.yaml', '--json']);
  t.is(r.code, 2);
  const j = r.json();
  t.is(j.valid, false);
  t.is(j.file, join(dir, 'bad.yaml'));
  t.is(j.error.code, 'standards.invalid');
  t.regex(j.error.message, /tickets\.rules\[1\]\.due/);
  t.regex(r.stderr, /tickets\.rules\[1\]\.due/);
});

test('check: without a file is a usage error (exit 2)', async (t) => {
  const r = await vigie(tempDir(t), ['standards', 'check']);
  t.is(r.code, 2);
  t.regex(r.stderr, /missing required argument 'file'/);
});

// --- show -------------------------------------------------------------------------------------------------------

test('show --year 2018: Fête nationale moved to 2018-06-25 and Canada Day to 2018-07-02, with the city days off', async (t) => {
  const r = await vigie(tempDir(t), ['standards', 'show', '--year', '2018']);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const line = (date: string) => lines.find((l) => l.startsWith(date)) ?? '';
  t.regex(line('2018-06-25'), /Monday\s+Fête nationale du Québec\s+National Holiday of Québec\s+statutory\s+moved from 2018-06-24 \(Sunday\)/);
  t.regex(line('2018-07-02'), /Monday\s+Fête du Canada\s+Canada Day\s+statutory\s+moved from 2018-07-01 \(Sunday\)/);
  t.regex(line('2018-01-02'), /added by the file/);
  t.regex(line('2018-12-26'), /added by the file/);
  t.regex(r.stdout, /Days off in 2018: 11 \(Québec statutory holidays, plus 01-02, 12-26\)/);
  t.regex(r.stdout, /service level ≥ 80 % of calls answered in under 100 s/);
  t.regex(r.stdout, /Monday\s+08:30-16:30/);
  t.regex(r.stdout, /Saturday\s+closed/);
  t.regex(r.stdout, /\[0\] Potholes\s+theme: roads_snow\s+5 business days\s+≥ 90 %\s+yes/);
  t.regex(r.stdout, /7 rules marked example are illustrations, not adopted standards/);
  t.regex(r.stdout, /first match wins, a ticket no rule matches has no target \(no_target\)/);
});

test('show --json: the resolved standards, the year, its holidays and the rules in order', async (t) => {
  const r = await vigie(tempDir(t), ['standards', 'show', '--year', '2018', '--json']);
  t.is(r.code, 0, r.stderr);
  const j = r.json();
  t.deepEqual(Object.keys(j), ['file', 'sha256', 'year', 'city', 'locale', 'timezone', 'min_n', 'calls', 'calendar', 'tickets',
    'borough_groups', 'holidays']);
  t.is(j.year, 2018);
  t.deepEqual(j.calendar, {
    business_hours: { mon: ['08:30-16:30'], tue: ['08:30-16:30'], wed: ['08:30-16:30'], thu: ['08:30-16:30'], fri: ['08:30-16:30'], sat: [], sun: [] },
    holidays: 'quebec', add: ['01-02', '12-26'], remove: [],
  });
  const byKey = (key: string) => j.holidays.find((h: { key: string }) => h.key === key);
  t.deepEqual(byKey('fete_nationale'), {
    date: '2018-06-25', key: 'fete_nationale', name: { fr: 'Fête nationale du Québec', en: 'National Holiday of Québec' },
    origin: 'statutory', moved_from: '2018-06-24',
  });
  t.is(byKey('canada_day').date, '2018-07-02');
  t.is(byKey('canada_day').moved_from, '2018-07-01');
  t.deepEqual(j.holidays.filter((h: { origin: string }) => h.origin === 'added').map((h: { date: string }) => h.date), ['2018-01-02', '2018-12-26']);
  t.deepEqual(j.tickets.default, { on_time_variant: 'V2', clock: 'business', cohort: 'created' });
  t.deepEqual(j.tickets.rules.map((x: { index: number }) => x.index), [0, 1, 2, 3, 4, 5, 6]);
  t.like(j.tickets.rules[0], { due: { n: 5, unit: 'business_days' }, due_text: '5 business days', target: 0.9, example: true });
});

test('show: the year defaults to the current year in the file\'s zone, not UTC', async (t) => {
  // 03:00 UTC on 1 January 2020 is still 31 December 2019 in Montréal
  const r = await vigie(tempDir(t), ['standards', 'show', '--json'], { now: () => new Date('2020-01-01T03:00:00Z') });
  t.is(r.json().year, 2019);
  t.true(r.json().holidays.every((h: { date: string }) => h.date.startsWith('2019-')));
});

test('show --standards: a custom file with a lunch break, no statutory holidays, borough groups and no rules', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'city.yaml'), `city: Ville-Test
calendar:
  business_hours: { "mon-thu": ["08:00-12:00", "13:00-17:00"], fri: "08:00-12:00" }
  holidays: none
  add: ["2019-04-23"]
borough_groups:
  Centre: [VERDUN, Anjou]
`);
  const r = await vigie(dir, ['standards', 'show', '--standards', 'city.yaml', '--year', '2019']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /Monday\s+08:00-12:00, 13:00-17:00/);
  t.regex(r.stdout, /Friday\s+08:00-12:00/);
  t.regex(r.stdout, /Days off in 2019: 1 \(no statutory holidays, plus 2019-04-23\)/);
  t.regex(r.stdout, /2019-04-23\s+Tuesday\s+Congé de la Ville\s+City day off\s+added by the file/);
  t.regex(r.stdout, /no ticket rules/);
  t.regex(r.stdout, /Centre\s+Verdun, Anjou/);
});

test('show: a bad --year is exit 2', async (t) => {
  for (const year of ['18', '2018.5', 'next', '1800']) {
    const r = await vigie(tempDir(t), ['standards', 'show', '--year', year]);
    t.is(r.code, 2, year);
    t.regex(r.stderr, /invalid --year: .* \(expected a year such as 2018\)/);
  }
});

test('show: an invalid --standards file is exit 2', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'bad.yaml'), 'calendar:\n  add: ["02-30"]\n');
  const r = await vigie(dir, ['standards', 'show', '--standards', 'bad.yaml']);
  t.is(r.code, 2);
  t.regex(r.stderr, /invalid calendar\.add\[0\]: "02-30"/);
});

// --- init -------------------------------------------------------------------------------------------------------

test('init: writes vigie-standards.yaml with English and French comments, and it passes check', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['standards', 'init']);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, 'wrote vigie-standards.yaml: edit it, then check it with: vigie standards check vigie-standards.yaml\n');
  const text = readFileSync(join(dir, 'vigie-standards.yaml'), 'utf8');
  t.regex(text, /# Business calendar/);
  t.regex(text, /# Calendrier ouvrable/);
  const c = await vigie(dir, ['standards', 'check', 'vigie-standards.yaml']);
  t.is(c.code, 0, c.stderr);
  t.regex(c.stdout, /is a valid standards file/);
});

test('init: refuses to overwrite without --force (exit 2, file unchanged), overwrites with it', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'mine.yaml');
  writeFileSync(file, 'city: Mine\n');
  const r = await vigie(dir, ['standards', 'init', '--out', 'mine.yaml']);
  t.is(r.code, 2);
  t.regex(r.stderr, /mine\.yaml already exists: give --force to overwrite it/);
  t.is(readFileSync(file, 'utf8'), 'city: Mine\n');
  const f = await vigie(dir, ['standards', 'init', '--out', 'mine.yaml', '--force']);
  t.is(f.code, 0, f.stderr);
  t.regex(readFileSync(file, 'utf8'), /^# vigie standards file/);
});

test('init: a folder that does not exist is a runtime error (exit 1)', async (t) => {
  const r = await vigie(tempDir(t), ['standards', 'init', '--out', join('no', 'such', 'dir', 'x.yaml')]);
  t.is(r.code, 1);
  t.regex(r.stderr, /cannot write/);
});

// --- French, help -----------------------------------------------------------------------------------------------

test('--lang fr: check, show and init speak French', async (t) => {
  const dir = tempDir(t);
  const c = await vigie(dir, ['--lang', 'fr', 'standards', 'check', SHIPPED]);
  t.is(c.code, 0);
  t.regex(c.stdout, /est un fichier de normes valide\. Ville : Montréal/);
  t.regex(c.stdout, /niveau de service ≥ 80 % des appels répondus en moins de 100 s \(variante F3\) ; abandons/);
  t.regex(c.stdout, /Calendrier : lun–ven 08:30-16:30, sam–dim fermé ; jours fériés du Québec/);
  const s = await vigie(dir, ['--lang', 'fr', 'standards', 'show', '--year', '2018']);
  t.regex(s.stdout, /Jours de congé en 2018 : 11/);
  t.regex(s.stdout, /2018-06-25\s+lundi\s+Fête nationale du Québec.*déplacé du 2018-06-24 \(dimanche\)/);
  t.regex(s.stdout, /2018-07-02\s+lundi\s+Fête du Canada.*déplacé du 2018-07-01 \(dimanche\)/);
  // the rules in French: their French names, their delays in words whatever language the file wrote them in
  t.regex(s.stdout, /\[0\] Nids-de-poule\s+theme: roads_snow\s+5 jours ouvrables\s+≥ 90 %\s+oui/);
  t.notRegex(s.stdout, /business days|Potholes|\(s\)/);
  t.regex(s.stdout, /7 règles marquées exemple sont des illustrations, pas des normes adoptées/);
  writeFileSync(join(dir, 'one.yaml'), 'tickets:\n  rules:\n    - { name: { fr: Eau, en: Water }, match: { theme: water }, due: 1 business day, example: true }\n');
  const one = await vigie(dir, ['--lang', 'fr', 'standards', 'show', '--standards', 'one.yaml', '--year', '2018']);
  t.regex(one.stdout, /\[0\] Eau\s+theme: water\s+1 jour ouvrable\s/);
  t.regex(one.stdout, /1 règle marquée exemple est une illustration, pas une norme adoptée : .* --fail-on-breach l'ignore/s);
  const oneEn = await vigie(dir, ['standards', 'show', '--standards', 'one.yaml', '--year', '2018']);
  t.regex(oneEn.stdout, /1 rule marked example is an illustration, not an adopted standard: .* --fail-on-breach ignores it/s);
  writeFileSync(join(dir, 'bad.yaml'), BAD_DUE);
  const b = await vigie(dir, ['--lang', 'fr', 'standards', 'check', 'bad.yaml']);
  t.is(b.code, 2);
  t.regex(b.stderr, /tickets\.rules\[1\]\.due invalide : "5 weeks" \(attendu : un délai comme "5 jours ouvrables"/);
  const i = await vigie(dir, ['--lang', 'fr', 'standards', 'init']);
  t.regex(i.stdout, /vigie-standards\.yaml écrit : modifiez-le/);
  const again = await vigie(dir, ['--lang', 'fr', 'standards', 'init']);
  t.regex(again.stderr, /existe déjà : donnez --force/);
});

test('every standards subcommand has --help with an example, printed to the injected stdout', async (t) => {
  for (const sub of [[], ['check'], ['show'], ['init']]) {
    const r = await vigie(tempDir(t), ['standards', ...sub, '--help']);
    t.is(r.code, 0, sub.join(' '));
    t.regex(r.stdout, /Examples:\n {2}vigie standards /, sub.join(' '));
  }
});
