/**
 * Everything the report shows, read from an open store in one place: the period's compliance by borough (both
 * families), by theme and by borough × theme, the same period a year earlier, the 12 months that end with it, the
 * call profiles, the staffing what-if, the channel mix, the worst categories, the drops read and the follow-up of the
 * requests over the store's snapshots. With `asOf`, all of
 * it is read as the store knew it then. An empty period (no call and no request) is refused here, before any work,
 * with what the store covers.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import type { Standards } from '../standards/standards.ts';
import { computeCompliance, type ComplianceReport } from '../compliance/report.ts';
import { channelMixByMonth, coverage, dataQuality, serviceLevelByHour, standardsNotices, waitHistogram, type DropQuality, type HourCell,
  type StandardsNotice } from '../compliance/profile.ts';
import { staffing, type StaffingResult } from '../compliance/staffing.ts';
import { worstCategories } from '../compliance/tickets.ts';
import { parsePeriod } from '../time/periods.ts';
import { periodWords, monthWords } from '../time/words.ts';
import { gatherFollowUp, type ReportFollowUp } from './follow-up.ts';

export interface ReportData {
  standards: Standards;
  /** The month by borough, calls and tickets (what compliance.json holds). */
  month: ComplianceReport;
  byTheme: ComplianceReport;
  byBoroughTheme: ComplianceReport;
  /** The same period a year earlier, city-wide; null when the period has no year-earlier form. */
  earlier: ComplianceReport | null;
  /** The 12 months ending with the period, calls by month. */
  trend: ComplianceReport;
  /** The requests of the trend's first month, city-wide (the headline's 12-month direction of the on-time rate); null
   * without requests. */
  ticketsTrendStart: ComplianceReport | null;
  staff: StaffingResult;
  hours: HourCell[];
  waits: { from: number; calls: number }[];
  channels: { month: string; channel: string; tickets: number }[];
  quality: DropQuality[];
  worst: Awaited<ReturnType<typeof worstCategories>>;
  notices: StandardsNotice[];
  hasCalls: boolean;
  hasTickets: boolean;
  /** The follow-up of the requests created in the 12 months ending with the period; null without requests. */
  followUp: ReportFollowUp | null;
}

/** The 12 months ending with `month` (`YYYY-MM`), oldest first. */
export function twelveMonths(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = y * 12 + (m - 1) - 11;
  return { from: `${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, '0')}`, to: month };
}

/** The same period a year earlier: `2018-09` → `2017-09`, `2018-Q3` → `2017-Q3`, `2018` → `2017`; null otherwise. */
export function yearEarlier(period: string): string | null {
  const mt = /^(\d{4})(-(?:\d{2}|Q[1-4]))?$/.exec(period);
  return mt ? `${Number(mt[1]) - 1}${mt[2] ?? ''}` : null;
}

export interface GatherRequest {
  standards: Standards;
  period: string | undefined;
  asOf: Date | null;
  /** The language of error messages (the CLI's), and of the report. */
  cliLang: Lang;
  lang: Lang;
  now: Date;
}

export async function gatherReport(conn: DuckDBConnection, q: GatherRequest): Promise<ReportData> {
  const { standards, asOf } = q;
  const req = { kind: 'all' as const, asOf, source: undefined, cohort: undefined, standards, lang: q.lang, now: q.now };
  const month = await computeCompliance(conn, { ...req, period: q.period, by: ['borough'] });
  const city = month.groups[0];
  const hasCalls = Number(city?.metrics['calls.offered']?.value ?? 0) > 0;
  const hasTickets = Number(city?.metrics['tickets.created']?.value ?? 0) > 0 || Number(city?.metrics['tickets.on_time_rate']?.denominator ?? 0) > 0;
  if (!hasCalls && !hasTickets) await refuseEmpty(conn, q, month.period);
  // The month's three ticket groupings one after the other (they share the per-ticket tables), then the worst
  // categories (which read them), then the other periods.
  const byTheme = await computeCompliance(conn, { ...req, kind: 'tickets', period: month.period, by: ['theme'] });
  const byBoroughTheme = await computeCompliance(conn, { ...req, kind: 'tickets', period: month.period, by: ['borough', 'theme'] });
  const worst = await worstCategories(conn, standards.tickets.default.on_time_variant, standards.min_n);
  const before = yearEarlier(month.period);
  // The year-earlier headline and the trend show the standards' call metrics only: no other call metric to compute.
  const earlier = before ? await computeCompliance(conn, { ...req, period: before, by: [], callMetrics: 'service_level' }) : null;
  const window = twelveMonths(month.to);
  const trend = await computeCompliance(conn, { ...req, kind: 'calls', ...window, by: ['month'], callMetrics: 'service_level' });
  // the on-time rate's direction needs only the window's first month (the last is the period's): not 12 months of tickets
  const ticketsTrendStart = hasTickets && window.from !== month.from
    ? await computeCompliance(conn, { ...req, kind: 'tickets', period: window.from, by: [] }) : null;
  const p = parsePeriod({ period: month.period }, standards.timezone, q.cliLang, month.from);
  const staff = await staffing(conn, { fromUtc: p.fromUtc, toUtc: p.toUtc, fromMonth: p.from, toMonth: p.to, by: null, intervalMinutes: 30,
    shrinkage: standards.calls.staffing.shrinkage, standards, asOf });
  const hours = await serviceLevelByHour(conn, p.fromUtc, p.toUtc, standards, asOf);
  const waits = await waitHistogram(conn, p.fromUtc, p.toUtc, asOf);
  const quality = await dataQuality(conn, asOf);
  const y = parsePeriod(twelveMonths(month.to), standards.timezone, q.cliLang, month.from);
  const channels = await channelMixByMonth(conn, y.fromUtc, y.toUtc, standards, asOf);
  // last: the follow-up's temp tables are not read by anything above
  const followUp = hasTickets ? await gatherFollowUp(conn, { standards, asOf, window }) : null;
  return { standards, month, byTheme, byBoroughTheme, earlier, trend, ticketsTrendStart, staff, hours, waits, channels, quality, worst,
    notices: standardsNotices(standards, quality), hasCalls, hasTickets, followUp };
}

/** Throws the empty-period error (exit 2), naming what the store covers, in the CLI's language. */
async function refuseEmpty(conn: DuckDBConnection, q: GatherRequest, period: string): Promise<never> {
  const r = msg(q.cliLang).report;
  const c = await coverage(conn, q.standards.timezone, q.asOf);
  const span = (s: { from: string; to: string } | null) => (s ? r.range(monthWords(s.from, q.cliLang), monthWords(s.to, q.cliLang)) : null);
  const text = !c.calls && !c.tickets ? r.emptyStore : r.emptyPeriod(periodWords(period, q.cliLang), r.covers(span(c.calls), span(c.tickets)));
  throw new CliError(EXIT.data, 'report.empty', text);
}
