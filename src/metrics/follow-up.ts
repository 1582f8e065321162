/**
 * The follow-up of requests (docs/methods.md §2.9): what happens to a request after its first answer, read from the
 * successive versions the store keeps of it. This file is the definition, for one request at a time; the store's
 * queries (src/compliance/follow-up.ts) compute the same facts for every request in SQL, and the tests hold them to
 * this one.
 *
 * - **Spells.** Consecutive versions (by snapshot time; versions that a drop brought after a later snapshot, stale,
 *   left out) with the same status as written and the same responsible unit are one spell. A spell starts at the
 *   source's status time when the status changed and that time lies after the previous snapshot and no later than the
 *   one that shows it (exact); otherwise at the snapshot that first shows it (censored: the change happened between
 *   the two snapshots). The first spell starts at its status time when given, at the creation when the request was
 *   first seen within one snapshot interval of its creation, and is unknown otherwise. A request first seen more than
 *   one snapshot interval after its creation, whose status then had not held since creation, was first seen late:
 *   what came before is unknown, and it is left out of the times to close.
 * - **Closes.** A terminal status (closed, cancelled, refused, duplicate) is a close; only `closed` is resolved.
 * - **Reopened**: a non-terminal spell after a terminal one. Its time is that spell's start; a reopen less than 24 h
 *   after the close is shown apart (likely a correction).
 * - **Transfers**: a change of responsible unit whose previous unit is not an intake unit. Leaving an intake unit (the
 *   311 division: a unit whose name holds the number 311) for the unit that handles the request is routing. Ping-pong:
 *   a transfer back to a unit (not intake) that held the request before.
 * - **Stale open**: open (latest status not terminal) and present in the latest snapshot, with no change of status or
 *   unit for at least N days (the last spell's start, or when it is unknown the snapshot that first showed it: at
 *   least that long).
 * - **Repeat after close**: a request of the same category created within D days after the close (exclusive of the
 *   close instant, inclusive of D days) and within M metres (great-circle distance, inclusive).
 */
import { ratio, type Ratio } from './proportion.ts';

/** Canonical statuses that end a request: a close. */
export const TERMINAL = ['closed', 'cancelled', 'refused', 'duplicate'] as const;

export const isTerminal = (status: string): boolean => (TERMINAL as readonly string[]).includes(status);

/** An intake unit: its name holds the number 311 on its own (`DIVISION 311 ET INTERVENTIONS…`), not `3110`. */
export const INTAKE_PATTERN = '(^|[^0-9])311([^0-9]|$)';

export function isIntakeUnit(unit: string): boolean {
  return new RegExp(INTAKE_PATTERN).test(unit);
}

const DAY_MS = 86_400_000;

/** A reopen this soon after the close (exclusive) is shown apart: likely a correction. */
export const QUICK_REOPEN_MS = DAY_MS;

/** The mean Earth radius of the great-circle distance, in metres (IUGG). */
export const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two points in decimal degrees (haversine). */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The aging buckets of open requests, by whole days since their last change. */
export const AGING = [
  { id: '0-5', max: 5 }, { id: '6-10', max: 10 }, { id: '11-30', max: 30 }, { id: '31+', max: Infinity },
] as const;
export type AgingBucket = (typeof AGING)[number]['id'];

export function agingBucket(days: number): AgingBucket {
  return AGING.find((b) => Math.floor(days) <= b.max)!.id;
}

/** One stored version of a request, as follow-up reads it. Times are epoch milliseconds. */
export interface VersionIn {
  drop: number;
  seenAt: number;
  status: string;
  statusRaw: string | null;
  unit: string | null;
  statusAt: number | null;
  closedAt: number | null;
  createdAt: number;
}

export interface Spell {
  status: string;
  /** The status as written (the spell's key with the unit). */
  label: string;
  unit: string | null;
  /** Epoch ms; null: unknown (the first spell of a request first seen late). */
  start: number | null;
  /** The start is the snapshot that first showed the spell, not the source's time. */
  censored: boolean;
  seenAt: number;
}

export interface History {
  spells: Spell[];
  /** The snapshot that first showed the request (epoch ms). */
  firstSeenAt: number;
  firstSeenLate: boolean;
  firstCloseAt: number | null;
  reopenAt: number | null;
  transfers: number;
  pingPong: boolean;
  unitPath: string[];
  /** The start of the last spell, or the snapshot that first showed it when unknown. */
  lastChangeAt: number;
}

