/**
 * Report charts: Vega-Lite specs built from a compliance report's numbers (never from the store), and
 * their SVG rendered in Node by Vega without a canvas. Specs carry their data inline, so that an analyst can open
 * `charts/*.vl.json` in the Vega editor and change them. Months are ordinal labels (`2018-09`), never dates, so that no
 * time zone can shift a bar (docs/methods.md §3.1). French number formats for `fr` (43,2 %).
 *
 * One colour rule for every rate judged against a target, in bars, maps and heat maps alike ({@link VERDICT_COLOURS},
 * Okabe–Ito, colour-blind safe): orange below the target, blue at or above it, grey too few to judge, dark grey without
 * a target; each chart's legend says it in words and each cell or bar's number is printed beside it, so the colour is
 * never the only carrier. The target is a black dashed rule (it reads in grey print too). Groups under min_n show
 * their n and interval and are never ranked: they come after the judged groups, in name order. Categorical charts
 * (channels, backlog ages) use colours outside the verdict pair, so that no orange there reads as "missed".
 */
import type * as VegaLite from 'vega-lite';
import type { Group } from '../compliance/result.ts';
import type { MetricId } from '../metrics/index.ts';
import { msg, type Lang } from '../messages.ts';
import type { AreaMap } from '../standards/boroughs.ts';
import { WEEKDAYS } from '../standards/sections/calendar.ts';

export type VlSpec = Record<string, unknown>;

const FR = { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0$'] as [string, string], percent: '\u202f%' };
const EN = { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] as [string, string] };

const L = {
  fr: { sl: 'niveau de service', target: 'cible', borough: 'arrondissement', month: 'mois', calls: 'appels', cityWide: 'toute la ville',
    onTime: 'requêtes dans les délais', theme: 'thème', provisional: 'provisoire', agents: 'agents requis', notServed: 'ville liée (hors 311)',
    tooFew: 'trop peu de données' },
  en: { sl: 'service level', target: 'target', borough: 'borough', month: 'month', calls: 'calls', cityWide: 'city-wide',
    onTime: 'requests on time', theme: 'theme', provisional: 'provisional', agents: 'agents needed', notServed: 'linked city (not served)',
    tooFew: 'too few to judge' },
};

/** Okabe & Ito (2008), "Color Universal Design": the palette we draw with. */
export const PALETTE = {
  blue: '#0072B2', vermilion: '#D55E00', orange: '#E69F00', sky: '#56B4E9', green: '#009E73', yellow: '#F0E442', purple: '#CC79A7',
  black: '#000000', grey: '#BBBBBB', lightGrey: '#E5E5E5',
};
/** Categorical colours for parts that are not verdicts (channels): never the verdicts' orange and blue. */
const CATEGORICAL = [PALETTE.green, PALETTE.purple, PALETTE.sky, PALETTE.yellow, PALETTE.vermilion, PALETTE.black, '#8C6D31', '#999999', '#DDDDDD',
  '#5E3C99'];
/** Sequential shades for ordered parts (backlog ages: within the deadline, 1–2×, over 2×, no deadline). */
export const AGE_COLOURS = ['#C7C1E0', '#8E82C2', '#4B3B8F', '#DDDDDD'];

/** The verdict of a rate against its target, as every chart colours it. */
export type Verdict = 'missed' | 'met' | 'too_few' | 'no_target';
export const VERDICT_COLOURS: Record<Verdict, string> = { missed: PALETTE.orange, met: PALETTE.blue, too_few: PALETTE.grey, no_target: '#555555' };
const VERDICT_ORDER: Verdict[] = ['missed', 'met', 'too_few', 'no_target'];

/** A rate's verdict where the compliance engine gives none (a weekday × hour cell): n under min_n, then the target. */
export function verdictOf(value: number | null, n: number, target: number | null, minN: number, ceiling = false): Verdict {
  if (value === null || n < minN) return 'too_few';
  if (target === null) return 'no_target';
  return (ceiling ? value <= target : value >= target) ? 'met' : 'missed';
}

