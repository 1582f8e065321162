/**
 * The built-in formats of other cities (src/formats/builtin.ts) on small hand-written files (test/fixtures/sources,
 * its README says what each holds): detection, exact counts, and what reaches the store — times converted to UTC,
 * due dates, close times, statuses, channels, boroughs and themes. Times are formatted in SQL (in UTC), never by the
 * process, so that the suite gives the same results under TZ=UTC and TZ=America/Toronto.
 */
import test, { type ExecutionContext } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, tempDir, vigie } from '../_helpers/cli.ts';
import { accounted, PINNED, queryStore } from '../fixtures/nasty/helpers.ts';
import { compileThemeMap } from '../../src/standards/themes.ts';

const SOURCES = join(FIXTURES, 'sources');
const fx = (name: string): string => join(SOURCES, name);

type Row = Record<string, string | null>;

const utc = (col: string) => `strftime(${col} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS ${col}`;

/** The current tickets of `source`, by id, with their times as UTC text. */
async function tickets(dir: string, source: string): Promise<Row[]> {
  return await queryStore(dir, `SELECT id, ${utc('created_at')}, ${utc('closed_at')}, ${utc('due_at')}, status, status_raw,
      channel, channel_raw, borough, borough_raw, category, theme
    FROM tickets WHERE source = '${source}' ORDER BY id`) as Row[];
}

/** Only the named fields of each row. */
const pick = (rows: Row[], ...keys: string[]): Row[] => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null])));

const byId = (rows: Row[], field: string): Record<string, string | null> =>
  Object.fromEntries(rows.map((r) => [String(r.id), r[field] ?? null]));

/** Imports one file with `--format auto` into a fresh store; returns the folder and the import's JSON. */
async function importOne(t: ExecutionContext, name: string) {
  const dir = tempDir(t);
  const r = await vigie(dir, ['import', '--json', '--format', 'auto', fx(name)], PINNED);
  t.is(r.code, 0, r.stderr);
  return { dir, result: r.json() };
}

const findingCodes = (result: { findings: { code: string }[] }): string[] => result.findings.map((f) => f.code);

