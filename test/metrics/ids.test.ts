/**
 * The metric ids: one list, no id twice, and docs/methods.md and docs/methodes.md define each of them and the
 * per-channel and aging families (a mistyped id is a type error, which tsc checks, not a test).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agingId, CALL_METRIC_IDS, channelShareId, TICKET_METRIC_IDS } from '../../src/metrics/index.ts';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');

test('every listed metric id is defined in both method documents, and the families are too', (t) => {
  for (const doc of ['methods.md', 'methodes.md']) {
    const text = readFileSync(join(DOCS, doc), 'utf8');
    const missing = [...CALL_METRIC_IDS, ...TICKET_METRIC_IDS, 'tickets.aging', 'tickets.channel_share'].filter((id) => !text.includes(`\`${id}`));
    t.deepEqual(missing, [], doc);
  }
});

test('the families build their ids; no id is listed twice', (t) => {
  t.is(channelShareId('web'), 'tickets.channel_share.web');
  t.is(agingId('over_1x'), 'tickets.aging.over_1x');
  t.is(new Set([...CALL_METRIC_IDS, ...TICKET_METRIC_IDS]).size, CALL_METRIC_IDS.length + TICKET_METRIC_IDS.length);
});