/** The colour encoding of a verdict field (`field` holds the verdict's word): a legend in words, only the verdicts present. */
function verdictColour(present: Iterable<Verdict>, lang: Lang, field = 'verdict'): Record<string, unknown> {
  const words = msg(lang).report.verdictLegend;
  const set = new Set(present);
  const kept = VERDICT_ORDER.filter((v) => set.has(v));
  return { field, type: 'nominal', title: null, scale: { domain: kept.map((v) => words[v]), range: kept.map((v) => VERDICT_COLOURS[v]) },
    legend: { orient: 'bottom', direction: 'horizontal', labelLimit: 260 } };
}

const targetRule = (channel: 'x' | 'y', target: number) => ({
  mark: { type: 'rule', color: PALETTE.black, strokeWidth: 1.5, strokeDash: [6, 3] }, encoding: { [channel]: { datum: target } },
});

/** A chart's own title: the caption without its trailing explanation in parentheses (that goes under the chart). */
const shortTitle = (title: string) => title.replace(/ \([^()]*\)$/, '');

const base = (title: string): VlSpec => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: shortTitle(title), width: 520,
  config: { font: 'DejaVu Sans, Arial, sans-serif', axis: { labelLimit: 320 }, range: { category: CATEGORICAL } },
});

/**
 * A bar per group of a rate metric (by `key`), its 95 % interval as a thin line, the target as a dashed rule. Judged
 * groups are sorted by rate, worst first; groups under min_n follow in name order, grey, labelled with their n: never
 * ranked. Groups whose cohort is not final are drawn lighter, their label marked "(provisional)".
 */
export function rateByGroupSpec(groups: Group[], metric: MetricId, key: 'borough' | 'theme', title: string, lang: Lang,
  axisTitle?: string): VlSpec | null {
  const t = L[lang];
  const present = groups.slice(1).filter((g) => g[key] !== null && g.metrics[metric] !== undefined && g.metrics[metric]!.value !== null);
  if (!present.length) return null;
  const judged = present.filter((g) => g.metrics[metric]!.verdict !== 'too_few').sort((a, b) => a.metrics[metric]!.value! - b.metrics[metric]!.value!
    || String(a[key]).localeCompare(String(b[key]), lang));
  const small = present.filter((g) => g.metrics[metric]!.verdict === 'too_few').sort((a, b) => String(a[key]).localeCompare(String(b[key]), lang));
  const rows = [...judged, ...small].map((g, i) => {
    const r = g.metrics[metric]!;
    const judgedRow = r.verdict !== 'too_few';
    const label = `${g[key]}${judgedRow ? '' : ` (n = ${r.denominator})`}${g.final ? '' : ` (${t.provisional})`}`;
    return { group: label, order: i, value: r.value, n: r.denominator, lo: r.ci95?.[0] ?? null, hi: r.ci95?.[1] ?? null, judged: judgedRow, final: g.final,
      status: r.verdict, verdict: msg(lang).report.verdictLegend[r.verdict] ?? r.verdict };
  });
  const target = groups[0]?.metrics[metric]?.target ?? null;
  // an explicit domain keeps this order in every layer (a sort by field is lost when layers filter their data)
  const y = { field: 'group', type: 'nominal', sort: null, scale: { domain: rows.map((r) => r.group) }, title: key === 'borough' ? t.borough : t.theme };
  return {
    ...base(title), height: Math.max(120, rows.length * 15),
    data: { values: rows },
    layer: [
      { mark: 'bar', encoding: {
        y,
        x: { field: 'value', type: 'quantitative', title: axisTitle ?? (metric.startsWith('calls.') ? t.sl : t.onTime), axis: { format: '.0%' },
          scale: { domain: [0, 1] } },
        color: verdictColour(rows.map((r) => r.status), lang),
        opacity: { condition: { test: 'datum.final', value: 1 }, value: 0.5 },
        tooltip: [{ field: 'group' }, { field: 'value', format: '.1%' }, { field: 'lo', format: '.1%' }, { field: 'hi', format: '.1%' }, { field: 'n', title: 'n' }],
      } },
      { mark: { type: 'rule', color: PALETTE.black, strokeWidth: 1 }, transform: [{ filter: 'datum.lo !== null' }], encoding: {
        y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' },
      } },
      ...(target === null ? [] : [targetRule('x', target)]),
    ],
  };
}