/** The status time of a version: the source's status time, else for a close its close time. */
function statusTime(v: VersionIn): number | null {
  return v.statusAt ?? (isTerminal(v.status) ? v.closedAt : null);
}

/** Stale versions out (brought by a drop after a later snapshot was stored), in snapshot order. */
export function inOrder(versions: readonly VersionIn[]): VersionIn[] {
  const byDrop = [...versions].sort((a, b) => a.drop - b.drop);
  let latest = -Infinity;
  const kept: VersionIn[] = [];
  for (const v of byDrop) {
    if (v.seenAt > latest) kept.push(v);
    latest = Math.max(latest, v.seenAt);
  }
  return kept.sort((a, b) => a.seenAt - b.seenAt || a.drop - b.drop);
}

/**
 * One request's history from its versions (any order). `cadenceMs`: the snapshot interval, which says whether the
 * request was first seen late.
 */
export function history(versions: readonly VersionIn[], cadenceMs: number): History {
  const vs = inOrder(versions);
  const spells: Spell[] = [];
  const first = vs[0]!;
  // Seen late: more than one snapshot interval after its creation, unless its status then had held since creation.
  const st0 = statusTime(first);
  const firstSeenLate = first.seenAt - first.createdAt > cadenceMs && !(st0 !== null && st0 <= first.createdAt);
  let prev: VersionIn | null = null;
  for (const v of vs) {
    const label = v.statusRaw ?? v.status;
    const prevLabel = prev ? (prev.statusRaw ?? prev.status) : null;
    if (prev && label === prevLabel && v.unit === prev.unit) {
      prev = v;
      continue;
    }
    const st = statusTime(v);
    let start: number | null;
    let censored = false;
    if (!prev) {
      start = st !== null && st <= v.seenAt ? st : v.seenAt - v.createdAt <= cadenceMs ? v.createdAt : null;
    } else if (label !== prevLabel && st !== null && st > prev.seenAt && st <= v.seenAt) {
      start = st;
    } else {
      start = v.seenAt;
      censored = true;
    }
    spells.push({ status: v.status, label, unit: v.unit, start, censored, seenAt: v.seenAt });
    prev = v;
  }
  const firstClose = spells.findIndex((s) => isTerminal(s.status));
  const reopen = firstClose < 0 ? -1 : spells.findIndex((s, i) => i > firstClose && !isTerminal(s.status));
  let transfers = 0;
  let pingPong = false;
  const unitPath: string[] = [];
  const held = new Set<string>();
  let unit: string | null = null;
  for (const s of spells) {
    if (s.unit === null || s.unit === unit) continue;
    if (unit !== null && !isIntakeUnit(unit)) {
      transfers++;
      if (held.has(s.unit) && !isIntakeUnit(s.unit)) pingPong = true;
    }
    if (unit !== null) held.add(unit);
    unitPath.push(s.unit);
    unit = s.unit;
  }
  const last = spells.at(-1)!;
  return {
    spells, firstSeenAt: first.seenAt, firstSeenLate, transfers, pingPong, unitPath,
    firstCloseAt: firstClose < 0 ? null : spells[firstClose]!.start ?? spells[firstClose]!.seenAt,
    reopenAt: reopen < 0 ? null : spells[reopen]!.start ?? spells[reopen]!.seenAt,
    lastChangeAt: last.start ?? last.seenAt,
  };
}

/**
 * The reopen rate within `days` of the first close: requests reopened within that many days (inclusive) ÷ requests
 * followed that long — first closed at least that many days before `asOf`, and first seen by a snapshot no later than
 * that many days after the close (a request first seen closed long after its close had that window unobserved: a reopen
 * closed again before it was seen cannot be known).
 */
export function reopenRate(hs: readonly Pick<History, 'firstCloseAt' | 'reopenAt' | 'firstSeenAt'>[], days: number, asOf: number): Ratio {
  const w = days * DAY_MS;
  const followed = hs.filter((h) => h.firstCloseAt !== null && asOf - h.firstCloseAt >= w && h.firstSeenAt - h.firstCloseAt <= w);
  const within = followed.filter((h) => h.reopenAt !== null && h.reopenAt - h.firstCloseAt! <= w);
  return ratio(within.length, followed.length);
}
