/**
 * `vigie report --period 2018-09`: the commission's report, written into `./reports/<period>/` (or `--out DIR`). The
 * numbers are gathered by src/report/gather.ts (the functions `vigie compliance` uses), the folder written by
 * src/report/write.ts; `report.pdf` with `--pdf` (a headless Chromium found on the machine). With `--as-of`, every
 * number (calls, tickets, the drops listed) is read from the store as it was known then, so a past month's report is
 * reproduced byte for byte after later drops.
 */
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { msg, type Lang } from '../messages.ts';
import type { ReportData } from '../report/gather.ts';
import { asOfOption, periodOption, standardsOption, storeOption } from './options.ts';
import { checkPeriodOptions, parseChoice, parseInstant } from './option-values.ts';
import { DESCRIPTIONS } from './catalog.ts';


export interface ReportOptions {
  store?: string | undefined;
  standards?: string | undefined;
  period?: string | undefined;
  asOf?: string | undefined;
  out?: string | undefined;
  lang?: string | undefined;
  png?: boolean | undefined;
  pdf?: boolean | undefined;
  chromium?: string | undefined;
}

/**
 * The modules that compute, render and print, loaded when the command runs rather than when it is defined: `vigie
 * report --help` reads the options without loading the standards' parser, the engine, the charts or the PDF printer.
 */
async function working() {
  const [standards, pdf, gather, write, session] = await Promise.all([
    import('../standards/standards.ts'), import('../render/pdf.ts'), import('../report/gather.ts'), import('../report/write.ts'),
    import('./session.ts'),
  ]);
  return { ...standards, ...pdf, ...gather, ...write, ...session };
}

export async function runReport(o: ReportOptions, io: Io): Promise<number> {
  const { CHROMIUM_NAMES, findChromium, gatherReport, loadStandards, manifest, printPdf, withStore, writeReport } = await working();
  const m = msg(io.lang);
  const standards = loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), io.lang);
  const lang: Lang = o.lang !== undefined ? parseChoice('--lang', o.lang, ['fr', 'en'] as const, io.lang)
    : standards.locale.startsWith('en') ? 'en' : 'fr';
  const asOf = o.asOf !== undefined ? parseInstant('--as-of', o.asOf, io.lang, standards.timezone) : null;
  checkPeriodOptions({ period: o.period }, standards.timezone, io.lang);
  // --pdf: find Chromium before any work, so that a missing one is said at once (the HTML is still written).
  const chromium = o.pdf ? findChromium(o.chromium, io.env) : null;
  const data: ReportData = await withStore(io, { store: o.store },
    ({ conn }) => gatherReport(conn, { standards, period: o.period, asOf, cliLang: io.lang, lang, now: io.now() }));
  const dir = resolve(io.cwd, o.out ?? join('reports', data.month.period));
  const { files } = await writeReport(data, lang, dir, { png: !!o.png });
  let pdfError: CliError | null = null;
  if (o.pdf) {
    if (!chromium) {
      pdfError = new CliError(EXIT.runtime, 'report.no_chromium', m.noChromium(o.chromium ? o.chromium : `PATH: ${CHROMIUM_NAMES.join(', ')}`));
    } else {
      try {
        printPdf(chromium, join(dir, 'index.html'), join(dir, 'report.pdf'));
        files.push('report.pdf');
      } catch (e) {
        pdfError = new CliError(EXIT.runtime, 'report.pdf_failed', m.pdfFailed(join(dir, 'index.html'), String((e as Error).message)));
      }
    }
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest(data, lang, files, io.now()), null, 2) + '\n');
  io.stdout(`${m.reportWritten(relative(io.cwd, join(dir, 'index.html')) || 'index.html')}\n`);
  if (pdfError) throw pdfError;
  if (o.pdf) io.stdout(`${m.report.pdfWritten(relative(io.cwd, join(dir, 'report.pdf')))}\n`);
  return EXIT.ok;
}

export function makeReportCommand(ctx: Ctx): Command {
  return new Command('report')
    .description(DESCRIPTIONS.report)
    .addOption(periodOption('data'))
    .addOption(asOfOption())
    .option('--out <dir>', 'where to write (default ./reports/<period>/)')
    .addOption(standardsOption())
    .addOption(storeOption())
    .option('--png', 'also write each chart as PNG (charts/*.png)')
    .option('--pdf', 'also print the page to report.pdf with a headless Chromium installed on this machine')
    .option('--chromium <path>', 'the Chromium or Chrome to print with (default: chromium, google-chrome… on PATH)')
    .addHelpText('after', `
The report's language is the standards file's locale unless the global --lang is given.

Examples:
  vigie report --period 2018-09
  vigie --lang en report --period 2018-09 --out reports/sept-2018-en
  vigie report --period 2018-09 --png --pdf`)
    .action(async (opts: ReportOptions, cmd: Command) => {
      const lang = (cmd.parent?.opts<{ lang?: string }>().lang);
      ctx.setExit(await runReport({ ...opts, lang }, ctx.io()));
    });
}
