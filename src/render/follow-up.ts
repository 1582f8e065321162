/**
 * The follow-up of requests as text: terminal tables, Markdown and CSV (one row per group, or one for the whole
 * selection without `--by`), and the list of requests of one kind. Numbers come from src/compliance/follow-up.ts.
 */
import type { FollowKey, FollowUpResult, ListedRequest, Counts, FollowGroup } from '../compliance/follow-up.ts';
import type { KmValue } from '../metrics/kaplan-meier.ts';
import type { Ratio } from '../metrics/proportion.ts';
import { int, msg, type Lang } from '../messages.ts';
import { formatInstant } from '../time/zone.ts';
import { csvCell, percent } from './compliance.ts';
import { table } from './table.ts';

/** The follow-up's counts, in the order every table shows them. */
export const COUNT_KEYS: (keyof Counts)[] = ['tracked', 'reopened', 'bounced', 'bounced_twice', 'stale_open', 'repeats_after_close', 'vanished',
  'resolved_once'];

export interface FollowTextOptions {
  lang: Lang;
  zone: string;
  by: readonly FollowKey[];
  from: string | null;
  to: string | null;
  staleDays: number;
  repeatDays: number;
  repeatMetres: number;
}

/** A Kaplan–Meier value in days as text: the number, or "> follow-up" when the curve does not fall that low. */
export function kmText(v: KmValue, lang: Lang): string {
  const m = msg(lang).followUp;
  return v.value === null ? (v.note === 'beyond_follow_up' ? m.beyond : m.none) : lang === 'fr' ? String(v.value).replace('.', ',') : String(v.value);
}

const share = (r: Ratio, lang: Lang) => (r.value === null ? '–' : `${percent(r.value, lang)} (${int(r.numerator, lang)}/${int(r.denominator, lang)})`);

/** The tables of the summary, the times and, with `--by`, the groups; the notes after. */
function blocks(r: FollowUpResult, o: FollowTextOptions): { title: string; head: string[]; body: (string | number)[][] }[] {
  const m = msg(o.lang).followUp;
  const d = r.details;
  const summary = COUNT_KEYS.map((k) => [m.counts[k]!, int(r.summary[k], o.lang)]);
  const rates = [[m.reopen30, share(d.reopen_30, o.lang)], [m.reopen90, share(d.reopen_90, o.lang)],
    [m.repeatRate(o.repeatDays, o.repeatMetres), share(d.repeat, o.lang)]];
  const out = [
    { title: m.requests, head: [m.measure, m.requests], body: summary },
    { title: m.share, head: [m.measure, m.share], body: rates },
    { title: m.aging, head: [m.days, m.requests], body: Object.entries(d.aging).map(([b, n]) => [b, int(n, o.lang)]) },
    { title: m.timeInStatus, head: [m.status, m.spells, m.median, m.p90, m.medianBusiness, m.p90Business], body: [
      [m.firstClose, '', kmText(r.time_to_first_close.median_days, o.lang), kmText(r.time_to_first_close.p90_days, o.lang), '', ''],
      [m.finalClose, '', kmText(r.time_to_final_close.median_days, o.lang), kmText(r.time_to_final_close.p90_days, o.lang), '', ''],
      ...r.time_in_status.map((s) => [s.status, int(s.spells, o.lang), kmText(s.median_days, o.lang), kmText(s.p90_days, o.lang),
        kmText(s.median_business_days, o.lang), kmText(s.p90_business_days, o.lang)]),
    ] },
  ];
  if (o.by.length) {
    out.push({ title: o.by.join(' × '), head: [...o.by.map((k) => keyWord(k, o.lang)), ...COUNT_KEYS.map((k) => m.counts[k]!), m.reopen30],
      body: r.groups.map((g) => [...o.by.map((k) => g.key[k] ?? m.noBorough), ...COUNT_KEYS.map((k) => int(g[k], o.lang)), share(g.reopen_30, o.lang)]) });
  }
  return out;
}

function keyWord(k: FollowKey, lang: Lang): string {
  const c = msg(lang).col as Record<string, string | undefined>;
  return c[k] ?? k;
}

