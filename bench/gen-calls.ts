/**
 * A deterministic generator of `vigie-calls` CSV files for the calls benchmark:
 * `id,queued_at,outcome,wait_seconds,talk_seconds,queue,theme,borough,agent_site,transferred`, one row per call that
 * reached the queue, in chronological order over the 12 months of 2018.
 *
 * - Times: naive Montréal local times `YYYY-MM-DDTHH:MM:SS`. Calls per day follow the month (busier in late spring and
 *   summer) and the day of the week (weekends quieter); within a day, an hourly profile (peak 8:00–17:00, few at night).
 *   No time falls in the spring-forward gap (02:00–03:00 on 2018-03-11: such draws move one hour later); times in the
 *   fall-back hour (01:00–02:00 on 2018-11-04) are ambiguous and vigie reports them as `dst_overlap` warnings (kept).
 * - Boroughs: the 19 boroughs of data/boroughs.csv, weighted by their 2016 population. Themes: the ids of
 *   data/themes.csv, weighted. Queues: `general`, `requests`, `permits`, `taxes`.
 * - Outcomes: mostly answered; abandoned (more when waits are long), timeout (diverted by rule at 1800 s), callback.
 * - Waits: integer seconds, log-normal around a median of 60–300 s that depends on the month, the hour and the queue
 *   (capped at 3 h, so no wait is absurd or suspect). Talk seconds for answered calls only (empty otherwise).
 * - agent_site: for answered calls, the call's own borough about two times in three, else the central
 *   `Centre de services 311` or another borough; empty when nobody answered. transferred: true/false.
 * - ids `C-1` … `C-N`.
 *
 * Streamed to disk one day at a time (a day's times are drawn, sorted and written; nothing else is kept). Same rows and
 * seed → same bytes.
 *
 *   npx tsx bench/gen-calls.ts OUT.csv [ROWS=10000000] [SEED=311]
 */
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './gen-montreal.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const CALLS_HEADER = 'id,queued_at,outcome,wait_seconds,talk_seconds,queue,theme,borough,agent_site,transferred';
export const YEAR = 2018;
export const QUEUES = ['general', 'requests', 'permits', 'taxes'] as const;
const QUEUE_WEIGHTS = [50, 30, 12, 8];
/** Queue factor on the median wait: taxes and permits callers wait longer. */
const QUEUE_WAIT = [1.0, 0.9, 1.3, 1.5];

/** Median wait of the month (seconds), before the hour and queue factors. */
const MONTH_MEDIAN = [90, 80, 100, 130, 160, 210, 190, 150, 250, 200, 120, 100];
/** Relative call volume per month and per day of the week (Sunday first). */
const MONTH_VOLUME = [1.0, 0.95, 1.0, 1.05, 1.15, 1.2, 1.15, 1.1, 1.05, 1.0, 0.95, 0.9];
const WEEKDAY_VOLUME = [0.35, 1.1, 1.0, 1.0, 1.0, 0.95, 0.45];
/** Relative volume per local hour, and the factor on the median wait (load). */
const HOUR_VOLUME = [0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 3, 8, 10, 10, 9, 8, 9, 9, 8, 7, 5, 4, 3, 2, 1, 0.6, 0.3];
const HOUR_WAIT = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.8, 1.1, 1.3, 1.3, 1.2, 1.0, 1.2, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.6, 0.5, 0.5];

const CENTRAL_SITE = 'Centre de services 311';

/** Weighted choice table: values with integer weights, expanded once for O(1) picks. */
function expand<T>(values: readonly T[], weights: readonly number[]): T[] {
  const out: T[] = [];
  values.forEach((v, i) => {
    for (let k = 0; k < weights[i]!; k++) out.push(v);
  });
  return out;
}

/** Data lines of a small CSV under data/ (comment lines skipped), split on commas (these files quote no field we read). */
function dataRows(file: string): string[][] {
  const lines = readFileSync(join(ROOT, 'data', file), 'utf8').split(/\r?\n/).filter((l) => l && !l.startsWith('#'));
  return lines.slice(1).map((l) => l.split(','));
}

/** The 19 boroughs of data/boroughs.csv (type borough) and their 2016 populations. */
export function boroughs(): { name: string; population: number }[] {
  return dataRows('boroughs.csv').filter((r) => r[2] === 'borough').map((r) => ({ name: r[0]!, population: Number(r[3]) }));
}

/** The theme ids of data/themes.csv. */
export function themeIds(): string[] {
  return dataRows('themes.csv').map((r) => r[0]!);
}

const THEME_WEIGHT: Record<string, number> = {
  general_information: 30, collections: 14, roads_snow: 12, taxes_finance: 8, permits: 7, parks_trees: 6, public_safety: 5,
  water: 4, mobility: 4, animals: 3, housing: 2, culture_leisure: 2, environment: 1, economic_development: 1, other: 1,
};

