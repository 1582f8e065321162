/**
 * Property: every rate is a fraction in [0, 1] with 0 ≤ numerator ≤ denominator, value = numerator / denominator and
 * a Wilson interval inside [0, 1] around the value (docs/methods.md §4.2).
 *
 * - Over random inputs to the pure metric functions: ratio and wilson95; the six service-level variants, abandonment
 *   (with and without short abandons), long waits, transfers and answered-locally shares of the counts of random calls
 *   (and of sums of such counts, which also lie between their parts' rates: aggregation sums counts); the four
 *   on-time variants of random tickets; the Erlang probabilities; Kaplan–Meier survivals and eventual shares.
 * - Over `vigie compliance --json` of random stores — tickets (every status, closes before creation, source due
 *   dates, rule deadlines), per-call logs or ACD interval reports (including rows whose counts do not add up, which the
 *   import keeps with a warning) — for every metric of every group, with random `--by`, `--as-of` and standards.
 */
import test from 'ava';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  abandonmentRate, answeredLocallyShare, countCalls, countOnTime, erlangA, erlangB, erlangC, erlangCServiceLevel, eventualShare, kaplanMeier,
  longWaitShare, occupancy, ON_TIME_VARIANTS, onTimeRate, ratio, SERVICE_LEVEL_VARIANTS, serviceLevel, sumCounts, survivalAt, transferRate,
  wilson95, type CallOutcome, type CallRecord, type Ratio,
} from '../../src/metrics/index.ts';
import { csvText, montrealMonthStart, runJson, workDir, writeDrop, writeInstant } from './_helpers.ts';

const PARAMS = { includeErrorInReport: true } as const;

/** The rate invariants; `what` names the rate in the failure. */
function assertRate(r: Pick<Ratio, 'value' | 'numerator' | 'denominator'> & { ci95?: [number, number] | null }, what: string): void {
  const { value, numerator: x, denominator: n } = r;
  assert.ok(Number.isFinite(n) && n >= 0, `${what}: denominator ${n}`);
  assert.ok(Number.isFinite(x) && x >= 0 && x <= n, `${what}: numerator ${x} of ${n}`);
  if (n === 0) {
    assert.equal(value, null, `${what}: a value over a zero denominator`);
    if (r.ci95 !== undefined) assert.equal(r.ci95, null, `${what}: an interval over a zero denominator`);
    return;
  }
  assert.ok(value !== null && value >= 0 && value <= 1, `${what}: value ${value} outside [0, 1]`);
  assert.ok(Math.abs(value - x / n) <= 1e-12, `${what}: value ${value} is not ${x}/${n}`);
  if (r.ci95 !== undefined) {
    assert.ok(r.ci95 !== null, `${what}: no interval`);
    const [lo, hi] = r.ci95;
    assert.ok(lo >= 0 && lo <= value + 1e-12 && value <= hi + 1e-12 && hi <= 1, `${what}: interval [${lo}, ${hi}] around ${value}`);
  }
}

const probability = (p: number, what: string) => assert.ok(Number.isFinite(p) && p >= 0 && p <= 1, `${what}: ${p} outside [0, 1]`);

// ---------------------------------------------------------------------------------------------------------------
// Pure functions

test('ratio and wilson95: any 0 ≤ x ≤ n (whole or weighted counts) gives a fraction with an interval around it', (t) => {
  const counts = fc.oneof(
    fc.tuple(fc.nat({ max: 1_000_000 }), fc.nat({ max: 1_000_000 })),
    // Weighted counts: 0 or at least 1e-9 (a denominator of 5e-324 overflows z² / n: no count is that small).
    fc.tuple(fc.double({ min: 1e-9, max: 1e6, noNaN: true }), fc.double({ min: 1e-9, max: 1e6, noNaN: true })),
    fc.tuple(fc.constant(0), fc.double({ min: 1e-9, max: 1e6, noNaN: true })),
  ).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [number, number]);
  fc.assert(fc.property(counts, ([x, n]) => {
    assertRate(ratio(x, n), `ratio(${x}, ${n})`);
    assert.deepEqual(wilson95(x, n), ratio(x, n).ci95);
  }), { ...PARAMS, numRuns: 2000 });
  t.pass();
});

