/**
 * docs/ci.md cannot rot: its GitHub Actions workflow and GitLab CI job are read from the fenced yaml blocks, and their
 * `npx vigie …` lines are run in order, in-process, against a small demo drop — a store holding the demo's first drop
 * (October 2018), the second drop (July 2019: tickets and calls) in `incoming/` — with the environment the workflow
 * sets and PERIOD=2019-06 (the month the workflows compute with `date`, for a run in early July 2019). Each command must
 * exit as the page says: validate 0 (drift warnings do not fail it), import 0, compliance 3 (the demo's 2019 service
 * level misses the 80 % target) and report 0. A drop with an error must stop the pipeline at validate (exit 2).
 */
import test from 'ava';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { tempDir, vigie, type CliRun } from '../_helpers/cli.ts';
import { findAll, parseXml } from '../_helpers/xml.ts';
import { fx } from '../fixtures/nasty/helpers.ts';
import { loadStandards } from '../../src/standards/standards.ts';
import { DEFAULT_DRIFT } from '../../src/standards/sections/drift.ts';

const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'ci.md');
const PERIOD = '2019-06';
/** A run the day after the drop. */
const NOW = { now: () => new Date('2019-07-02T12:00:00Z') };
const EXPECTED_EXIT: Record<string, number> = { validate: 0, import: 0, compliance: 3, report: 0 };

interface Pipeline {
  name: string;
  env: Record<string, string>;
  /** The `npx vigie` lines, without `npx vigie`, in order. */
  commands: string[];
  /** Every shell line of the job, to check what the commands rely on. */
  lines: string[];
}

