/**
 * `vigie compliance`: verdicts against the standards per group and period (DESIGN §6–§7). This version computes the
 * call metrics (`--kind calls`); the ticket side comes with the business calendar and the ticket rules.
 * Exit 3 with --fail-on-breach when the city-wide verdict is missed (`any`: any group that is not too_few).
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import chalk from 'chalk';
import { EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg } from '../messages.ts';
import { lit, openStore, resolveStorePath, rows } from '../store/db.ts';
import { loadStandards } from '../standards/standards.ts';
import { callCompliance, GROUP_KEYS, type Group, type GroupKey } from '../compliance/calls.ts';
import { parsePeriod } from '../time/periods.ts';
import { formatInstant, toLocalIso } from '../time/zone.ts';
import { table } from '../render/table.ts';
import { lockWait } from './import.ts';
import { outputFormat, parseChoice, parseInstant } from './options.ts';

export interface ComplianceOptions {
  store?: string | undefined;
  standards?: string | undefined;
  kind?: string | undefined;
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  asOf?: string | undefined;
  by?: string | undefined;
  source?: string | undefined;
  failOnBreach?: boolean | string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export interface ComplianceReport {
  period: string;
  from: string;
  to: string;
  as_of: string;
  kind: string;
  /** Where the call metrics come from: each call, or the ACD's interval counts. */
  data: 'calls' | 'intervals';
  standards: { file: string; sha256: string };
  groups: Group[];
}

/** Metrics shown in the terminal table, in order (the JSON has them all). */
const TABLE_METRICS = ['calls.offered', 'calls.service_level', 'calls.abandonment_rate', 'calls.asa_seconds', 'calls.wait_p90_seconds',
  'calls.long_wait_share', 'calls.answered_locally_share'];

function pct(v: number | null, lang: 'en' | 'fr'): string {
  if (v === null) return '–';
  const s = (v * 100).toFixed(1);
  return lang === 'fr' ? `${s.replace('.', ',')} %` : `${s} %`;
}

