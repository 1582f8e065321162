import test from 'ava';
import { Rng } from '../../src/demo/random.ts';
import {
  agentsNeeded, erlangA, erlangB, erlangC, erlangCAsa, erlangCServiceLevel, estimatePatienceSeconds, occupancy,
  patienceFromAbandonment, scheduledAgents, trafficErlangs, type QueueInput, type StaffingModel,
} from '../../src/metrics/erlang.ts';

/** The check value of docs/methods.md §5.2: 100 calls per 30 min, AHT 180 s (A = 10 Erlangs), 14 agents. */
const CHECK: QueueInput = { arrivalsPerInterval: 100, intervalSeconds: 1800, ahtSeconds: 180, agents: 14 };
const LOAD = { arrivalsPerInterval: 100, intervalSeconds: 1800, ahtSeconds: 180 };

const close = (a: number, b: number, eps: number) => Math.abs(a - b) <= eps;

/** Erlang B from its closed form (A^N / N!) / Σ_{k=0..N} A^k / k!, for small N and A only (no overflow guard). */
function erlangBDirect(n: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= n; k++) {
    term *= a / k;
    sum += term;
  }
  return term / sum;
}

/** Erlang C from its closed form: (A^N / N! · N / (N − A)) / (Σ_{k<N} A^k / k! + A^N / N! · N / (N − A)). */
function erlangCDirect(n: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * n) / (n - a);
  return top / (sum + top);
}

// Erlang B and C

test('Erlang B(10, 5) is 0.018385, B(1, 1) = 1/2, B(2, 1) = 1/5, B(0, A) = 1 and B(N, 0) = 0', (t) => {
  t.is(erlangB(10, 5).toFixed(6), '0.018385');
  t.true(close(erlangB(1, 1), 0.5, 1e-15));
  t.true(close(erlangB(2, 1), 0.2, 1e-15));
  t.is(erlangB(0, 7.5), 1);
  t.is(erlangB(5, 0), 0);
});

test('Erlang B by recursion matches the closed form for small N and A', (t) => {
  for (const n of [1, 3, 7, 14, 30]) {
    for (const a of [0.5, 3, 10, 25.5]) t.true(close(erlangB(n, a), erlangBDirect(n, a), 1e-13), `B(${n}, ${a})`);
  }
});

test('Erlang B stays finite for large N and A, where the closed form overflows: B(1000, 1000) ≈ √(2 / (π · 1000))', (t) => {
  const b = erlangB(1000, 1000);
  t.true(Number.isFinite(b) && b > 0.023 && b < 0.026, String(b));
});

test('Erlang C matches the closed form, is A for one agent (M/M/1) and 1 when the queue is unstable (N ≤ A)', (t) => {
  for (const [n, a] of [[14, 10], [3, 2.5], [20, 12.3], [2, 0.1]] as const) {
    t.true(close(erlangC(n, a), erlangCDirect(n, a), 1e-13), `C(${n}, ${a})`);
    t.true(erlangC(n, a) >= erlangB(n, a));
  }
  t.true(close(erlangC(1, 0.7), 0.7, 1e-15));
  t.is(erlangC(10, 10), 1);
  t.is(erlangC(9, 10), 1);
  t.is(erlangC(3, 0), 0);
});

test('Erlang C check value (100 calls / 30 min, AHT 180 s, T 20 s, 14 agents): A 10, P(wait) 0.1741, SL 0.8884, ASA 7.84 s, occupancy 0.714', (t) => {
  t.is(trafficErlangs(CHECK), 10);
  t.is(erlangC(14, 10).toFixed(4), '0.1741');
  t.is(erlangCServiceLevel(CHECK, 20).toFixed(4), '0.8884');
  t.is(erlangCAsa(CHECK).toFixed(2), '7.84');
  t.is(occupancy(CHECK).toFixed(3), '0.714');
  // The same from the closed form of C: SL = 1 − C·e^{−(N−A)T/AHT}, ASA = C·AHT/(N−A).
  const c = erlangCDirect(14, 10);
  t.true(close(erlangCServiceLevel(CHECK, 20), 1 - c * Math.exp((-4 * 20) / 180), 1e-13));
  t.true(close(erlangCAsa(CHECK), (c * 180) / 4, 1e-11));
});

test('Erlang C: an unstable queue (N ≤ A) has service level 0, ASA Infinity and occupancy 1', (t) => {
  const q = { ...CHECK, agents: 10 };
  t.is(erlangCServiceLevel(q, 20), 0);
  t.is(erlangCAsa(q), Infinity);
  t.is(occupancy(q), 1);
});

