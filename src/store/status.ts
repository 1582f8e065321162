/**
 * What the store holds, as `vigie status` reports it: the drops (manifest) with their counts and findings, each
 * source's rows, period, boroughs and themes, the rejects, and the deadlines it keeps. With an as-of instant, the store
 * as it was known then: drops with a later snapshot are not seen, nor their rows or rejects.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Finding } from '../findings.ts';
import { lit, rows, ts } from '../sql.ts';
import { formatInstant, toLocalIso } from '../time/zone.ts';
import { factsState } from './ticket-facts.ts';

export interface SourceStatus {
  kind: string;
  rows: number;
  /** First and last local day (in the zone asked) of the source's times: creation, call queued, interval start. */
  periods: { from: string | null; to: string | null };
  by_borough: Record<string, number>;
  without_borough: number;
  by_theme: Record<string, number>;
}

export interface StoreStatus {
  drops: Record<string, unknown>[];
  sources: Record<string, SourceStatus>;
  rejects: { count: number; sample: Record<string, unknown>[] };
  /** The deadlines the store keeps (`vigie standards apply`), null when it keeps none; `current`: they include the
   * latest tickets drop (imports keep them so). */
  kept_deadlines: { file: string; sha256: string; drop: number | null; built_at: string; current: boolean } | null;
}

/** The findings of a drop counted by code, from the JSON the manifest keeps. */
function findingsByCode(json: unknown): Record<string, number> {
  const counts = new Map<string, number>();
  for (const f of JSON.parse(String(json)) as Finding[]) counts.set(f.code, (counts.get(f.code) ?? 0) + f.count);
  return Object.fromEntries(counts);
}

async function dropsKnown(c: DuckDBConnection, asOf: Date | null): Promise<StoreStatus['drops']> {
  const where = asOf ? `WHERE snapshot_time <= ${ts(asOf)}` : '';
  return (await rows(c, `SELECT * FROM drops ${where} ORDER BY drop_id`)).map((d) => ({
    drop_id: d.drop_id, file: d.file, sha256: d.sha256, source: d.source, format: d.format, kind: d.kind, mode: d.mode,
    encoding: d.encoding, snapshot_time: formatInstant(String(d.zone), (d.snapshot_time as Date).getTime()),
    snapshot_time_from: d.snapshot_time_from, zone: d.zone, tool_version: d.tool_version,
    imported_at: (d.imported_at as Date).toISOString(),
    counts: { read: d.read, inserted: d.inserted, updated: d.updated, unchanged: d.unchanged, stale: d.stale,
      rejected: d.rejected, duplicate_in_file: d.duplicate_in_file },
    missing: d.missing,
    findings_by_code: findingsByCode(d.findings),
  }));
}

async function sourcesKnown(c: DuckDBConnection, asOf: Date | null, zone: string): Promise<StoreStatus['sources']> {
  const t = asOf ? ts(asOf) : null;
  const kinds = [
    { kind: 'tickets', view: t ? `tickets_as_of(${t})` : 'tickets', time: 'created_at' },
    { kind: 'calls', view: t ? `calls_as_of(${t})` : 'calls', time: 'queued_at' },
    { kind: 'call-intervals', view: t ? `call_intervals_as_of(${t})` : 'call_intervals', time: 'interval_start' },
  ];
  const day = (v: unknown) => (v ? toLocalIso(zone, (v as Date).getTime()).slice(0, 10) : null);
  const sources: StoreStatus['sources'] = {};
  for (const k of kinds) {
    for (const s of await rows(c, `SELECT source, count(*) AS n, min(${k.time}) AS lo, max(${k.time}) AS hi FROM ${k.view} GROUP BY source ORDER BY source`)) {
      const src = String(s.source);
      const by = await rows(c, `SELECT borough, count(*) AS n FROM ${k.view} WHERE source = ${lit(src)} GROUP BY borough ORDER BY borough NULLS LAST`);
      const themes = await rows(c, `SELECT theme, count(*) AS n FROM ${k.view} WHERE source = ${lit(src)} AND theme IS NOT NULL
        GROUP BY theme ORDER BY n DESC, theme`);
      sources[src] = {
        kind: k.kind,
        rows: Number(s.n),
        periods: { from: day(s.lo), to: day(s.hi) },
        by_borough: Object.fromEntries(by.filter((b) => b.borough !== null).map((b) => [String(b.borough), Number(b.n)] as const)
          .sort((a, b) => a[0].localeCompare(b[0], 'fr'))),
        without_borough: Number(by.find((b) => b.borough === null)?.n ?? 0),
        by_theme: Object.fromEntries(themes.map((r) => [String(r.theme), Number(r.n)])),
      };
    }
  }
  return sources;
}

/** The store's status as known at `asOf` (null: now), local days in `zone`. */
export async function storeStatus(c: DuckDBConnection, asOf: Date | null, zone: string): Promise<StoreStatus> {
  const drops = await dropsKnown(c, asOf);
  const sources = await sourcesKnown(c, asOf, zone);
  const ids = drops.map((d) => Number(d.drop_id));
  const inDrops = ids.length ? `WHERE drop_id IN (${ids.join(', ')})` : 'WHERE false';
  const count = Number((await rows(c, `SELECT count(*) AS n FROM rejects ${inDrops}`))[0]!.n);
  const sample = await rows(c, `SELECT file, line, column_name AS "column", code, value, raw FROM rejects ${inDrops} ORDER BY drop_id, line LIMIT 5`);
  const kept = await factsState(c);
  return {
    drops, sources, rejects: { count, sample },
    kept_deadlines: kept && { file: kept.file, sha256: kept.sha256, drop: kept.drop, built_at: kept.built_at, current: kept.current },
  };
}
