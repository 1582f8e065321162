/**
 * How the standards file compares texts: folding (case, accents, dashes, apostrophes, spaces) and globs (`*` any run
 * of characters, `?` one character), for ticket rules (`tickets.rules[].match`) and the `closed` of business hours.
 */

/** Case, accents (NFD, combining marks stripped), `œ`/`æ`, dashes, typographic apostrophes and spaces folded. */
export function fold(s: string): string {
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

export function isGlob(s: string): boolean {
  return /[*?]/.test(s);
}

/** An anchored RegExp for a folded glob: `*` any run of characters (also none), `?` one character. */
export function globRegExp(pattern: string): RegExp {
  let src = '';
  for (const ch of fold(pattern)) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'su');
}
