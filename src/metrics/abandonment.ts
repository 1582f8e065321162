/**
 * Rates about what happens to offered and answered calls besides the service level: abandonment
 * (docs/methods.md §1.3), long waits on the line (the commission's complaint, a tail statistic, docs/methods.md §1.5),
 * transfers, and calls answered by the borough's own agents (the commission's proximity concern). Arithmetic on
 * summed counts (call-counts.ts); every result is a fraction 0–1 with its numerator, denominator, Wilson `ci95` and
 * the variant or threshold it was computed with.
 */
import type { CallCounts } from './call-counts.ts';
import { ratio, type Ratio } from './proportion.ts';

/**
 * The abandonment formula (docs/methods.md §1.3):
 * - `'of_offered'`: abandoned / offered, where offered = answered + abandoned + timeout (for intervals, the
 *   `offered` column). Callbacks are excluded from both sides: they are not offered (Amazon Connect).
 * - `'of_offered_excluding_short'`: (abandoned − short abandons) / (offered − short abandons), short abandons being
 *   abandoned calls with wait ≤ S (inclusive), S = `short_abandon_seconds` > 0: callers who misdialled or hung up on
 *   the recorded greeting are removed from numerator and denominator alike.
 */
export type AbandonmentVariant = 'of_offered' | 'of_offered_excluding_short';

/** An abandonment rate with its variant and S. */
export interface AbandonmentRate extends Ratio {
  variant: AbandonmentVariant;
  /** S, seconds; 0 when short abandons are not excluded. */
  short_abandon_seconds: number;
}

/** Options of {@link abandonmentRate}. */
export interface AbandonmentOptions {
  /**
   * S, seconds (standards `calls.abandonment.short_abandon_seconds`, default 0). When S > 0, short abandons (wait ≤ S)
   * are excluded from numerator and denominator (variant `'of_offered_excluding_short'`); the counts'
   * `abandoned_short` must have been taken at this same S. When S = 0 nothing is excluded (variant `'of_offered'`).
   */
  short_abandon_seconds?: number;
}

/**
 * The abandonment rate of a group (`calls.abandonment_rate`), formulas at {@link AbandonmentVariant}.
 *
 * @throws on a negative or non-finite S, or inconsistent counts (e.g. more abandoned than offered)
 */
export function abandonmentRate(counts: CallCounts, options: AbandonmentOptions = {}): AbandonmentRate {
  const s = options.short_abandon_seconds ?? 0;
  if (!Number.isFinite(s) || s < 0) throw new Error(`invalid short_abandon_seconds: ${s}`);
  if (s === 0) return { ...ratio(counts.abandoned, counts.offered), variant: 'of_offered', short_abandon_seconds: 0 };
  const short = counts.abandoned_short;
  return {
    ...ratio(counts.abandoned - short, counts.offered - short),
    variant: 'of_offered_excluding_short',
    short_abandon_seconds: s,
  };
}

/** The long-wait threshold by default: 1500 s, "25 minutes on the line" (standards `calls.long_wait.seconds`). */
export const DEFAULT_LONG_WAIT_SECONDS = 1500;

/** A long-wait share with its threshold. */
export interface LongWaitShare extends Ratio {
  /** L, seconds: a call waited long when its wait ≥ L (inclusive). */
  threshold_seconds: number;
}

/**
 * The share of offered calls that waited long (`calls.long_wait_share`): long_waits / offered, where long_waits counts
 * answered or abandoned calls whose wait ≥ L (inclusive; a caller who hung up at exactly 25 minutes was 25 minutes on
 * the line) and offered includes timeouts.
 *
 * @param thresholdSeconds L, seconds, default {@link DEFAULT_LONG_WAIT_SECONDS}: the threshold the counts'
 *   `long_waits` were taken at, reported beside the share
 * @throws on a negative or non-finite threshold, or inconsistent counts
 */
export function longWaitShare(counts: CallCounts, thresholdSeconds: number = DEFAULT_LONG_WAIT_SECONDS): LongWaitShare {
  if (!Number.isFinite(thresholdSeconds) || thresholdSeconds < 0) throw new Error(`invalid long_wait seconds: ${thresholdSeconds}`);
  return { ...ratio(counts.long_waits, counts.offered), threshold_seconds: thresholdSeconds };
}

/**
 * The transfer rate (`calls.transfer_rate`): transferred / transfer_known, i.e. the share of answered calls that were
 * transferred, among answered calls whose transfer flag is known. Calls with an unknown flag are in neither side.
 * This is not first-contact resolution (docs/methods.md §1.7: "resolved without transfer" is not FCR).
 *
 * @throws on inconsistent counts
 */
export function transferRate(counts: CallCounts): Ratio {
  return ratio(counts.transferred, counts.transfer_known);
}

/**
 * The answered-locally share (`calls.answered_locally_share`): answered_locally / answered_with_site, i.e. among
 * answered calls that carry both the call's borough and the answering agent's site, the share whose agent site is
 * that borough (same canonical name). The commission heard that answerers were far from the boroughs; this measures it.
 *
 * @throws on inconsistent counts
 */
export function answeredLocallyShare(counts: CallCounts): Ratio {
  return ratio(counts.answered_locally, counts.answered_with_site);
}
