/**
 * The report's figures: each chart's Vega-Lite spec, built from the gathered numbers with every id turned into the
 * reader's words (themes from data/themes.csv, channels, ages, months), and the table of its numbers — compact, so
 * that it prints: rates with their interval, n and verdict; two-key figures as pivot tables (weekday × hour, borough
 * × theme, month × channel); long series split into rows of columns.
 */
import type { Group } from '../compliance/result.ts';
import { msg, word, type Lang } from '../messages.ts';
import { themeLabel } from '../standards/themes.ts';
import type { AreaMap } from '../standards/boroughs.ts';
import { integer, percent } from '../render/compliance.ts';
import { channelTrendSpec, heatmapSpec, hourWeekdaySpec, mapSpec, rateByGroupSpec, stackedSpec, staffingSpec, trendSpec, verdictOf,
  waitHistogramSpec } from '../render/charts.ts';
import { AGING_BUCKETS, agingId } from '../metrics/index.ts';
import { TICKET_CHANNELS } from '../compliance/ticket-metrics.ts';
import { WEEKDAYS } from '../standards/sections/calendar.ts';
import type { ReportData } from './gather.ts';
import { c, rateTable, t, type Cell, type Figure, type Table } from './parts.ts';
import { monthShort, periodWords, secondsWords } from '../time/words.ts';

/** Groups with their theme id replaced by its label (charts and tables show words; the JSON keeps the ids). */
function themed(groups: Group[], lang: Lang): Group[] {
  return groups.map((g) => (g.theme === null ? g : { ...g, theme: themeLabel(g.theme, lang) }));
}

/** Groups with their month `YYYY-MM` replaced by its short words (« sept. 2018 »). */
function monthsInWords(groups: Group[], lang: Lang): Group[] {
  return groups.map((g) => (g.month === null ? g : { ...g, month: monthShort(g.month, lang) }));
}

/** A long series as rows of at most `width` columns: a head row of labels, then one row per measure. */
function series(labels: string[], measures: { name: string; cells: Cell[] }[], width: number): Table[] {
  const out: Table[] = [];
  for (let i = 0; i < labels.length; i += width) {
    out.push({ head: ['', ...labels.slice(i, i + width)], rows: measures.map((m) => [t(m.name), ...m.cells.slice(i, i + width)]) });
  }
  return out;
}

/** A pivot table: one row per `rows` value, one column per `cols` value, the cell from `at` (– where none). */
function pivot(corner: string, rows: string[], cols: string[], at: (row: string, col: string) => Cell | undefined): Table {
  return { head: [corner, ...cols], rows: rows.map((row) => [t(row), ...cols.map((col) => at(row, col) ?? c('–'))]) };
}

