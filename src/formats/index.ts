/** The registry of input formats and their detection from a file's columns. */
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { montrealRequetes311 } from './montreal-requetes311.ts';
import type { Adapter } from './types.ts';

export const ADAPTERS: Adapter[] = [montrealRequetes311];
export const FORMAT_NAMES = ['auto', ...ADAPTERS.map((a) => a.name)];

const norm = (s: string) => s.replace(/^\uFEFF/, '').trim().toUpperCase();

/** Required columns of `adapter` absent from `header`. */
export function missingColumns(adapter: Adapter, header: string[]): string[] {
  const have = new Set(header.map(norm));
  return adapter.required.filter((c) => !have.has(norm(c)));
}

/**
 * The adapter for a file: the named one (checked against the header), or with `auto` the one whose required columns
 * are all present and which knows most of the header; when none fits, the error names the closest format and what
 * it misses.
 */
export function pickAdapter(format: string, header: string[], file: string, lang: Lang): Adapter {
  const m = msg(lang);
  if (format !== 'auto') {
    const a = ADAPTERS.find((x) => x.name === format);
    if (!a) throw new CliError(EXIT.usage, 'usage.format', m.unknownFormatName(format, FORMAT_NAMES));
    const missing = missingColumns(a, header);
    if (missing.length) throw new CliError(EXIT.data, 'import.missingColumns', m.formatMissingColumns(file, a.name, missing));
    return a;
  }
  const have = new Set(header.map(norm));
  let best: { a: Adapter; missing: string[]; known: number } | undefined;
  for (const a of ADAPTERS) {
    const missing = missingColumns(a, header);
    const known = [...a.required, ...a.optional].filter((c) => have.has(norm(c))).length;
    if (!best || missing.length < best.missing.length || (missing.length === best.missing.length && known > best.known)) {
      best = { a, missing, known };
    }
  }
  if (!best || best.missing.length) {
    throw new CliError(EXIT.data, 'import.unknownFormat', m.unknownFormat(file, best?.a.name ?? '-', best?.missing ?? []));
  }
  return best.a;
}

/** A column accessor for SQL: the raw column's quoted name (matched case-insensitively), or NULL when absent. */
export function columnAccessor(header: string[]): (name: string) => string {
  const byNorm = new Map<string, string>();
  for (const h of header) if (!byNorm.has(norm(h))) byNorm.set(norm(h), h);
  return (name) => {
    const real = byNorm.get(norm(name));
    return real === undefined ? 'CAST(NULL AS VARCHAR)' : `"${real.replaceAll('"', '""')}"`;
  };
}
