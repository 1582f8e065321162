/**
 * `vigie staffing`: how many agents would it take to meet the service-level standard? (`vigie staffing
 * --json`; docs/methods.md §5). Per interval of the week, from the period's observed calls, the agents needed
 * under Erlang C and Erlang A and the service level they would give; agent-hours per week and their cost when the
 * standards file gives an hourly cost. A model: its assumptions are printed with every output.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg } from '../messages.ts';
import type { StaffingReport } from '../compliance/staffing.ts';
import { parsePeriod } from '../time/periods.ts';
import { toLocalIso } from '../time/zone.ts';
import { outputOptions, periodOption, rangeOptions, standardsOption, storeOption, withOptions } from './options.ts';
import { outputFormat, parseChoice } from './option-values.ts';
import { DESCRIPTIONS } from './catalog.ts';

export interface StaffingOptions {
  store?: string | undefined;
  standards?: string | undefined;
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  by?: string | undefined;
  interval?: string | undefined;
  shrinkage?: string | undefined;
  source?: string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

/**
 * The modules that compute and render, loaded when the command runs rather than when it is defined: `vigie staffing
 * --help` reads the options without loading the standards' parser, the queueing model or the renderer.
 */
async function working() {
  const [standards, model, render, session] = await Promise.all([
    import('../standards/standards.ts'), import('../compliance/staffing.ts'), import('../render/staffing.ts'), import('./session.ts'),
  ]);
  return { ...standards, ...model, ...render, ...session };
}

export async function runStaffing(o: StaffingOptions, io: Io): Promise<number> {
  const { latestCallMonth, loadStandards, MIN_AHT_CALLS, renderStaffing, staffing, totalOf, withStore } = await working();
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json'], lang);
  const by = o.by === undefined ? null : parseChoice('--by', o.by, ['borough', 'queue'] as const, lang);
  const interval = Number(parseChoice('--interval', o.interval ?? '30', ['15', '30', '60'] as const, lang));
  const standards = loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang);
  let shrinkage = standards.calls.staffing.shrinkage;
  if (o.shrinkage !== undefined) {
    shrinkage = Number(o.shrinkage);
    if (!(shrinkage >= 0 && shrinkage < 1)) throw new CliError(EXIT.usage, 'usage.number', m.badNumber('--shrinkage', o.shrinkage));
  }
  const zone = standards.timezone;
  const report: StaffingReport = await withStore(io, { store: o.store }, async ({ conn }) => {
    const latest = o.period === undefined && o.from === undefined && o.to === undefined ? await latestCallMonth(conn, zone, o.source) : null;
    const period = parsePeriod(o, zone, lang, latest ?? toLocalIso(zone, io.now().getTime()).slice(0, 7));
    const q = { fromUtc: period.fromUtc, toUtc: period.toUtc, fromMonth: period.from, toMonth: period.to, by,
      intervalMinutes: interval, shrinkage, standards, source: o.source };
    const { pooled, ...r } = await staffing(conn, q);
    return { period: period.label, from: period.from, to: period.to, standards: { file: standards.file, sha256: standards.sha256 },
      currency: standards.calls.staffing.currency, by, ...r, total: pooled && by ? totalOf(r.groups, pooled, by, lang) : null,
      assumptions: r.assumptions.map((id) => ({ id, text: m.staffingAssumption[id](MIN_AHT_CALLS) })) };
  });
  if (out === 'json') {
    const intervals = report.intervals.map((i) => ({ ...i, start: `${i.weekday} ${i.start}` }));
    io.stdout(JSON.stringify({ ...report, intervals }, null, 2) + '\n');
  } else io.stdout(renderStaffing(report, lang));
  if (!report.intervals.length) io.stderr(`vigie: ${m.noCallData}\n`);
  return EXIT.ok;
}

export function makeStaffingCommand(ctx: Ctx): Command {
  const cmd = new Command('staffing')
    .description(DESCRIPTIONS.staffing);
  withOptions(cmd, periodOption('calls'), rangeOptions())
    .option('--by <key>', 'borough or queue (default: all calls together)')
    .option('--interval <minutes>', '15, 30 or 60', '30')
    .option('--shrinkage <fraction>', 'share of paid time not on the phones (default: the standards file\'s, else 0.3)')
    .option('--source <name>', 'only this source');
  return withOptions(cmd, standardsOption(), storeOption(), outputOptions(['table', 'json']))
    .addHelpText('after', `
Examples:
  vigie staffing --period 2018-09
  vigie staffing --period 2014-09 --by queue --interval 60 --shrinkage 0.35 --json`)
    .action(async (opts: StaffingOptions) => {
      ctx.setExit(await runStaffing(opts, ctx.io()));
    });
}
