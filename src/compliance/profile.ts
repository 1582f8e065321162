/**
 * The report's call profiles: the service level by local weekday × hour, and the distribution of the
 * answered waits, for one period; and the data-quality summary of the drops read. Counts come from the store; the
 * service level of a cell is the standards' variant over the cell's counts (src/metrics/service-level.ts), so a cell
 * reads like the tables.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { asOfView, lit, rows, ts } from '../sql.ts';
import type { Standards } from '../standards/standards.ts';
import { emptyCounts, serviceLevel } from '../metrics/index.ts';
import { createUtcOffsetTable } from '../time/utc-offsets.ts';
import { toLocalIso } from '../time/zone.ts';

export interface HourCell {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
  offered: number;
  service_level: number | null;
}

/** Service level per local weekday × hour of the period's calls. */
export async function serviceLevelByHour(conn: DuckDBConnection, fromUtc: Date, toUtc: Date, s: Standards, asOf: Date | null = null): Promise<HourCell[]> {
  const sl = s.calls.service_level;
  const z = await createUtcOffsetTable(conn, s.timezone, fromUtc.getTime(), toUtc.getTime());
  const within = `c.wait_seconds ${sl.boundary} ${sl.threshold_seconds}`;
  const S = s.calls.abandonment.short_abandon_seconds;
  const out = await rows(conn, `SELECT z.ldow AS weekday, z.lhour AS hour,
      count(*) FILTER (WHERE c.outcome IN ('answered', 'abandoned', 'timeout')) AS offered,
      count(*) FILTER (WHERE c.outcome = 'answered') AS answered, count(*) FILTER (WHERE c.outcome = 'abandoned') AS abandoned,
      count(*) FILTER (WHERE c.outcome = 'answered' AND ${within}) AS answered_within,
      count(*) FILTER (WHERE c.outcome = 'abandoned' AND ${within}) AS abandoned_within,
      count(*) FILTER (WHERE c.outcome = 'abandoned' AND c.wait_seconds <= ${S} AND ${S} > 0) AS abandoned_short
    FROM ${asOfView('calls', asOf)} c JOIN utc_offsets z ON z.k = ${z.key('c.queued_at')}
    WHERE c.queued_at >= ${ts(fromUtc)} AND c.queued_at < ${ts(toUtc)}
    GROUP BY ALL ORDER BY ALL`);
  return out.map((r) => {
    const n = (k: string) => Number(r[k] ?? 0);
    const counts = { ...emptyCounts(), offered: n('offered'), answered: n('answered'), abandoned: n('abandoned'), answered_within: n('answered_within'),
      abandoned_within: n('abandoned_within'), abandoned_short: n('abandoned_short') };
    return { weekday: n('weekday'), hour: n('hour'), offered: n('offered'), service_level: serviceLevel(counts, sl.variant).value };
  });
}

/** Answered calls per wait bin of `binSeconds` (the last bin holds every longer wait), for one period. */
export async function waitHistogram(conn: DuckDBConnection, fromUtc: Date, toUtc: Date, asOf: Date | null = null, binSeconds = 30, maxSeconds = 1200):
  Promise<{ from: number; calls: number }[]> {
  const out = await rows(conn, `SELECT least(floor(wait_seconds / ${binSeconds}) * ${binSeconds}, ${maxSeconds}) AS bin, count(*) AS n FROM ${asOfView('calls', asOf)}
    WHERE outcome = 'answered' AND queued_at >= ${ts(fromUtc)} AND queued_at < ${ts(toUtc)}
    GROUP BY ALL ORDER BY bin`);
  return out.map((r) => ({ from: Number(r.bin), calls: Number(r.n) }));
}

export interface DropQuality {
  drop_id: number;
  file: string;
  sha256: string;
  source: string;
  format: string;
  kind: string;
  /** ISO 8601, UTC. */
  snapshot_time: string;
  /** The zone the drop's local times were read in. */
  zone: string;
  read: number;
  rejected: number;
  /** Findings by code with their severity and count. */
  findings: { code: string; severity: string; count: number }[];
}

