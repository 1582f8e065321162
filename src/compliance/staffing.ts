/**
 * The staffing what-if (`vigie staffing`; docs/methods.md §5): from the observed calls of a period,
 * for each interval of the week (weekday × half-hour by default), the arrivals and handle time summed over the days of
 * that weekday, then the agents a queue model says are needed to meet the standards file's service level, and the
 * service level those agents would give.
 *
 * A MODEL, not a measurement; its assumptions are stated in every output (`assumptions`, ids the command words in the
 * reader's language: {@link STAFFING_ASSUMPTIONS}):
 * - arrivals per interval = offered calls (answered + abandoned + timeout) of that weekday-interval / number of such
 *   weekdays in the period (an average day), Poisson within the interval; intervals are independent (no backlog
 *   carried from one to the next);
 * - handle time = mean talk time of the answered calls of the interval (the export has no after-call work), or of the
 *   whole period for the group when the interval has fewer than {@link MIN_AHT_CALLS} answered calls with a talk time;
 *   exponential;
 * - Erlang C: nobody abandons; Erlang A: callers abandon after an exponential patience whose mean is estimated from the
 *   period's calls as Σ waits of all offered callers / abandoned (the maximum-likelihood estimator under exponential
 *   patience, Mandelbaum & Zeltyn);
 * - agents = agents on the phones; scheduled = agents / (1 − shrinkage) rounded up (breaks, training, absence);
 * - the service level is the standards' (threshold T, target, variant F3: answered within T / (answered + abandoned)).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { asOfView, lit, rows, ts } from '../sql.ts';
import type { Standards } from '../standards/standards.ts';
import { WEEKDAYS } from '../standards/sections/calendar.ts';
import { agentsNeeded, erlangA, erlangCServiceLevel, estimatePatienceSeconds } from '../metrics/index.ts';
import { createUtcOffsetTable } from '../time/utc-offsets.ts';
import { toLocalIso } from '../time/zone.ts';
import { int, msg, type Lang } from '../messages.ts';

/** Intervals with fewer answered calls than this take the group's period-wide handle time. */
export const MIN_AHT_CALLS = 10;


/** The model's assumptions, in the order they are printed; each has its sentence in the message catalogue. */
export const STAFFING_ASSUMPTIONS = ['poisson', 'arrivals', 'handle_time', 'patience', 'shrinkage'] as const;
export type StaffingAssumption = (typeof STAFFING_ASSUMPTIONS)[number];

export interface StaffingQuery {
  fromUtc: Date;
  toUtc: Date;
  /** Local months of the period (`YYYY-MM`, both included), to count the weekdays. */
  fromMonth: string;
  toMonth: string;
  by: 'borough' | 'queue' | null;
  intervalMinutes: number;
  shrinkage: number;
  standards: Standards;
  source?: string | undefined;
  /** Replay the store as known at this instant (default: the latest version of each call). */
  asOf?: Date | null | undefined;
}

export interface StaffingInterval {
  /** The group's borough or queue (null: all calls). */
  group: string | null;
  weekday: (typeof WEEKDAYS)[number];
  /** Local start of the interval, `HH:MM`; `start` in the JSON is `weekday HH:MM`. */
  start: string;
  /** How many such weekdays the period has (the arrivals are summed over them). */
  days: number;
  /** Offered calls summed over those days. */
  arrivals: number;
  /** Offered calls of an average such day: the model's input. */
  arrivals_per_day: number;
  aht_seconds: number | null;
  /** Where the handle time comes from: the interval's answered calls, or the group's whole period. */
  aht_from: 'interval' | 'period' | null;
  observed_service_level: number | null;
  agents_erlang_c: number;
  scheduled_erlang_c: number;
  agents_erlang_a: number;
  scheduled_erlang_a: number;
  /** The service level the Erlang A agents would give under Erlang A (what the target is met with). */
  service_level_at_agents: number | null;
  /** The same agents under Erlang C (no abandonment): a pessimistic reading. */
  service_level_erlang_c_at_agents: number | null;
}

