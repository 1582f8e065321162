/**
 * Shared by the property tests: a pinned-clock runner, an RFC 4180 writer independent of src/store/export.ts, instants
 * written the ways a drop writes them (UTC with Z, with an offset, naive Montréal local time), and working folders
 * that outlive one fast-check run (one store per property, many checks per store).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { vigie, type CliRun } from '../_helpers/cli.ts';

/** The wall clock of every command run by the properties (the data is from 2018). */
export const NOW = new Date('2026-01-01T00:00:00Z');

/** `vigie ...args` in `dir` with the pinned clock. */
export function run(dir: string, ...args: string[]): Promise<CliRun> {
  return vigie(dir, args, { now: () => NOW });
}

/** `vigie ...args --json` that must exit 0: its parsed JSON (the failure message carries stderr and the arguments). */
export async function runJson(dir: string, ...args: string[]): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await run(dir, ...args);
  if (r.code !== 0) throw new Error(`vigie ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout.slice(0, 2000)}`);
  return r.json();
}

/** A fresh working folder removed when the test ends (whatever the number of fast-check runs that used it). */
export function workDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-prop-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One CSV field: quoted when it holds a comma, a quote, CR or LF, or always when `quoteAll`; null is empty. */
export function field(v: string | null, quoteAll = false): string {
  if (v === null) return '';
  return quoteAll || /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** A CSV file's text: header, then rows (cells already text or null), LF or CRLF line ends. */
export function csvText(header: readonly string[], rows: readonly (readonly (string | null)[])[], o: { crlf?: boolean; quoteAll?: boolean } = {}): string {
  const eol = o.crlf ? '\r\n' : '\n';
  return [header.join(','), ...rows.map((r) => r.map((v) => field(v, o.quoteAll)).join(','))].map((l) => l + eol).join('');
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeDrop(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const LOCAL = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  hourCycle: 'h23',
});

/** The wall-clock time in Montréal of an instant, `YYYY-MM-DD HH:MM:SS` (through Intl, not through src/time). */
export function montrealLocal(ms: number): string {
  const p = Object.fromEntries(LOCAL.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** UTC offset of Montréal at an instant, minutes (−240 in summer, −300 in winter). */
export function montrealOffsetMinutes(ms: number): number {
  const local = Date.parse(`${montrealLocal(ms).replace(' ', 'T')}Z`);
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** How an instant is written in a drop. */
export type TimeStyle = 'z' | 'offset' | 'local' | 'local-t';

/**
 * An instant (whole seconds) as a drop writes it: `2018-09-03T12:00:00Z`, `2018-09-03T08:00:00-04:00`, or the naive
 * Montréal time (`2018-09-03 08:00:00` or `2018-09-03T08:00:00`). Naive times are only safe away from the DST changes
 * (a naive time in the repeated hour is read as its first instant): callers keep instants between 10:00 and 23:59 UTC.
 */
export function writeInstant(ms: number, style: TimeStyle): string {
  const iso = new Date(ms).toISOString().slice(0, 19);
  switch (style) {
    case 'z':
      return `${iso}Z`;
    case 'offset': {
      const off = montrealOffsetMinutes(ms);
      const local = new Date(ms + off * 60_000).toISOString().slice(0, 19);
      const a = Math.abs(off);
      return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
    }
    case 'local':
      return montrealLocal(ms);
    case 'local-t':
      return montrealLocal(ms).replace(' ', 'T');
  }
}

/** The first instant of a Montréal calendar month (`2018-09`), UTC ms. */
export function montrealMonthStart(month: string): number {
  const guess = Date.parse(`${month}-01T05:00:00Z`);
  // Midnight local is 04:00 or 05:00 UTC; the offset at 05:00 UTC on the 1st tells which.
  return guess - (montrealOffsetMinutes(guess) === -240 ? 3_600_000 : 0);
}
