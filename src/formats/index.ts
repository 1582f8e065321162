/** The registry of input formats and their detection from a file's columns. */
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { montrealRequetes311 } from './montreal-requetes311.ts';
import { BUILTIN_MAPPINGS } from './builtin.ts';
import { vigieCallIntervals, vigieCalls } from './vigie-calls.ts';
import { adapterFromMapping, type MappingConfig } from './mapping.ts';
import type { Adapter } from './types.ts';
import { columnKey } from './columns.ts';

export const ADAPTERS: Adapter[] = [montrealRequetes311, ...BUILTIN_MAPPINGS.map((c) => adapterFromMapping(c)), vigieCalls, vigieCallIntervals];
export const FORMAT_NAMES = ['auto', ...ADAPTERS.map((a) => a.name)];


/** Required columns of `adapter` absent from `header`. */
export function missingColumns(adapter: Adapter, header: string[]): string[] {
  const have = new Set(header.map(columnKey));
  return adapter.required.filter((c) => !have.has(columnKey(c)));
}

/**
 * The adapter for a file: the mapping file's, the named one (checked against the header), or with `auto` the one
 * whose required columns are all present and which knows most of the header; when none fits, the error names the
 * closest format and what it misses.
 */
export function pickAdapter(format: string, header: string[], file: string, lang: Lang, map?: MappingConfig): Adapter {
  const m = msg(lang);
  if (map) {
    const a = adapterFromMapping(map);
    const missing = missingColumns(a, header);
    if (missing.length) throw new CliError(EXIT.data, 'import.missingColumns', m.formatMissingColumns(file, a.name, missing));
    return a;
  }
  if (format !== 'auto') {
    const a = ADAPTERS.find((x) => x.name === format);
    if (!a) throw new CliError(EXIT.usage, 'usage.format', m.unknownFormatName(format, FORMAT_NAMES));
    const missing = missingColumns(a, header);
    if (missing.length) throw new CliError(EXIT.data, 'import.missingColumns', m.formatMissingColumns(file, a.name, missing));
    return a;
  }
  const have = new Set(header.map(columnKey));
  // A match has every required column; among matches, and to name the closest when none matches, prefer the format
  // that knows most of the header, then the one missing the smallest share of its required columns.
  let best: { a: Adapter; missing: string[]; known: number; share: number } | undefined;
  for (const a of ADAPTERS) {
    const missing = missingColumns(a, header);
    const known = [...new Set([...a.required, ...a.optional])].filter((c) => have.has(columnKey(c))).length;
    const share = missing.length / Math.max(1, a.required.length);
    let better: boolean;
    if (!best) better = true;
    else if ((missing.length === 0) !== (best.missing.length === 0)) better = missing.length === 0;
    else better = known > best.known || (known === best.known && share < best.share);
    if (better) best = { a, missing, known, share };
  }
  if (!best || best.missing.length) {
    throw new CliError(EXIT.data, 'import.unknownFormat', m.unknownFormat(file, best?.a.name ?? '-', best?.missing ?? []));
  }
  return best.a;
}

/** Column accessors for SQL: the raw column's quoted name (matched case-insensitively) or NULL, and whether it exists. */
export function columnAccessor(header: string[]): { col: (name: string) => string; has: (name: string) => boolean } {
  const byNorm = new Map<string, string>();
  for (const h of header) if (!byNorm.has(columnKey(h))) byNorm.set(columnKey(h), h);
  return {
    col: (name) => {
      const real = byNorm.get(columnKey(name));
      return real === undefined ? 'CAST(NULL AS VARCHAR)' : `"${real.replaceAll('"', '""')}"`;
    },
    has: (name) => byNorm.has(columnKey(name)),
  };
}
