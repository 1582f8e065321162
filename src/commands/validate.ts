/**
 * `vigie validate FILE…`: every check of `import`, as a dry run (nothing is written). Without --store the drop is
 * checked on its own; with --store it is also compared with what is stored (fates, stale rows), then rolled back.
 * Exit 2 when any file has an error finding or is unusable.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { DuckDBInstance } from '@duckdb/node-api';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg } from '../messages.ts';
import { FORMAT_NAMES } from '../formats/index.ts';
import { loadMapping } from '../formats/mapping.ts';
import type { Mode } from '../formats/types.ts';
import { openStore, resolveStorePath, type Store } from '../store/db.ts';
import { migrate } from '../store/schema.ts';
import { importFile, type Finding } from '../store/import.ts';
import { addInputOptions, lockWait, renderFindings } from './import.ts';
import { outputFormat, parseChoice, parseDate, parseInstant } from './options.ts';

export interface ValidateOptions {
  files: string[];
  store?: string | undefined;
  format?: string | undefined;
  map?: string | undefined;
  encoding?: string | undefined;
  source?: string | undefined;
  mode?: string | undefined;
  snapshotTime?: string | undefined;
  minDate?: string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export interface ValidateReport {
  file: string;
  format: string | null;
  kind: string | null;
  rows: number;
  errors: number;
  warnings: number;
  findings: Finding[];
}

async function memoryStore(io: Io): Promise<Store> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: '1GB', threads: '2', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false',
  });
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  const schemaVersion = await migrate(conn, { readOnly: false, path: ':memory:', lang: io.lang });
  return { path: ':memory:', conn, schemaVersion, close: () => { conn.closeSync(); instance.closeSync(); } };
}

export async function runValidate(o: ValidateOptions, io: Io): Promise<number> {
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json'], lang);
  const mode = o.mode === undefined ? undefined : parseChoice<Mode>('--mode', o.mode, ['snapshot', 'incremental'], lang);
  const snapshotTime = o.snapshotTime === undefined ? undefined : parseInstant('--snapshot-time', o.snapshotTime, lang);
  const minDate = parseDate('--min-date', o.minDate ?? '1990-01-01', lang);
  const format = o.format ?? 'auto';
  if (!FORMAT_NAMES.includes(format)) parseChoice('--format', format, FORMAT_NAMES, lang);
  const map = o.map === undefined ? undefined : loadMapping(resolve(io.cwd, o.map), lang);
  const store = o.store || io.env.VIGIE_STORE
    ? await openStore({ path: resolveStorePath(o.store, io.env, io.cwd), lang, lockWaitSeconds: lockWait(io) })
    : await memoryStore(io);
  const reports: ValidateReport[] = [];
  let worst = EXIT.ok as number;
  try {
    for (const file of o.files) {
      try {
        const r = await importFile(store.conn, {
          path: resolve(io.cwd, file), label: file, format, map, encoding: o.encoding, source: o.source, mode, snapshotTime, minDate,
          strict: false, dryRun: true, lang, now: io.now(),
        });
        const errors = r.findings.filter((f) => f.severity === 'error').reduce((n, f) => n + f.count, 0);
        const warnings = r.findings.filter((f) => f.severity === 'warning').reduce((n, f) => n + f.count, 0);
        reports.push({ file, format: r.format, kind: r.kind, rows: r.counts.read, errors, warnings, findings: r.findings });
        if (errors) worst = Math.max(worst, EXIT.data);
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        worst = Math.max(worst, e.exitCode);
        const finding: Finding = {
          severity: 'error', code: e.code, message: e.message, file, line: null, column: null, value: null, count: 1, samples: [],
        };
        reports.push({ file, format: null, kind: null, rows: 0, errors: 1, warnings: 0, findings: [finding] });
        if (out !== 'json') io.stderr(`vigie: ${e.message}\n`);
      }
    }
  } finally {
    store.close();
  }
  if (out === 'json') io.stdout(JSON.stringify(o.files.length === 1 ? reports[0] : reports, null, 2) + '\n');
  else {
    for (const r of reports) {
      io.stdout(`${m.validateSummary(r.file, r.rows, r.errors, r.warnings)}\n${renderFindings(r.findings, lang, io.color)}\n`);
    }
  }
  return worst;
}

export function makeValidateCommand(ctx: Ctx): Command {
  const cmd = new Command('validate')
    .description('check drop files without importing them (exit 2 on any error finding)')
    .argument('<files...>', 'drop files (CSV or JSON)');
  addInputOptions(cmd)
    .option('--store <path>', 'also compare the drops with this store (nothing is written)')
    .option('--output <format>', 'table or json', 'table')
    .option('--json', 'short for --output json')
    .addHelpText('after', `
Examples:
  vigie validate requetes311.csv
  vigie validate --json drop-*.csv > findings.json`)
    .action(async (files: string[], opts: Omit<ValidateOptions, 'files'>) => {
      ctx.setExit(await runValidate({ ...opts, files }, ctx.io()));
    });
  return cmd;
}
