/**
 * Queue waits: average speed of answer, average time to abandon (docs/methods.md §1.4) from summed counts,
 * and nearest-rank wait percentiles (docs/methods.md §1.4: wait percentiles are an observed value) from the waits themselves.
 * All durations in seconds, measured from queue entry (IVR time excluded).
 */
import type { CallCounts } from './call-counts.ts';

/**
 * Which calls' waits a mean wait averages (docs/methods.md §1.4):
 * - `'answered'`: ASA, average speed of answer = Σ wait of answered calls / answered calls (COPC via wolkvox; Amazon
 *   Connect "average queue answer time");
 * - `'abandoned'`: average time to abandon = Σ wait of abandoned calls / abandoned calls, reported separately;
 * - `'answered_and_abandoned'`: average wait, all calls = (Σ wait answered + Σ wait abandoned) / (answered +
 *   abandoned), a variant some centres report (not in vigie's outputs). Timeouts are not included.
 */
export type MeanWaitVariant = 'answered' | 'abandoned' | 'answered_and_abandoned';

/** A mean wait with the sum and count it comes from. */
export interface MeanWait {
  /** Seconds; `null` when there is no call to average. */
  value: number | null;
  /** Σ wait, seconds. */
  numerator: number;
  /** Number of calls. */
  denominator: number;
  variant: MeanWaitVariant;
}

/**
 * The mean queue wait of a group (formulas at {@link MeanWaitVariant}), seconds.
 *
 * @throws on an unknown variant
 */
export function meanWait(counts: CallCounts, variant: MeanWaitVariant): MeanWait {
  let numerator: number;
  let denominator: number;
  switch (variant) {
    case 'answered':
      numerator = counts.answered_wait_sum_s;
      denominator = counts.answered;
      break;
    case 'abandoned':
      numerator = counts.abandoned_wait_sum_s;
      denominator = counts.abandoned;
      break;
    case 'answered_and_abandoned':
      numerator = counts.answered_wait_sum_s + counts.abandoned_wait_sum_s;
      denominator = counts.answered + counts.abandoned;
      break;
    default:
      throw new Error(`invalid mean wait variant: ${String(variant)}`);
  }
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator, variant };
}

/** ASA, average speed of answer (`calls.asa_seconds`): Σ wait of answered calls / answered calls, seconds. */
export function asaSeconds(counts: CallCounts): MeanWait {
  return meanWait(counts, 'answered');
}

/** Average time to abandon (`calls.time_to_abandon_seconds`): Σ wait of abandoned calls / abandoned calls, seconds. */
export function timeToAbandonSeconds(counts: CallCounts): MeanWait {
  return meanWait(counts, 'abandoned');
}

/**
 * The nearest-rank percentile: the smallest observed value such that at least a fraction `p` of the values are ≤ it.
 * With n values sorted ascending, it is the value at 1-based rank ⌈p · n⌉ (Hyndman–Fan type 1, DuckDB
 * `quantile_disc`, qsv `--percentiles`). Always an observed value, never interpolated: of 1…10, p50 = 5, p90 = 9,
 * p100 = 10 (the maximum); of a single value, every percentile is that value.
 *
 * A decimal p is not exact in binary (0.7 · 10 = 7.000000000000001), so a product p · n within 1e-9 of an integer is
 * taken as that integer before the ceiling; otherwise p70 of 1…10 would be 8.
 *
 * @param sortedValues values sorted ascending (checked)
 * @param p fraction in (0, 1]
 * @returns the percentile, or `null` for no values
 * @throws when p is outside (0, 1], a value is not finite, or the values are not sorted ascending
 */
export function nearestRank(sortedValues: readonly number[], p: number): number | null {
  checkP(p);
  for (let i = 0; i < sortedValues.length; i++) {
    const v = sortedValues[i]!;
    if (!Number.isFinite(v)) throw new Error(`invalid value: ${v}`);
    if (i > 0 && v < sortedValues[i - 1]!) throw new Error(`values not sorted ascending at index ${i}`);
  }
  return pick(sortedValues, p);
}

