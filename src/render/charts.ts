/**
 * Report charts (DESIGN §9): Vega-Lite specs built from a compliance report's numbers (never from the store), and
 * their SVG rendered in Node by Vega without a canvas. Specs carry their data inline, so that an analyst can open
 * `charts/*.vl.json` in the Vega editor and change them. Months are ordinal labels (`2018-09`), never dates, so that no
 * time zone can shift a bar (metrics.md §3.1). French number formats for `fr` (43,2 %).
 *
 * Colours are colour-blind safe: bars in Okabe–Ito blue, the target in Okabe–Ito vermilion (dashed, so that it reads in
 * grey print too), rates on a blue–orange diverging scale centred on the target (orange below it, blue above), groups
 * too small to judge in light grey. Groups under min_n show their n and interval and are never ranked: they come after
 * the judged groups, in name order.
 */
import type * as VegaLite from 'vega-lite';
import type { Group } from '../compliance/calls.ts';
import type { Lang } from '../messages.ts';
import { WEEKDAYS } from '../standards/standards.ts';

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
const CATEGORICAL = [PALETTE.blue, PALETTE.orange, PALETTE.green, PALETTE.purple, PALETTE.sky, PALETTE.vermilion, PALETTE.yellow, PALETTE.black];

/** A rate's colour scale: blue–orange, orange below the target, blue above (mid 0.5 when there is no target). */
function rateScale(target: number | null): Record<string, unknown> {
  return { domain: [0, 1], scheme: 'blueorange', reverse: true, domainMid: target ?? 0.5 };
}