test('boston-old.csv (target_dt, ontime): boston-311 detected, 5 inserted, Boston local times, a one-space target is no due date', async (t) => {
  const { dir, result } = await importOne(t, 'boston-old.csv');
  t.is(result.format, 'boston-311');
  t.is(result.source, 'boston-311');
  t.is(result.mode, 'incremental');
  t.is(result.zone, 'America/New_York');
  t.deepEqual(result.counts, { read: 5, inserted: 5, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
  accounted(t, result.counts);
  t.deepEqual(findingCodes(result), [], 'no finding: every status, channel and category is known (no unmapped_category)');
  t.is(result.snapshot_time, '2017-06-05T20:45:12.000Z');
  const rows = await tickets(dir, 'boston-311');
  t.deepEqual(pick(rows, 'id', 'created_at', 'closed_at', 'due_at', 'status', 'channel', 'channel_raw', 'theme'), [
    // 2017-06-01 10:00:00 in Boston (EDT) is 14:00Z; the target 08:30 is 12:30Z.
    { id: '101002141001', created_at: '2017-06-01T14:00:00Z', closed_at: '2017-06-02T13:15:00Z', due_at: '2017-06-05T12:30:00Z',
      status: 'closed', channel: 'phone', channel_raw: 'Constituent Call', theme: 'roads_snow' },
    // Open with a target: no close time (closed_dt is one space).
    { id: '101002141002', created_at: '2017-06-05T20:45:12Z', closed_at: null, due_at: '2017-06-12T20:45:12Z',
      status: 'open', channel: 'mobile', channel_raw: 'Citizens Connect App', theme: 'mobility' },
    // January: EST, 07:05 is 12:05Z; target_dt is one space: no due date.
    { id: '101002141003', created_at: '2017-01-15T12:05:00Z', closed_at: '2017-01-16T16:00:00Z', due_at: null,
      status: 'closed', channel: 'web', channel_raw: 'Self Service', theme: 'collections' },
    { id: '101002141004', created_at: '2017-05-20T13:30:00Z', closed_at: '2017-06-04T18:00:00Z', due_at: '2017-05-27T13:30:00Z',
      status: 'closed', channel: 'other', channel_raw: 'Employee Generated', theme: 'collections' },
    { id: '101002141005', created_at: '2017-06-03T16:00:00Z', closed_at: '2017-06-03T19:30:00Z', due_at: '2017-06-04T16:00:00Z',
      status: 'closed', channel: 'phone', channel_raw: 'Constituent Call', theme: 'mobility' },
  ]);
  t.deepEqual(byId(rows, 'status_raw'), {
    101002141001: 'Closed', 101002141002: 'Open', 101002141003: 'Closed', 101002141004: 'Closed', 101002141005: 'Closed',
  });
  t.is(byId(rows, 'category')['101002141005'], 'Parking Enforcement', 'the type, not the case_title with its comma and quotes');
  // The neighborhood is the borough, kept as given (the blank one of ...005: see the failing test below).
  const boroughs = byId(rows, 'borough');
  t.like(boroughs, {
    101002141001: 'Dorchester', 101002141002: 'South Boston / South Boston Waterfront', 101002141003: 'Roxbury',
    101002141004: 'Jamaica Plain',
  });
});

test('boston-new.csv (sla_target_dt, on_time): boston-311 detected, 4 inserted, sla_target_dt is the due date', async (t) => {
  const { dir, result } = await importOne(t, 'boston-new.csv');
  t.is(result.format, 'boston-311');
  t.deepEqual(result.counts, { read: 4, inserted: 4, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
  accounted(t, result.counts);
  t.deepEqual(findingCodes(result), []);
  t.is(result.snapshot_time, '2023-03-17T02:10:05.000Z');
  const rows = await tickets(dir, 'boston-311');
  t.deepEqual(pick(rows, 'id', 'created_at', 'closed_at', 'due_at', 'status', 'channel', 'borough', 'theme'), [
    { id: '101004870001', created_at: '2023-03-15T13:00:00Z', closed_at: '2023-03-16T14:20:00Z', due_at: '2023-03-17T13:00:00Z',
      status: 'closed', channel: 'phone', borough: 'Back Bay', theme: 'public_safety' },
    // 22:10:05 on 16 March in Boston is 02:10:05Z on the 17th; sla_target_dt, closed_dt and on_time hold one space.
    { id: '101004870002', created_at: '2023-03-17T02:10:05Z', closed_at: null, due_at: null,
      status: 'open', channel: 'web', borough: 'Dorchester', theme: 'roads_snow' },
    // Created in EST (13:15Z), due after the change to EDT (12:15Z): each time in its own offset.
    { id: '101004870003', created_at: '2023-02-28T13:15:00Z', closed_at: null, due_at: '2023-03-30T12:15:00Z',
      status: 'open', channel: 'other', borough: 'South Boston / South Boston Waterfront', theme: 'roads_snow' },
    // Created before the change (EST), due and closed after it (EDT).
    { id: '101004870004', created_at: '2023-03-10T18:05:44Z', closed_at: '2023-03-13T12:02:10Z', due_at: '2023-03-13T17:05:44Z',
      status: 'closed', channel: 'mobile', borough: 'Roxbury', theme: 'mobility' },
  ]);
});

test('nyc.csv: nyc-311 detected, 7 inserted, a quoted comma in a field, 12-hour clock, statuses, channels, Due Date', async (t) => {
  const { dir, result } = await importOne(t, 'nyc.csv');
  t.is(result.format, 'nyc-311');
  t.is(result.source, 'nyc-311');
  t.is(result.mode, 'incremental');
  t.is(result.zone, 'America/New_York');
  t.deepEqual(result.counts, { read: 7, inserted: 7, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
  accounted(t, result.counts);
  t.deepEqual(findingCodes(result), [], 'no malformed row (the Resolution Description with a comma and quotes), no unknown value');
  const rows = await tickets(dir, 'nyc-311');
  t.deepEqual(pick(rows, 'id', 'status', 'status_raw', 'channel', 'channel_raw', 'borough', 'category', 'theme'), [
    { id: '45123401', status: 'closed', status_raw: 'Closed', channel: 'web', channel_raw: 'ONLINE', borough: 'BROOKLYN', category: 'Noise - Residential', theme: 'public_safety' },
    { id: '45123402', status: 'open', status_raw: 'In Progress', channel: 'mobile', channel_raw: 'MOBILE', borough: 'MANHATTAN', category: 'Illegal Parking', theme: 'mobility' },
    { id: '45123403', status: 'closed', status_raw: 'Closed', channel: 'phone', channel_raw: 'PHONE', borough: 'BRONX', category: 'HEAT/HOT WATER', theme: 'housing' },
    { id: '45123404', status: 'open', status_raw: 'Pending', channel: 'unknown', channel_raw: 'UNKNOWN', borough: 'QUEENS', category: 'Street Condition', theme: 'roads_snow' },
    { id: '45123405', status: 'closed', status_raw: 'Closed', channel: 'phone', channel_raw: 'PHONE', borough: 'Unspecified', category: 'Dirty Conditions', theme: 'collections' },
    { id: '45123406', status: 'closed', status_raw: 'Closed', channel: 'phone', channel_raw: 'PHONE', borough: 'MANHATTAN', category: 'Water System', theme: 'water' },
    { id: '45123407', status: 'open', status_raw: 'Open', channel: 'web', channel_raw: 'ONLINE', borough: 'BROOKLYN', category: 'Rodent', theme: 'public_safety' },
  ]);
  // 12-hour clock in January (EST, -05:00): 12:10:00 AM is 00:10 (05:10Z), 12:05:31 PM is 12:05 (17:05:31Z).
  // (The summer rows are checked in the failing test below.)
  t.like(rows.find((r) => r.id === '45123403'), { created_at: '2020-01-10T05:10:00Z', closed_at: '2020-01-12T17:05:31Z', due_at: null });
  // Only 45123404 has a Due Date; the others' empty Due Date is no due date. Closed Date only on closed rows.
  t.deepEqual(rows.filter((r) => r.due_at !== null).map((r) => r.id), ['45123404']);
  t.deepEqual(rows.filter((r) => r.closed_at !== null).map((r) => r.id), ['45123401', '45123403', '45123405', '45123406']);
});

test('open311.json: open311 detected, 4 inserted, offsets honoured, updated_datetime a close time only when closed', async (t) => {
  const { dir, result } = await importOne(t, 'open311.json');
  t.is(result.format, 'open311');
  t.is(result.source, 'open311');
  t.is(result.mode, 'snapshot');
  t.deepEqual(result.counts, { read: 4, inserted: 4, updated: 0, unchanged: 0, stale: 0, rejected: 0, duplicate_in_file: 0 });
  accounted(t, result.counts);
  t.deepEqual(findingCodes(result), []);
  t.is(result.snapshot_time, '2010-04-17T13:00:00.000Z');
  const rows = await tickets(dir, 'open311');
  t.deepEqual(pick(rows, 'id', 'created_at', 'closed_at', 'due_at', 'status', 'status_raw', 'channel', 'category', 'theme'), [
    // -08:00 as written (GeoReport's own example): 06:37:38-08:00 is 14:37:38Z; closed, so updated_datetime is its close.
    // expected_datetime "" is no due date.
    { id: '638344', created_at: '2010-04-14T14:37:38Z', closed_at: '2010-04-15T18:12:00Z', due_at: null,
      status: 'closed', status_raw: 'closed', channel: 'unknown', category: 'Pothole', theme: 'roads_snow' },
    // Open, with an updated_datetime: not a close time. expected_datetime null.
    { id: '638349', created_at: '2010-04-15T18:20:00Z', closed_at: null, due_at: null,
      status: 'open', status_raw: 'open', channel: 'unknown', category: 'Street Light Out', theme: 'mobility' },
    // expected_datetime → due_at: 17:00-07:00 is midnight UTC the next day.
    { id: '638351', created_at: '2010-04-16T15:00:00Z', closed_at: null, due_at: '2010-04-21T00:00:00Z',
      status: 'open', status_raw: 'open', channel: 'unknown', category: 'Tree Maintenance', theme: 'parks_trees' },
    // A Z time; every other field null.
    { id: '638360', created_at: '2010-04-17T13:00:00Z', closed_at: null, due_at: null,
      status: 'open', status_raw: 'open', channel: 'unknown', category: 'Sidewalk and Curb Issues', theme: 'roads_snow' },
  ]);
});

test('the four files in one store: status --json counts each source and lists the boroughs as given', async (t) => {
  const dir = tempDir(t);
  const files = ['boston-old.csv', 'boston-new.csv', 'nyc.csv', 'open311.json'];
  const r = await vigie(dir, ['import', '--json', ...files.map(fx)], PINNED);
  t.is(r.code, 0, r.stderr);
  const all = r.json() as { format: string; counts: { read: number; inserted: number } }[];
  t.deepEqual(all.map((x) => [x.format, x.counts.read, x.counts.inserted]),
    [['boston-311', 5, 5], ['boston-311', 4, 4], ['nyc-311', 7, 7], ['open311', 4, 4]]);
  const s = await vigie(dir, ['status', '--json']);
  t.is(s.code, 0, s.stderr);
  const src = s.json().sources;
  t.deepEqual(Object.keys(src).sort(), ['boston-311', 'nyc-311', 'open311']);
  t.is(src['boston-311'].rows, 9);
  t.is(src['nyc-311'].rows, 7);
  t.is(src['open311'].rows, 4);
  t.deepEqual(src['nyc-311'].by_borough, { BRONX: 1, BROOKLYN: 2, MANHATTAN: 2, QUEENS: 1, Unspecified: 1 });
  t.is(src['nyc-311'].without_borough, 0);
  t.like(src['boston-311'].by_borough, {
    'Back Bay': 1, Dorchester: 2, 'Jamaica Plain': 1, Roxbury: 2, 'South Boston / South Boston Waterfront': 2,
  });
  t.deepEqual(src['boston-311'].by_theme, { mobility: 3, collections: 2, roads_snow: 3, public_safety: 1 });
  t.deepEqual(src['nyc-311'].by_theme, { public_safety: 2, collections: 1, housing: 1, mobility: 1, roads_snow: 1, water: 1 });
  t.deepEqual(src['open311'].by_theme, { roads_snow: 2, mobility: 1, parks_trees: 1 });
});

test('--format nyc-311 forced on a Boston file: exit 2 naming the missing columns', async (t) => {
  const dir = tempDir(t);
  const r = await vigie(dir, ['import', '--format', 'nyc-311', fx('boston-old.csv')], PINNED);
  t.is(r.code, 2);
  t.regex(r.stderr, /boston-old\.csv: not a nyc-311 file, missing required columns: Unique Key, Created Date, Complaint Type/);
});

test('validate: each file exits 0 with no error and no warning', async (t) => {
  const dir = tempDir(t);
  for (const [file, format, rows] of [['boston-old.csv', 'boston-311', 5], ['boston-new.csv', 'boston-311', 4],
    ['nyc.csv', 'nyc-311', 7], ['open311.json', 'open311', 4]] as const) {
    const r = await vigie(dir, ['validate', '--json', fx(file)], PINNED);
    t.is(r.code, 0, `${file}: ${r.stdout}${r.stderr}`);
    t.like(r.json(), { format, rows, errors: 0, warnings: 0 }, file);
  }
});

test('theme-map.csv: English categories of Boston, NYC, Ottawa and Open311 map to their themes', (t) => {
  const themeOf = compileThemeMap();
  const cases: [string, string][] = [
    ['Request for Pothole Repair', 'roads_snow'],
    ['Pothole', 'roads_snow'],
    ['Street Condition', 'roads_snow'],
    ['Sidewalk Repair (Make Safe)', 'roads_snow'],
    ['Request for Snow Plowing', 'roads_snow'],
    ['Road Travelled Surface', 'roads_snow'],
    ['Street Light Outages', 'mobility'],
    ['Traffic Signal Condition', 'mobility'],
    ['Illegal Parking', 'mobility'],
    ['Parking Enforcement', 'mobility'],
    ['Blocked Driveway', 'mobility'],
    ['Taxi Complaint', 'mobility'],
    ['Noise - Residential', 'public_safety'],
    ['Rodent Activity', 'public_safety'],
    ['Rodent', 'public_safety'],
    ['Rat Sighting', 'public_safety'],
    ['HEAT/HOT WATER', 'housing'],
    ['Water Leak', 'housing'],
    ['PLUMBING', 'housing'],
    ['PAINT/PLASTER', 'housing'],
    ['UNSANITARY CONDITION', 'housing'],
    ['Building/Use', 'housing'],
    ['Missed Trash/Recycling/Yard Waste/Bulk Item', 'collections'],
    ['Schedule a Bulk Item Pickup', 'collections'],
    ['Graffiti Removal', 'collections'],
    ['Sanitation Condition', 'collections'],
    ['Dirty Conditions', 'collections'],
    ['Garbage - SWC', 'collections'],
    ['Christmas Trees', 'collections'],
    ['Water System', 'water'],
    ['Sewer', 'water'],
    ['Catchbasin/Maint. Hole', 'water'],
    ['Tree Maintenance', 'parks_trees'],
    ['Damaged Tree', 'parks_trees'],
    ['Overgrown Tree/Branches', 'parks_trees'],
    ['Park Maintenance', 'parks_trees'],
    ['Dead Animal', 'animals'],
    ['Animals', 'animals'],
    ['Air Quality', 'environment'],
    ['Indoor Air Quality', 'environment'],
    ['Consumer Complaint', 'other'],
  ];
  t.deepEqual(cases.map(([c]) => [c, themeOf(c)]), cases);
});

// Bugs found in src/ (reported to the lead); each test says what is expected. Remove `.failing` once fixed.

// BUG (src/store/import.ts, step 4 "Local → UTC"): the years of the zone's hour table are taken as the first four
// characters of the min/max raw time text (`Number(String(v).slice(0, 4))`). NYC writes `MM/DD/YYYY hh:mm:ss AM`, so
// no year is found, the table covers only the ceiling year (now + 2), every NYC time misses the join and falls back to
// the offset of the table's first segment (EST, -05:00): summer (EDT) times are stored one hour late. Observed
// 45123401 created 2020-06-01T19:15:42Z, expected 18:15:42Z. (Same for any format whose times do not start with the
// year, e.g. a mapping file's `%m/%d/%Y %H:%M`; DST gap/overlap findings are never raised for them either.)
test('nyc.csv: summer times are read in EDT (-04:00)', async (t) => {
  const { dir, result } = await importOne(t, 'nyc.csv');
  t.is(result.snapshot_time, '2020-06-03T13:12:00.000Z', 'the newest creation, 06/03/2020 09:12:00 AM EDT');
  const rows = await tickets(dir, 'nyc-311');
  t.deepEqual(pick(rows.filter((r) => r.id !== '45123403'), 'id', 'created_at', 'closed_at', 'due_at'), [
    // 02:15:42 PM EDT is 18:15:42Z.
    { id: '45123401', created_at: '2020-06-01T18:15:42Z', closed_at: '2020-06-01T21:40:00Z', due_at: null },
    // 12:30:00 AM is 00:30 local, 04:30Z.
    { id: '45123402', created_at: '2020-06-02T04:30:00Z', closed_at: null, due_at: null },
    { id: '45123404', created_at: '2020-06-03T13:12:00Z', closed_at: null, due_at: '2020-06-12T13:00:00Z' },
    { id: '45123405', created_at: '2020-05-28T15:48:09Z', closed_at: '2020-05-29T12:30:00Z', due_at: null },
    // 12:45:10 PM is 12:45 local, 16:45:10Z.
    { id: '45123406', created_at: '2020-06-02T16:45:10Z', closed_at: '2020-06-02T17:30:00Z', due_at: null },
    // 08:20:00 PM on 2 June is 00:20Z on 3 June.
    { id: '45123407', created_at: '2020-06-03T00:20:00Z', closed_at: null, due_at: null },
  ]);
});

// BUG (src/store/import.ts, step 3 and p2's `borough`): the fallback "borough from the unit when the borough is empty"
// (Montréal's UNITE_RESP_PARENT) also applies to the mapping formats, whose borough lookup keeps every value
// (`keepSpelling` over borough AND unit values): a Boston case with a blank neighborhood gets its department as
// borough. Observed borough 'BTDT' for 101002141005, and 'BTDT': 1 in status by_borough; expected NULL, counted in
// without_borough. (NYC with an empty Borough would likewise get its Agency, e.g. 'NYPD'.)
test('boston-old.csv: a case with a one-space neighborhood has no borough (not its department)', async (t) => {
  const { dir } = await importOne(t, 'boston-old.csv');
  const rows = await tickets(dir, 'boston-311');
  t.like(rows.find((r) => r.id === '101002141005'), { borough: null, borough_raw: null });
  const src = (await vigie(dir, ['status', '--json'])).json().sources['boston-311'];
  t.deepEqual(src.by_borough, { Dorchester: 1, 'Jamaica Plain': 1, Roxbury: 1, 'South Boston / South Boston Waterfront': 1 });
  t.is(src.without_borough, 1);
});

// BUG (same place): Open311 has no borough column, yet every request with an agency_responsible gets the agency as
// borough. Observed borough 'Department of Public Works' (638344, 638349) and 'Bureau of Urban Forestry' (638351);
// expected NULL for all four (status: by_borough {}, without_borough 4).
test('open311.json: agency_responsible is not a borough', async (t) => {
  const { dir } = await importOne(t, 'open311.json');
  t.deepEqual(byId(await tickets(dir, 'open311'), 'borough'), { 638344: null, 638349: null, 638351: null, 638360: null });
  const src = (await vigie(dir, ['status', '--json'])).json().sources['open311'];
  t.deepEqual(src.by_borough, {});
  t.is(src.without_borough, 4);
});

// BUG (src/store/import.ts, "Snapshot time"): the default snapshot time is the newest creation or *status* time, but
// the mapping formats (Boston, NYC, Open311) have no status-time column, only a close time, which is left out. A drop
// whose latest event is a closure gets a snapshot before it, and every case closed after the newest creation is a
// `closed_after_snapshot` warning — though a drop cannot have been taken before a close it records. Observed:
// snapshot 2017-06-05T20:45:12Z and closed_after_snapshot ×1 (value '2017-06-08 09:00:00'); expected snapshot
// 2017-06-08T13:00:00Z (the close) and no finding.
test('Boston: a case closed after the newest creation is not closed after the snapshot', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'boston-late-close.csv');
  writeFileSync(file, [
    'case_enquiry_id,open_dt,target_dt,closed_dt,ontime,case_status,type,neighborhood,source,department',
    '101002150001,2017-06-01 10:00:00,2017-06-05 10:00:00,2017-06-08 09:00:00,OVERDUE,Closed,Request for Pothole Repair,Dorchester,Constituent Call,PWDx',
    '101002150002,2017-06-05 16:45:12,2017-06-12 16:45:12, ,ONTIME,Open,Street Light Outages,Roxbury,Self Service,PWDx',
    '',
  ].join('\n'));
  const r = await vigie(dir, ['import', '--json', file], PINNED);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(findingCodes(r.json()), []);
  t.is(r.json().snapshot_time, '2017-06-08T13:00:00.000Z');
});
