/**
 * The checks every section of a standards file shares: each names the file, the key path (`tickets.rules[2].due`),
 * the value and what is allowed (CliError 2, 'standards.invalid'), in the reader's language.
 */
import { CliError, EXIT } from '../../errors.ts';
import { msg, type Lang, type Messages } from '../../messages.ts';

export interface Checker {
  /** What a key allows, in the reader's language (the last part of each message). */
  x: Messages['stdExpected'];
  /** The error for `key` holding `value` where `allowed` was expected. */
  bad(key: string, value: unknown, allowed: string): CliError;
  /** A mapping (missing or null: empty) whose keys are all among `keys`. */
  section(obj: unknown, key: string, keys: string[]): Record<string, unknown>;
  /** A number from 0 to 1. */
  fraction(v: unknown, key: string): number;
  /** A number of seconds ≥ 0. */
  seconds(v: unknown, key: string): number;
  /** A whole number ≥ 1. */
  count(v: unknown, key: string): number;
  /** One of `allowed`, exactly. */
  choice<T extends string>(v: unknown, key: string, allowed: readonly T[]): T;
}

/** The checks of the standards file at `path`, their messages in `lang`. */
export function checker(path: string, lang: Lang): Checker {
  const m = msg(lang);
  const x = m.stdExpected;
  const show = (value: unknown) => (value === undefined ? m.stdMissing : JSON.stringify(value) ?? String(value));
  const bad = (key: string, value: unknown, allowed: string) =>
    new CliError(EXIT.usage, 'standards.invalid', m.badStandards(path, key, show(value), allowed));
  return {
    x,
    bad,
    section: (obj, key, keys) => {
      if (obj === undefined || obj === null) return {};
      if (typeof obj !== 'object' || Array.isArray(obj)) throw bad(key, obj, x.mappingOf(keys));
      for (const k of Object.keys(obj)) if (!keys.includes(k)) throw bad(`${key}.${k}`, (obj as Record<string, unknown>)[k], x.oneOf(keys));
      return obj as Record<string, unknown>;
    },
    fraction: (v, key) => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw bad(key, v, x.fraction);
      return v;
    },
    seconds: (v, key) => {
      if (typeof v !== 'number' || !(v >= 0)) throw bad(key, v, x.seconds);
      return v;
    },
    count: (v, key) => {
      if (!Number.isInteger(v) || (v as number) < 1) throw bad(key, v, x.minN);
      return v as number;
    },
    choice: <T extends string>(v: unknown, key: string, allowed: readonly T[]): T => {
      if (!(allowed as readonly unknown[]).includes(v)) throw bad(key, v, x.oneOf([...allowed]));
      return v as T;
    },
  };
}