/** The city-wide rate per month (ordinal months), the target as a red rule. */
export function trendSpec(months: { month: string; value: number | null }[], target: number | null, title: string, lang: Lang): VlSpec | null {
  const t = L[lang];
  const rows = months.filter((m) => m.value !== null);
  if (!rows.length) return null;
  return {
    ...base(title), height: 220,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', point: true, color: PALETTE.blue }, encoding: {
        x: { field: 'month', type: 'ordinal', title: t.month, sort: null },
        y: { field: 'value', type: 'quantitative', title: t.sl, axis: { format: '.0%' }, scale: { domain: [0, 1] } },
      } },
      ...(target === null ? [] : [targetRule('y', target)]),
    ],
  };
}

/**
 * The SVG of a Vega-Lite spec, numbers formatted in `lang`. Vega numbers the ids of gradients and clip paths with a
 * counter that runs across the whole process, so the same chart would come out with other ids after other charts:
 * `prefix` renames every id of the SVG (and its `url(#…)` and `href="#…"` references) to `prefix-1`, `prefix-2`… in
 * order of appearance: the same bytes in any run, and ids that stay unique when several SVGs share one HTML page.
 */
export async function renderSvg(spec: VlSpec, lang: Lang, prefix = 'chart'): Promise<string> {
  // loaded here, not at start-up: every command would otherwise pay for loading Vega (about a second of CPU)
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  vega.formatLocale(lang === 'fr' ? FR : EN);
  const view = new vega.View(vega.parse(vl.compile(spec as unknown as VegaLite.TopLevelSpec).spec), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (all, lead: string, id: string) => (ids.has(id) ? `${lead}${ids.get(id)}` : all));
}

/** A heat map of a rate over two keys (e.g. borough × theme), cells under min_n left blank. */
export function heatmapSpec(groups: Group[], metric: MetricId, rowKey: 'borough', colKey: 'theme', title: string, lang: Lang,
  target: number | null = null): VlSpec | null {
  const t = L[lang];
  const words = msg(lang).report.verdictLegend;
  const rows = groups.slice(1).filter((g) => g[rowKey] !== null && g[colKey] !== null && g.metrics[metric]?.value != null)
    .map((g) => {
      const r = g.metrics[metric]!;
      const status: Verdict = r.verdict === 'too_few' ? 'too_few' : r.target === null && target === null ? 'no_target' : r.verdict;
      return { row: g[rowKey], col: g[colKey], value: r.value, n: r.denominator, status, verdict: words[status] ?? status };
    });
  if (!rows.length) return null;
  return cellHeat(rows, 'col', 'row', t.theme, t.borough, title, lang, { width: 460, height: Math.max(120, new Set(rows.map((r) => r.row)).size * 18),
    xAxis: { labelAngle: -40 } });
}

/** Stacked shares per group (e.g. backlog aging by theme, or the channel mix): `parts` are metric ids and their labels. */
export function stackedSpec(groups: Group[], key: 'theme' | null, parts: { id: MetricId; label: string }[], title: string, lang: Lang,
  useNumerator = true, range: string[] = AGE_COLOURS): VlSpec | null {
  const t = L[lang];
  const rows = (key === null ? groups.slice(0, 1) : groups.slice(1).filter((g) => g[key] !== null)).flatMap((g) => parts.map((p) => {
    const r = g.metrics[p.id];
    const v = r ? (useNumerator ? r.numerator ?? r.value : r.value) : null;
    return { group: key === null ? t.cityWide : g[key], part: p.label, rank: parts.indexOf(p), value: v };
  })).filter((r) => typeof r.value === 'number' && r.value > 0);
  if (!rows.length) return null;
  return {
    ...base(title), height: key === null ? 60 : Math.max(120, new Set(rows.map((r) => r.group)).size * 18),
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'group', type: 'nominal', title: key === null ? null : t.theme },
      x: { field: 'value', type: 'quantitative', stack: 'normalize', title: null, axis: { format: '.0%' } },
      color: { field: 'part', type: 'nominal', title: null, sort: parts.map((p) => p.label),
        scale: { domain: parts.map((p) => p.label), range: range.slice(0, parts.length) },
        legend: { orient: 'bottom', direction: 'horizontal', labelLimit: 260 } },
      order: { field: 'rank' },
      tooltip: [{ field: 'group' }, { field: 'part' }, { field: 'value' }],
    },
  };
}