test('Erlang C with no arrivals: service level 1, ASA 0, occupancy 0; service level at T = 0 is 1 − C', (t) => {
  const q = { ...CHECK, arrivalsPerInterval: 0 };
  t.is(erlangCServiceLevel(q, 20), 1);
  t.is(erlangCAsa(q), 0);
  t.is(occupancy(q), 0);
  t.true(close(erlangCServiceLevel(CHECK, 0), 1 - erlangC(14, 10), 1e-15));
});

test('Erlang functions reject invalid agents, traffic, loads and thresholds with value-bearing messages', (t) => {
  t.throws(() => erlangB(2.5, 1), { message: 'invalid agents: 2.5' });
  t.throws(() => erlangB(-1, 1), { message: 'invalid agents: -1' });
  t.throws(() => erlangC(3, -1), { message: 'invalid traffic: -1' });
  t.throws(() => erlangCServiceLevel({ ...CHECK, ahtSeconds: 0 }, 20), { message: 'invalid aht seconds: 0' });
  t.throws(() => erlangCServiceLevel({ ...CHECK, intervalSeconds: -5 }, 20), { message: 'invalid interval seconds: -5' });
  t.throws(() => erlangCServiceLevel({ ...CHECK, arrivalsPerInterval: NaN }, 20), { message: 'invalid arrivals per interval: NaN' });
  t.throws(() => erlangCServiceLevel(CHECK, -1), { message: 'invalid threshold seconds: -1' });
  t.throws(() => erlangA(CHECK, 0, 20), { message: 'invalid patience seconds: 0' });
});

// Agents needed

test('agents needed for 80 % in 20 s at 100 calls / 30 min, AHT 180 s: 14 with Erlang C (13 gives 0.7956); 12 with Erlang A at θ = 120 s', (t) => {
  const c = agentsNeeded(LOAD, 0.8, 20, { model: 'erlang_c' });
  t.deepEqual(c, { agents: 14, scheduled: 14, serviceLevel: erlangCServiceLevel(CHECK, 20) });
  t.is(erlangCServiceLevel({ ...CHECK, agents: 13 }, 20).toFixed(4), '0.7956');
  const a = agentsNeeded(LOAD, 0.8, 20, { model: 'erlang_a', patienceSeconds: 120 });
  t.is(a.agents, 12);
  t.is(a.serviceLevel, erlangA({ ...LOAD, agents: 12 }, 120, 20).serviceLevel);
  t.true(a.serviceLevel >= 0.8);
  t.true(erlangA({ ...LOAD, agents: 11 }, 120, 20).serviceLevel < 0.8);
});

test('agents needed: a target met exactly counts as met (SL ≥ target)', (t) => {
  const sl = erlangCServiceLevel(CHECK, 20);
  t.is(agentsNeeded(LOAD, sl, 20, { model: 'erlang_c' }).agents, 14);
  t.is(agentsNeeded(LOAD, sl + 1e-12, 20, { model: 'erlang_c' }).agents, 15);
});

const MODELS: [StaffingModel, number | undefined][] = [['erlang_c', undefined], ['erlang_a', 120], ['erlang_a', 600]];
const modelOptions = (model: StaffingModel, patience: number | undefined) =>
  patience === undefined ? { model } : { model, patienceSeconds: patience };

test('agents needed is monotone in arrivals (more calls never need fewer agents) and always the smallest N meeting the target', (t) => {
  for (const [model, patience] of MODELS) {
    let previous = 0;
    for (let calls = 0; calls <= 600; calls += 10) {
      const load = { ...LOAD, arrivalsPerInterval: calls };
      const r = agentsNeeded(load, 0.8, 20, modelOptions(model, patience));
      t.true(r.agents >= previous, `${model} ${patience}: ${calls} calls need ${r.agents} < ${previous}`);
      previous = r.agents;
      if (calls === 0) continue;
      const level = (n: number) =>
        patience === undefined ? erlangCServiceLevel({ ...load, agents: n }, 20) : erlangA({ ...load, agents: n }, patience, 20).serviceLevel;
      t.true(r.serviceLevel >= 0.8 && level(r.agents - 1) < 0.8, `${model} ${patience} at ${calls} calls`);
    }
  }
});

