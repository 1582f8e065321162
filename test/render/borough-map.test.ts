/**
 * The shipped borough map (data/montreal-boroughs.geojson): the 34 official areas under the names of
 * data/boroughs.csv, rings wound the way d3 draws them (outer rings clockwise), small, and the output of
 * scripts/make-borough-map.ts on the official file byte for byte (when the reference data is beside the project).
 * The choropleth spec colours boroughs by rate and leaves the linked cities and small boroughs out of the scale.
 */
import test from 'ava';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBoroughMap, loadBoroughs } from '../../src/standards/boroughs.ts';
import { makeBoroughMap, signedArea } from '../../scripts/make-borough-map.ts';
import { mapSpec, renderSvg, VERDICT_COLOURS } from '../../src/render/charts.ts';
import type { Group, MetricResult } from '../../src/compliance/result.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REFERENCE = join(ROOT, '..', 'shared', 'data', 'reference', 'montreal-limites-administratives.geojson');

test('the shipped map: 34 areas named as data/boroughs.csv, outer rings clockwise, under 100 KB, with its attribution', (t) => {
  const map = loadBoroughMap();
  const official = loadBoroughs();
  t.deepEqual(map.features.map((f) => f.properties.name).sort(), official.map((b) => b.name).sort());
  for (const f of map.features) {
    const b = official.find((o) => o.name === f.properties.name)!;
    t.is(f.properties.type, b.type);
    t.is(f.properties.code, b.code);
    for (const polygon of (f.geometry as { coordinates: [number, number][][][] }).coordinates) {
      t.true(signedArea(polygon[0]!) < 0, `${f.properties.name}: outer ring must be clockwise for d3`);
      t.true(polygon[0]!.length >= 4);
    }
    t.true(f.properties.lon > -74.1 && f.properties.lon < -73.4 && f.properties.lat > 45.3 && f.properties.lat < 45.75, f.properties.name);
  }
  t.true(statSync(join(ROOT, 'data', 'montreal-boroughs.geojson')).size < 100_000);
  t.regex(map.attribution, /Ville de Montréal, CC-BY 4\.0/);
});

const reference = existsSync(REFERENCE) ? test : test.skip;
if (!existsSync(REFERENCE)) console.log('# skipped: the official boundaries (shared/data/reference) are not beside this clone; the map file is checked as shipped');

reference('the map is the script\'s output on the official boundaries, each area within 2 % of its own (the smallest, L\'Île-Dorval, moves most)', (t) => {
  const source = JSON.parse(readFileSync(REFERENCE, 'utf8'));
  const made = makeBoroughMap(source);
  const shipped = loadBoroughMap();
  t.deepEqual(JSON.parse(JSON.stringify(made.features)), shipped.features);
  for (const f of source.features) {
    const area = (coords: [number, number][][][]) => coords.reduce((a, p) => a + Math.abs(signedArea(p[0]!)) - p.slice(1).reduce((h, r) => h + Math.abs(signedArea(r)), 0), 0);
    const mine = shipped.features.find((s) => s.properties.name === f.properties.NOM)!;
    const ratio = area((mine.geometry as { coordinates: [number, number][][][] }).coordinates) / area(f.geometry.coordinates);
    t.true(Math.abs(ratio - 1) < 0.02, `${f.properties.NOM}: ${ratio}`);
  }
});

const metric = (value: number | null, n: number, verdict: MetricResult['verdict']): MetricResult => ({
  value, numerator: value === null ? null : Math.round(value * n), denominator: n, target: 0.8, target_kind: 'at_least', verdict, met: null,
  variant: 'F3', ci95: null, example: false, note: null,
});
const group = (borough: string | null, r: MetricResult): Group => ({
  borough, theme: null, queue: null, month: null, week: null, day: null, final: true, metrics: { 'calls.service_level': r },
});

test('the choropleth: boroughs in the verdicts\' colours, small ones and linked cities apart, drawn as areas', async (t) => {
  const groups = [group(null, metric(0.5, 1000, 'missed')), group('Verdun', metric(0.9, 100, 'met')), group('Anjou', metric(0.2, 100, 'missed')),
    group('Outremont', metric(0.5, 10, 'too_few'))];
  const spec = mapSpec(loadBoroughMap(), groups, 'calls.service_level', 'Carte', 'fr')!;
  const status = Object.fromEntries((spec.data as { values: { properties: { name: string; status: string } }[] }).values
    .map((f) => [f.properties.name, f.properties.status]));
  t.is(status.Verdun, 'judged');
  t.is(status.Outremont, 'too_few');
  t.is(status['Ville-Marie'], 'no_data');
  t.is(status.Westmount, 'not_served');
  // the verdicts' colours, as the bars use them: orange below the target, blue at or above, grey too few or no data
  const color = ((spec.layer as { encoding?: { color?: { scale: { domain: string[]; range: string[] } } } }[])[1]!.encoding!.color!.scale);
  t.deepEqual(color.domain, ['sous la cible', 'cible atteinte', 'trop peu pour juger']);
  t.deepEqual(color.range, [VERDICT_COLOURS.missed, VERDICT_COLOURS.met, VERDICT_COLOURS.too_few]);
  const svg = await renderSvg(spec, 'fr', 'map');
  const fillOf = (name: string) => /fill="(#[0-9A-Fa-f]{6})"/.exec([...svg.matchAll(/<path [^>]*>/g)].map((m) => m[0])
    .find((p) => p.includes(`arrondissement: ${name};`))!)![1];
  t.is(fillOf('Anjou'), VERDICT_COLOURS.missed);
  t.is(fillOf('Verdun'), VERDICT_COLOURS.met);
  t.is(fillOf('Outremont'), VERDICT_COLOURS.too_few);
  t.is(fillOf('Ville-Marie'), VERDICT_COLOURS.too_few);
  // 34 areas drawn as paths (and not one rectangle filling the frame, which wrongly wound rings give)
  const areas = svg.match(/aria-roledescription="geoshape"/g)?.length ?? 0;
  t.is(areas, 34);
  t.true(svg.length < 120_000);
  t.is(mapSpec(loadBoroughMap(), [groups[0]!], 'calls.service_level', 'Carte', 'fr'), null);
});
