/**
 * Kaplan–Meier estimate of time to close with open tickets right-censored at the as-of instant (docs/methods.md
 * §2.3: ticket time-to-close percentiles are Kaplan–Meier). Dropping open tickets, or
 * treating them as closed at as-of, biases recent cohorts toward fast closes; the estimator does not.
 *
 *     S(t) = Π_{t_i ≤ t} (1 − d_i / n_i)
 *
 * over the distinct observed times t_i, with d_i the events (closes) at t_i and n_i the tickets at risk just before
 * t_i (time ≥ t_i). **Ties: at one time, events happen before censorings**, so a ticket censored at t_i is still at
 * risk at t_i (Kaplan & Meier 1958; R `survival::survfit`).
 *
 * Times are durations in any one unit (vigie: days, docs/methods.md §2.3): for a closed ticket
 * `closed − created` (an event), for an open one `as-of − created` (censored). Checked against the 6-MP arm of
 * Freireich et al. 1963 as tabulated by Gehan 1965 (docs/methods.md §2.3).
 */

/** One ticket: its duration and whether it closed (`event: true`) or was still open at as-of (`event: false`). */
export interface KmObservation {
  /** Duration ≥ 0: time to close, or time open so far when censored. */
  time: number;
  event: boolean;
}

/** Aggregated tickets at one duration, as the SQL sends them (one row per distinct duration, in any order). */
export interface KmRow {
  /** Duration ≥ 0. */
  time: number;
  /** Tickets closed at this duration, ≥ 0. */
  events: number;
  /** Tickets still open at as-of with this age, ≥ 0. */
  censored: number;
}

/** One step of the curve, at one distinct observed time. */
export interface KmStep {
  time: number;
  /** n_i: tickets with duration ≥ `time` (events and censorings at `time` included). */
  at_risk: number;
  /** d_i: events at `time`. */
  events: number;
  /** Censorings at `time`. */
  censored: number;
  /** S(time), after this step's events: the survival from `time` up to the next step (right-continuous). */
  survival: number;
}

/**
 * The Kaplan–Meier step function: one {@link KmStep} per distinct observed time, ascending, including times with
 * censorings only (where the survival does not change). Empty for no observation. S(t) = 1 before the first step.
 */
export type KmCurve = KmStep[];

/**
 * Why a Kaplan–Meier value is `null`:
 * - `'beyond_follow_up'`: the curve never gets low enough (quantile), or the time asked is past the longest observed
 *   duration while the survival there is still above 0 (eventual share): shown as "> max follow-up";
 * - `'no_observations'`: the curve is empty.
 */
export type KmNote = 'beyond_follow_up' | 'no_observations';

/** A Kaplan–Meier value, `null` with a note when it cannot be estimated. */
export interface KmValue {
  value: number | null;
  note?: KmNote;
}

/**
 * The Kaplan–Meier curve of per-ticket observations or aggregated rows (elements of both kinds may be mixed; rows at
 * the same time are merged). Both inputs give identical curves: per-ticket input is first counted per distinct time.
 * Rows with no event and no censoring add nothing.
 *
 * @throws on a negative or non-finite time, or a negative or non-finite count
 */
export function kaplanMeier(input: Iterable<KmObservation | KmRow>): KmCurve {
  const byTime = new Map<number, { events: number; censored: number }>();
  let total = 0;
  for (const x of input) {
    const { time } = x;
    if (!Number.isFinite(time) || time < 0) throw new Error(`invalid duration: ${time}`);
    let events: number;
    let censored: number;
    if ('event' in x) {
      events = x.event ? 1 : 0;
      censored = x.event ? 0 : 1;
    } else {
      ({ events, censored } = x);
      if (!Number.isFinite(events) || events < 0) throw new Error(`invalid event count: ${events} at ${time}`);
      if (!Number.isFinite(censored) || censored < 0) throw new Error(`invalid censored count: ${censored} at ${time}`);
      if (events + censored === 0) continue;
    }
    const cell = byTime.get(time);
    if (cell) {
      cell.events += events;
      cell.censored += censored;
    } else {
      byTime.set(time, { events, censored });
    }
    total += events + censored;
  }

  const curve: KmCurve = [];
  let atRisk = total;
  let survival = 1;
  for (const time of [...byTime.keys()].sort((a, b) => a - b)) {
    const { events, censored } = byTime.get(time)!;
    if (events > 0) survival = (survival * (atRisk - events)) / atRisk;
    curve.push({ time, at_risk: atRisk, events, censored, survival });
    atRisk -= events + censored;
  }
  return curve;
}

