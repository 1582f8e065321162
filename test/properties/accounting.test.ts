/**
 * Property: every row an import reads is accounted for. For random small drops — duplicates (also an id written with
 * spaces around it), missing ids, bad and out-of-range dates, structurally broken rows, repeated snapshots of the same
 * ids with changed statuses, the same instant written with Z, with an offset or as naive Montréal time, drops imported
 * out of order, a drop re-imported verbatim — the `--json` counts of each import satisfy the accounting identity (docs/methods.md §7.2)
 *
 *     read = inserted + updated + unchanged + stale + rejected + duplicate_in_file
 *
 * and each count equals what a model of the store predicts from the rows themselves (read = the records written;
 * rejected = rows with an error; the last valid row of an id wins; then inserted / updated / unchanged / stale against
 * the model's current version of the id). After the drops, the store's current rows are the model's.
 *
 * One store per property: each run imports under a source of its own, so that runs do not see each other's rows.
 */
import test from 'ava';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { queryStore } from '../fixtures/nasty/helpers.ts';
import { csvText, runJson, workDir, writeDrop, writeInstant, type TimeStyle } from './_helpers.ts';
import type { Counts } from '../../src/store/import.ts';

const DAY = 86_400_000;
/** Rows are created from 1 September 2018 (Montréal is at −04:00 until November: no DST change in the data). */
const BASE = Date.parse('2018-09-01T00:00:00Z');
const STYLES: TimeStyle[] = ['z', 'offset', 'local', 'local-t'];


/** `arb` one time in `n`, else null. */
const oneIn = <T>(n: number, arb: fc.Arbitrary<T>) => fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const zero = (): Counts => ({ read: 0, inserted: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });

const identity = (c: Counts) => c.inserted + c.updated + c.unchanged + c.stale + c.rejected + c.duplicate_in_file;

/** What the model keeps of a row: its id, the stored fields as a comparable key, and whether an error rejects it. */
interface ModelRow {
  id: string | null;
  /** The stored fields (JSON), compared to decide unchanged vs updated; null for a rejected row. */
  stored: string | null;
  /** The main time (created or queued), to apply "more than a day after the snapshot time" (an error). */
  mainMs: number | null;
}

interface Drop {
  text: string;
  rows: ModelRow[];
  snapshotMs: number;
  mode: 'snapshot' | 'incremental';
}

/**
 * Imports the drops one by one under `source` and checks each import's counts against the model; returns the model's
 * current rows (id → stored fields) for the caller to compare with the store.
 */
async function checkDrops(dir: string, format: string, source: string, drops: Drop[]): Promise<Map<string, string>> {
  const model = new Map<string, { stored: string; validFrom: number }>();
  const seen: { text: string; counts: Counts }[] = [];
  for (const [i, d] of drops.entries()) {
    const file = writeDrop(dir, `${source}-${i}.csv`, d.text);
    const j = await runJson(dir, 'import', '--json', '--format', format, '--source', source, '--mode', d.mode,
      '--snapshot-time', new Date(d.snapshotMs).toISOString(), file);
    const c = j.counts as Counts;
    assert.equal(c.read, identity(c), `identity broken at drop ${i}: ${JSON.stringify(c)}`);
    assert.equal(c.read, d.rows.length, `drop ${i}: read ${c.read} but the file has ${d.rows.length} records`);
    const prior = seen.find((s) => s.text === d.text);
    if (prior) {
      // The same bytes again: nothing changes, every row that was not rejected or a duplicate is unchanged.
      assert.equal(j.noop, true, `drop ${i} repeats an earlier file but is not a no-op`);
      assert.deepEqual(c, { ...zero(), read: prior.counts.read, rejected: prior.counts.rejected,
        duplicate_in_file: prior.counts.duplicate_in_file,
        unchanged: prior.counts.read - prior.counts.rejected - prior.counts.duplicate_in_file }, `drop ${i} (no-op)`);
      continue;
    }
    const want = { ...zero(), read: d.rows.length };
    const last = new Map<string, string>();
    for (const r of d.rows) {
      if (r.stored === null || r.id === null || (r.mainMs !== null && r.mainMs > d.snapshotMs + DAY)) {
        want.rejected++;
        continue;
      }
      if (last.has(r.id)) want.duplicate_in_file++;
      last.delete(r.id);
      last.set(r.id, r.stored);
    }
    for (const [id, stored] of last) {
      const cur = model.get(id);
      if (!cur) want.inserted++;
      else if (cur.validFrom > d.snapshotMs) want.stale++;
      else if (cur.stored === stored) want.unchanged++;
      else want.updated++;
      if (!cur || (cur.validFrom <= d.snapshotMs && cur.stored !== stored)) model.set(id, { stored, validFrom: d.snapshotMs });
    }
    assert.deepEqual(c, want, `drop ${i} (${d.mode}, snapshot ${new Date(d.snapshotMs).toISOString()})`);
    assert.equal(j.noop, false);
    seen.push({ text: d.text, counts: c });
  }
  return new Map([...model].map(([id, v]) => [id, v.stored]));
}

