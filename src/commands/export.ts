/**
 * `vigie export FORMAT --out PATH`: writes the tickets of the store (the current view, or as known at `--as-of`) in an
 * output format — `parquet` (a folder partitioned by source and creation month) or the generic `vigie-tickets` CSV
 * (parse → write → parse is the identity). `--source`, `--from`, `--to` (creation months in the standards'
 * time zone, both included) restrict the rows. Exit 0 on success, 2 on a usage error or a missing store, 1 on an I/O
 * failure.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg, type Lang } from '../messages.ts';
import type { ExportKind, TicketFilter } from '../store/export.ts';
import { formatInstant } from '../time/zone.ts';
import { asOfOption, outputOptions, rangeOptions, standardsOption, storeOption, withOptions } from './options.ts';
import { outputFormat, parseInstant } from './option-values.ts';
import { DESCRIPTIONS } from './catalog.ts';

/** Output formats of this version, and those announced for when calls are stored. */
export const EXPORT_FORMATS = ['parquet', 'vigie-tickets', 'vigie-calls', 'vigie-call-intervals'] as const;
const KIND_OF: Record<string, ExportKind> = { 'parquet': 'tickets', 'vigie-tickets': 'tickets', 'vigie-calls': 'calls', 'vigie-call-intervals': 'call-intervals' };
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: string;
  out: string;
  store?: string | undefined;
  standards?: string | undefined;
  source?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  asOf?: string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export interface ExportReport {
  format: ExportFormat;
  /** The folder (parquet) or file (vigie-tickets) written, resolved. */
  out: string;
  rows: number;
  /** Files written, relative to `out` with `/` separators (parquet); the file itself for vigie-tickets. */
  files: string[];
  source: string | null;
  from: string | null;
  to: string | null;
  as_of: string | null;
}

/** A month flag (`2018-09`). */
export function parseMonth(flag: string, value: string, lang: Lang): string {
  const v = value.trim();
  const mt = /^(\d{4})-(\d{2})$/.exec(v);
  if (!mt || Number(mt[2]) < 1 || Number(mt[2]) > 12) throw new CliError(EXIT.usage, 'usage.month', msg(lang).badMonth(flag, value));
  return v;
}

function ioError(out: string, e: unknown, lang: Lang): CliError {
  const why = String((e as Error)?.message ?? e).replace(/^IO Error: /, '');
  return new CliError(EXIT.runtime, 'export.io', msg(lang).exportWriteFailed(out, why), { cause: e });
}

/** Whether an error is the file system's (Node's errno errors, DuckDB's IO errors) rather than a bug. */
function isIoError(e: unknown): boolean {
  return typeof (e as NodeJS.ErrnoException)?.code === 'string' || /^IO Error/.test(String((e as Error)?.message ?? ''));
}

/** Every `.parquet` file under `dir`, as absolute paths. */
function parquetFilesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.parquet'))
      .map((d) => join(d.parentPath, d.name));
  } catch {
    return [];
  }
}

/**
 * The modules that read the store and write, loaded when the command runs rather than when it is defined: `vigie
 * export --help` reads the options without loading the standards' parser, the exporters or the table renderer.
 */
async function working() {
  const [exporter, table, standards, session] = await Promise.all([
    import('../store/export.ts'), import('../render/table.ts'), import('../standards/standards.ts'), import('./session.ts'),
  ]);
  return { ...exporter, ...table, ...standards, ...session };
}