/**
 * S(t): the survival of the step function at `t`, right-continuous (the value of the last step with time ≤ t; an event
 * at exactly t is counted). 1 before the first step. Past the last step the curve stays at its last value, which is an
 * estimate only when that value is 0 ({@link eventualShare} says when).
 *
 * @param t a time in the curve's unit (±Infinity allowed)
 * @returns `null` for an empty curve
 * @throws when `t` is NaN
 */
export function survivalAt(curve: KmCurve, t: number): number | null {
  if (Number.isNaN(t)) throw new Error(`invalid time: ${t}`);
  if (curve.length === 0) return null;
  let s = 1;
  for (const step of curve) {
    if (step.time > t) break;
    s = step.survival;
  }
  return s;
}

/**
 * The Kaplan–Meier p-quantile of time to close: the smallest observed time t with S(t) ≤ 1 − p (docs/methods.md §2.3;
 * median p = 0.5 → `tickets.ttc_p50_days`, p = 0.9 → `tickets.ttc_p90_days`). Always an event time, never
 * interpolated. Unlike R's `quantile.survfit`, a curve exactly at 1 − p over an interval gives that interval's start,
 * not its midpoint. S is a product of fractions, so it is compared to 1 − p with a tolerance of 1e-9 (10 closes out of
 * 10 put S at 0.10000000000000002 after the ninth, which is the p90).
 *
 * @param p fraction in (0, 1]
 * @returns `{ value }` in the curve's unit; `{ value: null, note: 'beyond_follow_up' }` when the curve never gets that
 *   low; `{ value: null, note: 'no_observations' }` for an empty curve
 * @throws when p is outside (0, 1]
 */
export function kmQuantile(curve: KmCurve, p: number): KmValue {
  if (!(p > 0 && p <= 1)) throw new Error(`invalid percentile: ${p} (expected a fraction in (0, 1])`);
  if (curve.length === 0) return { value: null, note: 'no_observations' };
  const level = 1 - p + 1e-9;
  for (const step of curve) {
    if (step.events > 0 && step.survival <= level) return { value: step.time };
  }
  return { value: null, note: 'beyond_follow_up' };
}

/**
 * The estimated eventual on-time share when `deadline` is the deadline: 1 − S(deadline) (docs/methods.md §2.3,
 * `tickets.eventual_on_time_share`), a fraction 0–1. **Inclusive**: a close at exactly the deadline is on time, as in
 * `on_time = closed ≤ due`. The durations and `deadline` must be on the same clock and unit.
 *
 * @param deadline T ≥ 0, in the curve's unit
 * @returns `{ value }`; `{ value: null, note: 'beyond_follow_up' }` when T is past the longest observed duration and
 *   the survival there is above 0 (some tickets still open may yet close before T); `{ value: null, note:
 *   'no_observations' }` for an empty curve
 * @throws on a negative or non-finite deadline
 */
export function eventualShare(curve: KmCurve, deadline: number): KmValue {
  if (!Number.isFinite(deadline) || deadline < 0) throw new Error(`invalid deadline: ${deadline}`);
  const last = curve.at(-1);
  if (last === undefined) return { value: null, note: 'no_observations' };
  if (deadline > last.time && last.survival > 0) return { value: null, note: 'beyond_follow_up' };
  return { value: 1 - survivalAt(curve, deadline)! };
}
