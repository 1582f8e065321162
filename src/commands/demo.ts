/**
 * `vigie demo`: synthetic drops in Montréal's real formats, imported through the normal path into a store of their
 * own (`./vigie-demo/` by default; never the default store). Same seed and scale, same bytes in every data file.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import type { Ctx, Io } from '../io.ts';
import { msg } from '../messages.ts';
import type { CallRecord } from '../demo/calls.ts';
import { localToUtc } from '../time/zone.ts';
import { CITY_ZONE } from './options.ts';
import { parseNumber } from './option-values.ts';
import { DESCRIPTIONS } from './catalog.ts';

export interface DemoOptions {
  out?: string | undefined;
  seed?: string | undefined;
  scale?: string | undefined;
}

/**
 * The snapshots the demo publishes: the drop a September 2018 report was made from, the next month's (requests only:
 * follow-up sees what changed in between) and the last one.
 */
export const DEMO_SNAPSHOTS: { file: string; calls: string | null; local: number }[] = [
  { file: 'requetes311-2018-10-01.csv', calls: 'vigie-calls-2014-01_2018-09.csv', local: Date.UTC(2018, 9, 1) },
  { file: 'requetes311-2018-11-01.csv', calls: null, local: Date.UTC(2018, 10, 1) },
  { file: 'requetes311-2019-07-01.csv', calls: 'vigie-calls-2018-10_2019-06.csv', local: Date.UTC(2019, 6, 1) },
];

/**
 * Cuts one ordered stream of calls into consecutive logs: `until(t)` yields the calls queued before `t` (naive local
 * ms) that earlier logs did not take, so the calls are generated once for all the logs.
 */
function cutter(calls: Iterable<CallRecord>): (to: number) => Generator<CallRecord> {
  const it = calls[Symbol.iterator]();
  let held: CallRecord | undefined;
  return function* until(to: number) {
    const bound = new Date(to).toISOString().slice(0, 19);
    for (;;) {
      let c = held;
      held = undefined;
      if (!c) {
        const r = it.next();
        if (r.done) return;
        c = r.value;
      }
      if (c.queued_at >= bound) {
        held = c;
        return;
      }
      yield c;
    }
  };
}

/**
 * The modules that generate, import and report, loaded when the command runs rather than when it is defined: `vigie
 * demo --help` reads the options without loading the generators, the importer or the commands the demo ends with.
 */
async function working() {
  const [importer, tickets, calls, compliance, report, status, session] = await Promise.all([
    import('../store/import.ts'), import('../demo/tickets.ts'), import('../demo/calls.ts'), import('./compliance.ts'), import('./report.ts'),
    import('./status.ts'), import('./session.ts'),
  ]);
  return { ...importer, ...tickets, ...calls, ...compliance, ...report, ...status, ...session };
}

export async function runDemo(o: DemoOptions, io: Io): Promise<number> {
  const { generateTickets, importFile, iterateCalls, runCompliance, runReport, runStatus, withStore, writeCallsCsv, writeTicketSnapshot } = await working();
  const m = msg(io.lang);
  const started = Date.now();
  const seed = parseNumber('--seed', o.seed, 311, io.lang, (n) => Number.isInteger(n) && n >= 0);
  const scale = parseNumber('--scale', o.scale, 1, io.lang, (n) => n > 0 && n <= 10);
  const out = resolve(io.cwd, o.out ?? 'vigie-demo');
  mkdirSync(out, { recursive: true });
  const storePath = join(out, 'vigie.duckdb');
  // A fresh store every run: the demo is reproducible, and never touches the default store.
  rmSync(storePath, { force: true });
  rmSync(`${storePath}.wal`, { force: true });

  const tickets = generateTickets(seed, scale);
  const files: string[] = [];
  for (const s of DEMO_SNAPSHOTS) {
    const path = join(out, s.file);
    await writeTicketSnapshot(path, tickets, s.local);
    files.push(path);
  }
  io.stdout(`${m.demoWrote(relative(io.cwd, out) || '.', tickets.length, seed, scale)}\n`);
  // The call centre's log, cut at the same dates: what the centre would have exported with each ticket drop.
  let calls = 0;
  const until = cutter(iterateCalls(seed, scale));
  for (const s of DEMO_SNAPSHOTS) if (s.calls) calls += await writeCallsCsv(join(out, s.calls), until(s.local));
  io.stdout(`${m.demoWroteCalls(calls)}\n`);

  await withStore(io, { path: storePath, write: true }, async (store) => {
    for (const [i, s] of DEMO_SNAPSHOTS.entries()) {
      const label = relative(io.cwd, files[i]!);
      const r = await importFile(store.conn, {
        path: files[i]!, label, format: 'montreal-requetes311', snapshotTime: new Date(localToUtc(CITY_ZONE, s.local).utc),
        minDate: new Date('1990-01-01T05:00:00Z'), strict: false, dryRun: false, lang: io.lang, now: io.now(),
      });
      io.stdout(`${label}: ${m.accounting(r.counts)}\n`);
      if (r.findings.length) io.stdout(`  ${r.findings.map((f) => `${f.code} ${f.count}`).join(', ')}\n`);
      if (!s.calls) continue;
      const callsPath = join(out, s.calls);
      const c = await importFile(store.conn, {
        path: callsPath, label: relative(io.cwd, callsPath), format: 'vigie-calls', snapshotTime: new Date(localToUtc(CITY_ZONE, s.local).utc),
        minDate: new Date('1990-01-01T05:00:00Z'), strict: false, dryRun: false, lang: io.lang, now: io.now(),
      });
      io.stdout(`${relative(io.cwd, callsPath)}: ${m.accounting(c.counts)}\n`);
      if (c.findings.length) io.stdout(`  ${c.findings.map((f) => `${f.code} ${f.count}`).join(', ')}\n`);
    }
  });
  const storeArg = relative(io.cwd, storePath);
  const code = await runStatus({ store: storeArg }, io);
  // The month the commission heard about: September 2018, by borough.
  io.stdout('\n');
  await runCompliance({ store: storeArg, period: '2018-09', by: 'borough' }, io);
  // …and its report, in the demo's folder (the demo ends with the report's path).
  await runReport({ store: storeArg, period: '2018-09', out: join(relative(io.cwd, out) || '.', 'reports', '2018-09') }, io);
  io.stdout(`${m.demoDone(((Date.now() - started) / 1000).toFixed(1))}\n${m.demoExplore(storeArg)}\n`);
  return code;
}

export function makeDemoCommand(ctx: Ctx): Command {
  return new Command('demo')
    .description(DESCRIPTIONS.demo)
    .option('--out <dir>', 'where to write the drops and the demo store', 'vigie-demo')
    .option('--seed <n>', 'random seed (same seed and scale, same bytes)', '311')
    .option('--scale <x>', 'volume relative to the default (about 300,000 contacts)', '1')
    .addHelpText('after', `
Examples:
  vigie demo
  vigie demo --scale 0.05 --seed 7 --out demo-small`)
    .action(async (opts: DemoOptions) => {
      ctx.setExit(await runDemo(opts, ctx.io()));
    });
}
