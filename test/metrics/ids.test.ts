/**
 * The metric ids: one list, and docs/methods.md and docs/methodes.md define each of them; the per-channel and aging
 * families are recognised, a mistyped id is not.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agingId, AGING_BUCKETS, CALL_METRIC_IDS, channelShareId, isMetricId, TICKET_METRIC_IDS } from '../../src/metrics/index.ts';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');

test('every listed metric id is defined in both method documents, and the families are too', (t) => {
  for (const doc of ['methods.md', 'methodes.md']) {
    const text = readFileSync(join(DOCS, doc), 'utf8');
    const missing = [...CALL_METRIC_IDS, ...TICKET_METRIC_IDS, 'tickets.aging', 'tickets.channel_share'].filter((id) => !text.includes(`\`${id}`));
    t.deepEqual(missing, [], doc);
  }
});

test('isMetricId: the listed ids and the two families; typos, other prefixes and unknown buckets are not ids', (t) => {
  for (const id of [...CALL_METRIC_IDS, ...TICKET_METRIC_IDS]) t.true(isMetricId(id), id);
  for (const b of AGING_BUCKETS) t.true(isMetricId(agingId(b)), b);
  t.is(channelShareId('web'), 'tickets.channel_share.web');
  t.true(isMetricId(channelShareId('web')));
  for (const bad of ['calls.service_levl', 'calls.service_level ', 'tickets.aging.over_3x', 'tickets.channel_share.', 'queue.offered', '']) {
    t.false(isMetricId(bad), bad);
  }
  t.is(new Set([...CALL_METRIC_IDS, ...TICKET_METRIC_IDS]).size, CALL_METRIC_IDS.length + TICKET_METRIC_IDS.length, 'no id listed twice');
});
