/**
 * The compliance computation as data (`vigie compliance --json`): the function the command, the demo and the
 * report all call. It reads the store, never prints; the renderers (src/render/compliance.ts) sit on top of it.
 *
 * `kind` `all` merges the call and ticket metrics of groups with the same keys (the city-wide group always holds
 * both); a ticket group has no queue, a call group may have no theme.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { asOfView, lit, rows, ts } from '../sql.ts';
import type { Standards } from '../standards/standards.ts';
import { parsePeriod, type Period } from '../time/periods.ts';
import { formatInstant, toLocalIso } from '../time/zone.ts';
import type { Lang } from '../messages.ts';
import { callCompliance } from './calls.ts';
import type { CallMetricSet } from './call-plans.ts';
import { GROUP_KEYS, metricEntries, type Group, type GroupKey } from './result.ts';
import type { MetricId } from '../metrics/index.ts';
import { ticketCompliance } from './tickets.ts';
import { standardsNotices, type StandardsNotice } from './profile.ts';

export type ComplianceKind = 'tickets' | 'calls' | 'all';

export interface ComplianceRequest {
  kind: ComplianceKind;
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** The as-of instant given by the user (replays the store), or null for the newest snapshot time. */
  asOf: Date | null;
  by: GroupKey[];
  source?: string | undefined;
  cohort?: 'created' | 'closed' | undefined;
  standards: Standards;
  lang: Lang;
  /** The wall clock, only for a store without any drop. */
  now: Date;
  /** Which call metrics to compute: all (the default), or only the three the standards judge — service level,
   * abandonment rate and long-wait share (with the counts of offered, answered and abandoned calls) —, the others null
   * with a note, for a caller that shows no other (the report's 12-month trend and year-earlier headline). */
  callMetrics?: CallMetricSet | undefined;
}

export interface ComplianceReport {
  period: string;
  from: string;
  to: string;
  as_of: string;
  kind: ComplianceKind;
  /** Where the call metrics come from: each call, or the ACD's interval counts; null without call metrics. */
  data: 'calls' | 'intervals' | null;
  /** How tickets are grouped into periods (null without ticket metrics). */
  cohort: 'created' | 'closed' | null;
  standards: { file: string; sha256: string };
  /** Ticket rules marked `example: true` that the numbers use (their outputs carry a banner). */
  examples: string[];
  groups: Group[];
  /** What a reader must know before trusting these numbers: drops read in another zone than the standards', sources
   * of another city than the standards' (empty when none). */
  notices: StandardsNotice[];
}

const KINDS: Record<ComplianceKind, string[]> = { tickets: ['tickets'], calls: ['calls', 'call-intervals'], all: ['tickets', 'calls', 'call-intervals'] };

