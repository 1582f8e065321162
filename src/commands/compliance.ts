/**
 * `vigie compliance`: verdicts against the standards per group and period, for calls, tickets or both
 * (`--kind`, default all). The numbers come from src/compliance/report.ts (the same function the report uses); this
 * file parses the flags and picks the renderer. Exit 3 with --fail-on-breach when a city-wide verdict is missed (`any`:
 * any group's), naming the standards missed on stderr; targets of example rules count only with --include-examples.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import type { Lang } from '../messages.ts';
import { GROUP_KEYS, type GroupKey } from '../compliance/keys.ts';
import type { ComplianceKind, ComplianceReport } from '../compliance/report.ts';
import type { Coverage } from '../compliance/profile.ts';
import { asOfOption, outputOptions, periodOption, rangeOptions, standardsOption, storeOption, withOptions, type SelectionOptions } from './options.ts';
import { DESCRIPTIONS } from './catalog.ts';

export type { ComplianceReport };

const FORMATS = ['table', 'json', 'csv', 'md', 'ndjson', 'parquet'] as const;

export interface ComplianceOptions extends SelectionOptions {
  kind?: string | undefined;
  cohort?: string | undefined;
  failOnBreach?: boolean | string | undefined;
  includeExamples?: boolean | undefined;
  allGroups?: boolean | undefined;
  csvDialect?: string | undefined;
  shape?: string | undefined;
  out?: string | undefined;
}

/**
 * The modules that compute and render, loaded when the command runs rather than when it is defined: `vigie compliance
 * --help` reads the options without loading the standards' parser, the engine, the renderer, the message catalogue or
 * the option parsers. Exported for the benchmarks, which load them before they start the clock.
 */
export async function working() {
  const [standards, report, render, wide, parquet, profile, session, messages, words, values] = await Promise.all([
    import('../standards/standards.ts'), import('../compliance/report.ts'), import('../render/compliance.ts'),
    import('../render/wide.ts'), import('../store/rows-parquet.ts'), import('../compliance/profile.ts'), import('./session.ts'),
    import('../messages.ts'), import('../time/words.ts'), import('./option-values.ts'),
  ]);
  return { ...standards, ...report, ...render, ...wide, ...parquet, ...profile, ...session, ...messages, ...words, ...values };
}

export async function runCompliance(o: ComplianceOptions, io: Io): Promise<number> {
  const w = await working();
  const { msg, outputFormat, parseChoice, parseInstant, checkPeriodOptions } = w;
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, FORMATS, lang);
  const shape = parseChoice('--shape', o.shape ?? 'long', ['long', 'wide'] as const, lang);
  if (o.shape !== undefined && out !== 'json' && out !== 'csv') throw new CliError(EXIT.usage, 'usage.shape', m.shapeNeedsJsonCsv(shape));
  if (out === 'parquet' && !o.out) throw new CliError(EXIT.usage, 'usage.parquet_out', m.parquetNeedsOut);
  if (out !== 'parquet' && o.out !== undefined) throw new CliError(EXIT.usage, 'usage.out', m.outNeedsParquet);
  const kind = parseChoice('--kind', o.kind ?? 'all', ['tickets', 'calls', 'all'] as const, lang) as ComplianceKind;
  const by = (o.by ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    .map((k) => parseChoice('--by', k, GROUP_KEYS, lang)) as GroupKey[];
  const failOn = o.failOnBreach === undefined || o.failOnBreach === false ? null
    : parseChoice('--fail-on-breach', o.failOnBreach === true ? 'city' : o.failOnBreach, ['city', 'any'] as const, lang);
  const dialect = parseChoice('--csv-dialect', o.csvDialect ?? 'rfc4180', ['rfc4180', 'excel-fr'] as const, lang);
  const cohort = o.cohort === undefined ? undefined : parseChoice('--cohort', o.cohort, ['created', 'closed'] as const, lang);
  const standards = w.loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang);
  const zone = standards.timezone;
  const asOf = o.asOf !== undefined ? parseInstant('--as-of', o.asOf, lang, zone) : null;
  checkPeriodOptions(o, zone, lang);
  const report = await w.withStore(io, { store: o.store }, async ({ conn }) => {
    const r = await w.computeCompliance(conn, { kind, period: o.period, from: o.from, to: o.to, asOf, by, source: o.source, cohort,
      standards, lang, now: io.now() });
    refuseOutside(r, await w.coverage(conn, zone, asOf, o.source), lang, w, o.source);
    if (out === 'parquet') {
      const file = resolve(io.cwd, o.out!);
      const cols = w.wideColumns(r);
      io.stderr(`vigie: ${m.parquetWritten(file, await w.writeRowsParquet(conn, file, cols, w.wideRows(r, cols)), cols.length)}\n`);
    }
    return r;
  });

  const view = { lang, minN: standards.min_n, zone, allGroups: o.allGroups === true };
  if (out === 'json') io.stdout(shape === 'wide' ? w.renderWideJson(report) : JSON.stringify(report, null, 2) + '\n');
  else if (out === 'csv') io.stdout(shape === 'wide' ? w.renderWideCsv(report, dialect) : w.renderCsv(report, dialect));
  else if (out === 'ndjson') io.stdout(w.renderNdjson(report));
  else if (out === 'md') io.stdout(w.renderMarkdown(report, by, view));
  else if (out === 'table') io.stdout(w.renderTable(report, by, { ...view, color: io.color }));

  const city = report.groups[0]!;
  if (kind !== 'tickets' && !(Number(city.metrics['calls.offered']?.value ?? 0) > 0)) io.stderr(`vigie: ${m.noCallData}\n`);
  if (kind !== 'calls' && !(Number(city.metrics['tickets.created']?.value ?? 0) > 0)) io.stderr(`vigie: ${m.noTicketData}\n`);
  if (failOn) {
    const missed = w.breaches(report, failOn, !!o.includeExamples);
    if (missed.length) {
      for (const b of missed.slice(0, 20)) {
        const where = GROUP_KEYS.filter((k) => b.group[k] !== null).map((k) => `${k} ${b.group[k]}`).join(', ') || m.cityWide;
        const fmt = (v: number | null) => (b.metric.endsWith('_seconds') || b.metric.endsWith('_days') ? String(v) : w.percent(v, lang));
        io.stderr(`vigie: ${m.breachItem(b.metric, where, fmt(b.value), fmt(b.target))}\n`);
      }
      if (missed.length > 20) io.stderr(`vigie: … (+${missed.length - 20})\n`);
      io.stderr(`vigie: ${m.breach(missed.length)}\n`);
      return EXIT.breach;
    }
    // a CI log must not read a pass as "everything met" when only examples were missed
    const examples = o.includeExamples ? 0 : w.breaches(report, failOn, true).length;
    if (examples) io.stderr(`vigie: ${m.examplesIgnored(examples)}\n`);
  }
  return EXIT.ok;
}

