import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { compileThemeMap, foldCategory, loadThemeMap, loadThemes } from '../../src/standards/themes.ts';

const REAL = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'real');
const INFO = join(REAL, 'montreal-311-current', 'requetes311-information-extract.csv');
const RATS = join(REAL, 'montreal-311-hackqc', 'rats_data.json');
const VERMIN = join(REAL, 'montreal-311-hackqc', 'vermines_data.json');
const haveReal = [INFO, RATS, VERMIN].every((f) => existsSync(f));
const realTest = haveReal ? test : test.skip;
if (!haveReal) {
  console.log('# skipping the coverage check of the theme table against shared/data/real: the folder is absent (a fresh clone); the table itself is still checked');
}

const THEME_IDS = [
  'mobility', 'housing', 'economic_development', 'environment', 'collections', 'roads_snow', 'water', 'parks_trees',
  'animals', 'taxes_finance', 'permits', 'culture_leisure', 'public_safety', 'general_information', 'other',
];

/**
 * Every distinct ACTI_NOM of the real Montréal files and its theme: the 118 of requetes311-information-extract.csv,
 * the one of rats_data.json and the three of vermines_data.json. This table is the review artefact of theme-map.csv.
 */
const EXPECTED: [string, string][] = [
  // mobility
  ['Feux de circulation - Entretien', 'mobility'],
  ['Panneau de signalisation entretien prioritaire', 'mobility'],
  ['Signalisation - Circulation - Études', 'mobility'],
  ['Signalisation cachée par des végétaux', 'mobility'],
  ['Signalisation écrite -  Entretien', 'mobility'],
  ['Intervention stationnement', 'mobility'],
  ['Stationnement municipal', 'mobility'],
  ['Plainte contre un agent de stationnement', 'mobility'],
  ['SRRR', 'mobility'],
  ['Info-Remorquage', 'mobility'],
  ['Neige - Remorquage', 'mobility'],
  ['Éclairage existant - Entretien', 'mobility'],
  // housing
  ['Logement - Inspection', 'housing'],
  ['Logement - Détérioré, moisi, vermine', 'housing'],
  ['Logement - Vermine ou rongeurs', 'housing'],
  ['Permis - Logement - Vermines -rongeurs', 'housing'],
  ['Punaises de lit', 'housing'],
  ['Subvention - Habitation - Service central', 'housing'],
  ['Aide au relogement', 'housing'],
  // environment
  ['Écoquartier', 'environment'],
  ['Distribution de végétaux', 'environment'],
  // roads_snow
  ['Nid-de-poule', 'roads_snow'],
  ['Pavage - Réparation', 'roads_snow'],
  ['Trottoir glissant', 'roads_snow'],
  ['Chaussée glissante', 'roads_snow'],
  ['Voirie - Divers', 'roads_snow'],
  ['Mobilier urbain', 'roads_snow'],
  ['Info-travaux - Arrondissement', 'roads_snow'],
  ['Info-travaux - Service central', 'roads_snow'],
  ['Opération déneigement', 'roads_snow'],
  ['Carte Info-Neige', 'roads_snow'],
  ['Dépôt Illégal - Neige', 'roads_snow'],
  ['Permis - Neige - Domaine public', 'roads_snow'],
  // collections
  ['Collecte d\'arbres de Noël', 'collections'],
  ['Collecte de déchets', 'collections'],
  ['Collecte de résidus alimentaires', 'collections'],
  ['Collecte de résidus verts', 'collections'],
  ['Collecte des encombrants', 'collections'],
  ['Collecte des matières organiques', 'collections'],
  ['Collecte des matières recyclables', 'collections'],
  ['Info - Collecte d\'objets encombrants', 'collections'],
  ['Encombrants non ramassés', 'collections'],
  ['Bac montréalais (67 litres)', 'collections'],
  ['Bac roulant', 'collections'],
  ['*Bac de recyclage Endommagé, perdu, volé', 'collections'],
  ['Écocentre', 'collections'],
  ['Dépôt illégal - Déchets', 'collections'],
  ['Nettoyage du domaine public', 'collections'],
  ['Balai mécanique', 'collections'],
  ['Débris sur la voie publique', 'collections'],
  // water
  ['Fuite d\'eau', 'water'],
  ['Manque d\'eau', 'water'],
  ['Fermeture d\'entrée d\'eau', 'water'],
  ['Ouverture d\'entrée d\'eau', 'water'],
  ['Gel Entrée d\'eau', 'water'],
  ['Entrée d\'eau en plomb-Autre demande', 'water'],
  ['Entrée d\'eau en plomb-Demande de filtre', 'water'],
  ['Fermeture d\'une conduite d\'eau - Urgence', 'water'],
  ['*Z-Test de pression d\'eau', 'water'],
  ['Avis Occupant / Consommation', 'water'],
  ['Y-Eau - Divers', 'water'],
  ['*Z-Puisard', 'water'],
  ['Puisard/TH-Clé ou objet', 'water'],
  ['Puisard/TH-Première intervention', 'water'],
  ['Refoulement égout / Inondation Propriété privée', 'water'],
  ['*Z-Borne-fontaine - Installation, retrait ou déplacement', 'water'],
  ['Borne d\'incendie - Entretien', 'water'],
  // parks_trees
  ['Abattage d\'arbre', 'parks_trees'],
  ['Arbre - Divers', 'parks_trees'],
  ['Branche tombée', 'parks_trees'],
  ['Danger potentiel - Arbre', 'parks_trees'],
  ['Maladie ou insectes - Arbre', 'parks_trees'],
  ['Plantation d\'arbre', 'parks_trees'],
  ['Élagage', 'parks_trees'],
  ['Grand parc', 'parks_trees'],
  ['Parc - Divers', 'parks_trees'],
  ['Parc - Propreté', 'parks_trees'],
  // animals
  ['Animal mort', 'animals'],
  ['Animaux sauvages - Nuisance', 'animals'],
  ['Contrôle animalier', 'animals'],
  ['Permis animalier', 'animals'],
  // taxes_finance
  ['Taxes foncières', 'taxes_finance'],
  ['Direction - Évaluation', 'taxes_finance'],
  ['*Réclamation', 'taxes_finance'],
  ['Recettes diverses', 'taxes_finance'],
  ['Cour municipale', 'taxes_finance'],
  // public_safety
  ['Extermination à l\'extérieur - Rats', 'public_safety'],
  ['Extermination à l\'extérieur - Insectes', 'public_safety'],
  ['Bruit', 'public_safety'],
  ['Terrain insalubre - Domaine privé', 'public_safety'],
  ['Surveillance et sécurité publique', 'public_safety'],
  ['IRP - Police', 'public_safety'],
  ['IRP - Poste d\'essence', 'public_safety'],
  // permits
  ['Permis - Divers', 'permits'],
  ['Permis de construction - rénovation', 'permits'],
  ['Occupation du domaine public', 'permits'],
  ['Piscine ou spa privés', 'permits'],
  ['Abri temporaire', 'permits'],
  ['Rénovation de bâtiment à valeur patrimoniale', 'permits'],
  // culture_leisure
  ['Culture - Activités', 'culture_leisure'],
  ['Sports et loisirs - Activités', 'culture_leisure'],
  ['Installations culturelles - Entretien', 'culture_leisure'],
  ['Installations sportives extérieures - Entretien', 'culture_leisure'],
  ['Espace pour la vie', 'culture_leisure'],
  // general_information
  ['Organisme divers', 'general_information'],
  ['Gouvernement du Canada', 'general_information'],
  ['Gouvernement du Québec', 'general_information'],
  ['Communauté métropolitaine de Montréal', 'general_information'],
  ['Société paramunicipale', 'general_information'],
  ['Centre de services 311', 'general_information'],
  ['Bureau d\'arrondissement - Service à la clientèle', 'general_information'],
  ['Conseil d\'arrondissement', 'general_information'],
  ['Maires et élus d\'arrondissement', 'general_information'],
  ['Direction d\'arrondissement', 'general_information'],
  ['Direction - Capital humain', 'general_information'],
  ['Accès à l\'information', 'general_information'],
  ['Assermentation', 'general_information'],
  ['Avis-Alertes aux citoyens', 'general_information'],
  ['Location d\'immeuble', 'general_information'],
  ['IRP - Demande onde radio', 'general_information'],
  ['IRP - Utilité publique', 'general_information'],
  ['IRP - Villes non reliées au GDC', 'general_information'],
];