const WEEKDAY = { fr: ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'], en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] };

/**
 * A weekday × time-of-day heat map (weekdays in order, Monday first): the shape the service level by hour and the
 * staffing what-if share; `x` is the time-of-day field, `color` the value's encoding.
 */
function weekdayHeatSpec(rows: Record<string, unknown>[], x: string, color: Record<string, unknown>, tooltip: string[], title: string,
  lang: Lang, xAxis: Record<string, unknown> = {}): VlSpec | null {
  if (!rows.length) return null;
  return {
    ...base(title), width: 520, height: 160,
    data: { values: rows },
    mark: 'rect',
    encoding: {
      x: { field: x, type: 'ordinal', title: null, ...xAxis },
      y: { field: 'day', type: 'ordinal', title: null, sort: WEEKDAY[lang] },
      color,
      tooltip: tooltip.map((field) => (field === 'value' ? { field, format: '.1%' } : { field })),
    },
  };
}

/**
 * Cells of a rate over two nominal keys, coloured by verdict ({@link VERDICT_COLOURS}) with the rate written in each
 * cell (white on the verdicts' dark colours, black on grey), so that the number is read, not guessed from a shade.
 */
function cellHeat(rows: { value: number | null; status: Verdict; verdict: string }[], x: string, y: string, xTitle: string | null,
  yTitle: string | null, title: string, lang: Lang, o: { width: number; height: number; xAxis?: Record<string, unknown>; ySort?: string[] }): VlSpec {
  const enc = {
    x: { field: x, type: 'ordinal', title: xTitle, axis: { labelAngle: 0, ...o.xAxis }, sort: null },
    y: { field: y, type: 'ordinal', title: yTitle, ...(o.ySort ? { sort: o.ySort } : {}) },
  };
  return {
    ...base(title), width: o.width, height: o.height,
    data: { values: rows },
    layer: [
      { mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 }, encoding: { ...enc, color: verdictColour(rows.map((r) => r.status), lang),
        tooltip: [{ field: y }, { field: x }, { field: 'value', format: '.1%' }, { field: 'n', title: 'n' }, { field: 'verdict' }] } },
      { mark: { type: 'text', fontSize: 8 }, transform: [{ calculate: "format(datum.value * 100, '.0f')", as: 'label' }],
        encoding: { ...enc, text: { field: 'label' },
          color: { condition: { test: "datum.status === 'too_few'", value: '#000000' }, value: '#ffffff' } } },
    ],
  };
}

/** Service level by local weekday × hour (cells with calls), coloured by verdict against the target (too few under min_n). */
export function hourWeekdaySpec(cells: { weekday: number; hour: number; offered: number; service_level: number | null }[], title: string,
  lang: Lang, target: number | null = null, minN = 1): VlSpec | null {
  const words = msg(lang).report.verdictLegend;
  const rows = cells.filter((c) => c.service_level !== null).map((c) => {
    const status = verdictOf(c.service_level, c.offered, target, minN);
    return { day: WEEKDAY[lang][c.weekday - 1]!, order: c.weekday, hour: `${String(c.hour).padStart(2, '0')} h`, value: c.service_level, n: c.offered,
      calls: c.offered, status, verdict: words[status] ?? status };
  });
  if (!rows.length) return null;
  return cellHeat(rows, 'hour', 'day', null, null, title, lang, { width: 520, height: 160, ySort: WEEKDAY[lang] });
}

/**
 * Two rates side by side for the same groups (reopened and transferred requests by borough): one row per group in name
 * order on a shared axis, a panel per measure with its own scale from the data, the 95 % interval as a thin line.
 * Nothing is judged against a target: one neutral colour (the "no target" one), no legend; the caption says so.
 */
