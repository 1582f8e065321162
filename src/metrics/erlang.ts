/**
 * Modelled staffing (docs/methods.md §5): Erlang B, Erlang C (M/M/N) and Erlang A (Palm's M/M/N+M, with
 * exponential patience), and the agents needed to meet a service-level target. These are models, not measurements:
 * outputs that use them must say so ("agents needed per half-hour to meet 80/100 s at the observed λ and AHT").
 *
 * Units throughout: times in seconds, traffic in Erlangs (A = λ · AHT), probabilities and service levels as
 * fractions 0–1. Every model here has Poisson arrivals, exponential handle times, first come first served and an
 * unlimited queue (no caller is blocked), so each arrival is either answered or abandons, and a service level
 * "answered within T / (answered + abandoned)" (variant F3 of docs/methods.md §1.2, vigie's default) is simply
 * P(answered within T) per arrival. Waits are continuous, so `<` and `≤` T give the same value for T > 0; at T = 0
 * the "within" calls are those answered at once (wait 0 ≤ 0).
 */

/** The load of one interval and the agents on the phones in it. */
export interface QueueInput {
  /** Calls arriving in the interval (a mean; need not be an integer), ≥ 0. */
  arrivalsPerInterval: number;
  /** Length of the interval, seconds (1800 for a half-hour), > 0. */
  intervalSeconds: number;
  /** Average handle time (talk + hold + after-call work, docs/methods.md §5.1), seconds, > 0. */
  ahtSeconds: number;
  /** Productive agents N on the phones (after shrinkage), an integer ≥ 0. */
  agents: number;
}

/** The load of one interval without the agents: the input of {@link agentsNeeded}. */
export type QueueLoad = Omit<QueueInput, 'agents'>;

/**
 * Erlang B, the blocking probability of an M/M/N/N loss system, by the stable recursion (docs/methods.md §5.2; pyworkforce
 * uses the equivalent inverse form):
 *
 *     B(0, A) = 1;   B(n, A) = A · B(n − 1, A) / (n + A · B(n − 1, A))
 *
 * No factorials or powers, so no overflow for large N or A. B(10, 5) = 0.018385.
 *
 * @param agents N, an integer ≥ 0
 * @param trafficErlangs A = λ · AHT, Erlangs, ≥ 0 (A = 0 gives 0 for N ≥ 1)
 * @returns a probability 0–1
 * @throws on a negative or non-integer N, or a negative or non-finite A
 */
export function erlangB(agents: number, trafficErlangs: number): number {
  checkAgents(agents);
  checkTraffic(trafficErlangs);
  let b = 1;
  for (let n = 1; n <= agents; n++) b = nextErlangB(b, n, trafficErlangs);
  return b;
}

/**
 * Erlang C, the probability that an arrival waits (all N agents busy) in the M/M/N queue with infinite patience,
 * from Erlang B (docs/methods.md §5.2; pyworkforce `waiting_probability`):
 *
 *     C(N, A) = N · B(N, A) / (N − A · (1 − B(N, A)))        for N > A
 *
 * When N ≤ A the queue is unstable (it grows without bound) and every arrival eventually waits: returns 1.
 * M/M/1: C(1, A) = A.
 *
 * @param agents N, an integer ≥ 0
 * @param trafficErlangs A, Erlangs, ≥ 0
 * @returns a probability 0–1
 * @throws as {@link erlangB}
 */
export function erlangC(agents: number, trafficErlangs: number): number {
  const b = erlangB(agents, trafficErlangs);
  return erlangCFromB(agents, trafficErlangs, b);
}

/**
 * The offered traffic A = λ · AHT in Erlangs, with λ = arrivals / interval (calls per second): the mean number of
 * agents the calls would keep busy. 100 calls in 30 min at AHT 180 s → A = 10.
 *
 * @throws on an invalid load (negative arrivals, non-positive interval or AHT)
 */
