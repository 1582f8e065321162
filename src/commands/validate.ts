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
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg } from '../messages.ts';
import { FORMAT_NAMES } from '../formats/index.ts';
import type { Mode } from '../formats/types.ts';
import type { Store } from '../store/db.ts';
import type { Finding } from '../findings.ts';
import type { DriftFacts } from '../store/drift.ts';
import type { ValidateReport } from '../render/validate.ts';
import { CITY_ZONE, inputOptions, outputOptions, standardsOption, storeOption, withOptions } from './options.ts';
import { outputFormat, parseChoice, parseDate, parseInstant } from './option-values.ts';
import { DESCRIPTIONS } from './catalog.ts';

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

/**
 * The modules that read, check and compare the drops, loaded when the command runs rather than when it is defined:
 * `vigie validate --help` reads the options (and the format names) without loading the CSV parser, the importer, the
 * standards' parser or the renderers.
 */
async function working() {
  const [mapping, db, importer, drift, standards, render, findings, session] = await Promise.all([
    import('../formats/mapping.ts'), import('../store/db.ts'), import('../store/import.ts'), import('../store/drift.ts'),
    import('../standards/standards.ts'), import('../render/validate.ts'), import('../render/findings.ts'), import('./session.ts'),
  ]);
  return { ...mapping, ...db, ...importer, ...drift, ...standards, ...render, ...findings, ...session };
}

export async function runValidate(o: ValidateOptions, io: Io): Promise<number> {
  const {
    collectDrift, driftFindings, importFile, loadMapping, loadStandards, MEMORY_STORE, renderFindings, renderGithub, renderJunit, storeNamed, withStore,
  } = await working();
  const lang = io.lang;
  const m = msg(lang);
  const out = outputFormat(o, ['table', 'json', 'junit', 'github'], lang);
  const mode = o.mode === undefined ? undefined : parseChoice<Mode>('--mode', o.mode, ['snapshot', 'incremental'], lang);
  const snapshotTime = o.snapshotTime === undefined ? undefined : parseInstant('--snapshot-time', o.snapshotTime, lang, CITY_ZONE);
  const minDate = parseDate('--min-date', o.minDate ?? '1990-01-01', lang, CITY_ZONE);
  const format = o.format ?? 'auto';
  if (!FORMAT_NAMES.includes(format)) parseChoice('--format', format, FORMAT_NAMES, lang);
  const map = o.map === undefined ? undefined : loadMapping(resolve(io.cwd, o.map), lang);
  const compare = storeNamed(o.store, io);
  // The drift thresholds; a --standards file is checked even without a store to compare with.
  const standards = compare || o.standards !== undefined
    ? loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang) : null;
  const reports: ValidateReport[] = [];
  let worst = EXIT.ok as number;
  // Against the store (written nothing: each file is rolled back), or alone in a store held in memory.
  const use = compare ? { store: o.store, write: true } : { path: MEMORY_STORE, write: true, memoryLimit: '1GB' };
  await withStore(io, use, async (store: Store) => {
    for (const file of o.files) {
      try {
        const drift: { facts?: DriftFacts } = {};
        const r = await importFile(store.conn, {
          path: resolve(io.cwd, file), label: file, format, map, mapFile: o.map, encoding: o.encoding, source: o.source, mode, snapshotTime, minDate,
          strict: false, dryRun: true, allowMissingColumns: !!o.allowMissingColumns, lang, now: io.now(),
          onStaged: compare && standards ? async (conn, staged) => { drift.facts = await collectDrift(conn, staged); } : undefined,
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
  });
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
    .description(DESCRIPTIONS.validate)
    .argument('<files...>', 'drop files (CSV or JSON)');
  withOptions(cmd, inputOptions(FORMAT_NAMES), storeOption(), standardsOption(), outputOptions(['table', 'json', 'junit', 'github']))
    .addHelpText('after', `
With a store (--store or VIGIE_STORE), the drops are also compared with it and its history: columns, volume, unknown
values (nothing is written); the standards file's drift: section sets the thresholds. --output junit writes JUnit XML,
--output github GitHub Actions annotations.

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