const p2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** Calls per day of YEAR: proportional to month × weekday volume, summing exactly to `rows`. */
function callsPerDay(rows: number): { date: string; month: number; count: number }[] {
  const days: { date: string; month: number; w: number }[] = [];
  for (let t = Date.UTC(YEAR, 0, 1); t < Date.UTC(YEAR + 1, 0, 1); t += 86_400_000) {
    const d = new Date(t);
    const month = d.getUTCMonth();
    days.push({ date: `${YEAR}-${p2[month + 1]}-${p2[d.getUTCDate()]}`, month, w: MONTH_VOLUME[month]! * WEEKDAY_VOLUME[d.getUTCDay()]! });
  }
  const total = days.reduce((s, d) => s + d.w, 0);
  let cum = 0;
  let given = 0;
  return days.map((d) => {
    cum += d.w;
    const upTo = Math.round((rows * cum) / total);
    const count = upTo - given;
    given = upTo;
    return { date: d.date, month: d.month, count };
  });
}

/** Writes `rows` calls (plus the header) to `path`, streaming one day at a time; deterministic in `seed`. */
export async function generateCallsCsv(path: string, rows: number, seed: number): Promise<void> {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const bs = boroughs();
  if (bs.length !== 19) throw new Error(`data/boroughs.csv: expected 19 boroughs, found ${bs.length}`);
  const boroughTable = expand(bs.map((b) => b.name), bs.map((b) => Math.max(1, Math.round(b.population / 5000))));
  const ids = themeIds();
  const themeTable = expand(ids, ids.map((id) => THEME_WEIGHT[id] ?? 1));
  const queueTable = expand(QUEUES.map((_, i) => i), QUEUE_WEIGHTS);
  // Hour of day: cumulative table over 24 hours.
  const hourCum: number[] = [];
  HOUR_VOLUME.reduce((s, w, h) => (hourCum[h] = s + w), 0);
  const hourTotal = hourCum[23]!;
  const drawHour = () => {
    const u = rnd() * hourTotal;
    let h = 0;
    while (hourCum[h]! <= u && h < 23) h++;
    return h;
  };

  const fh = await open(path, 'w');
  try {
    await fh.write(CALLS_HEADER + '\n');
    let n = 0;
    for (const day of callsPerDay(rows)) {
      const gapDay = day.date === `${YEAR}-03-11`;
      const secs = new Int32Array(day.count);
      for (let i = 0; i < day.count; i++) {
        let h = drawHour();
        if (gapDay && h === 2) h = 3; // 02:00–03:00 does not exist that night
        secs[i] = h * 3600 + Math.floor(rnd() * 3600);
      }
      secs.sort();
      const prefix = `${day.date}T`;
      const monthMedian = MONTH_MEDIAN[day.month]!;
      const parts = new Array<string>(day.count);
      for (let i = 0; i < day.count; i++) {
        const s = secs[i]!;
        const h = Math.floor(s / 3600);
        const time = `${prefix}${p2[h]}:${p2[Math.floor(s / 60) % 60]}:${p2[s % 60]}`;
        const qi = pick(queueTable);
        const median = monthMedian * HOUR_WAIT[h]! * QUEUE_WAIT[qi]!;
        const borough = pick(boroughTable);
        const theme = pick(themeTable);
        // Abandonment grows with the typical wait.
        const pAbandon = 0.03 + 0.12 * Math.min(1, median / 300);
        const u = rnd();
        let outcome: string;
        let wait: number;
        let talk = '';
        let site = '';
        let transferred = 'false';
        if (u < pAbandon) {
          outcome = 'abandoned';
          wait = Math.min(1799, Math.round(0.8 * median * Math.exp(0.9 * gauss())));
        } else if (u < pAbandon + 0.015) {
          outcome = 'timeout';
          wait = 1800;
        } else if (u < pAbandon + 0.04) {
          outcome = 'callback';
          wait = Math.min(1799, Math.round(90 * Math.exp(0.6 * gauss())));
        } else {
          outcome = 'answered';
          wait = Math.min(10_800, Math.round(median * Math.exp(gauss())));
          talk = String(Math.max(5, Math.round(200 * Math.exp(0.6 * gauss()))));
          const v = rnd();
          site = v < 0.65 ? borough : v < 0.85 ? CENTRAL_SITE : pick(boroughTable);
          if (rnd() < 0.07) transferred = 'true';
        }
        n++;
        parts[i] = `C-${n},${time},${outcome},${wait},${talk},${QUEUES[qi]},${theme},${borough},${site},${transferred}\n`;
      }
      await fh.write(parts.join(''));
    }
  } finally {
    await fh.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out, rowsArg, seedArg] = process.argv.slice(2);
  if (!out) {
    console.error('usage: tsx bench/gen-calls.ts OUT.csv [ROWS=10000000] [SEED=311]');
    process.exit(2);
  }
  const rows = rowsArg ? Number(rowsArg) : 10_000_000;
  const seed = seedArg ? Number(seedArg) : 311;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(seed)) {
    console.error('ROWS and SEED must be integers');
    process.exit(2);
  }
  const t0 = performance.now();
  await generateCallsCsv(out, rows, seed);
  console.log(`${out}: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
