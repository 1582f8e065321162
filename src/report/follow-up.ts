/**
 * The report's section « Suivi des requêtes »: what happened to the requests created in the 12 months that end with
 * the report's period, from the store's successive snapshots (docs/methods.md §2.9) — the counts, the reopen and
 * transfer rates by borough (bars on the report's one colour rule: no standard sets a target, so a bar is grey when
 * too few requests count and dark grey otherwise), the stale open requests by the unit holding them, and the time
 * spent in each status. The snapshot cadence is stated first: a change between two snapshots cannot be seen, so every
 * count is "at least". With fewer than two snapshots of the requests, the section says what follow-up needs.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { buildFollowUp, followUpGroups, followUpResult, listRequests, snapshots, type FollowGroup, type FollowUpQuery, type FollowUpResult,
  type ListedRequest }
  from '../compliance/follow-up.ts';
import type { KmValue } from '../metrics/kaplan-meier.ts';
import type { Ratio } from '../metrics/proportion.ts';
import { msg, type Lang } from '../messages.ts';
import { durationBarsSpec, twoRatesSpec } from '../render/charts.ts';
import { decimal, integer, percent } from '../render/compliance.ts';
import { COUNT_KEYS, followUpNotes, kmText } from '../render/follow-up.ts';
import type { Standards } from '../standards/standards.ts';
import { instantWords, periodWords } from '../time/words.ts';
import { c, t, type Figure, type Table } from './parts.ts';
import { esc, htmlTable } from './html.ts';

/** Defaults of `vigie follow-up`, which the section follows (the command's flags change them there). */
const STALE_DAYS = 30;
const REPEAT_DAYS = 30;
const REPEAT_METRES = 50;
/** Units named in the stale table; the others share a row. */
const STALE_UNITS = 10;

export interface ReportFollowUp {
  /** Creation months followed (`YYYY-MM`, both included). */
  from: string;
  to: string;
  /** Snapshots of the requests up to the as-of instant. */
  snapshots: number;
  /** Null with fewer than two snapshots. */
  result: FollowUpResult | null;
  byBorough: FollowGroup[];
  byUnit: FollowGroup[];
  /** The stale open requests themselves (written beside the report, for the units to act on). */
  stale: ListedRequest[];
  staleDays: number;
}

/** The file of the stale open requests, in the report's folder (a fixed name). */
export const STALE_FILE = 'follow-up-stale-open.csv';

/**
 * The follow-up of the requests created `window.from`–`window.to`, as of `asOf` (null: the latest snapshot). Leaves
 * the connection's settings as it found them (the follow-up's statements read no row order).
 */
export async function gatherFollowUp(conn: DuckDBConnection, o: { standards: Standards; asOf: Date | null; window: { from: string; to: string } }):
  Promise<ReportFollowUp> {
  const q: FollowUpQuery = { asOf: o.asOf, from: o.window.from, to: o.window.to, by: [], source: null, zone: o.standards.timezone,
    staleDays: STALE_DAYS, repeatDays: REPEAT_DAYS, repeatMetres: REPEAT_METRES, calendar: o.standards.calendar };
  const snaps = await snapshots(conn, q);
  const empty = { ...o.window, snapshots: snaps.count, result: null, byBorough: [], byUnit: [], stale: [], staleDays: STALE_DAYS };
  if (snaps.count < 2 || !snaps.at) return empty;
  const { at, ...rest } = snaps;
  try {
    await buildFollowUp(conn, q, at, (rest.cadence_days ?? 0) * 86_400_000);
    return { ...empty, result: await followUpResult(conn, q, at, rest), byBorough: await followUpGroups(conn, { ...q, by: ['borough'] }, at),
      byUnit: await followUpGroups(conn, { ...q, by: ['unit'] }, at), stale: await listRequests(conn, 'stale_open') };
  } finally {
    await conn.run('RESET preserve_insertion_order');
  }
}

