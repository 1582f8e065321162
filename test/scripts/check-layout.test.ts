/**
 * scripts/check-layout.ts: the floors, sizes, wiring and references of src/ (also run on its own before the tests, by
 * `npm test`'s pretest): none may be breached; and the checks themselves see what they are meant to.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLayout, circles, factsOf } from '../../scripts/check-layout.ts';

test('src/ keeps the house rules: no breach at all', (t) => {
  t.deepEqual(checkLayout().breaches, []);
});

test('circles: every strongly connected group of files, a self-import included; a chain is none', (t) => {
  const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']], ['e', ['e']], ['f', ['g']], ['g', []]]);
  t.deepEqual(circles(g), [['a', 'b', 'c'], ['e']]);
  t.deepEqual(circles(new Map([['x', ['y']], ['y', []]])), []);
});

test('a common flag declared by hand and the store reached around withStore are seen; help text naming VIGIE_STORE is not', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-layout-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'command.ts');
  writeFileSync(file, [
    "cmd.option('--store <path>', 'store file (default ./data/vigie.duckdb, or VIGIE_STORE)')",
    "  .addOption(new Option('--as-of <instant>', 'when'))",
    "  .option('--storey <n>', 'not a common flag')",
    "  .option('--by <keys>', 'not common either');",
    'const s = await openStore({ path });',
    'const wait = io.env.VIGIE_LOCK_WAIT;',
    '',
  ].join('\n'));
  const f = factsOf(file);
  t.deepEqual(f.commonFlags, [{ flag: '--store', line: 1 }, { flag: '--as-of', line: 2 }]);
  t.deepEqual(f.storeWiring, [5, 6]);
});