const callRecord: fc.Arbitrary<CallRecord> = fc.record({
  outcome: fc.constantFrom<CallOutcome>('answered', 'answered', 'abandoned', 'timeout', 'callback', 'blocked', 'other'),
  wait_seconds: fc.oneof(fc.constantFrom(0, 5, 10, 20, 100, 1500), fc.double({ min: 0, max: 3000, noNaN: true })),
  borough: fc.constantFrom(null, 'Verdun', 'Anjou'),
  agent_site: fc.constantFrom(null, undefined, 'Verdun', 'Anjou'),
  transferred: fc.constantFrom(null, undefined, true, false),
});

/** A count spec: T, boundary, 0 ≤ S ≤ T, L. */
const spec = fc.record({
  threshold_seconds: fc.constantFrom(0, 10, 20, 100),
  boundary: fc.constantFrom('<' as const, '<=' as const),
  short: fc.constantFrom(0, 0.5, 1),
  long_wait_seconds: fc.constantFrom(0, 60, 1500),
}).map(({ short, ...s }) => ({ ...s, short_abandon_seconds: s.threshold_seconds * short }));

test('call rates: every service-level variant, abandonment, long waits, transfers and local answers of random calls; sums of groups lie between their parts', (t) => {
  fc.assert(fc.property(spec, fc.array(fc.array(callRecord, { maxLength: 30 }), { minLength: 1, maxLength: 4 }), (s, groups) => {
    const parts = groups.map((g) => countCalls(g, s));
    const all = [...parts, sumCounts(parts)];
    for (const [i, c] of all.entries()) {
      const what = i === parts.length ? 'sum of the groups' : `group ${i}`;
      for (const v of SERVICE_LEVEL_VARIANTS) assertRate(serviceLevel(c, v), `${what} ${v}`);
      assertRate(abandonmentRate(c, { short_abandon_seconds: s.short_abandon_seconds }), `${what} abandonment`);
      assertRate(abandonmentRate(c), `${what} abandonment, S = 0`);
      assertRate(longWaitShare(c, s.long_wait_seconds), `${what} long waits`);
      assertRate(transferRate(c), `${what} transfers`);
      assertRate(answeredLocallyShare(c), `${what} answered locally`);
    }
    // Σ numerators / Σ denominators lies between the smallest and the largest of the parts' rates.
    for (const v of SERVICE_LEVEL_VARIANTS) {
      const rates = parts.map((c) => serviceLevel(c, v).value).filter((x): x is number => x !== null);
      const city = serviceLevel(all.at(-1)!, v).value;
      if (rates.length) assert.ok(city !== null && city >= Math.min(...rates) - 1e-12 && city <= Math.max(...rates) + 1e-12, `${v} of the sum`);
    }
  }), { ...PARAMS, numRuns: 500 });
  t.pass();
});

test('on-time rates: the four variants of random tickets judged at a random as-of instant', (t) => {
  const ticket = fc.record({ created: fc.integer({ min: 0, max: 100 }), due: fc.integer({ min: 0, max: 50 }),
    closed: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }) });
  fc.assert(fc.property(fc.array(ticket, { maxLength: 40 }), fc.integer({ min: 0, max: 200 }), (raw, asOf) => {
    const tickets = raw.filter((x) => x.created <= asOf).map((x) => ({ created_ms: x.created, due_ms: x.created + x.due,
      closed_ms: x.closed === null ? null : x.created + x.closed }));
    const c = countOnTime(tickets, asOf);
    for (const v of ON_TIME_VARIANTS) assertRate(onTimeRate(c, v), `on time ${v}`);
  }), { ...PARAMS, numRuns: 500 });
  t.pass();
});

