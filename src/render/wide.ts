/**
 * The compliance answer as a table of one row per group (the "wide" shape): the group's keys and `final`, then for each
 * metric its value under the metric's id and, where some group has them, its parts under `<id>.numerator`,
 * `<id>.denominator`, `<id>.target`, `<id>.verdict`, `<id>.low` and `<id>.high` (the Wilson 95 % interval) and
 * `<id>.note`. What is the same for every group of a metric (its variant, the kind of its target, whether the target
 * is an example) is said once, in the header of `--shape wide` JSON. A 14,000-group answer is a few MB in this shape,
 * where the long shape (one object per metric of each group) repeats every field name and null.
 *
 * The shape of `--output ndjson` (one object per line, its null fields left out), `--output parquet`, and `--shape wide`
 * for `--output json` (the rows as arrays under the columns) and `--output csv`. The columns come in a fixed order:
 * the keys in the order of GROUP_KEYS, then `final`, then the metrics in the order they first appear in the groups
 * (city-wide first), each metric's parts after its value.
 */
import type { ComplianceReport } from '../compliance/report.ts';
import { GROUP_KEYS, metricEntries, type Group, type MetricResult } from '../compliance/result.ts';
import type { MetricId } from '../metrics/index.ts';
import { csvCell } from './compliance.ts';

export type WideValue = string | number | boolean | null;

export interface WideColumn {
  name: string;
  type: 'text' | 'number' | 'boolean';
  get(g: Group): WideValue;
}

/** What a metric's parts are called in the wide shape, and how each is read from the metric. */
const PARTS: { suffix: string; type: WideColumn['type']; read(r: MetricResult): WideValue }[] = [
  { suffix: 'numerator', type: 'number', read: (r) => r.numerator },
  { suffix: 'denominator', type: 'number', read: (r) => r.denominator },
  { suffix: 'target', type: 'number', read: (r) => r.target },
  { suffix: 'verdict', type: 'text', read: (r) => (r.target === null && r.verdict === 'no_target' ? null : r.verdict) },
  { suffix: 'low', type: 'number', read: (r) => r.ci95?.[0] ?? null },
  { suffix: 'high', type: 'number', read: (r) => r.ci95?.[1] ?? null },
  { suffix: 'note', type: 'text', read: (r) => r.note },
];

/** The metric ids of the report, in the order they first appear in its groups. */
function metricIds(report: ComplianceReport): MetricId[] {
  const ids = new Set<MetricId>();
  for (const g of report.groups) for (const [id] of metricEntries(g.metrics)) ids.add(id);
  return [...ids];
}

/**
 * The columns of the wide table: only the keys some group has, only the parts some group's metric has (`ids`: the
 * report's metric ids, when the caller has them already).
 */
export function wideColumns(report: ComplianceReport, ids: MetricId[] = metricIds(report)): WideColumn[] {
  const cols: WideColumn[] = GROUP_KEYS.filter((k) => report.groups.some((g) => g[k] !== null))
    .map((k) => ({ name: k, type: 'text' as const, get: (g: Group) => g[k] }));
  cols.push({ name: 'final', type: 'boolean', get: (g) => g.final });
  for (const id of ids) {
    cols.push({ name: id, type: 'number', get: (g) => g.metrics[id]?.value ?? null });
    for (const p of PARTS) {
      const read = (g: Group) => {
        const r = g.metrics[id];
        return r === undefined ? null : p.read(r);
      };
      if (report.groups.some((g) => read(g) !== null)) cols.push({ name: `${id}.${p.suffix}`, type: p.type, get: read });
    }
  }
  return cols;
}

/** One object per group with the columns as fields; null fields left out (a missing field is null). */
export function wideRows(report: ComplianceReport, cols: WideColumn[] = wideColumns(report)): Record<string, WideValue>[] {
  return report.groups.map((g) => {
    const row: Record<string, WideValue> = {};
    for (const c of cols) {
      const v = c.get(g);
      if (v !== null) row[c.name] = v;
    }
    return row;
  });
}

/** `--output ndjson`: one group per line, city-wide first. */
export function renderNdjson(report: ComplianceReport): string {
  return wideRows(report).map((r) => `${JSON.stringify(r)}\n`).join('');
}

/**
 * `--output json --shape wide`: the report's header (period, as-of, standards, notices…), `shape: "wide"`, the
 * columns with their names and types, each metric's constants, and `rows`: one array per group, in the columns' order.
 */
export function renderWideJson(report: ComplianceReport): string {
  const ids = metricIds(report);
  const cols = wideColumns(report, ids);
  const { groups: _groups, ...header } = report;
  const metrics: Record<string, { variant: string | null; target_kind: string | null; example: boolean }> = {};
  for (const id of ids) {
    const first = report.groups.map((g) => g.metrics[id]).find((r) => r !== undefined)!;
    const targeted = report.groups.map((g) => g.metrics[id]).find((r) => r?.target_kind != null);
    metrics[id] = {
      variant: first.variant, target_kind: targeted?.target_kind ?? null,
      example: report.groups.some((g) => g.metrics[id]?.example === true),
    };
  }
  // the rows as arrays in the columns' order (null where a group has no value): the field names are said once
  const rows = report.groups.map((g) => cols.map((c) => c.get(g)));
  return `${JSON.stringify({ ...header, shape: 'wide', columns: cols.map((c) => ({ name: c.name, type: c.type })), metrics, rows })}\n`;
}

/** `--output csv --shape wide`: the columns as a header line, one line per group (`--csv-dialect` as the long CSV). */
export function renderWideCsv(report: ComplianceReport, dialect: 'rfc4180' | 'excel-fr'): string {
  const sep = dialect === 'excel-fr' ? ';' : ',';
  const cols = wideColumns(report);
  const cell = (v: WideValue): string => {
    if (v === null) return '';
    if (typeof v === 'number') return dialect === 'excel-fr' ? String(v).replace('.', ',') : String(v);
    if (typeof v === 'boolean') return String(v);
    return csvCell(v, sep);
  };
  const lines = [cols.map((c) => cell(c.name)).join(sep), ...report.groups.map((g) => cols.map((c) => cell(c.get(g))).join(sep))];
  return dialect === 'excel-fr' ? `\uFEFF${lines.join('\r\n')}\r\n` : `${lines.join('\n')}\n`;
}
