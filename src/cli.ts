/**
 * The vigie program: commander wiring, the one top-level error handler and the exit codes
 * (0 ok · 1 runtime error · 2 usage error or data validation failed · 3 standard breached with --fail-on-breach).
 */
import type { Command } from 'commander';
import { CliError, EXIT } from './errors.ts';
import type { Ctx, Io } from './io.ts';
import type { Messages } from './messages.ts';
import { pickLang } from './messages/lang.ts';
import { VERSION } from './version.ts';
import { ALIASES, COMMAND_NAMES, DESCRIPTIONS, TERMS, type CommandName } from './commands/catalog.ts';

type MakeCommand = (ctx: Ctx) => Command;

/**
 * Each command's file, loaded only when a command line names it: `vigie --version` and `vigie --help` load none,
 * `vigie compliance …` loads compliance alone, and the engine, the chart renderer and the PDF printer are loaded
 * further down, by the code that uses them. A start stays close to Node's own.
 */
const LOADERS: Record<CommandName, () => Promise<MakeCommand>> = {
  import: async () => (await import('./commands/import.ts')).makeImportCommand,
  validate: async () => (await import('./commands/validate.ts')).makeValidateCommand,
  status: async () => (await import('./commands/status.ts')).makeStatusCommand,
  export: async () => (await import('./commands/export.ts')).makeExportCommand,
  compliance: async () => (await import('./commands/compliance.ts')).makeComplianceCommand,
  'follow-up': async () => (await import('./commands/follow-up.ts')).makeFollowUpCommand,
  standards: async () => (await import('./commands/standards.ts')).makeStandardsCommand,
  staffing: async () => (await import('./commands/staffing.ts')).makeStaffingCommand,
  report: async () => (await import('./commands/report.ts')).makeReportCommand,
  demo: async () => (await import('./commands/demo.ts')).makeDemoCommand,
};

const isCommandName = (s: string | undefined): s is CommandName => (COMMAND_NAMES as readonly string[]).includes(s ?? '');
/** The command a word names, by its name or one of its aliases (`suivi`). */
const commandNamed = (s: string | undefined): CommandName | null => (isCommandName(s) ? s : (s !== undefined && Object.hasOwn(ALIASES, s) ? ALIASES[s]! : null));

/**
 * The command a command line names (`vigie [--lang L] [--verbose] NAME …`, or `vigie help NAME`), or null when it names
 * none (`vigie`, `vigie --help`, `vigie --version`, an unknown word that commander will answer with a suggestion).
 */
export function commandOfArgv(argv: readonly string[]): CommandName | null {
  const words = argv.slice(2);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--lang') { i++; continue; }
    if (w.startsWith('-')) continue;
    if (w === 'help') return commandNamed(words[i + 1]);
    return commandNamed(w);
  }
  return null;
}

/** A command not loaded: its name and description for the program's help, nothing else. It never runs. */
function placeholder(commander: typeof import('commander'), name: CommandName): Command {
  return new commander.Command(name).description(DESCRIPTIONS[name]).action(() => {
    throw new Error(`command ${name} was not loaded`);
  });
}

/**
 * Commander's own error (an unknown command or option, a missing argument, a value out of its choices) said again in
 * the reader's language: the English text is parsed back into its parts and written from the catalogue, which keeps
 * commander's English words. A text this does not recognise is left as commander wrote it.
 */
export function sayCommanderError(text: string, c: Messages['cmdline']): string {
  const body = text.replace(/^error: /, '').replace(/\n$/, '');
  const [first = '', ...rest] = body.split('\n');
  const suggestion = /^\(Did you mean (?:one of )?(.+)\?\)$/.exec(rest.join('\n'));
  const tail = suggestion ? `\n${c.didYouMean(suggestion[1]!.split(', '))}` : rest.length ? `\n${rest.join('\n')}` : '';
  let m: RegExpExecArray | null;
  let said: string | null = null;
  if ((m = /^unknown command '(.*)'$/.exec(first))) said = c.unknownCommand(m[1]!);
  else if ((m = /^unknown option '(.*)'$/.exec(first))) said = c.unknownOption(m[1]!);
  else if ((m = /^missing required argument '(.*)'$/.exec(first))) said = c.missingArgument(m[1]!);
  else if ((m = /^option '(.*)' argument missing$/.exec(first))) said = c.optionMissingArgument(m[1]!);
  else if ((m = /^required option '(.*)' not specified$/.exec(first))) said = c.requiredOption(m[1]!);
  else if ((m = /^option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/.exec(first))) said = c.invalidChoice(m[1]!, m[2]!, m[3]!);
  else if ((m = /^option '(.*)' argument '(.*)' is invalid\.(?: (.*))?$/.exec(first))) said = c.invalidValue(m[1]!, m[2]!, m[3] ?? '');
  else if ((m = /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(first)))
    said = c.excessArguments(m[1] ?? '', Number(m[2]), Number(m[3]));
  return said === null ? text : `${c.prefix}${said}${tail}\n`;
}

/** The language asked on the command line, read before commander parses it (its errors come before any action runs). */
function langOfArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--lang') return argv[i + 1];
    if (argv[i]!.startsWith('--lang=')) return argv[i]!.slice('--lang='.length);
  }
  return undefined;
}

export interface MainOverrides {
  io?: Partial<Io>;
}

/**
 * Standard output and error that a closed pipe silences (`vigie compliance --output csv | head`): the reader has all it
 * wanted, so the command goes on to its normal end and exit code, writing nothing more, instead of dying on EPIPE.
 */