test('agents needed is monotone in the target (a higher target never needs fewer agents) and in the threshold', (t) => {
  for (const [model, patience] of MODELS) {
    let previous = 0;
    for (let target = 0.5; target < 0.995; target += 0.05) {
      const { agents } = agentsNeeded({ ...LOAD, arrivalsPerInterval: 250 }, target, 20, modelOptions(model, patience));
      t.true(agents >= previous, `${model} ${patience}: target ${target} needs ${agents} < ${previous}`);
      previous = agents;
    }
    let before = Infinity;
    for (const threshold of [0, 10, 20, 60, 100, 300]) {
      const { agents } = agentsNeeded({ ...LOAD, arrivalsPerInterval: 250 }, 0.8, threshold, modelOptions(model, patience));
      t.true(agents <= before, `${model} ${patience}: T ${threshold} needs ${agents} > ${before}`);
      before = agents;
    }
  }
});

test('no arrivals need no agents', (t) => {
  for (const [model, patience] of MODELS) {
    t.deepEqual(agentsNeeded({ ...LOAD, arrivalsPerInterval: 0 }, 0.8, 20, { ...modelOptions(model, patience), shrinkage: 0.3 }), {
      agents: 0, scheduled: 0, serviceLevel: 1,
    });
  }
});

test('shrinkage: scheduled = ceil(N / (1 − s)): 14 at 30 % → 20, 14 at 35 % → 22, 21 at 30 % → 30 (not 31: 21 / 0.7 is 30.000000000000004 in binary)', (t) => {
  t.is(scheduledAgents(14, 0.3), 20);
  t.is(scheduledAgents(14, 0.35), 22);
  t.is(21 / (1 - 0.3) > 30, true);
  t.is(scheduledAgents(21, 0.3), 30);
  t.is(scheduledAgents(14, 0), 14);
  t.is(scheduledAgents(0, 0.5), 0);
  t.is(scheduledAgents(1, 0.01), 2);
  const r = agentsNeeded(LOAD, 0.8, 20, { model: 'erlang_c', shrinkage: 0.35 });
  t.deepEqual([r.agents, r.scheduled], [14, 22]);
  t.throws(() => scheduledAgents(14, 1), { message: 'invalid shrinkage: 1' });
  t.throws(() => agentsNeeded(LOAD, 0.8, 20, { model: 'erlang_c', shrinkage: -0.1 }), { message: 'invalid shrinkage: -0.1' });
});

test('agents needed rejects a target outside (0, 1), an unknown model, Erlang A without patience, and an unreachable target', (t) => {
  t.throws(() => agentsNeeded(LOAD, 1, 20, { model: 'erlang_c' }), {
    message: 'invalid target service level: 1 (a fraction strictly between 0 and 1)',
  });
  t.throws(() => agentsNeeded(LOAD, 0, 20, { model: 'erlang_c' }), { message: /invalid target service level: 0/ });
  t.throws(() => agentsNeeded(LOAD, 0.8, 20, { model: 'erlang_b' as never }), { message: 'invalid staffing model: erlang_b' });
  t.throws(() => agentsNeeded(LOAD, 0.8, 20, { model: 'erlang_a' }), { message: 'missing patience seconds for model erlang_a' });
  t.throws(() => agentsNeeded(LOAD, 0.8, 20, { model: 'erlang_c', maxAgents: 13 }), {
    message: 'service level 0.8 at 20 s not met with up to 13 agents',
  });
});

// Erlang A: exact computation

test('Erlang A tends to Erlang C as patience grows (θ = 10⁹ s), and is exactly Erlang C at θ = Infinity', (t) => {
  const a = erlangA(CHECK, 1e9, 20);
  t.true(close(a.pWait, erlangC(14, 10), 1e-6), String(a.pWait));
  t.true(close(a.serviceLevel, erlangCServiceLevel(CHECK, 20), 1e-6), String(a.serviceLevel));
  t.true(close(a.asa!, erlangCAsa(CHECK), 1e-5), String(a.asa));
  t.true(a.pAbandon < 1e-7);
  t.true(close(a.occupancy, occupancy(CHECK), 1e-6));
  const inf = erlangA(CHECK, Infinity, 20);
  t.deepEqual(inf, {
    pWait: erlangC(14, 10), pAbandon: 0, pAnswered: 1, serviceLevel: erlangCServiceLevel(CHECK, 20), asa: erlangCAsa(CHECK),
    meanWaitSeconds: erlangCAsa(CHECK), meanTimeToAbandonSeconds: null, occupancy: occupancy(CHECK),
  });
});

