/**
 * Themes: the families a council commission reads 311 results by (mobility, housing, roads and snow…), and the map
 * from a request category (Montréal's `ACTI_NOM`) to its theme.
 *
 * Reference data, shipped with vigie and editable by an analyst:
 * - `data/themes.csv` (`theme,label_fr,label_en`): the theme ids and their French and English labels;
 * - `data/theme-map.csv` (`pattern,theme[,note]`): glob patterns on the category, first match wins.
 *
 * Both are read from the installed package (resolved from this module's location), never from the working directory.
 * Blank lines and lines whose first field starts with `#` are comments.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** A theme of `data/themes.csv`: a stable id (`roads_snow`) and its labels, French first. */
export interface Theme {
  id: string;
  label_fr: string;
  label_en: string;
}

/**
 * A rule of `data/theme-map.csv`: a glob `pattern` on the request category and the `theme` it maps to. `line` is the
 * rule's line in the file (1-based), for error messages and reviews.
 */
export interface ThemeRule {
  pattern: string;
  theme: string;
  line: number;
}

/** The theme of a category no rule matches, or of a missing category. It must exist in `themes.csv`. */
export const OTHER_THEME = 'other';

/** The folder of the shipped reference data (`data/` at the package root). */
const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** The shipped `themes.csv`. */
export const DEFAULT_THEMES_FILE = fileURLToPath(new URL('../../data/themes.csv', import.meta.url));

/** The shipped `theme-map.csv`. */
export const DEFAULT_THEME_MAP_FILE = fileURLToPath(new URL('../../data/theme-map.csv', import.meta.url));

const ID = /^[a-z][a-z0-9_]*$/;
/** Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign. */
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2212]/g;
/** Right and left single quotation marks, modifier-letter apostrophe. */
const APOSTROPHES = /[\u2018\u2019\u02bc]/g;
const RETIRED_STAR = /^\*+\s*/;
const RETIRED_PREFIX = /^[zy] ?- ?/;

interface CsvRecord {
  fields: string[];
  line: number;
}