const days = (v: number | null, lang: Lang) => (v === null ? null : lang === 'fr' ? String(v).replace('.', ',') : String(v));

/**
 * The numbers of both borough charts in one table (it prints on one page where two would take three): per borough,
 * the requests followed, transferred, and reopened within 30 days of those that count, with the intervals.
 */
function boroughTable(fu: ReportFollowUp, lang: Lang): Table[] {
  const m = msg(lang);
  const w = m.followUp.report;
  const rows = fu.byBorough.filter((g) => g.key.borough != null && g.tracked > 0)
    .sort((a, b) => a.key.borough!.localeCompare(b.key.borough!, lang));
  const rate = (x: Ratio) => c(x.value === null ? '–' : `${percent(x.value, lang)}${x.ci95 ? ` (${percent(x.ci95[0], lang)} – ${percent(x.ci95[1], lang)})` : ''}`);
  return rows.length ? [{ head: w.boroughCols, rows: rows.map((g) => [t(g.key.borough!), c(integer(g.tracked, lang)), c(integer(g.bounced, lang)),
    rate(g.bounce), c(integer(g.reopen_30.denominator, lang)), c(integer(g.reopen_30.numerator, lang)), rate(g.reopen_30)]) }] : [];
}

/** The section's charts, each with the table of its numbers. */
export function followUpFigures(fu: ReportFollowUp, lang: Lang, minN: number): Figure[] {
  const r = fu.result;
  if (!r) return [];
  const m = msg(lang);
  const w = m.followUp.report;
  const when = periodWords(fu.from === fu.to ? fu.from : `${fu.from}..${fu.to}`, lang);
  const borough = m.report.cols.borough!;
  // one decimal on the chart (the table keeps the hundredths), the unit only after a number
  const dayText = (v: KmValue) => (v.value === null ? kmText(v, lang) : w.inDays(decimal(v.value, 1, lang)));
  // the boroughs where enough requests count for both rates (the others are in the table)
  const both = fu.byBorough.filter((g) => g.key.borough != null && g.reopen_30.denominator >= minN && g.bounce.denominator >= minN);
  const bar = (g: FollowGroup, measure: string, x: Ratio) => ({ group: g.key.borough!, measure, value: x.value!, n: x.denominator,
    lo: x.ci95?.[0] ?? null, hi: x.ci95?.[1] ?? null });
  const rates = twoRatesSpec(both.flatMap((g) => [bar(g, w.rateAxisReopen, g.reopen_30), bar(g, w.rateAxisBounce, g.bounce)]),
    { measures: [w.rateAxisReopen, w.rateAxisBounce], yTitle: borough, title: w.chartRates(when), lang });
  const status = r.time_in_status.map((s) => ({ label: s.status, median: s.median_days.value, p90: s.p90_days.value,
    text: w.statusLabel(dayText(s.median_days), dayText(s.p90_days)) }));
  const f = m.followUp;
  return [
    { name: 'follow-up-by-borough', section: 'follow-up', title: w.chartRates(when), note: w.noteRates(minN), spec: rates,
      tables: boroughTable(fu, lang), map: false },
    { name: 'follow-up-time-in-status', section: 'follow-up', title: w.chartStatus, note: w.noteStatus,
      spec: durationBarsSpec(status, { title: w.chartStatus, xTitle: w.days, yTitle: null, lang }),
      tables: status.length ? [{ head: [f.status, f.spells, f.median, f.p90, f.medianBusiness, f.p90Business],
        rows: r.time_in_status.map((s) => [t(s.status), c(integer(s.spells, lang)), c(kmText(s.median_days, lang)), c(kmText(s.p90_days, lang)),
          c(kmText(s.median_business_days, lang)), c(kmText(s.p90_business_days, lang))]) }] : [],
      map: false },
  ];
}

