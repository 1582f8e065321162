/**
 * The ticket metrics of the groups of a ticket query (src/compliance/tickets.ts computes their counts): the counts that
 * add up, the Kaplan–Meier results, the metrics and verdicts they give under the standards' targets, and the roll-up
 * into the city-wide group (the sum of the groups' counts; with a time key, the backlog, a stock, at the period's end).
 */
import type { Standards } from '../standards/standards.ts';
import type { TicketRule } from '../standards/sections/tickets.ts';
import { AGING_BUCKETS, agingId, channelShareId, onTimeRate, ratio, type OnTimeVariant, type TargetKind } from '../metrics/index.ts';
import { blankGroup, count, metric, type Group, type GroupKey, type MetricResult, type Metrics } from './result.ts';

/** A close this soon after creation is an instant close (docs/methods.md §2.8). Milliseconds. */
export const INSTANT_CLOSE_MS = 10 * 60_000;

/** The channels (docs/methods.md §2.8), in the order outputs list them. */
export const TICKET_CHANNELS = ['phone', 'email', 'web', 'mobile', 'in_person', 'social', 'mail', 'fax', 'other', 'unknown'] as const;

/** The counts of one group: everything that adds up. */
export interface TicketCounts {
  created: number;
  information: number;
  cancelled: number;
  refused: number;
  duplicate: number;
  unknown_status: number;
  invalid_dates: number;
  eligible: number;
  closed: number;
  no_target: number;
  cohort: number;
  closed_on_time: number;
  closed_late: number;
  open_overdue: number;
  open_not_due: number;
  /** Σ target (in millionths, an integer: a sum of doubles would depend on the order of the additions) and count of
   * the on-time denominator's tickets, and those of them without a target. */
  target_sum: number;
  target_n: number;
  untargeted: number;
  example_n: number;
  instant: number;
  backlog: number;
  within: number;
  over_1x: number;
  over_2x: number;
  backlog_no_target: number;
  channels: Record<string, number>;
  /** Latest deadline of the cohort (ms), to tell whether it is final; null without deadlines. */
  max_due: number | null;
  /** Rules used by the denominator's tickets. */
  rules: Set<number>;
}

/** A group's counts before any row. */
export function emptyTicketCounts(): TicketCounts {
  return {
    created: 0, information: 0, cancelled: 0, refused: 0, duplicate: 0, unknown_status: 0, invalid_dates: 0, eligible: 0, closed: 0,
    no_target: 0, cohort: 0, closed_on_time: 0, closed_late: 0, open_overdue: 0, open_not_due: 0, target_sum: 0, target_n: 0,
    untargeted: 0, example_n: 0, instant: 0, backlog: 0, within: 0, over_1x: 0, over_2x: 0, backlog_no_target: 0, channels: {},
    max_due: null, rules: new Set(),
  };
}

/** The counts of {@link TicketCounts} that add up as numbers. */
const ADDITIVE = ['created', 'information', 'cancelled', 'refused', 'duplicate', 'unknown_status', 'invalid_dates', 'eligible', 'closed',
  'no_target', 'cohort', 'closed_on_time', 'closed_late', 'open_overdue', 'open_not_due', 'target_sum', 'target_n', 'untargeted',
  'example_n', 'instant', 'backlog', 'within', 'over_1x', 'over_2x', 'backlog_no_target'] as const;

/** The counts of the backlog: a stock at each bucket end. */
export const BACKLOG_FIELDS = ['backlog', 'backlog_no_target', 'within', 'over_1x', 'over_2x'] as const;

/** Adds `b`'s counts into `a`'s (the latest deadline: the later; the rules: the union). */
function addInto(a: TicketCounts, b: TicketCounts): void {
  for (const k of ADDITIVE) a[k] += b[k];
  for (const [c, n] of Object.entries(b.channels)) a.channels[c] = (a.channels[c] ?? 0) + n;
  if (b.max_due !== null) a.max_due = a.max_due === null ? b.max_due : Math.max(a.max_due, b.max_due);
  for (const r of b.rules) a.rules.add(r);
}

