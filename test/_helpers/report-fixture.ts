/**
 * A small, deterministic store for report tests: calls and tickets in all 19 boroughs, for September 2017 (the year
 * before) and July–September 2018, written as the generic `vigie-calls` and `vigie-tickets` files and imported with
 * fixed snapshot times. L'Île-Bizard-Sainte-Geneviève gets too few calls to be judged; one category is named
 * `<script>alert(1)</script>`, to check the report escapes data.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vigie } from './cli.ts';

export const BOROUGHS = ['Ahuntsic-Cartierville', 'Anjou', 'Côte-des-Neiges-Notre-Dame-de-Grâce', "L'Île-Bizard-Sainte-Geneviève", 'LaSalle',
  'Lachine', 'Le Plateau-Mont-Royal', 'Le Sud-Ouest', 'Mercier-Hochelaga-Maisonneuve', 'Montréal-Nord', 'Outremont', 'Pierrefonds-Roxboro',
  'Rivière-des-Prairies-Pointe-aux-Trembles', 'Rosemont-La Petite-Patrie', 'Saint-Laurent', 'Saint-Léonard', 'Verdun', 'Ville-Marie',
  'Villeray-Saint-Michel-Parc-Extension'];
export const SMALL = "L'Île-Bizard-Sainte-Geneviève";
export const SCRIPT = '<script>alert(1)</script>';

/** A linear congruential generator: the same numbers on every machine. */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export function callsCsv(months: string[], seed = 1): string {
  const rnd = lcg(seed);
  const lines = ['id,queued_at,outcome,wait_seconds,talk_seconds,queue,theme,borough,agent_site,transferred'];
  let id = 0;
  for (const month of months) {
    BOROUGHS.forEach((b, bi) => {
      const n = b === SMALL ? 12 : 40;
      for (let i = 0; i < n; i++) {
        const day = 1 + Math.floor(rnd() * 28);
        const hour = 8 + Math.floor(rnd() * 10);
        // boroughs further down the list wait longer: a spread of service levels
        const wait = Math.round(rnd() * (60 + bi * 12) + (rnd() < 0.1 ? 900 : 0));
        const outcome = rnd() < 0.12 ? 'abandoned' : 'answered';
        lines.push([`c${month}-${id++}`, `${month}-${pad(day)}T${pad(hour)}:${pad(Math.floor(rnd() * 60))}:00`, outcome, wait,
          Math.round(120 + rnd() * 300), 'general', 'collections', q(b), q(rnd() < 0.7 ? b : 'Ville-Marie'), 'false'].join(','));
      }
    });
  }
  return lines.join('\n') + '\n';
}

const CATEGORIES: [string, string][] = [['Nid-de-poule', 'roads_snow'], ['Collecte des ordures', 'collections'], ['Bruit', 'public_safety'],
  [SCRIPT, 'parks_trees'], ['Arbre tombé', 'parks_trees']];
const CHANNELS = ['phone', 'web', 'mobile', 'email'];

/** Tickets created in `months`, closed 1–20 days later (some still open), with due dates 10 days after creation. */
export function ticketsCsv(months: string[], seed = 2, openShare = 0.1): string {
  const rnd = lcg(seed);
  const lines = ['id,created_at,closed_at,status,due_at,borough,category,theme,channel'];
  let id = 0;
  for (const month of months) {
    for (const b of BOROUGHS) {
      for (let i = 0; i < 12; i++) {
        const [cat, theme] = CATEGORIES[Math.floor(rnd() * CATEGORIES.length)]!;
        const day = 1 + Math.floor(rnd() * 28);
        const created = new Date(`${month}-${pad(day)}T14:00:00Z`);
        const due = new Date(created.getTime() + 10 * 86_400_000);
        const open = rnd() < openShare;
        const closed = new Date(created.getTime() + (1 + Math.floor(rnd() * 20)) * 86_400_000);
        const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
        lines.push([`t${month}-${id++}`, iso(created), open ? '' : iso(closed), open ? 'open' : 'closed', iso(due), q(b), q(cat), theme,
          CHANNELS[Math.floor(rnd() * CHANNELS.length)]].join(','));
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** Writes and imports the fixture into `dir`'s default store; returns nothing, fails the test on a failed import. */
export async function reportStore(t: { is: (a: unknown, b: unknown, m?: string) => void }, dir: string,
  ticketSnapshot = '2018-10-15T00:00:00-04:00'): Promise<void> {
  writeFileSync(join(dir, 'calls.csv'), callsCsv(['2017-09', '2018-07', '2018-08', '2018-09']));
  writeFileSync(join(dir, 'tickets.csv'), ticketsCsv(['2017-09', '2018-08', '2018-09']));
  const c = await vigie(dir, ['import', 'calls.csv', '--snapshot-time', '2018-10-01T00:00:00-04:00']);
  t.is(c.code, 0, c.stderr);
  const k = await vigie(dir, ['import', 'tickets.csv', '--format', 'vigie-tickets', '--snapshot-time', ticketSnapshot]);
  t.is(k.code, 0, k.stderr);
}
