/**
 * Synthetic Montréal 311 phone calls for the demo, written as a `vigie-calls` CSV (README.md, Formats) so that they go
 * through the real import path: one row per call that reached the 311 line from 2014-01-01 to 2019-06-30, naive
 * Montréal local times (`YYYY-MM-DDTHH:MM:SS`). Same seed and scale, same records and same bytes.
 *
 * The model (all figures from docs/methods.md §8 unless said otherwise):
 * - **Arrivals** per half-hour: about 1,000,000 calls at scale 1, 87 % on weekdays 8:00–17:30, 7 % on weekday evenings,
 *   5 % at weekends; Mondays busiest; spring and summer higher; volume growing every year and +11.6 % in the first half
 *   of 2019 over 2018; the dangerous-dog by-law spike of July–September 2016 (animal calls 30 % of the quarter).
 *   Live agents answer 8:30–20:30 on weekdays and 9:00–17:00 at weekends and on city holidays; a call outside those hours
 *   hears the closed message (`blocked`). Nothing is generated between 00:00 and 06:00, so no local time falls in the
 *   spring-forward gap.
 * - **Routing**: each call is for a borough (weighted by 2016 population) and a theme (data/themes.csv ids, with
 *   seasons: snow in winter, collections and animals in summer, taxes at the February and June instalments); the IVR
 *   option gives the queue (`general`, `permits-animals`, `taxes`). All calls share one city-wide pool of agents (the
 *   boroughs answer each other's calls).
 * - **Queue**: every open half-hour is an Erlang-A queue (M/M/c+M: Poisson arrivals, exponential handling times,
 *   exponential patience) in its stationary regime. A caller finding k callers ahead reaches an agent after
 *   V = Σ_{j=0..k} Exp(cμ + jθ), and e^{−θV} ~ Beta(cμ/θ, k+1); the caller hangs up at their patience τ ~ Exp(θ) if that
 *   comes first, and is diverted by rule to voicemail (`timeout`) after 20 minutes. The F3 service level, abandonment
 *   and time-outs of a half-hour therefore have closed forms (incomplete beta functions, by recurrence over k), which is
 *   what makes the calibration below exact in expectation: the seed only decides which calls are drawn (sampling noise
 *   of about 0.4 point on a month at scale 1), and the scale only decides how many (the queue is always the scale-1
 *   queue, so service levels do not depend on the scale). Waits are drawn per call from that distribution, not by
 *   replaying the queue: fast and exact in distribution, but two callers of the same half-hour wait independently.
 * - **Staffing**: agents per half-hour = the month's staffing ratio × (the half-hour's average load in Erlangs)^0.85
 *   (shifts are flatter than demand: peaks and Mondays suffer), at least one agent, a fractional agent meaning part of the
 *   half-hour. The city says it cannot state how many employees staff 311, so the monthly ratio is inferred: it is
 *   solved (bisection) so that each month's expected F3 meets the trajectory below. It falls behind demand from 2017 and
 *   collapses after the 2018 centralisation.
 * - **Patience** lengthens as waits become the norm: 5 minutes in 2014, 9 at the start of 2018, then toward the value
 *   (about 12 minutes) solved so that spring-2019 abandonment meets its target. Handling times grow a little after the
 *   centralisation (answerers far from the boroughs).
 * - **Answered calls** get a log-normal talk time (median 3.5 min in 2014, 4.2 min in 2019) and an agent site: before
 *   2018 mostly the call's own borough (in 2013 Rosemont answered 56,318 of its 72,156 calls locally), another borough
 *   otherwise, the central `Centre de services 311` in the evening and at weekends; through 2018 the centre and other
 *   boroughs take over. A few per cent are transferred, more after the centralisation; a few callers take a call-back.
 *
 * Calibration targets (city-wide, service level variant F3 = answered with wait < 100 s / (answered + abandoned), calls
 * bucketed by the local month they were queued in; docs/methods.md §8.2):
 * - {@link TARGET_F3_2014}: 80 % in 2014 (Journal Métro; A. Dufort before the Commission, TVA Nouvelles 2018-11-13);
 * - {@link TARGET_F3_2017}: about 65 % in 2017 (TVA Nouvelles 2018-11-13);
 * - {@link TARGET_F3_SEPT_2018}: 43 % in September 2018 (TVA Nouvelles 2018-11-13), to ± 2 points for any seed;
 * - {@link TARGET_F3_SPRING_2019} and {@link TARGET_ABANDONMENT_SPRING_2019}: 16 % within the standard and 36 % of
 *   callers abandoning in spring (March–May) 2019 (Journal de Montréal 2019-08-19); abandonment = abandoned /
 *   (answered + abandoned + timeout);
 * - between the anchors (shape, not calibrated): Q3 2016 at 50 % (La Presse+: no borough met the standard, about one
 *   caller in five hung up: the model gives about 23 %), a slow decline through 2017, then down to September 2018 and
 *   on to the spring-2019 floor. The press's average waits (over 3 minutes in Q3 2016, over 7 minutes in 2019) are not
 *   matched: with exponential patience the model's are about half as long (1.5 and 4.5 minutes).
 * Figures are plausible, not Montréal's: the demo exists to exercise vigie, and says so.
 */
