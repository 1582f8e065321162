/** The pure part of validate's drift checks (src/store/drift.ts): column changes, the judged month, thresholds. */
import test from 'ava';
import { addMonths, columnChanges, driftFindings, judgedMonth, nameSimilarity, type DriftFacts, type MonthCounts } from '../../src/store/drift.ts';
import { DEFAULT_DRIFT, type DriftStandards } from '../../src/standards/sections/drift.ts';

const month = (rows: number, ub = 0, uc = 0): MonthCounts => ({ rows, unknown_borough: ub, unmapped_category: uc });

/** A tickets drop of Montréal taken at the end of April 2018 (local), with 300 rows a month in the store before. */
function facts(o: Partial<DriftFacts> = {}): DriftFacts {
  const months: Record<string, number> = {};
  const stored: Record<string, MonthCounts> = {};
  for (let i = -13; i < 0; i++) {
    months[addMonths('2018-04', i)] = 310;
    stored[addMonths('2018-04', i)] = month(310, 3, 6);
  }
  months['2018-04'] = 300;
  return {
    file: 'drop.csv', kind: 'tickets', zone: 'America/Toronto', snapshot_time: '2018-05-01T04:00:00.000Z',
    header: ['A', 'B', 'C'], previous: { drop_id: 1, file: 'previous.csv', header: ['A', 'B', 'C'] },
    months, drop: { '2018-03': month(310, 3, 6), '2018-04': month(300, 3, 6) }, stored,
    columns: { unknown_borough: 'ARRONDISSEMENT', unmapped_category: 'ACTI_NOM' }, ...o,
  };
}

const codes = (f: DriftFacts, d: DriftStandards = DEFAULT_DRIFT) => driftFindings(f, d, 'en').map((x) => x.code);

test('columnChanges: same columns in another order is no change', (t) => {
  t.deepEqual(columnChanges(['A', 'B', 'C'], ['C', 'A', 'B']), { missing: [], added: [], renamed: [] });
});

test('columnChanges: a similar name is a rename, wherever it sits; an unrelated one is missing + added', (t) => {
  t.deepEqual(columnChanges(['ID_UNIQUE', 'PROVENANCE_ORIGINALE', 'RUE'], ['ID_UNIQUE', 'RUE', 'PROVENANCE_ORIGINE', 'LOC_X']),
    { missing: [], added: ['LOC_X'], renamed: [{ from: 'PROVENANCE_ORIGINALE', to: 'PROVENANCE_ORIGINE' }] });
  t.deepEqual(columnChanges(['ID', 'NATURE', 'RUE'], ['ID', 'RUE', 'CODE_POSTAL']), { missing: ['NATURE'], added: ['CODE_POSTAL'], renamed: [] });
});

test('columnChanges: an unrelated name at the same position is a rename; case and accents alone are a rename too', (t) => {
  t.deepEqual(columnChanges(['ID', 'NATURE', 'RUE'], ['ID', 'KIND', 'RUE']), { missing: [], added: [], renamed: [{ from: 'NATURE', to: 'KIND' }] });
  t.deepEqual(columnChanges(['Date_Création', 'X'], ['X', 'DATE_CREATION']), { missing: [], added: [], renamed: [{ from: 'Date_Création', to: 'DATE_CREATION' }] });
});

test('columnChanges: each column pairs once, the most similar first', (t) => {
  t.deepEqual(columnChanges(['STATUT', 'DATE_STATUT'], ['DERNIER_STATUT', 'DATE_DERNIER_STATUT']), {
    missing: [], added: [],
    renamed: [{ from: 'STATUT', to: 'DERNIER_STATUT' }, { from: 'DATE_STATUT', to: 'DATE_DERNIER_STATUT' }],
  });
});

test('nameSimilarity: 1 for names equal once folded, lower as they differ', (t) => {
  t.is(nameSimilarity('Arrondissement', 'ARRONDISSEMENT'), 1);
  t.true(nameSimilarity('PROVENANCE_ORIGINALE', 'PROVENANCE_ORIGINE') > 0.85);
  t.true(nameSimilarity('NATURE', 'LOC_LAT') < 0.6);
});

test('judgedMonth: the newest month when the snapshot covers 7 days of it, else the month before (local time)', (t) => {
  const drop = { '2018-04': month(10), '2018-05': month(1) };
  // 2018-05-08 00:00 local = 04:00Z: 7 days of May
  t.deepEqual(judgedMonth({ drop, zone: 'America/Toronto', snapshot_time: '2018-05-08T04:00:00Z' }), { month: '2018-05', days: 7 });
  t.deepEqual(judgedMonth({ drop, zone: 'America/Toronto', snapshot_time: '2018-05-08T03:59:00Z' }), { month: '2018-04', days: 30 });
  // a snapshot past the month's end covers all of it
  t.deepEqual(judgedMonth({ drop: { '2018-02': month(1) }, zone: 'America/Toronto', snapshot_time: '2018-06-01T00:00:00Z' }), { month: '2018-02', days: 28 });
  t.is(judgedMonth({ drop: {}, zone: 'America/Toronto', snapshot_time: '2018-06-01T00:00:00Z' }), null);
});

test('driftFindings: nothing on a drop like the others', (t) => {
  t.deepEqual(driftFindings(facts(), DEFAULT_DRIFT, 'en'), []);
});

