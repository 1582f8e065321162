/**
 * Backlog and aging of open tickets at the as-of instant (docs/methods.md §2.4; metric ids
 * `tickets.backlog` and `tickets.aging.<bucket>`). "Currently open" **includes** the overdue tickets, which are
 * reported as a subset, never as a disjoint bin (Austin #21715). Ages are elapsed milliseconds; nothing here reads a
 * clock or a time zone.
 */

/** One day of elapsed time, ms (24 h; the day-based buckets count elapsed days, not calendar dates). */
const DAY_MS = 86_400_000;

/**
 * Whether a ticket is in the backlog at `asOfMs` (docs/methods.md §2.4): created ≤ as-of, and not closed or closed after
 * as-of. A ticket created at exactly as-of is in it; one closed at exactly as-of is not.
 *
 * @param closedMs the close instant, `null` while open
 * @throws on a non-finite instant
 */
export function inBacklog(createdMs: number, closedMs: number | null, asOfMs: number): boolean {
  for (const [name, v] of [['created', createdMs], ['as-of', asOfMs], ['closed', closedMs ?? 0]] as const) {
    if (!Number.isFinite(v)) throw new Error(`invalid ${name} instant: ${v}`);
  }
  return createdMs <= asOfMs && (closedMs === null || closedMs > asOfMs);
}

/**
 * The age of an open ticket as a multiple of its deadline D (docs/methods.md §2.4); the
 * upper bound of each bucket is inclusive:
 * - `'within'`: age ≤ 1 × D, not yet due;
 * - `'over_1x'`: 1 × D < age ≤ 2 × D, overdue by at most one deadline;
 * - `'over_2x'`: age > 2 × D;
 * - `'no_target'`: the ticket has no deadline (no due field, no matching rule), counted apart (docs/methods.md §2.6); see
 *   {@link ageDayBucket} to break these down by days.
 * Metric ids are `tickets.aging.<bucket>` ({@link agingMetricId}).
 */
export type AgingBucket = 'within' | 'over_1x' | 'over_2x' | 'no_target';

/** Every deadline-multiple bucket, youngest first, then `no_target`. */
export const AGING_BUCKETS: readonly AgingBucket[] = ['within', 'over_1x', 'over_2x', 'no_target'];

/**
 * The {@link AgingBucket} of an open ticket. Pass the age and the deadline on the same clock: with `ageMs = as-of −
 * created` and `deadlineMs = due − created` (elapsed ms, whatever clock set the due instant), `'within'` is exactly
 * "open and as-of ≤ due" and `'over_1x'` + `'over_2x'` is exactly `open_overdue` of on-time.ts.
 *
 * @param ageMs age at as-of, ≥ 0
 * @param deadlineMs D > 0, or `null` for a ticket without a deadline
 * @throws on a negative or non-finite age, or a deadline that is not a positive finite number
 */
export function agingBucket(ageMs: number, deadlineMs: number | null): AgingBucket {
  if (!Number.isFinite(ageMs) || ageMs < 0) throw new Error(`invalid age: ${ageMs}`);
  if (deadlineMs === null) return 'no_target';
  if (!Number.isFinite(deadlineMs) || deadlineMs <= 0) throw new Error(`invalid deadline: ${deadlineMs}`);
  if (ageMs <= deadlineMs) return 'within';
  return ageMs <= 2 * deadlineMs ? 'over_1x' : 'over_2x';
}

/**
 * Day-based age buckets (docs/methods.md §2.4: 0–2, 3–7, 8–30, 31–90, > 90 days), for tickets without a deadline (the
 * `no_target` bucket broken down) or a view that ignores deadlines. The day count is completed elapsed days,
 * ⌊age / 24 h⌋, so both bounds are inclusive on whole days: a ticket 2 days 23 h old is in `'days_0_2'`, one exactly
 * 3 days old in `'days_3_7'`. Elapsed 24-hour days, not calendar dates: independent of time zone and DST.
 * - `'days_0_2'`: 0–2 days; `'days_3_7'`: 3–7; `'days_8_30'`: 8–30; `'days_31_90'`: 31–90; `'days_over_90'`: 91 and
 *   more.
 */
export type AgeDayBucket = 'days_0_2' | 'days_3_7' | 'days_8_30' | 'days_31_90' | 'days_over_90';

/** The day buckets, youngest first, each with its completed-day range (`max_days: null` = no upper bound). */
export const AGE_DAY_BUCKETS: readonly { id: AgeDayBucket; min_days: number; max_days: number | null }[] = [
  { id: 'days_0_2', min_days: 0, max_days: 2 },
  { id: 'days_3_7', min_days: 3, max_days: 7 },
  { id: 'days_8_30', min_days: 8, max_days: 30 },
  { id: 'days_31_90', min_days: 31, max_days: 90 },
  { id: 'days_over_90', min_days: 91, max_days: null },
];

/**
 * The {@link AgeDayBucket} of an open ticket's age.
 *
 * @param ageMs age at as-of, ms, ≥ 0
 * @throws on a negative or non-finite age
 */
export function ageDayBucket(ageMs: number): AgeDayBucket {
  if (!Number.isFinite(ageMs) || ageMs < 0) throw new Error(`invalid age: ${ageMs}`);
  const days = Math.floor(ageMs / DAY_MS);
  for (const b of AGE_DAY_BUCKETS) if (b.max_days === null || days <= b.max_days) return b.id;
  throw new Error(`no age bucket for ${days} days`); // unreachable: the last bucket has no upper bound
}

/** The metric id of a bucket (docs/methods.md §2.4): `tickets.aging.over_1x`, `tickets.aging.days_0_2`. */
export function agingMetricId(bucket: AgingBucket | AgeDayBucket): `tickets.aging.${AgingBucket | AgeDayBucket}` {
  return `tickets.aging.${bucket}`;
}