/** A count, a judged ratio, an unjudged value over `n` tickets (src/compliance/result.ts). */
const countMetric = (n: number, note: string | null = null): MetricResult => count(n, note);

function ratioMetric(num: number, den: number, minN: number, o: { target?: number | null; kind?: TargetKind | null; variant?: string | null;
  note?: string | null; example?: boolean } = {}): MetricResult {
  return metric(ratio(num, den), { ...o, minN });
}

const valueMetric = (value: number | null, n: number, note: string | null): MetricResult => count(value, note, n);

/** A group's Kaplan–Meier results: time to close p50/p90 in days over `n` tickets, and the eventual on-time share. */
export interface KmResult {
  p50: number | null;
  p90: number | null;
  n: number;
  /** 1 − S(1) of the deadline-relative curve, null beyond the follow-up. */
  eventual: number | null;
  eventual_n: number;
}

/** One group of a query: its keys (the first row that named it), its counts and its Kaplan–Meier results. */
export interface TicketPart {
  key: Record<string, unknown>;
  c: TicketCounts;
  km?: KmResult;
}

/** The id of a row's group: JSON of its keys, in `keys` order. */
export function groupId(keys: readonly GroupKey[], r: Record<string, unknown>): string {
  return JSON.stringify(keys.map((k) => r[k] ?? null));
}

/** The group of a row, added with empty counts at its first row. */
export function partOf(groups: Map<string, TicketPart>, keys: readonly GroupKey[], r: Record<string, unknown>): TicketPart {
  const id = groupId(keys, r);
  let g = groups.get(id);
  if (!g) groups.set(id, (g = { key: r, c: emptyTicketCounts() }));
  return g;
}

/** What every group of a query is judged under: the standards, their on-time variant and rules, the as-of instant (ms),
 * and whether the backlog was computed (at most one time key). */
export interface TicketJudging {
  standards: Standards;
  variant: OnTimeVariant;
  rules: readonly TicketRule[];
  asOfMs: number;
  backlogComputed: boolean;
}

