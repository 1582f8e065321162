/**
 * Synthetic Montréal service requests for the demo, written in the city's own `requetes311.csv` format (29 columns,
 * text fields quoted, numbers and empty fields not) so that they go through the real import path.
 *
 * What is modelled, and roughly how (all from one seeded generator: same seed and scale, same bytes):
 * - volume: 300,000 contacts at scale 1 from 2014-01 to 2019-06, growing about 6 % a year, about half of them
 *   information rows (no id, no borough, status empty, status date = creation);
 * - boroughs weighted by 2016 population (data/boroughs.csv); linked cities rarely (0.5 % of requests);
 * - categories weighted by how often Montréal receives them, with seasons (snow and towing in winter, potholes in
 *   spring, collections, trees and noise in summer, property taxes around the February and June instalments);
 * - weekdays and business hours dominate (the city reports 87 % of calls on weekdays 8:00–17:30);
 * - delays per category, log-normal with a long tail, growing with the 2018–2019 load; some requests cancelled,
 *   refused or never closed (a backlog of open requests at every snapshot);
 * - channels drifting from the phone and the counter toward the web and the mobile app.
 * Figures are plausible, not Montréal's: the demo exists to exercise vigie, and says so.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { loadBoroughMap, loadBoroughs } from '../standards/boroughs.ts';
import { Rng, Weighted } from './random.ts';

export const TICKET_HEADER = [
  'ID_UNIQUE', 'NATURE', 'ACTI_NOM', 'TYPE_LIEU_INTERV', 'RUE', 'RUE_INTERSECTION1', 'RUE_INTERSECTION2', 'LOC_ERREUR_GDT',
  'ARRONDISSEMENT', 'ARRONDISSEMENT_GEO', 'LIN_CODE_POSTAL', 'DDS_DATE_CREATION', 'PROVENANCE_ORIGINALE', 'PROVENANCE_TELEPHONE',
  'PROVENANCE_COURRIEL', 'PROVENANCE_PERSONNE', 'PROVENANCE_COURRIER', 'PROVENANCE_TELECOPIEUR', 'PROVENANCE_INSTANCE',
  'PROVENANCE_MOBILE', 'PROVENANCE_MEDIASOCIAUX', 'PROVENANCE_SITEINTERNET', 'UNITE_RESP_PARENT', 'LOC_LONG', 'LOC_LAT',
  'LOC_X', 'LOC_Y', 'DERNIER_STATUT', 'DATE_DERNIER_STATUT',
];

/** Month-of-year multipliers (Jan…Dec). */
const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const WINTER = [3.2, 2.8, 2, 0.6, 0.1, 0.05, 0.05, 0.05, 0.1, 0.4, 1.4, 2.8];
const SPRING = [0.6, 0.9, 2, 2.8, 2.2, 1.1, 0.7, 0.6, 0.6, 0.7, 0.7, 0.6];
const SUMMER = [0.4, 0.4, 0.6, 1, 1.5, 1.8, 1.9, 1.8, 1.3, 0.9, 0.6, 0.4];
const GROWING = [0.5, 0.5, 0.7, 1.2, 1.6, 1.5, 1.3, 1.2, 1.1, 1.2, 1, 0.6];
const TAXES = [0.8, 2.6, 2, 0.8, 0.8, 2.2, 1.2, 0.6, 0.6, 0.6, 0.6, 0.6];

interface Category {
  name: string;
  weight: number;
  info: number;
  season: number[];
  /** Median days to close a request. */
  days: number;
  /** The central unit that handles it, when not the borough. */
  unit?: string;
}