export function buildFigures(d: ReportData, lang: Lang, map: AreaMap): Figure[] {
  const m = msg(lang);
  const r = m.report;
  const s = d.standards;
  const when = periodWords(d.month.period, lang);
  const trendWhen = periodWords(d.trend.period, lang);
  const minN = s.min_n;
  const slTarget = d.month.groups[0]?.metrics['calls.service_level']?.target ?? null;
  const otTarget = d.byTheme.groups[0]?.metrics['tickets.on_time_rate']?.target ?? null;
  const byTheme = themed(d.byTheme.groups, lang);
  const byBoroughTheme = themed(d.byBoroughTheme.groups, lang);
  const trend = d.trend.groups.slice(1);
  const figs: Figure[] = [];
  const add = (f: Omit<Figure, 'map'> & { map?: boolean }) => figs.push({ map: false, ...f });

  // calls
  const slBorough = rateByGroupSpec(d.month.groups, 'calls.service_level', 'borough', r.chartSlBorough(when), lang);
  add({ name: 'service-level-by-borough', section: 'calls', title: r.chartSlBorough(when), note: r.noteSlBorough, spec: slBorough,
    tables: rateTable(slBorough, r.cols.borough!, lang) });
  add({ name: 'service-level-map', section: 'calls', title: r.chartMapSl(when), note: r.mapNote, map: true, tables: [],
    spec: mapSpec(map, d.month.groups, 'calls.service_level', r.chartMapSl(when), lang) });
  const slMonths = trend.filter((g) => g.metrics['calls.service_level']?.value != null);
  add({ name: 'service-level-trend', section: 'calls', title: r.chartTrend(trendWhen), note: r.noteTrend,
    spec: trendSpec(monthsInWords(slMonths, lang).map((g) => ({ month: g.month ?? '', value: g.metrics['calls.service_level']?.value ?? null })),
      slTarget, r.chartTrend(trendWhen), lang),
    tables: slMonths.length ? series(slMonths.map((g) => monthShort(g.month!, lang)), [
      { name: m.metricLabel['calls.service_level'] ?? '', cells: slMonths.map((g) => {
        const x = g.metrics['calls.service_level']!;
        return c(percent(x.value, lang), x.verdict);
      }) },
      { name: r.cols.calls!, cells: slMonths.map((g) => c(integer(Number(g.metrics['calls.offered']?.value ?? 0), lang))) },
    ], 12) : [] });
  const hourSpec = hourWeekdaySpec(d.hours, r.chartHours(when), lang, slTarget, minN);
  const hours = [...new Set(d.hours.map((h) => h.hour))].sort((a, b) => a - b);
  const days = m.weekdaysShort;
  add({ name: 'service-level-by-hour', section: 'calls', title: r.chartHours(when), note: r.noteHours, spec: hourSpec,
    tables: d.hours.length ? [pivot(r.cols.day!, days.filter((_, i) => d.hours.some((h) => h.weekday === i + 1)), hours.map((h) => `${h} h`),
      (day, hour) => {
        const cell = d.hours.find((h) => days[h.weekday - 1] === day && `${h.hour} h` === hour);
        if (!cell || cell.service_level === null) return undefined;
        const v = verdictOf(cell.service_level, cell.offered, slTarget, minN);
        return c(v === 'too_few' ? `n = ${cell.offered}` : `${Math.round(cell.service_level * 100)} %`, v);
      })] : [] });
  const T = s.calls.service_level.threshold_seconds;
  const step = d.waits.length > 1 ? d.waits[1]!.from - d.waits[0]!.from : 30;
  const last = d.waits.at(-1)?.from ?? 0;
  add({ name: 'wait-distribution', section: 'calls', title: r.chartWaits(when), note: r.noteWaits(secondsWords(T, lang)),
    spec: waitHistogramSpec(d.waits, T, r.chartWaits(when), lang),
    tables: series(d.waits.map((w) => r.waitBin(w.from, w.from === last && last >= 1200 ? null : w.from + step)),
      [{ name: r.cols.calls!, cells: d.waits.map((w) => c(integer(w.calls, lang))) }], 14) });
  const local = rateByGroupSpec(d.month.groups, 'calls.answered_locally_share', 'borough', r.chartLocal(when), lang, r.axisLocal);
  add({ name: 'answered-locally-by-borough', section: 'calls', title: r.chartLocal(when), note: r.noteLocal, spec: local,
    tables: rateTable(local, r.cols.borough!, lang) });
  const staffRows = d.staff.intervals.filter((i) => i.group === null);
  const starts = [...new Set(staffRows.filter((i) => i.arrivals_per_day > 0).map((i) => i.start))].sort();
  add({ name: 'staffing', section: 'calls', title: r.chartStaffing(when), note: r.staffingModel(percent(d.staff.shrinkage, lang)),
    spec: staffingSpec(d.staff.intervals, r.chartStaffing(when), lang),
    // weekdays as rows, half-hours as columns (in two tables of at most 12): the chart's layout, and short on paper
    tables: Array.from({ length: Math.ceil(starts.length / 12) }, (_, k) => starts.slice(k * 12, k * 12 + 12)).map((cols) => pivot(r.cols.day!,
      WEEKDAYS.map((w, i) => days[i] ?? w), cols, (day, start) => {
        const i = staffRows.find((x) => x.start === start && days[(WEEKDAYS as readonly string[]).indexOf(x.weekday)] === day);
        return i && i.arrivals_per_day > 0 ? c(integer(Math.ceil(i.scheduled_erlang_a), lang)) : undefined;
      })) });

  // requests
  const onTime = rateByGroupSpec(byTheme, 'tickets.on_time_rate', 'theme', r.chartOnTime(when), lang);
  add({ name: 'on-time-by-theme', section: 'tickets', title: r.chartOnTime(when), note: r.noteOnTime, spec: onTime,
    tables: rateTable(onTime, r.cols.theme!, lang) });
  add({ name: 'on-time-map', section: 'tickets', title: r.chartMapOnTime(when), note: r.mapNote, map: true, tables: [],
    spec: mapSpec(map, d.month.groups, 'tickets.on_time_rate', r.chartMapOnTime(when), lang) });
  const heatGroups = byBoroughTheme.slice(1).filter((g) => g.borough !== null && g.theme !== null && g.metrics['tickets.on_time_rate']?.value != null);
  const heatThemes = [...new Set(heatGroups.map((g) => g.theme!))].sort((a, b) => a.localeCompare(b, lang));
  const heatBoroughs = [...new Set(heatGroups.map((g) => g.borough!))].sort((a, b) => a.localeCompare(b, lang));
  add({ name: 'on-time-borough-theme', section: 'tickets', title: r.chartHeat(when), note: r.noteHeat,
    spec: heatmapSpec(byBoroughTheme, 'tickets.on_time_rate', 'borough', 'theme', r.chartHeat(when), lang, otTarget),
    tables: heatGroups.length ? [pivot(r.cols.borough!, heatBoroughs, heatThemes, (b, th) => {
      const x = heatGroups.find((g) => g.borough === b && g.theme === th)?.metrics['tickets.on_time_rate'];
      if (!x) return undefined;
      return x.verdict === 'too_few' ? c(`n = ${x.denominator}`, 'too_few') : c(`${Math.round(x.value! * 100)} %`, x.verdict);
    })] : [] });
  const agingParts = AGING_BUCKETS.map((b) => ({ id: agingId(b), label: r.aging[b] ?? b }));
  const agingGroups = byTheme.slice(1).filter((g) => g.theme !== null && agingParts.some((p) => Number(g.metrics[p.id]?.numerator ?? g.metrics[p.id]?.value ?? 0) > 0));
  add({ name: 'backlog-aging-by-theme', section: 'tickets', title: r.chartAging(when), note: '',
    spec: stackedSpec(byTheme, 'theme', agingParts, r.chartAging(when), lang),
    tables: agingGroups.length ? [pivot(r.cols.theme!, agingGroups.map((g) => g.theme!), agingParts.map((p) => p.label), (th, part) => {
      const p = agingParts.find((x) => x.label === part)!;
      const x = agingGroups.find((g) => g.theme === th)?.metrics[p.id];
      return x ? c(integer(Number(x.numerator ?? x.value ?? 0), lang)) : undefined;
    })] : [] });
  const channelCells = d.channels.map((x) => ({ month: monthShort(x.month, lang), channel: word(lang, 'channel', x.channel), tickets: x.tickets }));
  const channelWords = TICKET_CHANNELS.map((ch) => word(lang, 'channel', ch));
  const months = [...new Set(d.channels.map((x) => x.month))].sort();
  const present = channelWords.filter((w) => channelCells.some((x) => x.channel === w && x.tickets > 0));
  add({ name: 'channel-mix', section: 'tickets', title: r.chartChannels(trendWhen), note: r.noteChannels,
    spec: channelTrendSpec(channelCells, channelWords, r.chartChannels(trendWhen), lang),
    tables: months.length ? [pivot(r.cols.month!, months.map((mo) => monthShort(mo, lang)), present, (mo, ch) => {
      const all = channelCells.filter((x) => x.month === mo);
      const total = all.reduce((a, x) => a + x.tickets, 0);
      const n = all.find((x) => x.channel === ch)?.tickets ?? 0;
      return total ? c(percent(n / total, lang)) : undefined;
    })] : [] });
  return figs;
}
