/**
 * The catalogue of commands (src/commands/catalog.ts) against the commands themselves: the program's help lists each
 * command by the catalogue's term and description without loading it, so both must say what the loaded command says.
 */
import test from 'ava';
import { Help } from 'commander';
import { buildProgram, commandOfArgv, main } from '../../src/cli.ts';
import { COMMAND_NAMES, DESCRIPTIONS, TERMS } from '../../src/commands/catalog.ts';
import { memoryIo } from '../../src/io.ts';

test('every command is in the catalogue with the term and description commander gives it once loaded', async (t) => {
  const program = await buildProgram({ io: () => memoryIo(), setExit: () => {} });
  t.deepEqual(program.commands.map((c) => c.name()), [...COMMAND_NAMES]);
  const help = new Help();
  for (const c of program.commands) {
    const name = c.name() as (typeof COMMAND_NAMES)[number];
    t.is(TERMS[name], help.subcommandTerm(c), name);
    t.is(DESCRIPTIONS[name], c.description(), name);
  }
});

test('the help of the program is the same with the commands loaded or as placeholders', async (t) => {
  const ctx = { io: () => memoryIo(), setExit: () => {} };
  const loaded = await buildProgram(ctx);
  const placeholders = await buildProgram(ctx, []);
  t.is(placeholders.helpInformation(), loaded.helpInformation());
  t.true(loaded.helpInformation().includes('compliance [options]'));
});

test('the command a command line names is found past the global options', (t) => {
  const argv = (...w: string[]) => ['node', 'vigie', ...w];
  t.is(commandOfArgv(argv('compliance', '--help')), 'compliance');
  t.is(commandOfArgv(argv('--lang', 'fr', '--verbose', 'status')), 'status');
  t.is(commandOfArgv(argv('--lang=en', 'report', '--pdf')), 'report');
  t.is(commandOfArgv(argv('help', 'import')), 'import');
  t.is(commandOfArgv(argv('help')), null);
  t.is(commandOfArgv(argv('--version')), null);
  t.is(commandOfArgv(argv('complaince')), null);
  t.is(commandOfArgv(argv()), null);
});

test('an unknown command is still answered with the nearest one, and help of one command loads it', async (t) => {
  const io = memoryIo();
  t.is(await main(['node', 'vigie', 'complaince'], { io }), 2);
  t.regex(io.err.join(''), /compliance/);
  const help = memoryIo();
  t.is(await main(['node', 'vigie', 'help', 'compliance'], { io: help }), 0);
  t.regex(help.out.join(''), /--by <keys>|--kind/);
});