/** Real Montréal `ACTI_NOM` values (and a few in the same style), with illustrative weights and delays. */
export const CATEGORIES: Category[] = [
  { name: 'Nid-de-poule', weight: 6, info: 0.25, season: SPRING, days: 4 },
  { name: 'Opération déneigement', weight: 5, info: 0.75, season: WINTER, days: 2 },
  { name: 'Chaussée glissante', weight: 1.5, info: 0.2, season: WINTER, days: 1 },
  { name: 'Trottoir glissant', weight: 1.5, info: 0.2, season: WINTER, days: 1 },
  { name: 'Pavage - Réparation', weight: 1.5, info: 0.2, season: SPRING, days: 20 },
  { name: 'Voirie - Divers', weight: 2, info: 0.4, season: FLAT, days: 10 },
  { name: 'Collecte des encombrants', weight: 8, info: 0.6, season: GROWING, days: 6 },
  { name: 'Collecte de déchets', weight: 6, info: 0.6, season: FLAT, days: 3 },
  { name: 'Collecte des matières recyclables', weight: 4, info: 0.6, season: FLAT, days: 3 },
  { name: 'Collecte de résidus verts', weight: 2, info: 0.6, season: GROWING, days: 5 },
  { name: 'Bac roulant', weight: 3, info: 0.4, season: FLAT, days: 12 },
  { name: 'Dépôt illégal - Déchets', weight: 2, info: 0.1, season: SUMMER, days: 5 },
  { name: 'Écocentre', weight: 2, info: 0.95, season: GROWING, days: 1 },
  { name: 'Info-Remorquage', weight: 5, info: 0.98, season: WINTER, days: 0.2, unit: 'SERVICE DE LA CONCERTATION DES ARRONDISSEMENTS' },
  { name: 'Feux de circulation - Entretien', weight: 2, info: 0.2, season: FLAT, days: 1.5, unit: 'SERVICE DE LA CONCERTATION DES ARRONDISSEMENTS' },
  { name: 'Intervention stationnement', weight: 3, info: 0.2, season: FLAT, days: 0.5 },
  { name: 'Signalisation écrite -  Entretien', weight: 1, info: 0.2, season: FLAT, days: 15 },
  { name: 'Éclairage existant - Entretien', weight: 2, info: 0.15, season: WINTER.map((w) => 0.6 + w / 4), days: 7 },
  { name: "Fuite d'eau", weight: 2, info: 0.2, season: FLAT, days: 5 },
  { name: "Manque d'eau", weight: 1, info: 0.3, season: FLAT, days: 1 },
  { name: "Fermeture d'entrée d'eau", weight: 1.5, info: 0.4, season: FLAT, days: 4 },
  { name: "Gel Entrée d'eau", weight: 0.8, info: 0.3, season: WINTER, days: 2 },
  { name: 'Refoulement égout / Inondation Propriété privée', weight: 0.8, info: 0.3, season: SUMMER, days: 3 },
  { name: 'Élagage', weight: 2, info: 0.2, season: SUMMER, days: 60 },
  { name: "Abattage d'arbre", weight: 1, info: 0.3, season: SUMMER, days: 90 },
  { name: 'Danger potentiel - Arbre', weight: 1.5, info: 0.1, season: SUMMER, days: 10 },
  { name: 'Branche tombée', weight: 1.5, info: 0.1, season: SUMMER, days: 5 },
  { name: 'Parc - Divers', weight: 1.5, info: 0.4, season: SUMMER, days: 15 },
  { name: 'Permis animalier', weight: 4, info: 0.85, season: GROWING, days: 10 },
  { name: 'Contrôle animalier', weight: 1.5, info: 0.3, season: SUMMER, days: 5 },
  { name: 'Animal mort', weight: 1, info: 0.1, season: SUMMER, days: 1.5 },
  { name: "Extermination à l'extérieur - Rats", weight: 1, info: 0.25, season: SUMMER, days: 15 },
  { name: 'Logement - Vermine ou rongeurs', weight: 0.8, info: 0.3, season: FLAT, days: 30 },
  { name: 'Logement - Inspection', weight: 1, info: 0.4, season: FLAT, days: 45 },
  { name: 'Punaises de lit', weight: 0.4, info: 0.5, season: SUMMER, days: 30 },
  { name: 'Subvention - Habitation - Service central', weight: 0.5, info: 0.95, season: FLAT, days: 30, unit: "SERVICE DE L'HABITATION" },
  { name: 'Taxes foncières', weight: 5, info: 0.97, season: TAXES, days: 5, unit: 'SERVICE DES FINANCES' },
  { name: 'Cour municipale', weight: 2, info: 0.95, season: FLAT, days: 5, unit: 'SERVICE DES AFFAIRES JURIDIQUES' },
  { name: 'Permis de construction - rénovation', weight: 2, info: 0.9, season: GROWING, days: 20 },
  { name: 'Occupation du domaine public', weight: 1, info: 0.7, season: GROWING, days: 10 },
  { name: 'Sports et loisirs - Activités', weight: 2, info: 0.95, season: FLAT, days: 5 },
  { name: 'Culture - Activités', weight: 0.8, info: 0.95, season: SUMMER, days: 5 },
  { name: 'Bruit', weight: 2, info: 0.3, season: SUMMER, days: 7 },
  { name: 'Surveillance et sécurité publique', weight: 0.6, info: 0.5, season: FLAT, days: 7 },
  { name: "Certificat d'occupation", weight: 0.8, info: 0.85, season: GROWING, days: 30 },
  { name: 'Commerce - Information', weight: 0.6, info: 1, season: FLAT, days: 1 },
  { name: 'Écoquartier', weight: 1, info: 0.8, season: GROWING, days: 7 },
  { name: 'Distribution de végétaux', weight: 0.8, info: 0.9, season: SPRING, days: 3 },
  { name: 'Organisme divers', weight: 3, info: 1, season: FLAT, days: 1 },
  { name: "Bureau d'arrondissement - Service à la clientèle", weight: 2, info: 1, season: FLAT, days: 1 },
];

