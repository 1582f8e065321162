/**
 * Property: service level from ACD interval reports equals service level from the calls they summarise. Random calls
 * (every outcome, waits on and around the thresholds, some boroughs, months with a DST change) are written as a
 * `vigie-calls` log, and summarised here, independently of vigie, into `vigie-call-intervals` rows (per 15- or
 * 30-minute interval and borough: offered = answered + abandoned + timeout, answered, abandoned, answered within T
 * under the standards' boundary, the wait total of answered calls, short abandons at S). Both are imported (under
 * sources of their own, in one store) and `vigie compliance --kind calls --json --by borough,day` is run on each with
 * the same random standards (T, boundary, variant F1–F6, S). For every group:
 *
 * - the counts (offered, answered, abandoned) are the same;
 * - the service level is the same (value, numerator, denominator, verdict) whenever interval data can give it — F2 and
 *   F3 with `answered_within` at the standard's T; F5 and F6 also need `abandoned_short` when S > 0 — and otherwise it
 *   is null with a note (F1 and F4 need abandons within T, which intervals do not carry);
 * - likewise the abandonment rate (S > 0 needs `abandoned_short`) and the ASA (needs the wait total).
 *
 * The interval file sometimes leaves out the optional columns, or counts `answered_within` at another threshold, or
 * (with S = 0) reports short abandons at the ACD's own 5 s: none of that may give a value that differs from the calls'.
 */
import test from 'ava';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvText, montrealMonthStart, runJson, workDir, writeDrop, writeInstant } from './_helpers.ts';

const VARIANTS = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'] as const;
const OUTCOMES = ['answered', 'answered', 'answered', 'abandoned', 'abandoned', 'timeout', 'callback', 'blocked', 'other'] as const;
const BOROUGHS = [null, 'Ville-Marie', 'Verdun'] as const;
const INTERVAL_COLUMNS = ['interval_start', 'interval_minutes', 'borough', 'offered', 'answered', 'abandoned', 'answered_within',
  'threshold_seconds', 'wait_seconds_answered_total', 'abandoned_short'] as const;

/** Waits in half seconds (sums stay exact), often on or next to a threshold. */
const wait = fc.oneof(
  fc.constantFrom(0, 4, 5, 5.5, 6, 9.5, 10, 19, 20, 20.5, 59, 60, 61, 99, 99.5, 100, 101, 1500),
  fc.integer({ min: 0, max: 800 }).map((h) => h / 2),
);

const call = fc.record({
  day: fc.integer({ min: 0, max: 27 }),
  ms: fc.integer({ min: 0, max: 86_399_999 }),
  outcome: fc.constantFrom(...OUTCOMES),
  wait,
  borough: fc.constantFrom(...BOROUGHS),
  style: fc.constantFrom('z' as const, 'offset' as const),
});

