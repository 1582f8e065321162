/** The `drift:` section of a standards file: the thresholds of the drift checks of `vigie validate --store`. */
import type { Checker } from './check.ts';

/** What a drift check raises: a warning (default), an error (validate exits 2, so that CI fails) or nothing. */
export type DriftSeverity = 'warning' | 'error' | 'off';
export const DRIFT_SEVERITIES: readonly DriftSeverity[] = ['warning', 'error', 'off'];

/**
 * `drift:` — what `vigie validate --store` compares between a drop and the store (src/store/drift.ts). Every key is
 * optional; the defaults are below (DEFAULT_DRIFT).
 * - `columns`: the drop's header against the header of the previous drop of the same source and format (columns
 *   missing, added, or renamed: one missing and one added with a similar name or at the same position).
 * - `volume`: rows per day in the drop's newest month (the newest one it covers for at least 7 days) against the month
 *   before (`month`, a band: 0.30 is ±30 %) and the same month a year earlier (`year`); null skips that comparison.
 *   A comparison whose earlier month has fewer than `min_rows` rows is skipped.
 * - `unknown_borough`, `unmapped_category`: the share of such rows in the drop's newest month against their share in
 *   the stored rows of the source before that month; raised when it rises by more than `max_rise` (0.05: 5 points).
 *   Skipped when either side has fewer than `min_rows` rows.
 */
export interface DriftStandards {
  columns: { severity: DriftSeverity };
  volume: { month: number | null; year: number | null; min_rows: number; severity: DriftSeverity };
  unknown_borough: { max_rise: number; min_rows: number; severity: DriftSeverity };
  unmapped_category: { max_rise: number; min_rows: number; severity: DriftSeverity };
}

export const DEFAULT_DRIFT: DriftStandards = {
  columns: { severity: 'warning' },
  volume: { month: 0.30, year: 0.50, min_rows: 100, severity: 'warning' },
  unknown_borough: { max_rise: 0.05, min_rows: 100, severity: 'warning' },
  unmapped_category: { max_rise: 0.05, min_rows: 100, severity: 'warning' },
};

/** Checks `drift:` and writes what it gives into `into` (the defaults). */
export function checkDrift(raw: unknown, into: DriftStandards, c: Checker): void {
  const { x, bad, section } = c;
  const dr = section(raw, 'drift', ['columns', 'volume', 'unknown_borough', 'unmapped_category']);
  const severity = (v: unknown, key: string): DriftSeverity => c.choice(v, key, DRIFT_SEVERITIES);
  const dc = section(dr.columns, 'drift.columns', ['severity']);
  if (dc.severity !== undefined) into.columns.severity = severity(dc.severity, 'drift.columns.severity');
  const dv = section(dr.volume, 'drift.volume', ['month', 'year', 'min_rows', 'severity']);
  for (const k of ['month', 'year'] as const) {
    const v = dv[k];
    if (v === undefined) continue;
    if (v !== null && (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))) throw bad(`drift.volume.${k}`, v, x.band);
    into.volume[k] = v;
  }
  if (dv.min_rows !== undefined) into.volume.min_rows = c.count(dv.min_rows, 'drift.volume.min_rows');
  if (dv.severity !== undefined) into.volume.severity = severity(dv.severity, 'drift.volume.severity');
  for (const check of ['unknown_borough', 'unmapped_category'] as const) {
    const key = `drift.${check}`;
    const ds = section(dr[check], key, ['max_rise', 'min_rows', 'severity']);
    if (ds.max_rise !== undefined) into[check].max_rise = c.fraction(ds.max_rise, `${key}.max_rise`);
    if (ds.min_rows !== undefined) into[check].min_rows = c.count(ds.min_rows, `${key}.min_rows`);
    if (ds.severity !== undefined) into[check].severity = severity(ds.severity, `${key}.severity`);
  }
}
