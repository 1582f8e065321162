/**
 * A deterministic generator of Montréal `requetes311.csv` files in today's 29-column format, for the import benchmark.
 *
 * Rows are modelled on the city's open data (the information-row extract of the current export and the HackQC
 * request rows): about half information rows (no id, no borough, no location, no status, status time = creation
 * time), the rest requests (a few complaints and comments) with ids like `18-123456` unique across the file, a borough
 * spelled both ways, a street, coordinates, a channel and a last status after creation. Local times
 * `YYYY-MM-DDTHH:MM:SS` between 2014-01-01 and 2019-06-30. Every text field is double-quoted, numbers and empty
 * fields are not — as the city writes it. About 270 bytes a row on average.
 *
 * The file is streamed to disk in chunks. Same rows and seed → same bytes.
 *
 *   npx tsx bench/gen-montreal.ts OUT.csv [ROWS=1000000] [SEED=311]
 */
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HEADER = [
  'ID_UNIQUE', 'NATURE', 'ACTI_NOM', 'TYPE_LIEU_INTERV', 'RUE', 'RUE_INTERSECTION1', 'RUE_INTERSECTION2', 'LOC_ERREUR_GDT',
  'ARRONDISSEMENT', 'ARRONDISSEMENT_GEO', 'LIN_CODE_POSTAL', 'DDS_DATE_CREATION', 'PROVENANCE_ORIGINALE',
  'PROVENANCE_TELEPHONE', 'PROVENANCE_COURRIEL', 'PROVENANCE_PERSONNE', 'PROVENANCE_COURRIER', 'PROVENANCE_TELECOPIEUR',
  'PROVENANCE_INSTANCE', 'PROVENANCE_MOBILE', 'PROVENANCE_MEDIASOCIAUX', 'PROVENANCE_SITEINTERNET', 'UNITE_RESP_PARENT',
  'LOC_LONG', 'LOC_LAT', 'LOC_X', 'LOC_Y', 'DERNIER_STATUT', 'DATE_DERNIER_STATUT',
] as const;

/** mulberry32: a small, fast, seeded 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weighted choice table: values with integer weights, expanded once for O(1) picks. */
function table<T>(entries: [T, number][]): T[] {
  const out: T[] = [];
  for (const [v, w] of entries) for (let i = 0; i < w; i++) out.push(v);
  return out;
}

