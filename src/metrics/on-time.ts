/**
 * Ticket on-time rate against the deadline of its standard, in the four variants V1–V4 of docs/methods.md
 * §2.2, computed from the counts of one cohort (by default the tickets created in a month). A city-wide, multi-theme
 * or multi-month rate is Σ numerators / Σ denominators of summed counts ({@link sumOnTimeCounts}), never a mean of
 * rates (docs/methods.md §4.4: averaging themes' rates is Simpson's paradox waiting to happen).
 *
 * Per ticket, relative to the as-of instant (the export timestamp, never "now"; docs/methods.md §2.2):
 * - `on_time = closed ≤ due`, **inclusive**: a ticket closed at exactly its due instant is on time;
 * - `overdue_open = open at as-of ∧ as-of > due`: a ticket still open at exactly its due instant is not yet due.
 * A ticket closed after the as-of instant is open at as-of. Tickets with no deadline are `tickets.no_target`, and
 * cancelled, refused and duplicate closes are counted apart (docs/methods.md §2.1): none of them is in a cohort.
 */
import { ratio, type Ratio } from './proportion.ts';

/**
 * The on-time formula (docs/methods.md §2.2). Example: the cohort closed on time 2, closed late 2, open overdue 2, open not
 * yet due 2 (cohort 8).
 * - `'V1'`: closed on time / closed = 2/4 = 50 %. Austin TPW's original (atd-data-tech#21672). Ignores open tickets,
 *   so a recent month whose overdue tickets are still open reads 100 %.
 * - `'V2'`: closed on time / (closed + open overdue) = 2/6 = 33.3 %. Austin's fix (#21672, #21968): open overdue
 *   tickets count as late, open tickets still within their deadline are left out. **vigie's default.**
 * - `'V3'`: closed on time / cohort = 2/8 = 25 %. Austin 311's report (#21626): open tickets not yet due count as
 *   late, so a recent month reads close to 0 %.
 * - `'V4'`: closed within T / cohort, compared to X ("X % within T", Toronto's division standards). In vigie T is the
 *   ticket's deadline (a standards rule has one `due` and one `target`), so closed within T = closed on time and V4
 *   has V3's value: 2/8 = 25 %. It differs only when the counts carry their own `closed_within`, taken at a T other
 *   than the due instants (e.g. V1–V3 against a source's own due field, V4 against the standard's T).
 */
export type OnTimeVariant = 'V1' | 'V2' | 'V3' | 'V4';

/** Every variant, V1 to V4. */
export const ON_TIME_VARIANTS: readonly OnTimeVariant[] = ['V1', 'V2', 'V3', 'V4'];

/** vigie's default variant (docs/methods.md §2.2: V2 by created-month cohort). */
export const DEFAULT_ON_TIME_VARIANT: OnTimeVariant = 'V2';

/**
 * Counts of one cohort of tickets that have a deadline, as seen at the as-of instant. The four states partition the
 * cohort: `cohort = closed_on_time + closed_late + open_overdue + open_not_due`.
 */
export interface OnTimeCounts {
  /** Tickets in the cohort with a deadline (no-target, cancelled, refused and duplicate tickets are not in it). */
  cohort: number;
  /** Closed by as-of, with closed ≤ due (inclusive). */
  closed_on_time: number;
  /** Closed by as-of, with closed > due. */
  closed_late: number;
  /** Open at as-of (not closed, or closed after as-of), with as-of > due. */
  open_overdue: number;
  /** Open at as-of, with as-of ≤ due (inclusive: due at exactly as-of is not yet overdue). */
  open_not_due: number;
  /**
   * For V4 only: closed by as-of within T of creation (elapsed ≤ T, inclusive, on the rule's clock), T being the
   * "X % within T" standard's duration. **Absent means T is the deadline, so it equals `closed_on_time`** (vigie's
   * case). When present, 0 ≤ `closed_within` ≤ `closed_on_time + closed_late`.
   */
  closed_within?: number;
}

/** The name of one count. */
export type OnTimeCountField = keyof OnTimeCounts;

/** The counts every cohort has, in the order of {@link OnTimeCounts} (`closed_within` is optional, see there). */
export const ON_TIME_COUNT_FIELDS: readonly Exclude<OnTimeCountField, 'closed_within'>[] = [
  'cohort', 'closed_on_time', 'closed_late', 'open_overdue', 'open_not_due',
];

