/**
 * The report's headline: one sentence per standard a commissioner can quote — the calls' service level, abandonment
 * and long waits, and the requests' on-time rate — each with its value, its n, its verdict in words ("standard not
 * met", "too few to judge", "example target"), the change against the same period a year earlier and the direction
 * over the 12 months that end with the period. A family without data says so instead of showing zeros.
 */
import type { Group, MetricResult } from '../compliance/result.ts';
import { msg, type Lang } from '../messages.ts';
import type { Standards } from '../standards/standards.ts';
import { integer, percent } from '../render/compliance.ts';
import { monthWords, periodWords, secondsWords } from '../time/words.ts';

/** The metrics the headline reports, in order: the three call standards, then the requests' on-time rate. */
export const HEADLINE_METRICS = ['calls.service_level', 'calls.abandonment_rate', 'calls.long_wait_share', 'tickets.on_time_rate'] as const;
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

export interface HeadlineItem {
  metric: HeadlineMetric;
  /** The verdict of the period's city-wide value (`no_data` when the family has no data for the period). */
  verdict: MetricResult['verdict'] | 'no_data';
  example: boolean;
  text: string;
}

export interface HeadlineInput {
  /** The period's label (`2018-09`) and its city-wide group. */
  period: string;
  city: Group | undefined;
  /** The same period a year earlier: its label and city-wide group (null when the period has no year-earlier form). */
  earlier: { period: string; city: Group | undefined } | null;
  /** The 12 months ending with the period, city-wide, oldest first (groups with `month`; months without data absent),
   * and the window's first month. */
  trend: Group[];
  trendFrom: string;
  /** Whether the period has calls, and requests judged or created. */
  hasCalls: boolean;
  hasTickets: boolean;
  standards: Standards;
}

/** A difference of two fractions in percentage points, signed (+3,1 / −20,2). */
export function points(d: number, lang: Lang): string {
  const v = Math.abs(d * 100).toFixed(1);
  return `${d >= 0 ? '+' : '−'}${lang === 'fr' ? v.replace('.', ',') : v}`;
}

/** The direction of a rate over the window: up, down, or stable within one point. */
export function direction(first: number, last: number): 'up' | 'down' | 'stable' {
  const d = last - first;
  return Math.abs(d) < 0.01 ? 'stable' : d > 0 ? 'up' : 'down';
}

export function headline(h: HeadlineInput, lang: Lang): HeadlineItem[] {
  const r = msg(lang).report;
  const sl = h.standards.calls.service_level;
  const items: HeadlineItem[] = [];
  for (const id of HEADLINE_METRICS) {
    const calls = id.startsWith('calls.');
    if (calls ? !h.hasCalls : !h.hasTickets) {
      // one sentence for the family, on its first metric
      if (id === 'calls.service_level' || id === 'tickets.on_time_rate') {
        items.push({ metric: id, verdict: 'no_data', example: false, text: r.headNoData(calls, periodWords(h.period, lang)) });
      }
      continue;
    }
    const m = h.city?.metrics[id];
    if (!m) continue;
    const what = id === 'calls.service_level' ? r.headSl(secondsWords(sl.threshold_seconds, lang), sl.boundary === '<')
      : id === 'calls.abandonment_rate' ? r.headAbandon
        : id === 'calls.long_wait_share' ? r.headLongWait(secondsWords(h.standards.calls.long_wait.seconds, lang))
          : r.headOnTime;
    const parts = [r.headValue(r.headLabel[id] ?? id, percent(m.value, lang), what, integer(m.numerator ?? 0, lang), integer(m.denominator ?? 0, lang)),
      verdictWords(m, calls, h.standards.min_n, lang)];
    const before = h.earlier?.city?.metrics[id];
    if (h.earlier) {
      parts.push(before?.value == null ? r.headEarlierNone(periodWords(h.earlier.period, lang))
        : r.headEarlier(periodWords(h.earlier.period, lang), percent(before.value, lang), m.value === null ? null : points(m.value - before.value, lang)));
    }
    const series = h.trend.filter((g) => g.month !== null && g.metrics[id]?.value != null);
    const first = series[0];
    if (first && m.value !== null && first.month !== h.period) {
      const v0 = first.metrics[id]!.value!;
      // "over 12 months" only when the series starts with the window; else "since" its first month with data
      const full = first.month === h.trendFrom;
      parts.push(r.headTrend(direction(v0, m.value), percent(v0, lang), monthWords(first.month!, lang), percent(m.value, lang), full));
    }
    items.push({ metric: id, verdict: m.verdict, example: m.example, text: parts.join(' ') });
  }
  return items;
}

/** A target as the standards write it: « 80 % », « 92,5 % » (no trailing zero). */
export function targetPercent(v: number, lang: Lang): string {
  return percent(v, lang).replace(/[,.]0 %$/, ' %');
}

/** The verdict in words, with the target it was judged against. */
export function verdictWords(m: MetricResult, calls: boolean, minN: number, lang: Lang): string {
  const r = msg(lang).report;
  const t = m.target === null ? null : targetPercent(m.target, lang);
  if (m.verdict === 'too_few') return r.verdictTooFew(calls, minN);
  if (m.verdict === 'no_target' || t === null) return r.verdictNoTarget;
  return r.verdictJudged(m.verdict === 'met', m.target_kind === 'at_most', t, m.example);
}