const scenario = fc.record({
  // March and November 2018 have a DST change (11 March, 4 November); September has none.
  month: fc.constantFrom('2018-03', '2018-09', '2018-11'),
  minutes: fc.constantFrom(15, 30),
  threshold: fc.constantFrom(20, 60, 100),
  boundary: fc.constantFrom('<' as const, '<=' as const),
  variant: fc.constantFrom(...VARIANTS, 'F5' as const, 'F6' as const),
  short: fc.constantFrom(0, 0, 5, 10),
  // What the ACD export carries: answered within T (at T, or at another threshold), short abandons, the wait total.
  within: fc.constantFrom('at_t', 'at_t', 'at_t', 'at_t', 'other_t', 'absent'),
  shortColumn: fc.constantFrom('present', 'present', 'absent'),
  waitTotal: fc.boolean(),
  calls: fc.array(call, { minLength: 1, maxLength: 40 }),
  // A run of calls all in one interval of the first day, so that some intervals hold many calls.
  burst: fc.array(fc.record({ outcome: fc.constantFrom(...OUTCOMES), wait, ms: fc.integer({ min: 0, max: 899_999 }) }), { maxLength: 12 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Call {
  ms: number;
  outcome: string;
  wait: number;
  borough: string | null;
  style: 'z' | 'offset';
}

const within = (w: number, t: number, b: '<' | '<=') => (b === '<' ? w < t : w <= t);

/** The calls of a scenario, as instants. */
function callsOf(s: Scenario): Call[] {
  const start = montrealMonthStart(s.month);
  const out: Call[] = s.calls.map((c) => ({ ms: start + c.day * 86_400_000 + c.ms, outcome: c.outcome, wait: c.wait, borough: c.borough,
    style: c.style }));
  // The burst: one interval at 14:00 UTC on the 2nd.
  for (const b of s.burst) out.push({ ms: start + 86_400_000 + 10 * 3_600_000 + b.ms, outcome: b.outcome, wait: b.wait, borough: 'Verdun', style: 'z' });
  return out;
}

/** The interval rows that summarise `calls`, as an ACD would export them (independently of src/). */
function intervalsOf(calls: Call[], s: Scenario): (string | null)[][] {
  const len = s.minutes * 60_000;
  const acdShort = s.short > 0 ? s.short : 5;
  const groups = new Map<string, { start: number; borough: string | null; offered: number; answered: number; abandoned: number;
    within: number; wait: number; short: number }>();
  for (const c of calls) {
    const start = Math.floor(c.ms / len) * len;
    const key = `${start}|${c.borough}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { start, borough: c.borough, offered: 0, answered: 0, abandoned: 0, within: 0, wait: 0, short: 0 }));
    if (c.outcome === 'answered' || c.outcome === 'abandoned' || c.outcome === 'timeout') g.offered++;
    if (c.outcome === 'answered') {
      g.answered++;
      g.wait += c.wait;
      if (within(c.wait, s.within === 'other_t' ? s.threshold + 10 : s.threshold, s.boundary)) g.within++;
    }
    if (c.outcome === 'abandoned') {
      g.abandoned++;
      if (c.wait <= acdShort) g.short++;
    }
  }
  return [...groups.values()].map((g) => [
    writeInstant(g.start, (g.start / len) % 2 ? 'z' : 'offset'), String(s.minutes), g.borough, String(g.offered), String(g.answered),
    String(g.abandoned), s.within === 'absent' ? null : String(g.within),
    s.within === 'absent' ? null : String(s.within === 'other_t' ? s.threshold + 10 : s.threshold),
    s.waitTotal ? String(g.wait) : null, s.shortColumn === 'absent' ? null : String(g.short),
  ]);
}

type Metric = { value: number | null; numerator: number | null; denominator: number | null; verdict: string; note: string | null };
type Group = { borough: string | null; day: string | null; metrics: Record<string, Metric> };

const keyOf = (g: Group) => `${g.borough}|${g.day}`;

let runNo = 0;

test('service level, abandonment and ASA from interval reports equal those from the calls they summarise (or are null with a note)', async (t) => {
  const dir = workDir(t);
  await fc.assert(fc.asyncProperty(scenario, async (s) => {
    const n = ++runNo;
    const calls = callsOf(s);
    const callFile = writeDrop(dir, `calls-${n}.csv`, csvText(['id', 'queued_at', 'outcome', 'wait_seconds', 'borough'],
      calls.map((c, i) => [`c${i}`, writeInstant(c.ms, c.style), c.outcome, String(c.wait), c.borough])));
    const intervalFile = writeDrop(dir, `intervals-${n}.csv`, csvText(INTERVAL_COLUMNS, intervalsOf(calls, s)));
    const standards = writeDrop(dir, `standards-${n}.yaml`, [
      'min_n: 5',
      'calls:',
      `  service_level: { threshold_seconds: ${s.threshold}, boundary: "${s.boundary}", target: 0.8, variant: ${s.variant} }`,
      `  abandonment: { max: 0.1, short_abandon_seconds: ${s.short} }`,
    ].join('\n') + '\n');
    const imported = [await runJson(dir, 'import', '--json', '--format', 'vigie-calls', '--source', `calls-${n}`, callFile),
      await runJson(dir, 'import', '--json', '--format', 'vigie-call-intervals', '--source', `intervals-${n}`, intervalFile)];
    for (const j of imported) assert.equal(j.counts.rejected, 0, JSON.stringify(j.findings));
    const compliance = (source: string) => runJson(dir, 'compliance', '--json', '--kind', 'calls', '--period', s.month, '--by', 'borough,day',
      '--standards', standards, '--source', source);
    const fromCalls = await compliance(`calls-${n}`);
    const fromIntervals = await compliance(`intervals-${n}`);
    assert.equal(fromCalls.data, 'calls');
    assert.equal(fromIntervals.data, 'intervals');
    const a = new Map((fromCalls.groups as Group[]).map((g) => [keyOf(g), g]));
    const b = new Map((fromIntervals.groups as Group[]).map((g) => [keyOf(g), g]));
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort(), 'the same groups');

    const slComputable = s.within === 'at_t' && (s.variant === 'F2' || s.variant === 'F3'
      || ((s.variant === 'F5' || s.variant === 'F6') && (s.short === 0 || s.shortColumn === 'present')));
    const abComputable = s.short === 0 || s.shortColumn === 'present';
    for (const [key, g] of a) {
      const h = b.get(key)!;
      const where = `group ${key}`;
      for (const id of ['calls.offered', 'calls.answered', 'calls.abandoned']) assert.equal(h.metrics[id]!.value, g.metrics[id]!.value, `${where} ${id}`);
      for (const [id, computable] of [['calls.service_level', slComputable], ['calls.abandonment_rate', abComputable],
        ['calls.asa_seconds', s.waitTotal]] as const) {
        const x = g.metrics[id]!;
        const y = h.metrics[id]!;
        if (computable) {
          assert.deepEqual({ value: y.value, numerator: y.numerator, denominator: y.denominator, verdict: y.verdict },
            { value: x.value, numerator: x.numerator, denominator: x.denominator, verdict: x.verdict }, `${where} ${id} (${s.variant})`);
        } else {
          assert.equal(y.value, null, `${where} ${id} (${s.variant}) should not be computable from these intervals`);
          assert.match(String(y.note), /not computable/, `${where} ${id}: a note says why`);
        }
      }
    }
  }), { numRuns: 14, includeErrorInReport: true, interruptAfterTimeLimit: 90_000 });
  t.pass();
});
