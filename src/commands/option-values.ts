/**
 * The values of the shared options (src/commands/options.ts declares them): instants, dates, choices, the output
 * format, the period. Each parser throws CliError(2, …) with a message naming flag and value.
 */
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { localToUtc } from '../time/zone.ts';
import { parsePeriod } from '../time/periods.ts';
import type { OutputFormat } from './options.ts';

/** Whether calendar and clock fields name a real moment (no month 13, no 31 April, no 10:60). */
function validFields(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d;
}

/**
 * An instant from a flag: an ISO instant with offset (`2018-09-30T12:00:00-04:00`, `…Z`), a naive local time
 * (read in `zone`), or a date (`2018-09-30`: the end of that local day, 23:59:59.999).
 */
export function parseInstant(flag: string, value: string, lang: Lang, zone: string): Date {
  const bad = () => new CliError(EXIT.usage, 'usage.instant', msg(lang).badInstant(flag, value));
  const v = value.trim();
  let mt = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (mt) {
    const [y, mo, d] = [Number(mt[1]), Number(mt[2]), Number(mt[3])];
    if (!validFields(y, mo, d, 0, 0, 0)) throw bad();
    const local = Date.UTC(y, mo - 1, d, 23, 59, 59, 999);
    return new Date(localToUtc(zone, local).utc);
  }
  mt = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (!mt) throw bad();
  const local = Date.UTC(Number(mt[1]), Number(mt[2]) - 1, Number(mt[3]), Number(mt[4]), Number(mt[5]), Number(mt[6] ?? 0),
    Number((mt[7] ?? '0').padEnd(3, '0')));
  if (Number.isNaN(local) || new Date(local).getUTCDate() !== Number(mt[3])) throw bad();
  if (!validFields(Number(mt[1]), Number(mt[2]), Number(mt[3]), Number(mt[4]), Number(mt[5]), Number(mt[6] ?? 0))) throw bad();
  const tz = mt[8];
  if (!tz) return new Date(localToUtc(zone, local).utc);
  if (tz === 'Z') return new Date(local);
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  if (oh > 14 || om > 59) throw bad();
  return new Date(local - sign * (oh * 60 + om) * 60_000);
}

/** A calendar date (`1990-01-01`) as the UTC instant of its local midnight in `zone`. */
export function parseDate(flag: string, value: string, lang: Lang, zone: string): Date {
  const mt = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!mt) throw new CliError(EXIT.usage, 'usage.date', msg(lang).badDate(flag, value));
  if (!validFields(Number(mt[1]), Number(mt[2]), Number(mt[3]), 0, 0, 0)) throw new CliError(EXIT.usage, 'usage.date', msg(lang).badDate(flag, value));
  const local = Date.UTC(Number(mt[1]), Number(mt[2]) - 1, Number(mt[3]));
  return new Date(localToUtc(zone, local).utc);
}

/** A number from a flag that passes `check`, `fallback` when the flag is absent; else exit 2 naming flag and value. */
export function parseNumber(flag: string, value: string | undefined, fallback: number, lang: Lang, check: (n: number) => boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new CliError(EXIT.usage, 'usage.number', msg(lang).badNumber(flag, value));
  return n;
}

export function parseChoice<T extends string>(flag: string, value: string, allowed: readonly T[], lang: Lang): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(EXIT.usage, 'usage.choice', msg(lang).badChoice(flag, value, [...allowed], closest(value, allowed)));
}

/** Edit distance (insertions, deletions, substitutions, and a swap of two neighbours counted as one). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The allowed value a mistyped one most likely meant (`borugh` → `borough`), or null when none is close (a third of its letters). */
export function closest(value: string, allowed: readonly string[]): string | null {
  const v = value.toLowerCase();
  let best: { s: string; d: number } | null = null;
  for (const s of allowed) {
    const d = distance(v, s.toLowerCase());
    if (d <= Math.max(1, Math.floor(s.length / 3)) && (!best || d < best.d)) best = { s, d };
  }
  return best?.s ?? null;
}

/** `--json` is short for `--output json`. */
export function outputFormat(o: { output?: string | undefined; json?: boolean | undefined }, allowed: readonly OutputFormat[], lang: Lang): OutputFormat {
  if (o.json) return 'json';
  return parseChoice('--output', o.output ?? 'table', allowed, lang);
}

/**
 * Checks `--period`, `--from` and `--to` before the store is opened, so that a mistyped or reversed period is a usage
 * error whatever the store holds (the period itself is resolved later, against the store's latest month).
 */
export function checkPeriodOptions(o: { period?: string | undefined; from?: string | undefined; to?: string | undefined }, zone: string, lang: Lang): void {
  if (o.period !== undefined || o.from !== undefined || o.to !== undefined) parsePeriod(o, zone, lang, '2000-01');
}