// ---------------------------------------------------------------------------------------------------------------
// Tickets (vigie-tickets)

const TICKET_COLUMNS = ['id', 'created_at', 'closed_at', 'status', 'due_at', 'borough', 'category', 'channel'] as const;

/**
 * A ticket as the source knows it over the run: fixed fields, and one or two versions of what changes between
 * snapshots (its status and close). A drop re-publishes each ticket at one version; its rows write the times and the id
 * their own way, so the same version written otherwise is still unchanged.
 */
const ticketBase = fc.record({
  id: fc.constantFrom('T1', 'T2', 'T3', 'x,"y"'),
  day: fc.integer({ min: 0, max: 12 }),
  // 10:00–23:59 UTC: a naive Montréal time is never in a DST change.
  second: fc.integer({ min: 36_000, max: 86_399 }),
  dueAfter: fc.option(fc.integer({ min: 0, max: 20 * 86_400 }), { nil: null }),
  borough: fc.constantFrom('', 'Ville-Marie', 'Rosemont'),
  category: fc.constantFrom('', 'Nid-de-poule', 'Graffiti', 'Xyz inconnu'),
  channel: fc.constantFrom('', 'phone', 'Phone', 'web', 'fax machine'),
  versions: fc.array(fc.record({
    status: fc.constantFrom('open', 'closed', 'Closed', 'cancelled', 'weird', ''),
    // A close up to two days before creation (kept, with a warning; stored without its close) or ten days after.
    closedAfter: fc.oneof(fc.constant(null), fc.integer({ min: -2 * 86_400, max: -1 }), fc.integer({ min: 0, max: 10 * 86_400 })),
  }), { minLength: 1, maxLength: 2 }),
});
type TicketBase = typeof ticketBase extends fc.Arbitrary<infer T> ? T : never;

/** One row of a drop: a ticket of the run (at the drop's version, or now and then another), maybe broken. */
const ticketRow = fc.record({
  base: fc.nat(),
  // One row in five has an error.
  fate: fc.oneof({ weight: 4, arbitrary: fc.constant('ok') },
    fc.constantFrom('no_id', 'bad_created', 'missing_created', 'before_min_date', 'bad_closed', 'malformed')),
  other: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
  // ' T2 ' is the id T2: ids are trimmed; so are the other fields (' closed ' is the status closed).
  pad: fc.boolean(),
  createdStyle: fc.constantFrom(...STYLES),
  closedStyle: fc.constantFrom(...STYLES),
});
type TicketRow = typeof ticketRow extends fc.Arbitrary<infer T> ? T : never;

const blank = (s: string) => (s.trim() === '' ? null : s.trim());
const pad = (s: string, yes: boolean) => (yes && s !== '' ? ` ${s} ` : s);
/** An instant shifted by whole seconds, kept between 10:00 and 23:59 UTC of its day (naive times stay clear of DST). */
const shifted = (from: number, seconds: number) => {
  const ms = from + seconds * 1000;
  const day = Math.floor(ms / DAY) * DAY;
  return ms - day < 36_000_000 ? day + 36_000_000 : ms;
};

function ticketDrop(bases: TicketBase[], version: number, rows: TicketRow[], order: number[], snapshotMs: number, mode: Drop['mode']): Drop {
  const header = order.map((k) => TICKET_COLUMNS[k]!);
  const lines: (string | null)[][] = [];
  const model: ModelRow[] = [];
  for (const r of rows) {
    const b = bases[r.base % bases.length]!;
    const v = b.versions[(version + (r.other ? 1 : 0)) % b.versions.length]!;
    const created = BASE + b.day * DAY + b.second * 1000;
    const closed = v.closedAfter === null ? null : shifted(created, v.closedAfter);
    const due = b.dueAfter === null ? null : created + b.dueAfter * 1000;
    const cells: Record<string, string | null> = {
      id: r.fate === 'no_id' ? ' ' : pad(b.id, r.pad),
      created_at: r.fate === 'bad_created' ? '2018-02-30 10:00:00' : r.fate === 'missing_created' ? ''
        : r.fate === 'before_min_date' ? '1989-06-01T12:00:00Z' : writeInstant(created, r.createdStyle),
      closed_at: r.fate === 'bad_closed' ? 'yesterday' : closed === null ? null : writeInstant(closed, r.closedStyle),
      status: pad(v.status, r.pad), due_at: due === null ? null : writeInstant(due, 'z'), borough: pad(b.borough, r.pad),
      category: b.category, channel: b.channel,
    };
    const line = header.map((h) => cells[h] ?? null);
    if (r.fate === 'malformed') line.push('one field too many');
    lines.push(line);
    const ok = r.fate === 'ok';
    model.push({
      id: ok ? b.id : null,
      // A close before the creation is not stored (left out of durations): the stored close is then empty.
      stored: ok ? JSON.stringify([created, closed !== null && closed >= created ? closed : null, blank(v.status), due, blank(b.borough),
        blank(b.category), blank(b.channel)]) : null,
      mainMs: ok ? created : null,
    });
  }
  return { text: csvText(header, lines), rows: model, snapshotMs, mode };
}

