/**
 * `vigie standards check FILE | show | init | apply`: the standards file for the people who sign it off.
 * - `check` loads a file and prints a one-paragraph summary (exit 0), or the first problem (exit 2);
 * - `show` prints the resolved standards: call targets, business hours, the days off of one year (statutory ones
 *   computed, moved ones marked) and the ticket rules in order;
 * - `init` writes a commented starter file that passes `check`;
 * - `apply` makes the store keep each ticket's deadline under a file (or stop, `--remove`).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg, type Lang, type Messages } from '../messages.ts';
import { table } from '../render/table.ts';
import { formatDaySpec, formatSpan, loadStandards, WEEKDAYS, type Standards } from '../standards/standards.ts';
import { resolveHolidays, type Holiday } from '../time/business.ts';
import { toLocalIso } from '../time/zone.ts';
import { outputFormat } from './options.ts';
import { lockWait } from './import.ts';
import { openStore, resolveStorePath } from '../store/db.ts';
import { buildTicketFacts, dropTicketFacts, factsState } from '../store/ticket-facts.ts';

export interface StandardsCheckOptions {
  file: string;
  output?: string | undefined;
  json?: boolean | undefined;
}

export interface StandardsShowOptions {
  standards?: string | undefined;
  year?: string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export interface StandardsInitOptions {
  out?: string | undefined;
  force?: boolean | undefined;
}

export interface StandardsApplyOptions {
  standards?: string | undefined;
  store?: string | undefined;
  remove?: boolean | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export const DEFAULT_INIT_FILE = 'vigie-standards.yaml';

/** A fraction as a percentage for the screen: `80 %`, `92,5 %` in French. */
function pct(v: number, lang: Lang): string {
  const s = String(Math.round(v * 1000) / 10);
  return `${lang === 'fr' ? s.replace('.', ',') : s} %`;
}

/**
 * The standards as JSON: the loaded values, except the calendar, written as the file writes it (`"08:30-16:30"`
 * per weekday key, days off as `MM-DD` / `YYYY-MM-DD`) so that a reader can compare it with the file.
 */
function standardsJson(s: Standards) {
  return {
    city: s.city,
    locale: s.locale,
    timezone: s.timezone,
    min_n: s.min_n,
    calls: s.calls,
    calendar: {
      business_hours: Object.fromEntries(WEEKDAYS.map((d, i) => [d, (s.calendar.business_hours[i] ?? []).map(formatSpan)])),
      holidays: s.calendar.holidays,
      add: s.calendar.add.map(formatDaySpec),
      remove: s.calendar.remove.map(formatDaySpec),
    },
    tickets: s.tickets,
    borough_groups: s.borough_groups,
  };
}

function callLines(s: Standards, lang: Lang, m: Messages): string[] {
  const { service_level: sl, abandonment: ab, long_wait: lw } = s.calls;
  return [
    m.stdServiceLevel(sl.target === null ? null : pct(sl.target, lang), sl.boundary === '<', sl.threshold_seconds, sl.variant),
    m.stdAbandonment(ab.max === null ? null : pct(ab.max, lang), ab.short_abandon_seconds),
    m.stdLongWait(lw.max_share === null ? null : pct(lw.max_share, lang), lw.seconds),
  ];
}

function daySpans(s: Standards, day: number, m: Messages): string {
  const spans = s.calendar.business_hours[day] ?? [];
  return spans.length ? spans.map(formatSpan).join(', ') : m.stdClosed;
}

/** Business hours in runs of days with the same hours: `Mon–Fri 08:30-16:30, Sat–Sun closed`. */
function hoursSummary(s: Standards, m: Messages): string {
  const runs: { from: number; to: number; text: string }[] = [];
  for (let d = 0; d < 7; d++) {
    const text = daySpans(s, d, m);
    const last = runs.at(-1);
    if (last && last.text === text) last.to = d;
    else runs.push({ from: d, to: d, text });
  }
  const name = (d: number) => m.weekdaysShort[d] ?? WEEKDAYS[d]!;
  return runs.map((r) => `${r.from === r.to ? name(r.from) : `${name(r.from)}–${name(r.to)}`} ${r.text}`).join(', ');
}

