/**
 * The standards file: YAML or JSON, checked with messages that name the file, the key path
 * (`tickets.rules[2].due`), the value and what is allowed. It holds the city, locale, zone and `min_n`, the call
 * standards, the business calendar, the ticket rules (first match wins), optional borough groups and the optional
 * thresholds of validate's drift checks (`drift:`, see DriftStandards).
 * Precedence: defaults < file < flags.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { isValidZone } from '../time/zone.ts';
import { DEFAULT_CALENDAR, type CalendarSpec, type DaySpec, type DueSpec, type OpeningSpan } from '../time/calendar-spec.ts';
import { SERVICE_LEVEL_VARIANTS, type ServiceLevelVariant } from '../metrics/service-level.ts';
import type { Boundary } from '../metrics/threshold.ts';
import { ON_TIME_VARIANTS, type OnTimeVariant } from '../metrics/on-time.ts';
import type { Channel, Nature } from '../formats/types.ts';
import { loadThemes } from './themes.ts';
import { resolveBorough } from './boroughs.ts';

export const DEFAULT_STANDARDS = fileURLToPath(new URL('../../data/standards/montreal.yaml', import.meta.url));

export interface CallStandards {
  service_level: { threshold_seconds: number; boundary: Boundary; target: number | null; variant: ServiceLevelVariant };
  abandonment: { max: number | null; short_abandon_seconds: number };
  long_wait: { seconds: number; max_share: number | null };
  /** The staffing what-if's defaults: the share of paid time not on the phones, and an agent-hour's cost (null: none). */
  staffing: { shrinkage: number; hourly_cost: number | null; currency: string | null };
}

/** The clock of a delay in hours: business hours of the calendar, or elapsed (calendar) time. */
export type TicketClock = 'business' | 'calendar';
/** How tickets are grouped into periods: by month of creation (default) or of close. */
export type TicketCohort = 'created' | 'closed';

