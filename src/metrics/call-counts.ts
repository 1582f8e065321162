/**
 * Sufficient statistics of a group of calls: every call metric (service level F1–F6, abandonment, ASA, time to
 * abandon, long-wait share, transfer rate, answered-locally share) is arithmetic on these counts, so any group
 * (borough × month, the whole city, a union of days) is computed by **summing the counts of its parts**, never by
 * averaging their rates (docs/methods.md §4.4).
 *
 * The SQL layer computes them per group; {@link countCalls} is the reference implementation over call records that
 * fixes every boundary, and that the SQL is tested against.
 *
 * **What interval data can supply.** An ACD interval report row (docs/methods.md §1.8) carries `offered`,
 * `answered`, `abandoned`, and optionally `answered_within` (at the export's own threshold and boundary, which outputs
 * must state), the wait sum of answered calls (`answered_wait_sum_s`) and `abandoned_short` (at the export's own S).
 * It cannot supply `timeout`, `callback`, `blocked`, `other` (only `offered − answered − abandoned` is implied),
 * `abandoned_within`, `abandoned_wait_sum_s`, `long_waits`, `answered_with_site`, `answered_locally`, `transferred`,
 * `transfer_known`, nor wait percentiles (which need the waits themselves). Those are `0` in counts built from
 * intervals and must not be read: {@link INTERVAL_COUNT_FIELDS} lists the ones that may be, and
 * `serviceLevelComputability` (service-level.ts) says which F-variants follow.
 */
import { withinThreshold, type Boundary } from './threshold.ts';

/** Per-group call counts. All fields are counts of calls, except the two `_sum_s` fields (seconds). */
export interface CallCounts {
  /** Calls that entered an agent queue: answered + abandoned + timeout (docs/methods.md §1.1). For intervals, the `offered` column. */
  offered: number;
  /** Calls answered by an agent. */
  answered: number;
  /** Calls whose caller hung up while waiting in the queue. */
  abandoned: number;
  /** Calls that left the queue by rule (time-out or diversion while waiting). Part of `offered`. */
  timeout: number;
  /** Calls turned into a callback request. Not offered: counted apart. */
  callback: number;
  /** Calls not queued because the queue was full. Not offered: counted apart. */
  blocked: number;
  /** Any other outcome (e.g. outside hours). Not offered: counted apart. */
  other: number;
  /** Answered calls with `withinThreshold(wait, T, boundary)` (wait < T or ≤ T, as the standards say). */
  answered_within: number;
  /** Abandoned calls with `withinThreshold(wait, T, boundary)`: same T and boundary as `answered_within`. */
  abandoned_within: number;
  /** Abandoned calls with 0 ≤ wait ≤ S (inclusive) when S > 0; always 0 when S = 0 (no abandon is short). */
  abandoned_short: number;
  /** Σ wait (seconds, queue entry to answer) of answered calls. */
  answered_wait_sum_s: number;
  /** Σ wait (seconds, queue entry to hang-up) of abandoned calls. */
  abandoned_wait_sum_s: number;
  /**
   * Answered or abandoned calls with wait ≥ L (inclusive: a caller who hung up after exactly 25 minutes was 25 minutes
   * on the line), L = the long-wait threshold. Timeouts are not counted: their wait is set by the queue's rule.
   */
  long_waits: number;
  /** Answered calls that carry both a borough and an agent site. */
  answered_with_site: number;
  /** Of `answered_with_site`, those whose agent site equals the call's borough (same canonical name). */
  answered_locally: number;
  /** Answered calls known to have been transferred. */
  transferred: number;
  /** Answered calls whose transfer flag is known (true or false). */
  transfer_known: number;
}

/** The name of one count. */
export type CallCountField = keyof CallCounts;

/** Every count, in the order of {@link CallCounts}. */
export const CALL_COUNT_FIELDS: readonly CallCountField[] = [
  'offered', 'answered', 'abandoned', 'timeout', 'callback', 'blocked', 'other',
  'answered_within', 'abandoned_within', 'abandoned_short', 'answered_wait_sum_s', 'abandoned_wait_sum_s',
  'long_waits', 'answered_with_site', 'answered_locally', 'transferred', 'transfer_known',
];

/**
 * The counts interval data can supply. `offered`, `answered` and `abandoned` always; `answered_within`,
 * `answered_wait_sum_s` and `abandoned_short` only when the export has those columns (a given file may supply fewer).
 */
export const INTERVAL_COUNT_FIELDS: readonly CallCountField[] = [
  'offered', 'answered', 'abandoned', 'answered_within', 'answered_wait_sum_s', 'abandoned_short',
];

