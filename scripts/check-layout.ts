/**
 * `npm run check:layout`: the house rules of src/, checked from the sources (README, "How the code is laid out").
 *
 * - Floors. Every file of src/ sits on one floor; a file imports only from its own floor or lower ones:
 *     cli → commands → demo → report → render → compliance → store → standards → formats → time → ground
 *   (ground: sql, findings, messages, errors, io, version, metrics). No import circle, at any length, between files.
 * - Size. No file over 400 lines (except src/demo/ and the documented queueing maths, src/metrics/erlang.ts); no
 *   function over 125 lines; every command file under 200 lines and free of SQL.
 * - References. A comment that names a file of the project (`docs/….md`, `src/….ts`, `data/…`) names one that exists.
 *
 * - Wiring. A command declares the shared flags (--store, --output, --json, --standards, --as-of, --period, --from,
 *   --to) through the factories of src/commands/options.ts, so each has one help text; only src/commands/session.ts
 *   opens the store and reads its environment (VIGIE_STORE, VIGIE_LOCK_WAIT).
 *
 * Prints the floors with their files and lines, then every breach; exit 1 on any. Type-only imports count: a type
 * that lives on a higher floor is a model in the wrong room. `--quiet` prints only the breaches.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/** Highest first. A path matches the first floor whose prefix it starts with. */
export const FLOORS: { name: string; prefixes: string[] }[] = [
  { name: 'cli', prefixes: ['cli.ts'] },
  { name: 'commands', prefixes: ['commands/'] },
  { name: 'demo', prefixes: ['demo/'] },
  { name: 'report', prefixes: ['report/'] },
  { name: 'render', prefixes: ['render/'] },
  { name: 'compliance', prefixes: ['compliance/'] },
  { name: 'store', prefixes: ['store/'] },
  { name: 'standards', prefixes: ['standards/'] },
  { name: 'formats', prefixes: ['formats/'] },
  { name: 'time', prefixes: ['time/'] },
  { name: 'ground', prefixes: ['sql.ts', 'findings.ts', 'messages', 'errors.ts', 'io.ts', 'version.ts', 'metrics/'] },
];

const MAX_FILE_LINES = 400;
const FILE_LINE_EXEMPT = ['demo/', 'metrics/erlang.ts'];
const MAX_FUNCTION_LINES = 125;
const MAX_COMMAND_LINES = 200;
/** Flags several commands share: declared once, by a factory of src/commands/options.ts. */
const COMMON_FLAG = /(?:\.option|\.requiredOption|new Option)\(\s*['"`](--(?:store|output|json|standards|as-of|period|from|to))\b/;
/** How a command reaches the store and its environment: only through src/commands/session.ts. */
const STORE_WIRING = /\bopenStore\(|\benv\.VIGIE_(?:STORE|LOCK_WAIT)\b/;
const SQL = /\b(SELECT|INSERT INTO|CREATE (?:OR REPLACE )?(?:TEMP )?(?:TABLE|VIEW)|UPDATE \w+ SET|DELETE FROM)\b/;

function floorOf(rel: string): number {
  const i = FLOORS.findIndex((f) => f.prefixes.some((p) => rel === p || rel.startsWith(p)));
  if (i < 0) throw new Error(`check:layout: ${rel} is on no floor; add its folder to FLOORS`);
  return i;
}

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface FileFacts {
  rel: string;
  lines: number;
  imports: { to: string; line: number }[];
  functions: { name: string; line: number; lines: number }[];
  sqlLines: number[];
  commonFlags: { flag: string; line: number }[];
  storeWiring: number[];
  references: { ref: string; line: number }[];
}

/** The name a reader would search for: the declaration's, or the variable / property it is assigned to. */
function functionName(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.FunctionDeclaration;
  if (named.name) return named.name.getText(sf);
  const p = node.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.name) return p.name.getText(sf);
  if (p && ts.isCallExpression(p)) return `callback of ${p.expression.getText(sf).slice(0, 40)}`;
  return '(anonymous)';
}

export function factsOf(file: string): FileFacts {
  const text = readFileSync(file, 'utf8');
  const rel = relative(SRC, file).split('\\').join('/');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const facts: FileFacts = { rel, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), imports: [], functions: [], sqlLines: [], commonFlags: [], storeWiring: [], references: [] };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      if (spec.startsWith('.')) {
        const to = relative(SRC, resolve(dirname(file), spec)).split('\\').join('/');
        facts.imports.push({ to, line: lineOf(node.getStart(sf)) });
      }
    }
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const start = lineOf(node.getStart(sf));
      facts.functions.push({ name: functionName(node, sf), line: start, lines: lineOf(node.getEnd()) - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  text.split('\n').forEach((l, i) => {
    const code = l.replace(/^\s*(\/\/|\*|\/\*\*).*$/, '');
    if (SQL.test(code)) facts.sqlLines.push(i + 1);
    const flag = COMMON_FLAG.exec(code);
    if (flag) facts.commonFlags.push({ flag: flag[1]!, line: i + 1 });
    if (STORE_WIRING.test(code)) facts.storeWiring.push(i + 1);
    // Only comments are read for references: code builds paths at run time.
    const comment = /^\s*(\/\/|\*|\/\*\*)/.test(l) ? l : (l.includes('//') ? l.slice(l.indexOf('//')) : '');
    for (const m of comment.matchAll(/\b((?:docs|src|data|test|bench|scripts)\/[\w./-]*\w)/g)) {
      if (!/\.duckdb$/.test(m[1]!)) facts.references.push({ ref: m[1]!, line: i + 1 }); // a store is made at run time
    }
    // Documents of the team that wrote vigie are not shipped with it: a comment cites docs/ instead.
    if (/DESIGN|montreal-311\.md|peers\.md|shared\/docs|(?<!docs\/)\bmetrics\.md/.test(comment)) facts.references.push({ ref: 'an outside document', line: i + 1 });
  });
  return facts;
}

/** Strongly connected components of more than one file (Tarjan), each as its files in a cycle order. */
export function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v);
  return out;
}