import { open } from 'node:fs/promises';
import type { CallOutcome as MetricsOutcome } from '../metrics/call-counts.ts';
import { loadBoroughs } from '../standards/boroughs.ts';
import { Rng, Weighted } from './random.ts';

/** 80 % of calls answered in under 100 s in 2014 (docs/methods.md §8.2: Journal Métro; TVA Nouvelles 2018-11-13). */
export const TARGET_F3_2014 = 0.8;
/** About 65 % in 2017 (docs/methods.md §8.2: TVA Nouvelles 2018-11-13, « si ma mémoire est bonne »). */
export const TARGET_F3_2017 = 0.65;
/** 43 % in September 2018 (docs/methods.md §8.2: TVA Nouvelles 2018-11-13, « particulièrement préoccupant »). */
export const TARGET_F3_SEPT_2018 = 0.43;
/** 16 % in spring (March–May) 2019 (docs/methods.md §8.2: Journal de Montréal 2019-08-19). */
export const TARGET_F3_SPRING_2019 = 0.16;
/** 36 % of callers abandoning in spring 2019 (docs/methods.md §8.2: Journal de Montréal 2019-08-19). */
export const TARGET_ABANDONMENT_SPRING_2019 = 0.36;
/** The standard's threshold: « en moins de 100 secondes » (docs/methods.md §8.1), boundary `<`. */
export const SERVICE_THRESHOLD_SECONDS = 100;

export const CALL_HEADER = ['id', 'queued_at', 'outcome', 'wait_seconds', 'talk_seconds', 'queue', 'theme', 'borough', 'agent_site', 'transferred'];

/** The outcomes the simulation produces: every call outcome but `other`. */
export type CallOutcome = Exclude<MetricsOutcome, 'other'>;

/** One call as the `vigie-calls` CSV carries it (null = empty field). */
export interface CallRecord {
  id: string;
  /** Naive Montréal local time, `YYYY-MM-DDTHH:MM:SS`. */
  queued_at: string;
  outcome: CallOutcome;
  wait_seconds: number;
  talk_seconds: number | null;
  queue: string | null;
  theme: string | null;
  borough: string | null;
  agent_site: string | null;
  transferred: boolean | null;
}

/** The agent site of the centralised service (docs/methods.md §8.3: « le centre de services 311 »). */
export const CENTRAL_SITE = 'Centre de services 311';

export const CALLS_FROM = Date.UTC(2014, 0, 1);
export const CALLS_TO = Date.UTC(2019, 6, 1); // exclusive: the last month is 2019-06

const DAY = 86_400_000;
const MONTHS = 66;
const CALLS_AT_SCALE_1 = 1_000_000;
/** Half-hour slots from 06:00 to 24:00. */
const SLOT_SECONDS = 1800;
const FIRST_HOUR = 6;
const SLOTS = 36;
/** Open slots (live agents): weekdays 8:30–20:30, weekends and holidays 9:00–17:00. */
const OPEN_WEEKDAY: [number, number] = [5, 29];
const OPEN_WEEKEND: [number, number] = [6, 22];
/** Diversion by rule (to voicemail) after 20 minutes in the queue. */
const TIMEOUT_SECONDS = 1200;
const WRAP_UP_SECONDS = 30;
const TALK_SIGMA = 0.6;
/** Exponent of the staffing rule: agents ∝ load^0.85. */
const STAFFING_EXPONENT = 0.85;

// ---------------------------------------------------------------------------------------------------------------
// Arrivals

/** Weekday half-hours from 06:00 (8:00–17:30 ≈ 91.5 %, 17:30–20:30 ≈ 7.5 % of a weekday's calls). */
const WEEKDAY_SLOTS = [
  0.05, 0.08, 0.15, 0.25, 1.0, 4.5, 6.0, 6.5, 6.5, 6.3, 6.0, 5.6, 5.0, 5.0, 5.6, 6.0, 5.9, 5.6, 5.3, 5.0, 4.6, 4.0, 3.0,
  2.0, 1.6, 1.4, 1.2, 1.0, 0.8, 0.2, 0.15, 0.12, 0.1, 0.08, 0.05, 0.03,
];
const WEEKEND_SLOTS = [
  0.05, 0.05, 0.1, 0.2, 0.4, 0.8, 3.0, 4.5, 5.0, 5.5, 5.5, 5.3, 5.0, 4.8, 4.8, 4.8, 4.6, 4.3, 4.0, 3.6, 3.2, 2.6, 1.0,
  0.6, 0.5, 0.4, 0.3, 0.3, 0.25, 0.2, 0.15, 0.1, 0.1, 0.05, 0.05, 0.05,
];
/** A day's volume relative to an average weekday, Sun…Sat (5 % of calls at weekends). */
const DAY_VOLUME = [0.11, 1.15, 1.05, 1.0, 0.95, 0.85, 0.15];
/** Month-of-year volume (spring and summer higher). */
const MONTH_VOLUME = [0.92, 0.9, 0.97, 1.06, 1.13, 1.12, 1.07, 1.05, 1.0, 0.97, 0.93, 0.85];
/** Year-on-year volume, 2014…2018; 2019 is set so that January–June 2019 is +11.6 % over January–June 2018. */
const YEAR_VOLUME = [1.0, 1.03, 1.055, 1.08, 1.12];
/** 665,000 calls from 1 January to late July 2019, +11.6 % over the same dates in 2018 (La Presse 2019-07-28). */
const GROWTH_2019 = 1.116;
/** July–September 2016: the dangerous-dog by-law adds calls about animals. */
const DOG_BYLAW_EXTRA = 0.25;

