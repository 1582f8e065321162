/**
 * Every user-facing text of vigie, in English and French. Commands never build sentences themselves: they call
 * `msg(lang).<key>(…)`. Keys are grouped by where they are used, one file of src/messages/ per domain holding its
 * English and French texts side by side; finding texts are keyed by the finding code.
 */
import { complianceEn, complianceFr } from './messages/compliance.ts';
import { errorsEn, errorsFr } from './messages/errors.ts';
import { followUpEn, followUpFr } from './messages/follow-up.ts';
import { importEn, importFr } from './messages/import.ts';
import type { Lang } from './messages/plural.ts';
import { reportEn, reportFr } from './messages/report.ts';
import { staffingEn, staffingFr } from './messages/staffing.ts';
import { standardsEn, standardsFr } from './messages/standards.ts';
import { statusEn, statusFr } from './messages/status.ts';
import { vocabularyEn, vocabularyFr } from './messages/vocabulary.ts';

export { int, type Lang } from './messages/plural.ts';
export { pickLang } from './messages/lang.ts';

const en = {
  ...errorsEn, ...complianceEn, ...staffingEn, ...reportEn, ...vocabularyEn, ...standardsEn, ...statusEn, ...importEn, ...followUpEn,
};

export type Messages = typeof en;

const fr: Messages = {
  ...errorsFr, ...complianceFr, ...staffingFr, ...reportFr, ...vocabularyFr, ...standardsFr, ...statusFr, ...importFr, ...followUpFr,
};

/** The word for an id of one of the catalogue's vocabularies, or the id itself when the catalogue has none. */
export function word(lang: Lang, family: 'channel' | 'kind' | 'severity' | 'status' | 'outcome' | 'nature', id: string): string {
  return msg(lang).vocab[family][id] ?? id;
}

export function msg(lang: Lang): Messages {
  return lang === 'fr' ? fr : en;
}