/**
 * The drops of a run: the tickets they re-publish, then per drop its version of the tickets, rows, a column order, a
 * mode, its snapshot time (the first 8 to 15 days after BASE, each next one from 5 days earlier — a drop imported out
 * of order — to 10 days later), or a verbatim repeat of an earlier drop.
 */
const ticketDrops = fc.record({
  bases: fc.array(ticketBase, { minLength: 1, maxLength: 3 }),
  firstSnapshot: fc.integer({ min: 8 * 86_400, max: 15 * 86_400 }),
  drops: fc.array(fc.record({
    version: fc.nat({ max: 1 }),
    rows: fc.array(ticketRow, { minLength: 1, maxLength: 6 }),
    order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 8, maxLength: 8 }),
    step: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 10 * 86_400 }) }, fc.integer({ min: -5 * 86_400, max: -1 })),
    mode: fc.constantFrom('snapshot' as const, 'incremental' as const),
    repeat: oneIn(5, fc.nat()),
  }), { minLength: 2, maxLength: 4 }),
});

let ticketRun = 0;

test('tickets: every row read is inserted, updated, unchanged, stale, rejected or a duplicate, as a model of the store predicts', async (t) => {
  const dir = workDir(t);
  await fc.assert(fc.asyncProperty(ticketDrops, async (spec) => {
    const source = `acct-t${++ticketRun}`;
    const drops: Drop[] = [];
    let snapshot = BASE + spec.firstSnapshot * 1000;
    for (const [i, s] of spec.drops.entries()) {
      if (i) snapshot += s.step * 1000;
      const repeated = s.repeat !== null && drops.length ? drops[s.repeat % drops.length]! : null;
      drops.push(repeated ? { ...repeated, snapshotMs: snapshot } : ticketDrop(spec.bases, s.version, s.rows, s.order, snapshot, s.mode));
    }
    const model = await checkDrops(dir, 'vigie-tickets', source, drops);
    const stored = await queryStore(dir, `SELECT id, epoch_ms(created_at) AS c, epoch_ms(closed_at) AS x, status_raw, epoch_ms(due_at) AS d,
        borough_raw, category, channel_raw FROM tickets WHERE source = '${source}' ORDER BY id`);
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    assert.deepEqual(new Map(stored.map((r) => [String(r.id), JSON.stringify([num(r.c), num(r.x), r.status_raw, num(r.d), r.borough_raw,
      r.category, r.channel_raw])])), model, 'the current rows of the store');
  }), { numRuns: 10, includeErrorInReport: true, interruptAfterTimeLimit: 90_000 });
  t.pass();
});

// ---------------------------------------------------------------------------------------------------------------
// Calls (vigie-calls)

const CALL_COLUMNS = ['id', 'queued_at', 'outcome', 'wait_seconds', 'transferred'] as const;

/** Raw wait → seconds, or null when an error rejects it (missing, unreadable, negative, over a day). */
const WAITS: Record<string, number | null> = { '0': 0, '42': 42, '100': 100, '0:01:40': 100, '1:40': 100, '12.5': 12.5, '': null,
  'abc': null, '-3': null, '90000': null };
/** Raw outcomes; unknown ('hung up') and missing ones are errors. */
const OUTCOMES = ['answered', 'Abandoned', ' timeout ', 'callback', 'blocked', 'other', 'hung up', ''];
const knownOutcome = (raw: string) => ['answered', 'abandoned', 'timeout', 'callback', 'blocked', 'other'].includes(raw.trim().toLowerCase());
/** Raw transferred flag → stored value (an unreadable flag is a warning and stored empty). */
const TRANSFERRED: Record<string, boolean | null> = { '': null, 'true': true, '0': false, 'oui': true, 'maybe': null };

