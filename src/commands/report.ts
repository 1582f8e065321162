/**
 * `vigie report --period 2018-09`: the commission's report (DESIGN §9), written into `./reports/<period>/` (or
 * `--out DIR`). This first version writes:
 * - `compliance.json` (the JSON of DESIGN §6, by borough, both families), `report.md` (its tables);
 * - `charts/*.vl.json` (Vega-Lite specs with their data, editable) and `charts/*.svg`: the service level by borough with
 *   the target, the city-wide service level over the 12 months ending with the period, the requests on time by theme;
 * - `index.html`, self-contained (SVG inlined, no link to anything outside, print CSS), in the standards' locale unless
 *   `--lang` says otherwise;
 * - `manifest.json`: the drops read (file, sha256, snapshot), the standards file and its sha256, as-of, zone, tool
 *   version.
 * The numbers all come from src/compliance/report.ts, the function `vigie compliance` uses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg, type Lang } from '../messages.ts';
import { openStore, resolveStorePath, rows } from '../store/db.ts';
import { formatSpan, loadStandards, WEEKDAYS } from '../standards/standards.ts';
import { resolveHolidays } from '../time/business.ts';
import { computeCompliance, type ComplianceReport } from '../compliance/report.ts';
import { renderMarkdown, percent } from '../render/compliance.ts';
import { heatmapSpec, hourWeekdaySpec, rateByGroupSpec, renderSvg, stackedSpec, trendSpec, waitHistogramSpec, type VlSpec } from '../render/charts.ts';
import { dataQuality, serviceLevelByHour, waitHistogram, type DropQuality, type HourCell } from '../compliance/profile.ts';
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
}

/** `2018-09` → « septembre 2018 » / "September 2018"; other period labels as they are. */
export function periodWords(period: string, lang: Lang): string {
  const mt = /^(\d{4})-(\d{2})$/.exec(period);
  if (!mt) return period;
  const name = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { month: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(Number(mt[1]), Number(mt[2]) - 1, 15)));
  return lang === 'fr' ? `${name} ${mt[1]}` : `${name[0]!.toUpperCase()}${name.slice(1)} ${mt[1]}`;
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The 12 months ending with `month` (`YYYY-MM`), oldest first. */
function twelveMonths(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = y * 12 + (m - 1) - 11;
  return { from: `${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, '0')}`, to: month };
}

