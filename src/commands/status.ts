/**
 * `vigie status`: what the store holds — the drops (manifest), each source's rows, period and boroughs, and the
 * rejects. `--as-of` replays the store as it was known at that instant (drops with a later snapshot are not seen).
 */
import { Command } from 'commander';
import type { Ctx, Io } from '../io.ts';
import { msg, word } from '../messages.ts';
import { openStore, resolveStorePath } from '../store/db.ts';
import { lit, rows, ts } from '../sql.ts';
import type { Finding } from '../findings.ts';
import { table } from '../render/table.ts';
import { formatInstant, toLocalIso } from '../time/zone.ts';
import { lockWait } from './import.ts';
import { factsState } from '../store/ticket-facts.ts';
import { loadThemes } from '../standards/themes.ts';

function themeLabels(lang: 'en' | 'fr'): Map<string, string> {
  return new Map(loadThemes().map((t) => [t.id, lang === 'fr' ? t.label_fr : t.label_en]));
}
import { CITY_ZONE, outputFormat, parseInstant } from './options.ts';

export interface StatusOptions {
  store?: string | undefined;
  asOf?: string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export interface StatusReport {
  store: string;
  schema_version: number;
  as_of: string | null;
  drops: Record<string, unknown>[];
  sources: Record<string, { kind: string; rows: number; periods: { from: string | null; to: string | null };
    by_borough: Record<string, number>; without_borough: number; by_theme: Record<string, number> }>;
  rejects: { count: number; sample: Record<string, unknown>[] };
  /** The deadlines the store keeps (`vigie standards apply`), null when it keeps none; `current`: they include the
   * latest tickets drop (imports keep them so). */
  kept_deadlines: { file: string; sha256: string; drop: number | null; built_at: string; current: boolean } | null;
}

export async function runStatus(o: StatusOptions, io: Io): Promise<number> {
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json'], lang);
  const asOf = o.asOf === undefined ? undefined : parseInstant('--as-of', o.asOf, lang);
  const store = await openStore({ path: resolveStorePath(o.store, io.env, io.cwd), readOnly: true, lang, lockWaitSeconds: lockWait(io) });
  let report: StatusReport;
  try {
    const c = store.conn;
    const t = asOf ? `${ts(asOf)}` : null;
    const dropWhere = t ? `WHERE snapshot_time <= ${t}` : '';
    const drops = (await rows(c, `SELECT * FROM drops ${dropWhere} ORDER BY drop_id`)).map((d) => ({
      drop_id: d.drop_id, file: d.file, sha256: d.sha256, source: d.source, format: d.format, kind: d.kind, mode: d.mode,
      encoding: d.encoding, snapshot_time: formatInstant(String(d.zone), (d.snapshot_time as Date).getTime()),
      snapshot_time_from: d.snapshot_time_from, zone: d.zone, tool_version: d.tool_version,
      imported_at: (d.imported_at as Date).toISOString(),
      counts: { read: d.read, inserted: d.inserted, updated: d.updated, unchanged: d.unchanged, stale: d.stale,
        rejected: d.rejected, duplicate_in_file: d.duplicate_in_file },
      missing: d.missing,
      findings_by_code: Object.fromEntries(
        (JSON.parse(String(d.findings)) as Finding[]).reduce((acc, f) => acc.set(f.code, (acc.get(f.code) ?? 0) + f.count), new Map<string, number>()),
      ),
    }));
    const sources: StatusReport['sources'] = {};
    const kinds = [
      { kind: 'tickets', view: t ? `tickets_as_of(${t})` : 'tickets', time: 'created_at' },
      { kind: 'calls', view: t ? `calls_as_of(${t})` : 'calls', time: 'queued_at' },
      { kind: 'call-intervals', view: t ? `call_intervals_as_of(${t})` : 'call_intervals', time: 'interval_start' },
    ];
    for (const k of kinds) {
      for (const s of await rows(c, `SELECT source, count(*) AS n, min(${k.time}) AS lo, max(${k.time}) AS hi FROM ${k.view} GROUP BY source ORDER BY source`)) {
        const src = String(s.source);
        const by = await rows(c, `SELECT borough, count(*) AS n FROM ${k.view} WHERE source = ${lit(src)} GROUP BY borough ORDER BY borough NULLS LAST`);
        const themes = await rows(c, `SELECT theme, count(*) AS n FROM ${k.view} WHERE source = ${lit(src)} AND theme IS NOT NULL
          GROUP BY theme ORDER BY n DESC, theme`);
        sources[src] = {
          kind: k.kind,
          rows: Number(s.n),
          periods: {
            from: s.lo ? toLocalIso(CITY_ZONE, (s.lo as Date).getTime()).slice(0, 10) : null,
            to: s.hi ? toLocalIso(CITY_ZONE, (s.hi as Date).getTime()).slice(0, 10) : null,
          },
          by_borough: Object.fromEntries(by.filter((b) => b.borough !== null).map((b) => [String(b.borough), Number(b.n)] as const)
            .sort((a, b) => a[0].localeCompare(b[0], 'fr'))),
          without_borough: Number(by.find((b) => b.borough === null)?.n ?? 0),
          by_theme: Object.fromEntries(themes.map((r) => [String(r.theme), Number(r.n)])),
        };
      }
    }
    const ids = drops.map((d) => Number(d.drop_id));
    const inDrops = ids.length ? `WHERE drop_id IN (${ids.join(', ')})` : 'WHERE false';
    const rejCount = Number((await rows(c, `SELECT count(*) AS n FROM rejects ${inDrops}`))[0]!.n);
    const sample = await rows(c, `SELECT file, line, column_name AS "column", code, value, raw FROM rejects ${inDrops} ORDER BY drop_id, line LIMIT 5`);
    const kept = await factsState(c);
    report = {
      store: store.path, schema_version: store.schemaVersion, as_of: asOf ? formatInstant(CITY_ZONE, asOf.getTime()) : null,
      drops, sources, rejects: { count: rejCount, sample },
      kept_deadlines: kept && { file: kept.file, sha256: kept.sha256, drop: kept.drop, built_at: kept.built_at, current: kept.current },
    };
  } finally {
    store.close();
  }
  if (out === 'json') {
    io.stdout(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const col = m.col;
  const parts = [m.statusStore(report.store, report.schema_version)];
  if (report.as_of) parts.push(m.statusAsOf(report.as_of));
  if (!report.drops.length) parts.push(m.statusNoDrops);
  else {
    parts.push(table([col.drop!, col.file!, col.source!, col.snapshot!, col.read!, col.inserted!, col.updated!, col.unchanged!, col.stale!, col.rejected!, col.duplicate!],
      report.drops.map((d) => {
        const k = d.counts as Record<string, number>;
        return [d.drop_id as number, d.file as string, d.source as string, d.snapshot_time as string, k.read!, k.inserted!, k.updated!, k.unchanged!, k.stale!, k.rejected!, k.duplicate_in_file!];
      }), io.color));
  }
  for (const [src, s] of Object.entries(report.sources)) {
    parts.push(`\n${m.statusSource(src, s.rows, word(io.lang, 'kind', s.kind), s.periods.from, s.periods.to)}`);
    const body: (string | number)[][] = Object.entries(s.by_borough).map(([b, n]) => [b, n]);
    if (s.without_borough) body.push([m.vocab.noBorough, s.without_borough]);
    parts.push(table([col.borough!, col.rows!], body, io.color));
    const labels = themeLabels(io.lang);
    parts.push(table([col.theme!, col.rows!], Object.entries(s.by_theme).map(([th, n]) => [labels.get(th) ?? th, n]), io.color));
  }
  parts.push(m.statusRejects(report.rejects.count));
  const k = report.kept_deadlines;
  if (k) parts.push(m.statusKept(k.file, k.sha256.slice(0, 12), k.drop, k.current));
  io.stdout(parts.join('\n') + '\n');
  return 0;
}

export function makeStatusCommand(ctx: Ctx): Command {
  return new Command('status')
    .description('show what the store holds: drops, sources, periods, boroughs, rejects')
    .option('--store <path>', 'store file (default ./data/vigie.duckdb, or VIGIE_STORE)')
    .option('--as-of <instant>', 'replay the store as it was known at this date or instant')
    .option('--output <format>', 'table or json', 'table')
    .option('--json', 'short for --output json')
    .addHelpText('after', `
Examples:
  vigie status
  vigie status --as-of 2018-09-30 --json`)
    .action(async (opts: StatusOptions) => {
      ctx.setExit(await runStatus(opts, ctx.io()));
    });
}