/** Each drop known at `asOf` (all without it): what the manifest says of it, rows read and rejected, findings by code. */
export async function dataQuality(conn: DuckDBConnection, asOf: Date | null = null): Promise<DropQuality[]> {
  const drops = await rows(conn, `SELECT drop_id, file, sha256, source, format, kind, epoch_ms(snapshot_time) AS snapshot_ms, zone, "read", rejected,
      findings FROM drops
    ${asOf ? `WHERE snapshot_time <= ${ts(asOf)}` : ''} ORDER BY drop_id`);
  return drops.map((d) => {
    const byCode = new Map<string, { code: string; severity: string; count: number }>();
    for (const f of JSON.parse(String(d.findings)) as { code: string; severity: string; count: number }[]) {
      const prev = byCode.get(f.code);
      byCode.set(f.code, { code: f.code, severity: f.severity, count: (prev?.count ?? 0) + f.count });
    }
    return { drop_id: Number(d.drop_id), file: String(d.file), sha256: String(d.sha256), source: String(d.source), format: String(d.format),
      kind: String(d.kind), snapshot_time: new Date(Number(d.snapshot_ms)).toISOString(), zone: String(d.zone), read: Number(d.read), rejected: Number(d.rejected),
      findings: [...byCode.values()] };
  });
}

/**
 * Requests created per local month and channel over [fromUtc, toUtc) (every nature, as `tickets.channel_share` counts
 * them), from the tickets as known at `asOf` (or their latest versions): the channel mix trend of the report.
 */
export async function channelMixByMonth(conn: DuckDBConnection, fromUtc: Date, toUtc: Date, s: Standards, asOf: Date | null = null):
  Promise<{ month: string; channel: string; tickets: number }[]> {
  const z = await createUtcOffsetTable(conn, s.timezone, fromUtc.getTime(), toUtc.getTime());
  const out = await rows(conn, `SELECT z.lmonth AS month, t.channel, count(*) AS n
    FROM ${asOfView('tickets', asOf)} t JOIN utc_offsets z ON z.k = ${z.key('t.created_at')}
    WHERE t.created_at >= ${ts(fromUtc)} AND t.created_at < ${ts(toUtc)}
    GROUP BY ALL ORDER BY month, t.channel`);
  return out.map((r) => ({ month: String(r.month), channel: String(r.channel), tickets: Number(r.n) }));
}

/** The local months `YYYY-MM` of the first and last call and request the store holds (as known at `asOf`); null for none. */
export interface Coverage {
  calls: { from: string; to: string } | null;
  tickets: { from: string; to: string } | null;
}

export async function coverage(conn: DuckDBConnection, zone: string, asOf: Date | null = null, source?: string): Promise<Coverage> {
  const only = source === undefined ? '' : ` WHERE source = ${lit(source)}`;
  const span = async (view: string, col: string) => {
    const r = (await rows(conn, `SELECT epoch_ms(min(${col})) AS a, epoch_ms(max(${col})) AS b FROM ${view}${only}`))[0];
    if (!r || r.a === null || r.b === null) return null;
    return { from: toLocalIso(zone, Number(r.a)).slice(0, 7), to: toLocalIso(zone, Number(r.b)).slice(0, 7) };
  };
  const calls = await span(asOfView('calls', asOf), 'queued_at');
  const intervals = await span(asOfView('call_intervals', asOf), 'interval_start');
  const both = calls && intervals ? { from: calls.from < intervals.from ? calls.from : intervals.from, to: calls.to > intervals.to ? calls.to : intervals.to }
    : calls ?? intervals;
  return { calls: both, tickets: await span(asOfView('tickets', asOf), 'created_at') };
}

/**
 * What a reader must know before trusting numbers judged under `s`: drops read in another zone than the standards'
 * (months and hours shifted), and sources that name another city than the standards' (its holidays and hours may not
 * be theirs). A source names a city when it is not one of vigie's generic formats; it is the standards' city when its
 * name contains the city's name (accents and case aside).
 */
export type StandardsNotice = { code: 'zone_mismatch'; source: string; zone: string; standards_zone: string }
  | { code: 'city_mismatch'; sources: string[]; city: string; standards_file: string };

const GENERIC_SOURCES = /^(vigie-|open311$)/;
const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');

export function standardsNotices(s: Standards, drops: readonly { source: string; zone: string }[]): StandardsNotice[] {
  const out: StandardsNotice[] = [];
  const zones = new Map<string, string>();
  for (const d of drops) if (d.zone !== s.timezone && !zones.has(d.source)) zones.set(d.source, d.zone);
  for (const [source, zone] of zones) out.push({ code: 'zone_mismatch', source, zone, standards_zone: s.timezone });
  const city = fold(s.city);
  const others = [...new Set(drops.map((d) => d.source))].filter((src) => !GENERIC_SOURCES.test(src) && (!city || !fold(src).includes(city)));
  if (others.length && city) out.push({ code: 'city_mismatch', sources: others, city: s.city, standards_file: s.file.split(/[\\/]/).pop() ?? s.file });
  return out;
}
