/**
 * The business calendar as the standards file describes it (`calendar:`, docs/methods.md §3.3), once parsed and checked. The
 * standards loader (src/standards/standards.ts) produces it; the business-time engine (src/time/business.ts) consumes it.
 */

/** A stretch of opening hours within one local day, in minutes after local midnight: [open, close), open < close. */
export interface OpeningSpan {
  open: number;
  close: number;
}

/** A fixed day off: every year (`MM-DD`) or one date (`YYYY-MM-DD`). */
export type DaySpec = { month: number; day: number; year?: undefined } | { year: number; month: number; day: number };

export interface CalendarSpec {
  /**
   * Opening hours per ISO weekday (index 0 = Monday … 6 = Sunday); an empty list is a closed day. Spans of one day are
   * sorted and do not overlap. Montréal: Monday to Friday 08:30–16:30.
   */
  business_hours: OpeningSpan[][];
  /** The statutory list computed from rules (`quebec`), or none. */
  holidays: 'quebec' | 'none';
  /** City days off added to the statutory list. */
  add: DaySpec[];
  /** Days removed from the statutory list (e.g. Easter Monday when the city keeps Good Friday). */
  remove: DaySpec[];
}

/** Montréal's default when the file has no `calendar:` section: Mon–Fri 08:30–16:30, Quebec holidays. */
export const DEFAULT_CALENDAR: CalendarSpec = {
  business_hours: [0, 1, 2, 3, 4].map(() => [{ open: 8 * 60 + 30, close: 16 * 60 + 30 }]).concat([[], []]),
  holidays: 'quebec',
  add: [],
  remove: [],
};

/**
 * A deadline as the standards file writes it (`due: "5 business days"`), parsed (src/standards/sections/tickets.ts):
 * - `business_days`: close of business on the Nth business day after the local day of creation;
 * - `days`: N × 24 h of elapsed time;
 * - `hours`: N business hours when the clock is `business`, else N elapsed hours.
 */
export interface DueSpec {
  n: number;
  unit: 'business_days' | 'days' | 'hours';
}