/** All counts zero: the identity of {@link addCounts}. */
export function emptyCounts(): CallCounts {
  return {
    offered: 0, answered: 0, abandoned: 0, timeout: 0, callback: 0, blocked: 0, other: 0,
    answered_within: 0, abandoned_within: 0, abandoned_short: 0, answered_wait_sum_s: 0, abandoned_wait_sum_s: 0,
    long_waits: 0, answered_with_site: 0, answered_locally: 0, transferred: 0, transfer_known: 0,
  };
}

/**
 * Field-by-field sum: the counts of the union of two disjoint groups of calls counted under the same spec
 * ({@link CallCountSpec}). Pure: returns a new object.
 */
export function addCounts(a: CallCounts, b: CallCounts): CallCounts {
  const out = emptyCounts();
  for (const k of CALL_COUNT_FIELDS) out[k] = a[k] + b[k];
  return out;
}

/** Sum of any number of count objects (`emptyCounts()` for none). */
export function sumCounts(parts: Iterable<CallCounts>): CallCounts {
  let out = emptyCounts();
  for (const p of parts) out = addCounts(out, p);
  return out;
}

/**
 * A call's outcome (docs/methods.md §1.1):
 * - `'answered'`: answered by an agent (offered);
 * - `'abandoned'`: the caller hung up while waiting (offered);
 * - `'timeout'`: left the queue by rule, time-out or diversion (offered);
 * - `'callback'`: turned into a callback request (not offered);
 * - `'blocked'`: not queued, the queue was full (not offered);
 * - `'other'`: anything else, e.g. arrived outside hours (not offered).
 */
export type CallOutcome = 'answered' | 'abandoned' | 'timeout' | 'callback' | 'blocked' | 'other';

/** The fields of a call record that the counts read. */
export interface CallRecord {
  outcome: CallOutcome;
  /** Queue entry to answer or hang-up, seconds, ≥ 0. */
  wait_seconds: number;
  /** The borough the call is routed for (canonical name). */
  borough?: string | null | undefined;
  /** The borough or site of the answering agent (canonical name). */
  agent_site?: string | null | undefined;
  /** Whether the answered call was transferred; absent or `null` when unknown. */
  transferred?: boolean | null | undefined;
}

/** The thresholds the counts are taken at. Counts taken under different specs must not be summed. */
export interface CallCountSpec {
  /** T, the service-level threshold, seconds (Montréal: 100). */
  threshold_seconds: number;
  /** How a wait equal to T counts (see `withinThreshold`): `'<'` for Montréal, `'<='` by default. */
  boundary: Boundary;
  /** S, the short-abandon threshold, seconds, 0 ≤ S ≤ T; 0 = no abandon is short. */
  short_abandon_seconds: number;
  /** L, the long-wait threshold, seconds (default 1500 = 25 minutes). */
  long_wait_seconds: number;
}

/**
 * Counts a group of call records under a spec: the reference definition of every count (see {@link CallCounts}).
 *
 * @throws on an invalid spec (negative or non-finite thresholds, S > T, unknown boundary), an unknown outcome, or a
 *   negative or non-finite wait
 */
export function countCalls(calls: Iterable<CallRecord>, spec: CallCountSpec): CallCounts {
  const { threshold_seconds: t, boundary, short_abandon_seconds: s, long_wait_seconds: l } = spec;
  for (const [name, v] of [['threshold_seconds', t], ['short_abandon_seconds', s], ['long_wait_seconds', l]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`invalid ${name}: ${v}`);
  }
  if (s > t) throw new Error(`invalid short_abandon_seconds: ${s} (above threshold_seconds ${t})`);
  withinThreshold(0, t, boundary); // validates the boundary even for an empty group

  const c = emptyCounts();
  for (const call of calls) {
    const w = call.wait_seconds;
    if (!Number.isFinite(w) || w < 0) throw new Error(`invalid wait_seconds: ${w}`);
    switch (call.outcome) {
      case 'answered':
        c.offered++;
        c.answered++;
        c.answered_wait_sum_s += w;
        if (withinThreshold(w, t, boundary)) c.answered_within++;
        if (w >= l) c.long_waits++;
        if (call.borough != null && call.agent_site != null) {
          c.answered_with_site++;
          if (call.agent_site === call.borough) c.answered_locally++;
        }
        if (call.transferred != null) {
          c.transfer_known++;
          if (call.transferred) c.transferred++;
        }
        break;
      case 'abandoned':
        c.offered++;
        c.abandoned++;
        c.abandoned_wait_sum_s += w;
        if (withinThreshold(w, t, boundary)) c.abandoned_within++;
        if (s > 0 && w <= s) c.abandoned_short++;
        if (w >= l) c.long_waits++;
        break;
      case 'timeout':
        c.offered++;
        c.timeout++;
        break;
      case 'callback':
        c.callback++;
        break;
      case 'blocked':
        c.blocked++;
        break;
      case 'other':
        c.other++;
        break;
      default:
        throw new Error(`invalid call outcome: ${String(call.outcome)}`);
    }
  }
  return c;
}
