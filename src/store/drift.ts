/**
 * Drift checks of `vigie validate --store` (thresholds: the standards file's `drift:` section,
 * src/standards/sections/drift.ts): does this drop look like the drops the store already holds? Three checks, each a
 * warning by default (`severity: error` makes validate exit 2, `off` skips it):
 *
 * - columns: the drop's header against the header of the previous drop (highest drop_id) of the same source, format and
 *   kind, as recorded in `drops.header` (schema version 5; drops imported earlier have none and are not compared). A
 *   column of the previous drop that is missing and a new column whose folded names are close (edit distance) or that
 *   sit at the same position are one rename; the others are missing or added.
 * - volume: rows per day in the drop's newest month (local to the source's zone; the newest month it covers for at
 *   least MIN_DAYS days up to its snapshot time, so that a drop taken on the 2nd is judged on the month before) against
 *   the month before and the same month a year earlier. Counts are those of the store as the drop would leave it: the
 *   drop's rows and the stored current rows of the source that it does not repeat (so that incremental and snapshot
 *   drops are judged alike). A comparison whose earlier month has fewer than `min_rows` rows is skipped.
 * - unknown_borough / unmapped_category: the share of such rows among the drop's rows of that newest month against
 *   their share among the source's stored rows of earlier months; raised when it rises by more than `max_rise`.
 *   Unknown borough: a borough given but not recognised (tickets, calls); unmapped category: a category that the theme
 *   map sends to `other` (tickets).
 *
 * collectDrift reads the staged drop while validate's dry run still holds it (ImportOptions.onStaged); driftFindings
 * is pure and turns those facts into findings of the import's Finding shape (code `drift.…`, line null).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { msg, type Lang } from '../messages.ts';
import type { DriftStandards, DriftSeverity } from '../standards/sections/drift.ts';
import { toLocalIso } from '../time/zone.ts';
import { lit, rows } from '../sql.ts';
import { previousDrop, type StagedDrop } from './import.ts';
import type { Finding } from '../findings.ts';
import { columnChanges } from '../formats/columns.ts';

export { columnChanges, nameSimilarity, RENAME_SIMILARITY, type ColumnChanges } from '../formats/columns.ts';

/** The newest month must be covered for at least this many days (up to the snapshot time) to be judged. */
export const MIN_DAYS = 7;
/** A change exactly at a threshold (0.30 of a ±30 % band) is within it, whatever the floating-point rounding. */
const EPSILON = 1e-9;

export type ShareCheck = 'unknown_borough' | 'unmapped_category';
export const SHARE_CHECKS: readonly ShareCheck[] = ['unknown_borough', 'unmapped_category'];

/** Rows of one local month, and how many of them each share check counts (null: the kind has no such field). */
export interface MonthCounts {
  rows: number;
  unknown_borough: number | null;
  unmapped_category: number | null;
}

export interface DriftFacts {
  file: string;
  kind: string;
  zone: string;
  /** The drop's snapshot time (ISO instant). */
  snapshot_time: string;
  header: string[];
  /** The previous drop of the same source, format and kind that has a recorded header. */
  previous: { drop_id: number; file: string; header: string[] } | null;
  /** Rows per local month (`YYYY-MM`) of the store as the drop would leave it. */
  months: Record<string, number>;
  /** The drop's own rows per local month. */
  drop: Record<string, MonthCounts>;
  /** The source's stored current rows per local month, before the drop. */
  stored: Record<string, MonthCounts>;
  /** The drop's column of each share check, as its findings name it (null when unknown). */
  columns: Record<ShareCheck, string | null>;
}

/** Each kind's time column, and the SQL (over a staged or stored row) of each share check. */
const KINDS: Record<string, { time: string } & Record<ShareCheck, string | null>> = {
  tickets: {
    time: 'created_at',
    unknown_borough: 'borough_raw IS NOT NULL AND borough IS NULL',
    unmapped_category: `category IS NOT NULL AND theme = 'other'`,
  },
  calls: { time: 'queued_at', unknown_borough: 'borough_raw IS NOT NULL AND borough IS NULL', unmapped_category: null },
  'call-intervals': { time: 'interval_start', unknown_borough: null, unmapped_category: null },
};

