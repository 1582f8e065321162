/**
 * The demo month's report, in French and in English, read as a commission member reads it: its visible text (the
 * page without its markup and style, the SVG labels included, and the PDF's text where Chromium and pdftotext are on
 * the machine) holds no raw id, no Markdown, no ISO timestamp, no absolute path, no command-line flag and no
 * reference to a file outside the project; one colour rule for bars and maps; golden files of both pages and their
 * Markdown (VIGIE_UPDATE_GOLDEN=1 rewrites them; review the diff before committing).
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { findChromium } from '../../src/render/pdf.ts';
import { VERDICT_COLOURS } from '../../src/render/charts.ts';
import { loadThemes } from '../../src/standards/themes.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GOLDEN = join(ROOT, 'test', 'golden', 'demo-report');

/** The text a reader sees: no style block, no tags, entities decoded. */
function visibleText(html: string): string {
  return html.replace(/<style>[^]*?<\/style>/g, ' ').replace(/<title>[^]*?<\/title>/g, ' ').replace(/<[^>]+>/g, ' ')
    .replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ');
}

/** Every way a page can show a machine's artefact instead of words; returns what it found. */
function artefacts(text: string, lang: 'fr' | 'en', dir: string, files: string[]): string[] {
  let s = text;
  for (const f of files) s = s.replaceAll(f, ' '); // file names are the exports' own (they carry dates)
  const found: string[] = [];
  const check = (what: string, re: RegExp) => { for (const m of s.matchAll(re)) found.push(`${what}: ${m[0]}`); };
  check('snake_case id', /\b[a-z]+_[a-z_]+\b/g);
  check('metric id', /\b(calls|tickets)\.[a-z]/g);
  // a theme id, unless the label itself holds the word ("Cleanliness and collections")
  for (const th of loadThemes()) {
    if (!(lang === 'fr' ? th.label_fr : th.label_en).toLowerCase().includes(th.id)) check('theme id', new RegExp(`\\b${th.id}\\b`, 'g'));
  }
  check('Markdown', /\|\s*-{3}|(^|\s)#{1,3}\s|\*\*|```/g);
  check('ISO instant', /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/g);
  check('ISO period', /\b\d{4}-\d{2}(\.\.|\b)/g);
  check('absolute path', /(^|[\s(])\/(tmp|home|root|work|usr|var)\//g);
  if (s.includes(dir)) found.push(`the test's own folder: ${dir}`);
  check('outside reference', /shared\/|metrics\.md|DESIGN|montreal-311|§/g);
  check('command-line flag', /(^|\s)--[a-z]/g);
  check('message key', /\b(import|report|usage|standards)\.[a-z][A-Za-z_]+\b/g);
  // whole words only: \b is ASCII-only in JavaScript, and « téléphone » would hold "phone"
  const words = (list: string) => new RegExp(`(?<![\\p{L}])(${list})(?![\\p{L}])`, 'gu');
  if (lang === 'fr') {
    check('English word', words('tickets|calls|warning|error|phone|email|in person|simplified|Potholes|Snow and ice|city-wide|borough|too few|target'));
  } else {
    check('French word', words('requêtes|appels|arrondissement|avertissement|téléphone|courriel|toute la ville|Nids-de-poule|cible'));
  }
  return found;
}

function pdfText(pdf: string): string | null {
  try {
    return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  } catch {
    return null;
  }
}

test('the demo month in French and English: words only, one colour rule, goldens', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['demo', '--scale', '0.05', '--seed', '1'])).code, 0);
  const store = join('vigie-demo', 'vigie.duckdb');
  const chromium = findChromium(undefined, process.env);
  const pdf = chromium ? ['--pdf', '--chromium', chromium] : [];
  if (!chromium) t.log('no Chromium on this machine: the PDF part is skipped (apt install chromium)');
  const fr = await vigie(dir, ['report', '--period', '2018-09', '--store', store, '--out', 'fr', ...pdf]);
  t.is(fr.code, 0, fr.stderr);
  const en = await vigie(dir, ['--lang', 'en', 'report', '--period', '2018-09', '--store', store, '--out', 'en', ...pdf]);
  t.is(en.code, 0, en.stderr);
  const files = (JSON.parse(readFileSync(join(dir, 'fr', 'manifest.json'), 'utf8')).inputs as { file: string }[]).map((i) => i.file);
  for (const lang of ['fr', 'en'] as const) {
    const html = readFileSync(join(dir, lang, 'index.html'), 'utf8');
    t.deepEqual(artefacts(visibleText(html), lang, dir, files), [], `${lang}: index.html`);
    t.deepEqual(artefacts(readFileSync(join(dir, lang, 'report.md'), 'utf8').replace(/^#+ |^\| ---.*$|^\|[ -:|]+\|$/gm, ''), lang, dir, files)
      .filter((f) => !f.startsWith('Markdown')), [], `${lang}: report.md`);
    const text = chromium ? pdfText(join(dir, lang, 'report.pdf')) : null;
    if (chromium && text === null) t.log('pdftotext is missing: the PDF text is not scanned (apt install poppler-utils)');
    if (text !== null) {
      t.deepEqual(artefacts(text.replace(/\s+/g, ' '), lang, dir, files), [], `${lang}: report.pdf`);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, lang, 'report.pdf')], { encoding: 'utf8' }))?.[1]);
      // 8 pages held the calls and requests sections with their tables open for print; the follow-up section (its
      // tables, one chart of two panels, the time in status) takes up to 2 more (measured: 8 in French, 10 in English)
      t.true(pages > 0 && pages <= 10, `${lang}: ${pages} pages`);
    }
  }

  // One colour rule: a borough below the target has the same fill on the bars and on the map, the verdict's colour.
  const json = JSON.parse(readFileSync(join(dir, 'fr', 'compliance.json'), 'utf8'));
  const below = (json.groups as { borough: string | null; metrics: Record<string, { verdict: string }> }[])
    .filter((g) => g.borough !== null && g.metrics['calls.service_level']?.verdict === 'missed').map((g) => g.borough!);
  t.true(below.length > 0);
  const fill = (svg: string, label: string) => {
    const path = [...svg.matchAll(/<path [^>]*>/g)].map((m) => m[0]).find((p) => p.includes(label) && / fill="#/.test(p));
    return path ? /fill="(#[0-9A-Fa-f]{6})"/.exec(path)![1]!.toUpperCase() : null;
  };
  const bars = readFileSync(join(dir, 'fr', 'charts', 'service-level-by-borough.svg'), 'utf8');
  const map = readFileSync(join(dir, 'fr', 'charts', 'service-level-map.svg'), 'utf8');
  for (const b of below) {
    const esc = b.replaceAll("'", '&#39;');
    const bar = fill(bars, `group: ${esc};`) ?? fill(bars, `group: ${b};`);
    const area = fill(map, `arrondissement: ${esc};`) ?? fill(map, `arrondissement: ${b};`);
    t.is(bar, VERDICT_COLOURS.missed.toUpperCase(), `${b}: bar`);
    t.is(area, bar, `${b}: map`);
  }

  // Goldens: both pages and their Markdown, byte for byte.
  for (const lang of ['fr', 'en'] as const) {
    for (const f of ['index.html', 'report.md']) {
      const got = readFileSync(join(dir, lang, f), 'utf8');
      const golden = join(GOLDEN, lang, f);
      if (process.env.VIGIE_UPDATE_GOLDEN === '1') {
        mkdirSync(dirname(golden), { recursive: true });
        writeFileSync(golden, got);
      }
      // a missing golden fails: it is written only when asked, never by the run that compares against it
      t.true(existsSync(golden), `${lang}/${f}: no golden; run with VIGIE_UPDATE_GOLDEN=1 and review it`);
      t.is(got, readFileSync(golden, 'utf8'), `${lang}/${f}: run with VIGIE_UPDATE_GOLDEN=1 and review the diff`);
    }
  }
});
