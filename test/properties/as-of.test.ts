/**
 * Property: replaying `--as-of` any past snapshot time gives that snapshot's view (docs/methods.md §7.1: the
 * store as it was known at that instant, so that last month's report comes out the same after this month's drop).
 *
 * A random sequence of snapshots (`--mode snapshot`, `--snapshot-time` per drop, in time order) re-publishes random
 * tickets — opened, closed, cancelled, re-opened, missing from a snapshot (kept as last known), reported late with
 * an earlier creation — and, now and then, a call log. Store F receives every drop; store P receives them one by one.
 * After P has received the drops up to snapshot time T:
 *
 * - `compliance --json --as-of T --by borough,month` on F (default period, i.e. the latest month with data) is P's
 *   `compliance --json --by borough,month` (whose as-of defaults to its newest snapshot, T): every group, metric and
 *   count;
 * - `export vigie-tickets --as-of T` on F is P's export, byte for byte;
 * - `status --json --as-of T` on F shows P's drops (with their counts) and P's rows per source.
 *
 * Each run uses sources of its own in the two stores (one pair of stores for the property).
 */
import test from 'ava';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { csvText, run, runJson, workDir, writeDrop, writeInstant } from './_helpers.ts';
import type { CliRun } from '../_helpers/cli.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Tickets are created from 1 September 2018; snapshots run into November (across the end of DST, 4 November). */
const BASE = Date.parse('2018-09-01T12:00:00Z');

/** A ticket's state in one snapshot: absent from it, or open, closed or cancelled (closes `closeHours` after creation). */
const state = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.record({ status: fc.constantFrom('open', 'closed', 'closed', 'cancelled'), closeHours: fc.integer({ min: 0, max: 40 * 24 }) }) },
);

const ticket = fc.record({
  createdHours: fc.integer({ min: 0, max: 70 * 24 }),
  dueDays: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
  borough: fc.constantFrom('Verdun', 'Anjou', ''),
  category: fc.constantFrom('Nid-de-poule', 'Graffiti', 'Collecte des ordures', 'Autre'),
  states: fc.array(state, { minLength: 4, maxLength: 4 }),
});

const callVersion = fc.record({ outcome: fc.constantFrom('answered', 'abandoned', 'timeout'), wait: fc.integer({ min: 0, max: 300 }) });
const call = fc.record({ queuedHours: fc.integer({ min: 0, max: 80 * 24 }), versions: fc.array(callVersion, { minLength: 4, maxLength: 4 }) });