let quiet: { out: (t: string) => void; err: (t: string) => void } | null = null;
function quietStreams(): { out: (t: string) => void; err: (t: string) => void } {
  // once per process: main() may run many times in one process (tests), the streams are the same
  if (quiet) return quiet;
  const closed = { out: false, err: false };
  const watch = (s: NodeJS.WriteStream, k: keyof typeof closed) => {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      closed[k] = true;
    });
  };
  watch(process.stdout, 'out');
  watch(process.stderr, 'err');
  quiet = {
    out: (t) => { if (!closed.out) process.stdout.write(t); },
    err: (t) => { if (!closed.err) process.stderr.write(t); },
  };
  return quiet;
}

function processIo(): Io {
  const env = process.env;
  const color = !env.NO_COLOR && (!!env.FORCE_COLOR || !!process.stdout.isTTY);
  const streams = quietStreams();
  return {
    stdout: streams.out,
    stderr: streams.err,
    now: () => new Date(),
    stderrIsTTY: !!process.stderr.isTTY,
    color,
    lang: pickLang(undefined, env),
    env,
    cwd: process.cwd(),
  };
}

/**
 * The program with the commands `load` names loaded (default: all of them, as the help snapshot reads them) and the
 * others as placeholders that only give their name and description.
 */
export async function buildProgram(ctx: Ctx, load: readonly CommandName[] = COMMAND_NAMES): Promise<Command> {
  const commander = await import('commander');
  const { Command, Help, Option } = commander;
  const program = new Command('vigie')
    .description("Hold a city's 311 service to its published service standards.")
    .version(VERSION, '-V, --version')
    .addOption(new Option('--lang <lang>', 'language of messages').choices(['fr', 'en']))
    .option('--verbose', 'show stack traces of errors')
    .showSuggestionAfterError(true)
    // the list of commands is written from the catalogue, the same whether a command is loaded or a placeholder
    .configureHelp({ subcommandTerm: (c) => (isCommandName(c.name()) ? TERMS[c.name() as CommandName] : new Help().subcommandTerm(c)) })
    .addHelpText('after', `
Exit codes: 0 ok, 1 runtime error (store busy, I/O), 2 usage error or data validation failed,
3 a standard was breached and --fail-on-breach was given.

Examples:
  vigie import requetes311.csv && vigie status
  vigie validate --json drop.csv`);
  for (const name of COMMAND_NAMES) program.addCommand(load.includes(name) ? (await LOADERS[name]())(ctx) : placeholder(commander, name));
  return program;
}

/** Runs vigie with `argv` (as process.argv) and returns the exit code; never throws. */
export async function main(argv: string[], overrides: MainOverrides = {}): Promise<number> {
  const base = { ...processIo(), ...overrides.io };
  // what scripts ask most often and first, answered before the command-line parser is even loaded
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    base.stdout(`${VERSION}\n`);
    return 0;
  }
  let exitCode = 0;
  let io: Io = base;
  const ctx: Ctx = { io: () => io, setExit: (c) => { exitCode = c; } };
  const named = commandOfArgv(argv);
  const program = await buildProgram(ctx, named ? [named] : []);
  const early = pickLang(langOfArgv(argv), base.env);
  const said: { s: string; out: (t: string) => void }[] = [];
  const write = {
    writeOut: (s: string) => base.stdout(s),
    writeErr: (s: string) => base.stderr(s),
    // said once the catalogue is loaded (below): a start that prints no error never loads it
    outputError: (s: string, out: (t: string) => void) => { said.push({ s, out }); },
  };
  program.configureOutput(write).exitOverride();
  // nested subcommands too (`standards check`): commander's addCommand does not pass these settings down
  const configure = (c: Command): void => {
    c.configureOutput(write).exitOverride();
    c.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  program.hook('preAction', (thisCommand) => {
    const g = thisCommand.opts<{ lang?: string }>();
    io = { ...base, lang: pickLang(g.lang, base.env) };
  });
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    const { CommanderError } = await import('commander');
    // help and version printed: nothing to say, and the catalogue is not loaded for it
    if (e instanceof CommanderError && e.exitCode === 0 && !said.length) return 0;
    const { msg } = await import('./messages.ts');
    for (const { s, out } of said) out(sayCommanderError(s, msg(early).cmdline));
    if (e instanceof CommanderError) {
      // help and version print and exit 0; every other commander error is a usage error
      return e.exitCode === 0 ? 0 : EXIT.usage;
    }
    if (e instanceof CliError) {
      base.stderr(`vigie: ${e.message}\n`);
      if (verbose && e.stack) base.stderr(`${e.stack}\n`);
      return e.exitCode;
    }
    // A file system error no command turned into a CliError (a folder not writable, a full disk): an I/O failure, not a bug.
    const fs = e as NodeJS.ErrnoException;
    const text = fs instanceof Error && typeof fs.code === 'string' && /^E[A-Z]+$/.test(fs.code)
      ? msg(io.lang).fileSystemFailed(typeof fs.path === 'string' ? fs.path : null, fs.message.replace(/^E[A-Z]+: /, '').replace(/, \w+( '.*')?$/s, ''))
      : msg(io.lang).internal(String((e as Error)?.message ?? e));
    base.stderr(`vigie: ${text}\n`);
    if (verbose && e instanceof Error && e.stack) base.stderr(`${e.stack}\n`);
    return EXIT.runtime;
  }
}
