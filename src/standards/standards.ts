/**
 * The standards file (DESIGN §5): YAML or JSON, checked with messages that name the key, the value and what is
 * allowed. This version reads the city, locale, zone, `min_n` and the `calls` section; the ticket rules and the
 * business calendar come with the compliance engine for tickets. Precedence: defaults < file < flags.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { isValidZone } from '../time/zone.ts';
import { SERVICE_LEVEL_VARIANTS, type Boundary, type ServiceLevelVariant } from '../metrics/service-level.ts';

export const DEFAULT_STANDARDS = fileURLToPath(new URL('../../data/standards/montreal.yaml', import.meta.url));

export interface CallStandards {
  service_level: { threshold_seconds: number; boundary: Boundary; target: number | null; variant: ServiceLevelVariant };
  abandonment: { max: number | null; short_abandon_seconds: number };
  long_wait: { seconds: number; max_share: number | null };
}

export interface Standards {
  file: string;
  sha256: string;
  city: string;
  locale: string;
  timezone: string;
  min_n: number;
  calls: CallStandards;
}

/** vigie's defaults when a file says nothing: within T is `<=` (metrics.md §1.2), F3, no targets. */
const DEFAULTS: Omit<Standards, 'file' | 'sha256'> = {
  city: '', locale: 'fr-CA', timezone: 'America/Toronto', min_n: 30,
  calls: {
    service_level: { threshold_seconds: 100, boundary: '<=', target: null, variant: 'F3' },
    abandonment: { max: null, short_abandon_seconds: 0 },
    long_wait: { seconds: 1500, max_share: null },
  },
};

const TOP = ['city', 'locale', 'timezone', 'min_n', 'calendar', 'calls', 'tickets', 'borough_groups'];

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
    throw new CliError(EXIT.usage, 'standards.invalid', m.badStandards(path, '(YAML)', (e as Error).message.split('\n')[0] ?? '', 'valid YAML or JSON'));
  }
  const bad = (key: string, value: unknown, allowed: string) =>
    new CliError(EXIT.usage, 'standards.invalid', m.badStandards(path, key, JSON.stringify(value) ?? String(value), allowed));
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('(top level)', raw, 'a mapping of keys');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!TOP.includes(k)) throw bad(k, o[k], `one of ${TOP.join(', ')}`);
  const s: Omit<Standards, 'file' | 'sha256'> = structuredClone(DEFAULTS);
  if (o.city !== undefined) s.city = typeof o.city === 'string' ? o.city : (() => { throw bad('city', o.city, 'a name'); })();
  if (o.locale !== undefined) {
    if (typeof o.locale !== 'string' || !/^(fr|en)(-[A-Z]{2})?$/.test(o.locale)) throw bad('locale', o.locale, 'fr, fr-CA, en or en-CA');
    s.locale = o.locale;
  }
  if (o.timezone !== undefined) {
    if (typeof o.timezone !== 'string' || !isValidZone(o.timezone)) throw bad('timezone', o.timezone, 'an IANA zone such as America/Toronto');
    s.timezone = o.timezone;
  }
  if (o.min_n !== undefined) {
    if (!Number.isInteger(o.min_n) || (o.min_n as number) < 1) throw bad('min_n', o.min_n, 'a whole number ≥ 1');
    s.min_n = o.min_n as number;
  }
  const section = (obj: unknown, key: string, keys: string[]): Record<string, unknown> => {
    if (obj === undefined || obj === null) return {};
    if (typeof obj !== 'object' || Array.isArray(obj)) throw bad(key, obj, `a mapping of ${keys.join(', ')}`);
    for (const k of Object.keys(obj)) if (!keys.includes(k)) throw bad(`${key}.${k}`, (obj as Record<string, unknown>)[k], `one of ${keys.join(', ')}`);
    return obj as Record<string, unknown>;
  };
  const fraction = (v: unknown, key: string): number => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw bad(key, v, 'a fraction between 0 and 1 (0.80 for 80 %)');
    return v;
  };
  const seconds = (v: unknown, key: string): number => {
    if (typeof v !== 'number' || !(v >= 0)) throw bad(key, v, 'a number of seconds ≥ 0');
    return v;
  };
  const calls = section(o.calls, 'calls', ['service_level', 'abandonment', 'long_wait']);
  const sl = section(calls.service_level, 'calls.service_level', ['threshold_seconds', 'boundary', 'target', 'variant']);
  if (sl.threshold_seconds !== undefined) s.calls.service_level.threshold_seconds = seconds(sl.threshold_seconds, 'calls.service_level.threshold_seconds');
  if (sl.boundary !== undefined) {
    if (sl.boundary !== '<' && sl.boundary !== '<=') throw bad('calls.service_level.boundary', sl.boundary, '"<" (under T) or "<=" (within T)');
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
  if (s.calls.abandonment.short_abandon_seconds > s.calls.service_level.threshold_seconds) {
    throw bad('calls.abandonment.short_abandon_seconds', s.calls.abandonment.short_abandon_seconds, 'at most calls.service_level.threshold_seconds');
  }
  return { file: path, sha256: createHash('sha256').update(text).digest('hex'), ...s };
}