export function trafficErlangs(q: QueueLoad): number {
  checkLoad(q);
  return (q.arrivalsPerInterval / q.intervalSeconds) * q.ahtSeconds;
}

/**
 * Erlang C service level: the share of calls answered within T (docs/methods.md §5.2; pyworkforce `service_level`):
 *
 *     SL(T) = 1 − C(N, A) · exp(−(N − A) · T / AHT)           for N > A
 *
 * Erlang C has no abandonment, so every call is answered and this is the service level of every variant of docs/methods.md §1.2
 * (F3 included). When N ≤ A the queue is unstable and the long-run service level is 0. With no arrivals (A = 0) and
 * N ≥ 1 it is 1. Check value (docs/methods.md §5.2): 100 calls / 30 min, AHT 180 s, N = 14, T = 20 s → 0.8884.
 *
 * @param thresholdSeconds T, seconds, finite ≥ 0
 * @returns a fraction 0–1
 * @throws on an invalid input or threshold
 */
export function erlangCServiceLevel(q: QueueInput, thresholdSeconds: number): number {
  checkThreshold(thresholdSeconds);
  const a = trafficErlangs(q);
  const c = erlangC(q.agents, a);
  if (q.agents <= a) return 0;
  return 1 - c * Math.exp((-(q.agents - a) * thresholdSeconds) / q.ahtSeconds);
}

/**
 * Erlang C average speed of answer, seconds: the mean queue wait over all calls (those answered at once count 0),
 * which is ASA since every call is answered (docs/methods.md §1.4, §5.2):
 *
 *     ASA = C(N, A) · AHT / (N − A)                            for N > A
 *
 * `Infinity` when N ≤ A (unstable). Check value: 100 calls / 30 min, AHT 180 s, N = 14 → 7.84 s.
 *
 * @throws on an invalid input
 */
export function erlangCAsa(q: QueueInput): number {
  const a = trafficErlangs(q);
  const c = erlangC(q.agents, a);
  if (q.agents <= a) return Infinity;
  return (c * q.ahtSeconds) / (q.agents - a);
}

/**
 * Modelled occupancy A / N (docs/methods.md §5.2), capped at 1 (when N ≤ A the
 * agents are busy all the time). 0 when A = 0 (also with N = 0). Check value: A = 10, N = 14 → 0.714.
 *
 * @throws on an invalid input
 */
export function occupancy(q: QueueInput): number {
  const a = trafficErlangs(q);
  checkAgents(q.agents);
  if (a === 0) return 0;
  return q.agents <= a ? 1 : a / q.agents;
}

/** What {@link erlangA} returns: per-arrival probabilities (fractions 0–1) and means (seconds). */
export interface ErlangAResult {
  /** P(an arrival finds all N agents busy), i.e. has to wait (PASTA). */
  pWait: number;
  /** P(the caller hangs up before being answered) = abandoned / (answered + abandoned). */
  pAbandon: number;
  /** P(the caller is answered) = 1 − `pAbandon`. */
  pAnswered: number;
  /**
   * Service level, F3 form: answered within T / (answered + abandoned), abandons all counted. No caller is blocked,
   * so the denominator is every arrival and this is P(answered with wait ≤ T).
   */
  serviceLevel: number;
  /** ASA: mean wait of answered calls, seconds (docs/methods.md §1.4); `null` when no call is answered (N = 0). */
  asa: number | null;
  /** Mean wait of all callers, answered and abandoned (a caller who hangs up waited until then), seconds. */
  meanWaitSeconds: number;
  /** Mean time to abandon (wait of abandoned callers), seconds; `null` when no caller abandons. */
  meanTimeToAbandonSeconds: number | null;
  /** Occupancy: carried load / N = A · `pAnswered` / N (0 when N = 0). */
  occupancy: number;
}

