/**
 * Proportions shared by every rate metric: the ratio itself, its Wilson 95 % interval, and the verdict against a
 * standard's target (docs/methods.md §4.1–§4.2: every rate is a fraction 0–1 that shows its numerator and denominator;
 * groups under `min_n` get `too_few`).
 */

/** A rate with the counts it was computed from. `value` is `numerator / denominator`, `null` when the denominator is 0. */
export interface Ratio {
  /** Fraction 0–1 (never a percentage), `null` when `denominator` is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
  /** Wilson score 95 % interval on `value` (see {@link wilson95}); `null` when `denominator` is 0. */
  ci95: [number, number] | null;
}

/**
 * The two-sided 95 % normal quantile, z = Φ⁻¹(0.975), to double precision, so that intervals match R's
 * `prop.test(correct = FALSE)` and statsmodels' `proportion_confint(method="wilson")` digit for digit.
 */
export const Z95 = 1.959963984540054;

/** Default smallest denominator that gets a met/missed verdict (docs/methods.md §4.1: `min_n`, default 30). */
export const DEFAULT_MIN_N = 30;

/**
 * `numerator / denominator` with its Wilson interval; `value` and `ci95` are `null` when the denominator is 0.
 *
 * @param numerator count of successes, 0 ≤ numerator ≤ denominator
 * @param denominator count of trials, ≥ 0
 * @throws on a negative or non-finite count, or a numerator above the denominator
 */
export function ratio(numerator: number, denominator: number): Ratio {
  checkCounts(numerator, denominator);
  return {
    value: denominator === 0 ? null : numerator / denominator,
    numerator,
    denominator,
    ci95: wilson95(numerator, denominator),
  };
}

/**
 * Wilson score interval at 95 % (Wilson 1927; Agresti & Coull 1998), for a binomial proportion p̂ = x / n:
 *
 *     centre    = (p̂ + z² / 2n) / (1 + z² / n)
 *     half      = z / (1 + z² / n) · √( p̂(1 − p̂) / n + z² / 4n² )
 *     [lo, hi]  = [centre − half, centre + half]          with z = {@link Z95}
 *
 * Unlike the normal (Wald) interval it stays inside [0, 1] and is not degenerate at 0/n or n/n, which is what small
 * boroughs need. In exact arithmetic 0/n gives lo = 0 and n/n gives hi = 1; those are returned exactly, and the
 * bounds are clamped to [0, 1], only to absorb floating-point rounding. Fractions, not percentages.
 *
 * @param numerator x, 0 ≤ x ≤ n (counts; non-integers are accepted, e.g. weighted counts)
 * @param denominator n ≥ 0
 * @returns `[lo, hi]` with 0 ≤ lo ≤ x/n ≤ hi ≤ 1, or `null` when n = 0 (no information)
 * @throws on a negative or non-finite count, or x > n
 */
export function wilson95(numerator: number, denominator: number): [number, number] | null {
  checkCounts(numerator, denominator);
  if (denominator === 0) return null;
  const n = denominator;
  const p = numerator / n;
  const z2 = Z95 * Z95;
  const scale = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / scale;
  const half = (Z95 / scale) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0/n and n/n the bound equals the proportion exactly; rounding would otherwise leave it a hair inside.
  const lo = numerator === 0 ? 0 : Math.max(0, centre - half);
  const hi = numerator === n ? 1 : Math.min(1, centre + half);
  return [lo, hi];
}

/**
 * How a target is read:
 * - `'at_least'`: the target is a floor, met when value ≥ target (service level, on-time rate: `target` in the
 *   standards file);
 * - `'at_most'`: the target is a ceiling, met when value ≤ target (abandonment, long-wait share: `max`, `max_share`).
 */
export type TargetKind = 'at_least' | 'at_most';

/**
 * The verdict of one metric of one group (docs/methods.md §4.1):
 * - `'met'`: the value is on the right side of the target, or exactly on it;
 * - `'missed'`: the value is strictly on the wrong side of the target;
 * - `'too_few'`: the denominator is under `min_n` (or the value could not be computed), so the group is not judged
 *   and never ranked;
 * - `'no_target'`: the standards set no target for this metric.
 */
export type Verdict = 'met' | 'missed' | 'too_few' | 'no_target';

/** Input of {@link verdict}. */
export interface VerdictInput {
  /** The metric's value (a fraction 0–1 for rates; seconds or days for durations); `null` when not computable. */
  value: number | null;
  /** The number of calls or tickets the value rests on (the ratio's denominator). */
  denominator: number;
  /** The standard's target, `null` when none. */
  target: number | null;
  /** How the target is read, `null` when there is no target. */
  kind: TargetKind | null;
  /** Smallest denominator that is judged; default {@link DEFAULT_MIN_N} (30). */
  minN?: number;
  /**
   * Whether the target comes from a rule marked `example: true`. It does not change the verdict: an example target is
   * still met or missed, and the caller shows the example banner and leaves it out of `--fail-on-breach` unless
   * `--include-examples` is given (docs/methods.md §2.7).
   */
  example?: boolean;
}

/**
 * Judges a value against its target, in this order:
 * 1. no target (`target` is `null`) → `'no_target'`, whatever the count;
 * 2. `denominator < minN`, or `value` is `null` → `'too_few'`;
 * 3. `'at_least'`: `value ≥ target` → `'met'`, else `'missed'`; `'at_most'`: `value ≤ target` → `'met'`, else
 *    `'missed'`. **A value exactly at the target is met** on both sides (80 % against an 80 % floor is met; 10 %
 *    against a 10 % ceiling is met). Rates computed as `numerator / denominator` are correctly rounded, so a ratio
 *    that equals the target exactly (800/1000 against 0.8) compares equal to it.
 *
 * @throws when `target` is set but `kind` is `null` or unknown, or when `minN` is negative or not finite
 */
export function verdict(input: VerdictInput): Verdict {
  const { value, denominator, target, kind } = input;
  const minN = input.minN ?? DEFAULT_MIN_N;
  if (!(minN >= 0) || !Number.isFinite(minN)) throw new Error(`invalid min_n: ${minN}`);
  if (target === null) return 'no_target';
  if (!Number.isFinite(target)) throw new Error(`invalid target: ${target}`);
  if (denominator < minN || value === null) return 'too_few';
  switch (kind) {
    case 'at_least':
      return value >= target ? 'met' : 'missed';
    case 'at_most':
      return value <= target ? 'met' : 'missed';
    case null:
      throw new Error(`missing target kind for target: ${target}`);
    default:
      throw new Error(`invalid target kind: ${String(kind)}`);
  }
}

function checkCounts(numerator: number, denominator: number): void {
  if (!Number.isFinite(denominator) || denominator < 0) throw new Error(`invalid denominator: ${denominator}`);
  if (!Number.isFinite(numerator) || numerator < 0 || numerator > denominator) {
    throw new Error(`invalid numerator: ${numerator} (denominator ${denominator})`);
  }
}
