/**
 * `vigie report --period 2018-09`: the commission's report (DESIGN §9), written into `./reports/<period>/` (or
 * `--out DIR`):
 * - `compliance.json` (the JSON of DESIGN §6, by borough, both families), `report.md` (its tables);
 * - `charts/*.vl.json` (Vega-Lite specs with their data, editable), `charts/*.svg`, and `charts/*.png` with `--png`;
 *   chart file names are fixed, never taken from the data, so nothing is written outside the folder;
 * - `index.html`, self-contained (SVG inlined, no script, no link to anything outside but the map's attribution, print
 *   CSS for US-letter paper), each chart followed by a table of its numbers; `report.pdf` with `--pdf` (headless
 *   Chromium found on the machine). The page's content sits in one table whose header is the example-targets banner:
 *   printing repeats a table's header on every page (the screen shows the table as plain blocks);
 * - `manifest.json`: the drops read (file, sha256, snapshot), the standards file and its sha256, as-of, zone, tool
 *   version, the files written, and the generation time (the only field that differs between two runs).
 * The numbers all come from src/compliance/report.ts, the function `vigie compliance` uses. With `--as-of`, every
 * number (calls, tickets, the drops listed) is read from the store as it was known then, so a past month's report is
 * reproduced byte for byte after later drops.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg, type Lang } from '../messages.ts';
import { openStore, resolveStorePath } from '../store/db.ts';
import { formatSpan, loadStandards, WEEKDAYS } from '../standards/standards.ts';
import { resolveHolidays } from '../time/business.ts';
import { computeCompliance, type ComplianceReport } from '../compliance/report.ts';
import { integer, renderMarkdown, percent } from '../render/compliance.ts';
import { channelTrendSpec, heatmapSpec, hourWeekdaySpec, mapSpec, rateByGroupSpec, renderSvg, stackedSpec, staffingSpec, trendSpec, waitHistogramSpec,
  type VlSpec } from '../render/charts.ts';
import { svgToPng } from '../render/png.ts';
import { findChromium, printPdf, CHROMIUM_NAMES } from '../render/pdf.ts';
import { loadBoroughMap } from '../standards/boroughs.ts';
import { channelMixByMonth, dataQuality, serviceLevelByHour, waitHistogram, type DropQuality, type HourCell } from '../compliance/profile.ts';
import { staffing, type StaffingResult } from '../compliance/staffing.ts';
import { parsePeriod } from '../time/periods.ts';
import { AGING_BUCKETS } from '../metrics/index.ts';
import { TICKET_CHANNELS, worstCategories } from '../compliance/tickets.ts';
import { VERSION } from '../version.ts';
import { parseChoice, parseInstant } from './options.ts';
import { lockWait } from './import.ts';

export interface ReportOptions {
  store?: string | undefined;
  standards?: string | undefined;
  period?: string | undefined;
  asOf?: string | undefined;
  out?: string | undefined;
  lang?: string | undefined;
  png?: boolean | undefined;
  pdf?: boolean | undefined;
  chromium?: string | undefined;
}

/** `2018-09` → « septembre 2018 » / "September 2018"; other period labels as they are. */
export function periodWords(period: string, lang: Lang): string {
  const mt = /^(\d{4})-(\d{2})$/.exec(period);
  if (!mt) return period;
  const name = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { month: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(Number(mt[1]), Number(mt[2]) - 1, 15)));
  return lang === 'fr' ? `${name} ${mt[1]}` : `${name[0]!.toUpperCase()}${name.slice(1)} ${mt[1]}`;
}

/** Escapes text for HTML content and double-quoted attributes (the only kind the page uses). */
const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The 12 months ending with `month` (`YYYY-MM`), oldest first. */
function twelveMonths(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = y * 12 + (m - 1) - 11;
  return { from: `${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, '0')}`, to: month };
}

/** The same period a year earlier: `2018-09` → `2017-09`, `2018-Q3` → `2017-Q3`, `2018` → `2017`; null otherwise. */
export function yearEarlier(period: string): string | null {
  const mt = /^(\d{4})(-(?:\d{2}|Q[1-4]))?$/.exec(period);
  return mt ? `${Number(mt[1]) - 1}${mt[2] ?? ''}` : null;
}