function holidaysSummary(s: Standards, m: Messages): string {
  return m.stdHolidays(s.calendar.holidays === 'quebec', s.calendar.add.map(formatDaySpec), s.calendar.remove.map(formatDaySpec));
}

/** `vigie standards check FILE`: 0 and a summary when the file is valid; 2 and the first problem otherwise. */
export function runStandardsCheck(o: StandardsCheckOptions, io: Io): number {
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json'], lang);
  const path = resolve(io.cwd, o.file);
  let s: Standards;
  try {
    s = loadStandards(path, lang);
  } catch (e) {
    // scripts reading --json get the verdict on stdout too; the message still goes to stderr
    if (out !== 'json' || !(e instanceof CliError)) throw e;
    io.stdout(JSON.stringify({ file: path, valid: false, error: { code: e.code, message: e.message } }, null, 2) + '\n');
    io.stderr(`vigie: ${e.message}\n`);
    return e.exitCode;
  }
  if (out === 'json') {
    io.stdout(JSON.stringify({ file: s.file, sha256: s.sha256, valid: true, ...standardsJson(s) }, null, 2) + '\n');
    return EXIT.ok;
  }
  const d = s.tickets.default;
  const tickets = m.stdTickets(s.tickets.rules.length, s.tickets.rules.filter((r) => r.example).length, d.on_time_variant, d.clock, d.cohort);
  const calendar = `${hoursSummary(s, m)}${m.stdSep}${holidaysSummary(s, m)}`;
  io.stdout(m.stdValid(o.file, s.city, s.timezone, callLines(s, lang, m).join(m.stdSep), calendar, tickets, s.borough_groups.length) + '\n');
  return EXIT.ok;
}

function parseYear(value: string | undefined, s: Standards, io: Io): number {
  if (value === undefined) return Number(toLocalIso(s.timezone, io.now().getTime()).slice(0, 4));
  const y = /^\d{4}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(y >= 1900 && y <= 2199)) throw new CliError(EXIT.usage, 'usage.year', msg(io.lang).badYear('--year', value));
  return y;
}

/** The ISO weekday (0 = Monday) of a `YYYY-MM-DD` date. */
function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** `vigie standards show`: the resolved standards of one year, for sign-off. */
export function runStandardsShow(o: StandardsShowOptions, io: Io): number {
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json'], lang);
  const s = loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang);
  const year = parseYear(o.year, s, io);
  const holidays: Holiday[] = resolveHolidays(s.calendar, year);
  if (out === 'json') {
    io.stdout(JSON.stringify({ file: s.file, sha256: s.sha256, year, ...standardsJson(s), holidays }, null, 2) + '\n');
    return EXIT.ok;
  }
  const c = m.stdCol;
  const day = (d: number) => m.weekdays[d] ?? WEEKDAYS[d]!;
  const parts: string[] = [m.stdShowFile(s.file, s.sha256), m.stdShowCity(s.city, s.locale, s.timezone, s.min_n)];

  parts.push('', m.stdShowCalls, ...callLines(s, lang, m).map((l) => `  ${l}`));

  parts.push('', m.stdShowHours(s.timezone));
  parts.push(table([c.day!, c.hours!], WEEKDAYS.map((_, i) => [day(i), daySpans(s, i, m)]), io.color));

  parts.push('', m.stdShowHolidays(year, holidays.length, holidaysSummary(s, m)));
  if (holidays.length) {
    parts.push(table([c.date!, c.weekday!, c.nameFr!, c.nameEn!, c.origin!, c.note!], holidays.map((h) => [
      h.date, day(weekdayOf(h.date)), h.name.fr, h.name.en, m.stdOrigin[h.origin] ?? h.origin,
      h.moved_from === undefined ? '' : m.stdMoved(h.moved_from, day(weekdayOf(h.moved_from))),
    ]), io.color));
  }

  const d = s.tickets.default;
  parts.push('', m.stdShowRules(d.clock, d.on_time_variant, d.cohort));
  if (!s.tickets.rules.length) parts.push(`  ${m.stdNoRules}`);
  else {
    parts.push(table([c.rule!, c.match!, c.due!, c.target!, c.example!], s.tickets.rules.map((r) => [
      `[${r.index}] ${r.labels[lang]}`,
      Object.entries(r.match).map(([k, v]) => `${k}: ${v.join(' | ')}`).join('\n'),
      m.dueWords(r.due.n, r.due.unit),
      r.target === null ? '–' : `≥ ${pct(r.target, lang)}`,
      r.example ? m.stdYes : '',
    ]), io.color));
    const examples = s.tickets.rules.filter((r) => r.example).length;
    if (examples) parts.push(m.stdExamples(examples));
  }

  if (s.borough_groups.length) {
    parts.push('', m.stdShowGroups);
    parts.push(table([c.group!, c.boroughs!], s.borough_groups.map((g) => [g.name, g.boroughs.join(', ')]), io.color));
  }
  io.stdout(parts.join('\n') + '\n');
  return EXIT.ok;
}

