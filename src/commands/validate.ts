/**
 * `vigie validate FILE…`: every check of `import`, as a dry run (nothing is written). Without --store the drop is
 * checked on its own; with --store (or VIGIE_STORE) it is also compared with what is stored (fates, stale rows) and
 * with the store's history — the drift checks of src/store/drift.ts, thresholds from the standards file's `drift:` —
 * then rolled back. Exit 2 when any file has an error finding or is unusable, or lost columns (src/formats/columns.ts;
 * `--allow-missing-columns` accepts them); drift findings are warnings unless the standards say `severity: error`.
 * `--output junit|github` is for CI (src/render/validate.ts, docs/ci.md).
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
import { importFile } from '../store/import.ts';
import type { Finding } from '../findings.ts';
import { collectDrift, driftFindings, type DriftFacts } from '../store/drift.ts';
import { loadStandards } from '../standards/standards.ts';
import { renderGithub, renderJunit, type ValidateReport } from '../render/validate.ts';
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
  allowMissingColumns?: boolean | undefined;
  standards?: string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export type { ValidateReport };

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
  const out = outputFormat(o, ['table', 'json', 'junit', 'github'], lang);
  const mode = o.mode === undefined ? undefined : parseChoice<Mode>('--mode', o.mode, ['snapshot', 'incremental'], lang);
  const snapshotTime = o.snapshotTime === undefined ? undefined : parseInstant('--snapshot-time', o.snapshotTime, lang);
  const minDate = parseDate('--min-date', o.minDate ?? '1990-01-01', lang);
  const format = o.format ?? 'auto';
  if (!FORMAT_NAMES.includes(format)) parseChoice('--format', format, FORMAT_NAMES, lang);
  const map = o.map === undefined ? undefined : loadMapping(resolve(io.cwd, o.map), lang);
  const withStore = !!(o.store || io.env.VIGIE_STORE);
  // The drift thresholds; a --standards file is checked even without a store to compare with.
  const standards = withStore || o.standards !== undefined
    ? loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang) : null;
  const store = withStore
    ? await openStore({ path: resolveStorePath(o.store, io.env, io.cwd), lang, lockWaitSeconds: lockWait(io) })
    : await memoryStore(io);
  const reports: ValidateReport[] = [];
  let worst = EXIT.ok as number;
  try {
    for (const file of o.files) {
      try {
        const drift: { facts?: DriftFacts } = {};
        const r = await importFile(store.conn, {
          path: resolve(io.cwd, file), label: file, format, map, mapFile: o.map, encoding: o.encoding, source: o.source, mode, snapshotTime, minDate,
          strict: false, dryRun: true, allowMissingColumns: !!o.allowMissingColumns, lang, now: io.now(),
          onStaged: withStore && standards ? async (conn, staged) => { drift.facts = await collectDrift(conn, staged); } : undefined,
        });
        const findings = drift.facts && standards ? [...r.findings, ...driftFindings(drift.facts, standards.drift, lang)] : r.findings;
        const errors = findings.filter((f) => f.severity === 'error').reduce((n, f) => n + f.count, 0);
        const warnings = findings.filter((f) => f.severity === 'warning').reduce((n, f) => n + f.count, 0);
        reports.push({ file, format: r.format, kind: r.kind, rows: r.counts.read, errors, warnings, findings });
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
  else if (out === 'junit') io.stdout(renderJunit(reports, lang));
  else if (out === 'github') io.stdout(renderGithub(reports, lang));
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
    .option('--store <path>', 'also compare the drops with this store and its history: columns, volume, unknown values (nothing is written; default VIGIE_STORE)')
    .option('--standards <file>', 'standards file whose drift: section sets the drift thresholds (default: the shipped Montréal standards)')
    .option('--output <format>', 'table, json, junit (JUnit XML) or github (GitHub Actions annotations)', 'table')
    .option('--json', 'short for --output json')
    .addHelpText('after', `
Examples:
  vigie validate requetes311.csv
  vigie validate --json drop-*.csv > findings.json
  vigie validate --store data/vigie.duckdb --output junit drops/*.csv > validate.xml
  vigie validate --store data/vigie.duckdb --output github drops/*.csv`)
    .action(async (files: string[], opts: Omit<ValidateOptions, 'files'>) => {
      ctx.setExit(await runValidate({ ...opts, files }, ctx.io()));
    });
  return cmd;
}
