/**
 * Renderers of a compliance report (src/compliance/report.ts): the terminal tables, Markdown and CSV. They only format:
 * every number comes from the report. Percentages on screen only (the JSON keeps fractions); French formats for `fr`
 * (43,2 %, decimal comma).
 */
import chalk from 'chalk';
import type { ComplianceReport } from '../compliance/report.ts';
import type { StandardsNotice } from '../compliance/profile.ts';
import { GROUP_KEYS, metricEntries, type Group, type GroupKey, type MetricResult } from '../compliance/result.ts';
import type { MetricId } from '../metrics/index.ts';
import { int, msg, type Lang } from '../messages.ts';
import { themeLabel } from '../standards/themes.ts';
import { isPartialBucket } from '../time/periods.ts';
import { instantWords, periodWords } from '../time/words.ts';
import { table } from './table.ts';

const CALL_COLUMNS: readonly MetricId[] = ['calls.offered', 'calls.service_level', 'calls.abandonment_rate', 'calls.asa_seconds',
  'calls.wait_p90_seconds', 'calls.long_wait_share', 'calls.answered_locally_share'];
const TICKET_COLUMNS: readonly MetricId[] = ['tickets.created', 'tickets.on_time_rate', 'tickets.eventual_on_time_share', 'tickets.open_overdue',
  'tickets.no_target', 'tickets.backlog', 'tickets.ttc_p50_days', 'tickets.ttc_p90_days'];

/**
 * A text cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return: a queue or a
 * borough named `=HYPERLINK(…)` in a drop) is prefixed with an apostrophe, which spreadsheets show as text. Reports
 * only: data exports (src/store/export.ts) keep values as they are.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A count with its thousands grouped: a narrow no-break space in French (12 345), a comma in English (12,345). */
export const integer = int;

/** A number with `digits` decimals, in the language's decimal mark. */
export function decimal(v: number, digits: number, lang: Lang): string {
  const s = v.toFixed(digits);
  return lang === 'fr' ? s.replace('.', ',') : s;
}

export function percent(v: number | null, lang: Lang): string {
  if (v === null) return '–';
  return `${decimal(v * 100, 1, lang)} %`;
}

/** One metric as shown in a cell: the value, its target, and n when the group is too small to judge. */
export function cell(id: MetricId, r: MetricResult | undefined, lang: Lang): string {
  if (!r) return '–';
  let shown: string;
  if (id.endsWith('_seconds')) shown = r.value === null ? '–' : `${Math.round(r.value)} s`;
  else if (id.endsWith('_days')) shown = r.value === null ? (r.denominator ? '>' : '–') : `${decimal(r.value, 1, lang)}`;
  else if (r.numerator === null && r.denominator === null) shown = r.value === null ? '–' : Number.isInteger(r.value) ? int(r.value, lang) : String(r.value);
  else shown = `${percent(r.value, lang)}${r.target !== null ? ` ${r.target_kind === 'at_least' ? '≥' : '≤'} ${percent(r.target, lang)}` : ''}`;
  if (r.example && r.target !== null) shown += ` (${msg(lang).exampleShort})`;
  if (r.verdict === 'too_few') return `${shown} (n=${r.denominator})`;
  // the verdict as a mark, so that it survives NO_COLOR and pipes (the legend under the tables says what it means)
  return r.verdict === 'missed' ? `${shown} ${VERDICT_MARK.missed}` : r.verdict === 'met' ? `${shown} ${VERDICT_MARK.met}` : shown;
}

/** A notice of the standards not fitting the data (src/compliance/profile.ts), in words. */
export function noticeText(n: StandardsNotice, lang: Lang): string {
  const r = msg(lang).report;
  return n.code === 'zone_mismatch' ? r.zoneMismatch(n.source, n.zone, n.standards_zone) : r.cityMismatch(n.sources.join(', '), n.city, n.standards_file);
}

/** The marks beside a judged value, in tables, Markdown and the report alike. */
export const VERDICT_MARK = { missed: '▼', met: '✓' } as const;

/** Whether a group's month, week or day is partial (cut by the period, or still running at the as-of instant). */
function partial(report: ComplianceReport, k: GroupKey, v: string): boolean {
  return (k === 'month' || k === 'week' || k === 'day') && isPartialBucket(k, v, report.from, report.to, report.as_of.slice(0, 19));
}

/** The key cells of a row; without --by, one cell naming the city-wide group (so that its marks have a place). */
function keyCells(report: ComplianceReport, g: Group, index: number, by: readonly GroupKey[], lang: Lang, safe = false): string[] {
  const m = msg(lang);
  if (!by.length) return [m.cityWide];
  const none: Record<GroupKey, string> = { borough: m.vocab.noBorough, theme: m.vocab.noTheme, queue: m.vocab.noQueue, month: '–', week: '–', day: '–' };
  return by.map((k) => {
    const v = g[k];
    if (v === null) return index === 0 ? m.cityWide : none[k];
    const shown = k === 'theme' ? themeLabel(v, lang) : partial(report, k, v) ? `${v} (${m.partialWord})` : v;
    return safe ? neutralizeFormula(shown) : shown;
  });
}

