import test from 'ava';
import { countCalls, emptyCounts, type CallCounts, type CallRecord } from '../../src/metrics/call-counts.ts';
import {
  abandonmentRate, answeredLocallyShare, DEFAULT_LONG_WAIT_SECONDS, longWaitShare, transferRate,
} from '../../src/metrics/abandonment.ts';
import { wilson95 } from '../../src/metrics/proportion.ts';

const COUNTS: CallCounts = {
  ...emptyCounts(),
  offered: 200, answered: 150, abandoned: 40, timeout: 10, callback: 25,
  abandoned_short: 8, long_waits: 6,
  transferred: 12, transfer_known: 120, answered_with_site: 100, answered_locally: 15,
};

test('abandonment is abandoned over offered, with its Wilson interval, by default', (t) => {
  t.deepEqual(abandonmentRate(COUNTS), {
    value: 40 / 200, numerator: 40, denominator: 200, ci95: wilson95(40, 200), variant: 'of_offered', short_abandon_seconds: 0,
  });
});

test('callbacks are not offered, so they are in neither side of the abandonment rate', (t) => {
  const calls: CallRecord[] = [
    ...Array.from({ length: 8 }, () => ({ outcome: 'answered' as const, wait_seconds: 30 })),
    { outcome: 'abandoned', wait_seconds: 200 },
    { outcome: 'timeout', wait_seconds: 900 },
    ...Array.from({ length: 5 }, () => ({ outcome: 'callback' as const, wait_seconds: 60 })),
  ];
  const r = abandonmentRate(countCalls(calls, { threshold_seconds: 100, boundary: '<=', short_abandon_seconds: 0, long_wait_seconds: 1500 }));
  t.is(r.numerator, 1);
  t.is(r.denominator, 10);
});

test('with short_abandon_seconds > 0, short abandons leave both the numerator and the denominator', (t) => {
  const r = abandonmentRate(COUNTS, { short_abandon_seconds: 5 });
  t.like(r, { numerator: 32, denominator: 192, value: 32 / 192, variant: 'of_offered_excluding_short', short_abandon_seconds: 5 });
});

test('with short_abandon_seconds = 0, nothing is excluded even if the counts carry short abandons (an interval column)', (t) => {
  t.like(abandonmentRate(COUNTS, { short_abandon_seconds: 0 }), { numerator: 40, denominator: 200, variant: 'of_offered' });
});

test('abandonment is null when nothing was offered', (t) => {
  t.like(abandonmentRate(emptyCounts()), { value: null, ci95: null, denominator: 0 });
});

test('abandonmentRate rejects a negative short-abandon threshold', (t) => {
  t.throws(() => abandonmentRate(COUNTS, { short_abandon_seconds: -1 }), { message: 'invalid short_abandon_seconds: -1' });
});

test('the long-wait share is long waits over offered and reports the 25-minute threshold by default', (t) => {
  t.is(DEFAULT_LONG_WAIT_SECONDS, 25 * 60);
  t.like(longWaitShare(COUNTS), { value: 6 / 200, numerator: 6, denominator: 200, threshold_seconds: 1500 });
});

test('the long-wait share reports the threshold it is given', (t) => {
  t.is(longWaitShare(COUNTS, 600).threshold_seconds, 600);
});

test('the transfer rate counts only answered calls whose transfer flag is known', (t) => {
  t.like(transferRate(COUNTS), { value: 12 / 120, numerator: 12, denominator: 120 });
});

test('the answered-locally share is answered by the borough\'s own agents over answered calls with both borough and site', (t) => {
  t.like(answeredLocallyShare(COUNTS), { value: 0.15, numerator: 15, denominator: 100 });
});

test('transfer and answered-locally shares are null when no answered call carries the needed fields', (t) => {
  t.is(transferRate(emptyCounts()).value, null);
  t.is(answeredLocallyShare(emptyCounts()).value, null);
});

test('a rate whose numerator exceeds its denominator is rejected as inconsistent counts', (t) => {
  t.throws(() => transferRate({ ...emptyCounts(), transferred: 3, transfer_known: 2 }), { message: /^invalid numerator: 3/ });
});
