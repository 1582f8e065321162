/**
 * `vigie standards init`: the commented starter standards file. It is file content rather than a CLI message, so it
 * ships as data/standards/starter.yaml: one text, its comments in English and French side by side, valid as it stands.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';

export const STARTER_FILE = fileURLToPath(new URL('../../data/standards/starter.yaml', import.meta.url));

/** The file `init` writes when given no --out. */
export const DEFAULT_INIT_FILE = 'vigie-standards.yaml';

/**
 * Writes the starter file, byte for byte, at `path` (`shown`: the path as the user gave it, for messages). Refuses
 * to overwrite unless `force`: CliError(2, 'standards.exists'); any other failure is CliError(1, 'standards.writeFailed').
 */
export function writeStarter(path: string, shown: string, force: boolean, lang: Lang): void {
  const m = msg(lang);
  const starter = readFileSync(STARTER_FILE);
  try {
    writeFileSync(path, starter, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(EXIT.usage, 'standards.exists', m.stdInitExists(shown));
    throw new CliError(EXIT.runtime, 'standards.writeFailed', m.exportWriteFailed(shown, (e as Error).message), { cause: e });
  }
}