/**
 * An independent computation of Erlang A for the test: the stationary distribution by plain products (small A only),
 * then, for a caller arriving in state k ≥ N, the transient law of a small absorbing chain solved by uniformisation
 * (no incomplete beta, no tilting): states "s stages left" (s = b … 1, b = k − N + 1), "answered", "abandoned";
 * from s, the next stage at rate N·μ + (s − 1)·γ (to "answered" from s = 1), abandonment at γ.
 * Returns P(answered within T) and P(abandon), the latter by flow balance λ·P(abandon) = γ·E[queue length].
 */
function erlangAReference(q: QueueInput, patience: number, threshold: number): { serviceLevel: number; pAbandon: number } {
  const lambda = q.arrivalsPerInterval / q.intervalSeconds;
  const mu = 1 / q.ahtSeconds;
  const gamma = 1 / patience;
  const n = q.agents;
  const pi = [1];
  for (let k = 1; k < n + 2000; k++) pi.push((pi[k - 1]! * lambda) / (Math.min(k, n) * mu + Math.max(k - n, 0) * gamma));
  const total = pi.reduce((s, x) => s + x, 0);
  let within = 0;
  let queueLength = 0;
  for (let k = 0; k < pi.length; k++) {
    const p = pi[k]! / total;
    if (p < 1e-18) continue;
    if (k < n) {
      within += p;
      continue;
    }
    queueLength += (k - n) * p;
    const b = k - n + 1;
    const rate = n * mu + b * gamma; // the largest exit rate of any transient state
    // v[s] for s = 1..b: probability of "s stages left"; v[0]: answered (absorbing); abandoned is dropped.
    let v = new Float64Array(b + 1);
    v[b] = 1;
    let poisson = Math.exp(-rate * threshold);
    let cumulative = poisson;
    let answeredByT = 0;
    for (let m = 0; ; m++) {
      answeredByT += poisson * v[0]!;
      if (1 - cumulative < 1e-15 || m > 100000) break;
      const next = new Float64Array(b + 1);
      next[0] = v[0]!;
      for (let s = 1; s <= b; s++) {
        const advance = (n * mu + (s - 1) * gamma) / rate;
        next[s - 1] = next[s - 1]! + v[s]! * advance;
        next[s] = next[s]! + v[s]! * (1 - advance - gamma / rate);
      }
      v = next;
      poisson *= (rate * threshold) / (m + 1);
      cumulative += poisson;
    }
    within += p * answeredByT;
  }
  return { serviceLevel: within, pAbandon: (gamma * queueLength) / lambda };
}

test('Erlang A matches an independent computation (uniformisation of the waiting caller\'s chain) to 1e-9', (t) => {
  for (const [agents, patience, threshold] of [[13, 120, 20], [13, 120, 100], [8, 300, 60], [11, 45, 30], [14, 600, 0], [3, 200, 20]] as const) {
    const q = { ...LOAD, agents };
    const exact = erlangA(q, patience, threshold);
    const ref = erlangAReference(q, patience, threshold);
    const label = `N ${agents}, θ ${patience} s, T ${threshold} s`;
    t.true(close(exact.serviceLevel, ref.serviceLevel, 1e-9), `${label}: SL ${exact.serviceLevel} vs ${ref.serviceLevel}`);
    t.true(close(exact.pAbandon, ref.pAbandon, 1e-9), `${label}: P(abandon) ${exact.pAbandon} vs ${ref.pAbandon}`);
  }
});

test('Erlang A identities: answered + abandoned = 1; P(abandon) = mean wait of all callers / θ; occupancy · N = A · P(answered)', (t) => {
  const q = { ...LOAD, agents: 13 };
  const r = erlangA(q, 120, 20);
  t.true(close(r.pAnswered + r.pAbandon, 1, 1e-12));
  t.true(close(r.pAbandon, r.meanWaitSeconds / 120, 1e-12));
  t.true(close(r.occupancy * 13, 10 * r.pAnswered, 1e-12));
  t.true(close(r.meanWaitSeconds, r.pAnswered * r.asa! + r.pAbandon * r.meanTimeToAbandonSeconds!, 1e-9));
  t.true(r.serviceLevel < r.pAnswered && r.pWait > 0 && r.pWait < 1);
  t.true(close(erlangA(q, 120, 0).serviceLevel, 1 - r.pWait, 1e-12), 'at T = 0 only immediate answers are within');
});

