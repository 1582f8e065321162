/** Helpers to run vigie in-process with a temporary working directory and captured output. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.ts';
import type { Io } from '../../src/io.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const REAL = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'real');

export function tempDir(t: { teardown: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Runs `vigie ...args` in-process in `cwd`, with a pinned clock when `now` is given. */
export async function vigie(cwd: string, args: string[], io: Partial<Io> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'vigie', ...args], {
    io: {
      stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTTY: false, color: false, lang: 'en',
      env: { VIGIE_LOCK_WAIT: '1' }, cwd, ...io,
    },
  });
  const stdout = out.join('');
  return { code, stdout, stderr: err.join(''), json: () => JSON.parse(stdout) };
}
