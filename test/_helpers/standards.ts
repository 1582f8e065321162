/** Standards files written by tests: load one from its text, or check that it is refused. */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../src/errors.ts';
import { loadStandards, type Standards } from '../../src/standards/standards.ts';

/** Writes `text` as a standards file in a fresh folder and loads it. */
export function loadStandardsText(t: ExecutionContext, text: string, name = 'standards.yaml', lang: 'en' | 'fr' = 'en'): Standards {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-standards-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, text);
  return loadStandards(file, lang);
}

/** The file must be refused with exit 2 and a message naming the file, the key path, the value and what is allowed. */
export const refusedStandards = test.macro({
  exec(t, text: string, key: string, value: string, allowed: RegExp) {
    const e = t.throws(() => loadStandardsText(t, text), { instanceOf: CliError });
    if (!(e instanceof CliError)) return;
    t.is(e.exitCode, 2);
    t.is(e.code, 'standards.invalid');
    t.regex(e.message, /standards\.yaml/);
    t.true(e.message.includes(`invalid ${key}: ${value} `), e.message);
    t.regex(e.message, allowed);
  },
  title: (title = '', _text, key: string) => `${title} (${key})`,
});
