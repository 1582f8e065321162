import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { DEMO_SNAPSHOTS } from '../../src/commands/demo.ts';
import { loadBoroughs } from '../../src/standards/boroughs.ts';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

test('the demo is deterministic: same seed and scale, same bytes in every drop', async (t) => {
  const a = tempDir(t);
  const b = tempDir(t);
  t.is((await vigie(a, ['demo', '--scale', '0.02', '--seed', '7'])).code, 0);
  t.is((await vigie(b, ['demo', '--scale', '0.02', '--seed', '7', '--out', 'elsewhere'])).code, 0);
  for (const s of DEMO_SNAPSHOTS) {
    t.is(sha(join(a, 'vigie-demo', s.file)), sha(join(b, 'elsewhere', s.file)), s.file);
    if (s.calls) t.is(sha(join(a, 'vigie-demo', s.calls)), sha(join(b, 'elsewhere', s.calls)), s.calls);
  }
  const c = tempDir(t);
  t.is((await vigie(c, ['demo', '--scale', '0.02', '--seed', '8'])).code, 0);
  t.not(sha(join(a, 'vigie-demo', DEMO_SNAPSHOTS[0]!.file)), sha(join(c, 'vigie-demo', DEMO_SNAPSHOTS[0]!.file)));
});

test('the demo imports through the normal path into its own store and says how to explore it', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['demo', '--scale', '0.02']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /explore it with: vigie status --store vigie-demo\/vigie\.duckdb\n$/);
  const s = (await vigie(dir, ['status', '--store', 'vigie-demo/vigie.duckdb', '--json'])).json();
  // three ticket snapshots (the middle one for follow-up only) and the two call logs exported with the others
  t.deepEqual(s.drops.map((d: { kind: string }) => d.kind), ['tickets', 'calls', 'tickets', 'tickets', 'calls']);
  t.is(s.sources['montreal-requetes311'].rows, 6000);
  t.is(s.sources['vigie-calls'].kind, 'calls');
  t.is(s.sources['vigie-calls'].rows, s.drops[1].counts.read + s.drops[4].counts.read);
  t.is(s.sources['vigie-calls'].periods.from.slice(0, 7), '2014-01');
  t.is(s.sources['vigie-calls'].periods.to.slice(0, 7), '2019-06');
  t.is(s.sources['montreal-requetes311'].periods.from.slice(0, 7), '2014-01');
  t.is(s.sources['montreal-requetes311'].periods.to.slice(0, 7), '2019-06');
  for (const d of s.drops) {
    t.is(d.counts.rejected, 0);
    t.deepEqual(d.findings_by_code, {}, 'synthetic data in the real format raises no finding');
  }
  // each later snapshot re-publishes the earlier: the rows that changed since are updates
  for (const d of [s.drops[2], s.drops[3]]) {
    t.true(d.counts.updated > 0);
    t.is(d.counts.inserted + d.counts.updated + d.counts.unchanged, d.counts.read);
  }
  // the run ends with the September 2018 compliance table, then the way to explore the store
  t.regex(r.stdout, /Compliance with the standards: calls and requests, September 2018, as of July 1, 2019/);
  // both families: the calls (service level) and the requests (on time, example targets flagged)
  t.regex(r.stdout, /\nCalls\n[^]*service level[^]*\nService requests\n[^]*on time/);
  t.regex(r.stdout, /EXAMPLE targets/);
  // …and ends with the report of that month, written in the demo's folder
  t.regex(r.stdout, /report written: vigie-demo\/reports\/2018-09\/index\.html\n/);
  t.true(existsSync(join(dir, 'vigie-demo', 'reports', '2018-09', 'manifest.json')));
  for (const chart of ['service-level-by-borough', 'service-level-trend', 'on-time-by-theme', 'backlog-aging-by-theme', 'channel-mix']) {
    t.true(existsSync(join(dir, 'vigie-demo', 'reports', '2018-09', 'charts', `${chart}.svg`)), chart);
  }
  // the default store is untouched
  t.is((await vigie(dir, ['status'])).code, 2);
});

test('demo volumes per borough follow the population weights', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['demo', '--scale', '0.2', '--seed', '3'])).code, 0);
  const s = (await vigie(dir, ['status', '--store', 'vigie-demo/vigie.duckdb', '--json'])).json();
  const by = s.sources['montreal-requetes311'].by_borough as Record<string, number>;
  const boroughs = loadBoroughs().filter((b) => b.type === 'borough');
  const popTotal = boroughs.reduce((n, b) => n + b.population, 0);
  const seenTotal = boroughs.reduce((n, b) => n + (by[b.name] ?? 0), 0);
  t.true(seenTotal > 20000);
  for (const b of boroughs) {
    const expected = b.population / popTotal;
    const share = (by[b.name] ?? 0) / seenTotal;
    // binomial spread at this size is under 0.3 points; 15 % relative plus 0.3 points covers it with room
    t.true(Math.abs(share - expected) < 0.15 * expected + 0.003, `${b.name}: ${(share * 100).toFixed(2)} % vs ${(expected * 100).toFixed(2)} %`);
  }
  const linked = loadBoroughs().filter((b) => b.type === 'linked_city').reduce((n, b) => n + (by[b.name] ?? 0), 0);
  t.true(linked > 0 && linked < 0.02 * seenTotal, `linked cities rarely: ${linked}`);
});

test('demo rejects a bad --scale with exit 2', async (t) => {
  const r = await vigie(tempDir(t), ['demo', '--scale', 'lots']);
  t.is(r.code, 2);
  t.regex(r.stderr, /--scale: lots/);
});