export function twoRatesSpec(rows: { group: string; measure: string; value: number; n: number; lo: number | null; hi: number | null }[],
  o: { measures: [string, string]; yTitle: string; title: string; lang: Lang }): VlSpec | null {
  if (!rows.length) return null;
  const groups = [...new Set(rows.map((r) => r.group))].sort((a, b) => a.localeCompare(b, o.lang));
  const y = { field: 'group', type: 'nominal', sort: groups, title: o.yTitle };
  const { width: _, ...head } = base(o.title);
  return {
    ...head,
    data: { values: rows },
    facet: { column: { field: 'measure', type: 'nominal', title: null, sort: o.measures, header: { labelFontSize: 11, labelFontWeight: 'bold' } } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 240, height: Math.max(120, groups.length * 15),
      layer: [
        { mark: { type: 'bar', color: VERDICT_COLOURS.no_target }, encoding: {
          y, x: { field: 'value', type: 'quantitative', title: null, axis: { format: '.1%', tickCount: 4 }, scale: { zero: true } },
          tooltip: [{ field: 'group' }, { field: 'measure' }, { field: 'value', format: '.1%' }, { field: 'n', title: 'n' }] } },
        { mark: { type: 'rule', color: PALETTE.black, strokeWidth: 1 }, transform: [{ filter: 'datum.lo !== null' }],
          encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } }],
    },
  };
}

/**
 * Durations per label (time spent in each status): the median as a bar, the 90th percentile as a tick, both written at
 * the bar's end; a value that the follow-up cannot reach (the curve does not fall that low) is drawn as no bar and
 * written as `beyond`. Nothing here is judged against a target: one neutral colour, never the verdicts'.
 */
