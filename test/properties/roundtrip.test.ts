/**
 * Property: parse → write → parse of the generic formats is the identity (README.md, Formats: `vigie export
 * vigie-tickets|vigie-calls|vigie-call-intervals` writes the records back exactly, formulas not neutralised).
 * Random canonical records — text with commas, quotes, CR/LF, accents, emoji, semicolons and
 * spreadsheet-formula-looking values (`=SUM(…)`, `+33…`, `-5`, `@cmd`), instants to the microsecond written with `Z` or
 * any offset, numbers with decimals, coordinates (any double in range), empty optional fields — are written as a CSV
 * (columns in any order, quoted minimally or everywhere, LF or CRLF), imported into store A, exported, imported into
 * store B, exported again:
 *
 * - the records read back from A's export are the records written (same text, same instants, same numbers, NULL as
 *   empty: a value that looks like a formula comes back as it was, without a leading quote);
 * - B's export is byte for byte A's export.
 *
 * Canonical means what the store keeps of a value: text trimmed and non-empty, borough names with single spaces (and
 * one spelling per name in a file), closes not before creation, theme ids, coded values in their canonical spelling.
 */
import test from 'ava';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { resolveBorough } from '../../src/standards/boroughs.ts';
import { loadThemes } from '../../src/standards/themes.ts';
import { csvText, runJson, workDir, writeDrop } from './_helpers.ts';

const PARAMS = { includeErrorInReport: true, interruptAfterTimeLimit: 90_000 } as const;
const THEMES = loadThemes().map((t) => t.id);

// ---------------------------------------------------------------------------------------------------------------
// Values

/** Characters that CSV writers and readers get wrong, and some ordinary ones. */
const CHARS = ['a', 'b', 'Z', '7', ' ', ' ', ',', ';', '"', '""', "'", '\n', '\r\n', '\t', 'é', 'É', 'ç', 'ô', 'ß', '🚧', '\\', '|', '='];
/** Values a spreadsheet would take for a formula: they must come back exactly (no leading quote). */
const FORMULAS = ['=SUM(A1:A2)', '=HYPERLINK("http://example.org","x")', '+33 1 23 45', '-5', '@cmd', '=1+1', "'=déjà cité"];

/** Text as a source writes it, kept only when canonical (the store trims and drops empty text). */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 12 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.constantFrom(...FORMULAS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }) },
).filter((s) => s.trim() === s && s !== '');

/** A borough as a store keeps it: one space between words, and not a Montréal alias (which is resolved to its name). */
const borough = fc.oneof(
  fc.constantFrom('Ville-Marie', 'Côte-des-Neiges-Notre-Dame-de-Grâce', "L'Île-Bizard-Sainte-Geneviève", 'Verdun'),
  text.map((s) => s.replace(/\s+/g, ' ')).filter((s) => s.trim() === s && resolveBorough(s) === null),
);

/** An instant to the microsecond, 1991–2025 (after --min-date, before the pinned clock). */
const instantUs = fc.tuple(fc.integer({ min: Date.parse('1991-01-01T00:00:00Z'), max: Date.parse('2025-06-01T00:00:00Z') }),
  fc.constantFrom(0, 0, 0, 1, 500, 999, 120, 7)).map(([ms, us]) => ms * 1000 + us);

/** An offset in minutes (quarter hours, −12:00 to +14:00) or `Z`, and how many fraction digits to write. */
const timeWriting = fc.record({ offset: fc.option(fc.integer({ min: -48, max: 56 }).map((q) => q * 15), { nil: null }),
  digits: fc.constantFrom(0, 3, 6) });
type TimeWriting = typeof timeWriting extends fc.Arbitrary<infer T> ? T : never;