/** How the current export spells each borough: ARRONDISSEMENT (spaced hyphens) and UNITE_RESP_PARENT (upper case). */
const EXPORT_SPELLING: Record<string, [string, string]> = {
  'Ahuntsic-Cartierville': ['Ahuntsic - Cartierville', 'AHUNTSIC-CARTIERVILLE'],
  'Anjou': ['Anjou', 'ANJOU'],
  'Côte-des-Neiges-Notre-Dame-de-Grâce': ['Côte-des-Neiges - Notre-Dame-de-Grâce', 'COTE-DES-NEIGES - NOTRE-DAME-DE-GRÂCE'],
  "L'Île-Bizard-Sainte-Geneviève": ["L'Île-Bizard - Sainte-Geneviève", 'L ÎLE BIZARD - STE-GENEVIÈVE'],
  'LaSalle': ['LaSalle', 'LASALLE'],
  'Lachine': ['Lachine', 'LACHINE'],
  'Le Plateau-Mont-Royal': ['Le Plateau-Mont-Royal', 'PLATEAU-MONT-ROYAL'],
  'Le Sud-Ouest': ['Le Sud-Ouest', 'SUD-OUEST'],
  'Mercier-Hochelaga-Maisonneuve': ['Mercier - Hochelaga-Maisonneuve', 'MERCIER - HOCHELAGA-MAISONNEUVE'],
  'Montréal-Nord': ['Montréal-Nord', 'MONTREAL-NORD'],
  'Outremont': ['Outremont', 'OUTREMONT'],
  'Pierrefonds-Roxboro': ['Pierrefonds - Roxboro', 'PIERREFONDS - ROXBORO'],
  'Rivière-des-Prairies-Pointe-aux-Trembles': ['Rivière-des-Prairies - Pointe-aux-Trembles', 'RIVIÈRE-DES-PRAIRIES - POINTE-AUX-TREMBLES'],
  'Rosemont-La Petite-Patrie': ['Rosemont - La Petite-Patrie', 'ROSEMONT - LA PETITE-PATRIE'],
  'Saint-Laurent': ['Saint-Laurent', 'ST-LAURENT'],
  'Saint-Léonard': ['Saint-Léonard', 'SAINT-LÉONARD'],
  'Verdun': ['Verdun', 'ARRONDISSEMENT DE VERDUN'],
  'Ville-Marie': ['Ville-Marie', 'VILLE-MARIE'],
  'Villeray-Saint-Michel-Parc-Extension': ['Villeray-Saint-Michel - Parc-Extension', 'VILLERAY - ST-MICHEL - PARC-EXTENSION'],
};

const STREETS = ['rue Sherbrooke Est', 'rue Saint-Denis', 'boulevard Saint-Laurent', 'avenue du Mont-Royal Est', 'rue Ontario Est',
  'boulevard Décarie', 'rue Jean-Talon Est', 'rue Beaubien Est', 'avenue Papineau', 'rue Notre-Dame Ouest', 'rue Wellington',
  'boulevard Gouin Ouest', 'rue Fleury Est', 'boulevard Henri-Bourassa Est', 'rue Sainte-Catherine Est', 'avenue Van Horne',
  'rue Hochelaga', 'boulevard Pie-IX', 'rue Jarry Est', 'avenue Christophe-Colomb', 'rue de Verdun', 'boulevard LaSalle',
  'rue Notre-Dame Est', 'avenue Laurier Ouest', 'boulevard de Maisonneuve Ouest', 'rue Sauvé Est', 'boulevard Lacordaire'];