/** Probabilities below this, relative to the largest state, end the stationary distribution (its tail is smaller). */
const TAIL_EPSILON = 1e-16;
/** Most states the chain may need; beyond this the patience is too long for an overloaded queue to be computed. */
const MAX_STATES = 5_000_000;

/**
 * Erlang A: Palm's M/M/N+M queue (Poisson arrivals at λ, exponential service at μ = 1 / AHT, N agents, FCFS,
 * unlimited queue, each caller's patience exponential with mean θ, i.e. abandonment rate γ = 1 / θ), computed
 * exactly from its birth–death chain (Palm 1943; Garnett, Mandelbaum & Reiman 2002, "Designing a call center with
 * impatient customers"; pyworkforce `queuing/abandonment.py` implements the same model).
 *
 * **Stationary distribution.** With k callers in the system (in service or waiting), births at λ and deaths at
 * d(k) = min(k, N) · μ + max(k − N, 0) · γ, π(k) ∝ Π_{i=1..k} λ / d(i). d grows with k, so π is unimodal and, past
 * the mode, its tail after K is at most π(K) · r / (1 − r) with r = λ / d(K + 1); the chain is cut at the first K
 * where that bound is below 1e-16 of the largest π (computed in logarithms, so no overflow).
 *
 * **A caller arriving in state k** (PASTA: with probability π(k)). If k < N they are answered at once (wait 0).
 * Otherwise k − N callers are ahead, and the caller's *offered* wait V (the wait if they never hung up) is the time
 * for b = k − N + 1 advances: with i callers ahead the next advance comes at rate N·μ + i·γ (an agent frees up, or
 * one of the i ahead hangs up), so V = Σ_{i=0..b−1} Exp(N·μ + i·γ). Their own patience τ ~ Exp(γ) is independent of
 * V (callers behind never overtake), and they are answered iff τ > V, with wait min(V, τ). Write a = N·μ:
 * - P(answered | k) = E[e^{−γV}] = Π_{i=0..b−1} (a + iγ) / (a + (i + 1)γ) = a / (a + bγ) (the product telescopes);
 * - P(answered within T | k) = E[e^{−γV}; V ≤ T]. Tilting each stage by e^{−γ·x} turns Exp(a + iγ) into
 *   Exp(a + (i + 1)γ) times (a + iγ) / (a + (i + 1)γ), so this is a / (a + bγ) · P(V' ≤ T) with
 *   V' = Σ_{i=1..b} Exp(a + iγ). These rates are γ·(α + j), j = 0..b−1, α = a/γ + 1, so V' is the time for b of
 *   α + b − 1 independent Exp(γ) lifetimes to end, and P(V' > T) = P(at most b − 1 failures before the α-th success,
 *   success probability x = e^{−γT}) = Σ_{j=0..b−1} Γ(α + j) / (Γ(α) j!) · x^α (1 − x)^j, a negative-binomial
 *   distribution function (equivalently the regularised incomplete beta I_x(α, b)). Its terms are carried as
 *   logarithms, one per state, so the sum over k costs O(K);
 * - E[wait; answered | k] = E[V e^{−γV}] = a / (a + bγ) · E[V'] = a / (a + bγ) · Σ_{i=1..b} 1 / (a + iγ);
 * - E[wait | k] = E[min(V, τ)] = (1 − E[e^{−γV}]) / γ = b / (a + bγ), so P(abandon) = γ · E[wait of all callers]
 *   (the identity behind {@link estimatePatienceSeconds}).
 *
 * As θ → ∞ the results tend to Erlang C; `patienceSeconds = Infinity` returns the Erlang C values exactly (with
 * P(abandon) 0, and for N ≤ A: P(wait) 1, service level 0, ASA `Infinity`). With finite patience the queue is stable
 * whatever N. With N = 0 every caller abandons (service level 0, ASA `null`).
 *
 * @param q arrivals, interval, AHT and N (see {@link QueueInput})
 * @param patienceSeconds θ, mean patience, seconds, > 0 (`Infinity` for Erlang C); see {@link estimatePatienceSeconds}
 *   and {@link patienceFromAbandonment}
 * @param thresholdSeconds T, seconds, finite ≥ 0
 * @throws on an invalid input, patience or threshold, or a chain longer than 5 000 000 states (an overloaded queue
 *   with a patience so long that Erlang C's "unstable" is the answer)
 */