/** Computes the compliance report on an open store. */
export async function computeCompliance(conn: DuckDBConnection, r: ComplianceRequest): Promise<ComplianceReport> {
  const s = r.standards;
  const zone = s.timezone;
  const srcCond = r.source ? `AND source = ${lit(r.source)}` : '';
  const kinds = KINDS[r.kind].map((k) => lit(k)).join(', ');
  const newest = (await rows(conn, `SELECT max(snapshot_time) AS t FROM drops WHERE kind IN (${kinds}) ${srcCond}`))[0]!.t as Date | null;
  const asOf = r.asOf ?? newest ?? r.now;
  // Without a period: the latest month with data among the kinds read.
  let lastMonth = toLocalIso(zone, asOf.getTime()).slice(0, 7);
  if (r.period === undefined && r.from === undefined && r.to === undefined) {
    const parts: string[] = [];
    // With --as-of, the data as the store knew it then: rows first published later do not move the period.
    const view = (name: 'calls' | 'call_intervals' | 'tickets') => asOfView(name, r.asOf);
    if (r.kind !== 'tickets') {
      parts.push(`(SELECT max(queued_at) FROM ${view('calls')} WHERE true ${srcCond})`,
        `(SELECT max(interval_start) FROM ${view('call_intervals')} WHERE true ${srcCond})`);
    }
    if (r.kind !== 'calls') parts.push(`(SELECT max(created_at) FROM ${view('tickets')} WHERE created_at <= ${ts(asOf)} ${srcCond})`);
    const latest = (await rows(conn, `SELECT greatest(${parts.join(', ')}) AS q`))[0]!.q as Date | null;
    if (latest) lastMonth = toLocalIso(zone, latest.getTime()).slice(0, 7);
  }
  const period: Period = parsePeriod(r, zone, r.lang, lastMonth);
  let groups: Group[] = [];
  let data: ComplianceReport['data'] = null;
  let usedRules: number[] = [];
  if (r.kind !== 'tickets') {
    const c = await callCompliance(conn, { fromUtc: period.fromUtc, toUtc: period.toUtc, asOf: r.asOf, by: r.by, source: r.source, standards: s,
      metrics: r.callMetrics });
    groups = c.groups;
    data = c.data;
  }
  const cohort = r.kind === 'calls' ? null : (r.cohort ?? s.tickets.default.cohort);
  if (r.kind !== 'calls') {
    const t = await ticketCompliance(conn, { fromUtc: period.fromUtc, toUtc: period.toUtc, asOf, replay: r.asOf !== null, by: r.by,
      source: r.source, standards: s, cohort: cohort ?? undefined });
    groups = groups.length ? mergeGroups(groups, t.groups) : t.groups;
    usedRules = t.rulesUsed;
  }
  // The banner names the example rules the numbers actually use, in file order.
  const examples = [...new Set(usedRules.map((i) => s.tickets.rules[i]).filter((x) => x?.example).map((x) => x!.labels[r.lang]))];
  const read = await rows(conn, `SELECT DISTINCT source, zone FROM drops WHERE kind IN (${kinds}) ${srcCond}
    ${r.asOf ? `AND snapshot_time <= ${ts(r.asOf)}` : ''} ORDER BY source, zone`);
  return {
    period: period.label, from: period.from, to: period.to, as_of: formatInstant(zone, asOf.getTime()), kind: r.kind, data, cohort,
    standards: { file: s.file, sha256: s.sha256 }, examples, groups,
    notices: standardsNotices(s, read.map((x) => ({ source: String(x.source), zone: String(x.zone) }))),
  };
}

const keyOf = (g: Group) => JSON.stringify(GROUP_KEYS.map((k) => g[k]));

/**
 * Groups of both kinds with the same keys become one group holding both families of metrics. The city-wide groups
 * (first of each list) merge with each other only: a group whose keys are all null for want of a value (an unknown
 * borough) is not the city.
 */
export function mergeGroups(a: Group[], b: Group[]): Group[] {
  const merge = (into: Group, g: Group) => {
    Object.assign(into.metrics, g.metrics);
    into.final = into.final && g.final;
  };
  const copy = (g: Group): Group => ({ ...g, metrics: { ...g.metrics } });
  const city = a[0] ? copy(a[0]) : b[0] ? copy(b[0]) : null;
  if (city && a[0] && b[0]) merge(city, b[0]);
  const out = new Map<string, Group>();
  for (const g of [...a.slice(1), ...b.slice(1)]) {
    const k = keyOf(g);
    const prev = out.get(k);
    if (!prev) out.set(k, copy(g));
    else merge(prev, g);
  }
  const cmp = (x: Group, y: Group) => {
    for (const k of GROUP_KEYS) {
      const [p, q] = [x[k], y[k]];
      if (p === q) continue;
      if (p === null) return -1;
      if (q === null) return 1;
      return p < q ? -1 : 1;
    }
    return 0;
  };
  return city ? [city, ...[...out.values()].sort(cmp)] : [];
}

/** A missed verdict that `--fail-on-breach` acts on. */
export interface Breach {
  group: Group;
  metric: MetricId;
  value: number | null;
  target: number | null;
}

/**
 * The breaches `--fail-on-breach` acts on: missed verdicts of the city-wide group (`city`) or of any group (`any`;
 * `too_few` groups are never judged), leaving out targets from example rules unless `includeExamples`.
 */
export function breaches(report: ComplianceReport, scope: 'city' | 'any', includeExamples: boolean): Breach[] {
  const out: Breach[] = [];
  for (const g of scope === 'city' ? report.groups.slice(0, 1) : report.groups) {
    for (const [metric, m] of metricEntries(g.metrics)) {
      if (m.verdict === 'missed' && (includeExamples || !m.example)) out.push({ group: g, metric, value: m.value, target: m.target });
    }
  }
  return out;
}