/** Channel shares by year: PROVENANCE_ORIGINALE values, drifting toward digital. */
const CHANNELS = ['Téléphone', 'Personne', 'Courriel', 'Site internet', 'Mobile', 'Médias sociaux', 'Courrier'];
const CHANNEL_COLUMN: Record<string, number> = {
  'Téléphone': 13, 'Courriel': 14, 'Personne': 15, 'Courrier': 16, 'Mobile': 19, 'Médias sociaux': 20, 'Site internet': 21,
};
function channelWeights(yearFraction: number): number[] {
  // 2014.0 → 2019.5: phone 74 → 58 %, counter 14 → 7 %, email 6 → 7 %, web 3 → 14 %, app 2 → 13 %
  const t = Math.min(1, Math.max(0, (yearFraction - 2014) / 5.5));
  const lerp = (a: number, b: number) => a + (b - a) * t;
  return [lerp(74, 58), lerp(14, 7), lerp(6, 7), lerp(3, 14), lerp(2, 13), lerp(0.5, 0.7), lerp(0.5, 0.3)];
}

const HOURS = [0.1, 0.05, 0, 0.05, 0.05, 0.1, 0.4, 1.5, 4.5, 7, 7.5, 7, 6, 6.5, 6.5, 6, 5, 3, 1.5, 1.2, 1, 0.7, 0.4, 0.2];
const WEEKDAY = [0.25, 1, 1, 1, 1, 0.95, 0.35]; // Sun…Sat

export const DEMO_FROM = Date.UTC(2014, 0, 1);
export const DEMO_TO = Date.UTC(2019, 6, 1); // exclusive: the last month is 2019-06

interface Ticket {
  created: number; // naive local time, ms as if UTC
  seq: number;
  cat: number;
  nature: 'Requête' | 'Information' | 'Plainte' | 'Commentaire';
  borough: string | null;
  unit: string;
  channel: string;
  /** When the request reaches its final status (naive local ms), or Infinity for never. */
  end: number;
  final: 'Terminée' | 'Annulée' | 'Refusée' | 'Supprimée';
  /** When it was taken in charge (first status change). */
  taken: number;
  street: string;
  id: string;
}

const DAY = 86_400_000;
/** The unit that takes every request in (information rows mostly stay there). */
const INTAKE = 'DIVISION 311 ET INTERVENTIONS RAPIDES ET PRIORITAIRES';

function monthStart(i: number): number {
  return Date.UTC(2014, i, 1);
}

/** A time on the same local day inside business hours (8:30–16:30): closures are recorded at work. */
function atWork(rng: Rng, t: number): number {
  const day = Math.floor(t / DAY) * DAY;
  return day + 8.5 * 3_600_000 + rng.int(8 * 3600) * 1000;
}

