/**
 * Dates, periods and durations as a reader writes them, in the report's language: « septembre 2018 »,
 * « d'octobre 2017 à septembre 2018 », « au 1er juillet 2019 », "July 1, 2019". Instants are shown in the city's
 * zone, never as ISO text or in UTC. Pure functions of their arguments (no process time zone, no clock).
 */
import type { Lang } from '../messages.ts';
import { toLocalIso } from './zone.ts';

const MONTHS = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const SHORT = {
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juill.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};
const QUARTERS = {
  fr: ['1er trimestre', '2e trimestre', '3e trimestre', '4e trimestre'],
  en: ['first quarter', 'second quarter', 'third quarter', 'fourth quarter'],
};

/** `2018-09` → « septembre 2018 » / "September 2018". */
export function monthWords(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[lang][m - 1] ?? month} ${y}`;
}

/** `2018-09` → « sept. 2018 » / "Sep 2018": for axes and table heads. */
export function monthShort(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${SHORT[lang][m - 1] ?? month} ${y}`;
}

/** « de » before a French word, elided before a vowel: « d'octobre », « de septembre ». */
function de(word: string): string {
  return /^[aeiouyàâéèêîôûh]/i.test(word) ? `d'${word}` : `de ${word}`;
}

/**
 * A period label of src/time/periods.ts in words: a month (« septembre 2018 »), a quarter (« 3e trimestre 2018 » /
 * "third quarter of 2018"), a year (« 2018 »), a range of months (« d'octobre 2017 à septembre 2018 » / "October 2017
 * to September 2018"). Anything else is returned as it is.
 */
export function periodWords(period: string, lang: Lang): string {
  let mt: RegExpExecArray | null;
  if ((mt = /^(\d{4})-(\d{2})$/.exec(period))) return monthWords(period, lang);
  if ((mt = /^(\d{4})-Q([1-4])$/.exec(period))) {
    const q = QUARTERS[lang][Number(mt[2]) - 1]!;
    return lang === 'fr' ? `${q} ${mt[1]}` : `the ${q} of ${mt[1]}`;
  }
  if (/^\d{4}$/.test(period)) return period;
  if ((mt = /^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$/.exec(period))) {
    const a = monthWords(mt[1]!, lang);
    const b = monthWords(mt[2]!, lang);
    return lang === 'fr' ? `${de(a)} à ${b}` : `${a} to ${b}`;
  }
  return period;
}

/** A local day `YYYY-MM-DD` in words: « 1er juillet 2019 », « 30 septembre 2018 »; "July 1, 2019" (without the year: « 1er juillet »). */
export function dayWords(day: string, lang: Lang, withYear = true): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const month = MONTHS[lang][m - 1] ?? '';
  if (lang === 'fr') return `${d === 1 ? '1er' : d} ${month}${withYear ? ` ${y}` : ''}`;
  return `${month} ${d}${withYear ? `, ${y}` : ''}`;
}

/**
 * An instant in the city's zone, in words: the day alone at local midnight (« 1er juillet 2019 »), else the day and the
 * time (« 20 octobre 2018 à 10 h 30 », "October 20, 2018, 10:30").
 */
export function instantWords(at: Date | number | string, zone: string, lang: Lang): string {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  const local = toLocalIso(zone, ms);
  const day = dayWords(local.slice(0, 10), lang);
  const hm = local.slice(11, 16);
  if (hm === '00:00') return day;
  const [h, min] = hm.split(':') as [string, string];
  return lang === 'fr' ? `${day} à ${Number(h)} h ${min}` : `${day}, ${hm}`;
}

/** A number of seconds as a reader says it: whole minutes in minutes (« 25 minutes »), else seconds (« 100 secondes »). */
export function secondsWords(s: number, lang: Lang): string {
  const unit = (n: number, fr: string, en: string) => `${n} ${lang === 'fr' ? fr : en}${n > 1 ? 's' : ''}`;
  return s >= 60 && s % 60 === 0 ? unit(s / 60, 'minute', 'minute') : unit(s, 'seconde', 'second');
}
