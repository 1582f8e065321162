/**
 * What the steps of one import share (src/store/import.ts runs them in order): the run context — the connection,
 * traced statements, the options the steps read, the file as sniffed, the drop's description and the findings so far —
 * and the helpers that add a finding.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { msg, type Lang } from '../messages.ts';
import type { Adapter, Mode } from '../formats/types.ts';
import type { Sniffed } from '../formats/sniff.ts';
import type { ColumnLoss } from '../formats/columns.ts';
import { rows } from '../sql.ts';
import type { Finding, Sample } from '../findings.ts';

/** The options of importFile the steps read (ImportOptions in src/store/import.ts documents each). */
export interface StepOptions {
  path: string;
  label: string;
  mapFile?: string | undefined;
  snapshotTime?: Date | undefined;
  minDate: Date;
  dryRun: boolean;
  lang: Lang;
  now: Date;
  trace?: ((step: string, ms: number) => void) | undefined;
  traceFull?: boolean | undefined;
}

/** The drop as importFile described it before staging: the result's identity fields and what the file scan found. */
export interface DropBase {
  file: string;
  sha256: string;
  source: string;
  format: string;
  kind: Adapter['kind'];
  mode: Mode;
  encoding: string;
  zone: string;
  newlines: number;
  endsWithNewline: boolean;
  unicodeBlank: boolean;
  loss: ColumnLoss | null;
}

/** A structurally broken CSV row (DuckDB's rejects), reported and stored with its text as read. */
export interface StructuralReject {
  line: number;
  raw: string;
  code: string;
}

/** The context every step of one import runs in. */
export interface ImportRun {
  conn: DuckDBConnection;
  o: StepOptions;
  sniffed: Sniffed;
  adapter: Adapter;
  /** The file DuckDB reads: the drop itself, or its UTF-8 / LF-only copy. */
  readPath: string;
  base: DropBase;
  /** Runs a statement (traced). */
  q: (sql: string) => Promise<void>;
  /** The first row of a query (traced). */
  one: (sql: string) => Promise<Record<string, unknown>>;
  /** The findings so far, in the order the steps add them. */
  findings: Finding[];
}

/** A run context whose statements are traced through `o.trace` (the SQL's first 70 characters, or whole statements under `traceFull`). */
export function openRun(conn: DuckDBConnection, o: StepOptions, sniffed: Sniffed, adapter: Adapter, readPath: string, base: DropBase): ImportRun {
  const q = async (sql: string) => {
    const t0 = performance.now();
    await conn.run(sql);
    o.trace?.(sql.replace(/\s+/g, ' ').slice(0, o.traceFull ? undefined : 70), performance.now() - t0);
  };
  const one = async (sql: string) => {
    const t0 = performance.now();
    const r = (await rows(conn, sql))[0]!;
    o.trace?.(sql.replace(/\s+/g, ' ').slice(0, 70), performance.now() - t0);
    return r;
  };
  return { conn, o, sniffed, adapter, readPath, base, q, one, findings: [] };
}

/** Samples a finding quotes. */
export const SAMPLES = 5;

/** A value as a sample quotes it: at most 120 characters (117 and an ellipsis). */
export function shortValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/** Adds a finding, its message the code's text and the row's fate; its line, column and value those of the first sample. */
export function addFinding(
  findings: Finding[], o: StepOptions, severity: 'error' | 'warning', code: string, column: string | null, count: number, samples: Sample[],
): void {
  const m = msg(o.lang);
  const first = samples[0] ?? { line: null, column, value: null };
  findings.push({
    severity, code, message: `${m.finding[code] ?? code}; ${m.rowFate[severity]}`, file: o.label,
    line: first.line, column: first.column, value: first.value, count, samples,
  });
}
