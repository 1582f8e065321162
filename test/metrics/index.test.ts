import test from 'ava';
import { readFileSync } from 'node:fs';
import * as metrics from '../../src/metrics/index.ts';

test('the metrics barrel holds only export … from lines', (t) => {
  const lines = readFileSync(new URL('../../src/metrics/index.ts', import.meta.url), 'utf8').split('\n').filter((l) => l.trim());
  t.true(lines.length > 0);
  for (const line of lines) t.regex(line, /^export (\*|\{[^}]*\}) from '\.\/[a-z0-9-]+\.ts';$/);
});

test('the metrics barrel re-exports every call metric function', (t) => {
  for (const name of [
    'emptyCounts', 'addCounts', 'sumCounts', 'countCalls', 'serviceLevel', 'withinThreshold', 'serviceLevelComputability',
    'serviceLevelInputs', 'asaSeconds', 'timeToAbandonSeconds', 'meanWait', 'nearestRank', 'waitPercentiles',
    'abandonmentRate', 'longWaitShare', 'transferRate', 'answeredLocallyShare', 'wilson95', 'ratio', 'verdict',
  ]) {
    t.is(typeof (metrics as Record<string, unknown>)[name], 'function', name);
  }
});