test('Erlang A with no agents: everyone abandons (service level 0, ASA null, mean wait θ); with no arrivals: SL 1', (t) => {
  const r = erlangA({ ...LOAD, agents: 0 }, 120, 20);
  t.deepEqual([r.pWait, r.pAbandon, r.serviceLevel, r.asa, r.occupancy], [1, 1, 0, null, 0]);
  t.true(close(r.meanWaitSeconds, 120, 1e-9));
  const idle = erlangA({ ...LOAD, arrivalsPerInterval: 0, agents: 2 }, 120, 20);
  t.deepEqual([idle.pWait, idle.pAbandon, idle.serviceLevel, idle.asa], [0, 0, 1, 0]);
});

test('Erlang A in overload (N = 5 < A = 10) stays stable: P(abandon) → 1 − N/A as patience grows', (t) => {
  const r = erlangA({ ...LOAD, agents: 5 }, 1e5, 20);
  t.true(close(r.pAbandon, 0.5, 1e-6), String(r.pAbandon));
  t.true(close(r.occupancy, 1, 1e-6));
});

// Erlang A against a discrete-event simulation

interface SimResult {
  /** Per quantity: the estimate over all calls and its batch-means standard error. */
  pAbandon: [number, number];
  serviceLevel: [number, number];
  pWait: [number, number];
  asa: [number, number];
  abandoned: number;
  totalWait: number;
}

/**
 * A discrete-event simulation of the M/M/N+M queue, written for the test. Callers are served in arrival order, so
 * each caller's offered wait is fixed by those before them: it is the time until the earliest of the N agents is
 * free after serving every earlier caller who stayed (`free[i]` is when agent i next becomes free). A caller whose
 * patience is shorter than that wait hangs up at their patience and never takes an agent; otherwise they take that
 * agent, which is then busy for their service time. Exponential inter-arrival, service and patience times from the
 * project's seeded Rng. The first `warmUp` callers (queue starting empty) are not counted. Standard errors are batch
 * means over 50 consecutive batches (successive callers are correlated, so the binomial √(p(1−p)/n) understates
 * them by a factor of about 2 to 3 here).
 */
function simulate(q: QueueInput, patience: number, threshold: number, calls: number, seed: number, warmUp = 5000): SimResult {
  const rng = new Rng(seed);
  const draw = (mean: number) => -Math.log(1 - rng.next()) * mean;
  const meanGap = q.intervalSeconds / q.arrivalsPerInterval;
  const free = new Float64Array(q.agents);
  const batches = 50;
  const perBatch = calls / batches;
  const series: number[][] = [[], [], [], []];
  let b = { abandoned: 0, within: 0, waited: 0, answered: 0, answeredWait: 0, n: 0 };
  let abandoned = 0;
  let totalWait = 0;
  let now = 0;
  for (let i = 0; i < warmUp + calls; i++) {
    now += draw(meanGap);
    let agent = 0;
    for (let s = 1; s < q.agents; s++) if (free[s]! < free[agent]!) agent = s;
    const wait = Math.max(0, free[agent]! - now);
    const tau = draw(patience);
    const service = draw(q.ahtSeconds);
    const hangsUp = tau < wait;
    if (!hangsUp) free[agent] = now + wait + service;
    if (i < warmUp) continue;
    b.n++;
    if (wait > 0) b.waited++;
    if (hangsUp) {
      b.abandoned++;
      abandoned++;
      totalWait += tau;
    } else {
      b.answered++;
      b.answeredWait += wait;
      totalWait += wait;
      if (wait <= threshold) b.within++;
    }
    if (b.n === perBatch) {
      [b.abandoned / b.n, b.within / b.n, b.waited / b.n, b.answeredWait / b.answered].forEach((x, j) => series[j]!.push(x));
      b = { abandoned: 0, within: 0, waited: 0, answered: 0, answeredWait: 0, n: 0 };
    }
  }
  const meanAndSe = (xs: number[]): [number, number] => {
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
    return [m, Math.sqrt(v / xs.length)];
  };
  const [pAbandon, serviceLevel, pWait, asa] = series.map(meanAndSe) as [number, number][];
  return { pAbandon: pAbandon!, serviceLevel: serviceLevel!, pWait: pWait!, asa: asa!, abandoned, totalWait };
}

