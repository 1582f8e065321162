/** What the benchmarks share: the repository root, the machine they ran on, the vigie measured, plain-text tables. */
import { execFileSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as duckdbVersion } from '@duckdb/node-api';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A path relative to the repository, for printing. */
export const rel = (p: string) => relative(ROOT, p) || '.';

/** Which vigie was measured: the commit, and the files of src/ changed since (others may be editing it). */
export function sourceState(): { commit: string | null; src_changes: string[] } {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return {
      commit: git('rev-parse', '--short', 'HEAD').trim(),
      src_changes: git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).map((l) => l.slice(3)),
    };
  } catch {
    return { commit: null, src_changes: [] };
  }
}

/** The machine's conditions, printed with every result. */
export function machineInfo() {
  return {
    os: `${platform()} ${release()}`,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    total_memory_gb: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    duckdb: duckdbVersion(),
  };
}

function pad(cells: string[], widths: number[], right: boolean[]): string {
  return cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
}

/** A plain-text table on stdout. */
export function printTable(header: string[], body: string[][], right: boolean[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  console.log(pad(header, widths, right));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(pad(r, widths, right));
}