/** The counts and the rates as tables (the page and report.md show them). */
export function followUpTables(r: FollowUpResult, lang: Lang): { counts: Table; rates: Table } {
  const f = msg(lang).followUp;
  const cols = msg(lang).report.cols;
  const rate = (label: string, x: Ratio) => [t(label), c(percent(x.value, lang)),
    c(x.ci95 ? `${percent(x.ci95[0], lang)} – ${percent(x.ci95[1], lang)}` : '–'), c(integer(x.numerator, lang)), c(integer(x.denominator, lang))];
  return {
    counts: { head: [f.measure, f.requests], rows: COUNT_KEYS.map((k) => [t(f.counts[k]!), c(integer(r.summary[k], lang))]) },
    rates: { head: [f.measure, cols.rate!, cols.ci!, f.requests, cols.n!], rows: [rate(f.reopen30, r.details.reopen_30), rate(f.reopen90, r.details.reopen_90),
      rate(f.repeatRate(REPEAT_DAYS, REPEAT_METRES), r.details.repeat)] },
  };
}

/** The section's opening words: what is followed, over which snapshots, and why every count is "at least". */
export function followUpIntro(fu: ReportFollowUp, lang: Lang, zone: string): string[] {
  const w = msg(lang).followUp.report;
  const r = fu.result;
  if (!r) return [w.needsTwo(fu.snapshots)];
  const day = (iso: string) => instantWords(iso, zone, lang);
  const s = r.snapshots;
  return [
    w.intro(periodWords(`${fu.from}..${fu.to}`, lang), day(r.as_of), s.count, day(s.first!), day(s.last!), days(s.cadence_days, lang) ?? '–'),
    ...s.gaps.map((g) => w.gap(day(g.after), day(g.before), days(g.days, lang)!)),
  ];
}

/**
 * The section's body: the opening words, the counts and rates, the charts (`figures`: their HTML by name), the stale
 * list by unit, the notes. Without the borough chart (no borough with enough requests), its table stands alone.
 */
export function followUpHtml(fu: ReportFollowUp, figures: ReadonlyMap<string, string>, lang: Lang, zone: string): string {
  const intro = followUpIntro(fu, lang, zone).map((p) => `<p>${esc(p)}</p>`);
  const r = fu.result;
  if (!r) return intro.join('\n');
  const m = msg(lang);
  const w = m.followUp.report;
  const tables = followUpTables(r, lang);
  const stale = fu.byUnit.filter((g) => g.stale_open > 0).sort((a, b) => b.stale_open - a.stale_open
    || String(a.key.unit ?? '').localeCompare(String(b.key.unit ?? ''), lang));
  // the units with the most, the others in one row (every request is in the file)
  const top = stale.slice(0, STALE_UNITS);
  const rest = stale.slice(STALE_UNITS);
  const staleRows = [...top.map((g) => [t(g.key.unit ?? w.noUnit), c(integer(g.stale_open, lang))]),
    ...(rest.length ? [[t(w.otherUnits(rest.length)), c(integer(rest.reduce((a, g) => a + g.stale_open, 0), lang))]] : [])];
  const staleHtml = stale.length
    ? `${htmlTable({ head: w.staleCols, rows: staleRows })}<p class="legend">${esc(w.staleList)} <a href="${STALE_FILE}">${STALE_FILE}</a></p>`
    : `<p>${esc(w.staleNone(fu.staleDays))}</p>`;
  const notes = followUpNotes(r, { lang, cadence: false });
  return [...intro, `<h3>${esc(w.counts)}</h3>`, htmlTable(tables.counts), `<h3>${esc(w.rates)}</h3>`, htmlTable(tables.rates),
    figures.get('follow-up-by-borough') ?? boroughTable(fu, lang).map((tb) => htmlTable(tb)).join('\n'),
    `<h3>${esc(w.stale(fu.staleDays))}</h3>`, staleHtml, figures.get('follow-up-time-in-status') ?? '',
    ...(notes.length ? [`<ul>${notes.map((x) => `<li>${esc(x)}</li>`).join('\n')}</ul>`] : [])].join('\n');
}
