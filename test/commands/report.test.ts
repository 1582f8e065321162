/**
 * `vigie report`: the files of README.md (Reports) in --out, charts as editable Vega-Lite specs and inlined SVG, a self-contained
 * page (no link to anything outside), the manifest's inputs, French by the standards' locale, English with --lang en.
 */
import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';

const HEADER = 'id,queued_at,outcome,wait_seconds,talk_seconds,queue,theme,borough,agent_site,transferred';

function calls(): string {
  const lines = [HEADER];
  const boroughs = ['Verdun', 'Anjou', 'Ville-Marie'];
  let id = 0;
  for (let month = 7; month <= 9; month++) {
    for (let i = 0; i < 120; i++) {
      const b = boroughs[i % 3]!;
      const day = String(1 + (i % 28)).padStart(2, '0');
      const wait = i % 5 === 0 ? 300 : 40;
      lines.push([`c${id++}`, `2018-0${month}-${day}T10:${String(i % 60).padStart(2, '0')}:00`, i % 10 === 0 ? 'abandoned' : 'answered', wait, 200,
        'general', 'collections', b, b, 'false'].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

test('the report folder: page, Markdown, JSON, charts and manifest; self-contained; French then English', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'calls.csv'), calls());
  t.is((await vigie(dir, ['import', 'calls.csv'])).code, 0);
  const r = await vigie(dir, ['report', '--period', '2018-09', '--out', 'out']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /out\/index\.html/);
  for (const f of ['index.html', 'report.md', 'compliance.json', 'manifest.json', 'charts/service-level-by-borough.vl.json',
    'charts/service-level-by-borough.svg', 'charts/service-level-trend.vl.json', 'charts/service-level-trend.svg']) {
    t.true(existsSync(join(dir, 'out', f)), f);
  }
  const html = readFileSync(join(dir, 'out', 'index.html'), 'utf8');
  // calls only in this store: service level by borough, on the map, its trend, by weekday × hour, the waits, calls
  // answered locally, the staffing what-if (no ticket charts)
  t.is(html.match(/<svg/g)?.length, 7);
  const hours = JSON.parse(readFileSync(join(dir, 'out', 'charts', 'service-level-by-hour.vl.json'), 'utf8'));
  const sumCalls = hours.data.values.reduce((a: number, v: { calls: number }) => a + v.calls, 0);
  t.is(sumCalls, 120); // September's 120 offered calls, all in the cells
  const waits = JSON.parse(readFileSync(join(dir, 'out', 'charts', 'wait-distribution.vl.json'), 'utf8'));
  t.is(waits.data.values.reduce((a: number, v: { calls: number }) => a + v.calls, 0), 108); // the answered ones (1 in 10 abandoned)
  // the data-quality table names the drop read
  t.regex(html, /<td>calls\.csv<\/td><td>appels<\/td><td>[^<]+<\/td><td class="num">360<\/td><td class="num">0<\/td>/);
  t.regex(html, /<th>fichier<\/th><th>contenu<\/th><th>instantané<\/th>/);
  t.notRegex(html, /&lt;\/?t[hd]/);
  t.true(existsSync(join(dir, 'out', 'charts', 'answered-locally-by-borough.svg')));
  t.false(existsSync(join(dir, 'out', 'charts', 'on-time-by-theme.svg')));
  // the staffing what-if, labelled as a model
  t.regex(html, /Simulation d'effectifs/);
  t.regex(html, /Un modèle, pas une mesure/);
  // nothing outside the page: the only URLs are the SVG namespaces
  t.deepEqual([...new Set(html.match(/https?:\/\/[^"' )]+/g) ?? [])].sort(),
    ['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg', 'https://donnees.montreal.ca/']);
  t.notRegex(html, /<script|<link|src=/);
  // the shipped standards are French (fr-CA): French headings and number formats
  t.regex(html, /<html lang="fr">/);
  t.regex(html, /Faits saillants/);
  const j = JSON.parse(readFileSync(join(dir, 'out', 'compliance.json'), 'utf8'));
  const sl = j.groups[0].metrics['calls.service_level'];
  t.true(html.includes(`${(sl.value * 100).toFixed(1).replace('.', ',')}\u00a0%`));
  // the specs carry their data and open in the Vega editor as they are
  const spec = JSON.parse(readFileSync(join(dir, 'out', 'charts', 'service-level-by-borough.vl.json'), 'utf8'));
  t.is(spec.data.values.length, 3);
  t.regex(spec.$schema, /vega-lite\/v6/);
  const trend = JSON.parse(readFileSync(join(dir, 'out', 'charts', 'service-level-trend.vl.json'), 'utf8'));
  t.deepEqual(trend.data.values.map((v: { month: string }) => v.month), ['juill. 2018', 'août 2018', 'sept. 2018']);
  const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
  t.is(manifest.inputs.length, 1);
  t.regex(manifest.inputs[0].sha256, /^[0-9a-f]{64}$/);
  t.is(manifest.zone, 'America/Toronto');
  t.is(manifest.period, '2018-09');
  // the methods name the calendar the deadlines ran on: 2018's days off, Fête nationale moved to Monday 25 June
  t.regex(html, /25 juin \(Fête nationale du Québec\)/);
  t.regex(html, /lundi 8 h 30 à 16 h 30/);
  t.regex(html, /<h1>Test : normes de service du 311, septembre 2018<\/h1>|<h1>Montréal : normes de service du 311, septembre 2018<\/h1>/);
  const en = await vigie(dir, ['--lang', 'en', 'report', '--period', '2018-09', '--out', 'out-en']);
  t.is(en.code, 0, en.stderr);
  const htmlEn = readFileSync(join(dir, 'out-en', 'index.html'), 'utf8');
  t.regex(htmlEn, /<html lang="en">/);
  t.regex(htmlEn, /Headlines/);
  t.regex(htmlEn, /311 service standards, September 2018/);
  t.true(htmlEn.includes(`${(sl.value * 100).toFixed(1)}\u00a0%`));
});

test('borough groups of the standards file are compared from the summed counts of their boroughs', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'calls.csv'), calls());
  t.is((await vigie(dir, ['import', 'calls.csv'])).code, 0);
  writeFileSync(join(dir, 'std.yaml'), `city: Test
locale: en-CA
calls:
  service_level: { threshold_seconds: 100, boundary: "<", target: 0.80, variant: F3 }
borough_groups: { "centre": [Ville-Marie], "east and south": [Anjou, Verdun] }
`);
  t.is((await vigie(dir, ['report', '--period', '2018-09', '--out', 'out', '--standards', 'std.yaml'])).code, 0);
  const html = readFileSync(join(dir, 'out', 'index.html'), 'utf8');
  const j = JSON.parse(readFileSync(join(dir, 'out', 'compliance.json'), 'utf8'));
  const sl = (b: string) => j.groups.find((g: { borough: string | null }) => g.borough === b).metrics['calls.service_level'];
  const num = sl('Anjou').numerator + sl('Verdun').numerator;
  const den = sl('Anjou').denominator + sl('Verdun').denominator;
  t.regex(html, /Borough groups compared/);
  t.true(html.includes(`<tr><td>east and south</td><td class="num">2</td><td class="num">${((num / den) * 100).toFixed(1)}\u00a0%</td>`
    + `<td class="num">${num}</td><td class="num">${den}</td></tr>`));
  t.true(html.includes(`<td>centre</td><td class="num">1</td>`));
});

test('worst categories: the lowest on-time rates among categories with at least min_n requests judged', async (t) => {
  const dir = tempDir(t);
  const lines = ['id,created_at,closed_at,status,due_at,borough,category,theme,channel'];
  // Bruit: 40 requests, 10 on time; Graffiti: 40, 30 on time; Nid-de-poule: 5 (too few to rank)
  const add = (cat: string, theme: string, n: number, onTime: number) => {
    for (let i = 0; i < n; i++) {
      lines.push([`${cat}-${i}`, '2018-09-05 09:00:00', i < onTime ? '2018-09-06 09:00:00' : '2018-09-20 09:00:00', 'closed', '2018-09-10 09:00:00',
        'Verdun', cat, theme, 'web'].join(','));
    }
  };
  add('Bruit', 'public_safety', 40, 10);
  add('Graffiti', 'collections', 40, 30);
  add('Nid-de-poule', 'roads_snow', 5, 0);
  writeFileSync(join(dir, 'tickets.csv'), lines.join('\n') + '\n');
  t.is((await vigie(dir, ['import', 'tickets.csv', '--snapshot-time', '2018-10-01T00:00:00-04:00'])).code, 0);
  t.is((await vigie(dir, ['--lang', 'en', 'report', '--period', '2018-09', '--out', 'out'])).code, 0);
  const html = readFileSync(join(dir, 'out', 'index.html'), 'utf8');
  const i = html.indexOf('Among categories with at least 30 requests judged.');
  t.true(i > 0);
  const table = html.slice(i, html.indexOf('</table>', i));
  t.true(table.indexOf('<td>Bruit</td><td>Public safety and nuisances</td><td class="num">25.0\u00a0%</td><td class="num">10</td><td class="num">40</td>') > 0);
  t.true(table.indexOf('<td>Graffiti</td>') > table.indexOf('<td>Bruit</td>'));
  t.false(table.includes('Nid-de-poule'));
});

test('no report of zeros: an empty store and a period without data are refused (exit 2) with what the store covers', async (t) => {
  const dir = tempDir(t);
  const none = await vigie(dir, ['report', '--out', 'out']);
  t.is(none.code, 2, none.stderr);
  t.regex(none.stderr, /no store at .*: import a file first/);
  // a drop with a header and no rows: a store that holds nothing
  writeFileSync(join(dir, 'header.csv'), `${HEADER}\n`);
  t.is((await vigie(dir, ['import', 'header.csv'])).code, 0);
  const empty = await vigie(dir, ['report', '--out', 'out']);
  t.is(empty.code, 2, empty.stderr);
  t.regex(empty.stderr, /the store holds no calls and no requests yet: import the exports first/);
  t.false(existsSync(join(dir, 'out')));
  writeFileSync(join(dir, 'calls.csv'), calls());
  t.is((await vigie(dir, ['import', 'calls.csv'])).code, 0);
  const later = await vigie(dir, ['report', '--period', '2030-01', '--out', 'out']);
  t.is(later.code, 2, later.stderr);
  t.regex(later.stderr, /no data for January 2030 in the store, so no report was written; the store holds calls from July 2018 to September 2018\./);
  t.false(existsSync(join(dir, 'out')));
  const fr = await vigie(dir, ['--lang', 'fr', 'report', '--period', '2030-01', '--out', 'out']);
  t.regex(fr.stderr, /aucune donnée pour janvier 2030 dans la base, aucun rapport n'a été écrit ; la base contient des appels de juillet 2018 à septembre 2018\./);
});

test('a store without requests says so in the headline; another city\'s data under these standards is flagged', async (t) => {
  const dir = tempDir(t);
  // the same calls, read as if the call centre's log were in Vancouver's zone and named for Ottawa
  writeFileSync(join(dir, 'calls.csv'), calls());
  writeFileSync(join(dir, 'map.json'), JSON.stringify({ source: 'ottawa-calls', kind: 'calls', mode: 'incremental', timezone: 'America/Vancouver',
    columns: { id: 'id', queued_at: 'queued_at', outcome: 'outcome', wait_seconds: 'wait_seconds', borough: 'borough' } }));
  const imp = await vigie(dir, ['import', 'calls.csv', '--map', 'map.json']);
  t.is(imp.code, 0, imp.stderr);
  t.is((await vigie(dir, ['report', '--period', '2018-09', '--out', 'out'])).code, 0);
  const html = readFileSync(join(dir, 'out', 'index.html'), 'utf8');
  t.regex(html, /Requêtes : la base ne contient aucune requête pour septembre 2018\./);
  t.regex(html, /À lire avec prudence/);
  t.regex(html, /La source ottawa-calls a été lue dans le fuseau America\/Vancouver, mais les normes découpent jours et heures selon America\/Toronto/);
  t.regex(html, /Les données viennent de ottawa-calls, mais les normes appliquées sont celles de Montréal \(montreal\.yaml\)/);
  t.notRegex(html, /0 sur 0/);
});