/** An instant (µs) written as ISO 8601 with `Z` or an offset; fraction digits as asked, never fewer than needed. */
function writeUs(us: number, w: TimeWriting): string {
  const off = w.offset ?? 0;
  const localUs = us + off * 60_000_000;
  const ms = Math.floor(localUs / 1000);
  const frac = String((ms % 1000) * 1000 + (localUs - ms * 1000)).padStart(6, '0');
  const digits = frac.replace(/0+$/, '').length > w.digits ? 6 : w.digits;
  const base = new Date(ms).toISOString().slice(0, 19) + (digits ? `.${frac.slice(0, digits)}` : '');
  if (w.offset === null) return `${base}Z`;
  const a = Math.abs(off);
  return `${base}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** `2018-09-03T12:14:22.5Z` (as exported) → µs. */
function readUs(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/.exec(s);
  assert.ok(m, `not an ISO instant in UTC: ${JSON.stringify(s)}`);
  return Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** Seconds as an export reads them: whole, with decimals, or any double in range. */
const seconds = (max: number) => fc.oneof(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: max * 1000 }).map((x) => x / 1000),
  fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true }));

const layout = fc.record({ quoteAll: fc.boolean(), crlf: fc.boolean(), shuffle: fc.nat() });
type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

/** The columns in a pseudo-random order (a rotation, then adjacent swaps), so that files differ from the export. */
function order<T>(cols: readonly T[], seed: number): T[] {
  const out = cols.slice(seed % cols.length).concat(cols.slice(0, seed % cols.length));
  for (let i = 1; i < out.length; i++) if ((seed >> i) & 1) [out[i - 1], out[i]] = [out[i]!, out[i - 1]!];
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The round trip

/** One format: its columns, and how a record is written (cells) and compared (the parsed export's row → canonical). */
interface Format<R> {
  name: string;
  columns: readonly string[];
  cells: (r: R) => Record<string, string | null>;
  expected: (r: R) => Record<string, string | number | null>;
  parsed: (row: Record<string, string>) => Record<string, string | number | null>;
  key: (r: Record<string, string | number | null>) => string;
}

let runNo = 0;

async function roundTrip<R>(dirA: string, dirB: string, f: Format<R>, records: R[], lay: Layout): Promise<void> {
  const n = ++runNo;
  const source = `rt-${n}`;
  const cols = order(f.columns, lay.shuffle);
  const file = writeDrop(dirA, `${source}.csv`, csvText(cols, records.map((r) => {
    const c = f.cells(r);
    return cols.map((k) => c[k] ?? null);
  }), lay));
  const first = await runJson(dirA, 'import', '--json', '--format', f.name, '--source', source, file);
  assert.deepEqual(first.counts, { read: records.length, inserted: records.length, updated: 0, unchanged: 0,
    stale: 0, rejected: 0, duplicate_in_file: 0 }, `import of the written file: ${JSON.stringify(first.findings)}`);
  const outA = `${dirA}/${source}-export.csv`;
  await runJson(dirA, 'export', f.name, '--source', source, '--out', outA, '--json');
  const textA = readFileSync(outA, 'utf8');
  const rows = parse(textA, { columns: true, skip_empty_lines: false, relax_column_count: false }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0] ?? Object.fromEntries(f.columns.map((c) => [c, '']))), [...f.columns], 'the export header');
  const sort = (xs: Record<string, string | number | null>[]) => xs.sort((a, b) => (f.key(a) < f.key(b) ? -1 : f.key(a) > f.key(b) ? 1 : 0));
  assert.deepEqual(sort(rows.map(f.parsed)), sort(records.map(f.expected)), 'the records read back from the export');

  const second = await runJson(dirB, 'import', '--json', '--format', f.name, '--source', source, outA);
  assert.equal(second.counts.inserted, records.length, `re-import of the export: ${JSON.stringify(second.findings)}`);
  const outB = `${dirB}/${source}-export.csv`;
  await runJson(dirB, 'export', f.name, '--source', source, '--out', outB, '--json');
  assert.equal(readFileSync(outB, 'utf8'), textA, 'the second export is the first, byte for byte');
}

const orNull = (s: string | undefined) => (s === undefined || s === '' ? null : s);
const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
const us = (s: string | undefined) => (s === undefined || s === '' ? null : readUs(s));

// ---------------------------------------------------------------------------------------------------------------
// vigie-tickets

const STATUSES = ['open', 'closed', 'cancelled', 'refused', 'duplicate', 'unknown'];
const CHANNELS = ['phone', 'email', 'web', 'mobile', 'in_person', 'social', 'mail', 'fax', 'other', 'unknown'];

const ticket = fc.record({
  id: text,
  created: instantUs,
  closedAfter: fc.option(fc.integer({ min: 0, max: 400 * 86_400 }).map((s) => s * 1_000_000 + 3), { nil: null }),
  due: fc.option(instantUs, { nil: null }),
  status: fc.option(fc.constantFrom(...STATUSES), { nil: null }),
  borough: fc.option(fc.nat(), { nil: null }),
  category: fc.option(text, { nil: null }),
  theme: fc.constantFrom(...THEMES),
  channel: fc.option(fc.constantFrom(...CHANNELS), { nil: null }),
  // A usable point (not 0, 0; no −0, which a CSV cannot tell from 0): any double in range, or a few decimals.
  place: fc.option(fc.tuple(fc.oneof(fc.double({ min: -90, max: 90, noNaN: true }), fc.integer({ min: -900_000, max: 900_000 }).map((x) => x / 10_000)),
    fc.oneof(fc.double({ min: -180, max: 180, noNaN: true }), fc.integer({ min: -1_800_000, max: 1_800_000 }).map((x) => x / 10_000)))
    .map(([lat, lon]) => [lat + 0, lon + 0] as const).filter(([lat, lon]) => !(lat === 0 && lon === 0)), { nil: null }),
  address: fc.option(text, { nil: null }),
  writing: fc.tuple(timeWriting, timeWriting, timeWriting),
});
type Ticket = typeof ticket extends fc.Arbitrary<infer T> ? T & { boroughName: string | null } : never;

const TICKETS: Format<Ticket> = {
  name: 'vigie-tickets',
  columns: ['id', 'created_at', 'closed_at', 'status', 'due_at', 'borough', 'category', 'theme', 'channel', 'latitude', 'longitude', 'address'],
  cells: (r) => ({ id: r.id, created_at: writeUs(r.created, r.writing[0]),
    closed_at: r.closedAfter === null ? null : writeUs(r.created + r.closedAfter, r.writing[1]),
    status: r.status, due_at: r.due === null ? null : writeUs(r.due, r.writing[2]), borough: r.boroughName, category: r.category, theme: r.theme,
    channel: r.channel, latitude: r.place && String(r.place[0]), longitude: r.place && String(r.place[1]), address: r.address }),
  // A missing status or channel is read as unknown.
  expected: (r) => ({ id: r.id, created_at: r.created, closed_at: r.closedAfter === null ? null : r.created + r.closedAfter,
    status: r.status ?? 'unknown', due_at: r.due, borough: r.boroughName, category: r.category, theme: r.theme, channel: r.channel ?? 'unknown',
    latitude: r.place?.[0] ?? null, longitude: r.place?.[1] ?? null, address: r.address }),
  parsed: (x) => ({ id: x.id!, created_at: us(x.created_at), closed_at: us(x.closed_at), status: x.status!, due_at: us(x.due_at),
    borough: orNull(x.borough), category: orNull(x.category), theme: x.theme!, channel: x.channel!, latitude: num(x.latitude),
    longitude: num(x.longitude), address: orNull(x.address) }),
  key: (r) => String(r.id),
};

test('vigie-tickets: import → export → import → export keeps every record and every byte', async (t) => {
  const [a, b] = [workDir(t), workDir(t)];
  const tickets = fc.record({
    // Borough names of the file: one spelling per name (the store groups spellings that differ only by case).
    boroughs: fc.uniqueArray(borough, { minLength: 1, maxLength: 4, selector: (s) => s.toLowerCase() }),
    rows: fc.uniqueArray(ticket, { minLength: 1, maxLength: 25, selector: (r) => r.id }),
  });
  await fc.assert(fc.asyncProperty(tickets, layout, async ({ boroughs, rows }, lay) => {
    const records = rows.map((r) => ({ ...r, boroughName: r.borough === null ? null : boroughs[r.borough % boroughs.length]! }));
    await roundTrip(a, b, TICKETS, records, lay);
  }), { ...PARAMS, numRuns: 8 });
  t.pass();
});

// ---------------------------------------------------------------------------------------------------------------
// vigie-calls

const OUTCOMES = ['answered', 'abandoned', 'timeout', 'callback', 'blocked', 'other'];

const callRec = fc.record({
  id: text,
  queued: instantUs,
  outcome: fc.constantFrom(...OUTCOMES),
  wait: seconds(86_400),
  talk: fc.option(seconds(20_000), { nil: null }),
  queue: fc.option(text, { nil: null }),
  theme: fc.option(fc.constantFrom(...THEMES), { nil: null }),
  borough: fc.option(borough, { nil: null }),
  agentSite: fc.option(borough, { nil: null }),
  transferred: fc.option(fc.boolean(), { nil: null }),
  writing: timeWriting,
});
type CallRec = typeof callRec extends fc.Arbitrary<infer T> ? T : never;

const CALLS: Format<CallRec> = {
  name: 'vigie-calls',
  columns: ['id', 'queued_at', 'outcome', 'wait_seconds', 'talk_seconds', 'queue', 'theme', 'borough', 'agent_site', 'transferred'],
  cells: (r) => ({ id: r.id, queued_at: writeUs(r.queued, r.writing), outcome: r.outcome, wait_seconds: String(r.wait),
    talk_seconds: r.talk === null ? null : String(r.talk), queue: r.queue, theme: r.theme, borough: r.borough, agent_site: r.agentSite,
    transferred: r.transferred === null ? null : String(r.transferred) }),
  expected: (r) => ({ id: r.id, queued_at: r.queued, outcome: r.outcome, wait_seconds: r.wait, talk_seconds: r.talk, queue: r.queue,
    theme: r.theme, borough: r.borough, agent_site: r.agentSite, transferred: r.transferred === null ? null : String(r.transferred) }),
  parsed: (x) => ({ id: x.id!, queued_at: us(x.queued_at), outcome: x.outcome!, wait_seconds: num(x.wait_seconds), talk_seconds: num(x.talk_seconds),
    queue: orNull(x.queue), theme: orNull(x.theme), borough: orNull(x.borough), agent_site: orNull(x.agent_site), transferred: orNull(x.transferred) }),
  key: (r) => String(r.id),
};

test('vigie-calls: import → export → import → export keeps every record and every byte', async (t) => {
  const [a, b] = [workDir(t), workDir(t)];
  await fc.assert(fc.asyncProperty(fc.uniqueArray(callRec, { minLength: 1, maxLength: 25, selector: (r) => r.id }), layout, async (rows, lay) => {
    await roundTrip(a, b, CALLS, rows, lay);
  }), { ...PARAMS, numRuns: 8 });
  t.pass();
});

// ---------------------------------------------------------------------------------------------------------------
// vigie-call-intervals

const intervalRec = fc.record({
  // Whole minutes (a start is the beginning of an ACD interval); often one of a few, so that intervals of different
  // lengths start together.
  start: fc.oneof(fc.constantFrom(...['2018-09-03T12:00:00Z', '2018-11-04T05:30:00Z', '2018-03-11T07:00:00Z'].map((x) => Date.parse(x) * 1000)),
    fc.integer({ min: Date.parse('1991-01-01T00:00:00Z') / 60_000, max: Date.parse('2025-06-01T00:00:00Z') / 60_000 }).map((m) => m * 60_000_000)),
  minutes: fc.oneof(fc.constantFrom(15, 30, 60, 1440), fc.integer({ min: 1, max: 10_080 })),
  queue: fc.option(text, { nil: null }),
  theme: fc.option(fc.constantFrom(...THEMES), { nil: null }),
  borough: fc.option(borough, { nil: null }),
  offered: fc.nat({ max: 5000 }),
  answered: fc.nat({ max: 5000 }),
  abandoned: fc.nat({ max: 5000 }),
  withinShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  threshold: fc.option(seconds(600), { nil: null }),
  waitTotal: fc.option(seconds(1e7), { nil: null }),
  talkTotal: fc.option(seconds(1e7), { nil: null }),
  short: fc.option(fc.nat({ max: 500 }), { nil: null }),
  writing: timeWriting,
});
type IntervalRec = typeof intervalRec extends fc.Arbitrary<infer T> ? T : never;

const within = (r: IntervalRec) => (r.withinShare === null ? null : Math.floor(r.answered * r.withinShare));
const intervalKey = (r: { start: number; minutes: number; queue: string | null; theme: string | null; borough: string | null }) =>
  JSON.stringify([r.start, r.minutes, r.queue, r.theme, r.borough]);

const INTERVALS: Format<IntervalRec> = {
  name: 'vigie-call-intervals',
  columns: ['interval_start', 'interval_minutes', 'queue', 'theme', 'borough', 'offered', 'answered', 'abandoned', 'answered_within',
    'threshold_seconds', 'wait_seconds_answered_total', 'talk_seconds_total', 'abandoned_short'],
  cells: (r) => ({ interval_start: writeUs(r.start, r.writing), interval_minutes: String(r.minutes), queue: r.queue, theme: r.theme, borough: r.borough,
    offered: String(r.offered), answered: String(r.answered), abandoned: String(r.abandoned),
    answered_within: within(r) === null ? null : String(within(r)), threshold_seconds: r.threshold === null ? null : String(r.threshold),
    wait_seconds_answered_total: r.waitTotal === null ? null : String(r.waitTotal),
    talk_seconds_total: r.talkTotal === null ? null : String(r.talkTotal), abandoned_short: r.short === null ? null : String(r.short) }),
  expected: (r) => ({ interval_start: r.start, interval_minutes: r.minutes, queue: r.queue, theme: r.theme, borough: r.borough, offered: r.offered,
    answered: r.answered, abandoned: r.abandoned, answered_within: within(r), threshold_seconds: r.threshold, wait_seconds_answered_total: r.waitTotal,
    talk_seconds_total: r.talkTotal, abandoned_short: r.short }),
  parsed: (x) => ({ interval_start: us(x.interval_start), interval_minutes: num(x.interval_minutes), queue: orNull(x.queue), theme: orNull(x.theme),
    borough: orNull(x.borough), offered: num(x.offered), answered: num(x.answered), abandoned: num(x.abandoned),
    answered_within: num(x.answered_within), threshold_seconds: num(x.threshold_seconds), wait_seconds_answered_total: num(x.wait_seconds_answered_total),
    talk_seconds_total: num(x.talk_seconds_total), abandoned_short: num(x.abandoned_short) }),
  key: (r) => intervalKey({ start: Number(r.interval_start), minutes: Number(r.interval_minutes), queue: r.queue as string | null,
    theme: r.theme as string | null, borough: r.borough as string | null }),
};

test('vigie-call-intervals: import → export → import → export keeps every record and every byte', async (t) => {
  const [a, b] = [workDir(t), workDir(t)];
  const rows = fc.uniqueArray(intervalRec, { minLength: 1, maxLength: 25, selector: (r) => intervalKey(r) });
  await fc.assert(fc.asyncProperty(rows, layout, async (records, lay) => {
    await roundTrip(a, b, INTERVALS, records, lay);
  }), { ...PARAMS, numRuns: 8 });
  t.pass();
});
