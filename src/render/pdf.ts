/**
 * HTML → PDF for `vigie report --pdf`, by a headless Chromium found on the machine (`--chromium PATH`, else the first
 * of CHROMIUM_NAMES on PATH). Nothing is downloaded at run time. Chromium runs with a fresh profile and with its
 * background networking, sync, component updates and QUIC off: the page is self-contained, and without those flags
 * Chromium keeps trying to reach its own servers. The page's print CSS sets US-letter paper.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The Chromium to use: the given path when it is an executable, else the first known name on PATH; null when none. */
export function findChromium(flag: string | undefined, env: Record<string, string | undefined>): string | null {
  if (flag) return executable(flag) ? flag : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_NAMES) if (executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The flags of a headless, offline Chromium with a throw-away profile. */
export function chromiumFlags(profile: string): string[] {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions', '--mute-audio',
    `--user-data-dir=${profile}`];
}

/** Runs Chromium on a local HTML file with extra flags (e.g. --print-to-pdf=…); throws with Chromium's stderr on failure. */
export function runChromium(chromium: string, htmlPath: string, extra: string[], timeoutMs = 120_000): { stderr: string } {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-chromium-'));
  try {
    const r = spawnSync(chromium, [...chromiumFlags(profile), ...extra, pathToFileURL(htmlPath).href], {
      encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`exit ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
    return { stderr: r.stderr ?? '' };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Prints `htmlPath` to `pdfPath` (no header or footer: the page numbers itself). */
export function printPdf(chromium: string, htmlPath: string, pdfPath: string): void {
  rmSync(pdfPath, { force: true });
  runChromium(chromium, htmlPath, ['--no-pdf-header-footer', `--print-to-pdf=${pdfPath}`]);
  if (!existsSync(pdfPath) || statSync(pdfPath).size === 0) throw new Error('no PDF written');
}