/**
 * The starter file of `vigie standards init`. It is file content rather than a CLI message, so it lives here and not
 * in messages.ts: one text, its comments in English and French side by side, valid as it stands.
 */
export const STARTER = `# vigie standards file / fichier de normes de vigie
# Check it / vérifiez-le :                vigie standards check vigie-standards.yaml
# See what it resolves to / résultat :    vigie standards show --standards vigie-standards.yaml --year 2018
# Rates are fractions from 0 to 1 (0.80 = 80 %). / Les taux sont des fractions de 0 à 1 (0.80 = 80 %).

# The city, the language of reports and the time zone of the data.
# La ville, la langue des rapports et le fuseau horaire des données.
city: Montréal
locale: fr-CA              # fr, fr-CA, en, en-CA
timezone: America/Toronto  # an IANA zone / un fuseau IANA

# Groups with fewer observations than this get no verdict (too_few).
# Les groupes qui ont moins d'observations que ce nombre n'ont pas de verdict (too_few).
min_n: 30

# Call-centre standards. / Normes du centre d'appels.
calls:
  # Share of calls answered in under ("<") or within ("<=") threshold_seconds, at least target; variant F1 to F6.
  # Part des appels répondus en moins de ("<") ou en au plus ("<=") threshold_seconds, au moins target ; variante F1 à F6.
  service_level: { threshold_seconds: 100, boundary: "<", target: 0.80, variant: F3 }
  # At most max of offered calls abandoned; abandons within short_abandon_seconds can be left out.
  # Au plus max des appels offerts abandonnés ; les abandons en short_abandon_seconds ou moins peuvent être exclus.
  abandonment: { max: 0.10, short_abandon_seconds: 0 }
  # At most max_share of offered calls waiting \`seconds\` or more.
  # Au plus max_share des appels offerts attendant \`seconds\` secondes ou plus.
  long_wait: { seconds: 1500, max_share: 0.01 }

# Business calendar: when the "business" clock of ticket delays runs.
# Calendrier ouvrable : quand l'horloge « business » des délais des requêtes avance.
calendar:
  # Keys: mon tue wed thu fri sat sun, a range (mon-fri) or a list (mon,wed); a day not given is closed.
  # Values: "HH:MM-HH:MM", a list of spans (a lunch break: ["08:30-12:00", "13:00-16:30"]) or closed.
  # Clés : mon tue wed thu fri sat sun (lundi à dimanche), un intervalle (mon-fri) ou une liste (mon,wed) ; un jour absent est fermé.
  # Valeurs : "HH:MM-HH:MM", une liste de plages (pause du midi : ["08:30-12:00", "13:00-16:30"]) ou closed (fermé).
  business_hours:
    mon-fri: "08:30-16:30"
    sat: closed
    sun: closed
  # quebec: Québec statutory holidays, computed for any year; none: no statutory holiday.
  # quebec : jours fériés du Québec, calculés pour toute année ; none : aucun jour férié légal.
  holidays: quebec
  # Days off added to or removed from that list: "MM-DD" every year, "YYYY-MM-DD" one date.
  # Jours de congé ajoutés à cette liste ou retirés : "MM-JJ" chaque année, "AAAA-MM-JJ" une seule date.
  add: ["01-02", "12-26"]
  remove: []               # e.g. / p. ex. ["2019-04-22"] (Easter Monday 2019 / lundi de Pâques 2019)

# Ticket delays. / Délais de traitement des requêtes.
tickets:
  # on_time_variant: V1 to V4 (V2: closed on time / (closed + open overdue)); clock: business or calendar;
  # cohort: tickets grouped by month of creation (created) or of close (closed).
  # on_time_variant : V1 à V4 (V2 : fermées à temps / (fermées + ouvertes en retard)) ; clock : business ou calendar ;
  # cohort : requêtes regroupées par mois de création (created) ou de fermeture (closed).
  default: { on_time_variant: V2, clock: business, cohort: created }
  # First match wins. match: theme (ids of data/themes.csv), category, borough, channel, nature; each a glob
  # (* any characters, ? one character; case and accents do not matter) or a list of globs.
  # due: "N business days", "N days", "N hours". target: the floor of the on-time rate.
  # example: true marks a rule that is not an adopted standard. A ticket that no rule matches has no target.
  # La première règle qui correspond s'applique. match : theme (identifiants de data/themes.csv), category, borough,
  # channel, nature ; chacun un motif (* toute suite de caractères, ? un caractère ; casse et accents indifférents)
  # ou une liste de motifs. due : "N jours ouvrables", "N jours", "N heures". target : le plancher du taux de respect.
  # example: true marque une règle qui n'est pas une norme adoptée. Une requête sans règle n'a pas de cible.
  rules:
    - name: { fr: Nids-de-poule, en: Potholes }   # one text, or a name per language
      match: { theme: roads_snow, category: "Nid*poule*" }
      due: "5 business days"
      target: 0.90
      example: true

# Optional: groups of boroughs that reports compare. / Facultatif : groupes d'arrondissements que les rapports comparent.
# borough_groups:
#   "Centre de services 311": [Anjou, Lachine, Verdun]
`;