test('modelled and survival probabilities: Erlang B, C, A and occupancy; Kaplan–Meier survival and eventual shares', (t) => {
  const load = fc.record({
    arrivalsPerInterval: fc.double({ min: 0, max: 500, noNaN: true }),
    intervalSeconds: fc.constantFrom(900, 1800, 3600),
    ahtSeconds: fc.double({ min: 1, max: 900, noNaN: true }),
    agents: fc.nat({ max: 60 }),
  });
  fc.assert(fc.property(load, fc.constantFrom(0, 20, 100), fc.constantFrom(30, 120, 600), (q, threshold, patience) => {
    const a = (q.arrivalsPerInterval / q.intervalSeconds) * q.ahtSeconds;
    probability(erlangB(q.agents, a), 'Erlang B');
    probability(erlangC(q.agents, a), 'Erlang C');
    probability(erlangCServiceLevel(q, threshold), 'Erlang C service level');
    probability(occupancy(q), 'occupancy');
    const r = erlangA(q, patience, threshold);
    for (const k of ['pWait', 'pAbandon', 'pAnswered', 'serviceLevel'] as const) probability(r[k], `Erlang A ${k}`);
  }), { ...PARAMS, numRuns: 200 });
  const obs = fc.array(fc.record({ time: fc.integer({ min: 0, max: 50 }).map((d) => d / 2), event: fc.boolean() }), { maxLength: 40 });
  fc.assert(fc.property(obs, fc.integer({ min: 0, max: 30 }), (o, deadline) => {
    const curve = kaplanMeier(o);
    for (const step of curve) probability(step.survival, `S(${step.time})`);
    const at = survivalAt(curve, deadline);
    if (at !== null) probability(at, `S(${deadline})`);
    const share = eventualShare(curve, deadline).value;
    if (share !== null) probability(share, `1 − S(${deadline})`);
  }), { ...PARAMS, numRuns: 500 });
  t.pass();
});

// ---------------------------------------------------------------------------------------------------------------
// `vigie compliance --json` of random stores

const MONTH = '2018-09';
const START = montrealMonthStart(MONTH);
const DAY = 86_400_000;

const ticket = fc.record({
  day: fc.integer({ min: -20, max: 45 }),
  ms: fc.integer({ min: 0, max: DAY - 1 }),
  closedAfterHours: fc.option(fc.integer({ min: -48, max: 40 * 24 }), { nil: null }),
  dueAfterHours: fc.option(fc.integer({ min: 1, max: 30 * 24 }), { nil: null }),
  status: fc.constantFrom('open', 'closed', 'closed', 'cancelled', 'refused', 'duplicate', '', 'weird'),
  borough: fc.constantFrom('', 'Verdun', 'Anjou'),
  category: fc.constantFrom('Nid-de-poule', 'Collecte des ordures', 'Graffiti', 'Bruit', 'Autre chose', ''),
  channel: fc.constantFrom('', 'phone', 'web', 'mobile', 'email'),
});

const call = fc.record({
  day: fc.integer({ min: -5, max: 35 }),
  ms: fc.integer({ min: 0, max: DAY - 1 }),
  outcome: fc.constantFrom('answered', 'answered', 'abandoned', 'timeout', 'callback', 'blocked', 'other'),
  wait: fc.oneof(fc.constantFrom(0, 5, 99, 100, 101, 1500, 1501), fc.integer({ min: 0, max: 2000 })),
  borough: fc.constantFrom('', 'Verdun', 'Anjou'),
  agentSite: fc.constantFrom('', 'Verdun', 'Anjou'),
  transferred: fc.constantFrom('', 'true', 'false'),
});

/**
 * ACD interval rows: mostly consistent (offered = answered + abandoned + timeouts), sometimes not — outcomes above
 * offered, more short abandons than abandons — which the import keeps with a warning.
 */
const interval = fc.record({
  slot: fc.integer({ min: -100, max: 1500 }),
  borough: fc.constantFrom('', 'Verdun', 'Anjou'),
  answered: fc.nat({ max: 12 }),
  abandoned: fc.nat({ max: 8 }),
  // Offered: the timeouts beyond answered + abandoned, or (inconsistent) a number of its own.
  offered: fc.oneof({ weight: 2, arbitrary: fc.nat({ max: 3 }).map((timeouts) => ({ timeouts })) },
    fc.nat({ max: 4 }).map((offered) => ({ offered }))),
  withinShare: fc.double({ min: 0, max: 1, noNaN: true }),
  threshold: fc.constantFrom('100', '100', '20', ''),
  waitTotal: fc.option(fc.nat({ max: 5000 }), { nil: null }),
  short: fc.option(fc.nat({ max: 8 }), { nil: null }),
});