function isDogBylaw(mi: number): boolean {
  return mi >= 30 && mi <= 32; // 2016-07 … 2016-09
}

/** City days off treated as Sundays (the fixed-date ones). */
function isHoliday(t: number): boolean {
  const d = new Date(t);
  const md = d.getUTCMonth() * 100 + d.getUTCDate();
  return md === 1 || md === 2 || md === 524 || md === 601 || md === 1125 || md === 1126;
}

function dayType(t: number): number {
  return isHoliday(t) ? 0 : new Date(t).getUTCDay();
}

function monthIndex(t: number): number {
  const d = new Date(t);
  return (d.getUTCFullYear() - 2014) * 12 + d.getUTCMonth();
}

function monthStart(mi: number): number {
  return Date.UTC(2014, mi, 1);
}

const isWeekend = (dt: number) => dt === 0 || dt === 6;
const slotWeights = (dt: number) => (isWeekend(dt) ? WEEKEND_SLOTS : WEEKDAY_SLOTS);
const openRange = (dt: number) => (isWeekend(dt) ? OPEN_WEEKEND : OPEN_WEEKDAY);

let volume2019: number | undefined;

/** 2019's year factor: the first halves of 2018 and 2019 differ in weekdays and holidays, so it is solved. */
function yearVolume(y: number): number {
  if (y < 5) return YEAR_VOLUME[y]!;
  if (volume2019 === undefined) {
    const half = (year: number) => {
      let s = 0;
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year, 6, 1); t += DAY) s += MONTH_VOLUME[new Date(t).getUTCMonth()]! * DAY_VOLUME[dayType(t)]!;
      return s;
    };
    volume2019 = (YEAR_VOLUME[4]! * GROWTH_2019 * half(2018)) / half(2019);
  }
  return volume2019;
}