/** The ticket fields a rule can match on, in the order labels show them. */
export const MATCH_KEYS = ['theme', 'category', 'borough', 'channel', 'nature'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

/**
 * What a rule matches: for each key given, a list of globs (`*` any run of characters, `?` one character), any of
 * which may match; a key not given matches every ticket. A non-glob theme is a theme id and a non-glob borough the
 * canonical name it resolves to, whatever spelling the file used.
 */
export type TicketMatch = { [K in MatchKey]?: string[] };

/** A rule of `tickets.rules`, in file order. */
export interface TicketRule {
  /** Position in `tickets.rules`, 0-based as in the key paths of error messages (`tickets.rules[0]`). */
  index: number;
  match: TicketMatch;
  due: DueSpec;
  /** The delay as the file writes it (`5 business days`), for display. */
  due_text: string;
  /** The floor of the on-time rate, a fraction 0–1; null: measured without a target. */
  target: number | null;
  /** An illustration, not an adopted standard: banners on outputs, ignored by `--fail-on-breach` by default. */
  example: boolean;
  /** The rule's `name:` (one text, or the French one of `{ fr, en }`), else its match values (`roads_snow / Nid*poule*`). */
  label: string;
  /** The rule's name in each language: `name: { fr: Nids-de-poule, en: Potholes }`, or one text for both. */
  labels: { fr: string; en: string };
}

export interface TicketDefaults {
  /** The on-time formula V1–V4 (src/metrics/on-time.ts, docs/methods.md §2.2); default V2. */
  on_time_variant: OnTimeVariant;
  clock: TicketClock;
  cohort: TicketCohort;
}

export interface TicketStandards {
  default: TicketDefaults;
  rules: TicketRule[];
}

/** A named set of boroughs that reports compare with the others (canonical names, file order). */
export interface BoroughGroup {
  name: string;
  boroughs: string[];
}

/** What a drift check raises: a warning (default), an error (validate exits 2, so that CI fails) or nothing. */
export type DriftSeverity = 'warning' | 'error' | 'off';
export const DRIFT_SEVERITIES: readonly DriftSeverity[] = ['warning', 'error', 'off'];

/**
 * `drift:` — what `vigie validate --store` compares between a drop and the store (src/store/drift.ts). Every key is
 * optional; the defaults are below (DEFAULT_DRIFT).
 * - `columns`: the drop's header against the header of the previous drop of the same source and format (columns
 *   missing, added, or renamed: one missing and one added with a similar name or at the same position).
 * - `volume`: rows per day in the drop's newest month (the newest one it covers for at least 7 days) against the month
 *   before (`month`, a band: 0.30 is ±30 %) and the same month a year earlier (`year`); null skips that comparison.
 *   A comparison whose earlier month has fewer than `min_rows` rows is skipped.
 * - `unknown_borough`, `unmapped_category`: the share of such rows in the drop's newest month against their share in
 *   the stored rows of the source before that month; raised when it rises by more than `max_rise` (0.05: 5 points).
 *   Skipped when either side has fewer than `min_rows` rows.
 */
export interface DriftStandards {
  columns: { severity: DriftSeverity };
  volume: { month: number | null; year: number | null; min_rows: number; severity: DriftSeverity };
  unknown_borough: { max_rise: number; min_rows: number; severity: DriftSeverity };
  unmapped_category: { max_rise: number; min_rows: number; severity: DriftSeverity };
}

export const DEFAULT_DRIFT: DriftStandards = {
  columns: { severity: 'warning' },
  volume: { month: 0.30, year: 0.50, min_rows: 100, severity: 'warning' },
  unknown_borough: { max_rise: 0.05, min_rows: 100, severity: 'warning' },
  unmapped_category: { max_rise: 0.05, min_rows: 100, severity: 'warning' },
};

export interface Standards {
  file: string;
  sha256: string;
  city: string;
  locale: string;
  timezone: string;
  min_n: number;
  calls: CallStandards;
  calendar: CalendarSpec;
  tickets: TicketStandards;
  borough_groups: BoroughGroup[];
  drift: DriftStandards;
}

/** vigie's defaults when a file says nothing: within T is `<=` (docs/methods.md §1.2), F3, no targets, V2 by created month. */
const DEFAULTS: Omit<Standards, 'file' | 'sha256'> = {
  city: '', locale: 'fr-CA', timezone: 'America/Toronto', min_n: 30,
  calls: {
    service_level: { threshold_seconds: 100, boundary: '<=', target: null, variant: 'F3' },
    abandonment: { max: null, short_abandon_seconds: 0 },
    long_wait: { seconds: 1500, max_share: null },
    staffing: { shrinkage: 0.3, hourly_cost: null, currency: null },
  },
  calendar: DEFAULT_CALENDAR,
  tickets: { default: { on_time_variant: 'V2', clock: 'business', cohort: 'created' }, rules: [] },
  borough_groups: [],
  drift: DEFAULT_DRIFT,
};

const TOP = ['city', 'locale', 'timezone', 'min_n', 'calendar', 'calls', 'tickets', 'borough_groups', 'drift'];

/** Weekday keys of `business_hours`, ISO order (index 0 = Monday, as in CalendarSpec). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const CHANNELS: readonly Channel[] = ['phone', 'email', 'web', 'mobile', 'in_person', 'social', 'mail', 'fax', 'other', 'unknown'];
const NATURES: readonly Nature[] = ['request', 'information', 'complaint', 'comment'];

/** The largest n of a delay: beyond it a deadline says nothing useful and would only slow the business-time engine. */
const MAX_DUE = 10_000;

/**
 * Parses a delay as the standards file writes it, English or French, case-insensitive, n a whole number from 1 to
 * 10 000: `5 business days`, `1 business day`, `5 jours ouvrables` (also `ouvrés`) → business days; `30 days`,
 * `30 jours` → days; `48 hours`, `48 heures` → hours. Returns null for anything else. See {@link DueSpec} for what
 * each unit means.
 */
export function parseDue(text: string): DueSpec | null {
  const mt = /^\s*(\d+)\s+(business\s+days?|jours?\s+ouvrables?|jours?\s+ouvr[ée]s?|days?|jours?|hours?|heures?)\s*$/iu.exec(text);
  if (!mt) return null;
  const n = Number(mt[1]);
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_DUE) return null;
  const word = mt[2]!.toLowerCase();
  const unit: DueSpec['unit'] = /^(business|jours?\s+ouvr)/u.test(word) ? 'business_days'
    : /^(days?|jours?)$/u.test(word) ? 'days' : 'hours';
  return { n, unit };
}

/** Case, accents (NFD, combining marks stripped), `œ`/`æ`, dashes, typographic apostrophes and spaces folded. */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function isGlob(s: string): boolean {
  return /[*?]/.test(s);
}