/** The fenced yaml blocks of the page, parsed. */
function yamlBlocks(): unknown[] {
  const text = readFileSync(DOC, 'utf8');
  return [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((mt) => parseYaml(mt[1]!) as unknown);
}

const vigieLines = (lines: string[]) => lines.map((l) => l.trim()).filter((l) => l.startsWith('npx vigie ')).map((l) => l.slice('npx vigie '.length));

function pipelines(): Pipeline[] {
  const out: Pipeline[] = [];
  for (const doc of yamlBlocks()) {
    if (!doc || typeof doc !== 'object') continue;
    const d = doc as Record<string, unknown>;
    if (d.jobs && typeof d.jobs === 'object') {
      for (const [name, job] of Object.entries(d.jobs as Record<string, { env?: Record<string, string>; steps?: { run?: string }[] }>)) {
        const lines = (job.steps ?? []).flatMap((s) => (s.run ?? '').split('\n'));
        out.push({ name: `GitHub Actions (${name})`, env: { ...job.env }, commands: vigieLines(lines), lines });
      }
      continue;
    }
    for (const [name, job] of Object.entries(d)) {
      const j = job as { script?: string[]; variables?: Record<string, string> } | null;
      if (!j || !Array.isArray(j.script)) continue;
      out.push({ name: `GitLab CI (${name})`, env: { ...j.variables }, commands: vigieLines(j.script), lines: j.script });
    }
  }
  return out;
}

interface ShellCommand {
  args: string[];
  /** `> FILE`: stdout goes there. */
  stdoutTo: string | null;
}

/**
 * The few shell forms the page uses: words, "double quotes" with $VAR / ${VAR} expanded, 'single quotes', unquoted
 * globs (`incoming/*.csv`, expanded in `cwd`, sorted, as bash does), `> FILE`, and `|| var=$?` (the exit code kept,
 * which the test checks itself). Anything else, or a variable the job does not set, throws.
 */
function shell(line: string, vars: Record<string, string>, cwd: string): ShellCommand {
  const words: { text: string; glob: boolean }[] = [];
  let i = 0;
  const variable = (): string => {
    const mt = /^\$(?:\{(\w+)\}|(\w+))/.exec(line.slice(i));
    if (!mt) throw new Error(`unsupported $ in: ${line}`);
    const name = mt[1] ?? mt[2]!;
    if (vars[name] === undefined) throw new Error(`${name} is not set by the job: ${line}`);
    i += mt[0].length;
    return vars[name]!;
  };
  let stdoutTo: string | null = null;
  let redirect = false;
  while (i < line.length) {
    if (/\s/.test(line[i]!)) {
      i++;
      continue;
    }
    if (line.startsWith('||', i)) {
      const rest = line.slice(i);
      if (!/^\|\|\s*\w+=\$\?\s*$/.test(rest)) throw new Error(`unsupported: ${rest}`);
      break;
    }
    if (line[i] === '>') {
      redirect = true;
      i++;
      continue;
    }
    if (/[|;&<`()]/.test(line[i]!)) throw new Error(`unsupported shell syntax in: ${line}`);
    let text = '';
    let glob = false;
    while (i < line.length && !/[\s>|]/.test(line[i]!)) {
      const c = line[i]!;
      if (c === '"') {
        i++;
        while (i < line.length && line[i] !== '"') text += line[i] === '$' ? variable() : line[i++];
        if (line[i] !== '"') throw new Error(`unclosed " in: ${line}`);
        i++;
      } else if (c === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new Error(`unclosed ' in: ${line}`);
        text += line.slice(i + 1, end);
        i = end + 1;
      } else if (c === '$') {
        text += variable();
      } else {
        if (c === '*' || c === '?') glob = true;
        text += c;
        i++;
      }
    }
    if (redirect) {
      stdoutTo = text;
      redirect = false;
    } else words.push({ text, glob });
  }
  const args = words.flatMap((w) => {
    if (!w.glob) return [w.text];
    const slash = w.text.lastIndexOf('/');
    const dir = slash < 0 ? '.' : w.text.slice(0, slash);
    const re = new RegExp(`^${w.text.slice(slash + 1).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const hits = existsSync(join(cwd, dir)) ? readdirSync(join(cwd, dir)).filter((n) => re.test(n)).sort() : [];
    return hits.length ? hits.map((n) => (slash < 0 ? n : `${dir}/${n}`)) : [w.text];
  });
  return { args, stdoutTo };
}

let demo = '';

test.before(async () => {
  demo = join(mkdtempSync(join(tmpdir(), 'vigie-ci-demo-')), 'demo');
  const r = await vigie(dirname(demo), ['demo', '--scale', '0.02', '--out', 'demo']);
  if (r.code !== 0) throw new Error(`vigie demo failed: ${r.stderr}`);
});

test.after.always(() => {
  if (demo) rmSync(dirname(demo), { recursive: true, force: true });
});

/** A CI workspace: the store (VIGIE_STORE) holding the demo's first drop, and `incoming/` holding the given files. */
async function workspace(t: Parameters<typeof tempDir>[0], p: Pipeline, incoming: string[]): Promise<string> {
  const dir = tempDir(t);
  const first = ['requetes311-2018-10-01.csv', 'vigie-calls-2014-01_2018-09.csv'].map((f) => join(demo, f));
  const r = await vigie(dir, ['import', '--store', p.env.VIGIE_STORE!, '--snapshot-time', '2018-10-01T00:00:00-04:00', ...first], NOW);
  if (r.code !== 0) throw new Error(`import of the first drop failed: ${r.stderr}`);
  mkdirSync(join(dir, 'incoming'));
  for (const f of incoming) copyFileSync(f, join(dir, 'incoming', f.split('/').at(-1)!));
  return dir;
}

async function run(dir: string, p: Pipeline, command: string): Promise<CliRun & { args: string[] }> {
  const vars = { ...p.env, PERIOD };
  const { args, stdoutTo } = shell(command, vars, dir);
  const r = await vigie(dir, args, { ...NOW, env: vars });
  if (stdoutTo) {
    mkdirSync(dirname(join(dir, stdoutTo)), { recursive: true });
    writeFileSync(join(dir, stdoutTo), r.stdout);
  }
  return { ...r, args };
}

const found = pipelines();

test('the page holds a GitHub Actions workflow and a GitLab CI job, each running validate, import, compliance, report', (t) => {
  t.deepEqual(found.map((p) => p.name.split(' (')[0]), ['GitHub Actions', 'GitLab CI']);
  for (const p of found) {
    t.deepEqual(p.commands.map((c) => c.split(/\s+/)[0]), ['validate', 'import', 'compliance', 'report'], p.name);
    t.truthy(p.env.VIGIE_STORE, `${p.name} sets VIGIE_STORE`);
    // PERIOD, which the test sets to 2019-06, is computed by the job itself
    t.true(p.lines.some((l) => /PERIOD=\$\(date /.test(l)), `${p.name} computes PERIOD`);
    t.regex(p.commands[0]!, /--output (github|junit)/);
    t.regex(p.commands[2]!, /--period "\$PERIOD" --fail-on-breach/);
    t.regex(p.commands[3]!, /--out "reports\/\$PERIOD"/);
  }
});

for (const p of found) {
  test.serial(`${p.name}: every vigie command of the page runs on a demo drop and exits as documented`, async (t) => {
    const dir = await workspace(t, p, ['requetes311-2019-07-01.csv', 'vigie-calls-2018-10_2019-06.csv'].map((f) => join(demo, f)));
    for (const command of p.commands) {
      const r = await run(dir, p, command);
      const sub = r.args[0]!;
      t.is(r.code, EXPECTED_EXIT[sub] ?? -1, `npx vigie ${command}\n${r.stderr}`);
      if (sub === 'validate') {
        t.deepEqual(r.args.slice(-2), ['incoming/requetes311-2019-07-01.csv', 'incoming/vigie-calls-2018-10_2019-06.csv']);
        if (command.includes('--output github')) {
          // a summary line per file, then workflow commands only, and no error among them
          const lines = r.stdout.trimEnd().split('\n');
          t.true(lines.every((l) => /^incoming\/\S+: [\d,]+ rows?, /.test(l) || /^::warning file=incoming\//.test(l)), r.stdout);
        } else {
          const xml = parseXml(readFileSync(join(dir, 'validate.xml'), 'utf8'));
          t.deepEqual(xml.children.map((s) => s.attrs.name), ['incoming/requetes311-2019-07-01.csv', 'incoming/vigie-calls-2018-10_2019-06.csv']);
          t.deepEqual(findAll(xml, 'failure'), []);
        }
      }
      if (sub === 'import') t.regex(r.stdout, /incoming\/vigie-calls-2018-10_2019-06\.csv: format vigie-calls/);
      if (sub === 'compliance') t.regex(r.stderr, /\d+ standards? missed \(--fail-on-breach\)/);
      if (sub === 'report') t.true(existsSync(join(dir, 'reports', PERIOD, 'index.html')), r.stdout);
    }
  });

  test.serial(`${p.name}: a drop with an error stops the pipeline at validate (exit 2)`, async (t) => {
    const dir = await workspace(t, p, [fx('bad-date.csv')]);
    const r = await run(dir, p, p.commands[0]!);
    t.is(r.code, 2, r.stderr);
    if (p.commands[0]!.includes('--output github')) t.regex(r.stdout, /^::error file=incoming\/bad-date\.csv,line=\d+,title=bad_time/m);
    else t.deepEqual(findAll(parseXml(readFileSync(join(dir, 'validate.xml'), 'utf8')), 'failure').map((f) => f.attrs.type), ['bad_time']);
  });
}

test('the drift section the page shows is a valid standards file holding the defaults', (t) => {
  const blocks = yamlBlocks().filter((b): b is { drift: unknown } => !!b && typeof b === 'object' && 'drift' in b);
  t.is(blocks.length, 1);
  const dir = tempDir(t);
  writeFileSync(join(dir, 'standards.yaml'), JSON.stringify(blocks[0]));
  t.deepEqual(loadStandards(join(dir, 'standards.yaml'), 'en').drift, DEFAULT_DRIFT);
});

test('the shell reader refuses what it does not know and variables the job does not set', (t) => {
  t.throws(() => shell('validate "$NOPE"', {}, '.'), { message: /NOPE is not set/ });
  t.throws(() => shell('validate x | tee y', {}, '.'), { message: /unsupported/ });
  t.throws(() => shell('validate x && y', {}, '.'), { message: /unsupported/ });
  t.deepEqual(shell(`report --period "$P" --out 'a b' x* > out.xml || s=$?`, { P: '2019-06' }, '.'),
    { args: ['report', '--period', '2019-06', '--out', 'a b', 'x*'], stdoutTo: 'out.xml' });
});
