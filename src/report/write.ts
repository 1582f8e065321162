/**
 * Writes the report folder from the gathered numbers: `index.html`, `report.md`, `compliance.json`, `charts/*.vl.json`
 * and `*.svg` (and `*.png`), and `manifest.json`. Chart file names are fixed, never taken from the data, so nothing is
 * written outside the folder. The same numbers give the same bytes on any machine and under any process time zone;
 * only the manifest's `generated_at` differs between two runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { msg, word, type Lang } from '../messages.ts';
import { formatSpan, WEEKDAYS } from '../standards/sections/calendar.ts';
import { loadBoroughMap } from '../standards/boroughs.ts';
import { themeLabel } from '../standards/themes.ts';
import { resolveHolidays } from '../time/holidays.ts';
import { integer, noticeText, percent } from '../render/compliance.ts';
import { renderSvg } from '../render/charts.ts';
import { svgToPng } from '../render/png.ts';
import { VERSION } from '../version.ts';
import type { MetricId } from '../metrics/index.ts';
import type { ReportData } from './gather.ts';
import { buildFigures } from './figures.ts';
import type { Cell, Figure, Table } from './parts.ts';
import { followUpFigures, followUpHtml, followUpIntro, followUpTables, STALE_FILE } from './follow-up.ts';
import { renderRequestListCsv } from '../render/follow-up.ts';
import { headline, targetPercent } from './headline.ts';
import { esc, htmlTable, page, VERDICT_MARKS } from './html.ts';
import { dayWords, instantWords, periodWords, secondsWords } from '../time/words.ts';

export interface WrittenReport {
  files: string[];
  html: string;
}

/** `8 h 30 à 16 h 30` (fr) or `08:30–16:30` (en) for an opening span. */
function spanWords(span: { open: number; close: number }, lang: Lang): string {
  if (lang === 'en') return formatSpan(span).replace('-', '–');
  const w = (min: number) => `${Math.floor(min / 60)} h${min % 60 ? ` ${String(min % 60).padStart(2, '0')}` : ''}`;
  return `${w(span.open)} à ${w(span.close)}`;
}