export async function runCompliance(o: ComplianceOptions, io: Io): Promise<number> {
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json', 'csv'], lang);
  const kind = parseChoice('--kind', o.kind ?? 'calls', ['calls'] as const, lang);
  const by = (o.by ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    .map((k) => parseChoice('--by', k, GROUP_KEYS, lang)) as GroupKey[];
  const failOn = o.failOnBreach === undefined || o.failOnBreach === false ? null
    : parseChoice('--fail-on-breach', o.failOnBreach === true ? 'city' : o.failOnBreach, ['city', 'any'] as const, lang);
  const standards = loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang);
  const zone = standards.timezone;
  const store = await openStore({ path: resolveStorePath(o.store, io.env, io.cwd), readOnly: true, lang, lockWaitSeconds: lockWait(io) });
  let report: ComplianceReport;
  try {
    // As of: the flag, else the newest snapshot time among the call sources read.
    const srcCond = o.source ? `AND source = ${lit(o.source)}` : '';
    const newest = (await rows(store.conn, `SELECT max(snapshot_time) AS t FROM drops WHERE kind IN ('calls', 'call-intervals') ${srcCond}`))[0]!;
    const asOf = o.asOf !== undefined ? parseInstant('--as-of', o.asOf, lang, zone) : (newest.t as Date | null) ?? io.now();
    // Without a period, the latest month with data (a scan: only then).
    let lastMonth = toLocalIso(zone, asOf.getTime()).slice(0, 7);
    if (o.period === undefined && o.from === undefined && o.to === undefined) {
      const q = (await rows(store.conn, `SELECT greatest((SELECT max(queued_at) FROM calls WHERE true ${srcCond}),
          (SELECT max(interval_start) FROM call_intervals WHERE true ${srcCond})) AS q`))[0]!.q as Date | null;
      if (q) lastMonth = toLocalIso(zone, q.getTime()).slice(0, 7);
    }
    const period = parsePeriod(o, zone, lang, lastMonth);
    const { groups, data } = await callCompliance(store.conn, {
      fromUtc: period.fromUtc, toUtc: period.toUtc, asOf: o.asOf !== undefined ? asOf : null, by, source: o.source, standards,
    });
    report = {
      period: period.label, from: period.from, to: period.to, as_of: formatInstant(zone, asOf.getTime()), kind, data,
      standards: { file: standards.file, sha256: standards.sha256 }, groups,
    };
  } finally {
    store.close();
  }

  if (out === 'json') io.stdout(JSON.stringify(report, null, 2) + '\n');
  else if (out === 'csv') {
    const keys = ['borough', 'theme', 'queue', 'month', 'week', 'day'] as const;
    const esc = (v: unknown) => (v === null || v === undefined ? '' : /[",\n\r]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
    const lines = [[...keys, 'metric', 'value', 'numerator', 'denominator', 'target', 'verdict'].join(',')];
    for (const g of report.groups) {
      for (const [id, r] of Object.entries(g.metrics)) {
        lines.push([...keys.map((k) => g[k]), id, r.value, r.numerator, r.denominator, r.target, r.verdict].map(esc).join(','));
      }
    }
    io.stdout(lines.join('\n') + '\n');
  } else {
    const c = m.col;
    io.stdout(`${m.complianceHeading(report.kind, report.period, report.as_of)}\n`);
    const head = [...by.map((k) => c[k] ?? k), ...TABLE_METRICS.map((id) => m.metricLabel[id] ?? id)];
    const paint = (text: string, verdictOf: string) => (io.color && verdictOf === 'missed' ? chalk.red(text) : io.color && verdictOf === 'met' ? chalk.green(text) : text);
    const body = report.groups.map((g) => {
      const keys = by.map((k) => g[k] ?? (g === report.groups[0] && by.length ? m.cityWide : '–'));
      const cells = TABLE_METRICS.map((id) => {
        const r = g.metrics[id]!;
        const shown = id.endsWith('_seconds') ? (r.value === null ? '–' : `${Math.round(r.value)} s`)
          : id === 'calls.offered' ? String(r.value)
            : `${pct(r.value, lang)}${r.target !== null ? ` ${r.target_kind === 'at_least' ? '≥' : '≤'} ${pct(r.target, lang)}` : ''}`;
        return paint(r.verdict === 'too_few' ? `${shown} (n=${r.denominator})` : shown, r.verdict);
      });
      return [...keys, ...cells];
    });
    io.stdout(table(head, body, io.color) + '\n');
    const sl = report.groups[0]!.metrics['calls.service_level']!;
    io.stdout(`${m.variantNote(sl.variant ?? '', sl.numerator ?? 0, sl.denominator ?? 0)}\n${m.tooFewNote(standards.min_n)}\n`);
  }

  if (failOn) {
    const breached = (failOn === 'city' ? report.groups.slice(0, 1) : report.groups)
      .flatMap((g) => Object.values(g.metrics)).filter((r) => r.verdict === 'missed' && !r.example).length;
    if (breached) {
      io.stderr(`vigie: ${m.breach(breached)}\n`);
      return EXIT.breach;
    }
  }
  if (!report.groups[0] || report.groups[0].metrics['calls.offered']!.value === 0) io.stderr(`vigie: ${m.noCallData}\n`);
  return EXIT.ok;
}

export function makeComplianceCommand(ctx: Ctx): Command {
  return new Command('compliance')
    .description('compliance with the standards per borough, theme, queue and period')
    .option('--kind <kind>', 'calls (tickets come with the ticket rules)', 'calls')
    .option('--period <period>', 'a month (2018-09), a quarter (2018-Q3) or a year (2018); default: the latest month with data')
    .option('--from <month>', 'first month (with --to)')
    .option('--to <month>', 'last month, included')
    .option('--as-of <instant>', 'replay the store as it was known at this date or instant')
    .option('--by <keys>', `group by ${GROUP_KEYS.join(',')} (comma-separated)`)
    .option('--source <name>', 'only this source')
    .option('--standards <file>', 'standards file (default: the shipped Montréal standards)')
    .option('--fail-on-breach [scope]', 'exit 3 when the city-wide verdict is missed (any: when any group misses)')
    .option('--store <path>', 'store file (default ./data/vigie.duckdb, or VIGIE_STORE)')
    .option('--output <format>', 'table, json or csv', 'table')
    .option('--json', 'short for --output json')
    .addHelpText('after', `
Examples:
  vigie compliance --kind calls --period 2018-09 --by borough
  vigie compliance --period 2018 --by month --json
  vigie compliance --period 2018-09 --fail-on-breach`)
    .action(async (opts: ComplianceOptions) => {
      ctx.setExit(await runCompliance(opts, ctx.io()));
    });
}

