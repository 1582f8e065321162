/**
 * Time-zone arithmetic that never reads the process time zone: offsets come from `Intl` for an explicit IANA zone.
 *
 * The store converts a source's naive local times to UTC in SQL by joining on the local hour. This module builds the
 * segments of that table: for every stretch of local time, the UTC offset to subtract and whether the stretch is a
 * daylight-saving gap (local times that do not exist: moved one hour later, i.e. read with the offset in force before
 * the change) or an overlap (local times that occur twice: the earlier instant is taken, i.e. the offset in force
 * before the change). Transitions are assumed to fall on a whole local hour, as in every North-American zone.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether `zone` is an IANA zone this runtime knows. */
export function isValidZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset at instant `utcMs`, in milliseconds (local = UTC + offset; Montréal in winter: −5 h). */
export function offsetAt(zone: string, utcMs: number): number {
  const parts = formatter(zone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const localAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return localAsUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Offset changes in [fromMs, toMs): each at the exact UTC instant (to the second), with the offsets around it. */
export function transitions(zone: string, fromMs: number, toMs: number): { at: number; before: number; after: number }[] {
  const out: { at: number; before: number; after: number }[] = [];
  let t = fromMs;
  let o = offsetAt(zone, t);
  while (t < toMs) {
    const next = Math.min(t + DAY, toMs);
    const o2 = offsetAt(zone, next);
    if (o2 !== o) {
      let lo = t;
      let hi = next;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (offsetAt(zone, mid) === o) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, before: o, after: o2 });
      o = o2;
    }
    t = next;
  }
  return out;
}

/** A stretch of local wall-clock time [localFrom, localTo) (as if UTC, in ms) and how to read it. */
export interface LocalSegment {
  localFrom: number;
  localTo: number;
  /** Offset to subtract from the local time to get UTC. */
  offset: number;
  flag: 'gap' | 'overlap' | null;
}

/** Segments covering local times of the years [fromYear, toYear] in `zone` (see the module comment). */
export function localSegments(zone: string, fromYear: number, toYear: number): LocalSegment[] {
  const start = Date.UTC(fromYear, 0, 1) - 2 * DAY;
  const end = Date.UTC(toYear + 1, 0, 1) + 2 * DAY;
  const segs: LocalSegment[] = [];
  let offset = offsetAt(zone, start);
  let cursor = start + offset; // local time where the current regular stretch starts
  for (const tr of transitions(zone, start, end)) {
    const localBefore = tr.at + tr.before; // wall clock just before the change
    const localAfter = tr.at + tr.after; // wall clock just after it
    const lo = Math.min(localBefore, localAfter);
    const hi = Math.max(localBefore, localAfter);
    if (lo > cursor) segs.push({ localFrom: cursor, localTo: lo, offset, flag: null });
    segs.push({ localFrom: lo, localTo: hi, offset: tr.before, flag: tr.after > tr.before ? 'gap' : 'overlap' });
    cursor = hi;
    offset = tr.after;
  }
  const endLocal = end + offset;
  if (endLocal > cursor) segs.push({ localFrom: cursor, localTo: endLocal, offset, flag: null });
  return segs;
}

/** UTC instant of a naive local time in `zone`, with the same gap/overlap rules as the SQL path. */
export function localToUtc(zone: string, localAsUtcMs: number): { utc: number; flag: 'gap' | 'overlap' | null } {
  const year = new Date(localAsUtcMs).getUTCFullYear();
  for (const s of localSegments(zone, year, year)) {
    if (localAsUtcMs >= s.localFrom && localAsUtcMs < s.localTo) return { utc: localAsUtcMs - s.offset, flag: s.flag };
  }
  throw new Error(`no offset for local time ${new Date(localAsUtcMs).toISOString()} in ${zone}`);
}

/** The local calendar fields of an instant in `zone` (for labels and period bucketing in TS). */
export function toLocalIso(zone: string, utcMs: number): string {
  const local = new Date(utcMs + offsetAt(zone, utcMs));
  return local.toISOString().slice(0, 19);
}

/** ISO 8601 with the zone's offset, e.g. `2018-09-30T23:59:59-04:00`. */
export function formatInstant(zone: string, utcMs: number): string {
  const off = offsetAt(zone, utcMs);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / 60000;
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${toLocalIso(zone, utcMs)}${sign}${hh}:${mm}`;
}

export { HOUR, DAY };
