/**
 * Reporting periods (docs/methods.md §3.2): `--period 2018-09 | 2018-Q3 | 2018`, or `--from 2018-01 --to 2018-09` (both months
 * included). A period is a range of whole local months in the city's zone, turned into a UTC half-open interval.
 */
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { localToUtc } from './zone.ts';

export interface Period {
  /** As written in outputs: `2018-09`, `2018-Q3`, `2018`, `2018-01..2018-09`. */
  label: string;
  /** First and last month, `YYYY-MM`, local. */
  from: string;
  to: string;
  fromUtc: Date;
  /** Exclusive: the start of the month after `to`. */
  toUtc: Date;
}

const ym = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;

function month(flag: string, v: string, lang: Lang): { y: number; m: number } {
  const mt = /^(\d{4})-(\d{2})$/.exec(v.trim());
  if (!mt || Number(mt[2]) < 1 || Number(mt[2]) > 12) throw new CliError(EXIT.usage, 'usage.period', msg(lang).badPeriod(flag, v));
  return { y: Number(mt[1]), m: Number(mt[2]) };
}

export function parsePeriod(o: { period?: string | undefined; from?: string | undefined; to?: string | undefined }, zone: string, lang: Lang,
  fallbackMonth: string): Period {
  let a: { y: number; m: number };
  let b: { y: number; m: number };
  let label: string;
  if (o.period !== undefined) {
    if (o.from !== undefined || o.to !== undefined) throw new CliError(EXIT.usage, 'usage.period', msg(lang).periodAndRange());
    const p = o.period.trim();
    let mt: RegExpExecArray | null;
    if ((mt = /^(\d{4})-Q([1-4])$/i.exec(p))) {
      const q = Number(mt[2]);
      a = { y: Number(mt[1]), m: q * 3 - 2 };
      b = { y: Number(mt[1]), m: q * 3 };
      label = `${mt[1]}-Q${q}`;
    } else if ((mt = /^(\d{4})$/.exec(p))) {
      a = { y: Number(mt[1]), m: 1 };
      b = { y: Number(mt[1]), m: 12 };
      label = mt[1]!;
    } else {
      a = b = month('--period', p, lang);
      label = ym(a.y, a.m);
    }
  } else if (o.from !== undefined || o.to !== undefined) {
    a = month('--from', o.from ?? o.to!, lang);
    b = month('--to', o.to ?? o.from!, lang);
    if (b.y * 12 + b.m < a.y * 12 + a.m) throw new CliError(EXIT.usage, 'usage.period', msg(lang).reversedRange(ym(a.y, a.m), ym(b.y, b.m)));
    label = a.y === b.y && a.m === b.m ? ym(a.y, a.m) : `${ym(a.y, a.m)}..${ym(b.y, b.m)}`;
  } else {
    a = b = month('--period', fallbackMonth, lang);
    label = fallbackMonth;
  }
  const fromUtc = new Date(localToUtc(zone, Date.UTC(a.y, a.m - 1, 1)).utc);
  const toUtc = new Date(localToUtc(zone, Date.UTC(b.y, b.m, 1)).utc);
  return { label, from: ym(a.y, a.m), to: ym(b.y, b.m), fromUtc, toUtc };
}

/** Calendar arithmetic on a local day `YYYY-MM-DD` (no time zone involved: a day is a date, not an instant). */
function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The Monday and the Sunday of an ISO week `2018-W36` (the week holding 4 January is week 1). */
export function isoWeekDays(week: string): { first: string; last: string } | null {
  const mt = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!mt) return null;
  const jan4 = new Date(Date.UTC(Number(mt[1]), 0, 4));
  const week1Monday = addDays(jan4.toISOString().slice(0, 10), -((jan4.getUTCDay() + 6) % 7));
  const first = addDays(week1Monday, (Number(mt[2]) - 1) * 7);
  return { first, last: addDays(first, 6) };
}

/**
 * Whether a time bucket of a grouped output (`--by month|week|day`) is partial: a week cut by the period's first or
 * last month, or a month, week or day still running at the as-of instant. `from` and `to` are the period's months;
 * `asOfLocal` is the as-of in the city's local time (`2018-09-12T10:00:00`). A partial bucket's counts are not
 * comparable with a whole one's.
 */
export function isPartialBucket(key: 'month' | 'week' | 'day', value: string, from: string, to: string, asOfLocal: string): boolean {
  let first: string;
  let last: string;
  if (key === 'month') {
    const [y, m] = value.split('-').map(Number) as [number, number];
    first = `${value}-01`;
    last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  } else if (key === 'week') {
    const w = isoWeekDays(value);
    if (!w) return false;
    ({ first, last } = w);
  } else {
    first = last = value;
  }
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const periodLast = new Date(Date.UTC(ty, tm, 0)).toISOString().slice(0, 10);
  if (first < `${from}-01` || last > periodLast) return true;
  return `${addDays(last, 1)}T00:00:00` > asOfLocal;
}
