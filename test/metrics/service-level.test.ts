import test from 'ava';
import { countCalls, emptyCounts, INTERVAL_COUNT_FIELDS, type CallCounts, type CallRecord } from '../../src/metrics/call-counts.ts';
import {
  SERVICE_LEVEL_VARIANTS, serviceLevel, serviceLevelComputability, serviceLevelInputs,
  type ServiceLevelVariant,
} from '../../src/metrics/service-level.ts';

/**
 * The ICMI worked example of docs/methods.md §1.2: answered 1000; abandoned 60; answered ≤ T 860;
 * abandoned ≤ T 20 (so abandoned > T 40); abandoned ≤ S 10 (S = 5 s).
 */
const ICMI: CallCounts = {
  ...emptyCounts(),
  offered: 1060,
  answered: 1000,
  abandoned: 60,
  answered_within: 860,
  abandoned_within: 20,
  abandoned_short: 10,
};

/** The same example as 1060 call records, T = 100 s, S = 5 s. */
function icmiCalls(): CallRecord[] {
  const calls: CallRecord[] = [];
  const add = (n: number, outcome: CallRecord['outcome'], wait: number) => {
    for (let i = 0; i < n; i++) calls.push({ outcome, wait_seconds: wait });
  };
  add(860, 'answered', 40);
  add(140, 'answered', 180);
  add(10, 'abandoned', 3); // ≤ S, hence also ≤ T
  add(10, 'abandoned', 60); // ≤ T, > S
  add(40, 'abandoned', 300); // > T
  return calls;
}

const icmiCase = test.macro({
  exec(t, variant: ServiceLevelVariant, numerator: number, denominator: number, shown: string) {
    const r = serviceLevel(ICMI, variant);
    t.is(r.variant, variant);
    t.is(r.numerator, numerator);
    t.is(r.denominator, denominator);
    t.is(r.value, numerator / denominator);
    t.is(Number(r.value!.toFixed(3)), Number((numerator / denominator).toFixed(3)));
    t.is(`${(r.value! * 100).toFixed(1)} %`, shown);
  },
  title: (_provided, variant, numerator, denominator, shown) =>
    `the ICMI worked example gives ${variant} = ${numerator}/${denominator}, shown as ${shown} as in docs/methods.md §1.2`,
});

test(icmiCase, 'F1', 880, 1060, '83.0 %');
test(icmiCase, 'F2', 860, 1000, '86.0 %');
test(icmiCase, 'F3', 860, 1060, '81.1 %');
test(icmiCase, 'F4', 860, 1040, '82.7 %');
test(icmiCase, 'F5', 870, 1060, '82.1 %');
test(icmiCase, 'F6', 860, 1050, '81.9 %');

test('the ICMI fractions to three decimals are 0.830, 0.860, 0.811, 0.827, 0.821 and 0.819 for F1 to F6', (t) => {
  const got = SERVICE_LEVEL_VARIANTS.map((v) => Number(serviceLevel(ICMI, v).value!.toFixed(3)));
  t.deepEqual(got, [0.83, 0.86, 0.811, 0.827, 0.821, 0.819]);
});

test('counting the ICMI example from 1060 call records (T = 100 s, S = 5 s) gives the same six service levels', (t) => {
  const c = countCalls(icmiCalls(), { threshold_seconds: 100, boundary: '<=', short_abandon_seconds: 5, long_wait_seconds: 1500 });
  for (const v of SERVICE_LEVEL_VARIANTS) t.deepEqual(serviceLevel(c, v), serviceLevel(ICMI, v), v);
});

test('a service level carries the Wilson 95 % interval of its numerator and denominator', (t) => {
  const r = serviceLevel(ICMI, 'F3');
  t.truthy(r.ci95);
  t.true(r.ci95![0] < r.value! && r.value! < r.ci95![1]);
});

test('over a list of waits, the "<=" and "<" within-counts differ by exactly the number of waits equal to T', (t) => {
  const waits = [0, 12, 99, 100, 100, 100, 100.5, 101, 250, 99.9, 100, 3000];
  const atT = waits.filter((w) => w === 100).length;
  const calls: CallRecord[] = waits.flatMap((w) => [
    { outcome: 'answered' as const, wait_seconds: w },
    { outcome: 'abandoned' as const, wait_seconds: w },
  ]);
  const spec = { threshold_seconds: 100, short_abandon_seconds: 0, long_wait_seconds: 1500 };
  const strict = countCalls(calls, { ...spec, boundary: '<' });
  const inclusive = countCalls(calls, { ...spec, boundary: '<=' });
  t.is(atT, 4);
  t.is(inclusive.answered_within - strict.answered_within, atT);
  t.is(inclusive.abandoned_within - strict.abandoned_within, atT);
  t.is(serviceLevel(inclusive, 'F3').numerator - serviceLevel(strict, 'F3').numerator, atT);
});