export function checkLayout(): { facts: FileFacts[]; breaches: string[] } {
  const facts = walk(SRC).map(factsOf);
  const known = new Set(facts.map((f) => f.rel));
  const breaches: string[] = [];
  const graph = new Map<string, string[]>();
  for (const f of facts) {
    const from = floorOf(f.rel);
    graph.set(f.rel, f.imports.map((i) => i.to).filter((t) => known.has(t)));
    for (const i of f.imports) {
      if (!known.has(i.to)) continue;
      const to = floorOf(i.to);
      if (to < from) breaches.push(`upward import: src/${f.rel}:${i.line} (${FLOORS[from]!.name}) imports src/${i.to} (${FLOORS[to]!.name})`);
    }
    const exempt = FILE_LINE_EXEMPT.some((p) => f.rel === p || f.rel.startsWith(p));
    if (!exempt && f.lines > MAX_FILE_LINES) breaches.push(`file too long: src/${f.rel} has ${f.lines} lines (at most ${MAX_FILE_LINES})`);
    if (!exempt) {
      for (const fn of f.functions) {
        if (fn.lines > MAX_FUNCTION_LINES) breaches.push(`function too long: ${fn.name} at src/${f.rel}:${fn.line} has ${fn.lines} lines (at most ${MAX_FUNCTION_LINES})`);
      }
    }
    if (f.rel.startsWith('commands/')) {
      if (f.lines >= MAX_COMMAND_LINES) breaches.push(`command file too long: src/${f.rel} has ${f.lines} lines (under ${MAX_COMMAND_LINES})`);
      for (const l of f.sqlLines) breaches.push(`SQL in a command: src/${f.rel}:${l}`);
      if (f.rel !== 'commands/options.ts') {
        for (const c of f.commonFlags) breaches.push(`common flag declared by hand: src/${f.rel}:${c.line} declares ${c.flag} (use its factory in src/commands/options.ts)`);
      }
      if (f.rel !== 'commands/session.ts') {
        for (const l of f.storeWiring) breaches.push(`store wiring outside session.ts: src/${f.rel}:${l} (use withStore of src/commands/session.ts)`);
      }
    }
    for (const r of f.references) {
      if (r.ref === 'an outside document' || !existsSync(join(ROOT, r.ref))) breaches.push(`dangling reference: src/${f.rel}:${r.line} names ${r.ref}, which is not in the repository`);
    }
  }
  for (const c of circles(graph)) breaches.push(`import circle: ${c.map((x) => `src/${x}`).join(' ⇄ ')}`);
  return { facts, breaches };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const quiet = process.argv.includes('--quiet');
  const { facts, breaches } = checkLayout();
  if (!quiet) {
    console.log('floors, highest first (a file imports only from its floor or below):');
    for (const [i, fl] of FLOORS.entries()) {
      const files = facts.filter((f) => floorOf(f.rel) === i);
      const lines = files.reduce((a, f) => a + f.lines, 0);
      console.log(`  ${String(i + 1).padStart(2)}. ${fl.name.padEnd(11)} ${String(files.length).padStart(3)} files ${String(lines).padStart(6)} lines  ${fl.prefixes.join(' ')}`);
    }
  }
  for (const b of breaches) console.log(b);
  console.log(breaches.length
    ? `check:layout: ${breaches.length} breach(es)`
    : 'check:layout: 0 circles, 0 upward imports, sizes within bounds, shared flags and the store through their one place, every reference in the repository');
  process.exitCode = breaches.length ? 1 : 0;
}