/**
 * A period outside what the store holds is not a month of zeros: exit 2 naming what the store covers (for the kinds
 * asked), and an empty store says so. Requests are known from their first creation to the as-of instant (a month
 * after the last creation still has a backlog); calls from the first to the last call. A period that overlaps the
 * data but has none of a kind is only warned about.
 */
function refuseOutside(report: ComplianceReport, c: Coverage, lang: Lang, w: Awaited<ReturnType<typeof working>>, source?: string): void {
  const { msg, monthWords, periodWords } = w;
  const r = msg(lang).report;
  const asOfMonth = report.as_of.slice(0, 7);
  const tickets = c.tickets && { from: c.tickets.from, to: asOfMonth > c.tickets.to ? asOfMonth : c.tickets.to };
  const spans = [report.kind !== 'tickets' ? c.calls : null, report.kind !== 'calls' ? tickets : null];
  if (spans.some((s) => s && report.from <= s.to && report.to >= s.from)) return;
  const span = (s: { from: string; to: string } | null) => (s ? r.range(monthWords(s.from, lang), monthWords(s.to, lang)) : null);
  if (!c.calls && !c.tickets) throw new CliError(EXIT.data, 'compliance.empty', source === undefined ? r.emptyStore : msg(lang).emptySource(source));
  throw new CliError(EXIT.data, 'compliance.outside', msg(lang).periodOutside(periodWords(report.period, lang), r.covers(span(c.calls), span(c.tickets))));
}

export function makeComplianceCommand(ctx: Ctx): Command {
  const cmd = new Command('compliance')
    .description(DESCRIPTIONS.compliance)
    .option('--kind <kind>', 'tickets, calls or all', 'all');
  withOptions(cmd, periodOption('data'), rangeOptions(), asOfOption())
    .option('--by <keys>', `group by ${GROUP_KEYS.join(',')} (comma-separated)`)
    .option('--cohort <cohort>', 'tickets: group by month of creation (created, default) or of closing (closed)')
    .option('--all-groups', 'tables and Markdown: also show the groups with nothing to show (no call; no request created, open or overdue)')
    .option('--source <name>', 'only this source')
    .addOption(standardsOption())
    .option('--fail-on-breach [scope]', 'exit 3 when a city-wide verdict is missed (any: when any group misses)')
    .option('--include-examples', 'with --fail-on-breach, also fail on targets of rules marked example')
    .addOption(storeOption());
  return withOptions(cmd, outputOptions(FORMATS))
    .option('--shape <shape>', 'json and csv: long (default: one entry per metric of each group) or wide (one row per group, its metrics as columns)')
    .option('--out <file>', 'with --output parquet: the Parquet file to write (one row per group, as --shape wide)')
    .option('--csv-dialect <dialect>', 'rfc4180 (default) or excel-fr (";" and decimal comma, for a French Excel)')
    .addHelpText('after', `
Examples:
  vigie compliance --period 2018-09 --by borough
  vigie compliance --kind tickets --from 2016-01 --to 2018-12 --by month --json
  vigie compliance --kind calls --period 2018-09 --fail-on-breach
  vigie compliance --period 2018-09 --by borough,theme --output csv --csv-dialect excel-fr > conformite.csv
  vigie compliance --kind tickets --from 2014-01 --to 2019-06 --by borough,theme,month --output ndjson > groups.ndjson
  vigie compliance --kind tickets --by borough,theme,month --output parquet --out groups.parquet`)
    .action(async (opts: ComplianceOptions) => {
      ctx.setExit(await runCompliance(opts, ctx.io()));
    });
}
