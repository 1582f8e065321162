/**
 * Call wait percentiles: by time bucket they come from per-group histograms in SQL, by other keys from quantile_disc;
 * both must give the nearest-rank values of the waits (the same as the city-wide ones computed by hand here), and
 * `percentiles: false` (the report's trend) leaves them null with a note while every count stays the same.
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

test('wait percentiles by month (histograms) and by borough (quantile_disc) agree with nearest rank; percentiles: false skips them', async (t) => {
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
  const light = await computeCompliance(store.conn, { ...req, by: ['month'], percentiles: false });
  for (const [i, g] of light.groups.entries()) {
    t.is(g.metrics['calls.wait_p90_seconds']!.value, null);
    t.regex(g.metrics['calls.wait_p90_seconds']!.note ?? '', /not computed/);
    t.deepEqual(g.metrics['calls.service_level'], byMonth.groups[i]!.metrics['calls.service_level']);
  }
});