/** Generates the demo's request population (sorted by creation, ids assigned in that order). */
export function generateTickets(seed: number, scale: number): Ticket[] {
  const rng = new Rng(seed);
  const months = 66;
  const total = Math.max(1, Math.round(300_000 * scale));
  // (category, month) cells weighted by category weight, season and 6 % yearly growth
  const cells: number[] = [];
  for (const c of CATEGORIES) {
    for (let mth = 0; mth < months; mth++) {
      const days = (monthStart(mth + 1) - monthStart(mth)) / DAY;
      cells.push(c.weight * c.season[mth % 12]! * Math.pow(1.06, mth / 12) * days);
    }
  }
  const cellPick = new Weighted(cells);
  const hourPick = new Weighted(HOURS);
  const boroughs = loadBoroughs();
  const boroughPick = new Weighted(boroughs.map((b) => (b.type === 'borough' ? b.population : b.population * 0.05)));
  const channelPicks = Array.from({ length: 6 }, (_, y) => new Weighted(channelWeights(2014 + y + 0.5)));
  const tickets: Ticket[] = [];
  for (let i = 0; i < total; i++) {
    const cell = cellPick.pick(rng);
    const cat = Math.floor(cell / months);
    const mth = cell % months;
    const c = CATEGORIES[cat]!;
    const from = monthStart(mth);
    const days = (monthStart(mth + 1) - from) / DAY;
    let day: number;
    do day = rng.int(days);
    while (rng.next() > WEEKDAY[new Date(from + day * DAY).getUTCDay()]!);
    const created = from + day * DAY + hourPick.pick(rng) * 3_600_000 + rng.int(3600) * 1000;
    const year = new Date(created).getUTCFullYear();
    const isInfo = rng.next() < c.info;
    const r = rng.next();
    const nature = isInfo ? 'Information' : r < 0.975 ? 'Requête' : r < 0.995 ? 'Plainte' : 'Commentaire';
    const b = boroughs[boroughPick.pick(rng)]!;
    const channel = CHANNELS[channelPicks[Math.min(5, year - 2014)]!.pick(rng)]!;
    let borough: string | null = null;
    let unit: string;
    if (isInfo) {
      unit = rng.next() < 0.85 ? INTAKE : (EXPORT_SPELLING[b.name]?.[1] ?? INTAKE);
    } else {
      borough = b.name;
      unit = c.unit ?? EXPORT_SPELLING[b.name]?.[1] ?? b.name.toUpperCase();
    }
    // Delays grow with the 2018–2019 load on the boroughs.
    const load = year >= 2019 ? 1.5 : year >= 2018 ? 1.25 : 1;
    const f = rng.next();
    const final = f < 0.04 ? 'Annulée' : f < 0.06 ? 'Refusée' : f < 0.065 ? 'Supprimée' : 'Terminée';
    const never = rng.next() < 0.025;
    const delay = rng.logNormal(c.days * load, 1.0) * DAY;
    const end = isInfo ? created : never ? Infinity : Math.max(created + 600_000, atWork(rng, created + delay * (final === 'Terminée' ? 1 : 0.5)));
    const taken = isInfo ? created : Math.max(created + 60_000, atWork(rng, created + Math.min(delay * 0.3, 5 * DAY)));
    tickets.push({
      created, seq: i, cat, nature, borough, unit, channel, end, final, taken,
      street: STREETS[rng.int(STREETS.length)]!, id: '',
    });
  }
  tickets.sort((a, b) => a.created - b.created || a.seq - b.seq);
  const perYear = new Map<number, number>();
  for (const t of tickets) {
    if (t.nature === 'Information') continue;
    const y = new Date(t.created).getUTCFullYear();
    const n = (perYear.get(y) ?? 0) + 1;
    perYear.set(y, n);
    t.id = `${String(y % 100).padStart(2, '0')}-${n}`;
  }
  return tickets;
}

function iso(t: number): string {
  return new Date(t).toISOString().slice(0, 19);
}

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;

let centres: Map<string, { lat: number; lon: number }> | undefined;

/**
 * Where a request is: within about a kilometre of its borough's label point, placed by its sequence number alone
 * (the generator's random stream is left as it was), six decimals as the city writes them.
 */
function place(t: Ticket): { lat: string; lon: string } | null {
  centres ??= new Map(loadBoroughMap().features.map((f) => [f.properties.name, { lat: f.properties.lat, lon: f.properties.lon }]));
  const c = t.borough ? centres.get(t.borough) : undefined;
  if (!c) return null;
  const u = (k: number) => (Math.imul(t.seq + k, 2654435761) >>> 0) / 2 ** 32;
  return { lat: (c.lat + (u(1) - 0.5) * 0.02).toFixed(6), lon: (c.lon + (u(7) - 0.5) * 0.03).toFixed(6) };
}

const BOROUGH_UNITS = Object.values(EXPORT_SPELLING).map((s) => s[1]);

/**
 * A uniform number in [0, 1) drawn from a request's sequence number and a salt alone, so the follow-up's events below
 * leave the generator's random stream (and so every other number of the demo) as it was.
 */