const targetRule = (channel: 'x' | 'y', target: number) => ({
  mark: { type: 'rule', color: PALETTE.vermilion, strokeWidth: 2, strokeDash: [6, 3] }, encoding: { [channel]: { datum: target } },
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
export function rateByGroupSpec(groups: Group[], metric: string, key: 'borough' | 'theme', title: string, lang: Lang,
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
    return { group: label, order: i, value: r.value, n: r.denominator, lo: r.ci95?.[0] ?? null, hi: r.ci95?.[1] ?? null, judged: judgedRow, final: g.final };
  });
  const target = groups[0]?.metrics[metric]?.target ?? null;
  // an explicit domain keeps this order in every layer (a sort by field is lost when layers filter their data)
  const y = { field: 'group', type: 'nominal', sort: null, scale: { domain: rows.map((r) => r.group) }, title: key === 'borough' ? t.borough : t.theme };
  return {
    ...base(title), height: Math.max(120, rows.length * 18),
    data: { values: rows },
    layer: [
      { mark: 'bar', encoding: {
        y,
        x: { field: 'value', type: 'quantitative', title: axisTitle ?? (metric.startsWith('calls.') ? t.sl : t.onTime), axis: { format: '.0%' },
          scale: { domain: [0, 1] } },
        color: { condition: { test: 'datum.judged', value: PALETTE.blue }, value: PALETTE.grey },
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
        x: { field: 'month', type: 'ordinal', title: t.month },
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
export function heatmapSpec(groups: Group[], metric: string, rowKey: 'borough', colKey: 'theme', title: string, lang: Lang,
  target: number | null = null): VlSpec | null {
  const t = L[lang];
  const rows = groups.slice(1).filter((g) => g[rowKey] !== null && g[colKey] !== null && g.metrics[metric]?.verdict !== 'too_few'
    && g.metrics[metric]?.value !== null && g.metrics[metric] !== undefined)
    .map((g) => ({ row: g[rowKey], col: g[colKey], value: g.metrics[metric]!.value, n: g.metrics[metric]!.denominator }));
  if (!rows.length) return null;
  return {
    ...base(title), width: 420, height: Math.max(120, new Set(rows.map((r) => r.row)).size * 18),
    data: { values: rows },
    mark: 'rect',
    encoding: {
      y: { field: 'row', type: 'nominal', title: t.borough },
      x: { field: 'col', type: 'nominal', title: t.theme, axis: { labelAngle: -40 } },
      color: { field: 'value', type: 'quantitative', title: t.onTime, scale: rateScale(target), legend: { format: '.0%' } },
      tooltip: [{ field: 'row' }, { field: 'col' }, { field: 'value', format: '.1%' }, { field: 'n', title: 'n' }],
    },
  };
}

/** Stacked shares per group (e.g. backlog aging by theme, or the channel mix): `parts` are metric ids and their labels. */
export function stackedSpec(groups: Group[], key: 'theme' | null, parts: { id: string; label: string }[], title: string, lang: Lang,
  useNumerator = true): VlSpec | null {
  const t = L[lang];
  const rows = (key === null ? groups.slice(0, 1) : groups.slice(1).filter((g) => g[key] !== null)).flatMap((g) => parts.map((p) => {
    const r = g.metrics[p.id];
    const v = r ? (useNumerator ? r.numerator ?? r.value : r.value) : null;
    return { group: key === null ? t.cityWide : g[key], part: p.label, value: v };
  })).filter((r) => typeof r.value === 'number' && r.value > 0);
  if (!rows.length) return null;
  return {
    ...base(title), height: key === null ? 60 : Math.max(120, new Set(rows.map((r) => r.group)).size * 18),
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'group', type: 'nominal', title: key === null ? null : t.theme },
      x: { field: 'value', type: 'quantitative', stack: 'normalize', title: null, axis: { format: '.0%' } },
      color: { field: 'part', type: 'nominal', title: null, sort: parts.map((p) => p.label) },
      order: { field: 'part' },
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

/** Service level by local weekday × hour (cells with calls), on the rate scale centred on the target. */
export function hourWeekdaySpec(cells: { weekday: number; hour: number; offered: number; service_level: number | null }[], title: string,
  lang: Lang, target: number | null = null): VlSpec | null {
  const rows = cells.filter((c) => c.service_level !== null).map((c) => ({
    day: WEEKDAY[lang][c.weekday - 1], order: c.weekday, hour: `${String(c.hour).padStart(2, '0')}h`, value: c.service_level, calls: c.offered,
  }));
  return weekdayHeatSpec(rows, 'hour', { field: 'value', type: 'quantitative', title: L[lang].sl, scale: rateScale(target), legend: { format: '.0%' } },
    ['day', 'hour', 'value', 'calls'], title, lang);
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

/** The borough map of data/montreal-boroughs.geojson: one feature per borough or linked city, rings wound for d3. */
export interface AreaMap {
  attribution: string;
  features: { type: 'Feature'; properties: { name: string; code: string; type: 'borough' | 'linked_city'; lon: number; lat: number };
    geometry: unknown }[];
}

/**
 * A choropleth of a rate by borough: boroughs coloured on the rate scale centred on the target, boroughs too small to
 * judge (or without data) in mid grey, the linked cities (which the city's 311 does not serve) white with a grey
 * outline, each borough labelled with its two-letter code. Returns null when no borough of the map has the metric.
 */
export function mapSpec(map: AreaMap, groups: Group[], metric: string, title: string, lang: Lang): VlSpec | null {
  const t = L[lang];
  const byName = new Map(groups.slice(1).filter((g) => g.borough !== null).map((g) => [g.borough!, g.metrics[metric]]));
  if (!map.features.some((f) => byName.get(f.properties.name)?.value != null)) return null;
  const target = groups[0]?.metrics[metric]?.target ?? null;
  const values = map.features.map((f) => {
    const r = byName.get(f.properties.name);
    const status = f.properties.type !== 'borough' ? 'not_served' : !r || r.value === null ? 'no_data' : r.verdict === 'too_few' ? 'too_few' : 'judged';
    return { ...f, properties: { ...f.properties, value: r?.value ?? null, n: r?.denominator ?? null, status } };
  });
  const shape = { type: 'geoshape', stroke: '#ffffff', strokeWidth: 0.8 };
  return {
    ...base(title), width: 520, height: 380,
    data: { values },
    projection: { type: 'mercator' },
    layer: [
      { transform: [{ filter: "datum.properties.status === 'not_served'" }], mark: { ...shape, fill: '#ffffff', stroke: '#9a9a9a' },
        encoding: { tooltip: [{ field: 'properties.name', title: t.notServed }] } },
      { transform: [{ filter: "datum.properties.status === 'too_few' || datum.properties.status === 'no_data'" }], mark: { ...shape, fill: '#8c8c8c' },
        encoding: { tooltip: [{ field: 'properties.name', title: t.tooFew }, { field: 'properties.n', title: 'n' }] } },
      { transform: [{ filter: "datum.properties.status === 'judged'" }], mark: shape, encoding: {
        color: { field: 'properties.value', type: 'quantitative', title: metric.startsWith('calls.') ? t.sl : t.onTime, scale: rateScale(target),
          legend: { format: '.0%' } },
        tooltip: [{ field: 'properties.name', title: t.borough }, { field: 'properties.value', format: '.1%' }, { field: 'properties.n', title: 'n' }],
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
      x: { field: 'month', type: 'ordinal', title: L[lang].month },
      y: { field: 'tickets', type: 'quantitative', stack: 'normalize', title: null, axis: { format: '.0%' } },
      color: { field: 'channel', type: 'nominal', title: null, sort: [...channels] },
      order: { field: 'rank' },
      tooltip: [{ field: 'month' }, { field: 'channel' }, { field: 'tickets' }],
    },
    transform: [{ calculate: `indexof(${JSON.stringify([...channels])}, datum.channel)`, as: 'rank' }],
  };
}