test('driftFindings: columns compared with the previous drop, none without one', (t) => {
  const f = facts({ header: ['A', 'B2', 'D'], previous: { drop_id: 1, file: 'previous.csv', header: ['A', 'B', 'C'] } });
  const out = driftFindings(f, DEFAULT_DRIFT, 'en');
  t.deepEqual(out.map((x) => [x.severity, x.code, x.column, x.value]), [
    ['warning', 'drift.columns.renamed', 'B2', 'B'],
    ['warning', 'drift.columns.renamed', 'D', 'C'],
  ]);
  t.is(out[0]!.message, 'column B of the previous drop (previous.csv) seems renamed B2');
  t.like(out[0], { file: 'drop.csv', line: null, count: 1, samples: [] });
  t.deepEqual(codes(facts({ header: ['A', 'B'], previous: null })), []);
  t.deepEqual(codes(facts({ header: ['A', 'B'] })), ['drift.columns.missing']);
  t.deepEqual(codes(facts({ header: ['A', 'B', 'C', 'ZZZZZZ'] })), ['drift.columns.added']);
});

test('driftFindings: volume against the month before and a year before, per day, outside the band only', (t) => {
  // April 2018 (30 days) at 10/day against 10/day in March (31 days) and April 2017: inside
  const base = facts();
  base.months['2018-03'] = 310;
  base.months['2017-04'] = 300;
  // −30 % exactly is inside the band, −31 % outside
  t.deepEqual(codes({ ...base, months: { ...base.months, '2018-04': 210 } }), []);
  t.deepEqual(codes({ ...base, months: { ...base.months, '2018-04': 207 } }), ['drift.volume.month']);
  // −50 % against the year before: month (−50 %) and year (−50 % is inside ±50 %)
  t.deepEqual(codes({ ...base, months: { ...base.months, '2018-04': 150 } }), ['drift.volume.month']);
  t.deepEqual(codes({ ...base, months: { ...base.months, '2018-04': 140 } }), ['drift.volume.month', 'drift.volume.year']);
  // a surge counts too
  const surge = driftFindings({ ...base, months: { ...base.months, '2018-04': 900 } }, DEFAULT_DRIFT, 'en');
  t.deepEqual(surge.map((x) => [x.code, x.value]), [['drift.volume.month', '2018-04'], ['drift.volume.year', '2018-04']]);
  t.is(surge[0]!.message, '2018-04: 900 rows, 30.0 a day, against 310 (10.0 a day) in 2018-03: +200 %, outside the ±30 % band');
  t.is(driftFindings({ ...base, months: { ...base.months, '2018-04': 900 } }, DEFAULT_DRIFT, 'fr')[0]!.message,
    '2018-04 : 900 lignes, 30,0 par jour, contre 310 (10,0 par jour) en 2018-03 : +200 %, hors de la bande de ±30 %');
});

test('driftFindings: a partly covered newest month is judged per day covered', (t) => {
  // snapshot 2018-04-16 00:00 local: 15 days of April; 150 rows is 10/day, like March
  const f = facts({ snapshot_time: '2018-04-16T04:00:00.000Z' });
  t.deepEqual(codes({ ...f, months: { ...f.months, '2018-04': 150 } }), []);
  t.deepEqual(codes({ ...f, months: { ...f.months, '2018-04': 60 } }), ['drift.volume.month', 'drift.volume.year']);
});

test('driftFindings: volume skipped under min_rows, with a null band, or severity off', (t) => {
  const collapse = facts();
  collapse.months['2018-04'] = 10;
  t.deepEqual(codes(collapse, { ...DEFAULT_DRIFT, volume: { ...DEFAULT_DRIFT.volume, min_rows: 311 } }), []);
  t.deepEqual(codes(collapse, { ...DEFAULT_DRIFT, volume: { ...DEFAULT_DRIFT.volume, month: null } }), ['drift.volume.year']);
  t.deepEqual(codes(collapse, { ...DEFAULT_DRIFT, volume: { ...DEFAULT_DRIFT.volume, severity: 'off' } }), []);
  t.deepEqual(driftFindings(collapse, { ...DEFAULT_DRIFT, volume: { ...DEFAULT_DRIFT.volume, severity: 'error' } }, 'en').map((x) => x.severity),
    ['error', 'error']);
});

test('driftFindings: unknown-borough share rising more than 5 points above the stored rows before the month', (t) => {
  // stored: 3 / 310 ≈ 1 %; April: 17 / 300 ≈ 5.7 % (+4.7 points, inside) then 7 % (+6 points, outside)
  t.deepEqual(codes(facts({ drop: { '2018-04': month(300, 17, 6) } })), []);
  const out = driftFindings(facts({ drop: { '2018-04': month(300, 21, 6) } }), DEFAULT_DRIFT, 'en');
  t.deepEqual(out.map((x) => [x.code, x.column, x.value]), [['drift.unknown_borough.share', 'ARRONDISSEMENT', '2018-04']]);
  t.is(out[0]!.message, '2018-04: 7.0 % of the rows (21 of 300) have an unknown borough, against 1.0 % of the stored rows before: +6.0 points, more than 5.0');
  t.deepEqual(codes(facts({ drop: { '2018-04': month(300, 0, 60) } })), ['drift.unmapped_category.share']);
});

test('driftFindings: shares skipped when the kind has no such field, under min_rows, or off', (t) => {
  t.deepEqual(codes(facts({ drop: { '2018-04': { rows: 300, unknown_borough: null, unmapped_category: null } } })), []);
  t.deepEqual(codes(facts({ drop: { '2018-04': month(99, 99, 0) } })), []);
  t.deepEqual(codes(facts({ stored: { '2018-03': month(99) }, drop: { '2018-04': month(300, 100, 0) } })), []);
  t.deepEqual(codes(facts({ drop: { '2018-04': month(300, 100, 0) } }), { ...DEFAULT_DRIFT, unknown_borough: { ...DEFAULT_DRIFT.unknown_borough, severity: 'off' } }), []);
  // the stored rows of the judged month itself are not history
  t.deepEqual(codes(facts({ stored: { '2018-04': month(5000, 0, 0) }, drop: { '2018-04': month(300, 100, 0) } })), []);
});