/**
 * The facts the drift checks need, read inside validate's dry run (before its rollback): the temp view `fate` (the
 * drop's kept rows), the temp table `cur` (the source's current rows before the drop) and the `drops` manifest.
 */
export async function collectDrift(conn: DuckDBConnection, staged: StagedDrop): Promise<DriftFacts> {
  const k = KINDS[staged.kind] ?? KINDS.tickets!;
  // The drop's rows and the stored ones, each reduced once to id, local month and the share checks' flags.
  const reduce = (from: string) => `SELECT id, strftime(timezone(${lit(staged.zone)}, ${k.time}), '%Y-%m') AS m,
      ${k.unknown_borough ?? 'NULL'} AS ub, ${k.unmapped_category ?? 'NULL'} AS uc FROM ${from} WHERE ${k.time} IS NOT NULL`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE drift_drop AS ${reduce('fate')};
    CREATE OR REPLACE TEMP TABLE drift_stored AS ${reduce('cur')}`);
  const share = (c: ShareCheck, col: string) => (k[c] === null ? 'NULL' : `count(*) FILTER (WHERE ${col})`);
  const perMonth = async (from: string): Promise<Record<string, MonthCounts>> => Object.fromEntries(
    (await rows(conn, `SELECT m, count(*) AS n, ${share('unknown_borough', 'ub')} AS ub, ${share('unmapped_category', 'uc')} AS uc
      FROM ${from} GROUP BY m`))
      .map((r) => [String(r.m), { rows: Number(r.n), unknown_borough: nullable(r.ub), unmapped_category: nullable(r.uc) }]),
  );
  let drop: Record<string, MonthCounts>;
  let stored: Record<string, MonthCounts>;
  let months: Record<string, number>;
  try {
    drop = await perMonth('drift_drop');
    stored = await perMonth('drift_stored');
    months = Object.fromEntries((await rows(conn, `SELECT m, count(*) AS n FROM (
        SELECT m FROM drift_drop UNION ALL SELECT m FROM drift_stored s WHERE NOT EXISTS (SELECT 1 FROM drift_drop d WHERE d.id = s.id)
      ) GROUP BY m`)).map((r) => [String(r.m), Number(r.n)]));
  } finally {
    await conn.run('DROP TABLE IF EXISTS drift_drop; DROP TABLE IF EXISTS drift_stored').catch(() => undefined);
  }
  const previous = await previousDrop(conn, { source: staged.source, format: staged.format, kind: staged.kind, except: staged.drop_id });
  const columnOf = (code: string) => staged.findings.find((f) => f.code === code)?.column ?? null;
  return {
    file: staged.file, kind: staged.kind, zone: staged.zone, snapshot_time: staged.snapshot_time, header: staged.header,
    previous,
    months, drop, stored, columns: { unknown_borough: columnOf('unknown_borough'), unmapped_category: columnOf('unmapped_category') },
  };
}

function nullable(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** `2018-09` shifted by n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function daysIn(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Days of `month` (local) up to the snapshot time, at most the whole month. */
function coveredDays(month: string, snapshotIso: string, zone: string): number {
  const local = Date.parse(`${toLocalIso(zone, Date.parse(snapshotIso)).slice(0, 19)}Z`);
  const start = Date.parse(`${month}-01T00:00:00Z`);
  return Math.max(0, Math.min(daysIn(month), (local - start) / 86_400_000));
}

/** The month volume and shares are judged on: the drop's newest month covered for MIN_DAYS days, else the one before. */
export function judgedMonth(f: Pick<DriftFacts, 'drop' | 'snapshot_time' | 'zone'>): { month: string; days: number } | null {
  const newest = Object.keys(f.drop).filter((m) => f.drop[m]!.rows > 0).sort().at(-1);
  if (newest === undefined) return null;
  const days = coveredDays(newest, f.snapshot_time, f.zone);
  if (days >= MIN_DAYS) return { month: newest, days };
  const before = addMonths(newest, -1);
  return { month: before, days: daysIn(before) };
}

function number(v: number, lang: Lang, digits = 0): string {
  const s = (Math.round(v * 10 ** digits) / 10 ** digits).toFixed(digits);
  return lang === 'fr' ? s.replace('.', ',') : s;
}

function signed(v: number, lang: Lang): string {
  const s = number(Math.abs(v), lang, Math.abs(v) < 10 ? 1 : 0);
  return `${v < 0 ? '−' : '+'}${s}`;
}

/** The drift findings of one drop: warnings, or errors where the standards say `severity: error`. */
export function driftFindings(f: DriftFacts, d: DriftStandards, lang: Lang): Finding[] {
  const m = msg(lang).drift;
  const out: Finding[] = [];
  const add = (severity: DriftSeverity, code: string, message: string, column: string | null, value: string | null) => {
    if (severity === 'off') return;
    out.push({ severity, code, message, file: f.file, line: null, column, value, count: 1, samples: [] });
  };

  if (d.columns.severity !== 'off' && f.previous) {
    const c = columnChanges(f.previous.header, f.header);
    const prev = f.previous.file;
    for (const r of c.renamed) add(d.columns.severity, 'drift.columns.renamed', m.columnRenamed(r.from, r.to, prev), r.to, r.from);
    for (const col of c.missing) add(d.columns.severity, 'drift.columns.missing', m.columnMissing(col, prev), col, null);
    for (const col of c.added) add(d.columns.severity, 'drift.columns.added', m.columnAdded(col, prev), col, null);
  }

  const judged = judgedMonth(f);
  if (!judged) return out;
  const { month, days } = judged;
  const rows = f.months[month] ?? 0;
  if (d.volume.severity !== 'off') {
    const perDay = rows / days;
    for (const [code, band, base] of [
      ['drift.volume.month', d.volume.month, addMonths(month, -1)],
      ['drift.volume.year', d.volume.year, addMonths(month, -12)],
    ] as const) {
      const baseRows = f.months[base] ?? 0;
      if (band === null || baseRows < d.volume.min_rows) continue;
      const basePerDay = baseRows / daysIn(base);
      const change = perDay / basePerDay - 1;
      if (Math.abs(change) <= band + EPSILON) continue;
      add(d.volume.severity, code, m.volume(month, rows, number(perDay, lang, 1), base, baseRows, number(basePerDay, lang, 1),
        signed(change * 100, lang), number(band * 100, lang)), null, month);
    }
  }

  for (const check of SHARE_CHECKS) {
    const cfg = d[check];
    const now = f.drop[month];
    if (cfg.severity === 'off' || !now || now[check] === null || now.rows < cfg.min_rows) continue;
    const before = Object.entries(f.stored).filter(([mo]) => mo < month).map(([, c]) => c);
    const beforeRows = before.reduce((n, c) => n + c.rows, 0);
    if (beforeRows < cfg.min_rows) continue;
    const shareNow = now[check]! / now.rows;
    const shareBefore = before.reduce((n, c) => n + (c[check] ?? 0), 0) / beforeRows;
    const rise = shareNow - shareBefore;
    if (rise <= cfg.max_rise + EPSILON) continue;
    add(cfg.severity, `drift.${check}.share`, m.share(month, m.what[check] ?? check, number(shareNow * 100, lang, 1), now[check]!, now.rows,
      number(shareBefore * 100, lang, 1), number(rise * 100, lang, 1), number(cfg.max_rise * 100, lang, 1)), f.columns[check], month);
  }
  return out;
}
