/**
 * The `tickets:` section of a standards file: the defaults of on-time rates (formula, clock, cohort) and the ticket
 * rules, first match wins, each with what it matches, its delay (`due:`) and its target.
 */
import type { Channel, Nature } from '../../formats/types.ts';
import { ON_TIME_VARIANTS, type OnTimeVariant } from '../../metrics/on-time.ts';
import type { DueSpec } from '../../time/calendar-spec.ts';
import { resolveBorough } from '../boroughs.ts';
import { fold, globRegExp, isGlob } from '../glob.ts';
import { loadThemes } from '../themes.ts';
import type { Checker } from './check.ts';

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

/** A rule's `name:`: one non-empty text for both languages, or `{ fr, en }` with both; undefined → null. */
function ruleNames(v: unknown, key: string, { x, bad }: Checker): { fr: string; en: string } | null {
  if (v === undefined) return null;
  if (typeof v === 'string' && v.trim()) return { fr: v.trim(), en: v.trim() };
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const extra = Object.keys(o).find((k) => k !== 'fr' && k !== 'en');
    if (extra !== undefined) throw bad(`${key}.${extra}`, o[extra], x.ruleName);
    if (typeof o.fr === 'string' && o.fr.trim() && typeof o.en === 'string' && o.en.trim()) return { fr: o.fr.trim(), en: o.en.trim() };
  }
  throw bad(key, v, x.ruleName);
}

/** A rule's `match:` mapping: globs or lists of globs per key; themes, boroughs, channels and natures checked. */
function ticketMatch(v: unknown, key: string, themeIds: string[], c: Checker): TicketMatch {
  const { x, bad } = c;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) throw bad(key, v, x.match);
  const given = c.section(v, key, [...MATCH_KEYS]);
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

/** `tickets.rules[index]` checked: its match, delay, target, example flag and names. */
function ticketRule(r: unknown, index: number, themeIds: string[], c: Checker): TicketRule {
  const { x, bad } = c;
  const key = `tickets.rules[${index}]`;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw bad(key, r, x.rules);
  const rule = c.section(r, key, ['name', 'match', 'due', 'target', 'example']);
  const match = ticketMatch(rule.match, `${key}.match`, themeIds, c);
  if (typeof rule.due !== 'string') throw bad(`${key}.due`, rule.due, x.due);
  const due = parseDue(rule.due);
  if (due === null) throw bad(`${key}.due`, rule.due, x.due);
  const target = rule.target === undefined || rule.target === null ? null : c.fraction(rule.target, `${key}.target`);
  if (rule.example !== undefined && typeof rule.example !== 'boolean') throw bad(`${key}.example`, rule.example, x.boolean);
  const labels = ruleNames(rule.name, `${key}.name`, c)
    ?? (() => { const t = MATCH_KEYS.flatMap((k) => (match[k] ? [match[k].join('|')] : [])).join(' / '); return { fr: t, en: t }; })();
  return { index, match, due, due_text: rule.due.trim().replace(/\s+/g, ' '), target, example: rule.example === true, label: labels.fr,
    labels };
}

/** Checks `tickets:` and writes what it gives into `into` (the defaults, no rules). */
export function checkTickets(raw: unknown, into: TicketStandards, c: Checker): void {
  const tk = c.section(raw, 'tickets', ['default', 'rules']);
  const def = c.section(tk.default, 'tickets.default', ['on_time_variant', 'clock', 'cohort']);
  if (def.on_time_variant !== undefined) into.default.on_time_variant = c.choice(def.on_time_variant, 'tickets.default.on_time_variant', ON_TIME_VARIANTS);
  if (def.clock !== undefined) into.default.clock = c.choice(def.clock, 'tickets.default.clock', ['business', 'calendar'] as const);
  if (def.cohort !== undefined) into.default.cohort = c.choice(def.cohort, 'tickets.default.cohort', ['created', 'closed'] as const);
  if (tk.rules !== undefined && tk.rules !== null) {
    if (!Array.isArray(tk.rules)) throw c.bad('tickets.rules', tk.rules, c.x.rules);
    const themeIds = loadThemes().map((t) => t.id);
    into.rules = tk.rules.map((r: unknown, index) => ticketRule(r, index, themeIds, c));
  }
}