/** A text field as the city writes it: double-quoted (quotes doubled). */
function q(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

// Borough as the unit responsible (ARRONDISSEMENT, spaced hyphen), as located (ARRONDISSEMENT_GEO, compact),
// UNITE_RESP_PARENT, centre of the requests seen in the real data, common streets and postal prefixes.
interface Borough {
  name: string;
  geo: string;
  unit: string;
  lon: number;
  lat: number;
  streets: string[];
  postal: string[];
  weight: number;
}

const BOROUGHS: Borough[] = [
  { name: 'Le Plateau-Mont-Royal', geo: 'Le Plateau-Mont-Royal', unit: 'PLATEAU-MONT-ROYAL', lon: -73.5798, lat: 45.5219,
    streets: ['rue Clark', 'rue Jeanne-Mance', 'boulevard Saint-Laurent', 'boulevard Saint-Joseph', 'rue Saint-Urbain', 'rue Saint-Denis'],
    postal: ['H2X', 'H2W', 'H2J'], weight: 10 },
  { name: 'Ville-Marie', geo: 'Ville-Marie', unit: 'VILLE-MARIE', lon: -73.5633, lat: 45.5125,
    streets: ['boulevard De Maisonneuve', 'rue Sainte-Catherine', 'rue Dorion', 'avenue de l\'Hôtel-de-Ville', 'rue Ontario'],
    postal: ['H2K', 'H2X', 'H2L'], weight: 9 },
  { name: 'Mercier - Hochelaga-Maisonneuve', geo: 'Mercier-Hochelaga-Maisonneuve', unit: 'MERCIER - HOCHELAGA-MAISONNEUVE',
    lon: -73.5359, lat: 45.5832,
    streets: ['rue Hochelaga', 'rue Notre-Dame', 'boulevard Langelier', 'boulevard Lapointe', 'avenue Bourbonnière'],
    postal: ['H1L', 'H1M', 'H1W'], weight: 9 },
  { name: 'Villeray-Saint-Michel - Parc-Extension', geo: 'Villeray-Saint-Michel-Parc-Extension',
    unit: 'VILLERAY - ST-MICHEL - PARC-EXTENSION', lon: -73.6163, lat: 45.5545,
    streets: ['rue Saint-Denis', 'avenue 9e', 'rue Jean-Talon', 'rue Berri', 'avenue 1re'], postal: ['H1Z', 'H2A', 'H2E'], weight: 8 },
  { name: 'Ahuntsic - Cartierville', geo: 'Ahuntsic-Cartierville', unit: 'AHUNTSIC-CARTIERVILLE', lon: -73.6614, lat: 45.5517,
    streets: ['boulevard Henri-Bourassa', 'rue Fleury', 'rue Saint-Urbain', 'avenue Bruchési', 'boulevard Gouin Ouest'],
    postal: ['H2M', 'H2C', 'H3L'], weight: 8 },
  { name: 'Rosemont - La Petite-Patrie', geo: 'Rosemont-La Petite-Patrie', unit: 'ROSEMONT - LA PETITE-PATRIE', lon: -73.5869, lat: 45.5495,
    streets: ['boulevard Saint-Laurent', 'rue Bélanger', 'rue Beaubien', 'boulevard Rosemont', 'rue de Bellechasse'],
    postal: ['H2S', 'H1X', 'H1T'], weight: 8 },
  { name: 'Côte-des-Neiges - Notre-Dame-de-Grâce', geo: 'Côte-des-Neiges-Notre-Dame-de-Grâce',
    unit: 'COTE-DES-NEIGES - NOTRE-DAME-DE-GRÂCE', lon: -73.6347, lat: 45.4743,
    streets: ['chemin de la Côte-Saint-Luc', 'rue Sherbrooke Ouest', 'avenue Brodeur', 'avenue Westmore', 'avenue Coolbrook'],
    postal: ['H4V', 'H4A', 'H3X'], weight: 8 },
  { name: 'Saint-Laurent', geo: 'Saint-Laurent', unit: 'ST-LAURENT', lon: -73.6858, lat: 45.5147,
    streets: ['boulevard de la Côte-Vertu', 'rue Ouimet', 'boulevard Décarie', 'boulevard Deguire', 'carré Benoit'],
    postal: ['H4L', 'H4N', 'H4R'], weight: 5 },
  { name: 'Saint-Léonard', geo: 'Saint-Léonard', unit: 'SAINT-LÉONARD', lon: -73.5978, lat: 45.5845,
    streets: ['rue de Provence', 'boulevard Viau', 'rue Jonquet', 'rue Ragueneau', 'rue Jean-Talon Est'],
    postal: ['H1R', 'H1S', 'H1P'], weight: 4 },
  { name: 'Rivière-des-Prairies - Pointe-aux-Trembles', geo: 'Rivière-des-Prairies-Pointe-aux-Trembles',
    unit: 'RIVIÈRE-DES-PRAIRIES - POINTE-AUX-TREMBLES', lon: -73.5334, lat: 45.6475,
    streets: ['boulevard Maurice-Duplessis', 'rue Prince-Albert', 'avenue Marcel-Faribault', 'avenue 39e', 'boulevard Saint-Jean-Baptiste'],
    postal: ['H1E', 'H1B', 'H1A'], weight: 4 },
  { name: 'Verdun', geo: 'Verdun', unit: 'ARRONDISSEMENT DE VERDUN', lon: -73.5703, lat: 45.4588,
    streets: ['avenue Desmarchais', 'rue Ethel', 'rue Wellington', 'boulevard LaSalle', 'avenue 5e'], postal: ['H4G', 'H4H', 'H3E'], weight: 4 },
  { name: 'LaSalle', geo: 'LaSalle', unit: 'LASALLE', lon: -73.6228, lat: 45.4307,
    streets: ['rue Boursier', 'rue John-Campbell', 'rue Patrice', 'rue Jetté', 'rue Jean-Brillon'], postal: ['H8N', 'H8R', 'H8P'], weight: 3 },
  { name: 'Anjou', geo: 'Anjou', unit: 'ANJOU', lon: -73.5531, lat: 45.6043,
    streets: ['avenue Chemillé', 'boulevard des Roseraies', 'boulevard Louis-H.-La Fontaine', 'place Blain', 'avenue Merriam'],
    postal: ['H1K', 'H1M', 'H1J'], weight: 3 },
  { name: 'Lachine', geo: 'Lachine', unit: 'LACHINE', lon: -73.6752, lat: 45.4413,
    streets: ['avenue 14e', 'rue Saint-Antoine', 'rue Saint-Jacques', 'rue Sherbrooke', 'rue Émile-Gauthier'], postal: ['H8S', 'H8R', 'H8T'], weight: 3 },
  { name: 'Montréal-Nord', geo: 'Montréal-Nord', unit: 'MONTREAL-NORD', lon: -73.6327, lat: 45.5989,
    streets: ['avenue des Récollets', 'boulevard Léger', 'rue Renoir', 'rue Paul', 'avenue Bellevois'], postal: ['H1H', 'H1G'], weight: 2 },
  { name: 'Le Sud-Ouest', geo: 'Le Sud-Ouest', unit: 'SUD-OUEST', lon: -73.5824, lat: 45.4691,
    streets: ['rue Basin', 'boulevard des Trinitaires', 'rue Angers', 'boulevard Monk', 'rue de Coleraine'], postal: ['H4E', 'H3K', 'H3J'], weight: 2 },
  { name: 'Pierrefonds - Roxboro', geo: 'Pierrefonds-Roxboro', unit: 'PIERREFONDS - ROXBORO', lon: -73.8506, lat: 45.4921,
    streets: ['boulevard Gouin Ouest', 'rue Pavillon', 'rue Richmond', 'rue Perron', 'rue du Trotteur'], postal: ['H8Z', 'H9H', 'H9A'], weight: 1 },
  { name: 'Outremont', geo: 'Outremont', unit: 'OUTREMONT', lon: -73.6105, lat: 45.5201,
    streets: ['avenue Champagneur', 'avenue Durocher', 'avenue de l\'Épée', 'avenue Van Horne', 'avenue Bernard'], postal: ['H2V'], weight: 1 },
  { name: 'L\'Île-Bizard - Sainte-Geneviève', geo: 'L\'Île-Bizard-Sainte-Geneviève', unit: 'L ÎLE BIZARD - STE-GENEVIÈVE',
    lon: -73.8779, lat: 45.4893, streets: ['rue Laniel', 'rue Alphonse-Desjardins', 'rue Cherrier'], postal: ['H9H', 'H9E'], weight: 1 },
];

// Category names (ACTI_NOM) from the city's files: requests and information topics.
const REQUEST_CATEGORIES = table<string>([
  ['Nid-de-poule', 8], ['Collecte des encombrants', 6], ['Collecte de déchets', 5], ['Dépôt illégal - Déchets', 4],
  ['Extermination à l\'extérieur - Rats', 4], ['Bac roulant', 4], ['Éclairage existant - Entretien', 3],
  ['Danger potentiel - Arbre', 3], ['Branche tombée', 3], ['Débris sur la voie publique', 3], ['Animal mort', 2],
  ['Trottoir glissant', 2], ['Feux de circulation - Entretien', 2], ['Nettoyage du domaine public', 2], ['Fuite d\'eau', 2],
  ['Refoulement égout / Inondation Propriété privée', 1], ['Logement - Vermine ou rongeurs', 1], ['Bruit', 1],
  ['Intervention stationnement', 2], ['Neige - Remorquage', 1], ['Collecte des matières recyclables', 2],
  ['Collecte de résidus verts', 1], ['Occupation du domaine public', 1], ['Installations sportives extérieures - Entretien', 1],
  ['Animaux sauvages - Nuisance', 1], ['Parc - Divers', 1], ['Balai mécanique', 1], ['Puisard/TH-Première intervention', 1],
  ['Logement - Inspection', 1], ['*Réclamation', 1],
]);
const INFO_CATEGORIES = table<string>([
  ['Info-Remorquage', 68], ['Collecte des encombrants', 47], ['Taxes foncières', 41], ['Collecte de déchets', 40],
  ['Y-Eau - Divers', 29], ['Organisme divers', 26], ['Fermeture d\'entrée d\'eau', 21], ['Fermeture d\'une conduite d\'eau - Urgence', 20],
  ['Intervention stationnement', 19], ['Manque d\'eau', 18], ['Opération déneigement', 17], ['Cour municipale', 14],
  ['Fuite d\'eau', 14], ['Sports et loisirs - Activités', 13], ['Permis - Divers', 11], ['Info-travaux - Service central', 11],
  ['Bureau d\'arrondissement - Service à la clientèle', 10], ['Écocentre', 9], ['Feux de circulation - Entretien', 9],
  ['Collecte de résidus verts', 9], ['Gel Entrée d\'eau', 9], ['Collecte des matières recyclables', 9],
  ['Occupation du domaine public', 8], ['Parc - Divers', 8], ['Gouvernement du Québec', 7], ['Contrôle animalier', 7],
  ['Permis animalier', 6], ['Bruit', 6], ['SRRR', 5], ['Avis Occupant / Consommation', 5], ['IRP - Police', 5],
  ['Permis de construction - rénovation', 4], ['Assermentation', 4], ['Accès à l\'information', 3],
]);
const INFO_UNITS = table<string>([
  ['DIVISION 311 ET INTERVENTIONS RAPIDES ET PRIORITAIRES', 87], ['SER.CONCERTATION DES ARROND. ET EXPÉRIENCE CITOYENNE', 9],
  ['ST-LAURENT', 1], ['LASALLE', 1], ['SUD-OUEST', 1], ['RELATIONS AVEC LES CITOYENS - 311', 1],
]);

// PROVENANCE_ORIGINALE and the position of its one-hot flag among the nine PROVENANCE_* columns.
const CHANNEL_FLAG: Record<string, number> = {
  'Téléphone': 0, 'Courriel': 1, 'Personne': 2, 'Courrier': 3, 'Télécopieur': 4, 'Instance': 5, 'Mobile': 6, 'Médias sociaux': 7,
  'Site internet': 8,
};
const FLAGS = Array.from({ length: 9 }, (_, i) => Array.from({ length: 9 }, (_, j) => (i === j ? '1' : '0')).join(','));
const REQUEST_CHANNELS = table<string>([['Téléphone', 70], ['Site internet', 12], ['Mobile', 6], ['Courriel', 6], ['Personne', 6]]);
const INFO_CHANNELS = table<string>([['Téléphone', 94], ['Personne', 5], ['Courriel', 1]]);

const STATUSES = table<string>([
  ['Terminée', 74], ['Annulée', 4], ['Refusée', 3], ['Acceptée', 5], ['Prise en charge', 5], ['Transmise pour traitement', 5],
  ['Urgente', 1], ['Réactivée', 3],
]);
const PLACE_TYPES = table<string>([['Adresse', 84], ['Intersection', 8], ['Troncon', 6], ['Installation', 2]]);
// Calls come in office hours mostly.
const HOURS = table<number>([
  [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 2], [7, 4], [8, 9], [9, 10], [10, 10], [11, 9], [12, 7], [13, 9], [14, 9],
  [15, 8], [16, 7], [17, 4], [18, 3], [19, 3], [20, 2], [21, 2], [22, 1], [23, 1],
]);

// Information rows: a little under half, which brings the mean row near the real export's ~270 bytes.
const INFO_SHARE = 0.42;

const START = Date.UTC(2014, 0, 1) / 1000;
const DAYS = (Date.UTC(2019, 5, 30) / 1000 - START) / 86400 + 1;

const p2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** Naive local time (seconds since 1970 read as UTC fields) as `YYYY-MM-DDTHH:MM:SS`. */
function fmtTime(s: number): string {
  const d = new Date(s * 1000);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** A number the way the city's export prints a double (15 significant digits). */
function num(x: number): string {
  return String(Number(x.toPrecision(15)));
}

/** Rows of one file. Kept in a closure so that chunks can be produced one after the other. */
function rowMaker(seed: number): () => string {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const boroughs = table(BOROUGHS.map((b): [Borough, number] => [b, b.weight]));
  const postalChars = [...'ABCEGHJKLMNPRSTVXY'];
  // Per-year sequence numbers, moving up by a random step: ids unique across the file, sparse like the city's.
  const seq = new Map<number, number>();
  const gauss = () => (rnd() + rnd() + rnd() - 1.5) / 1.5;

  return () => {
    const created = START + Math.floor(rnd() * DAYS) * 86400 + pick(HOURS) * 3600 + Math.floor(rnd() * 3600);
    const createdText = fmtTime(created);
    const u = rnd();
    if (u < INFO_SHARE) {
      const channel = pick(INFO_CHANNELS);
      return `,"Information",${q(pick(INFO_CATEGORIES))},,,,,,,,,"${createdText}",${q(channel)},${FLAGS[CHANNEL_FLAG[channel]!]},`
        + `${q(pick(INFO_UNITS))},,,,,,"${createdText}"\n`;
    }
    const nature = u < 0.965 ? 'Requête' : u < 0.99 ? 'Plainte' : 'Commentaire';
    const year = new Date(created * 1000).getUTCFullYear();
    const n = (seq.get(year) ?? 100_000 + Math.floor(rnd() * 50_000)) + 1 + Math.floor(rnd() * 3);
    seq.set(year, n);
    const id = `${year % 100}-${n}`;
    const b = pick(boroughs);
    const place = pick(PLACE_TYPES);
    let street = '';
    let cross1 = '';
    let cross2 = '';
    let postal = '';
    if (place === 'Adresse') {
      street = pick(b.streets);
      if (rnd() < 0.95) postal = `${pick(b.postal)}${Math.floor(rnd() * 10)}${pick(postalChars)}${Math.floor(rnd() * 10)}`;
    } else if (place === 'Intersection') {
      cross1 = pick(b.streets);
      cross2 = pick(b.streets);
    } else if (place === 'Troncon') {
      street = pick(b.streets);
      cross1 = pick(b.streets);
      cross2 = pick(b.streets);
    }
    const geoError = rnd() < 0.01 ? 1 : 0;
    const lon = b.lon + gauss() * 0.02;
    const lat = b.lat + gauss() * 0.015;
    // MTM zone 8 (NAD83), linear fit over the real rows (within ~30 m in the city).
    const x = 296984.165 + 78112.023 * (lon + 73.6) + 119.413 * (lat - 45.5);
    const y = 5040014.494 - 137.707 * (lon + 73.6) + 111145.660 * (lat - 45.5);
    const geoName = rnd() < 0.02 ? pick(boroughs).geo : b.geo; // located across a border now and then
    const channel = pick(REQUEST_CHANNELS);
    const status = pick(STATUSES);
    // Minutes to months later, skewed short.
    const r = rnd();
    const statusAt = created + 60 + Math.floor(r * r * r * 90 * 86400);
    return `"${id}","${nature}",${q(pick(REQUEST_CATEGORIES))},"${place}",${street && q(street)},${cross1 && q(cross1)},`
      + `${cross2 && q(cross2)},${geoError},${q(b.name)},${q(geoName)},${postal && `"${postal}"`},"${createdText}",${q(channel)},`
      + `${FLAGS[CHANNEL_FLAG[channel]!]},${q(b.unit)},${num(lon)},${num(lat)},${num(x)},${num(y)},${q(status)},"${fmtTime(statusAt)}"\n`;
  };
}

/** Writes `rows` data rows (plus the header) to `path`, streaming; deterministic in `seed`. */
export async function generateMontrealCsv(path: string, rows: number, seed: number): Promise<void> {
  const fh = await open(path, 'w');
  try {
    const next = rowMaker(seed);
    const CHUNK = 20_000;
    await fh.write(HEADER.join(',') + '\n');
    for (let done = 0; done < rows;) {
      const n = Math.min(CHUNK, rows - done);
      const parts = new Array<string>(n);
      for (let i = 0; i < n; i++) parts[i] = next();
      await fh.write(parts.join(''));
      done += n;
    }
  } finally {
    await fh.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out, rowsArg, seedArg] = process.argv.slice(2);
  if (!out) {
    console.error('usage: tsx bench/gen-montreal.ts OUT.csv [ROWS=1000000] [SEED=311]');
    process.exit(2);
  }
  const rows = rowsArg ? Number(rowsArg) : 1_000_000;
  const seed = seedArg ? Number(seedArg) : 311;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(seed)) {
    console.error('ROWS and SEED must be integers');
    process.exit(2);
  }
  const t0 = performance.now();
  await generateMontrealCsv(out, rows, seed);
  console.log(`${out}: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