/** A column's heading: with `--cohort closed`, the cohort's count is of the tickets closed in the period, and says so. */
function columnHead(id: MetricId, report: ComplianceReport, lang: Lang): string {
  const m = msg(lang);
  if (id === 'tickets.created' && report.cohort === 'closed') return m.closedCohortCount;
  return m.metricLabel[id] ?? id;
}

/** The heading of the tables, in words: what is judged, over which period, as of when. */
function heading(report: ComplianceReport, lang: Lang, zone: string): string {
  const m = msg(lang);
  return m.complianceHeading(m.vocab.complianceKind[report.kind] ?? report.kind, periodWords(report.period, lang), instantWords(report.as_of, zone, lang));
}

function keyHead(by: readonly GroupKey[], lang: Lang): string[] {
  const c = msg(lang).col as Record<string, string>;
  return by.length ? by.map((k) => c[k] ?? k) : [''];
}

function sections(report: ComplianceReport): { title: 'calls' | 'tickets'; columns: readonly MetricId[] }[] {
  const out: { title: 'calls' | 'tickets'; columns: readonly MetricId[] }[] = [];
  if (report.kind !== 'tickets') out.push({ title: 'calls', columns: CALL_COLUMNS });
  if (report.kind !== 'calls') out.push({ title: 'tickets', columns: TICKET_COLUMNS });
  return out;
}

/** A group with nothing to show in a family: no call offered; no ticket in the cohort, none open, none overdue. */
function empty(g: Group, family: 'calls' | 'tickets'): boolean {
  const n = (id: MetricId) => Number(g.metrics[id]?.value ?? 0);
  return family === 'calls' ? n('calls.offered') === 0 : n('tickets.created') === 0 && n('tickets.backlog') === 0 && n('tickets.open_overdue') === 0;
}

/**
 * Groups that have metrics of a family (a ticket group has no call metrics when `kind` is `all`); groups with nothing
 * in the family are left out unless `all` is asked (the count left out is said under the tables).
 */
function groupsOf(report: ComplianceReport, family: 'calls' | 'tickets', all: boolean): { shown: { g: Group; i: number }[]; hidden: number } {
  const withFamily = report.groups.map((g, i) => ({ g, i })).filter(({ g, i }) => i === 0 || Object.keys(g.metrics).some((id) => id.startsWith(`${family}.`)));
  const shown = all ? withFamily : withFamily.filter(({ g, i }) => i === 0 || !empty(g, family));
  return { shown, hidden: withFamily.length - shown.length };
}

/** Options of the text renderers: the reader's language, the standards' min_n and zone, whether to show empty groups. */
export interface TextOptions {
  lang: Lang;
  minN: number;
  zone: string;
  allGroups?: boolean;
}

/** Notes under the tables: variants, the example banner, what `*` and `(n=…)` mean. */
function notes(report: ComplianceReport, by: readonly GroupKey[], lang: Lang, minN: number, hidden: number): string[] {
  const m = msg(lang);
  const out: string[] = [];
  const city = report.groups[0];
  const sl = city?.metrics['calls.service_level'];
  if (sl) out.push(m.variantNote(sl.variant ?? '', sl.numerator ?? 0, sl.denominator ?? 0));
  const ot = city?.metrics['tickets.on_time_rate'];
  if (ot) out.push(m.ticketNote(ot.variant ?? '', report.cohort ?? 'created', ot.numerator ?? 0, ot.denominator ?? 0, Number(city?.metrics['tickets.no_target']?.value ?? 0)));
  if (report.groups.some((g) => !g.final)) out.push(m.notFinalNote);
  out.push(m.marksNote(VERDICT_MARK.missed, VERDICT_MARK.met));
  out.push(m.tooFewNote(minN));
  if (report.groups.some((g) => by.some((k) => g[k] !== null && partial(report, k, g[k]!)))) out.push(m.partialNote);
  if (hidden) out.push(m.hiddenGroupsNote(hidden));
  if (report.groups.some((g) => (['tickets.ttc_p50_days', 'tickets.ttc_p90_days'] as const).some((id) => g.metrics[id]?.value === null && g.metrics[id]?.denominator)))
    out.push(m.notReachedNote);
  for (const n of report.notices) out.push(noticeText(n, lang));
  if (report.examples.length) out.push(m.exampleBanner(report.examples));
  return out;
}