/** Reads a small reference CSV: BOM, blank and `#` comment lines skipped, fields trimmed, each record with its line. */
function readCsv(file: string): { header: string[]; records: CsvRecord[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read: ${(e as Error).message}`, { cause: e });
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new Error(`${file}${line === undefined ? '' : `:${line}`}: not a valid CSV: ${(e as Error).message}`, { cause: e });
  }
  const records = rows
    .map((r) => ({ fields: r.record, line: r.info.lines }))
    // csv-parse only knows comments in the first column at the very start of a line: also skip an indented `#` and
    // lines of blank fields (`,,`).
    .filter((r) => !(r.fields[0] ?? '').startsWith('#') && r.fields.some((f) => f !== ''));
  const head = records.shift();
  if (head === undefined) throw new Error(`${file}: empty file, a header line is expected`);
  return { header: head.fields, records };
}

function checkHeader(file: string, header: string[], expected: string[], optional: string[] = []): void {
  const ok =
    header.length >= expected.length &&
    header.length <= expected.length + optional.length &&
    header.every((h, i) => h === (expected[i] ?? optional[i - expected.length]));
  if (!ok) {
    const want = [...expected, ...optional.map((o) => `[${o}]`)].join(',');
    throw new Error(`${file}:1: header is "${header.join(',')}", expected "${want}"`);
  }
}

/**
 * Reads `themes.csv` (`theme,label_fr,label_en`) from `dir`, by default the shipped `data/` folder of the package.
 * Blank lines and `#` lines are skipped. Throws an Error naming the file and line for a bad header, an id that is not
 * `lower_snake_case`, a duplicate id, an empty label, or when the `other` theme is missing.
 */
export function loadThemes(dir: string = DATA_DIR): Theme[] {
  const file = join(dir, 'themes.csv');
  const { header, records } = readCsv(file);
  checkHeader(file, header, ['theme', 'label_fr', 'label_en']);
  const themes: Theme[] = [];
  const seen = new Map<string, number>();
  for (const { fields, line } of records) {
    if (fields.length !== 3) throw new Error(`${file}:${line}: ${fields.length} fields, expected 3 (theme,label_fr,label_en)`);
    const [id = '', label_fr = '', label_en = ''] = fields;
    if (!ID.test(id)) throw new Error(`${file}:${line}: bad theme id "${id}" (expected lower_snake_case)`);
    const first = seen.get(id);
    if (first !== undefined) throw new Error(`${file}:${line}: theme "${id}" already defined on line ${first}`);
    seen.set(id, line);
    if (label_fr === '') throw new Error(`${file}:${line}: theme "${id}" has an empty label_fr`);
    if (label_en === '') throw new Error(`${file}:${line}: theme "${id}" has an empty label_en`);
    themes.push({ id, label_fr, label_en });
  }
  if (!seen.has(OTHER_THEME)) throw new Error(`${file}: the theme "${OTHER_THEME}" is missing (unmatched categories go there)`);
  return themes;
}

let shippedLabels: Map<string, Theme> | null = null;

/**
 * A theme's label in `lang`, from the shipped `data/themes.csv` (read once); an id that file does not define (a
 * source's own theme) is shown as it is.
 */
export function themeLabel(id: string, lang: 'fr' | 'en'): string {
  shippedLabels ??= new Map(loadThemes().map((t) => [t.id, t]));
  const t = shippedLabels.get(id);
  return t ? (lang === 'fr' ? t.label_fr : t.label_en) : id;
}

/**
 * Reads `theme-map.csv` (`pattern,theme`, optionally a third `note` column for the reader), by default the shipped
 * one, and returns its rules in file order (first match wins, see {@link compileThemeMap}). Blank lines and `#` lines
 * are skipped. Every rule's theme must be an id of `themes` (by default the shipped `themes.csv`); otherwise, and for
 * a bad header, an empty pattern or a pattern that repeats an earlier one once folded (the later rule could never
 * match), throws an Error naming the file, the line and the bad value.
 */
export function loadThemeMap(file: string = DEFAULT_THEME_MAP_FILE, themes: readonly Theme[] = loadThemes()): ThemeRule[] {
  const { header, records } = readCsv(file);
  checkHeader(file, header, ['pattern', 'theme'], ['note']);
  const ids = new Set(themes.map((t) => t.id));
  const rules: ThemeRule[] = [];
  const seen = new Map<string, number>();
  for (const { fields, line } of records) {
    if (fields.length < 2 || fields.length > 3) {
      throw new Error(`${file}:${line}: ${fields.length} field(s), expected pattern,theme[,note]`);
    }
    const [pattern = '', theme = ''] = fields;
    const folded = foldPattern(pattern);
    if (folded === '') throw new Error(`${file}:${line}: empty pattern`);
    if (!ids.has(theme)) {
      throw new Error(`${file}:${line}: unknown theme "${theme}" for pattern "${pattern}" (known: ${[...ids].join(', ')})`);
    }
    const first = seen.get(folded);
    if (first !== undefined) {
      throw new Error(`${file}:${line}: pattern "${pattern}" repeats the pattern of line ${first}, which always wins`);
    }
    seen.set(folded, line);
    rules.push({ pattern, theme, line });
  }
  return rules;
}

/** Case, accents, ligatures, dashes, apostrophes and whitespace: the folding shared by categories and patterns. */
function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(DASHES, '-')
    .replace(APOSTROPHES, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Folds a request category for matching: Unicode NFKD, combining accents stripped, lower case, `œ`/`æ` spelt out,
 * the dashes (‐ ‑ ‒ – — −) folded to `-` and the typographic apostrophes (’ ‘ ʼ) to `'`, whitespace trimmed and
 * collapsed to single spaces; then the marks of a retired category are dropped: a leading `*` and then a leading
 * `z-` or `y-` prefix. `*Z-Borne-fontaine - Installation` → `borne-fontaine - installation`,
 * `Y-Eau - Divers` → `eau - divers`, `Entrée  d’eau` → `entree d'eau`.
 */
export function foldCategory(s: string): string {
  return foldText(s).replace(RETIRED_STAR, '').replace(RETIRED_PREFIX, '');
}

/**
 * Folds a pattern like a category, except that a leading `*` is the wildcard (not a retirement mark); a leading
 * `z-`/`y-` is dropped so that a pattern copied from a retired category still matches it.
 */
function foldPattern(p: string): string {
  return foldText(p).replace(RETIRED_PREFIX, '');
}

/** An anchored RegExp for a folded glob: `*` any run of characters (also none), `?` one character, the rest literal. */
function globToRegExp(folded: string): RegExp {
  let src = '';
  for (const ch of folded) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'su');
}

const MEMO_LIMIT = 10_000;

/**
 * Compiles theme rules (by default the shipped `theme-map.csv`) into a function from a request category to its theme
 * id.
 *
 * Matching rule: the category is folded with {@link foldCategory} (case, accents, dashes, whitespace, and the `*`
 * and `Z-`/`Y-` marks of a retired category dropped), and each pattern is folded the same way (its leading `*` being
 * the wildcard) and compiled once to an anchored RegExp: the glob must match the WHOLE folded category, `*` standing
 * for any run of characters (also none) and `?` for exactly one character. Rules are tried in order and the FIRST
 * MATCH WINS. A category that no rule matches, and a null or blank category, gives `'other'`.
 *
 * Throws when a pattern is empty once folded. Results are memoised per distinct category.
 */
export function compileThemeMap(
  rules: readonly Pick<ThemeRule, 'pattern' | 'theme'>[] = loadThemeMap(),
): (category: string | null) => string {
  const compiled = rules.map((r) => {
    const folded = foldPattern(r.pattern);
    if (folded === '') {
      const where = 'line' in r && typeof r.line === 'number' ? ` (line ${r.line})` : '';
      throw new Error(`empty theme pattern${where}`);
    }
    return { re: globToRegExp(folded), theme: r.theme };
  });
  const memo = new Map<string, string>();
  return (category: string | null): string => {
    if (category === null || category === undefined) return OTHER_THEME;
    const known = memo.get(category);
    if (known !== undefined) return known;
    const folded = foldCategory(category);
    let theme = OTHER_THEME;
    if (folded !== '') {
      for (const rule of compiled) {
        if (rule.re.test(folded)) {
          theme = rule.theme;
          break;
        }
      }
    }
    if (memo.size < MEMO_LIMIT) memo.set(category, theme);
    return theme;
  };
}