const storeSpec = fc.record({
  // At least one ticket: a source with no row at all is refused (exit 2, "no calls and no requests from the source"),
  // which test/commands/compliance.test.ts checks; here every store has something to judge.
  tickets: fc.array(ticket, { minLength: 1, maxLength: 40 }),
  callData: fc.oneof(
    fc.record({ kind: fc.constant('calls' as const), rows: fc.array(call, { maxLength: 40 }) }),
    fc.record({ kind: fc.constant('intervals' as const), rows: fc.array(interval, { maxLength: 25 }) }),
  ),
  by: fc.subarray(['borough', 'theme', 'month', 'week', 'day'], { maxLength: 3 }),
  // After the drops' snapshot times (the newest time of each drop): an earlier as-of sees nothing. The newest time a
  // ticket can carry is its close, before day 45 + 1 + 40 = 86 (a due date ends by day 76, calls by day 36).
  asOfDay: fc.option(fc.integer({ min: 86, max: 120 }), { nil: null }),
  period: fc.constantFrom([MONTH], ['2018-Q3'], ['2018'], ['2018-08', '2018-10']),
  standards: fc.option(fc.record({
    variant: fc.constantFrom(...SERVICE_LEVEL_VARIANTS),
    boundary: fc.constantFrom('<', '<='),
    short: fc.constantFrom(0, 5),
    onTime: fc.constantFrom(...ON_TIME_VARIANTS),
    minN: fc.constantFrom(1, 5, 30),
  }), { nil: null }),
});

type MetricJson = { value: number | null; numerator: number | null; denominator: number | null; target: number | null;
  target_kind: string | null; verdict: string; met: boolean | null; ci95: [number, number] | null; note: string | null };

/** The invariants of one metric of `vigie compliance --json`, by what it is: a rate, a duration, a count. */
function assertMetric(id: string, m: MetricJson, minN: number, where: string): void {
  const what = `${where} ${id}`;
  assert.equal(m.met, m.verdict === 'met' ? true : m.verdict === 'missed' ? false : null, `${what}: met and verdict disagree`);
  if (m.verdict === 'met' || m.verdict === 'missed') {
    assert.ok(m.value !== null && m.target !== null && m.denominator !== null && m.denominator >= minN, `${what}: judged without a value`);
    assert.equal(m.verdict === 'met', m.target_kind === 'at_least' ? m.value >= m.target : m.value <= m.target, `${what}: verdict`);
  }
  if (id.endsWith('_seconds') || id.endsWith('_days')) {
    assert.ok(m.value === null || (Number.isFinite(m.value) && m.value >= 0), `${what}: duration ${m.value}`);
  } else if (id === 'tickets.eventual_on_time_share') {
    if (m.value !== null) probability(m.value, what);
  } else if (m.numerator !== null) {
    assert.ok(m.denominator !== null, `${what}: numerator without denominator`);
    assertRate({ value: m.value, numerator: m.numerator, denominator: m.denominator, ci95: m.ci95 }, what);
  } else {
    assert.ok(m.value === null || (Number.isInteger(m.value) && m.value >= 0), `${what}: count ${m.value}`);
    if (m.value === null) assert.ok(m.note !== null, `${what}: null without a note`);
  }
}

let runNo = 0;

