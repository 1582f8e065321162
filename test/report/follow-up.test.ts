/**
 * The report's section « Suivi des requêtes » on the hand-built series of five weekly snapshots whose every request
 * has a known story (test/fixtures/follow-up-series.ts): the section's numbers are those of `vigie follow-up` for the
 * 12 months of creation that end with the period, the stale requests beside the report are exactly the stale ones,
 * and the cadence is stated. With one snapshot, the section says what follow-up needs and no follow-up file is written.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { PINNED } from '../fixtures/nasty/helpers.ts';
import { series, STORIES } from '../fixtures/follow-up-series.ts';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replaceAll('&#39;', "'").replace(/\s+/g, ' ');

test('the section: the follow-up of the 12 months ending with the period, the stale requests in a file, the cadence stated', async (t) => {
  const dir = tempDir(t);
  await series(t, dir);
  const r = await vigie(dir, ['--lang', 'fr', 'report', '--period', '2018-09', '--out', 'r'], PINNED);
  t.is(r.code, 0, r.stderr);
  const same = await vigie(dir, ['follow-up', '--from', '2017-10', '--to', '2018-09', '--json'], PINNED);
  t.is(same.code, 0, same.stderr);
  const written = JSON.parse(readFileSync(join(dir, 'r', 'follow-up.json'), 'utf8'));
  t.deepEqual(written, same.json());
  t.deepEqual(written.summary, { tracked: 10, reopened: 2, bounced: 1, bounced_twice: 1, stale_open: 2, repeats_after_close: 1, vanished: 1,
    resolved_once: 1 });
  // the stale open requests, one line each (R4 and R6, in order of creation)
  const stale = readFileSync(join(dir, 'r', 'follow-up-stale-open.csv'), 'utf8').trim().split('\n');
  t.deepEqual(stale.slice(1).map((l) => l.split(',')[0]), ['R4', 'R6']);
  const html = readFileSync(join(dir, 'r', 'index.html'), 'utf8');
  t.true(html.includes('<section id="follow-up">'));
  const section = text(html.slice(html.indexOf('<section id="follow-up">'), html.indexOf('<section id="quality">')));
  t.regex(section, /Suivi des requêtes/);
  t.regex(section, /Requêtes créées d'octobre 2017 à septembre 2018, suivies à travers les 5 instantanés .* un tous les 7 jours en médiane/);
  t.regex(section, /chaque nombre ci-dessous est un minimum/);
  // the counts table, and the stale table by unit: both stale requests are Ville-Marie's
  t.regex(section, /requêtes suivies 10 rouvertes après une fermeture 2 transférées au moins une fois 1/);
  t.regex(section, /unité requêtes oubliées VILLE-MARIE 2/);
  t.regex(section, /1 requête renvoyée à une unité qui l'avait déjà eue/);
  const md = readFileSync(join(dir, 'r', 'report.md'), 'utf8');
  t.regex(md, /## Suivi des requêtes\n\nRequêtes créées d'octobre 2017/);
  t.regex(md, /\| requêtes suivies \| 10 \|/);
  // min_n is 30: no borough chart of 10 requests, but its table (followed, transferred, share, closed 30 days or
  // more, reopened, share); the time in status is charted
  t.false(existsSync(join(dir, 'r', 'charts', 'follow-up-by-borough.svg')));
  t.regex(section, /arrondissement suivies transférées part \(intervalle à 95 %\) fermées depuis 30 jours ou plus rouvertes part \(intervalle à 95 %\) Ville-Marie 10 1 10,0 % \(1,8 % – 40,4 %\) 0 0 –/);
  t.true(existsSync(join(dir, 'r', 'charts', 'follow-up-time-in-status.svg')));
});

test('one snapshot: the section says follow-up needs two, and writes no follow-up file', async (t) => {
  const dir = tempDir(t);
  await series(t, dir, STORIES, [0]);
  const r = await vigie(dir, ['--lang', 'en', 'report', '--period', '2018-09', '--out', 'r'], PINNED);
  t.is(r.code, 0, r.stderr);
  const html = readFileSync(join(dir, 'r', 'index.html'), 'utf8');
  const section = text(html.slice(html.indexOf('<section id="follow-up">'), html.indexOf('<section id="quality">')));
  t.regex(section, /Follow-up of requests Follow-up needs two snapshots or more of the requests; the store holds 1\./);
  t.false(existsSync(join(dir, 'r', 'follow-up.json')));
  t.false(existsSync(join(dir, 'r', 'follow-up-stale-open.csv')));
});