/** A chart's numbers as a table (the text alternative of the chart): the listed fields of its data rows. */
interface Chart {
  name: string;
  title: string;
  spec: VlSpec | null;
  /** The data fields shown in the chart's table, and how: a rate (`pct`), a count (`int`), or text. */
  fields: [string, 'pct' | 'int' | 'text'][];
  note?: string;
}

function chartTable(c: Chart, lang: Lang): string {
  const r = msg(lang).report;
  const values = ((c.spec?.data as { values?: Record<string, unknown>[] } | undefined)?.values ?? [])
    .map((v) => (v.properties && typeof v.properties === 'object' ? v.properties as Record<string, unknown> : v));
  const show = (v: unknown, kind: 'pct' | 'int' | 'text') => v === null || v === undefined ? '–'
    : kind === 'pct' ? percent(Number(v), lang) : kind === 'int' ? integer(Number(v), lang) : String(v);
  return `<details><summary>${esc(r.dataTable)}</summary><table>
<tr>${c.fields.map(([f]) => `<th>${esc(r.cols[f] ?? f)}</th>`).join('')}</tr>
${values.map((v) => `<tr>${c.fields.map(([f, k]) => `<td>${esc(show(v[f], k))}</td>`).join('')}</tr>`).join('\n')}
</table></details>`;
}

/** The inlined SVG, announced as one image with the chart's title to screen readers. */
function accessibleSvg(svg: string, title: string): string {
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${esc(title)}" `);
}