/** The notes under the tables: the snapshot cadence ("at least" counts), then what was left out or set apart. */
export function followUpNotes(r: FollowUpResult, o: { lang: Lang; cadence?: boolean }): string[] {
  const m = msg(o.lang).followUp;
  const d = r.details;
  return [
    ...(o.cadence === false ? [] : [m.snapshots(r.snapshots.count, r.snapshots.cadence_days, r.snapshots.gaps.length)]),
    ...(d.reopened_within_24h ? [m.quick(d.reopened_within_24h)] : []), ...(d.ping_pong ? [m.pingPong(d.ping_pong)] : []),
    ...(d.first_seen_late ? [m.late(d.first_seen_late)] : []), ...(d.no_location ? [m.noLocation(d.no_location)] : []),
    ...(d.negative_durations ? [m.negative(d.negative_durations)] : []),
  ];
}

const heading = (r: FollowUpResult, o: FollowTextOptions) => msg(o.lang).followUp.heading(formatInstant(o.zone, Date.parse(r.as_of)), o.from, o.to);

export function renderFollowUpTable(r: FollowUpResult, o: FollowTextOptions & { color: boolean }): string {
  const parts = [heading(r, o)];
  for (const b of blocks(r, o)) parts.push('', table(b.head, b.body, o.color));
  parts.push('', ...followUpNotes(r, o));
  return parts.join('\n') + '\n';
}

export function renderFollowUpMarkdown(r: FollowUpResult, o: FollowTextOptions): string {
  const esc = (s: string | number) => String(s).replaceAll('|', '\\|');
  const out = [`# ${heading(r, o)}`, ''];
  for (const b of blocks(r, o)) {
    out.push(`## ${esc(b.title)}`, '', `| ${b.head.map(esc).join(' | ')} |`, `|${b.head.map((_, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`);
    for (const row of b.body) out.push(`| ${row.map(esc).join(' | ')} |`);
    out.push('');
  }
  out.push(...followUpNotes(r, o).map((x) => `- ${x}`));
  return out.join('\n') + '\n';
}

/** CSV: the group keys, the counts, then the 30- and 90-day reopen rates with their numerators and denominators. */
export function renderFollowUpCsv(r: FollowUpResult, by: readonly FollowKey[]): string {
  const head = [...by, ...COUNT_KEYS, 'reopen_30', 'reopen_30_numerator', 'reopen_30_denominator', 'reopen_90', 'reopen_90_numerator',
    'reopen_90_denominator'];
  const line = (key: FollowGroup['key'], c: Counts, r30: Ratio, r90: Ratio) => [...by.map((k) => csvCell(key[k] ?? null, ',')),
    ...COUNT_KEYS.map((k) => String(c[k])), ...[r30, r90].flatMap((x) => [x.value === null ? '' : String(x.value), String(x.numerator), String(x.denominator)])].join(',');
  const lines = by.length ? r.groups.map((g) => line(g.key, g, g.reopen_30, g.reopen_90)) : [line({}, r.summary, r.details.reopen_30, r.details.reopen_90)];
  return `${[head.join(','), ...lines].join('\n')}\n`;
}

export function renderRequestList(kind: string, list: ListedRequest[], o: { lang: Lang; zone: string; color: boolean }): string {
  const m = msg(o.lang).followUp;
  const c = m.listCols;
  const day = (iso: string | null) => (iso === null ? '' : formatInstant(o.zone, Date.parse(iso)).slice(0, 10));
  const body = list.map((x) => [x.id, x.borough ?? '', x.category ?? '', x.unit_path ?? x.unit ?? '', day(x.created_at), day(x.first_close_at),
    day(x.reopen_at), day(x.last_change_at), x.repeat_id ?? '']);
  return `${m.listHeading(kind, list.length)}\n\n${table([c.id!, c.borough!, c.category!, c.path!, c.created!, c.closed!, c.reopened!, c.change!, c.repeat!], body, o.color)}\n`;
}

/** The listed requests as CSV, one line each, every field of the JSON list (UTC instants as ISO 8601). */
export function renderRequestListCsv(list: ListedRequest[]): string {
  const cols: (keyof ListedRequest)[] = ['id', 'source', 'borough', 'category', 'theme', 'unit', 'unit_path', 'address', 'status', 'created_at',
    'first_close_at', 'reopen_at', 'last_change_at', 'transfers', 'repeat_id'];
  const lines = list.map((x) => cols.map((c) => csvCell(x[c] === null ? null : String(x[c]), ',')).join(','));
  return `${[cols.join(','), ...lines].join('\n')}\n`;
}
