/**
 * The standards file: YAML or JSON, checked with messages that name the file, the key path
 * (`tickets.rules[2].due`), the value and what is allowed. It holds the city, locale, zone and `min_n`, the call
 * standards, the business calendar, the ticket rules (first match wins), optional borough groups and the optional
 * thresholds of validate's drift checks (`drift:`, see DriftStandards). Each section is checked in src/standards/sections/.
 * Precedence: defaults < file < flags.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { isValidZone } from '../time/zone.ts';
import { DEFAULT_CALENDAR, type CalendarSpec } from '../time/calendar-spec.ts';
import { fold, globRegExp } from './glob.ts';
import { checker, type Checker } from './sections/check.ts';
import { checkCalls, type CallStandards } from './sections/calls.ts';
import { checkCalendar } from './sections/calendar.ts';
import { checkTickets, MATCH_KEYS, type MatchKey, type TicketRule, type TicketStandards } from './sections/tickets.ts';
import { checkBoroughGroups, type BoroughGroup } from './sections/borough-groups.ts';
import { checkDrift, DEFAULT_DRIFT, type DriftStandards } from './sections/drift.ts';

export const DEFAULT_STANDARDS = fileURLToPath(new URL('../../data/standards/montreal.yaml', import.meta.url));

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

/** The top-level keys that are not sections (`city`, `locale`, `timezone`, `min_n`), written into `into` (the defaults). */
function checkGeneral(o: Record<string, unknown>, into: Omit<Standards, 'file' | 'sha256'>, c: Checker): void {
  const { x, bad } = c;
  if (o.city !== undefined) into.city = typeof o.city === 'string' ? o.city : (() => { throw bad('city', o.city, x.name); })();
  if (o.locale !== undefined) {
    if (typeof o.locale !== 'string' || !/^(fr|en)(-[A-Z]{2})?$/.test(o.locale)) throw bad('locale', o.locale, x.locale);
    into.locale = o.locale;
  }
  if (o.timezone !== undefined) {
    if (typeof o.timezone !== 'string' || !isValidZone(o.timezone)) throw bad('timezone', o.timezone, x.zone);
    into.timezone = o.timezone;
  }
  if (o.min_n !== undefined) into.min_n = c.count(o.min_n, 'min_n');
}

/**
 * Reads a standards file (`file`, or the shipped Montréal standards) and checks it. Throws CliError(2,
 * 'standards.unreadable') when it cannot be read, CliError(2, 'standards.invalid') naming the file, the key path,
 * the value and what is allowed at the first problem found. Sections are checked in this order: top-level keys,
 * calls, calendar, tickets, borough groups, drift.
 */
export function loadStandards(file: string | undefined, lang: Lang): Standards {
  const path = file ?? DEFAULT_STANDARDS;
  const m = msg(lang);
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
    throw new CliError(EXIT.usage, 'standards.invalid', m.badStandards(path, '(YAML)', (e as Error).message.split('\n')[0] ?? '', m.stdExpected.yaml));
  }
  const c = checker(path, lang);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw c.bad('(top level)', raw, c.x.mapping);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!TOP.includes(k)) throw c.bad(k, o[k], c.x.oneOf(TOP));
  const s: Omit<Standards, 'file' | 'sha256'> = structuredClone(DEFAULTS);
  checkGeneral(o, s, c);
  checkCalls(o.calls, s.calls, c);
  checkCalendar(o.calendar, s.calendar, c);
  checkTickets(o.tickets, s.tickets, c);
  s.borough_groups = checkBoroughGroups(o.borough_groups, c);
  checkDrift(o.drift, s.drift, c);
  return { file: path, sha256: createHash('sha256').update(text).digest('hex'), ...s };
}
