/**
 * What a ticket version stores besides its status and borough (schema 7): the status time and the location, from
 * Montréal's DATE_DERNIER_STATUT, LOC_LAT, LOC_LONG and RUE (or its two intersecting streets), and from a mapping's
 * latitude, longitude and address columns. A location that is not a usable point is a warning, the row kept without
 * it. Files are built here from the city's 29 columns (test/fixtures/nasty/montreal.ts).
 */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { PINNED, queryStore } from '../fixtures/nasty/helpers.ts';
import { csv, HEADER, request, type Cell } from '../fixtures/nasty/montreal.ts';

const at = (name: (typeof HEADER)[number]) => HEADER.indexOf(name);

/** A request row with some of its cells replaced, by column name. */
function edited(row: Cell[], cells: Partial<Record<(typeof HEADER)[number], Cell>>): Cell[] {
  const out = [...row];
  for (const [k, v] of Object.entries(cells)) out[at(k as (typeof HEADER)[number])] = v as Cell;
  return out;
}

const base = { acti: 'Nid-de-poule', borough: 'Ville-Marie', created: '2018-09-03T08:00:00' };

test('a Montréal drop stores each version\'s status time (UTC) and its location; the intersection stands for a missing street', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'drop.csv'), csv([
    request({ ...base, id: 'A', status: 'Acceptée', statusTime: '2018-09-04T10:30:00' }),
    request({ ...base, id: 'B', status: 'Terminée', statusTime: '2018-09-05T16:00:00' }),
    edited(request({ ...base, id: 'C', status: 'Acceptée' }), { RUE: null, RUE_INTERSECTION1: 'rue Saint-Denis', RUE_INTERSECTION2: 'rue Ontario Est' }),
    edited(request({ ...base, id: 'D', status: 'Acceptée' }), { RUE: null, LOC_LAT: null, LOC_LONG: null }),
  ]));
  const r = await vigie(dir, ['import', '--json', 'drop.csv'], PINNED);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(r.json().findings, []);
  const rows = await queryStore(dir, `SELECT id, status, strftime(status_at, '%Y-%m-%dT%H:%M') AS status_at, strftime(closed_at, '%Y-%m-%dT%H:%M') AS closed_at,
    latitude, longitude, address FROM tickets ORDER BY id`);
  // EDT (UTC−4) in September: 10:30 local is 14:30Z; a close's status time is also its close time
  t.deepEqual(rows, [
    { id: 'A', status: 'open', status_at: '2018-09-04T14:30', closed_at: null, latitude: 45.5088, longitude: -73.5617, address: 'rue Sainte-Catherine Ouest' },
    { id: 'B', status: 'closed', status_at: '2018-09-05T20:00', closed_at: '2018-09-05T20:00', latitude: 45.5088, longitude: -73.5617, address: 'rue Sainte-Catherine Ouest' },
    { id: 'C', status: 'open', status_at: '2018-09-03T12:00', closed_at: null, latitude: 45.5088, longitude: -73.5617, address: 'rue Saint-Denis / rue Ontario Est' },
    { id: 'D', status: 'open', status_at: '2018-09-03T12:00', closed_at: null, latitude: null, longitude: null, address: null },
  ]);
});

test('a location that is not a usable point (text, out of range, 0/0, one coordinate only): warning bad_location, the row kept without it; a decimal comma is read', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'drop.csv'), csv([
    edited(request({ ...base, id: 'text', status: 'Acceptée' }), { LOC_LAT: 'N45.5', LOC_LONG: '-73.6' }),
    edited(request({ ...base, id: 'range', status: 'Acceptée' }), { LOC_LAT: 95.1 }),
    edited(request({ ...base, id: 'zero', status: 'Acceptée' }), { LOC_LAT: 0, LOC_LONG: 0 }),
    edited(request({ ...base, id: 'half', status: 'Acceptée' }), { LOC_LONG: null }),
    request({ ...base, id: 'good', status: 'Acceptée' }),
    edited(request({ ...base, id: 'comma', status: 'Acceptée' }), { LOC_LAT: '45,5', LOC_LONG: '-73,6' }),
  ]));
  const r = await vigie(dir, ['import', '--json', 'drop.csv'], PINNED);
  t.is(r.code, 0, r.stderr);
  const j = r.json();
  t.is(j.counts.inserted, 6);
  const f = j.findings.filter((x: { code: string }) => x.code === 'bad_location');
  t.is(f.length, 1);
  t.like(f[0], { severity: 'warning', column: 'LOC_LAT', count: 4 });
  t.deepEqual(f[0].samples.map((s: { line: number; value: string }) => [s.line, s.value]),
    [[2, 'N45.5, -73.6'], [3, '95.1, -73.5617'], [4, '0, 0'], [5, '45.5088']]);
  t.deepEqual(await queryStore(dir, `SELECT id, latitude, longitude, address FROM tickets ORDER BY id`), [
    { id: 'comma', latitude: 45.5, longitude: -73.6, address: 'rue Sainte-Catherine Ouest' },
    { id: 'good', latitude: 45.5088, longitude: -73.5617, address: 'rue Sainte-Catherine Ouest' },
    { id: 'half', latitude: null, longitude: null, address: 'rue Sainte-Catherine Ouest' },
    { id: 'range', latitude: null, longitude: null, address: 'rue Sainte-Catherine Ouest' },
    { id: 'text', latitude: null, longitude: null, address: 'rue Sainte-Catherine Ouest' },
    { id: 'zero', latitude: null, longitude: null, address: 'rue Sainte-Catherine Ouest' },
  ]);
});

test('a drop without the location columns imports, its versions without a location', async (t) => {
  const dir = tempDir(t);
  const header = HEADER.filter((h) => !['LOC_LAT', 'LOC_LONG', 'RUE'].includes(h));
  const keep = (row: Cell[]) => row.filter((_, i) => header.includes(HEADER[i]!));
  writeFileSync(join(dir, 'drop.csv'), csv([keep(request({ ...base, id: 'A', status: 'Acceptée' }))], { header }));
  const r = await vigie(dir, ['import', '--json', 'drop.csv'], PINNED);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(await queryStore(dir, `SELECT id, latitude, longitude, address FROM tickets`), [{ id: 'A', latitude: null, longitude: null, address: null }]);
});

test('the generic vigie-tickets format reads latitude, longitude and address when the file has them', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'tickets.csv'), 'id,created_at,status,latitude,longitude,address\n'
    + 'T1,2024-05-01T09:00:00,open,45.52,-73.58,1 rue Rachel Est\nT2,2024-05-01T10:00:00,open,,,\n');
  const r = await vigie(dir, ['import', '--json', '--format', 'vigie-tickets', 'tickets.csv'], PINNED);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(r.json().findings, []);
  t.deepEqual(await queryStore(dir, `SELECT id, latitude, longitude, address FROM tickets ORDER BY id`), [
    { id: 'T1', latitude: 45.52, longitude: -73.58, address: '1 rue Rachel Est' },
    { id: 'T2', latitude: null, longitude: null, address: null },
  ]);
});