export function erlangA(q: QueueInput, patienceSeconds: number, thresholdSeconds: number): ErlangAResult {
  checkThreshold(thresholdSeconds);
  checkPatience(patienceSeconds);
  const traffic = trafficErlangs(q);
  const n = q.agents;
  checkAgents(n);
  if (patienceSeconds === Infinity) {
    const asa = erlangCAsa(q);
    return {
      pWait: erlangC(n, traffic),
      pAbandon: 0,
      pAnswered: 1,
      serviceLevel: erlangCServiceLevel(q, thresholdSeconds),
      asa,
      meanWaitSeconds: asa,
      meanTimeToAbandonSeconds: null,
      occupancy: occupancy(q),
    };
  }

  const lambda = q.arrivalsPerInterval / q.intervalSeconds;
  const mu = 1 / q.ahtSeconds;
  const gamma = 1 / patienceSeconds;
  const logPi = stationaryLog(lambda, mu, gamma, n);
  let top = -Infinity;
  for (const l of logPi) if (l > top) top = l;
  let z = 0;
  for (const l of logPi) z += Math.exp(l - top);

  const a = n * mu;
  const alpha = a / gamma + 1;
  const logX = -gamma * thresholdSeconds; // x = e^{−γT}
  const log1mX = Math.log(-Math.expm1(logX)); // log(1 − x); −Infinity when T = 0
  let logTerm = alpha * logX; // log of the negative-binomial term j = 0: x^α
  let beyondT = 0; // P(V' > T) = Σ_{j < b} terms
  let harmonic = 0; // Σ_{i=1..b} 1 / (a + iγ) = E[V']

  let pWait = 0;
  let answered = 0;
  let abandoned = 0;
  let within = 0;
  let answeredWait = 0;
  let allWait = 0;
  for (let k = 0; k < logPi.length; k++) {
    const pk = Math.exp(logPi[k]! - top) / z;
    if (k < n) {
      answered += pk;
      within += pk;
      continue;
    }
    const b = k - n + 1;
    const j = b - 1; // the term added for this b
    if (j > 0) logTerm += Math.log((alpha + j - 1) / j) + log1mX;
    beyondT += Math.exp(logTerm);
    harmonic += 1 / (a + b * gamma);
    const pAns = a / (a + b * gamma);
    pWait += pk;
    answered += pk * pAns;
    abandoned += pk * ((b * gamma) / (a + b * gamma));
    within += pk * pAns * Math.max(0, 1 - beyondT);
    answeredWait += pk * pAns * harmonic;
    allWait += pk * (b / (a + b * gamma));
  }
  // Sums of many probabilities: rounding may leave one a hair above 1 (1.0000000000000002 for an overloaded queue).
  const p = (v: number) => Math.min(1, v);
  return {
    pWait: p(pWait),
    pAbandon: p(abandoned),
    pAnswered: p(answered),
    serviceLevel: p(within),
    asa: answered > 0 ? answeredWait / answered : null,
    meanWaitSeconds: allWait,
    meanTimeToAbandonSeconds: abandoned > 0 ? (allWait - answeredWait) / abandoned : null,
    occupancy: n === 0 ? 0 : Math.min(1, (traffic * answered) / n),
  };
}