/** `vigie standards init`: writes the starter file; refuses to overwrite without --force. */
export function runStandardsInit(o: StandardsInitOptions, io: Io): number {
  const m = msg(io.lang);
  const shown = o.out ?? DEFAULT_INIT_FILE;
  const path = resolve(io.cwd, shown);
  try {
    writeFileSync(path, STARTER, { flag: o.force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(EXIT.usage, 'standards.exists', m.stdInitExists(shown));
    throw new CliError(EXIT.runtime, 'standards.writeFailed', m.exportWriteFailed(shown, (e as Error).message), { cause: e });
  }
  io.stdout(m.stdInitWrote(shown) + '\n');
  return EXIT.ok;
}

/**
 * `vigie standards apply`: the store keeps each ticket's deadline under a standards file (src/store/ticket-facts.ts),
 * so that compliance reads them instead of computing them; `--remove` stops it. One transaction: a failure leaves the
 * store as it was.
 */
export async function runStandardsApply(o: StandardsApplyOptions, io: Io): Promise<number> {
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json'], lang);
  const s = o.remove ? null : loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang);
  const store = await openStore({ path: resolveStorePath(o.store, io.env, io.cwd), lang, lockWaitSeconds: lockWait(io) });
  try {
    const t0 = performance.now();
    await store.conn.run('BEGIN TRANSACTION');
    let had = false;
    let n = 0;
    try {
      had = (await factsState(store.conn)) !== null;
      if (s) n = await buildTicketFacts(store.conn, s, io.now());
      else await dropTicketFacts(store.conn);
      await store.conn.run('COMMIT');
    } catch (e) {
      await store.conn.run('ROLLBACK');
      throw e;
    }
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (out === 'json') {
      io.stdout(JSON.stringify(s ? { store: store.path, kept: true, tickets: n, standards: { file: s.file, sha256: s.sha256 } }
        : { store: store.path, kept: false, removed: had }, null, 2) + '\n');
    } else {
      io.stdout((s ? m.stdApplied(store.path, n, s.file, secs) : m.stdRemoved(store.path, had)) + '\n');
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}

export function makeStandardsCommand(ctx: Ctx): Command {
  const standards = new Command('standards')
    .description('check, show and start a standards file (targets, business calendar, ticket rules)')
    .addHelpText('after', `
Examples:
  vigie standards check my-standards.yaml
  vigie standards show --year 2018
  vigie standards init --out my-standards.yaml`);
  standards.addCommand(new Command('check')
    .description('check a standards file and summarise it (exit 2 with the first problem)')
    .argument('<file>', 'standards file (YAML or JSON)')
    .option('--output <format>', 'table or json', 'table')
    .option('--json', 'short for --output json')
    .addHelpText('after', `
Examples:
  vigie standards check data/standards/montreal.yaml
  vigie standards check --json my-standards.yaml`)
    .action((file: string, opts: Omit<StandardsCheckOptions, 'file'>) => {
      ctx.setExit(runStandardsCheck({ ...opts, file }, ctx.io()));
    }));
  standards.addCommand(new Command('show')
    .description('print the resolved standards for sign-off: targets, business hours, days off of a year, ticket rules')
    .option('--standards <file>', 'standards file (default: the shipped Montréal standards)')
    .option('--year <year>', "year of the days off (default: the current year in the file's time zone)")
    .option('--output <format>', 'table or json', 'table')
    .option('--json', 'short for --output json')
    .addHelpText('after', `
Examples:
  vigie standards show --year 2018
  vigie standards show --standards my-standards.yaml --json`)
    .action((opts: StandardsShowOptions) => {
      ctx.setExit(runStandardsShow(opts, ctx.io()));
    }));
  standards.addCommand(new Command('init')
    .description('write a commented starter standards file (English and French comments)')
    .option('--out <file>', `file to write (default ${DEFAULT_INIT_FILE})`)
    .option('--force', 'overwrite the file if it exists')
    .addHelpText('after', `
Examples:
  vigie standards init
  vigie standards init --out ottawa.yaml && vigie standards check ottawa.yaml`)
    .action((opts: StandardsInitOptions) => {
      ctx.setExit(runStandardsInit(opts, ctx.io()));
    }));
  standards.addCommand(new Command('apply')
    .description("keep each ticket's deadline under a standards file in the store, so that compliance reads them instead of computing them")
    .option('--standards <file>', 'standards file (default: the shipped Montréal standards)')
    .option('--store <path>', 'store file (default ./data/vigie.duckdb, or VIGIE_STORE)')
    .option('--remove', 'stop keeping deadlines: compliance computes them at each query')
    .option('--output <format>', 'table or json', 'table')
    .option('--json', 'short for --output json')
    .addHelpText('after', `
Compliance reads the kept deadlines only when it runs under the same zone, calendar, clock and rules, on the store
as it is (no --as-of); otherwise it computes them. Every tickets import keeps them up to date.

Examples:
  vigie standards apply --store data/vigie.duckdb
  vigie standards apply --standards my-standards.yaml --json
  vigie standards apply --remove`)
    .action(async (opts: StandardsApplyOptions) => {
      ctx.setExit(await runStandardsApply(opts, ctx.io()));
    }));
  return standards;
}