const scenario = fc.record({
  tickets: fc.array(ticket, { minLength: 1, maxLength: 10 }),
  calls: fc.array(call, { maxLength: 8 }),
  // Snapshot times: the first 10 to 30 days after BASE, then each 1 to 30 days (and a few hours) after the previous one.
  first: fc.integer({ min: 10 * 24, max: 30 * 24 }),
  steps: fc.array(fc.integer({ min: 24, max: 30 * 24 }), { minLength: 1, maxLength: 2 }),
  // Which snapshots carry a call log.
  withCalls: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Drop {
  at: number;
  tickets: string;
  calls: string | null;
}

/** The drops of a scenario: per snapshot, the tickets it re-publishes (created by then) and maybe the calls so far. */
function dropsOf(s: Scenario): Drop[] {
  const times = [BASE + s.first * HOUR];
  for (const st of s.steps) times.push(times.at(-1)! + st * HOUR + 7 * 60_000);
  return times.map((at, k) => {
    const rows: (string | null)[][] = [];
    s.tickets.forEach((x, i) => {
      const st = x.states[k];
      const created = BASE + x.createdHours * HOUR;
      if (!st || created > at) return;
      const closed = st.status === 'open' ? null : Math.min(created + st.closeHours * HOUR, at);
      rows.push([`T${i}`, writeInstant(created, 'z'), closed === null ? null : writeInstant(closed, 'offset'), st.status,
        x.dueDays === null ? null : writeInstant(created + x.dueDays * DAY, 'z'), x.borough, x.category]);
    });
    const calls = s.calls.map((c, i) => ({ c, i, queued: BASE + c.queuedHours * HOUR })).filter(({ queued }) => queued <= at);
    // Each snapshot's columns in another order: a snapshot that re-publishes the previous one as it was is still a
    // new file (an identical file would be a no-op, which records no snapshot).
    const rotate = <T>(xs: T[]) => [...xs.slice(k % xs.length), ...xs.slice(0, k % xs.length)];
    return {
      at,
      tickets: csvText(rotate(['id', 'created_at', 'closed_at', 'status', 'due_at', 'borough', 'category']), rows.map(rotate)),
      calls: s.withCalls[k] && calls.length ? csvText(rotate(['id', 'queued_at', 'outcome', 'wait_seconds']),
        calls.map(({ c, i, queued }) => rotate([`C${i}`, writeInstant(queued, 'z'), c.versions[k]!.outcome, String(c.versions[k]!.wait)]))) : null,
    };
  });
}

async function importDrop(dir: string, d: Drop, k: number, source: string): Promise<void> {
  const at = new Date(d.at).toISOString();
  await runJson(dir, 'import', '--json', '--format', 'vigie-tickets', '--mode', 'snapshot', '--source', source, '--snapshot-time', at,
    writeDrop(dir, `${source}-t${k}.csv`, d.tickets));
  if (d.calls !== null) {
    await runJson(dir, 'import', '--json', '--format', 'vigie-calls', '--mode', 'snapshot', '--source', source, '--snapshot-time', at,
      writeDrop(dir, `${source}-c${k}.csv`, d.calls));
  }
}

/** What `status --json` says of this run's source: its drops (without ids, file names and import times) and rows. */
function statusOf(j: any, source: string) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const mine = (src: string) => src === source;
  return {
    drops: (j.drops as Record<string, unknown>[]).filter((d) => mine(String(d.source)))
      .map(({ drop_id: _id, file: _file, imported_at: _at, ...rest }) => rest),
    sources: Object.fromEntries(Object.entries(j.sources as Record<string, unknown>).filter(([src]) => mine(src))),
  };
}

let runNo = 0;

test('--as-of any snapshot time gives what a store that only received the drops up to then gives (compliance, export, status)', async (t) => {
  const [full, prefix] = [workDir(t), workDir(t)];
  await fc.assert(fc.asyncProperty(scenario, async (s) => {
    const source = `asof${++runNo}`;
    const drops = dropsOf(s);
    for (const [k, d] of drops.entries()) await importDrop(full, d, k, source);
    for (const [k, d] of drops.entries()) {
      await importDrop(prefix, d, k, source);
      const at = new Date(d.at).toISOString();
      const where = `snapshot ${k + 1} of ${drops.length} (${at})`;
      // The run's tickets and calls share its source name: `--source` keeps them, and only them.
      // a snapshot where the source holds nothing yet is refused (exit 2) by both, with the same words
      const outcome = (r: CliRun) => (r.code === 0 ? r.json() : { code: r.code, stderr: r.stderr });
      const replayed = outcome(await run(full, 'compliance', '--json', '--as-of', at, '--by', 'borough,month', '--source', source));
      const known = outcome(await run(prefix, 'compliance', '--json', '--by', 'borough,month', '--source', source));
      assert.deepEqual(replayed, known, `${where}: compliance`);
      assert.ok(!('code' in replayed) || replayed.code === 2, `${where}: ${JSON.stringify(replayed)}`);
      await runJson(full, 'export', 'vigie-tickets', '--json', '--as-of', at, '--source', source, '--out', `${source}-${k}.csv`);
      await runJson(prefix, 'export', 'vigie-tickets', '--json', '--source', source, '--out', `${source}-${k}.csv`);
      assert.equal(readFileSync(`${full}/${source}-${k}.csv`, 'utf8'), readFileSync(`${prefix}/${source}-${k}.csv`, 'utf8'), `${where}: export`);
      assert.deepEqual(statusOf(await runJson(full, 'status', '--json', '--as-of', at), source), statusOf(await runJson(prefix, 'status', '--json'), source),
        `${where}: status`);
    }
  }), { numRuns: 4, includeErrorInReport: true, interruptAfterTimeLimit: 90_000 });
  t.pass();
});
