import test from 'ava';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { CATEGORIES, generateTickets } from '../../src/demo/tickets.ts';
import { compileThemeMap } from '../../src/standards/themes.ts';

test('every demo category is a category the theme map places (none falls to other)', (t) => {
  const themeOf = compileThemeMap();
  t.deepEqual(CATEGORIES.filter((c) => themeOf(c.name) === 'other').map((c) => c.name), []);
});

test('same seed, same population; another seed, another one', (t) => {
  const a = generateTickets(5, 0.01);
  const b = generateTickets(5, 0.01);
  const c = generateTickets(6, 0.01);
  t.deepEqual(a, b);
  t.notDeepEqual(a, c);
  t.is(a.length, 3000);
});

/** The demo store, queried as an analyst would (read-only, in UTC, months in Montréal time). */
test('the demo data look like Montréal: seasons, information share, backlog, channel drift', async (t) => {
  const dir = tempDir(t);
  t.is((await vigie(dir, ['demo', '--scale', '0.1', '--seed', '11'])).code, 0);
  const instance = await DuckDBInstance.create(join(dir, 'vigie-demo', 'vigie.duckdb'), { access_mode: 'READ_ONLY' });
  t.teardown(() => instance.closeSync());
  const c = await instance.connect();
  await c.run(`SET TimeZone = 'UTC'`);
  const one = async (sql: string) => Number((await c.runAndReadAll(sql)).getRows()[0]![0]);
  const month = `month(created_at - INTERVAL 5 HOUR)`; // close enough to Montréal time for monthly shares
  const share = (cat: string, months: string) =>
    one(`SELECT count(*) FILTER (WHERE ${month} IN (${months}))::DOUBLE / count(*) FROM tickets WHERE category = '${cat}'`);
  // snow in winter, potholes in spring
  t.true(await share('Opération déneigement', '12, 1, 2, 3') > 0.75);
  t.true(await share('Nid-de-poule', '3, 4, 5') > 0.45);
  // about half the contacts are information rows
  const info = await one(`SELECT avg((nature = 'information')::INT) FROM tickets`);
  t.true(info > 0.4 && info < 0.6, `information share ${info}`);
  // a backlog of requests still open at the last snapshot, some of them old
  t.true(await one(`SELECT count(*) FROM tickets WHERE nature <> 'information' AND status = 'open'`) > 100);
  t.true(await one(`SELECT count(*) FROM tickets WHERE status = 'open' AND created_at < '2018-07-01'`) > 0);
  // closed requests have a close time after creation; a long tail of delays
  t.is(await one(`SELECT count(*) FROM tickets WHERE status = 'closed' AND (closed_at IS NULL OR closed_at < created_at)`), 0);
  t.true(await one(`SELECT quantile_cont(epoch(closed_at - created_at) / 86400, 0.99) / quantile_cont(epoch(closed_at - created_at) / 86400, 0.5)
    FROM tickets WHERE status = 'closed'`) > 10);
  // channels drift from the phone toward the web and the app
  const phone = (y: number) => one(`SELECT avg((channel = 'phone')::INT) FROM tickets WHERE year(created_at) = ${y}`);
  const digital = (y: number) => one(`SELECT avg((channel IN ('web', 'mobile'))::INT) FROM tickets WHERE year(created_at) = ${y}`);
  t.true(await phone(2014) > (await phone(2019)) + 0.08);
  t.true(await digital(2019) > (await digital(2014)) + 0.1);
  // every theme of the commission appears
  const themes = (await c.runAndReadAll(`SELECT DISTINCT theme FROM tickets`)).getRows().map((r) => String(r[0]));
  for (const th of ['mobility', 'housing', 'economic_development', 'environment', 'roads_snow', 'collections', 'water']) {
    t.true(themes.includes(th), th);
  }
  // every request with a borough has a point within about a kilometre of the borough's label point (the island of
  // Montréal lies within 45.40–45.71 N, 73.98–73.47 W); information rows have none
  t.is(await one(`SELECT count(*) FROM tickets WHERE borough IS NOT NULL AND nature <> 'information' AND latitude IS NULL`), 0);
  t.is(await one(`SELECT count(*) FROM tickets WHERE latitude IS NOT NULL AND NOT (latitude BETWEEN 45.39 AND 45.72 AND longitude BETWEEN -74 AND -73.46)`), 0);
  t.is(await one(`SELECT count(*) FROM tickets WHERE nature = 'information' AND latitude IS NOT NULL`), 0);
  // so the follow-up finds requests repeated nearby after a close
  const fu = await vigie(dir, ['follow-up', '--store', join(dir, 'vigie-demo', 'vigie.duckdb'), '--json']);
  t.is(fu.code, 0, fu.stderr);
  t.true(fu.json().summary.repeats_after_close > 0);
});