export async function runExport(o: ExportOptions, io: Io): Promise<number> {
  const { knownTicketSources, loadStandards, table, ticketSources, withStore, writeParquet, writeVigieTickets } = await working();
  const lang = io.lang;
  const m = msg(lang);
  if (!(EXPORT_FORMATS as readonly string[]).includes(o.format)) {
    throw new CliError(EXIT.usage, 'export.unknownFormat', m.exportUnknownFormat(o.format, [...EXPORT_FORMATS]));
  }
  const format = o.format as ExportFormat;
  const out = outputFormat(o, ['table', 'json'], lang);
  const from = o.from === undefined ? undefined : parseMonth('--from', o.from, lang);
  const to = o.to === undefined ? undefined : parseMonth('--to', o.to, lang);
  if (from !== undefined && to !== undefined && from > to) throw new CliError(EXIT.usage, 'usage.monthRange', m.monthRange(from, to));
  // months and instants are read in the standards' time zone
  const zone = loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang).timezone;
  const asOf = o.asOf === undefined ? undefined : parseInstant('--as-of', o.asOf, lang, zone);
  const target = resolve(io.cwd, o.out);
  let written: { file: string; rows: number }[] = [];
  let others = 0;
  const report: ExportReport = await withStore(io, { store: o.store }, async ({ conn: c }) => {
    if (o.source !== undefined) {
      const known = await knownTicketSources(c, KIND_OF[format]);
      if (!known.includes(o.source)) throw new CliError(EXIT.usage, 'export.unknownSource', m.exportUnknownSource(o.source, known));
    } else if (format !== 'parquet') {
      const sources = await ticketSources(c, KIND_OF[format]);
      if (sources.length > 1) throw new CliError(EXIT.usage, 'export.needsSource', m.exportNeedsSource(format, sources));
    }
    const f: TicketFilter = { kind: KIND_OF[format], source: o.source, fromMonth: from, toMonth: to, asOf, zone };
    let rows: number;
    try {
      if (format === 'parquet') {
        const before = new Set(parquetFilesUnder(target));
        mkdirSync(target, { recursive: true });
        const files = await writeParquet(c, f, target);
        written = files.map((p) => ({ file: relative(target, p.path).split(sep).join('/'), rows: p.rows }));
        rows = files.reduce((s, p) => s + p.rows, 0);
        const mine = new Set(files.map((p) => resolve(p.path)));
        others = [...before].filter((p) => !mine.has(p)).length;
      } else {
        mkdirSync(dirname(target), { recursive: true });
        rows = await writeVigieTickets(c, f, target);
        written = [{ file: target, rows }];
      }
    } catch (e) {
      if (e instanceof CliError || !isIoError(e)) throw e;
      throw ioError(target, e, lang);
    }
    return {
      format, out: target, rows, files: written.map((w) => w.file), source: o.source ?? null, from: from ?? null, to: to ?? null,
      as_of: asOf ? formatInstant(zone, asOf.getTime()) : null,
    };
  });
  if (others) io.stderr(`vigie: ${m.exportOtherFiles(others, target)}\n`);
  if (out === 'json') {
    io.stdout(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  if (format === 'parquet') {
    const parts = [m.exportWroteParquet(report.rows, written.length, report.out)];
    if (written.length) parts.push(table([m.col.file!, m.col.rows!], written.map((w) => [w.file, w.rows]), io.color));
    io.stdout(parts.join('\n') + '\n');
  } else {
    io.stdout(m.exportWroteCsv(report.rows, format, report.out) + '\n');
  }
  return 0;
}

export function makeExportCommand(ctx: Ctx): Command {
  const cmd = new Command('export')
    .description(DESCRIPTIONS.export)
    .argument('<format>', `output format: ${EXPORT_FORMATS.join(' or ')}`)
    .requiredOption('--out <path>', 'folder (parquet) or file (vigie-tickets) to write; its parent folders are created')
    .option('--source <name>', 'only this source (required for vigie-tickets when the store holds several)');
  return withOptions(cmd, rangeOptions(), asOfOption(), storeOption(), standardsOption(), outputOptions(['table', 'json']))
    .addHelpText('after', `
--from and --to select the tickets by month of creation in the standards' time zone, both included.
Parquet goes to DIR/source=NAME/month=YYYY-MM/data_0.parquet (hive partitioning; files of the same partitions are
overwritten, other files under DIR are left alone). vigie-tickets writes the header
id,created_at,closed_at,status,due_at,borough,category,theme,channel with UTC times (2018-09-03T12:14:22Z); it is
what 'vigie import --format vigie-tickets' reads back.

Examples:
  vigie export parquet --out exports/parquet
  vigie export parquet --out exports/2018 --from 2018-01 --to 2018-12 --json
  vigie export vigie-tickets --out exports/tickets.csv --source montreal-requetes311
  vigie export vigie-tickets --out tickets-2018-09-30.csv --as-of 2018-09-30`)
    .action(async (format: string, opts: Omit<ExportOptions, 'format'>) => {
      ctx.setExit(await runExport({ ...opts, format }, ctx.io()));
    });
}
