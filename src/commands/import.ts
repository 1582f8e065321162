/**
 * `vigie import FILE…`: load drop files into the store, one transaction per file, in the order given.
 * Exit 0 when every file committed (rows with errors go to the rejects table), 2 when a file is unusable or any
 * finding is raised under --strict (that file commits nothing), 1 on a runtime failure. The worst code wins.
 */
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg, type Lang } from '../messages.ts';
import { FORMAT_NAMES } from '../formats/index.ts';
import type { Mode } from '../formats/types.ts';
import type { ImportOptions as ImportFileOptions, ImportResult, PausePoint } from '../store/import.ts';
import { CITY_ZONE, inputOptions, outputOptions, storeOption, withOptions } from './options.ts';
import { outputFormat, parseChoice, parseDate, parseInstant } from './option-values.ts';
import { formatInstant } from '../time/zone.ts';
import { DESCRIPTIONS } from './catalog.ts';

export interface ImportOptions {
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
  strict?: boolean | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

export type FileOutcome = ImportResult | { file: string; error: { code: string; message: string; exit_code: number } };

/**
 * The modules that read, check and store the drops, loaded when the command runs rather than when it is defined:
 * `vigie import --help` reads the options (and the format names) without loading the CSV parser, the importer or the
 * renderers.
 */
async function working() {
  const [mapping, importer, progress, findings, session] = await Promise.all([
    import('../formats/mapping.ts'), import('../store/import.ts'), import('../render/progress.ts'), import('../render/findings.ts'),
    import('./session.ts'),
  ]);
  return { ...mapping, ...importer, ...progress, ...findings, ...session };
}

/** The loaded modules, as `working` returns them. */
type Working = Awaited<ReturnType<typeof working>>;

export async function runImport(o: ImportOptions, io: Io): Promise<number> {
  const { importFile, loadMapping, PAUSE_POINTS, renderFindings, startProgress, storePath, withStore } = await working();
  const lang = io.lang;
  const out = outputFormat(o, ['table', 'json'], lang);
  const mode = o.mode === undefined ? undefined : parseChoice<Mode>('--mode', o.mode, ['snapshot', 'incremental'], lang);
  const snapshotTime = o.snapshotTime === undefined ? undefined : parseInstant('--snapshot-time', o.snapshotTime, lang, CITY_ZONE);
  const minDate = parseDate('--min-date', o.minDate ?? '1990-01-01', lang, CITY_ZONE);
  const format = o.format ?? 'auto';
  if (!FORMAT_NAMES.includes(format)) parseChoice('--format', format, FORMAT_NAMES, lang);
  const map = o.map === undefined ? undefined : loadMapping(resolve(io.cwd, o.map), lang);
  const path = storePath(o.store, io);
  // A store this run creates and then writes nothing into is removed again: a typo in a file name leaves no empty store.
  const created = !existsSync(path) && { dir: !existsSync(dirname(path)) };
  const outcomes: FileOutcome[] = [];
  let worst = EXIT.ok as number;
  try {
    await withStore(io, { path, write: true }, async (store) => {
      for (const file of o.files) {
        const progress = await startProgress(io, store.conn, file);
        try {
          const r = await importFile(store.conn, {
            path: resolve(io.cwd, file), label: file, format, map, mapFile: o.map, encoding: o.encoding, source: o.source, mode, snapshotTime, minDate,
            strict: !!o.strict, dryRun: false, allowMissingColumns: !!o.allowMissingColumns, lang, now: io.now(), onPhase: (p) => progress.phase(p),
            trace: io.env.VIGIE_TRACE ? (step, ms) => io.stderr(`${ms.toFixed(0).padStart(6)} ms  ${step}\n`) : undefined,
            traceFull: io.env.VIGIE_TRACE === 'full', pause: testPause(io, PAUSE_POINTS),
          });
          progress.done();
          outcomes.push(r);
          if (!r.committed && !r.noop) worst = Math.max(worst, EXIT.data);
        } catch (e) {
          progress.done();
          if (!(e instanceof CliError)) throw e;
          outcomes.push({ file, error: { code: e.code, message: e.message, exit_code: e.exitCode } });
          worst = Math.max(worst, e.exitCode);
          if (e.exitCode === EXIT.runtime && e.code === 'store.busy') break;
        }
      }
    });
  } finally {
    if (created && !outcomes.some((r) => 'committed' in r && r.committed)) removeStore(path, created.dir);
  }
  if (out === 'json') io.stdout(JSON.stringify(o.files.length === 1 ? outcomes[0] : outcomes, null, 2) + '\n');
  else for (const r of outcomes) io.stdout(renderOutcome(r, lang, io.color, o.strict, renderFindings) + '\n');
  for (const r of outcomes) if ('error' in r) io.stderr(`vigie: ${r.error.message}\n`);
  return worst;
}

/** Removes a store file this run created (and its folder, when the run created that too). */
function removeStore(path: string, dir: boolean): void {
  for (const p of [path, `${path}.wal`]) rmSync(p, { force: true });
  if (dir) {
    try {
      rmdirSync(dirname(path));
    } catch {
      // not empty: something else lives there, keep it
    }
  }
}

/** One file's outcome as the table output shows it; `findings` renders its findings (src/render/findings.ts). */
function renderOutcome(r: FileOutcome, lang: Lang, color: boolean, strict: boolean | undefined, findings: Working['renderFindings']): string {
  const m = msg(lang);
  if ('error' in r) return m.fileNotImported(r.file);
  const lines = [m.importHeading(r.file, r.format, r.source, r.mode)];
  if (r.noop) lines.push(m.noop(r.file));
  // the snapshot time in the source's zone, as its people read it (the JSON keeps the UTC instant)
  else lines.push(m.snapshotLine(formatInstant(r.zone, Date.parse(r.snapshot_time)), m.snapshotFrom[r.snapshot_time_from] ?? r.snapshot_time_from));
  lines.push(m.accounting(r.counts));
  if (r.counts.rejected) lines.push(m.rowsRejected(r.counts.rejected));
  if (r.missing) lines.push(m.missingFromSnapshot(r.missing));
  lines.push(findings(r.findings, lang, color));
  if (!r.committed && !r.noop && strict) lines.push(m.strictRefused(r.file, r.findings.length));
  return lines.join('\n');
}

/**
 * TEST-ONLY fault injection (test/robustness/faults.test.ts), never set in normal use: `VIGIE_TEST_PAUSE_AT=POINT[:SECONDS]`
 * (a PausePoint of store/import.ts) makes each import stop at that point, write `vigie-test: paused at POINT` to stderr
 * and sleep SECONDS (default 120) before going on, so that a test can kill the process there or hold the store's lock.
 * `points` are store/import.ts's PAUSE_POINTS.
 */
export function testPause(io: Io, points: readonly PausePoint[]): ImportFileOptions['pause'] {
  const [at, seconds] = (io.env.VIGIE_TEST_PAUSE_AT ?? '').split(':');
  if (!at || !(points as readonly string[]).includes(at)) return undefined;
  const ms = seconds === undefined || !Number.isFinite(Number(seconds)) ? 120_000 : Number(seconds) * 1000;
  return async (point) => {
    if (point !== at) return;
    io.stderr(`vigie-test: paused at ${point}\n`);
    await new Promise((r) => setTimeout(r, ms));
  };
}

export function makeImportCommand(ctx: Ctx): Command {
  const cmd = new Command('import')
    .description(DESCRIPTIONS.import)
    .argument('<files...>', 'drop files (CSV or JSON)');
  withOptions(cmd, inputOptions(FORMAT_NAMES))
    .option('--strict', 'commit nothing from a file that raises any finding (exit 2)');
  withOptions(cmd, storeOption(), outputOptions(['table', 'json']))
    .addHelpText('after', `
Examples:
  vigie import requetes311.csv
  vigie import --json --snapshot-time 2018-10-01 requetes311.csv
  vigie import --encoding windows-1252 --strict export-2018-09.csv
  vigie import --map examples/maps/ottawa-311.json JanSR-2014.csv FebSR-2014.csv`)
    .action(async (files: string[], opts: Omit<ImportOptions, 'files'>) => {
      ctx.setExit(await runImport({ ...opts, files }, ctx.io()));
    });
  return cmd;
}