/** An anchored RegExp for a folded glob: `*` any run of characters (also none), `?` one character. */
function globRegExp(pattern: string): RegExp {
  let src = '';
  for (const ch of fold(pattern)) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'su');
}

/** The ticket fields a compiled rule set reads; null is a missing value. */
export type TicketKeys = { [K in MatchKey]: string | null };

const MEMO_LIMIT = 100_000;

/**
 * Compiles ticket rules into a matcher: the FIRST rule whose every key matches wins; null when none matches (the
 * ticket has no target, `no_target`). A key matches when any of its globs matches the WHOLE field, both folded alike
 * (case, accents, dashes, apostrophes and spaces do not matter); a null field matches only `*` (or `**`…). A
 * Montréal ticket without a nature is a request: callers pass `'request'`, not null. Results are memoised.
 */
export function compileTicketRules<R extends Pick<TicketRule, 'match'>>(rules: readonly R[]): (t: TicketKeys) => R | null {
  const compiled = rules.map((r) => MATCH_KEYS.flatMap((k) => {
    const globs = r.match[k];
    if (globs === undefined) return [];
    return [{ key: k, any: globs.map((g) => ({ star: /^\*+$/.test(fold(g)), re: globRegExp(g) })) }];
  }));
  const memo = new Map<string, number>();
  return (t) => {
    const memoKey = MATCH_KEYS.map((k) => (t[k] === null || t[k] === undefined ? '\u0001' : t[k])).join('\u0000');
    let found = memo.get(memoKey);
    if (found === undefined) {
      const folded = Object.fromEntries(MATCH_KEYS.map((k) => [k, t[k] === null || t[k] === undefined ? null : fold(t[k])]));
      found = compiled.findIndex((conds) => conds.every((c) => {
        const v = folded[c.key];
        return c.any.some((g) => (v === null || v === undefined ? g.star : g.re.test(v)));
      }));
      if (memo.size < MEMO_LIMIT) memo.set(memoKey, found);
    }
    return found < 0 ? null : rules[found]!;
  };
}

/** `HH:MM` (00:00–24:00) → minutes after midnight, or null. */
function clock(s: string): number | null {
  const mt = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!mt) return null;
  const [h, mi] = [Number(mt[1]), Number(mt[2])];
  if (mi > 59 || h > 24 || (h === 24 && mi > 0)) return null;
  return h * 60 + mi;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** An opening span as the file writes it: `08:30-16:30`. */
export function formatSpan(s: OpeningSpan): string {
  return `${hhmm(s.open)}-${hhmm(s.close)}`;
}

/** A fixed day off as the file writes it: `12-26` (every year) or `2019-04-23`. */
export function formatDaySpec(d: DaySpec): string {
  const md = `${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  return d.year === undefined ? md : `${d.year}-${md}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `MM-DD` (29 February allowed: it applies in leap years) or `YYYY-MM-DD` (a real date, 1900–2199), or null. */
function parseDaySpec(s: string): DaySpec | null {
  let mt = /^(\d{2})-(\d{2})$/.exec(s.trim());
  if (mt) {
    const [month, day] = [Number(mt[1]), Number(mt[2])];
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2000, month) ? { month, day } : null;
  }
  mt = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!mt) return null;
  const [year, month, day] = [Number(mt[1]), Number(mt[2]), Number(mt[3])];
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** A rule's `name:`: one non-empty text for both languages, or `{ fr, en }` with both; undefined → null. */
function ruleNames(v: unknown, key: string, expected: string, bad: (key: string, value: unknown, allowed: string) => Error):
  { fr: string; en: string } | null {
  if (v === undefined) return null;
  if (typeof v === 'string' && v.trim()) return { fr: v.trim(), en: v.trim() };
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const extra = Object.keys(o).find((k) => k !== 'fr' && k !== 'en');
    if (extra !== undefined) throw bad(`${key}.${extra}`, o[extra], expected);
    if (typeof o.fr === 'string' && o.fr.trim() && typeof o.en === 'string' && o.en.trim()) return { fr: o.fr.trim(), en: o.en.trim() };
  }
  throw bad(key, v, expected);
}

/**
 * Reads a standards file (`file`, or the shipped Montréal standards) and checks it. Throws CliError(2,
 * 'standards.unreadable') when it cannot be read, CliError(2, 'standards.invalid') naming the file, the key path,
 * the value and what is allowed at the first problem found.
 */