/** Logarithms of the unnormalised stationary probabilities of the M/M/N+M chain, states 0…K (see {@link erlangA}). */
function stationaryLog(lambda: number, mu: number, gamma: number, n: number): number[] {
  const logs = [0];
  if (lambda === 0) return logs;
  const logLambda = Math.log(lambda);
  const death = (k: number) => Math.min(k, n) * mu + Math.max(k - n, 0) * gamma;
  let top = 0;
  for (let k = 1; ; k++) {
    const l = logs[k - 1]! + logLambda - Math.log(death(k));
    logs.push(l);
    if (l > top) top = l;
    const r = lambda / death(k + 1);
    if (r < 1 && l + Math.log(r / (1 - r)) < top + Math.log(TAIL_EPSILON)) return logs;
    if (k >= MAX_STATES) {
      throw new Error(`erlang a: more than ${MAX_STATES} states needed (patience ${1 / gamma} s is too long for this load)`);
    }
  }
}

/**
 * The queue model of {@link agentsNeeded}:
 * - `'erlang_c'`: M/M/N, no abandonment; service level {@link erlangCServiceLevel}. Callers who would hang up are
 *   assumed to wait, so it overestimates the agents needed (docs/methods.md §5.2);
 * - `'erlang_a'`: M/M/N+M, `patienceSeconds` required; service level F3 of {@link erlangA}.
 */
export type StaffingModel = 'erlang_c' | 'erlang_a';

/** Options of {@link agentsNeeded}. */
export interface AgentsNeededOptions {
  /** The queue model. */
  model: StaffingModel;
  /**
   * Shrinkage s, 0 ≤ s < 1: the share of paid time agents are not on the phones (breaks, training, absence).
   * Default 0.
   */
  shrinkage?: number;
  /** θ, mean patience in seconds, > 0; required with `'erlang_a'` (`Infinity` gives Erlang C); ignored otherwise. */
  patienceSeconds?: number;
  /** Largest N tried before giving up; default max(1000, 2·A + 100). */
  maxAgents?: number;
}

/** What {@link agentsNeeded} returns. */
export interface AgentsNeeded {
  /** N: the smallest number of agents on the phones that meets the target. */
  agents: number;
  /** Agents to schedule: ceil(N / (1 − shrinkage)) ({@link scheduledAgents}). */
  scheduled: number;
  /** The model's service level with N agents (≥ the target); 1 when no call arrives. */
  serviceLevel: number;
}

/**
 * The smallest number of agents N whose modelled service level at T meets a target (docs/methods.md §5.4), and the agents
 * to schedule for it after shrinkage. "Meets" is SL ≥ target, as in the `verdict` of proportion.ts. The service level is, for
 * `'erlang_c'`, {@link erlangCServiceLevel} (all calls answered, so every variant agrees); for `'erlang_a'`, the F3
 * form answered within T / (answered + abandoned) of {@link erlangA}, so abandons count against it as in vigie's
 * default standard.
 *
 * The search is a scan upward from a bound below which no N can meet the target (Erlang C: N ≤ A is unstable, SL 0;
 * Erlang A: SL ≤ P(answered) = carried load / A ≤ N / A, so N < target · A fails), so the result is the smallest N
 * meeting the target by construction, not by an assumption of monotonicity. No arrivals → 0 agents, 0 scheduled.
 *
 * @param load arrivals, interval and AHT (see {@link QueueInput})
 * @param targetServiceLevel target, a fraction strictly between 0 and 1 (0.8 for 80 %)
 * @param thresholdSeconds T, seconds, finite ≥ 0
 * @throws on an invalid load, target, threshold, shrinkage, patience or maxAgents; on an unknown model; on
 *   `'erlang_a'` without `patienceSeconds`; and when no N up to `maxAgents` meets the target
 */
