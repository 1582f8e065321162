/**
 * The `calendar:` section of a standards file (when the business clock of ticket delays runs), and the calendar's
 * words as the file writes them: weekday keys (`mon`…`sun`), opening spans (`08:30-16:30`) and days off (`12-26`,
 * `2019-04-23`).
 */
import type { CalendarSpec, DaySpec, OpeningSpan } from '../../time/calendar-spec.ts';
import { fold } from '../glob.ts';
import type { Checker } from './check.ts';

/** Weekday keys of `business_hours`, ISO order (index 0 = Monday, as in CalendarSpec). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `HH:MM` (00:00–24:00) → minutes after midnight, or null. */
function clock(s: string): number | null {
  const mt = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!mt) return null;
  const [h, mi] = [Number(mt[1]), Number(mt[2])];
  if (mi > 59 || h > 24 || (h === 24 && mi > 0)) return null;
  return h * 60 + mi;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** An opening span as the file writes it: `08:30-16:30`. */
export function formatSpan(s: OpeningSpan): string {
  return `${hhmm(s.open)}-${hhmm(s.close)}`;
}

/** A fixed day off as the file writes it: `12-26` (every year) or `2019-04-23`. */
export function formatDaySpec(d: DaySpec): string {
  const md = `${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  return d.year === undefined ? md : `${d.year}-${md}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `MM-DD` (29 February allowed: it applies in leap years) or `YYYY-MM-DD` (a real date, 1900–2199), or null. */
function parseDaySpec(s: string): DaySpec | null {
  let mt = /^(\d{2})-(\d{2})$/.exec(s.trim());
  if (mt) {
    const [month, day] = [Number(mt[1]), Number(mt[2])];
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2000, month) ? { month, day } : null;
  }
  mt = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!mt) return null;
  const [year, month, day] = [Number(mt[1]), Number(mt[2]), Number(mt[3])];
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** `mon`, `mon-fri`, `mon,wed`, `mon-wed, fri` → ISO weekday indexes, or null. */
function weekdayKeys(spec: string): number[] | null {
  const out: number[] = [];
  for (const part of spec.split(',').map((p) => p.trim().toLowerCase())) {
    const mt = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?$/.exec(part);
    if (!mt) return null;
    const from = WEEKDAYS.indexOf(mt[1] as (typeof WEEKDAYS)[number]);
    const to = mt[2] === undefined ? from : WEEKDAYS.indexOf(mt[2] as (typeof WEEKDAYS)[number]);
    if (from < 0 || to < 0 || to < from) return null;
    for (let d = from; d <= to; d++) if (!out.includes(d)) out.push(d);
  }
  return out;
}

/** `closed`, `"08:30-16:30"`, `["08:30-12:00", "13:00-16:30"]` → sorted spans; overlaps and open ≥ close rejected. */
function openingSpans(value: unknown, key: string, { x, bad }: Checker): OpeningSpan[] {
  if (typeof value === 'string' && ['closed', 'ferme'].includes(fold(value))) return [];
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : null;
  if (items === null) throw bad(key, value, x.hours);
  const spans = items.map((item: unknown, i) => {
    const where = Array.isArray(value) ? `${key}[${i}]` : key;
    const mt = typeof item === 'string' ? /^\s*(\d{1,2}:\d{2})\s*[-\u2013]\s*(\d{1,2}:\d{2})\s*$/.exec(item) : null;
    if (!mt) throw bad(where, item, x.hours);
    const [open, close] = [clock(mt[1]!), clock(mt[2]!)];
    if (open === null || close === null || open >= close || open >= 24 * 60) throw bad(where, item, x.openBeforeClose);
    return { open, close };
  }).sort((a, b) => a.open - b.open);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.open < spans[i - 1]!.close) throw bad(key, value, x.noOverlap(formatSpan(spans[i - 1]!), formatSpan(spans[i]!)));
  }
  return spans;
}

/** `business_hours:` → the spans of each weekday (a day not given is closed); each weekday given once. */
function businessHours(bh: unknown, c: Checker): OpeningSpan[][] {
  const { x, bad } = c;
  const key = 'calendar.business_hours';
  if (typeof bh !== 'object' || Array.isArray(bh)) throw bad(key, bh, x.mappingOf(['mon-fri', 'sat', 'sun']));
  const hours: OpeningSpan[][] = WEEKDAYS.map(() => []);
  const givenBy = new Map<number, string>();
  for (const [days, value] of Object.entries(bh as Record<string, unknown>)) {
    const dayKey = `${key}.${days}`;
    const list = weekdayKeys(days);
    if (list === null) throw bad(dayKey, days, x.weekdays);
    for (const d of list) {
      const other = givenBy.get(d);
      if (other !== undefined) throw bad(dayKey, days, x.weekdayOnce(WEEKDAYS[d]!, other));
      givenBy.set(d, days);
    }
    const spans = openingSpans(value, dayKey, c);
    for (const d of list) hours[d] = spans.map((sp) => ({ ...sp }));
  }
  return hours;
}

/** `add:` or `remove:` → days off, each once; missing or null: none. */
function dayList(v: unknown, key: string, { x, bad }: Checker): DaySpec[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw bad(key, v, x.dates);
  const seen = new Set<string>();
  return v.map((item: unknown, i) => {
    const spec = typeof item === 'string' ? parseDaySpec(item) : null;
    if (spec === null) throw bad(`${key}[${i}]`, item, x.date);
    const canonical = formatDaySpec(spec);
    if (seen.has(canonical)) throw bad(`${key}[${i}]`, item, x.dateOnce);
    seen.add(canonical);
    return spec;
  });
}

/** Checks `calendar:` and writes what it gives into `into` (the defaults); a day may not be both added and removed. */
export function checkCalendar(raw: unknown, into: CalendarSpec, c: Checker): void {
  const { x, bad } = c;
  const cal = c.section(raw, 'calendar', ['business_hours', 'holidays', 'add', 'remove']);
  if (cal.business_hours !== undefined && cal.business_hours !== null) into.business_hours = businessHours(cal.business_hours, c);
  if (cal.holidays !== undefined) {
    const h = typeof cal.holidays === 'string' ? fold(cal.holidays) : null;
    if (h !== 'quebec' && h !== 'none') throw bad('calendar.holidays', cal.holidays, x.holidays);
    into.holidays = h;
  }
  into.add = dayList(cal.add, 'calendar.add', c);
  into.remove = dayList(cal.remove, 'calendar.remove', c);
  const added = new Set(into.add.map(formatDaySpec));
  into.remove.forEach((d, i) => {
    if (added.has(formatDaySpec(d))) throw bad(`calendar.remove[${i}]`, formatDaySpec(d), x.addRemove('calendar.add'));
  });
}