export function loadStandards(file: string | undefined, lang: Lang): Standards {
  const path = file ?? DEFAULT_STANDARDS;
  const m = msg(lang);
  const x = m.stdExpected;
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (e) {
    throw new CliError(EXIT.usage, 'standards.unreadable', m.fileUnreadable(path, (e as Error).message));
  }
  let raw: unknown;
  try {
    raw = parseYaml(text.toString('utf8'));
  } catch (e) {
    throw new CliError(EXIT.usage, 'standards.invalid', m.badStandards(path, '(YAML)', (e as Error).message.split('\n')[0] ?? '', x.yaml));
  }
  const show = (value: unknown) => (value === undefined ? m.stdMissing : JSON.stringify(value) ?? String(value));
  const bad = (key: string, value: unknown, allowed: string) =>
    new CliError(EXIT.usage, 'standards.invalid', m.badStandards(path, key, show(value), allowed));
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('(top level)', raw, x.mapping);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!TOP.includes(k)) throw bad(k, o[k], x.oneOf(TOP));
  const s: Omit<Standards, 'file' | 'sha256'> = structuredClone(DEFAULTS);
  if (o.city !== undefined) s.city = typeof o.city === 'string' ? o.city : (() => { throw bad('city', o.city, x.name); })();
  if (o.locale !== undefined) {
    if (typeof o.locale !== 'string' || !/^(fr|en)(-[A-Z]{2})?$/.test(o.locale)) throw bad('locale', o.locale, x.locale);
    s.locale = o.locale;
  }
  if (o.timezone !== undefined) {
    if (typeof o.timezone !== 'string' || !isValidZone(o.timezone)) throw bad('timezone', o.timezone, x.zone);
    s.timezone = o.timezone;
  }
  if (o.min_n !== undefined) {
    if (!Number.isInteger(o.min_n) || (o.min_n as number) < 1) throw bad('min_n', o.min_n, x.minN);
    s.min_n = o.min_n as number;
  }
  const section = (obj: unknown, key: string, keys: string[]): Record<string, unknown> => {
    if (obj === undefined || obj === null) return {};
    if (typeof obj !== 'object' || Array.isArray(obj)) throw bad(key, obj, x.mappingOf(keys));
    for (const k of Object.keys(obj)) if (!keys.includes(k)) throw bad(`${key}.${k}`, (obj as Record<string, unknown>)[k], x.oneOf(keys));
    return obj as Record<string, unknown>;
  };
  const fraction = (v: unknown, key: string): number => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw bad(key, v, x.fraction);
    return v;
  };
  const seconds = (v: unknown, key: string): number => {
    if (typeof v !== 'number' || !(v >= 0)) throw bad(key, v, x.seconds);
    return v;
  };
  const choice = <T extends string>(v: unknown, key: string, allowed: readonly T[]): T => {
    if (!(allowed as readonly unknown[]).includes(v)) throw bad(key, v, x.oneOf([...allowed]));
    return v as T;
  };

  // calls
  const calls = section(o.calls, 'calls', ['service_level', 'abandonment', 'long_wait', 'staffing']);
  const sl = section(calls.service_level, 'calls.service_level', ['threshold_seconds', 'boundary', 'target', 'variant']);
  if (sl.threshold_seconds !== undefined) s.calls.service_level.threshold_seconds = seconds(sl.threshold_seconds, 'calls.service_level.threshold_seconds');
  if (sl.boundary !== undefined) {
    if (sl.boundary !== '<' && sl.boundary !== '<=') throw bad('calls.service_level.boundary', sl.boundary, x.boundary);
    s.calls.service_level.boundary = sl.boundary;
  }
  if (sl.target !== undefined) s.calls.service_level.target = fraction(sl.target, 'calls.service_level.target');
  if (sl.variant !== undefined) {
    if (!(SERVICE_LEVEL_VARIANTS as readonly unknown[]).includes(sl.variant)) throw bad('calls.service_level.variant', sl.variant, SERVICE_LEVEL_VARIANTS.join(', '));
    s.calls.service_level.variant = sl.variant as ServiceLevelVariant;
  }
  const ab = section(calls.abandonment, 'calls.abandonment', ['max', 'short_abandon_seconds']);
  if (ab.max !== undefined) s.calls.abandonment.max = fraction(ab.max, 'calls.abandonment.max');
  if (ab.short_abandon_seconds !== undefined) s.calls.abandonment.short_abandon_seconds = seconds(ab.short_abandon_seconds, 'calls.abandonment.short_abandon_seconds');
  const lw = section(calls.long_wait, 'calls.long_wait', ['seconds', 'max_share']);
  if (lw.seconds !== undefined) s.calls.long_wait.seconds = seconds(lw.seconds, 'calls.long_wait.seconds');
  if (lw.max_share !== undefined) s.calls.long_wait.max_share = fraction(lw.max_share, 'calls.long_wait.max_share');
  const sf = section(calls.staffing, 'calls.staffing', ['shrinkage', 'hourly_cost', 'currency']);
  if (sf.shrinkage !== undefined) {
    if (typeof sf.shrinkage !== 'number' || !(sf.shrinkage >= 0 && sf.shrinkage < 1)) throw bad('calls.staffing.shrinkage', sf.shrinkage, x.shrinkage);
    s.calls.staffing.shrinkage = sf.shrinkage;
  }
  if (sf.hourly_cost !== undefined) {
    if (typeof sf.hourly_cost !== 'number' || !(sf.hourly_cost >= 0)) throw bad('calls.staffing.hourly_cost', sf.hourly_cost, x.cost);
    s.calls.staffing.hourly_cost = sf.hourly_cost;
  }
  if (sf.currency !== undefined) {
    if (typeof sf.currency !== 'string' || !/^[A-Z]{3}$/.test(sf.currency)) throw bad('calls.staffing.currency', sf.currency, x.currency);
    s.calls.staffing.currency = sf.currency;
  }
  if (s.calls.abandonment.short_abandon_seconds > s.calls.service_level.threshold_seconds) {
    throw bad('calls.abandonment.short_abandon_seconds', s.calls.abandonment.short_abandon_seconds, x.shortAbandon);
  }

  // calendar
  const cal = section(o.calendar, 'calendar', ['business_hours', 'holidays', 'add', 'remove']);
  if (cal.business_hours !== undefined && cal.business_hours !== null) {
    const key = 'calendar.business_hours';
    const bh = cal.business_hours;
    if (typeof bh !== 'object' || Array.isArray(bh)) throw bad(key, bh, x.mappingOf(['mon-fri', 'sat', 'sun']));
    const hours: OpeningSpan[][] = WEEKDAYS.map(() => []);
    const givenBy = new Map<number, string>();
    for (const [days, value] of Object.entries(bh as Record<string, unknown>)) {
      const dayKey = `${key}.${days}`;
      const list = weekdayKeys(days);
      if (list === null) throw bad(dayKey, days, x.weekdays);
      for (const d of list) {
        const other = givenBy.get(d);
        if (other !== undefined) throw bad(dayKey, days, x.weekdayOnce(WEEKDAYS[d]!, other));
        givenBy.set(d, days);
      }
      const spans = openingSpans(value, dayKey);
      for (const d of list) hours[d] = spans.map((sp) => ({ ...sp }));
    }
    s.calendar.business_hours = hours;
  }
  if (cal.holidays !== undefined) {
    const h = typeof cal.holidays === 'string' ? fold(cal.holidays) : null;
    if (h !== 'quebec' && h !== 'none') throw bad('calendar.holidays', cal.holidays, x.holidays);
    s.calendar.holidays = h;
  }
  const dayList = (v: unknown, key: string): DaySpec[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw bad(key, v, x.dates);
    const seen = new Set<string>();
    return v.map((item: unknown, i) => {
      const spec = typeof item === 'string' ? parseDaySpec(item) : null;
      if (spec === null) throw bad(`${key}[${i}]`, item, x.date);
      const canonical = formatDaySpec(spec);
      if (seen.has(canonical)) throw bad(`${key}[${i}]`, item, x.dateOnce);
      seen.add(canonical);
      return spec;
    });
  };
  s.calendar.add = dayList(cal.add, 'calendar.add');
  s.calendar.remove = dayList(cal.remove, 'calendar.remove');
  const added = new Set(s.calendar.add.map(formatDaySpec));
  s.calendar.remove.forEach((d, i) => {
    if (added.has(formatDaySpec(d))) throw bad(`calendar.remove[${i}]`, formatDaySpec(d), x.addRemove('calendar.add'));
  });

  // tickets
  const tk = section(o.tickets, 'tickets', ['default', 'rules']);
  const def = section(tk.default, 'tickets.default', ['on_time_variant', 'clock', 'cohort']);
  if (def.on_time_variant !== undefined) s.tickets.default.on_time_variant = choice(def.on_time_variant, 'tickets.default.on_time_variant', ON_TIME_VARIANTS);
  if (def.clock !== undefined) s.tickets.default.clock = choice(def.clock, 'tickets.default.clock', ['business', 'calendar'] as const);
  if (def.cohort !== undefined) s.tickets.default.cohort = choice(def.cohort, 'tickets.default.cohort', ['created', 'closed'] as const);
  if (tk.rules !== undefined && tk.rules !== null) {
    if (!Array.isArray(tk.rules)) throw bad('tickets.rules', tk.rules, x.rules);
    const themeIds = loadThemes().map((t) => t.id);
    s.tickets.rules = tk.rules.map((r: unknown, index) => {
      const key = `tickets.rules[${index}]`;
      if (r === null || typeof r !== 'object' || Array.isArray(r)) throw bad(key, r, x.rules);
      const rule = section(r, key, ['name', 'match', 'due', 'target', 'example']);
      const match = ticketMatch(rule.match, `${key}.match`, themeIds);
      if (typeof rule.due !== 'string') throw bad(`${key}.due`, rule.due, x.due);
      const due = parseDue(rule.due);
      if (due === null) throw bad(`${key}.due`, rule.due, x.due);
      const target = rule.target === undefined || rule.target === null ? null : fraction(rule.target, `${key}.target`);
      if (rule.example !== undefined && typeof rule.example !== 'boolean') throw bad(`${key}.example`, rule.example, x.boolean);
      const labels = ruleNames(rule.name, `${key}.name`, x.ruleName, bad)
        ?? (() => { const t = MATCH_KEYS.flatMap((k) => (match[k] ? [match[k].join('|')] : [])).join(' / '); return { fr: t, en: t }; })();
      return { index, match, due, due_text: rule.due.trim().replace(/\s+/g, ' '), target, example: rule.example === true, label: labels.fr,
        labels };
    });
  }

  // borough groups
  if (o.borough_groups !== undefined && o.borough_groups !== null) {
    const bg = o.borough_groups;
    if (typeof bg !== 'object' || Array.isArray(bg)) throw bad('borough_groups', bg, x.groups);
    s.borough_groups = Object.entries(bg as Record<string, unknown>).map(([name, list]) => {
      const key = `borough_groups.${name}`;
      if (!name.trim()) throw bad('borough_groups', name, x.groups);
      if (!Array.isArray(list) || list.length === 0) throw bad(key, list, x.groupBoroughs);
      const boroughs: string[] = [];
      list.forEach((b: unknown, i) => {
        const canonical = typeof b === 'string' ? resolveBorough(b) : null;
        if (canonical === null) throw bad(`${key}[${i}]`, b, x.boroughName);
        if (boroughs.includes(canonical)) throw bad(`${key}[${i}]`, b, x.boroughOnce(canonical));
        boroughs.push(canonical);
      });
      return { name, boroughs };
    });
  }
  // drift (vigie validate --store)
  const dr = section(o.drift, 'drift', ['columns', 'volume', 'unknown_borough', 'unmapped_category']);
  const severity = (v: unknown, key: string): DriftSeverity => choice(v, key, DRIFT_SEVERITIES);
  const minRows = (v: unknown, key: string): number => {
    if (!Number.isInteger(v) || (v as number) < 1) throw bad(key, v, x.minN);
    return v as number;
  };
  const dc = section(dr.columns, 'drift.columns', ['severity']);
  if (dc.severity !== undefined) s.drift.columns.severity = severity(dc.severity, 'drift.columns.severity');
  const dv = section(dr.volume, 'drift.volume', ['month', 'year', 'min_rows', 'severity']);
  for (const k of ['month', 'year'] as const) {
    const v = dv[k];
    if (v === undefined) continue;
    if (v !== null && (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))) throw bad(`drift.volume.${k}`, v, x.band);
    s.drift.volume[k] = v;
  }
  if (dv.min_rows !== undefined) s.drift.volume.min_rows = minRows(dv.min_rows, 'drift.volume.min_rows');
  if (dv.severity !== undefined) s.drift.volume.severity = severity(dv.severity, 'drift.volume.severity');
  for (const check of ['unknown_borough', 'unmapped_category'] as const) {
    const key = `drift.${check}`;
    const ds = section(dr[check], key, ['max_rise', 'min_rows', 'severity']);
    if (ds.max_rise !== undefined) s.drift[check].max_rise = fraction(ds.max_rise, `${key}.max_rise`);
    if (ds.min_rows !== undefined) s.drift[check].min_rows = minRows(ds.min_rows, `${key}.min_rows`);
    if (ds.severity !== undefined) s.drift[check].severity = severity(ds.severity, `${key}.severity`);
  }
  return { file: path, sha256: createHash('sha256').update(text).digest('hex'), ...s };

  /** `mon`, `mon-fri`, `mon,wed`, `mon-wed, fri` → ISO weekday indexes, or null. */
  function weekdayKeys(spec: string): number[] | null {
    const out: number[] = [];
    for (const part of spec.split(',').map((p) => p.trim().toLowerCase())) {
      const mt = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?$/.exec(part);
      if (!mt) return null;
      const from = WEEKDAYS.indexOf(mt[1] as (typeof WEEKDAYS)[number]);
      const to = mt[2] === undefined ? from : WEEKDAYS.indexOf(mt[2] as (typeof WEEKDAYS)[number]);
      if (from < 0 || to < 0 || to < from) return null;
      for (let d = from; d <= to; d++) if (!out.includes(d)) out.push(d);
    }
    return out;
  }

  /** `closed`, `"08:30-16:30"`, `["08:30-12:00", "13:00-16:30"]` → sorted spans; overlaps and open ≥ close rejected. */
  function openingSpans(value: unknown, key: string): OpeningSpan[] {
    if (typeof value === 'string' && ['closed', 'ferme'].includes(fold(value))) return [];
    const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : null;
    if (items === null) throw bad(key, value, x.hours);
    const spans = items.map((item: unknown, i) => {
      const where = Array.isArray(value) ? `${key}[${i}]` : key;
      const mt = typeof item === 'string' ? /^\s*(\d{1,2}:\d{2})\s*[-\u2013]\s*(\d{1,2}:\d{2})\s*$/.exec(item) : null;
      if (!mt) throw bad(where, item, x.hours);
      const [open, close] = [clock(mt[1]!), clock(mt[2]!)];
      if (open === null || close === null || open >= close || open >= 24 * 60) throw bad(where, item, x.openBeforeClose);
      return { open, close };
    }).sort((a, b) => a.open - b.open);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i]!.open < spans[i - 1]!.close) throw bad(key, value, x.noOverlap(formatSpan(spans[i - 1]!), formatSpan(spans[i]!)));
    }
    return spans;
  }

  /** A rule's `match:` mapping: globs or lists of globs per key; themes, boroughs, channels and natures checked. */
  function ticketMatch(v: unknown, key: string, themeIds: string[]): TicketMatch {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) throw bad(key, v, x.match);
    const given = section(v, key, [...MATCH_KEYS]);
    const match: TicketMatch = {};
    for (const k of MATCH_KEYS) {
      const raw = given[k];
      if (raw === undefined) continue;
      const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.length > 0 ? (raw as unknown[]) : null;
      if (list === null) throw bad(`${key}.${k}`, raw, x.globs);
      match[k] = list.map((g, i) => {
        const where = Array.isArray(raw) ? `${key}.${k}[${i}]` : `${key}.${k}`;
        if (typeof g !== 'string' || !fold(g)) throw bad(where, g, x.globs);
        const pattern = g.trim();
        const known = k === 'theme' ? themeIds : k === 'channel' ? CHANNELS : k === 'nature' ? NATURES : null;
        if (known !== null) {
          // a theme, channel or nature is a closed list: a pattern must name a value of it, or match at least one
          const re = globRegExp(pattern);
          const hit = isGlob(pattern) ? known.some((id) => re.test(fold(id))) : known.find((id) => fold(id) === fold(pattern));
          if (!hit) throw bad(where, g, k === 'theme' ? x.theme(themeIds) : x.oneOfOrGlob(k, [...known]));
          return typeof hit === 'string' ? hit : pattern;
        }
        if (k === 'borough' && !isGlob(pattern)) {
          const canonical = resolveBorough(pattern);
          if (canonical === null) throw bad(where, g, x.borough);
          return canonical;
        }
        return pattern;
      });
    }
    return match;
  }
}
