/**
 * The commission's report on a store with calls and tickets in the 19 boroughs (test/_helpers/report-fixture.ts):
 * what a commission member reads (French formats, all boroughs, maps, year-earlier comparison, small groups never
 * ranked), what must never happen (data read as HTML, a link to the network), the PNGs, golden files of the Markdown
 * and the chart specs, the same bytes under three process time zones, and a past month reproduced after a later drop.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { BOROUGHS, SCRIPT, SMALL, callsCsv, reportStore, ticketsCsv } from '../_helpers/report-fixture.ts';
import { inspectPng } from '../_helpers/png.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GOLDEN = join(ROOT, 'test', 'golden', 'report');
const escHtml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** The folder's files as text, the manifest without its generation time (the one field meant to differ). */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listFiles(dir)) {
    const text = readFileSync(join(dir, f)).toString(f.endsWith('.png') ? 'base64' : 'utf8');
    out[f] = f === 'manifest.json' ? text.replace(/"generated_at": "[^"]*"/, '"generated_at": "…"') : text;
  }
  return out;
}

test('the report a commission reads: French formats, 19 boroughs, maps, the year before, data escaped, nothing from the network', async (t) => {
  const dir = tempDir(t);
  await reportStore(t, dir);
  const r = await vigie(dir, ['report', '--period', '2018-09', '--out', 'out', '--png']);
  t.is(r.code, 0, r.stderr);
  const html = readFileSync(join(dir, 'out', 'index.html'), 'utf8');
  t.regex(html, /<html lang="fr">/);
  t.regex(html, /septembre 2018/);
  // all 19 boroughs are on the page (the map's table lists every area)
  for (const b of BOROUGHS) t.true(html.includes(escHtml(b)), b);
  // the data's HTML is text: the category named <script>… shows escaped, and the page has no script at all
  t.true(html.includes(escHtml(SCRIPT)));
  t.notRegex(html, /<script/i);
  // nothing loads from outside: the only link is the map's attribution; no src, no stylesheet, no CSS url()
  const links = [...html.matchAll(/\s(?:href|src|xlink:href)="([^"]*)"/g)].map((m) => m[1]);
  t.deepEqual([...new Set(links)], ['https://donnees.montreal.ca/']);
  t.notRegex(html, /<link|@import|url\((?!#)/); // url(#…): an SVG's own gradients, nothing else
  t.regex(html, /Limites administratives de l'agglomération de Montréal, Ville de Montréal, CC-BY 4\.0/);
  // French numbers: decimal comma and a space before %, counts grouped with a narrow no-break space
  const j = JSON.parse(readFileSync(join(dir, 'out', 'compliance.json'), 'utf8'));
  const sl = j.groups[0].metrics['calls.service_level'];
  const group = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  t.true(html.includes(`Niveau de service : ${(sl.value * 100).toFixed(1).replace('.', ',')}\u00a0% des appels répondus en moins de 100 secondes `
    + `(${group(sl.numerator)} sur ${group(sl.denominator)}) : norme non respectée (cible : 80\u00a0% ou plus).`));
  t.true(sl.denominator < 10000);
  t.true(html.includes('<td class="num">2\u202f928</td>')); // the calls drop read: 18 × 40 × 4 + 12 × 4 rows
  // the headline compares with the same month a year earlier
  t.regex(html, /Un an plus tôt \(septembre 2017\) : \d+,\d\u00a0% \([+−]\d+,\d points\)/);
  // a table of numbers after every chart, and an accessible name on every SVG
  const svgs = html.match(/<svg /g)?.length ?? 0;
  t.true(svgs >= 10, String(svgs));
  // the maps show the numbers of the bars above them, and the answered-locally bars those of the calls' table
  t.is(html.match(/<details><summary>Les chiffres du graphique<\/summary>/g)?.length, svgs - 2);
  t.is(html.match(/<svg role="img" aria-label="/g)?.length, svgs);
  // the shipped standards carry example targets: the banner, repeated on every printed page
  t.regex(html, /<p class="banner">Cibles d'exemple/);
  t.regex(html, /<table class="pages"><thead><tr><td><p class="banner">/);
  t.regex(html, /@page \{ size: letter;/);

  // small groups show n and are never ranked: judged boroughs by rate, worst first, then the small ones by name
  const spec = JSON.parse(readFileSync(join(dir, 'out', 'charts', 'service-level-by-borough.vl.json'), 'utf8'));
  const rows = spec.data.values as { group: string; value: number; judged: boolean; lo: number; hi: number; n: number }[];
  const judged = rows.filter((x) => x.judged);
  t.is(rows.length, 19);
  t.deepEqual(judged.map((x) => x.value), [...judged.map((x) => x.value)].sort((a, b) => a - b));
  t.deepEqual(rows.filter((x) => !x.judged).map((x) => x.group), ["L'Île-Bizard-Sainte-Geneviève (n = 12)"]);
  t.is(rows.at(-1)!.group, `${SMALL} (n = 12)`);
  for (const x of rows) t.true(x.lo <= x.value && x.value <= x.hi);
  // the maps: 34 areas, the small borough grey, the linked cities not served
  const map = JSON.parse(readFileSync(join(dir, 'out', 'charts', 'service-level-map.vl.json'), 'utf8'));
  const status = Object.fromEntries(map.data.values.map((f: { properties: { name: string; status: string } }) => [f.properties.name, f.properties.status]));
  t.is(Object.keys(status).length, 34);
  t.is(status[SMALL], 'too_few');
  t.is(status['Verdun'], 'judged');
  t.is(status['Westmount'], 'not_served');
  t.true(existsSync(join(dir, 'out', 'charts', 'on-time-map.svg')));
  t.true(existsSync(join(dir, 'out', 'charts', 'staffing.svg')));
  // PNGs: one per chart, with ink on them (resvg draws text only with the font files it is given)
  const pngs = readdirSync(join(dir, 'out', 'charts')).filter((f) => f.endsWith('.png'));
  t.is(pngs.length, svgs);
  for (const f of pngs) {
    const info = inspectPng(readFileSync(join(dir, 'out', 'charts', f)));
    t.true(info.width > 400 && info.inkShare > 0.02, `${f}: ${JSON.stringify(info)}`);
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
  t.deepEqual(manifest.files.filter((f: string) => f.endsWith('.png')).length, svgs);
  t.is(manifest.inputs.length, 2);
});

/** Numbers cut to 6 significant decimals and the map's geometry left out, so that goldens survive float noise. */
function normalise(text: string): string {
  return text.replace(/"geometry": \{[^]*?\n {6}\}/g, '"geometry": "…"').replace(/(\d+\.\d{6})\d+/g, '$1');
}

test('golden files: report.md and every chart spec, normalised (VIGIE_UPDATE_GOLDEN=1 rewrites them)', async (t) => {
  const dir = tempDir(t);
  await reportStore(t, dir);
  const r = await vigie(dir, ['report', '--period', '2018-09', '--out', 'out'], { now: () => new Date('2026-01-01T00:00:00Z') });
  t.is(r.code, 0, r.stderr);
  const files = ['report.md', ...readdirSync(join(dir, 'out', 'charts')).filter((f) => f.endsWith('.vl.json')).sort().map((f) => `charts/${f}`)];
  t.true(files.length >= 11);
  for (const f of files) {
    const actual = normalise(readFileSync(join(dir, 'out', f), 'utf8'));
    const golden = join(GOLDEN, f.replace('charts/', ''));
    if (process.env.VIGIE_UPDATE_GOLDEN === '1') {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(golden, actual);
    }
    t.true(existsSync(golden), `missing golden ${f}`);
    t.is(actual, readFileSync(golden, 'utf8'), f);
  }
  t.deepEqual(readdirSync(GOLDEN).sort(), files.map((f) => f.replace('charts/', '')).sort());
});

const run = promisify(execFile);

test('the same bytes under TZ=UTC, America/Toronto and Asia/Tokyo (but the generation time)', async (t) => {
  const dir = tempDir(t);
  await reportStore(t, dir);
  const outs: Record<string, string>[] = [];
  for (const tz of ['UTC', 'America/Toronto', 'Asia/Tokyo']) {
    const out = join(dir, `out-${tz.replace('/', '-')}`);
    await run(process.execPath, [join(ROOT, 'bin', 'vigie.js'), 'report', '--period', '2018-09', '--out', out, '--png'], {
      cwd: dir, env: { ...process.env, TZ: tz, VIGIE_STORE: '' }, timeout: 120_000,
    });
    outs.push(contents(out));
  }
  t.true(Object.keys(outs[0]!).length > 20);
  t.deepEqual(outs[1], outs[0]);
  t.deepEqual(outs[2], outs[0]);
});

test('a past month is reproduced byte for byte with --as-of after a later drop; without it, the later drop shows', async (t) => {
  const dir = tempDir(t);
  await reportStore(t, dir);
  const asOf = ['--period', '2018-09', '--as-of', '2018-10-20'];
  t.is((await vigie(dir, ['report', ...asOf, '--out', 'before'])).code, 0);
  // November's drops: the same tickets with their open ones now closed, and more September calls
  writeFileSync(join(dir, 'tickets-nov.csv'), ticketsCsv(['2017-09', '2018-08', '2018-09'], 2, 0));
  writeFileSync(join(dir, 'calls-nov.csv'), callsCsv(['2018-09'], 7).replaceAll(',c2018-09-', ',n2018-09-').replace(/^c2018/gm, 'n2018'));
  const k = await vigie(dir, ['import', 'tickets-nov.csv', '--format', 'vigie-tickets', '--snapshot-time', '2018-11-15T00:00:00-05:00']);
  t.is(k.code, 0, k.stderr);
  const c = await vigie(dir, ['import', 'calls-nov.csv', '--snapshot-time', '2018-11-15T00:00:00-05:00']);
  t.is(c.code, 0, c.stderr);
  t.is((await vigie(dir, ['report', ...asOf, '--out', 'after'])).code, 0);
  t.deepEqual(contents(join(dir, 'after')), contents(join(dir, 'before')));
  t.is((await vigie(dir, ['report', '--period', '2018-09', '--out', 'latest'])).code, 0);
  const before = JSON.parse(readFileSync(join(dir, 'before', 'compliance.json'), 'utf8'));
  const latest = JSON.parse(readFileSync(join(dir, 'latest', 'compliance.json'), 'utf8'));
  t.true(latest.groups[0].metrics['calls.offered'].value > before.groups[0].metrics['calls.offered'].value);
  t.is(JSON.parse(readFileSync(join(dir, 'latest', 'manifest.json'), 'utf8')).inputs.length, 4);
  t.is(JSON.parse(readFileSync(join(dir, 'before', 'manifest.json'), 'utf8')).inputs.length, 2);
});

test('cohorts that are not final are marked provisional on the on-time chart', async (t) => {
  const dir = tempDir(t);
  // tickets known on 3 October: September's requests still have deadlines to come (up to 8 October)
  await reportStore(t, dir, '2018-10-03T00:00:00-04:00');
  t.is((await vigie(dir, ['report', '--period', '2018-09', '--out', 'out'])).code, 0);
  const spec = JSON.parse(readFileSync(join(dir, 'out', 'charts', 'on-time-by-theme.vl.json'), 'utf8'));
  const values = spec.data.values as { group: string; final: boolean }[];
  t.true(values.length > 0);
  for (const v of values) {
    t.false(v.final);
    t.regex(v.group, /\(provisoire\)$/);
  }
});