function monthVolume(mi: number): number {
  return yearVolume(Math.floor(mi / 12)) * MONTH_VOLUME[mi % 12]! * (isDogBylaw(mi) ? 1 + DOG_BYLAW_EXTRA : 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Service trajectory, patience, handling

/** Monthly F3 trajectory before the period corrections (index 0 = 2014-01). */
function baseTarget(mi: number): number {
  const y = Math.floor(mi / 12);
  const m = mi % 12;
  const season = [0.02, 0.02, 0.01, 0, -0.01, -0.02, -0.02, -0.01, 0, 0.01, 0.01, 0.01][m]!;
  switch (y) {
    case 0: return TARGET_F3_2014 + season;
    case 1: return 0.79 - 0.02 * (m / 11) + season;
    case 2: return isDogBylaw(mi) ? 0.5 : m < 6 ? 0.75 + season : 0.68 + season;
    case 3: return 0.68 - 0.06 * (m / 11) + season;
    case 4: return m < 8 ? 0.58 - (0.58 - TARGET_F3_SEPT_2018) * (m / 8) : m === 8 ? TARGET_F3_SEPT_2018 : [0.36, 0.3, 0.26][m - 9]!;
    default: return m >= 2 && m <= 4 ? TARGET_F3_SPRING_2019 : [0.22, 0.18, 0, 0, 0, 0.2][m]!;
  }
}

/**
 * Mean caller patience (s): callers wait longer once long waits are the norm: 5 minutes in 2014, 9 by 2018, then
 * toward `spring2019` (solved so that spring 2019 abandonment meets its target) reached in March 2019.
 */
function patienceSeconds(mi: number, spring2019: number): number {
  const t = mi / 12; // years since 2014-01
  if (t < 3) return 300 + 40 * t;
  if (t < 4) return 420 + 120 * (t - 3);
  return 540 + (spring2019 - 540) * Math.min(1, (mi - 48) / 14);
}

/** Median talk time (s): 3.5 min until 2017, 4.2 min by 2019 (answerers far from the boroughs). */
function talkMedian(mi: number): number {
  const t = mi / 12;
  return t < 4 ? 210 : 210 + 42 * Math.min(1, t - 4);
}

/** Progress of the centralisation, 0 until 2017 and 1 from December 2018 (moves answering away from the boroughs). */
function centralisation(mi: number): number {
  return mi < 48 ? 0 : Math.min(1, (mi - 47) / 12);
}

// ---------------------------------------------------------------------------------------------------------------
// Erlang-A

interface Stats {
  /** Per arrival: answered in under T, answered, abandoned, timed out. */
  within: number;
  answered: number;
  abandoned: number;
  timeout: number;
}

/** Stationary distribution of the number in system of an M/M/c+M queue, as a cumulative table. */
function stationary(lambda: number, c: number, mu: number, theta: number): Float64Array {
  const p: number[] = [1];
  let total = 1;
  let max = 1;
  let x = 1;
  for (let n = 1; n < c + 5000; n++) {
    x *= lambda / (Math.min(n, c) * mu + Math.max(0, n - c) * theta);
    p.push(x);
    total += x;
    if (x > max) max = x;
    if (n > c && x < max * 1e-12) break;
  }
  const cum = new Float64Array(p.length);
  let s = 0;
  for (let n = 0; n < p.length; n++) {
    s += p[n]! / total;
    cum[n] = s;
  }
  cum[p.length - 1] = 1;
  return cum;
}

/** Expected outcome shares of an arrival, from the cumulative stationary table. */
function expectation(cum: Float64Array, c: number, mu: number, theta: number): Stats {
  const m = (c * mu) / theta;
  const x0 = Math.exp(-theta * SERVICE_THRESHOLD_SECONDS);
  const x1 = Math.exp(-theta * TIMEOUT_SECONDS);
  const immediate = c > 0 ? cum[Math.min(c, cum.length) - 1]! : 0;
  let within = immediate;
  let answered = immediate;
  let timeout = 0;
  // Regularised incomplete beta functions over b = k + 1 = 1, 2, …: I_x(a, 1) = x^a, I_x(a, b + 1) = I_x(a, b) + t_b,
  // t_1 = a x^a (1 − x), t_{b+1} = t_b (1 − x)(a + b)/(b + 1); terms kept as logarithms (x^a underflows for large a).
  const l0 = Math.log1p(-x0);
  const l1 = Math.log1p(-x1);
  let i0 = Math.exp((m + 1) * Math.log(x0)); // I_{x0}(m + 1, b): P(V > T) among the served
  let lt0 = Math.log(m + 1) + (m + 1) * Math.log(x0) + l0;
  let i1 = Math.exp((m + 1) * Math.log(x1)); // I_{x1}(m + 1, b)
  let lt1 = Math.log(m + 1) + (m + 1) * Math.log(x1) + l1;
  let j1 = Math.exp(m * Math.log(x1)); // I_{x1}(m, b): P(V > Tmax)
  let lu1 = Math.log(m) + m * Math.log(x1) + l1;
  for (let n = c; n < cum.length; n++) {
    const b = n - c + 1;
    const pn = cum[n]! - (n > 0 ? cum[n - 1]! : 0);
    const served = m / (m + b); // P(reached before hanging up) = E[e^{−θV}]
    within += pn * served * (1 - Math.min(1, i0));
    answered += pn * served * (1 - Math.min(1, i1));
    timeout += pn * x1 * Math.min(1, j1);
    i0 += Math.exp(lt0);
    lt0 += l0 + Math.log((m + 1 + b) / (b + 1));
    i1 += Math.exp(lt1);
    lt1 += l1 + Math.log((m + 1 + b) / (b + 1));
    j1 += Math.exp(lu1);
    lu1 += l1 + Math.log((m + b) / (b + 1));
  }
  return { within, answered, abandoned: Math.max(0, 1 - answered - timeout), timeout };
}

/** One open half-hour type (a month, a day type, a slot): arrival rate and staffing. */
interface Interval {
  /** Expected arrivals per second at scale 1. */
  lambda: number;
  /** Expected arrivals in the month at scale 1 (over all days of this type). */
  monthly: number;
  /** Staffing rule base: load^0.85. */
  base: number;
  agents: number;
  lo: number;
  frac: number;
  cumLo: Float64Array;
  cumHi: Float64Array;
}

interface MonthPlan {
  mu: number;
  theta: number;
  talkMedian: number;
  target: number;
  /** Staffing ratio solved for the target. */
  ratio: number;
  /** intervals[dayType * SLOTS + slot], undefined when closed. */
  intervals: (Interval | undefined)[];
  /** Expected calls of the month's open half-hours, by outcome (scale 1, before call-backs). */
  expected: Stats;
  memo: Map<number, Stats>[];
}

/** Expected calls per half-hour at scale 1 (before the month's day counts): the normalising constant. */
let volumeUnit: number | undefined;

function computeVolumeUnit(): number {
  let raw = 0;
  for (let t = CALLS_FROM; t < CALLS_TO; t += DAY) {
    const dt = dayType(t);
    raw += monthVolume(monthIndex(t)) * DAY_VOLUME[dt]!;
  }
  return CALLS_AT_SCALE_1 / raw;
}

function slotShare(dt: number, slot: number): number {
  const w = slotWeights(dt);
  let s = 0;
  for (const x of w) s += x;
  return w[slot]! / s;
}

/** Expected calls in one half-hour of a day of type `dt` in month `mi`, at scale 1. */
function expectedCalls(mi: number, dt: number, slot: number): number {
  volumeUnit ??= computeVolumeUnit();
  return volumeUnit * monthVolume(mi) * DAY_VOLUME[dt]! * slotShare(dt, slot);
}

function dayCounts(mi: number): number[] {
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (let t = monthStart(mi); t < monthStart(mi + 1); t += DAY) counts[dayType(t)]!++;
  return counts;
}

function statsAt(plan: MonthPlan, k: number, c: number): Stats {
  const memo = plan.memo[k]!;
  let s = memo.get(c);
  if (!s) {
    const iv = plan.intervals[k]!;
    s = expectation(stationary(iv.lambda, c, plan.mu, plan.theta), c, plan.mu, plan.theta);
    memo.set(c, s);
  }
  return s;
}

function staff(iv: Interval, ratio: number): void {
  iv.agents = Math.max(1, ratio * iv.base);
  iv.lo = Math.floor(iv.agents);
  iv.frac = iv.agents - iv.lo;
}

/** Expected month totals (scale 1) at a staffing ratio. */
function monthExpectation(plan: MonthPlan, ratio: number): Stats {
  const e = { within: 0, answered: 0, abandoned: 0, timeout: 0 };
  plan.intervals.forEach((iv, k) => {
    if (!iv) return;
    staff(iv, ratio);
    const a = statsAt(plan, k, iv.lo);
    const b = statsAt(plan, k, iv.lo + 1);
    const f = iv.frac;
    e.within += iv.monthly * ((1 - f) * a.within + f * b.within);
    e.answered += iv.monthly * ((1 - f) * a.answered + f * b.answered);
    e.abandoned += iv.monthly * ((1 - f) * a.abandoned + f * b.abandoned);
    e.timeout += iv.monthly * ((1 - f) * a.timeout + f * b.timeout);
  });
  return e;
}

const f3 = (e: Stats) => e.within / (e.answered + e.abandoned);

/** Solves the month's staffing ratio so that its expected F3 equals `target` (log-bisection from a bracket around `guess`). */
function solveMonth(plan: MonthPlan, target: number, guess = plan.ratio): void {
  let lo = Math.log(guess) - 0.25;
  let hi = Math.log(guess) + 0.25;
  while (lo > -6 && f3(monthExpectation(plan, Math.exp(lo))) > target) lo -= 0.5;
  while (hi < 5 && f3(monthExpectation(plan, Math.exp(hi))) < target) hi += 0.5;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (f3(monthExpectation(plan, Math.exp(mid))) < target) lo = mid;
    else hi = mid;
  }
  plan.target = target;
  plan.ratio = Math.exp((lo + hi) / 2);
  plan.expected = monthExpectation(plan, plan.ratio);
}

function newMonthPlan(mi: number, spring2019Patience: number): MonthPlan {
  const median = talkMedian(mi);
  const mu = 1 / (median * Math.exp((TALK_SIGMA * TALK_SIGMA) / 2) + WRAP_UP_SECONDS);
  const theta = 1 / patienceSeconds(mi, spring2019Patience);
  const counts = dayCounts(mi);
  const intervals: (Interval | undefined)[] = new Array(7 * SLOTS).fill(undefined);
  for (let dt = 0; dt < 7; dt++) {
    if (!counts[dt]) continue;
    const [open, close] = openRange(dt);
    for (let slot = open; slot < close; slot++) {
      const calls = expectedCalls(mi, dt, slot);
      // Staffing follows the day class's average load (weekdays share one schedule), flattened.
      const classCalls = isWeekend(dt) ? calls : (calls / DAY_VOLUME[dt]!) * ((1.15 + 1.05 + 1 + 0.95 + 0.85) / 5);
      const load = (classCalls / SLOT_SECONDS) / mu;
      intervals[dt * SLOTS + slot] = {
        lambda: calls / SLOT_SECONDS, monthly: calls * counts[dt]!, base: Math.pow(load, STAFFING_EXPONENT),
        agents: 1, lo: 1, frac: 0, cumLo: new Float64Array(0), cumHi: new Float64Array(0),
      };
    }
  }
  return {
    mu, theta, talkMedian: median, target: 0, ratio: 1, intervals,
    expected: { within: 0, answered: 0, abandoned: 0, timeout: 0 },
    memo: intervals.map(() => new Map<number, Stats>()),
  };
}

let plans: MonthPlan[] | undefined;

const SPRING_2019 = [62, 63, 64]; // 2019-03 … 2019-05

/** Expected spring-2019 abandonment when patience is `patience` then and staffing meets the F3 target. */
function springAbandonment(patience: number): number {
  let ab = 0;
  let offered = 0;
  for (const mi of SPRING_2019) {
    const p = newMonthPlan(mi, patience);
    solveMonth(p, TARGET_F3_SPRING_2019, 1);
    ab += p.expected.abandoned;
    offered += p.expected.answered + p.expected.abandoned + p.expected.timeout;
  }
  return ab / offered;
}

/** The seed-independent queue plan: per month, the staffing solved for the target trajectory. */
function buildPlans(): MonthPlan[] {
  // Shorter patience, more abandonment at the same service level: bisection on log patience.
  let lo = Math.log(120);
  let hi = Math.log(3600);
  for (let i = 0; i < 14; i++) {
    const mid = (lo + hi) / 2;
    if (springAbandonment(Math.exp(mid)) > TARGET_ABANDONMENT_SPRING_2019) lo = mid;
    else hi = mid;
  }
  const patience = Math.exp((lo + hi) / 2);
  const ps = Array.from({ length: MONTHS }, (_, mi) => newMonthPlan(mi, patience));
  const targets = ps.map((_, mi) => baseTarget(mi));
  ps.forEach((p, mi) => solveMonth(p, targets[mi]!, mi > 0 ? ps[mi - 1]!.ratio : 1.5));
  // Shift whole calibration years so that their aggregate (weighted by answered + abandoned) meets the anchor.
  for (const [year, anchor] of [[0, TARGET_F3_2014], [3, TARGET_F3_2017]] as const) {
    const months = ps.slice(year * 12, year * 12 + 12);
    let shift = 0;
    for (let pass = 0; pass < 3; pass++) {
      const agg = months.reduce((s, p) => s + p.expected.within, 0) /
        months.reduce((s, p) => s + p.expected.answered + p.expected.abandoned, 0);
      shift += anchor - agg;
      months.forEach((p, i) => solveMonth(p, targets[year * 12 + i]! + shift));
    }
  }
  for (const p of ps) {
    p.intervals.forEach((iv) => {
      if (!iv) return;
      staff(iv, p.ratio);
      iv.cumLo = stationary(iv.lambda, iv.lo, p.mu, p.theta);
      iv.cumHi = stationary(iv.lambda, iv.lo + 1, p.mu, p.theta);
    });
    p.memo = [];
  }
  return ps;
}

function getPlans(): MonthPlan[] {
  plans ??= buildPlans();
  return plans;
}

/** The queue plan per month, for checks and reports: expected shares at scale 1 and the solved staffing. */
export interface CallMonthPlan {
  month: string;
  targetF3: number;
  expectedF3: number;
  expectedAbandonment: number;
  staffingRatio: number;
  /** Agents staffed at 10:00 on a Wednesday (fractional: part of the half-hour at ⌊a⌋, part at ⌈a⌉). */
  agentsWednesday10h: number;
  patienceSeconds: number;
}

export function callPlan(): CallMonthPlan[] {
  return getPlans().map((p, mi) => ({
    month: new Date(monthStart(mi)).toISOString().slice(0, 7),
    targetF3: p.target,
    expectedF3: f3(p.expected),
    expectedAbandonment: p.expected.abandoned / (p.expected.answered + p.expected.abandoned + p.expected.timeout),
    staffingRatio: p.ratio,
    agentsWednesday10h: p.intervals[3 * SLOTS + 8]?.agents ?? 0,
    patienceSeconds: 1 / p.theta,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Sampling

/** Gamma(shape) variate (Marsaglia–Tsang; boosted below 1). */
function gamma(rng: Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function pickCum(cum: Float64Array, u: number): number {
  let n = 0;
  while (n < cum.length - 1 && cum[n]! <= u) n++;
  return n;
}

interface ThemeDef {
  id: string;
  weight: number;
  season: number[];
  talk: number;
}

const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const WINTER = [3, 2.6, 1.8, 0.7, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.4, 2.6];
const SUMMER = [0.6, 0.6, 0.8, 1.1, 1.4, 1.5, 1.5, 1.4, 1.1, 0.9, 0.7, 0.6];
const GROWING = [0.6, 0.6, 0.8, 1.3, 1.6, 1.4, 1.2, 1.1, 1.0, 1.1, 0.9, 0.6];
const TAXES = [0.8, 2.6, 1.8, 0.8, 0.8, 2.2, 1.0, 0.6, 0.6, 0.6, 0.6, 0.6];

/** Themes (data/themes.csv ids) with illustrative weights, seasons and talk-time factors. */
const THEMES: ThemeDef[] = [
  { id: 'collections', weight: 16, season: GROWING, talk: 0.9 },
  { id: 'roads_snow', weight: 11, season: WINTER, talk: 0.9 },
  { id: 'animals', weight: 8, season: SUMMER, talk: 1.1 },
  { id: 'taxes_finance', weight: 8, season: TAXES, talk: 1.3 },
  { id: 'general_information', weight: 15, season: FLAT, talk: 0.8 },
  { id: 'mobility', weight: 7, season: WINTER.map((w) => 0.6 + w / 3), talk: 1 },
  { id: 'parks_trees', weight: 5, season: SUMMER, talk: 1 },
  { id: 'water', weight: 4, season: FLAT, talk: 1.1 },
  { id: 'permits', weight: 5, season: GROWING, talk: 1.3 },
  { id: 'public_safety', weight: 4, season: SUMMER, talk: 1.1 },
  { id: 'culture_leisure', weight: 4, season: FLAT, talk: 0.9 },
  { id: 'housing', weight: 3, season: FLAT, talk: 1.3 },
  { id: 'environment', weight: 2, season: GROWING, talk: 1 },
  { id: 'economic_development', weight: 1, season: FLAT, talk: 1.2 },
  { id: 'other', weight: 3, season: FLAT, talk: 1 },
];

function queueOf(theme: string): string {
  if (theme === 'taxes_finance') return 'taxes';
  if (theme === 'animals' || theme === 'permits') return 'permits-animals';
  return 'general';
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let clock: string[] | undefined;

/** `HH:MM:SS` for every second from 06:00 (one shared string each). */
function clockStrings(): string[] {
  clock ??= Array.from({ length: SLOTS * SLOT_SECONDS }, (_, i) => {
    const s = FIRST_HOUR * 3600 + i;
    return `${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}`;
  });
  return clock;
}

/**
 * Generates the demo's calls, in queued order, ids numbered per year (`C-2018-000123`). About 1,000,000 calls at
 * scale 1; the scale only changes how many calls are drawn from the same (scale-1) queue.
 */
export function* iterateCalls(seed: number, scale = 1): Generator<CallRecord> {
  const rng = new Rng(seed);
  const ps = getPlans();
  const boroughs = loadBoroughs().filter((b) => b.type === 'borough');
  const boroughPick = new Weighted(boroughs.map((b) => b.population));
  const names = boroughs.map((b) => b.name);
  const themePicks = Array.from({ length: 12 }, (_, m) => new Weighted(THEMES.map((th) => th.weight * th.season[m]!)));
  const animals = THEMES.findIndex((th) => th.id === 'animals');
  const queues = THEMES.map((th) => queueOf(th.id));
  let year = 0;
  let seq = 0;
  const offsets: number[] = [];
  const hms = clockStrings();
  let idPrefix = '';
  for (let day = CALLS_FROM; day < CALLS_TO; day += DAY) {
    const mi = monthIndex(day);
    const plan = ps[mi]!;
    const dt = dayType(day);
    const y = 2014 + Math.floor(mi / 12);
    if (y !== year) {
      year = y;
      seq = 0;
      idPrefix = `C-${y}-`;
    }
    const prefix = new Date(day).toISOString().slice(0, 11);
    const weekend = isWeekend(dt);
    const central = centralisation(mi);
    const pCentral = 0.05 + 0.45 * central;
    const pLocal = 0.8 - 0.4 * central;
    const pTransfer = 0.04 + 0.03 * central;
    const pCallback = 0.005 + 0.015 * central;
    const themePick = themePicks[mi % 12]!;
    for (let slot = 0; slot < SLOTS; slot++) {
      const n = rng.poisson(expectedCalls(mi, dt, slot) * scale);
      if (n === 0) continue;
      offsets.length = 0;
      for (let i = 0; i < n; i++) offsets.push(rng.int(SLOT_SECONDS));
      offsets.sort((a, b) => a - b);
      const iv = plan.intervals[dt * SLOTS + slot];
      const slotStart = slot * SLOT_SECONDS;
      const evening = weekend || slot >= 23; // after 17:30 and at weekends the central unit answers
      for (const off of offsets) {
        const queuedAt = prefix + hms[slotStart + off]!;
        const b = boroughPick.pick(rng);
        const borough = names[b]!;
        seq++;
        const id = idPrefix + String(seq).padStart(6, '0');
        if (!iv) {
          yield {
            id, queued_at: queuedAt, outcome: 'blocked', wait_seconds: 0, talk_seconds: null, queue: null, theme: null,
            borough, agent_site: null, transferred: null,
          };
          continue;
        }
        const th = isDogBylaw(mi) && rng.next() < DOG_BYLAW_EXTRA / (1 + DOG_BYLAW_EXTRA) ? animals : themePick.pick(rng);
        const theme = THEMES[th]!;
        if (rng.next() < pCallback) {
          yield {
            id, queued_at: queuedAt, outcome: 'callback', wait_seconds: 20 + rng.int(100), talk_seconds: null,
            queue: queues[th]!, theme: theme.id, borough, agent_site: null, transferred: null,
          };
          continue;
        }
        // The caller's fate in the half-hour's Erlang-A queue.
        const hi = rng.next() < iv.frac;
        const c = hi ? iv.lo + 1 : iv.lo;
        const cum = hi ? iv.cumHi : iv.cumLo;
        const inSystem = pickCum(cum, rng.next());
        let outcome: CallOutcome;
        let wait: number;
        if (inSystem < c) {
          outcome = 'answered';
          wait = rng.int(6);
        } else {
          const shape = (c * plan.mu) / plan.theta;
          const g1 = gamma(rng, shape);
          const g2 = gamma(rng, inSystem - c + 1);
          const v = (Math.log(g1 + g2) - Math.log(g1)) / plan.theta;
          const patience = -Math.log(1 - rng.next()) / plan.theta;
          if (v <= TIMEOUT_SECONDS && patience > v) {
            outcome = 'answered';
            wait = Math.floor(v);
          } else if (patience < Math.min(v, TIMEOUT_SECONDS)) {
            outcome = 'abandoned';
            wait = Math.floor(patience);
          } else {
            outcome = 'timeout';
            wait = TIMEOUT_SECONDS;
          }
        }
        if (outcome !== 'answered') {
          yield {
            id, queued_at: queuedAt, outcome, wait_seconds: wait, talk_seconds: null, queue: queues[th]!, theme: theme.id,
            borough, agent_site: null, transferred: null,
          };
          continue;
        }
        const talk = Math.min(3600, Math.max(10, Math.round(rng.logNormal(plan.talkMedian * theme.talk, TALK_SIGMA))));
        let site: string;
        const r = rng.next();
        if (r < (evening ? Math.max(0.7, pCentral) : pCentral)) site = CENTRAL_SITE;
        else if (rng.next() < pLocal) site = borough;
        else {
          let o = boroughPick.pick(rng);
          if (o === b) o = (o + 1 + rng.int(names.length - 1)) % names.length;
          site = names[o]!;
        }
        yield {
          id, queued_at: queuedAt, outcome, wait_seconds: wait, talk_seconds: talk, queue: queues[th]!, theme: theme.id,
          borough, agent_site: site, transferred: rng.next() < pTransfer,
        };
      }
    }
  }
}

/** All the demo's calls (see {@link iterateCalls}). */
export function generateCalls(seed: number, scale = 1): CallRecord[] {
  return Array.from(iterateCalls(seed, scale));
}

const SPECIAL = /[",\r\n]/;

function escaped(v: string): string {
  return SPECIAL.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** One `vigie-calls` CSV line (no newline). */
export function callRow(c: CallRecord): string {
  const cell = (v: string | null) => (v === null ? '' : escaped(v));
  return [
    escaped(c.id), escaped(c.queued_at), c.outcome, String(c.wait_seconds), c.talk_seconds === null ? '' : String(c.talk_seconds),
    cell(c.queue), cell(c.theme), cell(c.borough), cell(c.agent_site), c.transferred === null ? '' : String(c.transferred),
  ].join(',');
}

const CHUNK = 1 << 20;

/** Appends CSV bytes to 1 MB chunks (repeated values encoded once), handing full chunks to `flush`. */
class CsvBytes {
  private buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly flush: (chunk: Buffer) => Promise<void>) {}

  /** Room for a line of at least `n` bytes; flushes first when the chunk is nearly full. */
  async reserve(n: number): Promise<void> {
    if (this.pos + n <= this.buf.length) return;
    await this.end();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  async end(): Promise<void> {
    if (this.pos) await this.flush(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, this.buf.length));
    this.pos = 0;
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  /** A value from a small set (outcome, queue, theme, borough, site): encoded once. */
  word(v: string): void {
    let bytes = this.cache.get(v);
    if (!bytes) {
      bytes = Buffer.from(escaped(v));
      if (this.cache.size < 10_000) this.cache.set(v, bytes);
    }
    bytes.copy(this.buf, this.pos);
    this.pos += bytes.length;
  }

  text(v: string): void {
    this.raw(escaped(v));
  }

  raw(v: string): void {
    this.pos += this.buf.write(v, this.pos, 'utf8');
  }

  int(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      this.text(String(n));
      return;
    }
    if (n >= 10) this.int(Math.floor(n / 10));
    this.buf[this.pos++] = 48 + (n % 10);
  }
}

const COMMA = 44;
const NEWLINE = 10;

/**
 * Writes the calls as a `vigie-calls` CSV (header, then one line per call, `\n` line ends, fields quoted only when
 * they hold a comma, a quote or a line break); returns the row count. Takes an array or {@link iterateCalls}'s
 * generator (which writes 1,000,000 calls without holding them in memory).
 */
export async function writeCallsCsv(path: string, calls: Iterable<CallRecord>): Promise<number> {
  const file = await open(path, 'w');
  try {
    const out = new CsvBytes(async (chunk) => {
      await file.write(chunk);
    });
    await out.reserve(256);
    out.raw(CALL_HEADER.join(','));
    out.byte(NEWLINE);
    let n = 0;
    for (const c of calls) {
      await out.reserve(3 * (c.id.length + c.queued_at.length + (c.queue?.length ?? 0) + (c.theme?.length ?? 0) +
        (c.borough?.length ?? 0) + (c.agent_site?.length ?? 0)) + 128);
      out.text(c.id);
      out.byte(COMMA);
      out.text(c.queued_at);
      out.byte(COMMA);
      out.word(c.outcome);
      out.byte(COMMA);
      out.int(c.wait_seconds);
      out.byte(COMMA);
      if (c.talk_seconds !== null) out.int(c.talk_seconds);
      out.byte(COMMA);
      if (c.queue !== null) out.word(c.queue);
      out.byte(COMMA);
      if (c.theme !== null) out.word(c.theme);
      out.byte(COMMA);
      if (c.borough !== null) out.word(c.borough);
      out.byte(COMMA);
      if (c.agent_site !== null) out.word(c.agent_site);
      out.byte(COMMA);
      if (c.transferred !== null) out.word(c.transferred ? 'true' : 'false');
      out.byte(NEWLINE);
      n++;
    }
    await out.end();
    return n;
  } finally {
    await file.close();
  }
}
