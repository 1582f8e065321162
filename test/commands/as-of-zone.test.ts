/**
 * `--as-of` names one instant whatever the command: a date is the end of that day in the standards file's time zone.
 * Under standards in America/Vancouver, `status`, `export`, `compliance` and `report` all read `--as-of 2018-08-31`
 * as 2018-08-31T23:59:59.999-07:00 (PDT), that is 2018-09-01T06:59:59.999Z; under the shipped standards
 * (America/Toronto, EDT) the same flag is 2018-09-01T03:59:59.999Z. The outputs name the instant to the second. Both instants are worked out by hand from the
 * zones' summer offsets (UTC−7 and UTC−4 on that day).
 */
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { fx, PINNED } from '../fixtures/nasty/helpers.ts';

const VANCOUVER = Date.parse('2018-09-01T06:59:59Z');
const TORONTO = Date.parse('2018-09-01T03:59:59Z');

test('status, export, compliance and report read --as-of in the standards file\'s time zone', async (t) => {
  const dir = tempDir(t);
  const imported = await vigie(dir, ['import', '--json', '--snapshot-time', '2018-09-01T00:00:00Z', fx('snapshot-a.csv')], PINNED);
  t.is(imported.code, 0, imported.stderr);
  const shipped = readFileSync(join(import.meta.dirname, '..', '..', 'data', 'standards', 'montreal.yaml'), 'utf8');
  t.regex(shipped, /^timezone: America\/Toronto$/m);
  writeFileSync(join(dir, 'vancouver.yaml'), shipped.replace(/^timezone: America\/Toronto$/m, 'timezone: America/Vancouver'));
  const asOf = ['--as-of', '2018-08-31'];
  const std = ['--standards', 'vancouver.yaml'];

  const instantOf = async (args: string[], read: (stdout: string) => string) => {
    const r = await vigie(dir, args, PINNED);
    t.is(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return Date.parse(read(r.stdout));
  };
  const asOfField = (s: string) => JSON.parse(s).as_of as string;
  const seen = {
    status: await instantOf(['status', '--json', ...asOf, ...std], asOfField),
    export: await instantOf(['export', 'vigie-tickets', '--out', 'tickets.csv', '--json', ...asOf, ...std], asOfField),
    compliance: await instantOf(['compliance', '--kind', 'tickets', '--period', '2018-08', '--json', ...asOf, ...std], asOfField),
    report: await instantOf(['report', '--period', '2018-08', '--out', 'report', ...asOf, ...std],
      () => JSON.parse(readFileSync(join(dir, 'report', 'manifest.json'), 'utf8')).as_of as string),
  };
  t.deepEqual(seen, { status: VANCOUVER, export: VANCOUVER, compliance: VANCOUVER, report: VANCOUVER });

  // The shipped standards read the same flag in Toronto: three hours earlier, and again the same for every command.
  const shippedSeen = {
    status: await instantOf(['status', '--json', ...asOf], asOfField),
    export: await instantOf(['export', 'vigie-tickets', '--out', 'tickets-toronto.csv', '--json', ...asOf], asOfField),
    compliance: await instantOf(['compliance', '--kind', 'tickets', '--period', '2018-08', '--json', ...asOf], asOfField),
  };
  t.deepEqual(shippedSeen, { status: TORONTO, export: TORONTO, compliance: TORONTO });
});
