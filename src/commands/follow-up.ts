/**
 * `vigie follow-up` (« suivi »): what happened to requests after their first answer, from the store's successive
 * snapshots — reopened, transferred, left without change, repeated nearby after a close, vanished (docs/methods.md
 * §2.9). The numbers come from src/compliance/follow-up.ts; this file parses the flags and picks the renderer. One
 * snapshot is not enough: exit 2.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import type { Ctx, Io } from '../io.ts';
import { asOfOption, outputOptions, periodOption, rangeOptions, standardsOption, storeOption, withOptions, type SelectionOptions } from './options.ts';
import { DESCRIPTIONS } from './catalog.ts';

const FORMATS = ['table', 'json', 'csv', 'md'] as const;

export interface FollowUpOptions extends SelectionOptions {
  list?: string | undefined;
  staleDays?: string | undefined;
  repeatDays?: string | undefined;
  repeatMetres?: string | undefined;
}

/** The modules that compute and render, loaded when the command runs (`--help` loads none of them). */
async function working() {
  const [standards, follow, render, session, messages, values, periods] = await Promise.all([
    import('../standards/standards.ts'), import('../compliance/follow-up.ts'), import('../render/follow-up.ts'), import('./session.ts'),
    import('../messages.ts'), import('./option-values.ts'), import('../time/periods.ts'),
  ]);
  return { ...standards, ...follow, ...render, ...session, ...messages, ...values, ...periods };
}

export async function runFollowUp(o: FollowUpOptions, io: Io): Promise<number> {
  const w = await working();
  const lang = io.lang;
  const m = w.msg(lang);
  const out = w.outputFormat(o, FORMATS, lang);
  const standards = w.loadStandards(o.standards === undefined ? undefined : resolve(io.cwd, o.standards), lang);
  const zone = standards.timezone;
  const by = (o.by ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((k) => w.parseChoice('--by', k, w.FOLLOW_KEYS, lang));
  const list = o.list === undefined ? null : w.parseChoice('--list', o.list, w.LIST_KINDS, lang);
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  const staleDays = w.parseNumber('--stale-days', o.staleDays, 30, lang, whole);
  const repeatDays = w.parseNumber('--repeat-days', o.repeatDays, 30, lang, whole);
  const repeatMetres = w.parseNumber('--repeat-metres', o.repeatMetres, 50, lang, whole);
  const asOf = o.asOf === undefined ? null : w.parseInstant('--as-of', o.asOf, lang, zone);
  // Creation months: --period (a month, quarter or year) or --from/--to; none: every request.
  const range = o.period !== undefined || o.from !== undefined || o.to !== undefined ? w.parsePeriod(o, zone, lang, '2000-01') : null;
  const q = { asOf, from: range?.from ?? null, to: range?.to ?? null, by, source: o.source ?? null, zone, staleDays, repeatDays, repeatMetres,
    calendar: standards.calendar };
  return w.withStore(io, { store: o.store }, async (store) => {
    const snaps = await w.snapshots(store.conn, q);
    if (snaps.count < 2 || !snaps.at) throw new CliError(EXIT.data, 'followUp.needsTwo', m.followUp.needsTwo(snaps.count));
    const { at, ...snapshots } = snaps;
    await w.buildFollowUp(store.conn, q, at, (snapshots.cadence_days ?? 0) * 86_400_000);
    if (list) {
      const listed = await w.listRequests(store.conn, list);
      io.stdout(out === 'json' ? `${JSON.stringify(listed, null, 2)}\n` : out === 'csv' ? w.renderRequestListCsv(listed)
        : w.renderRequestList(m.followUp.counts[list] ?? list, listed, { lang, zone, color: io.color }));
      return 0;
    }
    const result = await w.followUpResult(store.conn, q, at, snapshots);
    const text = { lang, zone, by, from: q.from, to: q.to, staleDays, repeatDays, repeatMetres };
    if (out === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else if (out === 'csv') io.stdout(w.renderFollowUpCsv(result, by));
    else if (out === 'md') io.stdout(w.renderFollowUpMarkdown(result, text));
    else io.stdout(w.renderFollowUpTable(result, { ...text, color: io.color }));
    return 0;
  });
}

export function makeFollowUpCommand(ctx: Ctx): Command {
  const cmd = new Command('follow-up')
    .alias('suivi')
    .description(DESCRIPTIONS['follow-up']);
  withOptions(cmd, periodOption('', 'every request (the months of creation)'), rangeOptions(), asOfOption())
    .option('--by <keys>', 'group by borough,theme,unit,month (comma-separated; unit: the unit holding the request; month: of creation)')
    .option('--list <kind>', 'the requests themselves: reopened, bounced, stale_open, repeats_after_close or vanished (table, json or csv)')
    .option('--stale-days <n>', 'open with no change of status or unit for this many days or more is stale (default 30)')
    .option('--repeat-days <n>', 'a new request this many days after a close or less is a repeat (default 30)')
    .option('--repeat-metres <n>', 'a new request within this many metres of a closed one is a repeat (default 50)')
    .option('--source <name>', 'only this source')
    .addOption(standardsOption())
    .addOption(storeOption());
  return withOptions(cmd, outputOptions(FORMATS))
    .addHelpText('after', `
Examples:
  vigie follow-up
  vigie follow-up --from 2018-01 --to 2018-12 --by borough --json
  vigie follow-up --list stale_open --stale-days 60 --output csv > oubliees.csv
  vigie --lang fr suivi --period 2018 --by borough,theme          (en français)
  vigie --lang fr suivi --list reopened --output json             (les requêtes rouvertes)`)
    .action(async (opts: FollowUpOptions) => {
      ctx.setExit(await runFollowUp(opts, ctx.io()));
    });
}
