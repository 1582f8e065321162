/**
 * Report charts (DESIGN §9): Vega-Lite specs built from a compliance report's numbers (never from the store), and
 * their SVG rendered in Node by Vega without a canvas. Specs carry their data inline, so that an analyst can open
 * `charts/*.vl.json` in the Vega editor and change them. Months are ordinal labels (`2018-09`), never dates, so that no
 * time zone can shift a bar (metrics.md §3.1). French number formats for `fr` (43,2 %).
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { Group } from '../compliance/calls.ts';
import type { Lang } from '../messages.ts';

export type VlSpec = Record<string, unknown>;

const FR = { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0$'] as [string, string], percent: '\u202f%' };
const EN = { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] as [string, string] };

const L = {
  fr: { sl: 'niveau de service', target: 'cible', borough: 'arrondissement', month: 'mois', calls: 'appels', cityWide: 'toute la ville',
    onTime: 'requêtes dans les délais', theme: 'thème' },
  en: { sl: 'service level', target: 'target', borough: 'borough', month: 'month', calls: 'calls', cityWide: 'city-wide',
    onTime: 'requests on time', theme: 'theme' },
};

const base = (title: string): VlSpec => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, width: 520,
  config: { font: 'DejaVu Sans, Arial, sans-serif', axis: { labelLimit: 260 } },
});

/** A bar per group of a rate metric (by `key`), the target as a red rule; groups under min_n are drawn grey. */
export function rateByGroupSpec(groups: Group[], metric: string, key: 'borough' | 'theme', title: string, lang: Lang,
  axisTitle?: string): VlSpec | null {
  const t = L[lang];
  const rows = groups.slice(1).filter((g) => g[key] !== null && g.metrics[metric]?.value !== null && g.metrics[metric] !== undefined)
    .map((g) => ({ group: g[key], value: g.metrics[metric]!.value, n: g.metrics[metric]!.denominator, judged: g.metrics[metric]!.verdict !== 'too_few' }));
  if (!rows.length) return null;
  const target = groups[0]?.metrics[metric]?.target ?? null;
  return {
    ...base(title), height: Math.max(120, rows.length * 18),
    data: { values: rows },
    layer: [
      { mark: 'bar', encoding: {
        y: { field: 'group', type: 'nominal', sort: '-x', title: key === 'borough' ? t.borough : t.theme },
        x: { field: 'value', type: 'quantitative', title: axisTitle ?? (metric.startsWith('calls.') ? t.sl : t.onTime), axis: { format: '.0%' },
          scale: { domain: [0, 1] } },
        color: { condition: { test: 'datum.judged', value: '#4c78a8' }, value: '#bbbbbb' },
        tooltip: [{ field: 'group' }, { field: 'value', format: '.1%' }, { field: 'n', title: 'n' }],
      } },
      ...(target === null ? [] : [{ mark: { type: 'rule', color: '#d62728', strokeWidth: 2 }, encoding: { x: { datum: target } } }]),
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
      { mark: { type: 'line', point: true }, encoding: {
        x: { field: 'month', type: 'ordinal', title: t.month },
        y: { field: 'value', type: 'quantitative', title: t.sl, axis: { format: '.0%' }, scale: { domain: [0, 1] } },
      } },
      ...(target === null ? [] : [{ mark: { type: 'rule', color: '#d62728', strokeWidth: 2 }, encoding: { y: { datum: target } } }]),
    ],
  };
}

/** The SVG of a Vega-Lite spec, numbers formatted in `lang`. */
export async function renderSvg(spec: VlSpec, lang: Lang): Promise<string> {
  vega.formatLocale(lang === 'fr' ? FR : EN);
  const view = new vega.View(vega.parse(vl.compile(spec as unknown as vl.TopLevelSpec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A heat map of a rate over two keys (e.g. borough × theme), cells under min_n left blank. */
export function heatmapSpec(groups: Group[], metric: string, rowKey: 'borough', colKey: 'theme', title: string, lang: Lang): VlSpec | null {
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
      color: { field: 'value', type: 'quantitative', title: t.onTime, scale: { domain: [0, 1], scheme: 'redyellowgreen' }, legend: { format: '.0%' } },
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

/** Service level by local weekday × hour (cells with calls), on the target's red–green scale. */
export function hourWeekdaySpec(cells: { weekday: number; hour: number; offered: number; service_level: number | null }[], title: string,
  lang: Lang): VlSpec | null {
  const rows = cells.filter((c) => c.service_level !== null).map((c) => ({
    day: WEEKDAY[lang][c.weekday - 1], order: c.weekday, hour: `${String(c.hour).padStart(2, '0')}h`, value: c.service_level, calls: c.offered,
  }));
  if (!rows.length) return null;
  return {
    ...base(title), width: 520, height: 160,
    data: { values: rows },
    mark: 'rect',
    encoding: {
      x: { field: 'hour', type: 'ordinal', title: null },
      y: { field: 'day', type: 'ordinal', title: null, sort: WEEKDAY[lang] },
      color: { field: 'value', type: 'quantitative', title: L[lang].sl, scale: { domain: [0, 1], scheme: 'redyellowgreen' }, legend: { format: '.0%' } },
      tooltip: [{ field: 'day' }, { field: 'hour' }, { field: 'value', format: '.1%' }, { field: 'calls' }],
    },
  };
}

/** Answered calls per wait bin, the threshold as a red rule. */
export function waitHistogramSpec(bins: { from: number; calls: number }[], threshold: number, title: string, lang: Lang): VlSpec | null {
  if (!bins.length) return null;
  return {
    ...base(title), height: 200,
    data: { values: bins },
    layer: [
      { mark: 'bar', encoding: {
        x: { field: 'from', type: 'quantitative', bin: 'binned', title: lang === 'fr' ? 'attente (s)' : 'wait (s)' },
        x2: { field: 'to' },
        y: { field: 'calls', type: 'quantitative', title: L[lang].calls },
      }, transform: [{ calculate: `datum.from + ${bins.length > 1 ? bins[1]!.from - bins[0]!.from : 30}`, as: 'to' }] },
      { mark: { type: 'rule', color: '#d62728', strokeWidth: 2 }, encoding: { x: { datum: threshold } } },
    ],
  };
}
