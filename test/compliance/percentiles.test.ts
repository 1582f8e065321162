/**
 * Call wait percentiles: by time bucket they come from per-group histograms in SQL, by other keys from quantile_disc;
 * both must give the nearest-rank values of the waits (the same as the city-wide ones computed by hand here), and
 * `callMetrics: 'service_level'` (the report's trend) leaves them and the other metrics beyond the service level null
 * with a note while the service level, the abandonment rate and the counts stay the same.
 */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { callsCsv } from '../_helpers/report-fixture.ts';
import { openStore } from '../../src/store/db.ts';
import { loadStandards } from '../../src/standards/standards.ts';
import { computeCompliance } from '../../src/compliance/report.ts';
import { nearestRank as nearestRankSorted } from '../../src/metrics/index.ts';

const nearestRank = (xs: number[], p: number) => nearestRankSorted([...xs].sort((a, b) => a - b), p);

test('wait percentiles by month (histograms) and by borough (quantile_disc) agree with nearest rank; callMetrics: service_level skips them', async (t) => {
  const dir = tempDir(t);
  const csv = callsCsv(['2018-07', '2018-08', '2018-09']);
  writeFileSync(join(dir, 'calls.csv'), csv);
  t.is((await vigie(dir, ['import', 'calls.csv'])).code, 0);
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','));
  const answered = rows.filter((r) => r[2] === 'answered');
  const store = await openStore({ path: join(dir, 'data', 'vigie.duckdb'), readOnly: true, lang: 'en' });
  t.teardown(() => store.close());
  const standards = loadStandards(undefined, 'en');
  const req = { kind: 'calls' as const, asOf: null, standards, lang: 'en' as const, now: new Date(), from: '2018-07', to: '2018-09' };
  const byMonth = await computeCompliance(store.conn, { ...req, by: ['month'] });
  for (const g of byMonth.groups.slice(1)) {
    const waits = answered.filter((r) => r[1]!.startsWith(g.month!)).map((r) => Number(r[3]));
    t.is(g.metrics['calls.wait_p50_seconds']!.value, nearestRank(waits, 0.5), g.month!);
    t.is(g.metrics['calls.wait_p90_seconds']!.value, nearestRank(waits, 0.9), g.month!);
  }
  t.is(byMonth.groups[0]!.metrics['calls.wait_p90_seconds']!.value, nearestRank(answered.map((r) => Number(r[3])), 0.9));
  const byBorough = await computeCompliance(store.conn, { ...req, by: ['borough'] });
  const verdun = byBorough.groups.find((g) => g.borough === 'Verdun')!;
  t.is(verdun.metrics['calls.wait_p90_seconds']!.value, nearestRank(answered.filter((r) => r[7] === 'Verdun').map((r) => Number(r[3])), 0.9));
  t.is(byBorough.groups[0]!.metrics['calls.wait_p50_seconds']!.value, byMonth.groups[0]!.metrics['calls.wait_p50_seconds']!.value);
  const light = await computeCompliance(store.conn, { ...req, by: ['month'], callMetrics: 'service_level' });
  t.is(light.groups.length, byMonth.groups.length);
  for (const [i, g] of light.groups.entries()) {
    t.is(g.month, byMonth.groups[i]!.month);
    for (const id of ['calls.wait_p50_seconds', 'calls.wait_p90_seconds', 'calls.asa_seconds',
      'calls.answered_locally_share', 'calls.transfer_rate', 'calls.time_to_abandon_seconds'] as const) {
      t.is(g.metrics[id]!.value, null, id);
      t.is(g.metrics[id]!.verdict, 'no_target', id);
      t.regex(g.metrics[id]!.note ?? '', /not computed \(service level only\)/, id);
    }
    t.not(byMonth.groups[i]!.metrics['calls.asa_seconds']!.value, null, 'the full query has the ASA');
    for (const id of ['calls.service_level', 'calls.abandonment_rate', 'calls.long_wait_share', 'calls.offered', 'calls.answered', 'calls.abandoned',
      'calls.timeout'] as const) {
      t.deepEqual(g.metrics[id], byMonth.groups[i]!.metrics[id], id);
    }
  }
  // With short abandons excluded (F6 and a 5 s short-abandon threshold), both queries still agree.
  const f6 = { ...standards, calls: { ...standards.calls, service_level: { ...standards.calls.service_level, variant: 'F6' as const },
    abandonment: { ...standards.calls.abandonment, short_abandon_seconds: 5 } } };
  const fullF6 = await computeCompliance(store.conn, { ...req, standards: f6, by: ['month'] });
  const lightF6 = await computeCompliance(store.conn, { ...req, standards: f6, by: ['month'], callMetrics: 'service_level' });
  t.not(fullF6.groups[0]!.metrics['calls.abandonment_rate']!.denominator, byMonth.groups[0]!.metrics['calls.abandonment_rate']!.denominator,
    'the fixture has abandons of 5 s or less');
  for (const [i, g] of lightF6.groups.entries()) {
    t.deepEqual(g.metrics['calls.service_level'], fullF6.groups[i]!.metrics['calls.service_level']);
    t.deepEqual(g.metrics['calls.abandonment_rate'], fullF6.groups[i]!.metrics['calls.abandonment_rate']);
  }
});
