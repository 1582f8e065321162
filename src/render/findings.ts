/** The findings of a read as a terminal table (import and validate): severity, code, count, where, value, message. */
import { msg, word, type Lang } from '../messages.ts';
import type { Finding } from '../findings.ts';
import { table } from './table.ts';

export function renderFindings(findings: Finding[], lang: Lang, color: boolean): string {
  const m = msg(lang);
  if (!findings.length) return m.noFindings;
  const c = m.col;
  return `${m.findingsHeading}\n` + table(
    [c.severity!, c.code!, c.count!, c.where!, c.value!, c.message!],
    findings.map((f) => [word(lang, 'severity', f.severity), f.code, f.count, `${f.line ?? '-'}${f.column ? `:${f.column}` : ''}`, f.value, f.message]),
    color,
  );
}