/** All counts zero, without `closed_within`: the identity of {@link addOnTimeCounts}. */
export function emptyOnTimeCounts(): OnTimeCounts {
  return { cohort: 0, closed_on_time: 0, closed_late: 0, open_overdue: 0, open_not_due: 0 };
}

/**
 * Field-by-field sum: the counts of the union of two disjoint cohorts (two themes, two boroughs, two months) taken at
 * the same as-of instant. `closed_within` is kept when either side has it, an absent side contributing its
 * `closed_on_time` (which is what absent means). Pure: returns a new object.
 */
export function addOnTimeCounts(a: OnTimeCounts, b: OnTimeCounts): OnTimeCounts {
  const out = emptyOnTimeCounts();
  for (const k of ON_TIME_COUNT_FIELDS) out[k] = a[k] + b[k];
  if (a.closed_within !== undefined || b.closed_within !== undefined) {
    out.closed_within = (a.closed_within ?? a.closed_on_time) + (b.closed_within ?? b.closed_on_time);
  }
  return out;
}

/** Sum of any number of count objects ({@link emptyOnTimeCounts} for none). */
export function sumOnTimeCounts(parts: Iterable<OnTimeCounts>): OnTimeCounts {
  let out = emptyOnTimeCounts();
  for (const p of parts) out = addOnTimeCounts(out, p);
  return out;
}

/** An on-time rate with its counts and the variant that produced it. */
export interface OnTimeRate extends Ratio {
  variant: OnTimeVariant;
}

/**
 * The on-time rate of a cohort under a variant (formulas at {@link OnTimeVariant}): numerator and denominator per
 * variant, a fraction 0–1 and its Wilson `ci95` (proportion.ts). Arithmetic only.
 *
 * | variant | numerator | denominator |
 * |---|---|---|
 * | V1 | closed_on_time | closed_on_time + closed_late |
 * | V2 | closed_on_time | closed_on_time + closed_late + open_overdue |
 * | V3 | closed_on_time | cohort |
 * | V4 | closed_within (default closed_on_time) | cohort |
 *
 * @returns `value` and `ci95` are `null` when the denominator is 0 (e.g. V1 of a cohort with no close yet)
 * @throws on an unknown variant, a negative or non-finite count, counts that do not add up to the cohort, or
 *   `closed_within` above the closed tickets
 */
export function onTimeRate(counts: OnTimeCounts, variant: OnTimeVariant): OnTimeRate {
  checkOnTimeCounts(counts);
  const { cohort, closed_on_time: onTime, closed_late: late, open_overdue: overdue } = counts;
  switch (variant) {
    case 'V1':
      return { ...ratio(onTime, onTime + late), variant };
    case 'V2':
      return { ...ratio(onTime, onTime + late + overdue), variant };
    case 'V3':
      return { ...ratio(onTime, cohort), variant };
    case 'V4':
      return { ...ratio(counts.closed_within ?? onTime, cohort), variant };
    default:
      throw new Error(`invalid on-time variant: ${String(variant)}`);
  }
}

/**
 * The state of one ticket with a deadline at the as-of instant (the four parts of {@link OnTimeCounts}):
 * - `'closed_on_time'`: closed ≤ as-of and closed ≤ due;
 * - `'closed_late'`: closed ≤ as-of and closed > due;
 * - `'open_overdue'`: not closed by as-of and as-of > due;
 * - `'open_not_due'`: not closed by as-of and as-of ≤ due.
 */
export type OnTimeStatus = 'closed_on_time' | 'closed_late' | 'open_overdue' | 'open_not_due';

/** The instants of a ticket that {@link onTimeStatus} reads, epoch milliseconds. */
export interface OnTimeTicket {
  created_ms: number;
  /** The due instant: start + the rule's deadline (calendar or business time, docs/methods.md §2.6), or the source's own. */
  due_ms: number;
  /** The close instant, `null` while open. A close after as-of is treated as open at as-of. */
  closed_ms: number | null;
}