/** A table as Markdown: the verdict marks beside the numbers, pipes escaped, text that a spreadsheet would run kept as text. */
function markdownTable(tb: Table): string {
  const cell = (c: Cell) => `${c.text}${c.verdict && c.num && VERDICT_MARKS[c.verdict] ? ` ${VERDICT_MARKS[c.verdict]}` : ''}`
    .replace(/^[=+\-@]/, "'$&").replaceAll('|', '\\|');
  return [`| ${tb.head.map((h) => cell({ text: h })).join(' | ')} |`, `|${tb.head.map((_, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`,
    ...tb.rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

const num = (text: string, verdict?: Cell['verdict']): Cell => ({ text, verdict, num: true });

/** The month's calls and requests by borough, as real tables (the numbers of compliance.json, in words). */
function boroughTables(d: ReportData, lang: Lang): { calls: Table | null; tickets: Table | null } {
  const m = msg(lang);
  const groups = d.month.groups;
  const label = (i: number, b: string | null) => (i === 0 ? m.report.cityWide : b ?? m.vocab.noBorough);
  const rate = (g: (typeof groups)[number], id: MetricId): Cell => {
    const x = g.metrics[id];
    if (!x || x.value === null) return num('–');
    const shown = percent(x.value, lang);
    return x.verdict === 'too_few' ? num(`${shown} (n = ${x.denominator})`, 'too_few') : num(shown, x.verdict);
  };
  const count = (g: (typeof groups)[number], id: MetricId) => num(g.metrics[id]?.value == null ? '–' : integer(Number(g.metrics[id]!.value), lang));
  const secs = (g: (typeof groups)[number], id: MetricId) => num(g.metrics[id]?.value == null ? '–' : `${Math.round(Number(g.metrics[id]!.value))} s`);
  const days = (g: (typeof groups)[number], id: MetricId) => {
    const x = g.metrics[id];
    return num(x?.value == null ? (x?.denominator ? '>' : '–') : Number(x.value).toFixed(1).replace('.', lang === 'fr' ? ',' : '.'));
  };
  const L = m.metricLabel;
  const callRows = groups.filter((g, i) => i === 0 || Number(g.metrics['calls.offered']?.value ?? 0) > 0);
  const ticketRows = groups.filter((g, i) => i === 0 || Number(g.metrics['tickets.created']?.value ?? 0) > 0
    || Number(g.metrics['tickets.backlog']?.value ?? 0) > 0);
  return {
    calls: d.hasCalls ? {
      head: [m.report.cols.borough!, L['calls.offered']!, L['calls.service_level']!, L['calls.abandonment_rate']!, L['calls.asa_seconds']!,
        L['calls.wait_p90_seconds']!, L['calls.long_wait_share']!, L['calls.answered_locally_share']!],
      rows: callRows.map((g) => [{ text: label(groups.indexOf(g), g.borough) }, count(g, 'calls.offered'), rate(g, 'calls.service_level'),
        rate(g, 'calls.abandonment_rate'), secs(g, 'calls.asa_seconds'), secs(g, 'calls.wait_p90_seconds'), rate(g, 'calls.long_wait_share'),
        rate(g, 'calls.answered_locally_share')]),
    } : null,
    tickets: d.hasTickets ? {
      head: [m.report.cols.borough!, L['tickets.created']!, L['tickets.on_time_rate']!, L['tickets.open_overdue']!, L['tickets.backlog']!,
        L['tickets.ttc_p50_days']!, L['tickets.ttc_p90_days']!],
      rows: ticketRows.map((g) => [{ text: label(groups.indexOf(g), g.borough) }, count(g, 'tickets.created'), rate(g, 'tickets.on_time_rate'),
        count(g, 'tickets.open_overdue'), count(g, 'tickets.backlog'), days(g, 'tickets.ttc_p50_days'), days(g, 'tickets.ttc_p90_days')]),
    } : null,
  };
}

export async function writeReport(d: ReportData, lang: Lang, dir: string, o: { png: boolean }): Promise<WrittenReport> {
  const m = msg(lang);
  const r = m.report;
  const s = d.standards;
  const zone = s.timezone;
  mkdirSync(join(dir, 'charts'), { recursive: true });
  const map = loadBoroughMap();
  const figures = [...buildFigures(d, lang, map), ...(d.followUp ? followUpFigures(d.followUp, lang, s.min_n) : [])];
  // The month's tables by borough are the numbers of the borough charts: the calls' under the service-level bars (the
  // answered-locally bars then need no table of their own), the requests' under the on-time map.
  const tables = boroughTables(d, lang);
  for (const f of figures) {
    if (f.name === 'service-level-by-borough' && tables.calls) f.tables = [tables.calls];
    if (f.name === 'answered-locally-by-borough' && tables.calls) f.tables = [];
    if (f.name === 'on-time-map' && tables.tickets) {
      f.tables = [tables.tickets];
      f.note = r.mapNoteBelow;
    }
  }
  const files = ['index.html', 'report.md', 'compliance.json'];
  const figureHtml = new Map<Figure['section'], string[]>([['calls', []], ['tickets', []], ['follow-up', []]]);
  let staffFig = '';
  const byName = new Map<string, string>();
  for (const f of figures) {
    if (!f.spec) continue;
    writeFileSync(join(dir, 'charts', `${f.name}.vl.json`), JSON.stringify(f.spec, null, 2) + '\n');
    const svg = await renderSvg(f.spec, lang, f.name);
    writeFileSync(join(dir, 'charts', `${f.name}.svg`), svg);
    files.push(`charts/${f.name}.vl.json`, `charts/${f.name}.svg`);
    if (o.png) {
      writeFileSync(join(dir, 'charts', `${f.name}.png`), await svgToPng(svg));
      files.push(`charts/${f.name}.png`);
    }
    const attribution = f.map ? ` <span class="source">${esc(map.attribution.replace(' (simplified)', ` (${r.simplified})`))} — <a href="https://donnees.montreal.ca/">donnees.montreal.ca</a></span>` : '';
    const tables = f.tables.length ? `<details><summary>${esc(r.dataTable)}</summary>${f.tables.map((tb) => htmlTable(tb)).join('\n')}</details>` : '';
    const html = `<figure id="${f.name}"><div class="chart">${svg.replace(/^<svg /, `<svg role="img" aria-label="${esc(f.title)}" `)}
<figcaption>${esc(f.note)}${attribution}</figcaption></div>
${tables}</figure>`;
    if (f.name === 'staffing') staffFig = html;
    else figureHtml.get(f.section)!.push(html);
    byName.set(f.name, html);
  }
  // compliance.json names the standards file by its name, never by a path of the machine that wrote it
  const json = { ...d.month, standards: { file: basename(d.month.standards.file), sha256: d.month.standards.sha256 } };
  writeFileSync(join(dir, 'compliance.json'), JSON.stringify(json, null, 2) + '\n');
  // the follow-up's numbers as `vigie follow-up --json` gives them for the same months and instant
  if (d.followUp?.result) {
    writeFileSync(join(dir, 'follow-up.json'), JSON.stringify(d.followUp.result, null, 2) + '\n');
    writeFileSync(join(dir, STALE_FILE), renderRequestListCsv(d.followUp.stale));
    files.push('follow-up.json', STALE_FILE);
  }

  const when = periodWords(d.month.period, lang);
  // the headline's 12-month series: the calls by month, with the requests of the window's first month beside them
  const series = d.trend.groups.slice(1).map((g) => ({ ...g, metrics: { ...g.metrics } }));
  const start = d.ticketsTrendStart?.groups[0];
  if (start) {
    const first = series.find((g) => g.month === d.trend.from);
    if (first) Object.assign(first.metrics, start.metrics);
    else series.unshift({ ...start, month: d.trend.from, metrics: { ...start.metrics } });
  }
  const items = headline({ period: d.month.period, city: d.month.groups[0], trend: series, trendFrom: d.trend.from,
    earlier: d.earlier ? { period: d.earlier.period, city: d.earlier.groups[0] } : null, hasCalls: d.hasCalls, hasTickets: d.hasTickets, standards: s }, lang);
  const examples = d.month.examples.length ? r.exampleBanner(d.month.examples) : null;
  const notices = d.notices.map((n) => noticeText(n, lang));
  const sec = (id: string, heading: string, body: string) => ({ id, heading, body });
  const sections = [];
  const callBody = [...figureHtml.get('calls')!];
  const groupRows = s.borough_groups.map((bg) => {
    const parts = d.month.groups.slice(1).filter((g) => g.borough !== null && bg.boroughs.includes(g.borough));
    const n = parts.reduce((a, g) => a + (g.metrics['calls.service_level']?.numerator ?? 0), 0);
    const den = parts.reduce((a, g) => a + (g.metrics['calls.service_level']?.denominator ?? 0), 0);
    return [{ text: bg.name }, num(integer(bg.boroughs.length, lang)), num(percent(den ? n / den : null, lang)), num(integer(n, lang)), num(integer(den, lang))];
  });
  if (groupRows.length && d.hasCalls) callBody.push(`<h3>${esc(r.groups)}</h3><p class="legend">${esc(r.noteGroups)}</p>${htmlTable({ head: r.groupCols, rows: groupRows })}`);
  if (d.hasCalls) {
    const g = d.staff.groups[0];
    const staffText = g ? r.staffingText(integer(Math.round(g.agent_hours_per_week_erlang_a), lang), integer(Math.round(g.agent_hours_per_week_erlang_c), lang),
      targetPercent(d.staff.standard.target, lang), secondsWords(d.staff.standard.threshold_seconds, lang),
      g.patience_seconds === null ? null : secondsWords(Math.round(g.patience_seconds), lang),
      g.cost_per_week === null ? null : `${integer(g.cost_per_week, lang)} ${s.calls.staffing.currency ?? ''}`.trim()) : '';
    callBody.push(`<h3>${esc(r.staffing)}</h3><p>${esc(staffText)}</p>${staffFig}`);
    sections.push(sec('calls', r.sectionCalls, callBody.join('\n')));
  }
  if (d.hasTickets) {
    const worst = d.worst.length ? `<h3>${esc(r.worst)}</h3><p class="legend">${esc(r.noteWorst(s.min_n))}</p>${htmlTable({ head: r.worstCols,
      rows: d.worst.map((w) => [{ text: w.category }, { text: w.theme === null ? m.vocab.noTheme : themeLabel(w.theme, lang) }, num(percent(w.value, lang)),
        num(integer(w.numerator, lang)), num(integer(w.denominator, lang))]) })}` : '';
    sections.push(sec('tickets', r.sectionTickets, [...figureHtml.get('tickets')!, worst].join('\n')));
  }
  if (d.followUp) sections.push(sec('follow-up', m.followUp.report.section, followUpHtml(d.followUp, byName, lang, zone)));
  const findingText = m.finding as Record<string, string>;
  sections.push(sec('quality', r.quality, `<p class="legend">${esc(r.noteQuality)}</p>${htmlTable({ head: r.qualityCols,
    rows: d.quality.map((q) => [{ text: q.file }, { text: word(lang, 'kind', q.kind) }, { text: instantWords(q.snapshot_time, zone, lang) },
      num(integer(q.read, lang)), num(integer(q.rejected, lang)),
      { text: q.findings.map((f) => r.findingItem(findingText[f.code] ?? f.code, word(lang, 'severity', f.severity), integer(f.count, lang))).join(' ; ') || '–' }]) })}`));
  const sl = s.calls.service_level;
  const year = Number(d.month.to.slice(0, 4));
  const hours = WEEKDAYS.map((w, i) => `${m.weekdays[i] ?? w} ${(s.calendar.business_hours[i] ?? []).map((sp) => spanWords(sp, lang)).join(', ') || m.stdClosed}`)
    .join(', ');
  const methodItems = r.methodItems({
    variant: sl.variant, T: secondsWords(sl.threshold_seconds, lang), strict: sl.boundary === '<', target: sl.target === null ? null : targetPercent(sl.target, lang),
    abandonMax: s.calls.abandonment.max === null ? null : targetPercent(s.calls.abandonment.max, lang), longWait: secondsWords(s.calls.long_wait.seconds, lang),
    longMax: s.calls.long_wait.max_share === null ? null : targetPercent(s.calls.long_wait.max_share, lang),
    onTime: s.tickets.default.on_time_variant, business: s.tickets.default.clock === 'business', cohort: d.month.cohort ?? s.tickets.default.cohort, zone,
    minN: s.min_n, asOf: instantWords(d.month.as_of, zone, lang), year, hours,
    holidays: resolveHolidays(s.calendar, year).map((h) => `${dayWords(h.date, lang, false)} (${h.name[lang]})`),
  });
  sections.push(sec('methods', r.methods, `<ul>${methodItems.map((x) => `<li>${esc(x)}</li>`).join('\n')}</ul>
<p>${esc(r.methodsText)}</p>
<p>${esc(r.standardsFile(basename(s.file), s.sha256))}</p>
<h3>${esc(r.inputs)}</h3>
${htmlTable({ head: r.inputCols, rows: d.quality.map((q) => [{ text: q.file }, { text: word(lang, 'kind', q.kind) }, { text: instantWords(q.snapshot_time, zone, lang) },
    { text: q.sha256 }]) })}`));
  const legend = r.marksLegend(VERDICT_MARKS.missed, VERDICT_MARKS.met, s.min_n);
  const html = page({
    lang, title: r.title(s.city, when), subtitle: r.asOf(instantWords(d.month.as_of, zone, lang)), banner: examples,
    notices: notices.length ? { heading: r.notices, items: notices } : null,
    headline: { heading: r.headlines, items: items.map((h) => ({ text: h.text, verdict: h.verdict })) }, sections, legend,
  });
  writeFileSync(join(dir, 'index.html'), html);
  writeFileSync(join(dir, 'report.md'), markdownReport(d, lang, { title: r.title(s.city, when), examples, notices, items, legend, tables }));
  return { files, html };
}

/** report.md: the page's words and tables without its charts. */
function markdownReport(d: ReportData, lang: Lang, p: { title: string; examples: string | null; notices: string[]; items: { text: string }[];
  legend: string; tables: { calls: Table | null; tickets: Table | null } }): string {
  const m = msg(lang);
  const r = m.report;
  const zone = d.standards.timezone;
  const md = [`# ${p.title}`, '', r.asOf(instantWords(d.month.as_of, zone, lang)), '', ...(p.examples ? [`> ${p.examples}`, ''] : []),
    ...(p.notices.length ? [`## ${r.notices}`, '', ...p.notices.map((n) => `- ${n}`), ''] : []),
    `## ${r.headlines}`, '', ...p.items.map((h) => `- ${h.text}`), '', p.legend, ''];
  if (p.tables.calls) md.push(`## ${r.tableCalls}`, '', markdownTable(p.tables.calls), '');
  if (p.tables.tickets) md.push(`## ${r.tableTickets}`, '', markdownTable(p.tables.tickets), '');
  if (d.followUp) {
    md.push(`## ${m.followUp.report.section}`, '', ...followUpIntro(d.followUp, lang, zone).flatMap((x) => [x, '']));
    if (d.followUp.result) {
      const fu = followUpTables(d.followUp.result, lang);
      md.push(markdownTable(fu.counts), '', markdownTable(fu.rates), '');
    }
  }
  return md.join('\n');
}

/** The manifest: what was read, what was written, under which standards, and when (the only field that changes). */
export function manifest(d: ReportData, lang: Lang, files: string[], now: Date): Record<string, unknown> {
  return {
    tool: 'vigie', version: VERSION, period: d.month.period, as_of: d.month.as_of, zone: d.standards.timezone, lang,
    generated_at: now.toISOString(),
    standards: { file: basename(d.standards.file), sha256: d.standards.sha256 },
    inputs: d.quality.map(({ drop_id, file, sha256, source, format, kind, snapshot_time }) => ({ drop_id, file, sha256, source, format, kind, snapshot_time })),
    files,
  };
}