/** The terminal rendering: one table per family, red where a standard is missed, green where it is met. */
export function renderTable(report: ComplianceReport, by: readonly GroupKey[], o: TextOptions & { color: boolean }): string {
  const m = msg(o.lang);
  const lines = [heading(report, o.lang, o.zone)];
  let hidden = 0;
  if (report.examples.length) lines.push(o.color ? chalk.yellow(m.exampleBanner(report.examples)) : m.exampleBanner(report.examples));
  const paint = (text: string, v: string) => (o.color && v === 'missed' ? chalk.red(text) : o.color && v === 'met' ? chalk.green(text) : text);
  for (const s of sections(report)) {
    lines.push('', s.title === 'calls' ? m.sectionCalls : m.sectionTickets);
    const head = [...keyHead(by, o.lang), ...s.columns.map((id) => columnHead(id, report, o.lang))];
    const groups = groupsOf(report, s.title, o.allGroups ?? false);
    hidden += groups.hidden;
    const body = groups.shown.map(({ g, i }) => {
      const keys = keyCells(report, g, i, by, o.lang);
      const mark = s.title === 'tickets' && !g.final ? '*' : '';
      return [...keys.map((k, j) => (j === keys.length - 1 ? `${k}${mark}` : k)), ...s.columns.map((id) => paint(cell(id, g.metrics[id], o.lang), g.metrics[id]?.verdict ?? ''))];
    });
    lines.push(table(head, body, o.color));
  }
  lines.push(...notes(report, by, o.lang, o.minN, hidden));
  return lines.join('\n') + '\n';
}

/** Markdown: the same tables (verdicts in words), for a commission's document or a CI summary. */
export function renderMarkdown(report: ComplianceReport, by: readonly GroupKey[], o: TextOptions): string {
  const m = msg(o.lang);
  const esc = (s: string) => s.replaceAll('|', '\\|');
  const out = [`# ${heading(report, o.lang, o.zone)}`, ''];
  let hidden = 0;
  if (report.examples.length) out.push(`> ⚠ ${m.exampleBanner(report.examples)}`, '');
  for (const s of sections(report)) {
    out.push(`## ${s.title === 'calls' ? m.sectionCalls : m.sectionTickets}`, '');
    const head = [...keyHead(by, o.lang), ...s.columns.map((id) => columnHead(id, report, o.lang))];
    out.push(`| ${head.map(esc).join(' | ')} |`, `|${head.map((_, i) => (i < Math.max(1, by.length) ? ' --- ' : ' ---: ')).join('|')}|`);
    const groups = groupsOf(report, s.title, o.allGroups ?? false);
    hidden += groups.hidden;
    for (const { g, i } of groups.shown) {
      const keys = keyCells(report, g, i, by, o.lang, true).map((k, j, all) => (j === all.length - 1 && s.title === 'tickets' && !g.final ? `${k}*` : k));
      const cells = s.columns.map((id) => {
        const r = g.metrics[id];
        const v = cell(id, r, o.lang);
        return r && (r.verdict === 'met' || r.verdict === 'missed') ? `${v} (${m.verdictWord[r.verdict]})` : v;
      });
      out.push(`| ${[...keys, ...cells].map(esc).join(' | ')} |`);
    }
    out.push('');
  }
  out.push(...notes(report, by, o.lang, o.minN, hidden).map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}

/** One CSV field of a compliance table: formula-neutralised, quoted when it holds `sep`, a quote, CR or LF; null is empty. */
export function csvCell(raw: string | null, sep: string): string {
  if (raw === null) return '';
  const v = neutralizeFormula(raw);
  return v.includes(sep) || /["\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * CSV, one row per group × metric: the group keys, `metric`, `value`, `numerator`, `denominator`, `target`,
 * `verdict`, then `final` and `example`. Dialect `excel-fr` (what a French Excel opens by double-click): `;` separator, decimal comma, UTF-8 BOM.
 */
export function renderCsv(report: ComplianceReport, dialect: 'rfc4180' | 'excel-fr'): string {
  const sep = dialect === 'excel-fr' ? ';' : ',';
  const keys = GROUP_KEYS;
  const num = (v: number | null) => (v === null ? '' : dialect === 'excel-fr' ? String(v).replace('.', ',') : String(v));
  const esc = (raw: string | null) => csvCell(raw, sep);
  // The columns of the contract first, then what a spreadsheet user also needs (the cohort's finality, example targets).
  const lines = [[...keys, 'metric', 'value', 'numerator', 'denominator', 'target', 'verdict', 'final', 'example'].join(sep)];
  for (const g of report.groups) {
    for (const [id, r] of metricEntries(g.metrics)) {
      lines.push([...keys.map((k) => esc(g[k])), esc(id), num(r.value), num(r.numerator), num(r.denominator), num(r.target),
        r.verdict, String(g.final), String(r.example)].join(sep));
    }
  }
  return dialect === 'excel-fr' ? `\uFEFF${lines.join('\r\n')}\r\n` : `${lines.join('\n')}\n`;
}
