/**
 * `vigie standards check FILE | show | init | apply`: the standards file for the people who sign it off.
 * - `check` loads a file and prints a one-paragraph summary (exit 0), or the first problem (exit 2);
 * - `show` prints the resolved standards: call targets, business hours, the days off of one year (statutory ones
 *   computed, moved ones marked) and the ticket rules in order;
 * - `init` writes a commented starter file that passes `check`;
 * - `apply` makes the store keep each ticket's deadline under a file (or stop, `--remove`).
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg } from '../messages.ts';
import type { Standards } from '../standards/standards.ts';
import { DEFAULT_INIT_FILE, writeStarter } from '../standards/init.ts';
import { toLocalIso } from '../time/zone.ts';
import { outputOptions, standardsOption, storeOption, withOptions } from './options.ts';
import { outputFormat } from './option-values.ts';
import { DESCRIPTIONS } from './catalog.ts';

export interface StandardsCheckOptions {
  file: string;
  output?: string | undefined;
  json?: boolean | undefined;
}

export interface StandardsShowOptions {
  standards?: string | undefined;
  year?: string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export interface StandardsInitOptions {
  out?: string | undefined;
  force?: boolean | undefined;
}

export interface StandardsApplyOptions {
  standards?: string | undefined;
  store?: string | undefined;
  remove?: boolean | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

/**
 * The modules the subcommands run with, loaded when one runs rather than when the command is defined: `vigie
 * standards --help` reads the options without loading the standards' parser, the renderer or the store (`print`:
 * what `check` and `show` read and print with; `apply`: what `apply` writes the store with).
 */
const working = {
  async print() {
    const [standards, render, holidays] = await Promise.all([
      import('../standards/standards.ts'), import('../render/standards.ts'), import('../time/holidays.ts'),
    ]);
    return { ...standards, ...render, ...holidays };
  },
  async apply() {
    const [standards, apply, session] = await Promise.all([
      import('../standards/standards.ts'), import('../store/apply-standards.ts'), import('./session.ts'),
    ]);
    return { ...standards, ...apply, ...session };
  },
};

/** `vigie standards check FILE`: 0 and a summary when the file is valid; 2 and the first problem otherwise. */
export async function runStandardsCheck(o: StandardsCheckOptions, io: Io): Promise<number> {
  const { loadStandards, standardsJson, standardsSummary } = await working.print();
  const out = outputFormat(o, ['table', 'json'], io.lang);
  const path = resolve(io.cwd, o.file);
  let s: Standards;
  try {
    s = loadStandards(path, io.lang);
  } catch (e) {
    // scripts reading --json get the verdict on stdout too; the message still goes to stderr
    if (out !== 'json' || !(e instanceof CliError)) throw e;
    io.stdout(JSON.stringify({ file: path, valid: false, error: { code: e.code, message: e.message } }, null, 2) + '\n');
    io.stderr(`vigie: ${e.message}\n`);
    return e.exitCode;
  }
  if (out === 'json') io.stdout(JSON.stringify({ file: s.file, sha256: s.sha256, valid: true, ...standardsJson(s) }, null, 2) + '\n');
  else io.stdout(standardsSummary(s, o.file, io.lang) + '\n');
  return EXIT.ok;
}

function parseYear(value: string | undefined, s: Standards, io: Io): number {
  if (value === undefined) return Number(toLocalIso(s.timezone, io.now().getTime()).slice(0, 4));
  const y = /^\d{4}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(y >= 1900 && y <= 2199)) throw new CliError(EXIT.usage, 'usage.year', msg(io.lang).badYear('--year', value));
  return y;
}

/** `vigie standards show`: the resolved standards of one year, for sign-off. */
export async function runStandardsShow(o: StandardsShowOptions, io: Io): Promise<number> {
  const { loadStandards, resolveHolidays, standardsJson, standardsShowText } = await working.print();
  const out = outputFormat(o, ['table', 'json'], io.lang);
  const s = loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), io.lang);
  const year = parseYear(o.year, s, io);
  const holidays = resolveHolidays(s.calendar, year);
  io.stdout((out === 'json' ? JSON.stringify({ file: s.file, sha256: s.sha256, year, ...standardsJson(s), holidays }, null, 2)
    : standardsShowText(s, year, holidays, io.lang, io.color)) + '\n');
  return EXIT.ok;
}

