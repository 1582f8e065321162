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
import { int, msg } from '../messages.ts';
import { openStore, resolveStorePath } from '../store/db.ts';
import { lit, rows } from '../sql.ts';
import { loadStandards } from '../standards/standards.ts';
import { MIN_AHT_CALLS, staffing, type StaffingAssumption, type StaffingGroup, type StaffingResult } from '../compliance/staffing.ts';
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

/** `--by`: the groups' agent-hours summed, beside the same calls staffed as one pooled queue (docs/methods.md §5.6). */
export interface StaffingTotal {
  groups: number;
  /** Σ over the groups: what staffing each group as its own queue would take. */
  agent_hours_per_week_erlang_c: number;
  agent_hours_per_week_erlang_a: number;
  cost_per_week: number | null;
  /** All the groups' calls in one queue answered by any agent: the city-wide figure. */
  pooled: Omit<StaffingGroup, 'group'>;
  /** Σ groups − pooled, Erlang A (≥ 0 up to rounding: separate queues each need their own spare agents). */
  excess_agent_hours_erlang_a: number;
  note: string;
}

export interface StaffingReport extends Omit<StaffingResult, 'assumptions' | 'pooled'> {
  period: string;
  from: string;
  to: string;
  standards: { file: string; sha256: string };
  currency: string | null;
  by: 'borough' | 'queue' | null;
  /** With `--by`; null otherwise. */
  total: StaffingTotal | null;
  /** The model's assumptions, each with its id and its sentence in the output's language. */
  assumptions: { id: StaffingAssumption; text: string }[];
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
    const q = { fromUtc: period.fromUtc, toUtc: period.toUtc, fromMonth: period.from, toMonth: period.to, by,
      intervalMinutes: interval, shrinkage, standards, source: o.source };
    const { pooled, ...r } = await staffing(store.conn, q);
    report = { period: period.label, from: period.from, to: period.to, standards: { file: standards.file, sha256: standards.sha256 },
      currency: standards.calls.staffing.currency, by, ...r, total: pooled && by ? totalOf(r.groups, pooled, by, lang) : null,
      assumptions: r.assumptions.map((id) => ({ id, text: m.staffingAssumption[id](MIN_AHT_CALLS) })) };
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

/** The groups' sum beside the pooled queue, and the sentence saying why the sum is larger. */
export function totalOf(groups: StaffingGroup[], pooled: StaffingGroup, by: 'borough' | 'queue', lang: 'en' | 'fr'): StaffingTotal {
  const sum = (k: 'agent_hours_per_week_erlang_c' | 'agent_hours_per_week_erlang_a') => groups.reduce((a, g) => a + g[k], 0);
  const cost = groups.every((g) => g.cost_per_week !== null) ? groups.reduce((a, g) => a + g.cost_per_week!, 0) : null;
  const p: Omit<StaffingGroup, 'group'> = { patience_seconds: pooled.patience_seconds, aht_seconds: pooled.aht_seconds,
    agent_hours_per_week_erlang_c: pooled.agent_hours_per_week_erlang_c, agent_hours_per_week_erlang_a: pooled.agent_hours_per_week_erlang_a,
    cost_per_week: pooled.cost_per_week };
  const hoursA = sum('agent_hours_per_week_erlang_a');
  const excess = hoursA - p.agent_hours_per_week_erlang_a;
  return { groups: groups.length, agent_hours_per_week_erlang_c: sum('agent_hours_per_week_erlang_c'), agent_hours_per_week_erlang_a: hoursA,
    cost_per_week: cost, pooled: p, excess_agent_hours_erlang_a: excess,
    note: msg(lang).staffingPoolNote(by, groups.length, int(Math.round(excess), lang)) };
}

/** The terminal rendering: per group, the intervals with calls, then the week's agent-hours and the assumptions. */
export function renderStaffing(r: StaffingReport, lang: 'en' | 'fr'): string {
  const m = msg(lang);
  const c = m.staffingCol;
  const lines = [m.staffingHeading(r.period, r.standard.target, r.standard.threshold_seconds, r.standard.variant, r.interval_minutes, r.shrinkage)];
  const dec = (v: number | null, d = 1) => (v === null ? '–' : d === 0 ? int(Math.round(v), lang) : lang === 'fr' ? v.toFixed(d).replace('.', ',') : v.toFixed(d));
  const money = (v: number | null) => (v === null ? null : `${dec(v, 0)} ${r.currency ?? ''}`.trim());
  for (const g of r.groups) {
    lines.push('', g.group ?? (r.by === 'borough' ? m.vocab.noBorough : r.by === 'queue' ? m.vocab.noQueue : m.cityWide));
    const body = r.intervals.filter((i) => i.group === g.group && i.arrivals > 0).map((i) => [
      `${m.weekday[i.weekday] ?? i.weekday} ${i.start}`, dec(i.arrivals_per_day), i.aht_seconds === null ? '–' : `${Math.round(i.aht_seconds)} s`,
      percent(i.observed_service_level, lang), String(i.agents_erlang_c), String(i.agents_erlang_a), String(i.scheduled_erlang_a),
      percent(i.service_level_at_agents, lang),
    ]);
    lines.push(table([c.interval, c.arrivals, c.aht, c.observed, c.erlangC, c.erlangA, c.scheduled, c.slAt], body, false));
    lines.push(m.staffingWeek(dec(g.agent_hours_per_week_erlang_c, 0), dec(g.agent_hours_per_week_erlang_a, 0),
      g.patience_seconds === null ? null : Math.round(g.patience_seconds),
      money(g.cost_per_week)));
  }
  if (r.total) {
    const t = r.total;
    lines.push('', m.staffingTotal(t.groups, r.by!, dec(t.agent_hours_per_week_erlang_a, 0), dec(t.agent_hours_per_week_erlang_c, 0),
      money(t.cost_per_week)));
    lines.push(m.staffingPooled(dec(t.pooled.agent_hours_per_week_erlang_a, 0), dec(t.pooled.agent_hours_per_week_erlang_c, 0),
      money(t.pooled.cost_per_week)));
    lines.push(t.note);
  }
  lines.push('', m.staffingModel, ...r.assumptions.map((a) => `- ${a.text}`));
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
