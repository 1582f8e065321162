/**
 * A snapshot of every `--help` (issue: "a snapshot of every --help"): a change of a flag, a default or an example shows
 * up in review as a diff of test/snapshots/cli-help.test.ts.md. Update on purpose with `npx ava --update-snapshots
 * test/cli-help.test.ts`. Every command's help also shows at least one example.
 */
import test from 'ava';
import { buildProgram } from '../src/cli.ts';
import { memoryIo } from '../src/io.ts';
import type { Command } from 'commander';
import { tempDir, vigie } from './_helpers/cli.ts';

/** Every command path of the program, parents before children: [], ['import'], …, ['standards', 'check'], … */
async function commandPaths(): Promise<string[][]> {
  const out: string[][] = [];
  const walk = (c: Command, path: string[]) => {
    out.push(path);
    for (const sub of c.commands) walk(sub, [...path, sub.name()]);
  };
  walk(await buildProgram({ io: () => memoryIo(), setExit: () => {} }), []);
  return out;
}

for (const path of await commandPaths()) {
  const name = ['vigie', ...path].join(' ');
  test(`${name} --help`, async (t) => {
    const r = await vigie(tempDir(t), [...path, '--help']);
    t.is(r.code, 0);
    t.is(r.stderr, '');
    if (path.length && !['standards'].includes(path.join(' '))) t.regex(r.stdout, /Examples?:\n {2}vigie /, name);
    t.snapshot(r.stdout, name);
  });
}
