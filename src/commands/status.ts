/**
 * `vigie status`: what the store holds — the drops (manifest), each source's rows, period and boroughs, and the
 * rejects. `--as-of` replays the store as it was known at that instant (drops with a later snapshot are not seen).
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { Ctx, Io } from '../io.ts';
import { msg, word } from '../messages.ts';
import type { StoreStatus } from '../store/status.ts';
import type { Theme } from '../standards/themes.ts';
import { formatInstant } from '../time/zone.ts';
import { asOfOption, outputOptions, standardsOption, storeOption, withOptions } from './options.ts';
import { parseInstant, outputFormat } from './option-values.ts';
import { DESCRIPTIONS } from './catalog.ts';

/**
 * The modules that read the store and render, loaded when the command runs rather than when it is defined: `vigie
 * status --help` reads the options without loading the standards' parser, the engine or the table renderer.
 */
async function working() {
  const [standards, themes, status, table, session] = await Promise.all([
    import('../standards/standards.ts'), import('../standards/themes.ts'), import('../store/status.ts'), import('../render/table.ts'),
    import('./session.ts'),
  ]);
  return { ...standards, ...themes, ...status, ...table, ...session };
}

function themeLabels(themes: Theme[], lang: 'en' | 'fr'): Map<string, string> {
  return new Map(themes.map((t) => [t.id, lang === 'fr' ? t.label_fr : t.label_en]));
}

export interface StatusOptions {
  store?: string | undefined;
  standards?: string | undefined;
  asOf?: string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export interface StatusReport extends StoreStatus {
  store: string;
  schema_version: number;
  as_of: string | null;
}

export async function runStatus(o: StatusOptions, io: Io): Promise<number> {
  const { loadStandards, loadThemes, storeStatus, table, withStore } = await working();
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json'], lang);
  // dates and instants are read, and local days shown, in the standards' time zone
  const zone = loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang).timezone;
  const asOf = o.asOf === undefined ? null : parseInstant('--as-of', o.asOf, lang, zone);
  const report: StatusReport = await withStore(io, { store: o.store }, async (store) => ({
    store: store.path, schema_version: store.schemaVersion, as_of: asOf ? formatInstant(zone, asOf.getTime()) : null,
    ...await storeStatus(store.conn, asOf, zone),
  }));
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
    const labels = themeLabels(loadThemes(), io.lang);
    parts.push(table([col.theme!, col.rows!], Object.entries(s.by_theme).map(([th, n]) => [labels.get(th) ?? th, n]), io.color));
  }
  parts.push(m.statusRejects(report.rejects.count));
  const k = report.kept_deadlines;
  if (k) parts.push(m.statusKept(k.file, k.sha256.slice(0, 12), k.drop, k.current));
  io.stdout(parts.join('\n') + '\n');
  return 0;
}

export function makeStatusCommand(ctx: Ctx): Command {
  const cmd = new Command('status')
    .description(DESCRIPTIONS.status);
  return withOptions(cmd, storeOption(), asOfOption(), standardsOption(), outputOptions(['table', 'json']))
    .addHelpText('after', `
Examples:
  vigie status
  vigie status --as-of 2018-09-30 --json`)
    .action(async (opts: StatusOptions) => {
      ctx.setExit(await runStatus(opts, ctx.io()));
    });
}
