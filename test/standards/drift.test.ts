/** The `drift:` section of the standards file: validate's drift thresholds, their defaults and their checks. */
import test, { type ExecutionContext } from 'ava';
import { loadStandardsText, refusedStandards } from '../_helpers/standards.ts';
import { CliError } from '../../src/errors.ts';
import { loadStandards } from '../../src/standards/standards.ts';
import { DEFAULT_DRIFT } from '../../src/standards/sections/drift.ts';

const load = (t: ExecutionContext, text: string, lang?: 'en' | 'fr') => loadStandardsText(t, text, 'standards.yaml', lang);
const refused = refusedStandards;

test('no drift section: the defaults (columns warn; volume ±30 % month, ±50 % year, 100 rows; shares +5 points, 100 rows)', (t) => {
  const s = load(t, 'city: Laval\n');
  t.deepEqual(s.drift, {
    columns: { severity: 'warning' },
    volume: { month: 0.30, year: 0.50, min_rows: 100, severity: 'warning' },
    unknown_borough: { max_rise: 0.05, min_rows: 100, severity: 'warning' },
    unmapped_category: { max_rise: 0.05, min_rows: 100, severity: 'warning' },
  });
  t.deepEqual(s.drift, DEFAULT_DRIFT);
});

test('the shipped standards file writes out exactly the defaults it documents', (t) => {
  t.deepEqual(loadStandards(undefined, 'en').drift, DEFAULT_DRIFT);
});

test('a partial drift section overrides only what it gives; the loaded thresholds are a copy of the defaults', (t) => {
  const s = load(t, 'drift:\n  volume: { month: 0.2 }\n  unknown_borough: { severity: error }\n  columns: {}\n');
  t.deepEqual(s.drift.volume, { month: 0.2, year: 0.5, min_rows: 100, severity: 'warning' });
  t.deepEqual(s.drift.unknown_borough, { max_rise: 0.05, min_rows: 100, severity: 'error' });
  t.deepEqual(s.drift.columns, { severity: 'warning' });
  s.drift.volume.month = 9;
  t.is(DEFAULT_DRIFT.volume.month, 0.30);
});

test('every key set: bands above 1, null to skip a comparison, severity off, whole min_rows', (t) => {
  const s = load(t, `drift:
  columns: { severity: error }
  volume: { month: 1.5, year: null, min_rows: 10, severity: off }
  unknown_borough: { max_rise: 0, min_rows: 1, severity: warning }
  unmapped_category: { max_rise: 1, min_rows: 5000, severity: error }
`);
  t.deepEqual(s.drift, {
    columns: { severity: 'error' },
    volume: { month: 1.5, year: null, min_rows: 10, severity: 'off' },
    unknown_borough: { max_rise: 0, min_rows: 1, severity: 'warning' },
    unmapped_category: { max_rise: 1, min_rows: 5000, severity: 'error' },
  });
});

test('an empty drift section (drift: with nothing) keeps the defaults', (t) => {
  t.deepEqual(load(t, 'drift:\n').drift, DEFAULT_DRIFT);
});

test('refused: drift that is not a mapping', refused, 'drift: [columns]\n', 'drift', '["columns"]',
  /a mapping of columns, volume, unknown_borough, unmapped_category/);
test('refused: an unknown drift check', refused, 'drift:\n  volumes: { month: 0.3 }\n', 'drift.volumes', '{"month":0.3}',
  /one of columns, volume, unknown_borough, unmapped_category/);
test('refused: an unknown key of a check', refused, 'drift:\n  columns: { ignore: [X] }\n', 'drift.columns.ignore', '["X"]', /one of severity/);
test('refused: a negative band', refused, 'drift:\n  volume: { month: -0.3 }\n', 'drift.volume.month', '-0.3',
  /a number > 0 \(0\.30 for a ±30 % band\), or null to skip this comparison/);
test('refused: a zero band', refused, 'drift:\n  volume: { year: 0 }\n', 'drift.volume.year', '0', /a number > 0/);
test('refused: a band written as a percentage string', refused, 'drift:\n  volume: { month: "30 %" }\n', 'drift.volume.month', '"30 %"', /a number > 0/);
test('refused: min_rows of 0', refused, 'drift:\n  volume: { min_rows: 0 }\n', 'drift.volume.min_rows', '0', /a whole number ≥ 1/);
test('refused: min_rows not whole', refused, 'drift:\n  unmapped_category: { min_rows: 2.5 }\n', 'drift.unmapped_category.min_rows', '2.5',
  /a whole number ≥ 1/);
test('refused: a rise in points rather than a fraction', refused, 'drift:\n  unknown_borough: { max_rise: 5 }\n',
  'drift.unknown_borough.max_rise', '5', /a fraction between 0 and 1/);
test('refused: an unknown severity', refused, 'drift:\n  unknown_borough: { severity: fatal }\n', 'drift.unknown_borough.severity', '"fatal"',
  /one of warning, error, off/);
test('refused: severity given as a boolean', refused, 'drift:\n  columns: { severity: false }\n', 'drift.columns.severity', 'false',
  /one of warning, error, off/);
test('refused: a check given as a bare value', refused, 'drift:\n  volume: 0.3\n', 'drift.volume', '0.3', /a mapping of month, year, min_rows, severity/);

test('the refusals speak French with --lang fr', (t) => {
  const e = t.throws(() => load(t, 'drift:\n  volume: { month: -1 }\n', 'fr'), { instanceOf: CliError });
  t.regex(e?.message ?? '', /drift\.volume\.month invalide : -1 \(attendu : un nombre > 0 \(0\.30 pour une bande de ±30 %\), ou null/);
});
