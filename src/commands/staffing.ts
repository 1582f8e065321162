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
import { lit, openStore, resolveStorePath, rows } from '../store/db.ts';
import { loadStandards } from '../standards/standards.ts';
import { staffing, type StaffingResult } from '../compliance/staffing.ts';
import { parsePeriod } from '../time/periods.ts';
import { toLocalIso } from '../time/zone.ts';
import { percent } from '../render/compliance.ts';
import { table } from '../render/table.ts';
import { lockWait } from './import.ts';
import { outputFormat, parseChoice } from './options.ts';

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

export interface StaffingReport extends StaffingResult {
  period: string;
  from: string;
  to: string;
  standards: { file: string; sha256: string };
  currency: string | null;
}

export async function runStaffing(o: StaffingOptions, io: Io): Promise<number> {
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
  const store = await openStore({ path: resolveStorePath(o.store, io.env, io.cwd), readOnly: true, lang, lockWaitSeconds: lockWait(io) });
  let report: StaffingReport;
  try {
    let lastMonth = toLocalIso(zone, io.now().getTime()).slice(0, 7);
    if (o.period === undefined && o.from === undefined && o.to === undefined) {
      const q = (await rows(store.conn, `SELECT max(queued_at) AS q FROM calls ${o.source ? `WHERE source = ${lit(o.source)}` : ''}`))[0]!.q as Date | null;
      if (q) lastMonth = toLocalIso(zone, q.getTime()).slice(0, 7);
    }
    const period = parsePeriod(o, zone, lang, lastMonth);
    const r = await staffing(store.conn, { fromUtc: period.fromUtc, toUtc: period.toUtc, fromMonth: period.from, toMonth: period.to, by,
      intervalMinutes: interval, shrinkage, standards, source: o.source });
    report = { period: period.label, from: period.from, to: period.to, standards: { file: standards.file, sha256: standards.sha256 },
      currency: standards.calls.staffing.currency, ...r };
  } finally {
    store.close();
  }
  if (out === 'json') {
    const intervals = report.intervals.map((i) => ({ ...i, start: `${i.weekday} ${i.start}` }));
    io.stdout(JSON.stringify({ ...report, intervals }, null, 2) + '\n');
  } else io.stdout(renderStaffing(report, lang));
  if (!report.intervals.length) io.stderr(`vigie: ${m.noCallData}\n`);
  return EXIT.ok;
}

/** The terminal rendering: per group, the intervals with calls, then the week's agent-hours and the assumptions. */
export function renderStaffing(r: StaffingReport, lang: 'en' | 'fr'): string {
  const m = msg(lang);
  const c = m.staffingCol;
  const lines = [m.staffingHeading(r.period, r.standard.target, r.standard.threshold_seconds, r.standard.variant, r.interval_minutes, r.shrinkage)];
  const dec = (v: number | null, d = 1) => (v === null ? '–' : lang === 'fr' ? v.toFixed(d).replace('.', ',') : v.toFixed(d));
  for (const g of r.groups) {
    lines.push('', g.group ?? m.cityWide);
    const body = r.intervals.filter((i) => i.group === g.group && i.arrivals > 0).map((i) => [
      `${m.weekday[i.weekday] ?? i.weekday} ${i.start}`, dec(i.arrivals_per_day), i.aht_seconds === null ? '–' : `${Math.round(i.aht_seconds)} s`,
      percent(i.observed_service_level, lang), String(i.agents_erlang_c), String(i.agents_erlang_a), String(i.scheduled_erlang_a),
      percent(i.service_level_at_agents, lang),
    ]);
    lines.push(table([c.interval, c.arrivals, c.aht, c.observed, c.erlangC, c.erlangA, c.scheduled, c.slAt], body, false));
    lines.push(m.staffingWeek(dec(g.agent_hours_per_week_erlang_c, 0), dec(g.agent_hours_per_week_erlang_a, 0),
      g.patience_seconds === null ? null : Math.round(g.patience_seconds),
      g.cost_per_week === null ? null : `${dec(g.cost_per_week, 0)} ${r.currency ?? ''}`.trim()));
  }
  lines.push('', m.staffingModel, ...r.assumptions.map((a) => `- ${a}`));
  return lines.join('\n') + '\n';
}

export function makeStaffingCommand(ctx: Ctx): Command {
  return new Command('staffing')
    .description('agents needed per interval of the week to meet the service-level standard (Erlang C and Erlang A), from the observed calls')
    .option('--period <period>', 'a month (2018-09), a quarter or a year; default: the latest month with calls')
    .option('--from <month>', 'first month (with --to)')
    .option('--to <month>', 'last month, included')
    .option('--by <key>', 'borough or queue (default: all calls together)')
    .option('--interval <minutes>', '15, 30 or 60', '30')
    .option('--shrinkage <fraction>', 'share of paid time not on the phones (default: the standards file\'s, else 0.3)')
    .option('--source <name>', 'only this source')
    .option('--standards <file>', 'standards file (default: the shipped Montréal standards)')
    .option('--store <path>', 'store file (default ./data/vigie.duckdb, or VIGIE_STORE)')
    .option('--output <format>', 'table or json', 'table')
    .option('--json', 'short for --output json')
    .addHelpText('after', `
Examples:
  vigie staffing --period 2018-09
  vigie staffing --period 2014-09 --by queue --interval 60 --shrinkage 0.35 --json`)
    .action(async (opts: StaffingOptions) => {
      ctx.setExit(await runStaffing(opts, ctx.io()));
    });
}
