/**
 * docs/methods.md and docs/methodes.md are the definitions every output points to ("docs/methods.md §1.2"): the two
 * pages keep the same numbered sections, and every section cited by the code, the messages, the README or the other
 * docs exists in the page of its language.
 */
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sections = (file: string) => [...readFileSync(join(ROOT, 'docs', file), 'utf8').matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]!);

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(ts|md|yaml|csv)$/.test(e)) out.push(p);
  }
  return out;
}

test('the English and French method pages have the same numbered sections, in the same order', (t) => {
  const en = sections('methods.md');
  t.true(en.length >= 30, `${en.length} sections`);
  t.deepEqual(sections('methodes.md'), en);
});

test('every "docs/methods.md §x.y" or "docs/methodes.md §x.y" cited in the project names a section that exists', (t) => {
  const have = { 'methods.md': new Set(sections('methods.md')), 'methodes.md': new Set(sections('methodes.md')) };
  const cited: string[] = [];
  for (const f of [...files(join(ROOT, 'src')), ...files(join(ROOT, 'docs')), ...files(join(ROOT, 'data')), join(ROOT, 'README.md')]) {
    for (const m of readFileSync(f, 'utf8').matchAll(/(methods|methodes)\.md\)? §(\d+(?:\.\d+)?)/g)) {
      cited.push(`${m[1]} §${m[2]}`);
      t.true(have[`${m[1]}.md` as keyof typeof have].has(m[2]!), `${f.slice(ROOT.length + 1)} cites ${m[1]}.md §${m[2]}`);
    }
  }
  t.true(cited.length >= 10, `${cited.length} citations found`);
});
