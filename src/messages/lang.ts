/** Which language vigie speaks; apart from the catalogue so that a start that prints nothing of it does not load it. */
import type { Lang } from './plural.ts';

/** The CLI language: `--lang` first, then a French `LC_ALL`/`LC_MESSAGES`/`LANG`, else English. */
export function pickLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
  if (flag === 'fr' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^fr([_.-]|$)/i.test(locale) ? 'fr' : 'en';
}