/** Real categories allowed to fall in `other`. Keep it empty: add one only with the reason next to it. */
const ALLOWED_OTHER: string[] = [];

function realCategories(): Set<string> {
  const cats = new Set<string>();
  const rows = parse(readFileSync(INFO), { columns: true, bom: true }) as { ACTI_NOM: string }[];
  for (const r of rows) cats.add(r.ACTI_NOM);
  for (const f of [RATS, VERMIN]) {
    for (const r of JSON.parse(readFileSync(f, 'utf8')) as { ACTI_NOM: string }[]) cats.add(r.ACTI_NOM);
  }
  return cats;
}

function tempFile(t: { teardown: (fn: () => void) => void }, name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-themes-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

// (a) the reference files

test('themes.csv has exactly the 15 theme ids, each with a French and an English label', (t) => {
  const themes = loadThemes();
  t.deepEqual(themes.map((th) => th.id), THEME_IDS);
  for (const th of themes) {
    t.true(th.label_fr.trim().length > 0, th.id);
    t.true(th.label_en.trim().length > 0, th.id);
  }
  const fr = Object.fromEntries(themes.map((th) => [th.id, th.label_fr]));
  t.is(fr.collections, 'Propreté et collectes');
  t.is(fr.roads_snow, 'Voirie et déneigement');
  t.is(fr.public_safety, 'Sécurité publique et nuisances');
});

test('every theme used in theme-map.csv exists in themes.csv', (t) => {
  const ids = new Set(loadThemes().map((th) => th.id));
  const rules = loadThemeMap();
  t.true(rules.length > 100);
  for (const r of rules) t.true(ids.has(r.theme), `line ${r.line}: ${r.theme}`);
  t.true(rules.every((r, i) => i === 0 || r.line > (rules[i - 1]?.line ?? 0)), 'rules are in file order with their lines');
});

// (b) the table of real categories

test('the theme table: every real category maps to its expected theme', (t) => {
  const themeOf = compileThemeMap();
  const ids = new Set(THEME_IDS);
  const names = EXPECTED.map(([c]) => c);
  t.is(new Set(names).size, names.length, 'no category is listed twice');
  t.is(names.length, 122);
  const wrong = EXPECTED.filter(([c, want]) => !ids.has(want) || themeOf(c) !== want).map(([c, want]) => `${c}: got ${themeOf(c)}, want ${want}`);
  t.deepEqual(wrong, []);
});

realTest('the theme table lists exactly the distinct ACTI_NOM of the three real files', (t) => {
  const real = realCategories();
  const table = new Set(EXPECTED.map(([c]) => c));
  t.deepEqual([...real].filter((c) => !table.has(c)).sort(), [], 'real categories missing from the table');
  t.deepEqual([...table].filter((c) => !real.has(c)).sort(), [], 'table entries absent from the real files');
  t.is(real.size, 122);
});

// (c) nothing real falls in `other`

test('no real category maps to other (outside the allow-list)', (t) => {
  const themeOf = compileThemeMap();
  t.deepEqual(EXPECTED.filter(([, want]) => want === 'other').map(([c]) => c), ALLOWED_OTHER);
  t.deepEqual(EXPECTED.map(([c]) => c).filter((c) => themeOf(c) === 'other' && !ALLOWED_OTHER.includes(c)), []);
});

realTest('no category of the real files maps to other (outside the allow-list)', (t) => {
  const themeOf = compileThemeMap();
  t.deepEqual([...realCategories()].filter((c) => themeOf(c) === 'other' && !ALLOWED_OTHER.includes(c)), []);
});

// (d) folding and matching

test('foldCategory: case, accents, whitespace, dashes, apostrophes', (t) => {
  t.is(foldCategory('  ÉCLAIRAGE   existant - Entretien '), 'eclairage existant - entretien');
  t.is(foldCategory('Signalisation écrite -  Entretien'), 'signalisation ecrite - entretien');
  t.is(foldCategory('Nid\u2010de\u2011poule \u2013 rue \u2014 ruelle \u2212 x'), 'nid-de-poule - rue - ruelle - x');
  t.is(foldCategory('Entrée d\u2019eau'), "entree d'eau");
  t.is(foldCategory('Cœur\u00a0Noël'), 'coeur noel');
  t.is(foldCategory('E\u0301cocentre'), 'ecocentre', 'a decomposed accent too');
});

test('foldCategory: the * and Z-/Y- marks of a retired category are dropped', (t) => {
  t.is(foldCategory('*Z-Puisard'), 'puisard');
  t.is(foldCategory('*z-puisard'), 'puisard');
  t.is(foldCategory('*Réclamation'), 'reclamation');
  t.is(foldCategory('Y-Eau - Divers'), 'eau - divers');
  t.is(foldCategory('*Z-Borne-fontaine - Installation'), 'borne-fontaine - installation');
  t.is(foldCategory('Zone de travaux'), 'zone de travaux', 'only a z- prefix is a retirement mark');
});

test('compileThemeMap: folded matching of categories, null and blank give other', (t) => {
  const themeOf = compileThemeMap();
  t.is(themeOf('NID-DE-POULE'), 'roads_snow');
  t.is(themeOf('Nid\u2013de\u2013poule'), 'roads_snow');
  t.is(themeOf('*Z-Puisard'), 'water');
  t.is(themeOf('Puisard'), 'water');
  t.is(themeOf('ecocentre'), 'collections');
  t.is(themeOf(null), 'other');
  t.is(themeOf(''), 'other');
  t.is(themeOf('   '), 'other');
  t.is(themeOf('*'), 'other');
  t.is(themeOf('Quelque chose de jamais vu'), 'other');
});

test('compileThemeMap: the inferred patterns for frequent Montréal categories', (t) => {
  const themeOf = compileThemeMap();
  const cases: [string, string][] = [
    ['Lampadaire défectueux', 'mobility'],
    ['Parcomètre', 'mobility'],
    ['Stationnement - Vignette', 'mobility'],
    ['Feu de circulation', 'mobility'],
    ['Graffiti - Domaine public', 'collections'],
    ['Collecte de résidus verts', 'collections'],
    ['Déneigement - Trottoir', 'roads_snow'],
    ['Trottoir - Réparation', 'roads_snow'],
    ['Arbre - Inspection', 'parks_trees'],
    ['Commerce - Horaires', 'economic_development'],
    ['Développement économique - PME', 'economic_development'],
    ['Environnement - Divers', 'environment'],
    ["Qualité de l'air", 'environment'],
    ['Ruelle verte', 'environment'],
    ['Ruelle - Entretien', 'roads_snow'],
    ['Médaille pour chien', 'animals'],
    ['Fuite de gaz', 'public_safety'],
    ['Contrats', 'other'],
  ];
  t.deepEqual(cases.map(([c]) => [c, themeOf(c)]), cases);
});

test('compileThemeMap: first match wins, globs are anchored, * and ? behave', (t) => {
  const rules = [
    { pattern: 'Neige - Remorquage', theme: 'mobility' },
    { pattern: 'Neige*', theme: 'roads_snow' },
    { pattern: '*neige*', theme: 'environment' },
    { pattern: 'Bac ?', theme: 'collections' },
    { pattern: 'A.b', theme: 'water' },
  ];
  const themeOf = compileThemeMap(rules);
  t.is(themeOf('Neige - Remorquage'), 'mobility');
  t.is(themeOf('neige - remorquage'), 'mobility');
  t.is(themeOf('Neige - Chargement'), 'roads_snow');
  t.is(themeOf('Carte Info-Neige'), 'environment');
  t.is(themeOf('Bac 1'), 'collections');
  t.is(themeOf('Bac 12'), 'other', '? is exactly one character');
  t.is(themeOf('AXb'), 'other', 'regex characters are literal');
  t.is(themeOf('a.b'), 'water');
  const reversed = compileThemeMap([...rules].reverse());
  t.is(reversed('Neige - Remorquage'), 'environment', 'order decides');
  t.is(compileThemeMap([{ pattern: 'Z-Puisard', theme: 'water' }])('*Z-Puisard'), 'water', 'a copied retirement prefix still matches');
});

test('loadThemeMap: comments, blank lines, the optional note and line numbers', (t) => {
  const file = tempFile(t, 'map.csv', 'pattern,theme,note\n# a comment, with a comma\n\nBruit*,public_safety,noise\n  # indented comment\nBac *,collections\n');
  t.deepEqual(loadThemeMap(file), [
    { pattern: 'Bruit*', theme: 'public_safety', line: 4 },
    { pattern: 'Bac *', theme: 'collections', line: 6 },
  ]);
});

test('loadThemeMap: an unknown theme is an error naming the file, the line and the value', (t) => {
  const file = tempFile(t, 'map.csv', 'pattern,theme\nBruit*,public_safety\nNid*poule*,roads\n');
  const e = t.throws(() => loadThemeMap(file));
  t.true(e?.message.includes(file), e?.message);
  t.true(e?.message.includes(':3:'), e?.message);
  t.true(e?.message.includes('"roads"'), e?.message);
});

test('loadThemeMap: a bad header, an empty pattern and a repeated pattern are errors', (t) => {
  t.throws(() => loadThemeMap(tempFile(t, 'a.csv', 'category,theme\nBruit,public_safety\n')), { message: /:1: header/ });
  t.throws(() => loadThemeMap(tempFile(t, 'b.csv', 'pattern,theme\n"",public_safety\n')), { message: /:2: empty pattern/ });
  t.throws(() => loadThemeMap(tempFile(t, 'c.csv', 'pattern,theme\nBruit*,public_safety\nBRUIT*,other\n')), { message: /:3: .*line 2/ });
});

test('loadThemes: a bad themes.csv is an error naming the file and line', (t) => {
  const dir = dirname(tempFile(t, 'themes.csv', 'theme,label_fr,label_en\nother,Autre,Other\nother,Autre,Other\n'));
  t.throws(() => loadThemes(dir), { message: /themes\.csv:3: theme "other" already defined on line 2/ });
  const dir2 = dirname(tempFile(t, 'themes.csv', 'theme,label_fr,label_en\nwater,Eau,\nother,Autre,Other\n'));
  t.throws(() => loadThemes(dir2), { message: /themes\.csv:2: .*label_en/ });
  const dir3 = dirname(tempFile(t, 'themes.csv', 'theme,label_fr,label_en\nwater,Eau,Water\n'));
  t.throws(() => loadThemes(dir3), { message: /"other" is missing/ });
});
