import test from 'ava';
import { int, msg, word } from '../src/messages.ts';

/** A function's source may carry its non-ASCII letters escaped (\xE9, \u00e9) by the TypeScript loader: read them back. */
const unescaped = (src: string) => src
  .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
  .replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})/g, (_, a: string | undefined, b: string | undefined) => String.fromCodePoint(parseInt(a ?? b ?? '', 16)));

/** Every text of a catalogue: its strings, and the source of its functions (whose template literals hold the words). */
function texts(node: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof node === 'string') out.push([path, node]);
  else if (typeof node === 'function') out.push([path, unescaped(node.toString())]);
  else if (Array.isArray(node)) node.forEach((v, i) => texts(v, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) texts(v, path ? `${path}.${k}` : k, out);
  return out;
}

function shape(node: unknown): unknown {
  if (typeof node === 'function') return `fn/${node.length}`;
  if (Array.isArray(node)) return node.map(shape);
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, shape(v)]).sort());
  return typeof node;
}

test('the French and English catalogues have the same keys, and their functions the same number of arguments', (t) => {
  t.deepEqual(shape(msg('fr')), shape(msg('en')));
});

test('the French catalogue says "base de données", never "magasin" (the store is a database file to its readers)', (t) => {
  const hits = texts(msg('fr'), '').filter(([, s]) => /magasin/i.test(s)).map(([p]) => p);
  t.deepEqual(hits, []);
  t.true(texts(msg('fr'), '').some(([, s]) => /base de données/.test(s)), 'the word the catalogue uses instead is there');
});

test('no catalogue cites a file that is not in the project', (t) => {
  for (const lang of ['fr', 'en'] as const) {
    const hits = texts(msg(lang), '').filter(([, s]) => /metrics\.md|DESIGN|shared\//.test(s)).map(([p]) => p);
    t.deepEqual(hits, [], lang);
  }
});

test('word() gives a reader\'s word for a known id and the id itself for an unknown one', (t) => {
  t.is(word('fr', 'channel', 'phone'), 'téléphone');
  t.is(word('en', 'channel', 'phone'), 'phone');
  t.is(word('fr', 'channel', 'carrier_pigeon'), 'carrier_pigeon');
});

test('counts agree with their nouns and group their thousands as each language writes them', (t) => {
  const fr = msg('fr');
  const en = msg('en');
  t.is(int(14019, 'fr'), '14\u202f019');
  t.is(int(6059, 'en'), '6,059');
  t.is(int(999, 'fr'), '999');
  t.is(int(-1234567, 'fr'), '−1\u202f234\u202f567');
  // French takes the singular below 2, English for 1 only
  t.is(fr.rowsRejected(0), '0 ligne rejetée (conservée avec son texte dans la table des rejets)');
  t.is(fr.rowsRejected(3), '3 lignes rejetées (conservées avec leur texte dans la table des rejets)');
  t.is(fr.statusRejects(1), '1 ligne rejetée dans la table des rejets');
  t.is(fr.statusRejects(2), '2 lignes rejetées dans la table des rejets');
  t.is(fr.statusRejects(14019), '14\u202f019 lignes rejetées dans la table des rejets');
  t.is(en.statusRejects(0), '0 rejected rows in the rejects table');
  t.is(en.statusRejects(1), '1 rejected row in the rejects table');
  t.is(en.validateSummary('f.csv', 6059, 1, 2), 'f.csv: 6,059 rows, 1 error, 2 warnings');
  t.is(fr.validateSummary('f.csv', 6059, 1, 0), 'f.csv : 6\u202f059 lignes, 1 erreur, 0 avertissement');
  t.is(fr.variantNote('F3', 6059, 14019), 'niveau de service : variante F3, toute la ville 6\u202f059 / 14\u202f019 appels (docs/methodes.md §1.2)');
  t.is(fr.dueWords(5, 'business_days'), '5 jours ouvrables');
  t.is(fr.dueWords(1, 'hours'), '1 heure');
  t.is(en.dueWords(1, 'business_days'), '1 business day');
  t.is(en.dueWords(30, 'days'), '30 days');
});

test('no catalogue hedges a plural with "(s)" or an agreement with "(e)"', (t) => {
  for (const lang of ['fr', 'en'] as const) {
    const hits = texts(msg(lang), '').filter(([, s]) => /\w\((s|e|es|x)\)/.test(s)).map(([p]) => p);
    t.deepEqual(hits, [], lang);
  }
});
