import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { foldBoroughName, loadBoroughs, resolveBorough } from '../../src/standards/boroughs.ts';
import { REAL } from '../_helpers/cli.ts';

const REFERENCE = join(REAL, '..', 'reference', 'montreal-limites-administratives.geojson');

/** Every borough spelling of the three shared Montréal files (ARRONDISSEMENT, ARRONDISSEMENT_GEO, UNITE_RESP_PARENT). */
const SPELLINGS: [string, string | null][] = [
  ['Ahuntsic - Cartierville', 'Ahuntsic-Cartierville'],
  ['Ahuntsic-Cartierville', 'Ahuntsic-Cartierville'],
  ['AHUNTSIC-CARTIERVILLE', 'Ahuntsic-Cartierville'],
  ['Anjou', 'Anjou'],
  ['ANJOU', 'Anjou'],
  ['Côte-des-Neiges - Notre-Dame-de-Grâce', 'Côte-des-Neiges-Notre-Dame-de-Grâce'],
  ['Côte-des-Neiges-Notre-Dame-de-Grâce', 'Côte-des-Neiges-Notre-Dame-de-Grâce'],
  ['COTE-DES-NEIGES - NOTRE-DAME-DE-GRÂCE', 'Côte-des-Neiges-Notre-Dame-de-Grâce'],
  ["L'Île-Bizard - Sainte-Geneviève", "L'Île-Bizard-Sainte-Geneviève"],
  ["L'Île-Bizard-Sainte-Geneviève", "L'Île-Bizard-Sainte-Geneviève"],
  ['L ÎLE BIZARD - STE-GENEVIÈVE', "L'Île-Bizard-Sainte-Geneviève"],
  ['LaSalle', 'LaSalle'],
  ['LASALLE', 'LaSalle'],
  ['Lachine', 'Lachine'],
  ['LACHINE', 'Lachine'],
  ['Le Plateau-Mont-Royal', 'Le Plateau-Mont-Royal'],
  ['PLATEAU-MONT-ROYAL', 'Le Plateau-Mont-Royal'],
  ['Le Sud-Ouest', 'Le Sud-Ouest'],
  ['SUD-OUEST', 'Le Sud-Ouest'],
  ['Mercier - Hochelaga-Maisonneuve', 'Mercier-Hochelaga-Maisonneuve'],
  ['Mercier-Hochelaga-Maisonneuve', 'Mercier-Hochelaga-Maisonneuve'],
  ['MERCIER - HOCHELAGA-MAISONNEUVE', 'Mercier-Hochelaga-Maisonneuve'],
  ['Montréal-Est', 'Montréal-Est'],
  ['Montréal-Nord', 'Montréal-Nord'],
  ['MONTREAL-NORD', 'Montréal-Nord'],
  ['Outremont', 'Outremont'],
  ['OUTREMONT', 'Outremont'],
  ['Pierrefonds - Roxboro', 'Pierrefonds-Roxboro'],
  ['Pierrefonds-Roxboro', 'Pierrefonds-Roxboro'],
  ['PIERREFONDS - ROXBORO', 'Pierrefonds-Roxboro'],
  ['Rivière-des-Prairies - Pointe-aux-Trembles', 'Rivière-des-Prairies-Pointe-aux-Trembles'],
  ['Rivière-des-Prairies-Pointe-aux-Trembles', 'Rivière-des-Prairies-Pointe-aux-Trembles'],
  ['RIVIÈRE-DES-PRAIRIES - POINTE-AUX-TREMBLES', 'Rivière-des-Prairies-Pointe-aux-Trembles'],
  ['Rosemont - La Petite-Patrie', 'Rosemont-La Petite-Patrie'],
  ['Rosemont-La Petite-Patrie', 'Rosemont-La Petite-Patrie'],
  ['ROSEMONT - LA PETITE-PATRIE', 'Rosemont-La Petite-Patrie'],
  ['Saint-Laurent', 'Saint-Laurent'],
  ['ST-LAURENT', 'Saint-Laurent'],
  ['Saint-Léonard', 'Saint-Léonard'],
  ['SAINT-LÉONARD', 'Saint-Léonard'],
  ['Verdun', 'Verdun'],
  ['ARRONDISSEMENT DE VERDUN', 'Verdun'],
  ['Ville-Marie', 'Ville-Marie'],
  ['VILLE-MARIE', 'Ville-Marie'],
  ['Villeray-Saint-Michel - Parc-Extension', 'Villeray-Saint-Michel-Parc-Extension'],
  ['Villeray-Saint-Michel-Parc-Extension', 'Villeray-Saint-Michel-Parc-Extension'],
  ['VILLERAY - ST-MICHEL - PARC-EXTENSION', 'Villeray-Saint-Michel-Parc-Extension'],
  ['Westmount', 'Westmount'],
  // central units: not boroughs
  ['DIVISION 311 ET INTERVENTIONS RAPIDES ET PRIORITAIRES', null],
  ['SER.CONCERTATION DES ARROND. ET EXPÉRIENCE CITOYENNE', null],
  ['SERVICE DE LA CONCERTATION DES ARRONDISSEMENTS', null],
  ['SECTION CENTRE DE SERVICES 311', null],
  ['DIRECTION GÉNÉRALE', null],
  ['APP. RÈGLEMENTATION STATIONNEMENT', null],
  ['RELATIONS AVEC LES CITOYENS - 311', null],
  ['SERVICE DE L EXPÉRIENCE CITOYENNE ET DES COMMUNICATIONS', null],
];