export interface StaffingGroup {
  group: string | null;
  /** Mean patience (s) estimated from the period's calls; null when nobody abandoned (Erlang A = Erlang C). */
  patience_seconds: number | null;
  /** Period-wide handle time of the group's answered calls. */
  aht_seconds: number | null;
  /** Scheduled agent-hours of one week (Σ over the week's intervals of scheduled agents × interval length). */
  agent_hours_per_week_erlang_c: number;
  agent_hours_per_week_erlang_a: number;
  /** With the standards' `calls.staffing.hourly_cost`: the Erlang A agent-hours' cost per week; else null. */
  cost_per_week: number | null;
}

export interface StaffingResult {
  standard: { threshold_seconds: number; target: number; variant: string; boundary: string };
  interval_minutes: number;
  shrinkage: number;
  groups: StaffingGroup[];
  intervals: StaffingInterval[];
  /** With `by`: every group's calls staffed as one queue (what the run without `by` gives); else null. */
  pooled: StaffingGroup | null;
  assumptions: StaffingAssumption[];
}

/** How many of each ISO weekday (index 0 = Monday) the local months [fromMonth, toMonth] hold. */
export function weekdayCounts(fromMonth: string, toMonth: string): number[] {
  const [y0, m0] = fromMonth.split('-').map(Number) as [number, number];
  const [y1, m1] = toMonth.split('-').map(Number) as [number, number];
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (let d = Date.UTC(y0, m0 - 1, 1); d < Date.UTC(y1, m1, 1); d += 86_400_000) counts[(new Date(d).getUTCDay() + 6) % 7]!++;
  return counts;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export async function staffing(conn: DuckDBConnection, q: StaffingQuery): Promise<StaffingResult> {
  const sl = q.standards.calls.service_level;
  const target = sl.target ?? 0.8;
  const T = sl.threshold_seconds;
  const z = await createUtcOffsetTable(conn, q.standards.timezone, q.fromUtc.getTime(), q.toUtc.getTime(), q.intervalMinutes * 60);
  const groupSql = q.by ? `c.${q.by}` : 'NULL::VARCHAR';
  const where = `c.queued_at >= ${ts(q.fromUtc)} AND c.queued_at < ${ts(q.toUtc)}
    ${q.source ? `AND c.source = ${lit(q.source)}` : ''}`;
  const within = `c.wait_seconds ${sl.boundary} ${T}`;
  const slots = await rows(conn, `SELECT ${groupSql} AS grp, z.ldow AS dow, (z.lhour * 60 + z.lminute) // ${q.intervalMinutes} AS slot,
      count(*) FILTER (WHERE c.outcome IN ('answered', 'abandoned', 'timeout')) AS offered,
      count(*) FILTER (WHERE c.outcome = 'answered') AS answered, count(*) FILTER (WHERE c.outcome = 'abandoned') AS abandoned,
      count(*) FILTER (WHERE c.outcome = 'answered' AND ${within}) AS answered_within,
      count(c.talk_seconds) FILTER (WHERE c.outcome = 'answered') AS talk_n, coalesce(sum(c.talk_seconds) FILTER (WHERE c.outcome = 'answered'), 0) AS talk_sum,
      coalesce(sum(c.wait_seconds) FILTER (WHERE c.outcome IN ('answered', 'abandoned', 'timeout')), 0) AS wait_sum
    FROM ${asOfView('calls', q.asOf ?? null)} c JOIN utc_offsets z ON z.k = ${z.key('c.queued_at')}
    WHERE ${where}
    GROUP BY ALL ORDER BY grp NULLS FIRST, dow, slot`);
  const days = weekdayCounts(q.fromMonth, q.toMonth);
  const slotRows: SlotRow[] = slots.map((s) => ({
    grp: (s.grp as string | null) ?? null, dow: num(s.dow), slot: num(s.slot), offered: num(s.offered), answered: num(s.answered),
    abandoned: num(s.abandoned), answered_within: num(s.answered_within), talk_n: num(s.talk_n), talk_sum: num(s.talk_sum),
    wait_sum: num(s.wait_sum),
  }));
  const model: SlotModel = { days, intervalMinutes: q.intervalMinutes, shrinkage: q.shrinkage, target, T,
    hourlyCost: q.standards.calls.staffing?.hourly_cost ?? null };
  const byGroup = new Map<string | null, SlotRow[]>();
  for (const s of slotRows) {
    const own = byGroup.get(s.grp);
    if (own) own.push(s);
    else byGroup.set(s.grp, [s]);
  }
  const intervals: StaffingInterval[] = [];
  const groups: StaffingGroup[] = [];
  for (const [g, own] of byGroup) {
    const r = staffGroup(g, own, model);
    groups.push(r.group);
    intervals.push(...r.intervals);
  }
  // The same calls as one queue: the groups' slot counts summed, staffed as the city-wide run would be.
  const pooled = q.by && slotRows.length ? staffGroup(null, poolSlots(slotRows), model).group : null;
  return {
    standard: { threshold_seconds: T, target, variant: sl.variant, boundary: sl.boundary },
    interval_minutes: q.intervalMinutes, shrinkage: q.shrinkage, groups, intervals, pooled,
    assumptions: [...STAFFING_ASSUMPTIONS],
  };
}

/** One (group, weekday, interval) row of the slot query, as numbers. */
interface SlotRow {
  grp: string | null;
  dow: number;
  slot: number;
  offered: number;
  answered: number;
  abandoned: number;
  answered_within: number;
  talk_n: number;
  talk_sum: number;
  wait_sum: number;
}

interface SlotModel {
  days: number[];
  intervalMinutes: number;
  shrinkage: number;
  target: number;
  T: number;
  hourlyCost: number | null;
}

const num = (v: unknown) => Number(v ?? 0);
const COUNTS = ['offered', 'answered', 'abandoned', 'answered_within', 'talk_n', 'talk_sum', 'wait_sum'] as const;

/** The groups' rows summed per (weekday, interval), in weekday then interval order. */
function poolSlots(slots: SlotRow[]): SlotRow[] {
  const pooled = new Map<string, SlotRow>();
  for (const s of slots) {
    const k = `${s.dow}:${s.slot}`;
    const acc = pooled.get(k);
    if (!acc) pooled.set(k, { ...s, grp: null });
    else for (const c of COUNTS) acc[c] += s[c];
  }
  return [...pooled.values()].sort((a, b) => a.dow - b.dow || a.slot - b.slot);
}

/** One group's intervals staffed with Erlang C and A, and its week's agent-hours. */
function staffGroup(g: string | null, slots: SlotRow[], mo: SlotModel): { group: StaffingGroup; intervals: StaffingInterval[] } {
  const talkN = slots.reduce((a, s) => a + s.talk_n, 0);
  const periodAht = talkN ? slots.reduce((a, s) => a + s.talk_sum, 0) / talkN : null;
  const patience = estimatePatienceSeconds(slots.reduce((a, s) => a + s.abandoned, 0), slots.reduce((a, s) => a + s.wait_sum, 0));
  const intervalSeconds = mo.intervalMinutes * 60;
  const intervals: StaffingInterval[] = [];
  let hoursC = 0;
  let hoursA = 0;
  for (const s of slots) {
    const dow = s.dow - 1;
    const d = mo.days[dow] ?? 0;
    const perDay = d ? s.offered / d : 0;
    const own = s.talk_n >= MIN_AHT_CALLS;
    const aht = own ? s.talk_sum / s.talk_n : periodAht;
    const base = { arrivalsPerInterval: perDay, intervalSeconds, ahtSeconds: aht ?? 0 };
    const c = aht === null || perDay === 0 ? { agents: 0, scheduled: 0 }
      : agentsNeeded(base, mo.target, mo.T, { model: 'erlang_c', shrinkage: mo.shrinkage });
    const a = aht === null || perDay === 0 ? { agents: 0, scheduled: 0 }
      : agentsNeeded(base, mo.target, mo.T, { model: 'erlang_a', shrinkage: mo.shrinkage, patienceSeconds: patience ?? Infinity });
    hoursC += c.scheduled * mo.intervalMinutes / 60;
    hoursA += a.scheduled * mo.intervalMinutes / 60;
    const den = s.answered + s.abandoned;
    intervals.push({
      group: g, weekday: WEEKDAYS[dow]!, start: hhmm(s.slot * mo.intervalMinutes), days: d, arrivals: s.offered,
      arrivals_per_day: perDay, aht_seconds: aht, aht_from: aht === null ? null : own ? 'interval' : 'period',
      observed_service_level: den ? s.answered_within / den : null,
      agents_erlang_c: c.agents, scheduled_erlang_c: c.scheduled, agents_erlang_a: a.agents, scheduled_erlang_a: a.scheduled,
      service_level_at_agents: a.agents && aht !== null
        ? erlangA({ ...base, agents: a.agents }, patience ?? Infinity, mo.T).serviceLevel : null,
      service_level_erlang_c_at_agents: a.agents && aht !== null && a.agents > perDay * (aht / intervalSeconds)
        ? erlangCServiceLevel({ ...base, agents: a.agents }, mo.T) : null,
    });
  }
  const group: StaffingGroup = {
    group: g, patience_seconds: patience, aht_seconds: periodAht, agent_hours_per_week_erlang_c: hoursC, agent_hours_per_week_erlang_a: hoursA,
    cost_per_week: mo.hourlyCost === null ? null : hoursA * mo.hourlyCost,
  };
  return { group, intervals };
}

/** `--by`: the groups' agent-hours summed, beside the same calls staffed as one pooled queue (docs/methods.md §5.6). */
export interface StaffingTotal {
  groups: number;
  /** Σ over the groups: what staffing each group as its own queue would take. */
  agent_hours_per_week_erlang_c: number;
  agent_hours_per_week_erlang_a: number;
  cost_per_week: number | null;
  /** All the groups' calls in one queue answered by any agent: the city-wide figure. */
  pooled: Omit<StaffingGroup, 'group'>;
  /** Σ groups − pooled, Erlang A (≥ 0 up to rounding: separate queues each need their own spare agents). */
  excess_agent_hours_erlang_a: number;
  note: string;
}

export interface StaffingReport extends Omit<StaffingResult, 'assumptions' | 'pooled'> {
  period: string;
  from: string;
  to: string;
  standards: { file: string; sha256: string };
  currency: string | null;
  by: 'borough' | 'queue' | null;
  /** With `--by`; null otherwise. */
  total: StaffingTotal | null;
  /** The model's assumptions, each with its id and its sentence in the output's language. */
  assumptions: { id: StaffingAssumption; text: string }[];
}

/** The groups' sum beside the pooled queue, and the sentence saying why the sum is larger. */
export function totalOf(groups: StaffingGroup[], pooled: StaffingGroup, by: 'borough' | 'queue', lang: Lang): StaffingTotal {
  const sum = (k: 'agent_hours_per_week_erlang_c' | 'agent_hours_per_week_erlang_a') => groups.reduce((a, g) => a + g[k], 0);
  const cost = groups.every((g) => g.cost_per_week !== null) ? groups.reduce((a, g) => a + g.cost_per_week!, 0) : null;
  const { group, ...p } = pooled;
  const hoursA = sum('agent_hours_per_week_erlang_a');
  const excess = hoursA - p.agent_hours_per_week_erlang_a;
  return { groups: groups.length, agent_hours_per_week_erlang_c: sum('agent_hours_per_week_erlang_c'), agent_hours_per_week_erlang_a: hoursA,
    cost_per_week: cost, pooled: p, excess_agent_hours_erlang_a: excess,
    note: msg(lang).staffingPoolNote(by, groups.length, int(Math.round(excess), lang)) };
}

/** The local month (in `zone`) of the latest call of `source` (any source when undefined): staffing's default period. */
export async function latestCallMonth(conn: DuckDBConnection, zone: string, source: string | undefined): Promise<string | null> {
  const q = (await rows(conn, `SELECT max(queued_at) AS q FROM calls ${source ? `WHERE source = ${lit(source)}` : ''}`))[0]!.q as Date | null;
  return q ? toLocalIso(zone, q.getTime()).slice(0, 7) : null;
}