export async function runReport(o: ReportOptions, io: Io): Promise<number> {
  const m = msg(io.lang);
  const standards = loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), io.lang);
  const lang: Lang = o.lang !== undefined ? parseChoice('--lang', o.lang, ['fr', 'en'] as const, io.lang)
    : standards.locale.startsWith('en') ? 'en' : 'fr';
  const r = msg(lang).report;
  const asOf = o.asOf !== undefined ? parseInstant('--as-of', o.asOf, io.lang, standards.timezone) : null;
  const store = await openStore({ path: resolveStorePath(o.store, io.env, io.cwd), readOnly: true, lang: io.lang, lockWaitSeconds: lockWait(io) });
  let report: ComplianceReport;
  let trend: ComplianceReport;
  let byTheme: ComplianceReport;
  let byBoroughTheme: ComplianceReport;
  let staff: StaffingResult;
  let hours: HourCell[];
  let waits: { from: number; calls: number }[];
  let quality: DropQuality[];
  let worst: Awaited<ReturnType<typeof worstCategories>>;
  let drops: Record<string, unknown>[];
  try {
    const req = { kind: 'all' as const, asOf, source: undefined, cohort: undefined, standards, lang: io.lang, now: io.now() };
    report = await computeCompliance(store.conn, { ...req, period: o.period, by: ['borough'] });
    byTheme = await computeCompliance(store.conn, { ...req, kind: 'tickets', period: report.period, by: ['theme'] });
    trend = await computeCompliance(store.conn, { ...req, kind: 'calls', ...twelveMonths(report.to), by: ['month'] });
    byBoroughTheme = await computeCompliance(store.conn, { ...req, kind: 'tickets', period: report.period, by: ['borough', 'theme'] });
    worst = await worstCategories(store.conn, standards.tickets.default.on_time_variant, standards.min_n);
    const p = parsePeriod({ period: report.period }, standards.timezone, io.lang, report.from);
    staff = await staffing(store.conn, { fromUtc: p.fromUtc, toUtc: p.toUtc, fromMonth: p.from, toMonth: p.to, by: null, intervalMinutes: 30,
      shrinkage: standards.calls.staffing.shrinkage, standards });
    hours = await serviceLevelByHour(store.conn, p.fromUtc, p.toUtc, standards);
    waits = await waitHistogram(store.conn, p.fromUtc, p.toUtc);
    quality = await dataQuality(store.conn);
    drops = await rows(store.conn, `SELECT drop_id, file, sha256, source, format, kind, snapshot_time FROM drops ORDER BY drop_id`);
  } finally {
    store.close();
  }
  const dir = resolve(io.cwd, o.out ?? join('reports', report.period));
  mkdirSync(join(dir, 'charts'), { recursive: true });

  const charts: { name: string; title: string; spec: VlSpec | null }[] = [
    { name: 'service-level-by-borough', title: r.chartSlBorough(report.period), spec: rateByGroupSpec(report.groups, 'calls.service_level', 'borough', r.chartSlBorough(report.period), lang) },
    { name: 'service-level-trend', title: r.chartTrend(trend.period), spec: trendSpec(trend.groups.slice(1).map((g) => ({ month: g.month ?? '', value: g.metrics['calls.service_level']?.value ?? null })),
      trend.groups[0]?.metrics['calls.service_level']?.target ?? null, r.chartTrend(trend.period), lang) },
    { name: 'service-level-by-hour', title: r.chartHours(report.period), spec: hourWeekdaySpec(hours, r.chartHours(report.period), lang) },
    { name: 'wait-distribution', title: r.chartWaits(report.period, standards.calls.service_level.threshold_seconds),
      spec: waitHistogramSpec(waits, standards.calls.service_level.threshold_seconds, r.chartWaits(report.period, standards.calls.service_level.threshold_seconds), lang) },
    { name: 'answered-locally-by-borough', title: r.chartLocal(report.period), spec: rateByGroupSpec(report.groups, 'calls.answered_locally_share',
      'borough', r.chartLocal(report.period), lang, r.axisLocal) },
    { name: 'on-time-by-theme', title: r.chartOnTime(report.period), spec: rateByGroupSpec(byTheme.groups, 'tickets.on_time_rate', 'theme', r.chartOnTime(report.period), lang) },
    { name: 'on-time-borough-theme', title: r.chartHeat(report.period), spec: heatmapSpec(byBoroughTheme.groups, 'tickets.on_time_rate', 'borough', 'theme',
      r.chartHeat(report.period), lang) },
    { name: 'backlog-aging-by-theme', title: r.chartAging(report.period), spec: stackedSpec(byTheme.groups, 'theme',
      AGING_BUCKETS.map((b) => ({ id: `tickets.aging.${b}`, label: r.aging[b] ?? b })), r.chartAging(report.period), lang) },
    { name: 'channel-mix', title: r.chartChannels(report.period), spec: stackedSpec(report.groups, null,
      TICKET_CHANNELS.map((c) => ({ id: `tickets.channel_share.${c}`, label: c })), r.chartChannels(report.period), lang) },
  ];
  // Borough groups (standards `borough_groups`): each group's service level from the summed counts of its boroughs.
  const groupRows = standards.borough_groups.map((bg) => {
    const parts = report.groups.slice(1).filter((g) => g.borough !== null && bg.boroughs.includes(g.borough));
    const num = parts.reduce((a, g) => a + (g.metrics['calls.service_level']?.numerator ?? 0), 0);
    const den = parts.reduce((a, g) => a + (g.metrics['calls.service_level']?.denominator ?? 0), 0);
    return { name: bg.name, boroughs: bg.boroughs.length, num, den, value: den ? num / den : null };
  });
  const svgs: { name: string; title: string; svg: string }[] = [];
  for (const c of charts) {
    if (!c.spec) continue;
    writeFileSync(join(dir, 'charts', `${c.name}.vl.json`), JSON.stringify(c.spec, null, 2) + '\n');
    const svg = await renderSvg(c.spec, lang);
    writeFileSync(join(dir, 'charts', `${c.name}.svg`), svg);
    svgs.push({ name: c.name, title: c.title, svg });
  }
  writeFileSync(join(dir, 'compliance.json'), JSON.stringify(report, null, 2) + '\n');
  const md = renderMarkdown(report, ['borough'], { lang, minN: standards.min_n });
  writeFileSync(join(dir, 'report.md'), md);

  const city = report.groups[0]!;
  const sl = city.metrics['calls.service_level'];
  const ot = city.metrics['tickets.on_time_rate'];
  const headline = [
    sl ? r.headlineCalls(percent(sl.value, lang), percent(sl.target, lang), sl.numerator ?? 0, sl.denominator ?? 0, sl.variant ?? '') : null,
    ot ? r.headlineTickets(percent(ot.value, lang), ot.target === null ? null : percent(ot.target, lang), ot.numerator ?? 0, ot.denominator ?? 0,
      ot.variant ?? '', ot.example) : null,
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
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${esc(r.title(standards.city || 'vigie', periodWords(report.period, lang)))}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.banner { background: #fff3cd; border: 1px solid #e0c36c; padding: .5rem .8rem; }
figure { margin: 1.5rem 0; page-break-inside: avoid; } figcaption { font-size: .9rem; color: #555; }
pre { white-space: pre-wrap; font-size: .8rem; }
table { border-collapse: collapse; font-size: .85rem; } td, th { border: 1px solid #ccc; padding: .2rem .4rem; text-align: left; }
@media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>${esc(r.title(standards.city || 'vigie', periodWords(report.period, lang)))}</h1>
<p>${esc(r.asOf(report.as_of))}</p>
${report.examples.length ? `<p class="banner">${esc(msg(lang).exampleBanner(report.examples))}</p>` : ''}
<h2>${esc(r.headlines)}</h2>
<ul>${headline.map((h) => `<li>${esc(h)}</li>`).join('')}</ul>
${svgs.map((s) => `<figure>${s.svg}<figcaption>${esc(s.title)}</figcaption></figure>`).join('\n')}
${groupRows.length ? `<h2>${esc(r.groups)}</h2>
<table><tr><th>${r.groupCols.map(esc).join('</th><th>')}</th></tr>
${groupRows.map((g) => `<tr><td>${esc(g.name)}</td><td>${g.boroughs}</td><td>${esc(percent(g.value, lang))}</td><td>${g.num} / ${g.den}</td></tr>`).join('\n')}
</table>` : ''}
${worst.length ? `<h2>${esc(r.worst(standards.min_n))}</h2>
<table><tr><th>${r.worstCols.map(esc).join('</th><th>')}</th></tr>
${worst.map((w) => `<tr><td>${esc(w.category)}</td><td>${esc(w.theme ?? '–')}</td><td>${esc(percent(w.value, lang))}</td><td>${w.numerator} / ${w.denominator}</td></tr>`).join('\n')}
</table>` : ''}
<h2>${esc(r.staffing)}</h2>
${staff.groups.map((g) => `<p>${esc(r.staffingText(Math.round(g.agent_hours_per_week_erlang_a), Math.round(g.agent_hours_per_week_erlang_c),
    staff.standard.target, staff.standard.threshold_seconds, g.patience_seconds === null ? null : Math.round(g.patience_seconds),
    g.cost_per_week === null ? null : `${Math.round(g.cost_per_week)} ${standards.calls.staffing.currency ?? ''}`.trim()))}</p>`).join('')}
<p>${esc(r.staffingModel)}</p>
<h2>${esc(r.quality)}</h2>
<table><tr><th>${r.qualityCols.map(esc).join('</th><th>')}</th></tr>
${quality.map((q) => `<tr><td>${esc(q.file)}</td><td>${esc(q.kind)}</td><td>${q.read}</td><td>${q.rejected}</td><td>${esc(q.findings.map((f) => `${f.code} (${f.severity}) ×${f.count}`).join(', ') || '–')}</td></tr>`).join('\n')}
</table>
<h2>${esc(r.tables)}</h2>
<pre>${esc(md)}</pre>
<h2>${esc(r.methods)}</h2>
<ul>${methodItems.map((x) => `<li>${esc(x)}</li>`).join('\n')}</ul>
<p>${esc(r.methodsText)}</p>
</body>
</html>
`;
  writeFileSync(join(dir, 'index.html'), html);
  const manifest = {
    tool: 'vigie', version: VERSION, period: report.period, as_of: report.as_of, zone: standards.timezone, lang,
    standards: { file: standards.file, sha256: standards.sha256 },
    inputs: drops.map((d) => ({ drop_id: d.drop_id, file: d.file, sha256: d.sha256, source: d.source, format: d.format, kind: d.kind,
      snapshot_time: d.snapshot_time instanceof Date ? d.snapshot_time.toISOString() : d.snapshot_time })),
    files: ['index.html', 'report.md', 'compliance.json', ...svgs.flatMap((s) => [`charts/${s.name}.vl.json`, `charts/${s.name}.svg`])],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  io.stdout(`${m.reportWritten(relative(io.cwd, join(dir, 'index.html')) || 'index.html')}\n`);
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
    .addHelpText('after', `
The report's language is the standards file's locale unless the global --lang is given.

Examples:
  vigie report --period 2018-09
  vigie --lang en report --period 2018-09 --out reports/sept-2018-en`)
    .action(async (opts: ReportOptions, cmd: Command) => {
      const lang = (cmd.parent?.opts<{ lang?: string }>().lang);
      ctx.setExit(await runReport({ ...opts, lang }, ctx.io()));
    });
}