for (const [raw, name] of SPELLINGS) {
  test(`borough spelling ${JSON.stringify(raw)} resolves to ${JSON.stringify(name)}`, (t) => {
    t.is(resolveBorough(raw), name);
  });
}

test('folding also reaches en dashes, upper case without accents and ST-/STE- abbreviations', (t) => {
  t.is(resolveBorough('Villeray–Saint-Michel–Parc-Extension'), 'Villeray-Saint-Michel-Parc-Extension');
  t.is(resolveBorough('COTE-DES-NEIGES-NOTRE-DAME-DE-GRACE'), 'Côte-des-Neiges-Notre-Dame-de-Grâce');
  t.is(resolveBorough("  L'ILE-BIZARD–STE-GENEVIEVE "), "L'Île-Bizard-Sainte-Geneviève");
  t.is(foldBoroughName('ST-LÉONARD'), 'saint leonard');
  t.is(resolveBorough(''), null);
  t.is(resolveBorough(null), null);
  t.is(resolveBorough('Gotham'), null);
});

test('34 official areas: 19 boroughs then 15 linked cities, with unique two-letter codes', (t) => {
  const all = loadBoroughs();
  t.is(all.filter((b) => b.type === 'borough').length, 19);
  t.is(all.filter((b) => b.type === 'linked_city').length, 15);
  t.is(new Set(all.map((b) => b.code)).size, 34);
  t.is(all.filter((b) => b.type === 'borough').reduce((n, b) => n + b.population, 0), 1_704_694);
});

const refTest = existsSync(REFERENCE) ? test : test.skip;
refTest('the canonical names and codes equal the NOM and ABREV of the official boundaries file', (t) => {
  const geo = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { features: { properties: { NOM: string; ABREV: string; TYPE: string } }[] };
  const ref = geo.features.map((f) => `${f.properties.NOM}|${f.properties.ABREV}|${f.properties.TYPE === 'Arrondissement' ? 'borough' : 'linked_city'}`).sort();
  t.deepEqual(loadBoroughs().map((b) => `${b.name}|${b.code}|${b.type}`).sort(), ref);
});

const realTest = existsSync(REAL) ? test : test.skip;
realTest('every borough spelling present in the shared real files is in the table above', (t) => {
  const seen = new Set<string>();
  for (const f of ['montreal-311-hackqc/rats_data.json', 'montreal-311-hackqc/vermines_data.json']) {
    for (const r of JSON.parse(readFileSync(join(REAL, f), 'utf8')) as Record<string, string>[]) {
      for (const c of ['ARRONDISSEMENT', 'ARRONDISSEMENT_GEO', 'UNITE_RESP_PARENT']) if (r[c]) seen.add(r[c]!);
    }
  }
  const csv = parse(readFileSync(join(REAL, 'montreal-311-current/requetes311-information-extract.csv')), { columns: true }) as Record<string, string>[];
  for (const r of csv) for (const c of ['ARRONDISSEMENT', 'ARRONDISSEMENT_GEO', 'UNITE_RESP_PARENT']) if (r[c]) seen.add(r[c]!);
  const listed = new Set(SPELLINGS.map(([raw]) => raw));
  t.deepEqual([...seen].filter((s) => !listed.has(s)).sort(), []);
});