/** The metrics of one group's counts and Kaplan–Meier results, with the standards' targets. */
function ticketMetrics(c: TicketCounts, km: KmResult | undefined, j: TicketJudging): { metrics: Metrics; final: boolean } {
  const { standards: s, variant, rules, asOfMs, backlogComputed } = j;
  const minN = s.min_n;
  const rate = onTimeRate({ cohort: c.cohort, closed_on_time: c.closed_on_time, closed_late: c.closed_late, open_overdue: c.open_overdue,
    open_not_due: c.open_not_due }, variant);
  let target: number | null = null;
  let note: string | null = null;
  if (rate.denominator > 0 && c.untargeted === 0 && c.target_n > 0) {
    const targets = new Set([...c.rules].map((i) => rules[i]?.target ?? null));
    // One target: exactly the rules'; several: their weighted mean, to the millionth.
    target = targets.size === 1 && [...targets][0] !== null ? [...targets][0]! : Math.round(c.target_sum / c.target_n) / 1e6;
    if (targets.size > 1) {
      note = `target weighted by tickets over ${c.rules.size} rules with different targets`;
    }
  } else if (c.untargeted > 0) {
    note = `${c.untargeted} ticket(s) have a deadline but no target (source due dates or rules without a target)`;
  }
  if (c.no_target > 0) note = [note, `${c.no_target} ticket(s) without a deadline counted apart (no_target)`].filter(Boolean).join('; ');
  const metrics: Metrics = {
    'tickets.created': countMetric(c.created),
    'tickets.closed': countMetric(c.closed),
    'tickets.on_time_rate': ratioMetric(rate.numerator, rate.denominator, minN, { target, kind: 'at_least', variant, note,
      example: c.example_n > 0 }),
    'tickets.open_overdue': countMetric(c.open_overdue),
    'tickets.no_target': countMetric(c.no_target),
    'tickets.backlog': backlogComputed ? countMetric(c.backlog) : valueMetric(null, 0, 'backlog needs at most one of month, week, day'),
  };
  const buckets: Record<string, number> = { within: c.within, over_1x: c.over_1x, over_2x: c.over_2x, no_target: c.backlog_no_target };
  for (const b of AGING_BUCKETS) {
    metrics[agingId(b)] = backlogComputed ? ratioMetric(buckets[b] ?? 0, c.backlog, minN, { variant: 'multiples of the deadline' })
      : valueMetric(null, 0, 'backlog needs at most one of month, week, day');
  }
  const kmNote = (v: number | null, n: number) => (n === 0 ? 'no ticket' : v === null ? 'beyond the follow-up (Kaplan–Meier curve does not get that low)'
    : 'Kaplan–Meier, open tickets censored at as-of');
  metrics['tickets.ttc_p50_days'] = valueMetric(km?.p50 ?? null, km?.n ?? 0, kmNote(km?.p50 ?? null, km?.n ?? 0));
  metrics['tickets.ttc_p90_days'] = valueMetric(km?.p90 ?? null, km?.n ?? 0, kmNote(km?.p90 ?? null, km?.n ?? 0));
  metrics['tickets.eventual_on_time_share'] = {
    ...valueMetric(km?.eventual ?? null, km?.eventual_n ?? 0, kmNote(km?.eventual ?? null, km?.eventual_n ?? 0)),
    variant: 'Kaplan–Meier 1 − S(deadline)', example: c.example_n > 0,
  };
  metrics['tickets.cancelled'] = countMetric(c.cancelled);
  metrics['tickets.refused'] = countMetric(c.refused);
  metrics['tickets.duplicate'] = countMetric(c.duplicate);
  metrics['tickets.information'] = countMetric(c.information);
  metrics['tickets.unknown_status'] = countMetric(c.unknown_status);
  metrics['tickets.invalid_dates'] = countMetric(c.invalid_dates);
  metrics['tickets.instant_close_share'] = ratioMetric(c.instant, c.closed, minN, { variant: 'closed < 10 min after creation' });
  for (const ch of TICKET_CHANNELS) {
    if (c.channels[ch]) metrics[channelShareId(ch)] = ratioMetric(c.channels[ch]!, c.created, minN);
  }
  return { metrics, final: c.max_due === null || c.max_due <= asOfMs };
}

/**
 * The groups of a query: the city-wide group first (the sum of the groups' counts; the backlog of `cityBacklog` when
 * given), then each group in the order of its keys (nulls first), each judged with its counts and Kaplan–Meier results.
 */
export function rollUp(parts: TicketPart[], cityKm: KmResult | undefined, j: TicketJudging, keys: readonly GroupKey[],
  cityBacklog: TicketCounts | null = null): Group[] {
  const city = emptyTicketCounts();
  for (const p of parts) addInto(city, p.c);
  if (cityBacklog) for (const f of BACKLOG_FIELDS) city[f] = cityBacklog[f];
  const cm = ticketMetrics(city, cityKm, j);
  const out: Group[] = [{ ...blankGroup(), final: cm.final, metrics: cm.metrics }];
  if (keys.length) {
    const sorted = [...parts].sort((a, b) => {
      for (const k of keys) {
        const x = a.key[k] === null || a.key[k] === undefined ? null : String(a.key[k]);
        const y = b.key[k] === null || b.key[k] === undefined ? null : String(b.key[k]);
        if (x === y) continue;
        if (x === null) return -1;
        if (y === null) return 1;
        return x < y ? -1 : 1;
      }
      return 0;
    });
    for (const p of sorted) {
      const g = blankGroup();
      for (const k of keys) g[k] = p.key[k] === null || p.key[k] === undefined ? null : String(p.key[k]);
      const m = ticketMetrics(p.c, p.km, j);
      g.metrics = m.metrics;
      g.final = m.final;
      out.push(g);
    }
  }
  return out;
}