export async function runReport(o: ReportOptions, io: Io): Promise<number> {
  const m = msg(io.lang);
  const standards = loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), io.lang);
  const lang: Lang = o.lang !== undefined ? parseChoice('--lang', o.lang, ['fr', 'en'] as const, io.lang)
    : standards.locale.startsWith('en') ? 'en' : 'fr';
  const r = msg(lang).report;
  const asOf = o.asOf !== undefined ? parseInstant('--as-of', o.asOf, io.lang, standards.timezone) : null;
  // --pdf: find Chromium before any work, so that a missing one is said at once (the HTML is still written).
  const chromium = o.pdf ? findChromium(o.chromium, io.env) : null;
  const store = await openStore({ path: resolveStorePath(o.store, io.env, io.cwd), readOnly: true, lang: io.lang, lockWaitSeconds: lockWait(io) });
  let report: ComplianceReport;
  let earlier: ComplianceReport | null = null;
  let trend: ComplianceReport;
  let byTheme: ComplianceReport;
  let byBoroughTheme: ComplianceReport;
  let staff: StaffingResult;
  let hours: HourCell[];
  let waits: { from: number; calls: number }[];
  let channels: Awaited<ReturnType<typeof channelMixByMonth>>;
  let quality: DropQuality[];
  let worst: Awaited<ReturnType<typeof worstCategories>>;
  try {
    const req = { kind: 'all' as const, asOf, source: undefined, cohort: undefined, standards, lang: io.lang, now: io.now() };
    // The month's three ticket groupings one after the other (they share the per-ticket tables), then the worst
    // categories (which read them), then the other periods.
    report = await computeCompliance(store.conn, { ...req, period: o.period, by: ['borough'] });
    byTheme = await computeCompliance(store.conn, { ...req, kind: 'tickets', period: report.period, by: ['theme'] });
    byBoroughTheme = await computeCompliance(store.conn, { ...req, kind: 'tickets', period: report.period, by: ['borough', 'theme'] });
    worst = await worstCategories(store.conn, standards.tickets.default.on_time_variant, standards.min_n);
    const before = yearEarlier(report.period);
    // The year-earlier headline and the trend chart show the calls' service level only: no other call metric to compute.
    if (before) earlier = await computeCompliance(store.conn, { ...req, period: before, by: [], callMetrics: 'service_level' });
    trend = await computeCompliance(store.conn, { ...req, kind: 'calls', ...twelveMonths(report.to), by: ['month'], callMetrics: 'service_level' });
    const p = parsePeriod({ period: report.period }, standards.timezone, io.lang, report.from);
    staff = await staffing(store.conn, { fromUtc: p.fromUtc, toUtc: p.toUtc, fromMonth: p.from, toMonth: p.to, by: null, intervalMinutes: 30,
      shrinkage: standards.calls.staffing.shrinkage, standards, asOf });
    hours = await serviceLevelByHour(store.conn, p.fromUtc, p.toUtc, standards, asOf);
    waits = await waitHistogram(store.conn, p.fromUtc, p.toUtc, asOf);
    quality = await dataQuality(store.conn, asOf);
    const y = parsePeriod(twelveMonths(report.to), standards.timezone, io.lang, report.from);
    channels = await channelMixByMonth(store.conn, y.fromUtc, y.toUtc, standards, asOf);
  } finally {
    store.close();
  }
  const dir = resolve(io.cwd, o.out ?? join('reports', report.period));
  mkdirSync(join(dir, 'charts'), { recursive: true });

  const when = periodWords(report.period, lang);
  const trendPeriod = trend.period;
  const slTarget = report.groups[0]?.metrics['calls.service_level']?.target ?? null;
  const otTarget = byTheme.groups[0]?.metrics['tickets.on_time_rate']?.target ?? null;
  const map = loadBoroughMap();
  const rateFields: Chart['fields'] = [['group', 'text'], ['value', 'pct'], ['lo', 'pct'], ['hi', 'pct'], ['n', 'int']];
  const mapFields: Chart['fields'] = [['name', 'text'], ['value', 'pct'], ['n', 'int']];
  const T = standards.calls.service_level.threshold_seconds;
  const charts: Chart[] = [
    { name: 'service-level-by-borough', title: r.chartSlBorough(when), fields: rateFields,
      spec: rateByGroupSpec(report.groups, 'calls.service_level', 'borough', r.chartSlBorough(when), lang) },
    { name: 'service-level-map', title: r.chartMapSl(when), fields: mapFields, note: r.mapNote,
      spec: mapSpec(map, report.groups, 'calls.service_level', r.chartMapSl(when), lang) },
    { name: 'service-level-trend', title: r.chartTrend(trend.period), fields: [['month', 'text'], ['value', 'pct']],
      spec: trendSpec(trend.groups.slice(1).map((g) => ({ month: g.month ?? '', value: g.metrics['calls.service_level']?.value ?? null })),
        trend.groups[0]?.metrics['calls.service_level']?.target ?? null, r.chartTrend(trend.period), lang) },
    { name: 'service-level-by-hour', title: r.chartHours(when), fields: [['day', 'text'], ['hour', 'text'], ['value', 'pct'], ['calls', 'int']],
      spec: hourWeekdaySpec(hours, r.chartHours(when), lang, slTarget) },
    { name: 'wait-distribution', title: r.chartWaits(when, T), fields: [['from', 'int'], ['calls', 'int']],
      spec: waitHistogramSpec(waits, T, r.chartWaits(when, T), lang) },
    { name: 'answered-locally-by-borough', title: r.chartLocal(when), fields: rateFields,
      spec: rateByGroupSpec(report.groups, 'calls.answered_locally_share', 'borough', r.chartLocal(when), lang, r.axisLocal) },
    { name: 'on-time-by-theme', title: r.chartOnTime(when), fields: rateFields,
      spec: rateByGroupSpec(byTheme.groups, 'tickets.on_time_rate', 'theme', r.chartOnTime(when), lang) },
    { name: 'on-time-map', title: r.chartMapOnTime(when), fields: mapFields, note: r.mapNote,
      spec: mapSpec(map, report.groups, 'tickets.on_time_rate', r.chartMapOnTime(when), lang) },
    { name: 'on-time-borough-theme', title: r.chartHeat(when), fields: [['row', 'text'], ['col', 'text'], ['value', 'pct'], ['n', 'int']],
      spec: heatmapSpec(byBoroughTheme.groups, 'tickets.on_time_rate', 'borough', 'theme', r.chartHeat(when), lang, otTarget) },
    { name: 'backlog-aging-by-theme', title: r.chartAging(when), fields: [['group', 'text'], ['part', 'text'], ['value', 'int']],
      spec: stackedSpec(byTheme.groups, 'theme', AGING_BUCKETS.map((b) => ({ id: `tickets.aging.${b}`, label: r.aging[b] ?? b })), r.chartAging(when), lang) },
    { name: 'channel-mix', title: r.chartChannels(trendPeriod), fields: [['month', 'text'], ['channel', 'text'], ['tickets', 'int']],
      spec: channelTrendSpec(channels, TICKET_CHANNELS, r.chartChannels(trendPeriod), lang) },
    { name: 'staffing', title: r.chartStaffing(when), fields: [['day', 'text'], ['start', 'text'], ['agents', 'int'], ['calls', 'text']],
      spec: staffingSpec(staff.intervals, r.chartStaffing(when), lang) },
  ];
  // Borough groups (standards `borough_groups`): each group's service level from the summed counts of its boroughs.
  const groupRows = standards.borough_groups.map((bg) => {
    const parts = report.groups.slice(1).filter((g) => g.borough !== null && bg.boroughs.includes(g.borough));
    const num = parts.reduce((a, g) => a + (g.metrics['calls.service_level']?.numerator ?? 0), 0);
    const den = parts.reduce((a, g) => a + (g.metrics['calls.service_level']?.denominator ?? 0), 0);
    return { name: bg.name, boroughs: bg.boroughs.length, num, den, value: den ? num / den : null };
  });
  const files = ['index.html', 'report.md', 'compliance.json'];
  const figures: string[] = [];
  for (const c of charts) {
    if (!c.spec) continue;
    writeFileSync(join(dir, 'charts', `${c.name}.vl.json`), JSON.stringify(c.spec, null, 2) + '\n');
    const svg = await renderSvg(c.spec, lang, c.name);
    writeFileSync(join(dir, 'charts', `${c.name}.svg`), svg);
    files.push(`charts/${c.name}.vl.json`, `charts/${c.name}.svg`);
    if (o.png) {
      writeFileSync(join(dir, 'charts', `${c.name}.png`), await svgToPng(svg));
      files.push(`charts/${c.name}.png`);
    }
    const attribution = c.name.endsWith('-map')
      ? ` <span class="source">${esc(map.attribution)} — <a href="https://donnees.montreal.ca/">donnees.montreal.ca</a></span>` : '';
    figures.push(`<figure id="${c.name}">${accessibleSvg(svg, c.title)}<figcaption>${esc(c.title)}${c.note ? ` ${esc(c.note)}` : ''}${attribution}</figcaption>
${chartTable(c, lang)}</figure>`);
  }
  writeFileSync(join(dir, 'compliance.json'), JSON.stringify(report, null, 2) + '\n');
  const md = renderMarkdown(report, ['borough'], { lang, minN: standards.min_n });
  writeFileSync(join(dir, 'report.md'), md);

  const city = report.groups[0]!;
  const sl = city.metrics['calls.service_level'];
  const ot = city.metrics['tickets.on_time_rate'];
  const compare = (id: string) => {
    const now = city.metrics[id]?.value ?? null;
    const then = earlier?.groups[0]?.metrics[id]?.value ?? null;
    if (now === null || then === null || !earlier) return '';
    const d = (now - then) * 100;
    const diff = `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1).replace('.', lang === 'fr' ? ',' : '.')}`;
    return ` ${r.yearAgo(percent(then, lang), periodWords(earlier.period, lang), diff)}`;
  };
  const headline = [
    sl ? r.headlineCalls(percent(sl.value, lang), percent(sl.target, lang), sl.numerator ?? 0, sl.denominator ?? 0, sl.variant ?? '')
      + compare('calls.service_level') : null,
    ot ? r.headlineTickets(percent(ot.value, lang), ot.target === null ? null : percent(ot.target, lang), ot.numerator ?? 0, ot.denominator ?? 0,
      ot.variant ?? '', ot.example) + compare('tickets.on_time_rate') : null,
  ].filter((x): x is string => x !== null);
  const sl0 = standards.calls.service_level;
  const year = Number(report.to.slice(0, 4));
  const methodItems = r.methodItems({
    variant: sl0.variant, T: sl0.threshold_seconds, boundary: sl0.boundary, target: sl0.target === null ? null : percent(sl0.target, lang),
    abandonMax: standards.calls.abandonment.max === null ? null : percent(standards.calls.abandonment.max, lang),
    longWait: standards.calls.long_wait.seconds, onTime: standards.tickets.default.on_time_variant, clock: standards.tickets.default.clock,
    cohort: report.cohort ?? standards.tickets.default.cohort, zone: standards.timezone, minN: standards.min_n, asOf: report.as_of,
    hours: WEEKDAYS.map((d, i) => `${msg(lang).weekday[d] ?? d} ${standards.calendar.business_hours[i]?.map(formatSpan).join(', ') || '–'}`).join(', '),
    holidays: resolveHolidays(standards.calendar, year).map((h) => `${h.date} ${h.name[lang]}`),
  });
  const inputs = quality.map(({ drop_id, file, sha256, source, format, kind, snapshot_time }) => ({ drop_id, file, sha256, source, format, kind,
    snapshot_time }));
  const findingText = msg(lang).finding as Record<string, string>;
  const title = r.title(standards.city || 'vigie', when);
  const banner = report.examples.length ? `<p class="banner">${esc(msg(lang).exampleBanner(report.examples))}</p>` : '';
  const table = (head: string[], body: string[][]) => `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>
${body.map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}
</table>`;
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.banner { background: #fff3cd; border: 1px solid #e0c36c; padding: .5rem .8rem; }
figure { margin: 1.5rem 0; page-break-inside: avoid; break-inside: avoid; } figcaption { font-size: .9rem; color: #444; }
figure svg { max-width: 100%; height: auto; }
.source { display: block; font-size: .75rem; color: #555; }
details { font-size: .8rem; margin-top: .3rem; }
pre { white-space: pre-wrap; font-size: .8rem; }
table { border-collapse: collapse; font-size: .85rem; } td, th { border: 1px solid #ccc; padding: .2rem .4rem; text-align: left; }
@page { size: letter; margin: 18mm 15mm; }
table.pages, table.pages > * > tr > td { border: 0; padding: 0; font-size: inherit; }
@media screen { table.pages, table.pages > thead, table.pages > tbody, table.pages > * > tr, table.pages > * > tr > td { display: block; } }
@media print {
  body { margin: 0; max-width: none; padding: 0; }
  details > summary { display: none; }
  details:not([open]) { display: none; }
  .banner { margin: 0 0 4mm; font-size: .7rem; }
  h2 { break-after: avoid; }
}
</style>
</head>
<body>
<table class="pages">${banner ? `<thead><tr><td>${banner}</td></tr></thead>` : ''}<tbody><tr><td>
<h1>${esc(title)}</h1>
<p>${esc(r.asOf(report.as_of))}</p>
<h2>${esc(r.headlines)}</h2>
<ul>${headline.map((h) => `<li>${esc(h)}</li>`).join('')}</ul>
${figures.join('\n')}
${groupRows.length ? `<h2>${esc(r.groups)}</h2>
${table(r.groupCols, groupRows.map((g) => [g.name, String(g.boroughs), percent(g.value, lang), `${integer(g.num, lang)} / ${integer(g.den, lang)}`]))}` : ''}
${worst.length ? `<h2>${esc(r.worst(standards.min_n))}</h2>
${table(r.worstCols, worst.map((w) => [w.category, w.theme ?? '–', percent(w.value, lang), `${integer(w.numerator, lang)} / ${integer(w.denominator, lang)}`]))}` : ''}
<h2>${esc(r.staffing)}</h2>
${staff.groups.map((g) => `<p>${esc(r.staffingText(Math.round(g.agent_hours_per_week_erlang_a), Math.round(g.agent_hours_per_week_erlang_c),
    staff.standard.target, staff.standard.threshold_seconds, g.patience_seconds === null ? null : Math.round(g.patience_seconds),
    g.cost_per_week === null ? null : `${integer(g.cost_per_week, lang)} ${standards.calls.staffing.currency ?? ''}`.trim()))}</p>`).join('')}
<p>${esc(r.staffingModel)}</p>
<h2>${esc(r.quality)}</h2>
${table(r.qualityCols, quality.map((q) => [q.file, q.kind, integer(q.read, lang), integer(q.rejected, lang),
    q.findings.map((f) => `${findingText[f.code] ?? f.code} (${f.severity}) ×${integer(f.count, lang)}`).join('; ') || '–']))}
<h2>${esc(r.tables)}</h2>
<pre>${esc(md)}</pre>
<h2>${esc(r.methods)}</h2>
<ul>${methodItems.map((x) => `<li>${esc(x)}</li>`).join('\n')}</ul>
<p>${esc(r.methodsText)}</p>
<p>${esc(r.standardsHash(standards.file, standards.sha256))}</p>
<h3>${esc(r.inputs)}</h3>
${table(r.inputCols, inputs.map((d) => [d.file, d.kind, d.snapshot_time, d.sha256]))}
</td></tr></tbody></table>
</body>
</html>
`;
  writeFileSync(join(dir, 'index.html'), html);
  let pdfError: CliError | null = null;
  if (o.pdf) {
    if (!chromium) {
      pdfError = new CliError(EXIT.runtime, 'report.no_chromium', m.noChromium(o.chromium ? o.chromium : `PATH: ${CHROMIUM_NAMES.join(', ')}`));
    } else {
      try {
        printPdf(chromium, join(dir, 'index.html'), join(dir, 'report.pdf'));
        files.push('report.pdf');
      } catch (e) {
        pdfError = new CliError(EXIT.runtime, 'report.pdf_failed', m.pdfFailed(join(dir, 'index.html'), String((e as Error).message)));
      }
    }
  }
  const manifest = {
    tool: 'vigie', version: VERSION, period: report.period, as_of: report.as_of, zone: standards.timezone, lang,
    generated_at: io.now().toISOString(),
    standards: { file: standards.file, sha256: standards.sha256 },
    inputs,
    files,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  io.stdout(`${m.reportWritten(relative(io.cwd, join(dir, 'index.html')) || 'index.html')}\n`);
  if (pdfError) throw pdfError;
  if (o.pdf) io.stdout(`${m.report.pdfWritten(relative(io.cwd, join(dir, 'report.pdf')))}\n`);
  return EXIT.ok;
}

export function makeReportCommand(ctx: Ctx): Command {
  return new Command('report')
    .description("the commission's report: a self-contained HTML page with charts, its Markdown tables, the JSON and a manifest")
    .option('--period <period>', 'a month (2018-09), a quarter or a year; default: the latest month with data')
    .option('--as-of <instant>', 'judge open tickets at this date or instant, replaying the store as it was known then')
    .option('--out <dir>', 'where to write (default ./reports/<period>/)')
    .option('--standards <file>', 'standards file (default: the shipped Montréal standards)')
    .option('--store <path>', 'store file (default ./data/vigie.duckdb, or VIGIE_STORE)')
    .option('--png', 'also write each chart as PNG (charts/*.png)')
    .option('--pdf', 'also print the page to report.pdf with a headless Chromium installed on this machine')
    .option('--chromium <path>', 'the Chromium or Chrome to print with (default: chromium, google-chrome… on PATH)')
    .addHelpText('after', `
The report's language is the standards file's locale unless the global --lang is given.

Examples:
  vigie report --period 2018-09
  vigie --lang en report --period 2018-09 --out reports/sept-2018-en
  vigie report --period 2018-09 --png --pdf`)
    .action(async (opts: ReportOptions, cmd: Command) => {
      const lang = (cmd.parent?.opts<{ lang?: string }>().lang);
      ctx.setExit(await runReport({ ...opts, lang }, ctx.io()));
    });
}