/**
 * The state of a ticket at `asOfMs` (definitions at {@link OnTimeStatus}): the reference for every count of
 * {@link OnTimeCounts}, which the SQL is tested against. Both comparisons with `due` are inclusive on the on-time
 * side: closed at exactly `due` is on time, open at as-of exactly `due` is not yet due.
 *
 * @throws on a non-finite instant, a ticket created after as-of (not in any cohort at as-of), or closed before created
 *   (a validation warning; such rows are excluded from on-time metrics, docs/methods.md §2.1)
 */
export function onTimeStatus(ticket: OnTimeTicket, asOfMs: number): OnTimeStatus {
  const { created_ms: created, due_ms: due, closed_ms: closed } = ticket;
  for (const [name, v] of [['as-of', asOfMs], ['created', created], ['due', due]] as const) {
    if (!Number.isFinite(v)) throw new Error(`invalid ${name} instant: ${v}`);
  }
  if (created > asOfMs) throw new Error(`ticket created after as-of: ${created} > ${asOfMs}`);
  if (closed !== null) {
    if (!Number.isFinite(closed)) throw new Error(`invalid closed instant: ${closed}`);
    if (closed < created) throw new Error(`ticket closed before created: ${closed} < ${created}`);
    if (closed <= asOfMs) return closed <= due ? 'closed_on_time' : 'closed_late';
  }
  return asOfMs > due ? 'open_overdue' : 'open_not_due';
}

/**
 * Counts a cohort of tickets with deadlines at `asOfMs` ({@link onTimeStatus} for each). The result has no
 * `closed_within`: T is the deadline, so V4 reads `closed_on_time`.
 *
 * @throws as {@link onTimeStatus}
 */
export function countOnTime(tickets: Iterable<OnTimeTicket>, asOfMs: number): OnTimeCounts {
  const c = emptyOnTimeCounts();
  for (const ticket of tickets) {
    c[onTimeStatus(ticket, asOfMs)]++;
    c.cohort++;
  }
  return c;
}

/**
 * Whether a cohort's on-time rate is final: its follow-up, as-of − cohort end, is at least the longest deadline of
 * its tickets (inclusive). Then every ticket of the cohort is past its due instant, no ticket is "open not yet due",
 * V2 equals V3 and can no longer change (open overdue tickets can only become closed late). A cohort that is not final
 * is flagged `final: false` (docs/methods.md §2.5).
 *
 * @param cohortEndMs the cohort's **exclusive** end, epoch ms (e.g. the first instant of the next month, local time)
 * @param asOfMs the as-of instant, epoch ms
 * @param longestDeadlineMs the longest deadline of the cohort's tickets as elapsed ms; for business-time deadlines,
 *   the longest elapsed span from a creation near the cohort end to its due instant (an upper bound is safe), ≥ 0
 * @returns `false` when as-of is before the cohort end
 * @throws on a non-finite instant or a negative or non-finite deadline
 */
export function isFinal(cohortEndMs: number, asOfMs: number, longestDeadlineMs: number): boolean {
  if (!Number.isFinite(cohortEndMs)) throw new Error(`invalid cohort end: ${cohortEndMs}`);
  if (!Number.isFinite(asOfMs)) throw new Error(`invalid as-of instant: ${asOfMs}`);
  if (!Number.isFinite(longestDeadlineMs) || longestDeadlineMs < 0) {
    throw new Error(`invalid deadline: ${longestDeadlineMs}`);
  }
  return asOfMs - cohortEndMs >= longestDeadlineMs;
}

function checkOnTimeCounts(c: OnTimeCounts): void {
  const fields = ON_TIME_COUNT_FIELDS.map((k): [string, number] => [k, c[k]]);
  if (c.closed_within !== undefined) fields.push(['closed_within', c.closed_within]);
  for (const [name, v] of fields) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`invalid on-time count ${name}: ${v}`);
  }
  const parts = c.closed_on_time + c.closed_late + c.open_overdue + c.open_not_due;
  if (parts !== c.cohort) {
    throw new Error(`inconsistent on-time counts: cohort ${c.cohort} is not the sum of its four states (${parts})`);
  }
  const closed = c.closed_on_time + c.closed_late;
  if (c.closed_within !== undefined && c.closed_within > closed) {
    throw new Error(`inconsistent on-time counts: closed_within ${c.closed_within} above the ${closed} closed tickets`);
  }
}
