/**
 * npm run make:map -- <montreal-limites-administratives.geojson>
 *
 * Writes `data/montreal-boroughs.geojson`, the borough map of the reports, from the Ville de Montréal's official
 * administrative limits (dataset "Limites administratives de l'agglomération de Montréal", CC-BY 4.0, attribution:
 * Ville de Montréal). The source is 1.2 MB with up to 2,000 points per area; a report page needs far fewer, so:
 * - every ring is simplified with Douglas–Peucker at TOLERANCE_M metres (measured on a local equirectangular
 *   projection, so that a degree of longitude counts cos(latitude) times a degree of latitude), keeping at least 4 points;
 * - coordinates are rounded to 5 decimals (about 1 m);
 * - every ring is reversed: the source follows the GeoJSON winding (outer rings counter-clockwise) while d3-geo, under
 *   Vega's geoshape, takes outer rings clockwise — drawn as they come, the map fills the whole frame;
 * - each feature keeps only `name` (the official NOM, the spelling of data/boroughs.csv), `code` (ABREV), `type`
 *   (`borough` or `linked_city`), and a label point (`lon`, `lat`: the centre of the largest polygon's bounding box,
 *   nudged to the ring's centroid).
 * The output is deterministic: the same source gives the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Ring = [number, number][];
type Polygon = Ring[];

export const TOLERANCE_M = 12;
const M_PER_DEG = 111_320;

function simplify(ring: Ring, tolM: number): Ring {
  const lat0 = ring[0]![1] * Math.PI / 180;
  const kx = Math.cos(lat0) * M_PER_DEG;
  const ky = M_PER_DEG;
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = [ring[a]![0] * kx, ring[a]![1] * ky];
    const [bx, by] = [ring[b]![0] * kx, ring[b]![1] * ky];
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy);
    let worst = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const px = ring[i]![0] * kx - ax;
      const py = ring[i]![1] * ky - ay;
      const d = len === 0 ? Math.hypot(px, py) : Math.abs(dx * py - dy * px) / len;
      if (d > worst) { worst = d; at = i; }
    }
    if (at >= 0 && worst > tolM) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  let out = ring.filter((_, i) => keep[i]);
  if (out.length < 4) out = ring.filter((_, i) => i % Math.max(1, Math.floor(ring.length / 4)) === 0 || i === ring.length - 1);
  return out;
}

/** Signed area (shoelace, in degrees²): positive for counter-clockwise rings. */
export function signedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s / 2;
}

function centroid(ring: Ring): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const f = ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
    a += f;
    cx += (ring[i]![0] + ring[i + 1]![0]) * f;
    cy += (ring[i]![1] + ring[i + 1]![1]) * f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

export function makeBoroughMap(source: { features: { properties: Record<string, string>; geometry: { type: string; coordinates: Polygon[] } }[] }) {
  const features = source.features
    .map((f) => {
      const polygons = f.geometry.coordinates.map((poly) => poly.map((ring) => simplify(ring, TOLERANCE_M)
        .map(([x, y]) => [round(x), round(y)] as [number, number]).reverse()));
      const largest = f.geometry.coordinates.map((p) => p[0]!).sort((a, b) => Math.abs(signedArea(b)) - Math.abs(signedArea(a)))[0]!;
      const [lon, lat] = centroid(largest);
      return {
        type: 'Feature',
        properties: {
          name: f.properties.NOM!, code: f.properties.ABREV!, type: f.properties.TYPE === 'Arrondissement' ? 'borough' : 'linked_city',
          lon: round(lon), lat: round(lat),
        },
        geometry: { type: 'MultiPolygon', coordinates: polygons },
      };
    })
    .sort((a, b) => a.properties.type.localeCompare(b.properties.type) || a.properties.name.localeCompare(b.properties.name, 'fr'));
  return {
    type: 'FeatureCollection',
    attribution: 'Limites administratives de l\'agglomération de Montréal, Ville de Montréal, CC-BY 4.0 (simplified)',
    features,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const src = process.argv[2];
  if (!src) {
    process.stderr.write('usage: npm run make:map -- <montreal-limites-administratives.geojson>\n');
    process.exit(2);
  }
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'montreal-boroughs.geojson');
  const map = makeBoroughMap(JSON.parse(readFileSync(src, 'utf8')));
  // one feature per line: readable diffs, and about 60 KB
  const text = `{"type":"FeatureCollection","attribution":${JSON.stringify(map.attribution)},"features":[\n`
    + map.features.map((f) => JSON.stringify(f)).join(',\n') + '\n]}\n';
  writeFileSync(out, text);
  const points = map.features.reduce((n, f) => n + f.geometry.coordinates.flat().reduce((m, r) => m + r.length, 0), 0);
  process.stdout.write(`${out}: ${map.features.length} areas, ${points} points, ${text.length} bytes\n`);
}