/**
 * {@link nearestRank} from a histogram: distinct values sorted ascending with how many times each occurs. Same
 * definition (the value at 1-based rank ⌈p · n⌉, n = Σ counts, same tolerance on p · n), without expanding the values:
 * the city-wide wait percentiles come from a histogram of the answered waits, which is much smaller than the waits.
 *
 * @param values distinct values, strictly ascending (checked)
 * @param counts occurrences of each value, whole numbers ≥ 1 (checked)
 * @param p fraction in (0, 1]
 * @returns the percentile, or `null` when there is no value
 */
export function nearestRankOfCounts(values: readonly number[], counts: readonly number[], p: number): number | null {
  checkP(p);
  if (values.length !== counts.length) throw new Error(`${values.length} values but ${counts.length} counts`);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const c = counts[i]!;
    if (!Number.isFinite(v)) throw new Error(`invalid value: ${v}`);
    if (i > 0 && !(v > values[i - 1]!)) throw new Error(`values not strictly ascending at index ${i}`);
    if (!Number.isInteger(c) || c < 1) throw new Error(`invalid count at index ${i}: ${c}`);
    n += c;
  }
  if (n === 0) return null;
  const rank = rankOf(n, p);
  let cum = 0;
  for (let i = 0; i < values.length; i++) {
    cum += counts[i]!;
    if (cum >= rank) return values[i]!;
  }
  return values[values.length - 1]!;
}

/** One percentile of {@link waitPercentiles}. */
export interface WaitPercentile {
  /** The fraction asked for, e.g. 0.9. */
  p: number;
  /** Its name, `p` followed by the percentage: `'p50'`, `'p90'`, `'p99.5'`. */
  name: string;
  /** Seconds (an observed wait), `null` when there is no wait. */
  value: number | null;
}

/** Wait percentiles of a group, with the method named. */
export interface WaitPercentiles {
  method: 'nearest_rank';
  /** The number of waits. */
  n: number;
  percentiles: WaitPercentile[];
}

/**
 * Nearest-rank percentiles ({@link nearestRank}) of a list of waits, in the order of `ps` (default p50 and p90,
 * `calls.wait_p50_seconds` and `calls.wait_p90_seconds`). The waits need not be sorted; they are not modified.
 * Unlike the means, percentiles do not aggregate by summing: a group's percentiles need the group's waits.
 *
 * @param values waits, seconds
 * @param ps fractions in (0, 1]
 * @throws when a p is outside (0, 1] or a wait is not finite
 */
export function waitPercentiles(values: readonly number[], ps: readonly number[] = [0.5, 0.9]): WaitPercentiles {
  for (const p of ps) checkP(p);
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`invalid wait: ${v}`);
  const sorted = Float64Array.from(values).sort();
  return {
    method: 'nearest_rank',
    n: sorted.length,
    percentiles: ps.map((p) => ({ p, name: percentileName(p), value: pick(sorted, p) })),
  };
}

/** `'p50'` for 0.5, `'p99.5'` for 0.995. */
export function percentileName(p: number): string {
  checkP(p);
  return `p${Number((p * 100).toFixed(6))}`;
}

function checkP(p: number): void {
  if (!(p > 0 && p <= 1)) throw new Error(`invalid percentile: ${p} (expected a fraction in (0, 1])`);
}

function pick(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return sorted[rankOf(n, p) - 1]!;
}

/** The 1-based nearest rank ⌈p · n⌉ in [1, n], a product within 1e-9 of an integer taken as that integer. */
function rankOf(n: number, p: number): number {
  const x = p * n;
  const nearest = Math.round(x);
  const rank = Math.abs(x - nearest) <= 1e-9 * Math.max(1, x) ? nearest : Math.ceil(x);
  return Math.min(n, Math.max(1, rank));
}