test('a service level with no answered or abandoned call has a null value and interval, not 0 or NaN', (t) => {
  const r = serviceLevel({ ...emptyCounts(), offered: 3, timeout: 3 }, 'F3');
  t.deepEqual(r, { value: null, numerator: 0, denominator: 0, ci95: null, variant: 'F3' });
});

test('F2 is null when nothing was answered even if calls were abandoned', (t) => {
  const r = serviceLevel({ ...emptyCounts(), offered: 5, abandoned: 5 }, 'F2');
  t.is(r.value, null);
  t.is(serviceLevel({ ...emptyCounts(), offered: 5, abandoned: 5 }, 'F3').value, 0);
});

test('timeouts are in no service-level formula: adding timeouts leaves F1 to F6 unchanged', (t) => {
  const more = { ...ICMI, offered: ICMI.offered + 25, timeout: 25 };
  for (const v of SERVICE_LEVEL_VARIANTS) t.deepEqual(serviceLevel(more, v), serviceLevel(ICMI, v), v);
});

test('with S = 0 (no abandon is short) F5 and F6 equal F3 in value', (t) => {
  const noShort = { ...ICMI, abandoned_short: 0 };
  const f3 = serviceLevel(noShort, 'F3');
  t.is(serviceLevel(noShort, 'F5').value, f3.value);
  t.is(serviceLevel(noShort, 'F6').value, f3.value);
});

test('serviceLevel throws on an unknown variant, naming it', (t) => {
  t.throws(() => serviceLevel(ICMI, 'F7' as never), { message: 'invalid service level variant: F7' });
});

test('serviceLevel throws when the counts are inconsistent (more answered within T than answered)', (t) => {
  t.throws(() => serviceLevel({ ...ICMI, answered_within: 1001 }, 'F2'), { message: /inconsistent call counts for F2/ });
});

const computableCase = test.macro({
  exec(t, variant: ServiceLevelVariant, computable: boolean, missing: string[]) {
    const r = serviceLevelComputability(variant, INTERVAL_COUNT_FIELDS);
    t.is(r.computable, computable);
    t.deepEqual(r.missing, missing);
    if (computable) t.is(r.note, null);
    else t.regex(r.note!, new RegExp(`^not computable from interval data: ${variant} needs .*\\(${missing[0]}\\)`));
  },
  title: (_provided, variant, computable) =>
    `${variant} is ${computable ? '' : 'not '}computable from interval data that carries every interval column`,
});
test(computableCase, 'F1', false, ['abandoned_within']);
test(computableCase, 'F2', true, []);
test(computableCase, 'F3', true, []);
test(computableCase, 'F4', false, ['abandoned_within']);
test(computableCase, 'F5', true, []);
test(computableCase, 'F6', true, []);

test('an interval export without an answered-within column can compute no service level at all', (t) => {
  const r = serviceLevelComputability('F3', ['offered', 'answered', 'abandoned']);
  t.false(r.computable);
  t.deepEqual(r.missing, ['answered_within']);
  t.is(r.note, 'not computable from interval data: F3 needs calls answered within the threshold (answered_within)');
});

test('F5 and F6 are not computable from an interval export without a short-abandon column', (t) => {
  const cols = INTERVAL_COUNT_FIELDS.filter((f) => f !== 'abandoned_short');
  for (const v of ['F5', 'F6'] as const) t.deepEqual(serviceLevelComputability(v, cols).missing, ['abandoned_short']);
});

test('the computability note names the source it is given', (t) => {
  const r = serviceLevelComputability('F1', ['answered', 'abandoned', 'answered_within'], 'the vigie-call-intervals file');
  t.is(r.note, 'not computable from the vigie-call-intervals file: F1 needs calls abandoned within the threshold (abandoned_within)');
});

test('every variant is computable from call records (all counts available)', (t) => {
  const all = Object.keys(emptyCounts()) as (keyof CallCounts)[];
  for (const v of SERVICE_LEVEL_VARIANTS) t.true(serviceLevelComputability(v, all).computable, v);
});

test('the inputs a variant reads are exactly the counts its formula uses', (t) => {
  for (const v of SERVICE_LEVEL_VARIANTS) {
    const inputs = new Set(serviceLevelInputs(v));
    const zeroed = { ...ICMI };
    for (const f of Object.keys(zeroed) as (keyof CallCounts)[]) if (!inputs.has(f)) zeroed[f] = 0;
    t.deepEqual(serviceLevel(zeroed, v), serviceLevel(ICMI, v), v);
  }
});