/** `vigie standards init`: writes the starter file; refuses to overwrite without --force. */
export function runStandardsInit(o: StandardsInitOptions, io: Io): number {
  const shown = o.out ?? DEFAULT_INIT_FILE;
  writeStarter(resolve(io.cwd, shown), shown, o.force === true, io.lang);
  io.stdout(msg(io.lang).stdInitWrote(shown) + '\n');
  return EXIT.ok;
}

/**
 * `vigie standards apply`: the store keeps each ticket's deadline under a standards file (src/store/ticket-facts.ts),
 * so that compliance reads them instead of computing them; `--remove` stops it. One transaction: a failure leaves the
 * store as it was.
 */
export async function runStandardsApply(o: StandardsApplyOptions, io: Io): Promise<number> {
  const { applyStandards, loadStandards, withStore } = await working.apply();
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json'], lang);
  const s = o.remove ? null : loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang);
  return withStore(io, { store: o.store, write: true }, async (store) => {
    const t0 = performance.now();
    const { had, tickets } = await applyStandards(store.conn, s, io.now());
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (out === 'json') {
      io.stdout(JSON.stringify(s ? { store: store.path, kept: true, tickets, standards: { file: s.file, sha256: s.sha256 } }
        : { store: store.path, kept: false, removed: had }, null, 2) + '\n');
    } else {
      io.stdout((s ? m.stdApplied(store.path, tickets, s.file, secs) : m.stdRemoved(store.path, had)) + '\n');
    }
    return EXIT.ok;
  });
}

export function makeStandardsCommand(ctx: Ctx): Command {
  const standards = new Command('standards')
    .description(DESCRIPTIONS.standards)
    .addHelpText('after', `
Examples:
  vigie standards check my-standards.yaml
  vigie standards show --year 2018
  vigie standards init --out my-standards.yaml`);
  const tableOrJson = () => outputOptions(['table', 'json']);
  standards.addCommand(withOptions(new Command('check')
    .description('check a standards file and summarise it (exit 2 with the first problem)')
    .argument('<file>', 'standards file (YAML or JSON)'), tableOrJson())
    .addHelpText('after', `
Examples:
  vigie standards check data/standards/montreal.yaml
  vigie standards check --json my-standards.yaml`)
    .action(async (file: string, opts: Omit<StandardsCheckOptions, 'file'>) => {
      ctx.setExit(await runStandardsCheck({ ...opts, file }, ctx.io()));
    }));
  standards.addCommand(withOptions(new Command('show')
    .description('print the resolved standards for sign-off: targets, business hours, days off of a year, ticket rules'),
  standardsOption(), new Option('--year <year>', "year of the days off (default: the current year in the file's time zone)"), tableOrJson())
    .addHelpText('after', `
Examples:
  vigie standards show --year 2018
  vigie standards show --standards my-standards.yaml --json`)
    .action(async (opts: StandardsShowOptions) => {
      ctx.setExit(await runStandardsShow(opts, ctx.io()));
    }));
  standards.addCommand(new Command('init')
    .description('write a commented starter standards file (English and French comments)')
    .option('--out <file>', `file to write (default ${DEFAULT_INIT_FILE})`)
    .option('--force', 'overwrite the file if it exists')
    .addHelpText('after', `
Examples:
  vigie standards init
  vigie standards init --out ottawa.yaml && vigie standards check ottawa.yaml`)
    .action((opts: StandardsInitOptions) => {
      ctx.setExit(runStandardsInit(opts, ctx.io()));
    }));
  standards.addCommand(withOptions(new Command('apply')
    .description("keep each ticket's deadline under a standards file in the store, so that compliance reads them instead of computing them"),
  standardsOption(), storeOption(), new Option('--remove', 'stop keeping deadlines: compliance computes them at each query'), tableOrJson())
    .addHelpText('after', `
Compliance reads the kept deadlines only when it runs under the same zone, calendar, clock and rules, on the store
as it is (no --as-of); otherwise it computes them. Every tickets import keeps them up to date.

Examples:
  vigie standards apply --store data/vigie.duckdb
  vigie standards apply --standards my-standards.yaml --json
  vigie standards apply --remove`)
    .action(async (opts: StandardsApplyOptions) => {
      ctx.setExit(await runStandardsApply(opts, ctx.io()));
    }));
  return standards;
}