/** A call as the log knows it: fixed fields and one or two versions of its outcome and wait (a drop picks one). */
const callBase = fc.record({
  id: fc.constantFrom('C1', 'C2', 'C3'),
  day: fc.integer({ min: 0, max: 12 }),
  second: fc.integer({ min: 36_000, max: 86_399 }),
  transferred: fc.constantFrom(...Object.keys(TRANSFERRED)),
  versions: fc.array(fc.record({ outcome: fc.constantFrom(...OUTCOMES), wait: fc.constantFrom(...Object.keys(WAITS)) }),
    { minLength: 1, maxLength: 2 }),
});
type CallBase = typeof callBase extends fc.Arbitrary<infer T> ? T : never;

const callRow = fc.record({
  base: fc.nat(),
  fate: fc.oneof({ weight: 4, arbitrary: fc.constant('ok') }, fc.constantFrom('no_id', 'bad_queued', 'malformed')),
  other: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
  pad: fc.boolean(),
  style: fc.constantFrom(...STYLES),
  // The same wait written another way (100, 0:01:40, 1:40) is the same wait.
  respell: fc.boolean(),
});
type CallRow = typeof callRow extends fc.Arbitrary<infer T> ? T : never;

/** Other spellings of the same wait. */
const RESPELL: Record<string, string> = { '100': '0:01:40', '0:01:40': '1:40', '1:40': '100', '42': '0:42', '0': '0:00:00' };

function callDrop(bases: CallBase[], version: number, rows: CallRow[], order: number[], snapshotMs: number, mode: Drop['mode']): Drop {
  const header = order.map((k) => CALL_COLUMNS[k]!);
  const lines: (string | null)[][] = [];
  const model: ModelRow[] = [];
  for (const r of rows) {
    const b = bases[r.base % bases.length]!;
    const v = b.versions[(version + (r.other ? 1 : 0)) % b.versions.length]!;
    const queued = BASE + b.day * DAY + b.second * 1000;
    const cells: Record<string, string> = {
      id: r.fate === 'no_id' ? '' : pad(b.id, r.pad), queued_at: r.fate === 'bad_queued' ? '2018-09-31T10:00:00' : writeInstant(queued, r.style),
      outcome: pad(v.outcome, r.pad), wait_seconds: (r.respell ? RESPELL[v.wait] : undefined) ?? v.wait, transferred: b.transferred,
    };
    const line: (string | null)[] = header.map((h) => cells[h]!);
    if (r.fate === 'malformed') line.splice(1, 1);
    lines.push(line);
    const ok = r.fate === 'ok' && knownOutcome(v.outcome) && WAITS[v.wait] !== null;
    model.push({
      id: ok ? b.id : null,
      stored: ok ? JSON.stringify([queued, v.outcome.trim(), WAITS[v.wait], TRANSFERRED[b.transferred]]) : null,
      mainMs: ok ? queued : null,
    });
  }
  return { text: csvText(header, lines), rows: model, snapshotMs, mode };
}

const callDrops = fc.record({
  bases: fc.array(callBase, { minLength: 1, maxLength: 3 }),
  firstSnapshot: fc.integer({ min: 8 * 86_400, max: 15 * 86_400 }),
  drops: fc.array(fc.record({
    version: fc.nat({ max: 1 }),
    rows: fc.array(callRow, { minLength: 1, maxLength: 6 }),
    order: fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
    step: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 10 * 86_400 }) }, fc.integer({ min: -5 * 86_400, max: -1 })),
    mode: fc.constantFrom('snapshot' as const, 'incremental' as const),
  }), { minLength: 2, maxLength: 3 }),
});

let callRun = 0;

test('calls: every row read is accounted for, as a model of the store predicts (waits in seconds or h:mm:ss, bad outcomes and waits rejected)', async (t) => {
  const dir = workDir(t);
  await fc.assert(fc.asyncProperty(callDrops, async (spec) => {
    const source = `acct-c${++callRun}`;
    let snapshot = BASE + spec.firstSnapshot * 1000;
    const drops = spec.drops.map((s, i) => callDrop(spec.bases, s.version, s.rows, s.order, (snapshot += i ? s.step * 1000 : 0), s.mode));
    const model = await checkDrops(dir, 'vigie-calls', source, drops);
    const stored = await queryStore(dir, `SELECT id, epoch_ms(queued_at) AS q, outcome_raw, wait_seconds, transferred FROM calls
      WHERE source = '${source}' ORDER BY id`);
    assert.deepEqual(new Map(stored.map((r) => [String(r.id), JSON.stringify([Number(r.q), r.outcome_raw, Number(r.wait_seconds),
      r.transferred ?? null])])), model, 'the current rows of the store');
  }), { numRuns: 8, includeErrorInReport: true, interruptAfterTimeLimit: 90_000 });
  t.pass();
});