test('compliance --json of random stores: every rate of every group of every metric is a fraction with numerator ≤ denominator', async (t) => {
  const dir = workDir(t);
  await fc.assert(fc.asyncProperty(storeSpec, async (s) => {
    const source = `rates-${++runNo}`;
    const tickets = s.tickets.map((x, i) => {
      const created = START + x.day * DAY + x.ms;
      return [`t${i}`, writeInstant(created, 'z'), x.closedAfterHours === null ? null : writeInstant(created + x.closedAfterHours * 3_600_000, 'z'),
        x.status, x.dueAfterHours === null ? null : writeInstant(created + x.dueAfterHours * 3_600_000, 'offset'), x.borough, x.category,
        x.channel];
    });
    const files: [string, string][] = [['vigie-tickets', writeDrop(dir, `${source}-tickets.csv`,
      csvText(['id', 'created_at', 'closed_at', 'status', 'due_at', 'borough', 'category', 'channel'], tickets))]];
    if (s.callData.kind === 'calls') {
      files.push(['vigie-calls', writeDrop(dir, `${source}-calls.csv`, csvText(['id', 'queued_at', 'outcome', 'wait_seconds', 'borough',
        'agent_site', 'transferred'], s.callData.rows.map((c, i) => [`c${i}`, writeInstant(START + c.day * DAY + c.ms, 'z'), c.outcome,
        String(c.wait), c.borough, c.agentSite, c.transferred])))]);
    } else {
      files.push(['vigie-call-intervals', writeDrop(dir, `${source}-intervals.csv`, csvText(['interval_start', 'interval_minutes', 'borough',
        'offered', 'answered', 'abandoned', 'answered_within', 'threshold_seconds', 'wait_seconds_answered_total', 'abandoned_short'],
      s.callData.rows.map((r) => [writeInstant(START + r.slot * 1_800_000, 'z'), '30', r.borough,
        String('offered' in r.offered ? r.offered.offered : r.answered + r.abandoned + r.offered.timeouts), String(r.answered), String(r.abandoned), r.threshold ? String(Math.floor(r.answered * r.withinShare)) : null,
        r.threshold || null, r.waitTotal === null ? null : String(r.waitTotal), r.short === null ? null : String(r.short)])
        // One row per interval and borough (the key): the first of each.
        .filter((row, k, all) => all.findIndex((o) => o[0] === row[0] && o[2] === row[2]) === k)))]);
    }
    for (const [format, file] of files) await runJson(dir, 'import', '--json', '--format', format, '--source', source, file);
    const args = ['compliance', '--json', '--source', source, ...(s.period.length === 1 ? ['--period', s.period[0]!] : ['--from', s.period[0]!, '--to', s.period[1]!])];
    if (s.by.length) args.push('--by', s.by.join(','));
    if (s.asOfDay !== null) args.push('--as-of', new Date(START + s.asOfDay * DAY).toISOString());
    let minN = 30;
    if (s.standards) {
      minN = s.standards.minN;
      args.push('--standards', writeDrop(dir, `${source}.yaml`, [
        `min_n: ${minN}`,
        'calls:',
        `  service_level: { threshold_seconds: 100, boundary: "${s.standards.boundary}", target: 0.8, variant: ${s.standards.variant} }`,
        `  abandonment: { max: 0.1, short_abandon_seconds: ${s.standards.short} }`,
        '  long_wait: { seconds: 1500, max_share: 0.01 }',
        'tickets:',
        `  default: { on_time_variant: ${s.standards.onTime}, clock: calendar }`,
        '  rules:',
        '    - { match: { category: "Nid*" }, due: "2 days", target: 0.9 }',
        '    - { match: { category: "Collecte*" }, due: "3 business days", target: 0.8 }',
        '    - { match: { category: "Graffiti*" }, due: "30 hours" }',
      ].join('\n') + '\n'));
    }
    const report = await runJson(dir, ...args);
    assert.ok(report.groups.length >= 1, 'the city-wide group is always there');
    for (const g of report.groups as { metrics: Record<string, MetricJson> }[]) {
      const where = JSON.stringify(Object.fromEntries(Object.entries(g).filter(([k, v]) => k !== 'metrics' && k !== 'final' && v !== null)));
      for (const [id, m] of Object.entries(g.metrics)) assertMetric(id, m, minN, where);
    }
  }), { ...PARAMS, numRuns: 12, interruptAfterTimeLimit: 90_000 });
  t.pass();
});