/**
 * Two queues, 1 000 000 simulated callers each (about 0.15 s per queue on an idle machine). The tolerances are fixed
 * absolute numbers, about 5 standard errors of the simulation: the batch-means standard errors at this length were
 * measured over 20 seeds (and are re-measured and checked below), e.g. for N 13, θ 120 s: P(abandon) 0.0004, SL
 * 0.0010, P(wait) 0.0014, ASA 0.04 s. At 5 SE a correct model fails with probability under 1e-6 per comparison.
 * What this catches: a wrong model (Erlang C at N 13 gives SL 0.7956 against Erlang A's 0.8886; no abandonment) and
 * gross slips; a subtle one only just (leaving out the tilt of the waiting time, P(answered) · P(V ≤ T), moves the SL
 * by 0.006 and 0.016, 1.2 and 1.4 tolerances). The exact formula is pinned to 1e-9 by the uniformisation test above.
 */
const SCENARIOS = [
  { name: 'N 13, θ 120 s, T 20 s (the check-value load, A = 10)', agents: 13, patience: 120, threshold: 20, seed: 311,
    tolerance: { pAbandon: 0.002, serviceLevel: 0.005, pWait: 0.007, asa: 0.2 } },
  { name: 'N 8 < A = 10 (overloaded), θ 300 s, T 60 s', agents: 8, patience: 300, threshold: 60, seed: 514,
    tolerance: { pAbandon: 0.005, serviceLevel: 0.011, pWait: 0.007, asa: 1.75 } },
];
const SIM_CALLS = 1_000_000;
const simulations = new Map<string, SimResult>();
function simulated(s: (typeof SCENARIOS)[number]): SimResult {
  let r = simulations.get(s.name);
  if (!r) {
    r = simulate({ ...LOAD, agents: s.agents }, s.patience, s.threshold, SIM_CALLS, s.seed);
    simulations.set(s.name, r);
  }
  return r;
}

for (const s of SCENARIOS) {
  test(`Erlang A agrees with a simulation of the same queue (${s.name}): P(abandon), SL, P(wait), ASA within about 5 standard errors`, (t) => {
    const exact = erlangA({ ...LOAD, agents: s.agents }, s.patience, s.threshold);
    const sim = simulated(s);
    const rows = [
      ['pAbandon', exact.pAbandon, sim.pAbandon, s.tolerance.pAbandon],
      ['serviceLevel', exact.serviceLevel, sim.serviceLevel, s.tolerance.serviceLevel],
      ['pWait', exact.pWait, sim.pWait, s.tolerance.pWait],
      ['asa', exact.asa!, sim.asa, s.tolerance.asa],
    ] as const;
    for (const [name, model, [mean, se], tolerance] of rows) {
      t.log(`${name}: model ${model.toFixed(4)}, simulated ${mean.toFixed(4)} ± ${se.toFixed(4)} (SE), tolerance ${tolerance}`);
      t.true(close(model, mean, tolerance), `${name}: model ${model} vs simulated ${mean}`);
      t.true(tolerance >= 4 * se, `${name}: tolerance ${tolerance} is under 4 SE (${se})`);
    }
  });
}

// Patience

test('estimatePatienceSeconds is total wait of all callers / abandoned, null without abandons or without waiting', (t) => {
  t.is(estimatePatienceSeconds(30, 3600), 120);
  t.is(estimatePatienceSeconds(0, 3600), null);
  t.is(estimatePatienceSeconds(0, 0), null);
  t.is(estimatePatienceSeconds(5, 0), null);
  t.throws(() => estimatePatienceSeconds(-1, 10), { message: 'invalid abandoned count: -1' });
  t.throws(() => estimatePatienceSeconds(1, Infinity), { message: 'invalid total wait seconds: Infinity' });
});

test('estimatePatienceSeconds recovers the simulated patience within 3 % (its spread over 20 seeds is about 0.5 %)', (t) => {
  for (const s of SCENARIOS) {
    const sim = simulated(s);
    const theta = estimatePatienceSeconds(sim.abandoned, sim.totalWait)!;
    t.true(Math.abs(theta / s.patience - 1) < 0.03, `${s.name}: ${theta}`);
  }
});

test('patienceFromAbandonment inverts Erlang A: θ 120 s → P(abandon) → 120 s; null for rates no patience gives', (t) => {
  const q = { ...LOAD, agents: 13 };
  for (const theta of [30, 120, 900]) {
    const back = patienceFromAbandonment(q, erlangA(q, theta, 20).pAbandon)!;
    t.true(Math.abs(back / theta - 1) < 1e-6, `${theta} → ${back}`);
  }
  t.is(patienceFromAbandonment(q, 0), null);
  t.is(patienceFromAbandonment(q, erlangB(13, 10) + 0.01), null);
  t.throws(() => patienceFromAbandonment(q, 1.5), { message: 'invalid abandonment rate: 1.5' });
});