function draw(seq: number, salt: number): number {
  let h = Math.imul(seq ^ Math.imul(salt, 0x9e3779b9), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * What happens to a request after its first answer, as the successive exports show it: until it is taken in charge it
 * sits with the 311 division (routing); about 7 % of requests start with the wrong unit and move to the right one, and a
 * quarter of those come back to it after a detour (ping-pong); about 5 % of completed requests are closed once, reopened
 * (« Réactivée ») and closed for good at their usual end, and a fifth of the requests never closed were closed once and
 * reopened. The final close, and so every compliance figure, is the one the request had without these events.
 */
interface Events { units: { from: number; unit: string }[]; firstClose: number | null; reopened: number | null }

function events(t: Ticket): Events {
  if (t.nature === 'Information') return { units: [{ from: -Infinity, unit: t.unit }], firstClose: null, reopened: null };
  const units = [{ from: -Infinity, unit: INTAKE }, { from: t.taken, unit: t.unit }];
  const out: Events = { units, firstClose: null, reopened: null };
  const horizon = Math.min(t.end, t.taken + 60 * DAY);
  if (draw(t.seq, 1) < 0.07 && horizon - t.taken > 2 * DAY) {
    const other = BOROUGH_UNITS.filter((u) => u !== t.unit)[Math.floor(draw(t.seq, 2) * (BOROUGH_UNITS.length - 1))]!;
    const move = t.taken + (horizon - t.taken) * (0.2 + 0.4 * draw(t.seq, 3));
    if (draw(t.seq, 4) < 0.25) units.push({ from: move, unit: other }, { from: move + (horizon - move) * 0.5, unit: t.unit });
    else units.splice(1, 1, { from: t.taken, unit: other }, { from: move, unit: t.unit });
  }
  const reopen = t.end === Infinity ? draw(t.seq, 5) < 0.2 : t.final === 'Terminée' && draw(t.seq, 5) < 0.05;
  if (reopen) {
    const span = t.end === Infinity ? (5 + 35 * draw(t.seq, 6)) * DAY : (t.end - t.taken) * (0.3 + 0.3 * draw(t.seq, 6));
    const first = t.taken + span;
    const again = first + (t.end === Infinity ? (3 + 57 * draw(t.seq, 7)) * DAY : (t.end - first) * (0.2 + 0.4 * draw(t.seq, 7)));
    if (first - t.taken >= 3_600_000 && again < t.end) Object.assign(out, { firstClose: first, reopened: again });
  }
  return out;
}

/** One CSV row of a ticket as the city would publish it at `snapshot` (naive local ms). */
function row(t: Ticket, snapshot: number): string {
  const c = CATEGORIES[t.cat]!;
  const cells: string[] = new Array(29).fill('');
  cells[0] = t.id ? q(t.id) : '';
  cells[1] = q(t.nature);
  cells[2] = q(c.name);
  cells[11] = q(iso(t.created));
  cells[12] = q(t.channel);
  for (let k = 13; k <= 21; k++) cells[k] = '0';
  cells[CHANNEL_COLUMN[t.channel]!] = '1';
  const ev = events(t);
  let unit = ev.units[0]!.unit;
  for (const u of ev.units) if (u.from <= snapshot) unit = u.unit;
  cells[22] = q(unit);
  if (t.nature === 'Information') {
    cells[28] = q(iso(t.created));
    return cells.join(',');
  }
  const spelled = t.borough ? EXPORT_SPELLING[t.borough] : undefined;
  cells[3] = q('Adresse');
  cells[4] = q(t.street);
  cells[7] = '0';
  cells[8] = q(spelled ? spelled[0] : t.borough!);
  cells[9] = q(t.borough!);
  const at = place(t);
  if (at) {
    cells[23] = at.lon;
    cells[24] = at.lat;
  }
  if (t.end <= snapshot) {
    cells[27] = q(t.final);
    cells[28] = q(iso(t.end));
  } else if (ev.reopened !== null && ev.reopened <= snapshot) {
    cells[27] = q('Réactivée');
    cells[28] = q(iso(ev.reopened));
  } else if (ev.firstClose !== null && ev.firstClose <= snapshot) {
    cells[27] = q('Terminée');
    cells[28] = q(iso(ev.firstClose));
  } else if (t.taken <= snapshot) {
    cells[27] = q(t.seq % 3 === 0 ? 'Transmise pour traitement' : 'Prise en charge');
    cells[28] = q(iso(t.taken));
  } else {
    cells[27] = q('Acceptée');
    cells[28] = q(iso(t.created));
  }
  return cells.join(',');
}

/** Writes the snapshot the city would have published at `snapshot` (naive local ms): every contact created before. */
export async function writeTicketSnapshot(path: string, tickets: Ticket[], snapshot: number): Promise<number> {
  const out = createWriteStream(path);
  out.write(TICKET_HEADER.join(',') + '\n');
  let n = 0;
  let batch: string[] = [];
  for (const t of tickets) {
    if (t.created >= snapshot) break;
    batch.push(row(t, snapshot));
    n++;
    if (batch.length === 5000) {
      if (!out.write(batch.join('\n') + '\n')) await once(out, 'drain');
      batch = [];
    }
  }
  if (batch.length) out.write(batch.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
  return n;
}
