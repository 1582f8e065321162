/**
 * The service-level threshold: whether a wait counts as within T, decided in one place for every count that needs it
 * (answered and abandoned calls within T, src/metrics/call-counts.ts; the service level, src/metrics/service-level.ts).
 */

/**
 * How a wait equal to the threshold T counts (docs/methods.md §1.2):
 * - `'<'`: within means wait < T, strictly under (Montréal's « en moins de 100 secondes »): a call answered at
 *   exactly 100 s is **not** within;
 * - `'<='`: within means wait ≤ T, inclusive ("within T"): a call answered at exactly T is within. The default when
 *   the standards file says nothing.
 */
export type Boundary = '<' | '<=';

/** The boundary used when the standards file names none. */
export const DEFAULT_BOUNDARY: Boundary = '<=';

/**
 * Whether a wait is within the service-level threshold: **the one place the boundary is decided** (counts of
 * answered and abandoned calls within T both go through it). Waits are compared as given: vigie does not round them
 * (an export that truncates to whole seconds is read as it is, and outputs say so).
 *
 * @param waitSeconds queue wait, seconds
 * @param thresholdSeconds T, seconds
 * @param boundary `'<'` (wait < T) or `'<='` (wait ≤ T)
 * @throws on an unknown boundary
 */
export function withinThreshold(waitSeconds: number, thresholdSeconds: number, boundary: Boundary): boolean {
  switch (boundary) {
    case '<':
      return waitSeconds < thresholdSeconds;
    case '<=':
      return waitSeconds <= thresholdSeconds;
    default:
      throw new Error(`invalid boundary: ${String(boundary)}`);
  }
}