export function agentsNeeded(
  load: QueueLoad,
  targetServiceLevel: number,
  thresholdSeconds: number,
  options: AgentsNeededOptions,
): AgentsNeeded {
  const traffic = trafficErlangs(load);
  if (!(targetServiceLevel > 0 && targetServiceLevel < 1)) {
    throw new Error(`invalid target service level: ${targetServiceLevel} (a fraction strictly between 0 and 1)`);
  }
  checkThreshold(thresholdSeconds);
  const shrinkage = options.shrinkage ?? 0;
  checkShrinkage(shrinkage);
  const maxAgents = options.maxAgents ?? Math.max(1000, Math.ceil(2 * traffic) + 100);
  if (!Number.isInteger(maxAgents) || maxAgents < 1) throw new Error(`invalid max agents: ${maxAgents}`);

  let level: (n: number) => number;
  let start: number;
  switch (options.model) {
    case 'erlang_c': {
      // B(n) carried from one n to the next: the scan costs O(N) in all.
      let bn = 1;
      let bAt = 0;
      level = (n) => {
        for (; bAt < n; bAt++) bn = nextErlangB(bn, bAt + 1, traffic);
        const c = erlangCFromB(n, traffic, bn);
        return n <= traffic ? 0 : 1 - c * Math.exp((-(n - traffic) * thresholdSeconds) / load.ahtSeconds);
      };
      start = Math.floor(traffic) + 1;
      break;
    }
    case 'erlang_a': {
      const patience = options.patienceSeconds;
      if (patience === undefined) throw new Error('missing patience seconds for model erlang_a');
      checkPatience(patience);
      level = (n) => erlangA({ ...load, agents: n }, patience, thresholdSeconds).serviceLevel;
      // floor, not ceil: rounding in target · A must not skip the answer (one extra evaluation at most).
      start = Math.max(1, Math.floor(targetServiceLevel * traffic));
      break;
    }
    default:
      throw new Error(`invalid staffing model: ${String(options.model)}`);
  }
  if (traffic === 0) return { agents: 0, scheduled: 0, serviceLevel: 1 };
  for (let n = start; n <= maxAgents; n++) {
    const sl = level(n);
    if (sl >= targetServiceLevel) return { agents: n, scheduled: scheduledAgents(n, shrinkage), serviceLevel: sl };
  }
  throw new Error(`service level ${targetServiceLevel} at ${thresholdSeconds} s not met with up to ${maxAgents} agents`);
}

/**
 * Agents to schedule so that N are on the phones after shrinkage s (docs/methods.md §5.4): ceil(N / (1 − s)).
 * 14 agents at 30 % shrinkage → 20; at 35 % → 22. The quotient is rounded up after removing 1e-9, so that a value
 * that is an integer in decimal but lands a hair above it in binary (21 / (1 − 0.3) is 30.000000000000004) is not rounded
 * up to the next agent.
 *
 * @param agents N, an integer ≥ 0
 * @param shrinkage s, 0 ≤ s < 1
 * @throws on a negative or non-integer N or a shrinkage outside [0, 1)
 */
export function scheduledAgents(agents: number, shrinkage: number): number {
  checkAgents(agents);
  checkShrinkage(shrinkage);
  return Math.max(agents, Math.ceil(agents / (1 - shrinkage) - 1e-9));
}

/**
 * Mean patience θ estimated from call records, seconds (Mandelbaum & Zeltyn 2013, "Data-stories about (im)patient
 * customers in tele-queues"; the exponential-patience maximum-likelihood estimator, which treats a caller answered
 * after waiting w as patient for at least w):
 *
 *     γ̂ = abandoned / Σ wait of all queued callers (answered and abandoned);     θ̂ = 1 / γ̂
 *
 * In the Erlang A model this is exact in expectation: P(abandon) = γ · E[wait of all callers] (see {@link erlangA}).
 * Wait is the queue wait (answered: until answered; abandoned: until hanging up), timeouts excluded.
 *
 * @param abandoned callers who hung up while queued, ≥ 0
 * @param totalWaitSecondsOfAllCallers Σ queue wait of answered and abandoned callers, seconds, ≥ 0
 * @returns θ̂ in seconds; `null` when nobody abandoned (θ̂ unbounded: use Erlang C) or nobody waited (no exposure)
 * @throws on a negative or non-finite input
 */