export function durationBarsSpec(input: { label: string; median: number | null; p90: number | null; text: string }[], o: { title: string;
  xTitle: string; yTitle: string | null; lang: Lang }): VlSpec | null {
  if (!input.length) return null;
  const rows = input.map((r, i) => ({ ...r, order: i, end: Math.max(r.median ?? 0, r.p90 ?? 0) }));
  const y = { field: 'label', type: 'nominal', sort: null, scale: { domain: rows.map((r) => r.label) }, title: o.yTitle };
  return {
    ...base(o.title), height: Math.max(60, rows.length * 22),
    data: { values: rows },
    layer: [
      { mark: { type: 'bar', color: VERDICT_COLOURS.no_target }, transform: [{ filter: 'datum.median !== null' }], encoding: {
        y, x: { field: 'median', type: 'quantitative', title: o.xTitle, scale: { zero: true } },
        tooltip: [{ field: 'label' }, { field: 'median' }, { field: 'p90' }] } },
      { mark: { type: 'tick', color: PALETTE.black, thickness: 2 }, transform: [{ filter: 'datum.p90 !== null' }], encoding: {
        y, x: { field: 'p90', type: 'quantitative' } } },
      { mark: { type: 'text', align: 'left', dx: 6, fontSize: 10 }, encoding: { y, x: { field: 'end', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  };
}

/** Answered calls per wait bin, the threshold as a red rule. */
export function waitHistogramSpec(bins: { from: number; calls: number }[], threshold: number, title: string, lang: Lang): VlSpec | null {
  if (!bins.length) return null;
  return {
    ...base(title), height: 200,
    data: { values: bins },
    layer: [
      { mark: { type: 'bar', color: PALETTE.blue }, encoding: {
        x: { field: 'from', type: 'quantitative', bin: 'binned', title: lang === 'fr' ? 'attente (s)' : 'wait (s)' },
        x2: { field: 'to' },
        y: { field: 'calls', type: 'quantitative', title: L[lang].calls },
      }, transform: [{ calculate: `datum.from + ${bins.length > 1 ? bins[1]!.from - bins[0]!.from : 30}`, as: 'to' }] },
      targetRule('x', threshold),
    ],
  };
}

/**
 * A choropleth of a rate by borough: boroughs coloured on the rate scale centred on the target, boroughs too small to
 * judge (or without data) in mid grey, the linked cities (which the city's 311 does not serve) white with a grey
 * outline, each borough labelled with its two-letter code. Returns null when no borough of the map has the metric.
 */
export function mapSpec(map: AreaMap, groups: Group[], metric: MetricId, title: string, lang: Lang): VlSpec | null {
  const t = L[lang];
  const byName = new Map(groups.slice(1).filter((g) => g.borough !== null).map((g) => [g.borough!, g.metrics[metric]]));
  if (!map.features.some((f) => byName.get(f.properties.name)?.value != null)) return null;
  const values = map.features.map((f) => {
    const r = byName.get(f.properties.name);
    const status = f.properties.type !== 'borough' ? 'not_served' : !r || r.value === null ? 'no_data' : r.verdict === 'too_few' ? 'too_few' : 'judged';
    const verdict: Verdict = !r || r.value === null ? 'too_few' : r.verdict;
    return { ...f, properties: { ...f.properties, value: r?.value ?? null, n: r?.denominator ?? null, status,
      verdict: msg(lang).report.verdictLegend[verdict] ?? verdict, v: verdict } };
  });
  const present = values.filter((f) => f.properties.type === 'borough').map((f) => f.properties.v);
  const shape = { type: 'geoshape', stroke: '#ffffff', strokeWidth: 0.8 };
  return {
    ...base(title), width: 520, height: 380,
    data: { values },
    projection: { type: 'mercator' },
    layer: [
      { transform: [{ filter: "datum.properties.status === 'not_served'" }], mark: { ...shape, fill: '#ffffff', stroke: '#9a9a9a' },
        encoding: { tooltip: [{ field: 'properties.name', title: t.notServed }] } },
      { transform: [{ filter: "datum.properties.type === 'borough'" }], mark: shape, encoding: {
        color: verdictColour(present, lang, 'properties.verdict'),
        tooltip: [{ field: 'properties.name', title: t.borough }, { field: 'properties.value', format: '.1%' }, { field: 'properties.n', title: 'n' },
          { field: 'properties.verdict', title: metric.startsWith('calls.') ? t.sl : t.onTime }],
      } },
      { transform: [{ filter: "datum.properties.type === 'borough'" }], mark: { type: 'text', fontSize: 8, color: PALETTE.black },
        encoding: { longitude: { field: 'properties.lon', type: 'quantitative' }, latitude: { field: 'properties.lat', type: 'quantitative' },
          text: { field: 'properties.code' } } },
    ],
  };
}

/**
 * The staffing what-if: agents to schedule per weekday × interval (Erlang A, after shrinkage) to meet the standard,
 * darker where more are needed.
 */
export function staffingSpec(intervals: { group: string | null; weekday: string; start: string; scheduled_erlang_a: number; arrivals_per_day: number }[],
  title: string, lang: Lang): VlSpec | null {
  const rows = intervals.filter((i) => i.group === null && i.arrivals_per_day > 0).map((i) => ({
    day: WEEKDAY[lang][(WEEKDAYS as readonly string[]).indexOf(i.weekday)] ?? i.weekday, start: i.start,
    agents: Math.ceil(i.scheduled_erlang_a), calls: Math.round(i.arrivals_per_day * 10) / 10,
  }));
  return weekdayHeatSpec(rows, 'start', { field: 'agents', type: 'quantitative', title: L[lang].agents, scale: { scheme: 'blues', domainMin: 0 },
    legend: { format: 'd' } }, ['day', 'start', 'agents', 'calls'], title, lang, { axis: { labelAngle: -90 } });
}

/** The channel mix per month: each month's requests as 100 %, stacked by channel (months as ordinal labels). */
export function channelTrendSpec(cells: { month: string; channel: string; tickets: number }[], channels: readonly string[], title: string,
  lang: Lang): VlSpec | null {
  const rows = cells.filter((c) => c.tickets > 0);
  if (!rows.length) return null;
  return {
    ...base(title), height: 220,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      x: { field: 'month', type: 'ordinal', title: L[lang].month, sort: null },
      y: { field: 'tickets', type: 'quantitative', stack: 'normalize', title: null, axis: { format: '.0%' } },
      color: { field: 'channel', type: 'nominal', title: null, sort: [...channels] },
      order: { field: 'rank' },
      tooltip: [{ field: 'month' }, { field: 'channel' }, { field: 'tickets' }],
    },
    transform: [{ calculate: `indexof(${JSON.stringify([...channels])}, datum.channel)`, as: 'rank' }],
  };
}
