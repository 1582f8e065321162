/**
 * What `vigie standards check` and `show` print: the one-paragraph summary of a valid file, the resolved standards of
 * one year for sign-off (call targets, business hours, days off, ticket rules, borough groups), and the JSON of both.
 */
import { msg, type Lang, type Messages } from '../messages.ts';
import type { Standards } from '../standards/standards.ts';
import { formatDaySpec, formatSpan, WEEKDAYS } from '../standards/sections/calendar.ts';
import type { Holiday } from '../time/holidays.ts';
import { table } from './table.ts';

/** A fraction as a percentage for the screen: `80 %`, `92,5 %` in French. */
function pct(v: number, lang: Lang): string {
  const s = String(Math.round(v * 1000) / 10);
  return `${lang === 'fr' ? s.replace('.', ',') : s} %`;
}

/**
 * The standards as JSON: the loaded values, except the calendar, written as the file writes it (`"08:30-16:30"`
 * per weekday key, days off as `MM-DD` / `YYYY-MM-DD`) so that a reader can compare it with the file.
 */
export function standardsJson(s: Standards) {
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

/** The ISO weekday (0 = Monday) of a `YYYY-MM-DD` date. */
function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** `check`'s one paragraph on a valid file (`shown`: the file as the user named it), without the final newline. */
export function standardsSummary(s: Standards, shown: string, lang: Lang): string {
  const m = msg(lang);
  const d = s.tickets.default;
  const tickets = m.stdTickets(s.tickets.rules.length, s.tickets.rules.filter((r) => r.example).length, d.on_time_variant, d.clock, d.cohort);
  const calendar = `${hoursSummary(s, m)}${m.stdSep}${holidaysSummary(s, m)}`;
  return m.stdValid(shown, s.city, s.timezone, callLines(s, lang, m).join(m.stdSep), calendar, tickets, s.borough_groups.length);
}

/** `show`'s text: the resolved standards with the days off of `year` (`holidays`), without the final newline. */
export function standardsShowText(s: Standards, year: number, holidays: Holiday[], lang: Lang, color: boolean): string {
  const m = msg(lang);
  const c = m.stdCol;
  const day = (d: number) => m.weekdays[d] ?? WEEKDAYS[d]!;
  const parts: string[] = [m.stdShowFile(s.file, s.sha256), m.stdShowCity(s.city, s.locale, s.timezone, s.min_n)];

  parts.push('', m.stdShowCalls, ...callLines(s, lang, m).map((l) => `  ${l}`));

  parts.push('', m.stdShowHours(s.timezone));
  parts.push(table([c.day!, c.hours!], WEEKDAYS.map((_, i) => [day(i), daySpans(s, i, m)]), color));

  parts.push('', m.stdShowHolidays(year, holidays.length, holidaysSummary(s, m)));
  if (holidays.length) {
    parts.push(table([c.date!, c.weekday!, c.nameFr!, c.nameEn!, c.origin!, c.note!], holidays.map((h) => [
      h.date, day(weekdayOf(h.date)), h.name.fr, h.name.en, m.stdOrigin[h.origin] ?? h.origin,
      h.moved_from === undefined ? '' : m.stdMoved(h.moved_from, day(weekdayOf(h.moved_from))),
    ]), color));
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
    ]), color));
    const examples = s.tickets.rules.filter((r) => r.example).length;
    if (examples) parts.push(m.stdExamples(examples));
  }

  if (s.borough_groups.length) {
    parts.push('', m.stdShowGroups);
    parts.push(table([c.group!, c.boroughs!], s.borough_groups.map((g) => [g.name, g.boroughs.join(', ')]), color));
  }
  return parts.join('\n');
}
