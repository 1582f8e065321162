/**
 * The catalogue's shared helpers: the language type, whole numbers with their thousands grouped, and nouns that agree
 * with a count in each language.
 */
export type Lang = 'en' | 'fr';

/** A whole number with its thousands grouped as each language writes them: 14 019 in French (narrow no-break space), 14,019 in English. */
export function int(v: number, lang: Lang): string {
  const digits = String(Math.round(Math.abs(v))).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'fr' ? '\u202f' : ',');
  return v < 0 ? `−${digits}` : digits;
}

/** A count and its noun, agreed: English singular for 1 only ("1 row", "0 rows"); French singular below 2 ("0 ligne", "1 ligne", "2 lignes"). */
export const nEn = (n: number, one: string, many: string) => `${int(n, 'en')} ${n === 1 ? one : many}`;
export const nFr = (n: number, one: string, many: string) => `${int(n, 'fr')} ${Math.abs(n) < 2 ? one : many}`;
/** A word that agrees with a count without the count: "column"/"columns". */
export const sEn = (n: number, one: string, many: string) => (n === 1 ? one : many);
export const sFr = (n: number, one: string, many: string) => (Math.abs(n) < 2 ? one : many);