export function estimatePatienceSeconds(abandoned: number, totalWaitSecondsOfAllCallers: number): number | null {
  if (!Number.isFinite(abandoned) || abandoned < 0) throw new Error(`invalid abandoned count: ${abandoned}`);
  const w = totalWaitSecondsOfAllCallers;
  if (!Number.isFinite(w) || w < 0) throw new Error(`invalid total wait seconds: ${w}`);
  if (abandoned === 0 || w === 0) return null;
  return w / abandoned;
}

/**
 * Mean patience θ, seconds, for which Erlang A reproduces an observed abandonment rate with the given load and
 * agents: solves {@link erlangA}`(q, θ).pAbandon = observed` by bisection on log θ over [AHT / 1000, 1000 · AHT]
 * (P(abandon) decreases as θ grows). For interval data that has the abandonment rate and the staffing but not the
 * total wait that {@link estimatePatienceSeconds} needs. The rate must be abandoned / (answered + abandoned), the
 * model having no timeouts. Precision: relative 1e-9 on θ.
 *
 * @param q arrivals, interval, AHT and the agents N that were on the phones
 * @param observedAbandonRate abandoned / (answered + abandoned), 0–1
 * @returns θ in seconds; `null` when no θ in the range gives that rate (with these N the rate is reached only by
 *   patience over 1000 · AHT, or not even by patience under AHT / 1000: e.g. a rate of 0, or above B(N, A))
 * @throws on an invalid input or a rate outside [0, 1]
 */
export function patienceFromAbandonment(q: QueueInput, observedAbandonRate: number): number | null {
  const r = observedAbandonRate;
  if (!(r >= 0 && r <= 1)) throw new Error(`invalid abandonment rate: ${r}`);
  const abandonAt = (logTheta: number) => erlangA(q, Math.exp(logTheta), 0).pAbandon;
  let lo = Math.log(q.ahtSeconds / 1000);
  let hi = Math.log(q.ahtSeconds * 1000);
  if (r > abandonAt(lo) || r < abandonAt(hi)) return null;
  while (hi - lo > 1e-9) {
    const mid = (lo + hi) / 2;
    if (abandonAt(mid) > r) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

function nextErlangB(previous: number, n: number, traffic: number): number {
  const x = traffic * previous;
  return x / (n + x);
}

function erlangCFromB(agents: number, traffic: number, b: number): number {
  if (agents <= traffic) return 1;
  return (agents * b) / (agents - traffic * (1 - b));
}

function checkAgents(agents: number): void {
  if (!Number.isInteger(agents) || agents < 0) throw new Error(`invalid agents: ${agents}`);
}

function checkTraffic(traffic: number): void {
  if (!Number.isFinite(traffic) || traffic < 0) throw new Error(`invalid traffic: ${traffic}`);
}

function checkLoad(q: QueueLoad): void {
  if (!Number.isFinite(q.arrivalsPerInterval) || q.arrivalsPerInterval < 0) {
    throw new Error(`invalid arrivals per interval: ${q.arrivalsPerInterval}`);
  }
  if (!Number.isFinite(q.intervalSeconds) || q.intervalSeconds <= 0) {
    throw new Error(`invalid interval seconds: ${q.intervalSeconds}`);
  }
  if (!Number.isFinite(q.ahtSeconds) || q.ahtSeconds <= 0) throw new Error(`invalid aht seconds: ${q.ahtSeconds}`);
}

function checkThreshold(t: number): void {
  if (!Number.isFinite(t) || t < 0) throw new Error(`invalid threshold seconds: ${t}`);
}

function checkPatience(p: number): void {
  if (!(p > 0)) throw new Error(`invalid patience seconds: ${p}`);
}

function checkShrinkage(s: number): void {
  if (!(s >= 0 && s < 1)) throw new Error(`invalid shrinkage: ${s}`);
}
