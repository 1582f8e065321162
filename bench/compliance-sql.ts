/**
 * The ticket compliance benchmark's reference: the SQL an analyst would write by hand against a vigie store to get the
 * ticket numbers of `vigie compliance --kind tickets` for one month by borough × theme (`monthSql`) and for a 36-month
 * trend by month (`trendSql`), and the comparison of both answers.
 *
 * The analyst reads the documented current view `tickets`, with the session as vigie opens it (read-only, 2 threads,
 * 512 MB, TimeZone UTC), and is given vigie's business calendar tables (`createBusinessTables`, prefix `vigie_b`:
 * `vigie_bdays` for local days and business-day ordinals); building them is part of the timed work. **The SQL
 * hard-codes the shipped rules of data/standards/montreal.yaml** in a CASE on theme and category (`RULES`), written by
 * hand from the file: first match wins, the globs become LIKE patterns over `lower(strip_accents(category))`. It is the
 * same matching as vigie's for the categories in the benchmark store (bench/gen-tickets-store.ts), not a general glob
 * engine; change the rules file and this CASE must be rewritten.
 *
 * Definitions, as in src/compliance/tickets.ts (cohort by month of creation, on-time variant V2, business clock):
 * - as-of A = the newest snapshot time of a tickets drop; a close after A is not known at A (the ticket is open);
 * - a request is a ticket of nature request or complaint; it is eligible when open, or closed with a close time not
 *   before its creation; cancelled, refused and duplicate requests are counted apart;
 * - deadline = the source's `due_at`, else the first matching rule's: "N business days" = the close of business of the
 *   Nth business day after the local day of creation (`vigie_bdays.ord_le`), "N days" = N × 24 h;
 * - on time ⇔ closed ≤ deadline; V2 = closed on time / (closed on time + closed late + open overdue), open overdue ⇔
 *   open at A and A > deadline; an eligible request without a deadline is `no_target`;
 * - local month of creation: the local day of `vigie_bdays` (an ASOF join on local midnights); the month's bounds in
 *   the monthly query are two instants (`timezone('America/Toronto', TIMESTAMP …)`);
 * - backlog at an end e (the local start of the next month, or A when earlier): eligible requests created before e and
 *   not closed before e (created < e ≤ closed, or open at A); aged in multiples of the deadline (age = e − created,
 *   allowed = deadline − created): within ≤ 1×, over_1x ≤ 2×, over_2x beyond, no_target without a deadline; in the
 *   trend each month has its own month-end backlog and the city-wide one is the backlog at the period's end.
 *
 * City-wide rows come from GROUPING SETS. Not compared: the Kaplan–Meier values (time to close p50/p90, eventual
 * on-time share), the instant-close and channel shares, information/unknown/invalid counts: the hand SQL does not
 * compute them (vigie's numbers include them, so its time covers more work than the SQL's).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createBusinessTables } from '../src/time/business-tables.ts';
import type { Standards } from '../src/standards/standards.ts';

export { STORE_OPTIONS } from './calls-sql.ts';

export const ZONE = 'America/Toronto';
export const MONTH = '2018-09';
export const TREND_FROM = '2016-01';
export const TREND_TO = '2018-12';

/**
 * The shipped rules (data/standards/montreal.yaml, tickets.rules, in file order) by hand: `bd` business days or
 * `days` days. `c` is `lower(strip_accents(category))`.
 */
const RULES: { when: string; bd?: number; days?: number }[] = [
  { when: `theme = 'roads_snow' AND c LIKE 'nid%poule%'`, bd: 5 },
  { when: `theme = 'roads_snow' AND (c LIKE '%deneigement%' OR c LIKE '%neige%' OR c LIKE 'trottoir glissant%')`, bd: 2 },
  { when: `theme = 'parks_trees' AND (c LIKE 'danger potentiel - arbre%' OR c LIKE 'branche%')`, bd: 2 },
  { when: `theme = 'parks_trees' AND (c LIKE 'elagage%' OR c LIKE 'emondage%')`, days: 60 },
  { when: `theme = 'collections' AND (c LIKE 'collecte%' OR c LIKE '%encombrant%' OR c LIKE 'bac%')`, bd: 5 },
  { when: `theme = 'collections' AND c LIKE 'graffiti%'`, bd: 10 },
  { when: `theme = 'public_safety' AND (c LIKE 'bruit%' OR c LIKE 'nuisance%')`, bd: 10 },
];

const ruleCase = (field: 'bd' | 'days') =>
  `CASE ${RULES.map((r) => `WHEN ${r.when} THEN ${r[field] ?? 'NULL'}`).join(' ')} END`;

/** Builds the calendar tables the queries join (`vigie_bdays`), for the data's years plus room for deadlines. */
export async function calendarTables(conn: DuckDBConnection, s: Standards): Promise<void> {
  const r = await conn.runAndReadAll(`SELECT year(min(created_at)) AS y0, year(max(created_at)) AS y1 FROM tickets`);
  const [y0, y1] = (r.getRows()[0] ?? []).map(Number) as [number, number];
  await createBusinessTables(conn, s.calendar, ZONE, y0 - 1, y1 + 2, 'vigie_b');
}

const nextMonth = (m: string) => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
};

/**
 * The requests that matter for a period [t0, t1) with backlog ends between e0 and e1: its cohort, and the eligible
 * requests open at some end; with their state at A, local day of creation and deadline.
 */
function ticketsCte(): string {
  return `
  t AS (
    SELECT borough, theme, status, created_at, due_at, created_at >= p.t0 AND created_at < p.t1 AS in_period,
      nature IN ('request', 'complaint') AS req,
      nature IN ('request', 'complaint') AND (status = 'open' OR (status = 'closed' AND closed_at IS NOT NULL AND closed_at >= created_at))
        AS eligible,
      CASE WHEN status = 'closed' AND closed_at <= p.as_of THEN closed_at END AS closed_at,
      lower(strip_accents(category)) AS c
    FROM tickets
    WHERE tickets.created_at < p.t1
      AND (tickets.created_at >= p.t0 OR tickets.closed_at IS NULL OR tickets.closed_at >= p.e0 OR tickets.closed_at > p.as_of)
  ),
  r AS (SELECT * EXCLUDE (c), ${ruleCase('bd')} AS rule_bd, ${ruleCase('days')} AS rule_days FROM t),
  d AS (
    SELECT r.*, c.day AS local_day,
      coalesce(r.due_at, CASE WHEN r.rule_days IS NOT NULL THEN r.created_at + to_days(r.rule_days) ELSE b.close_at END) AS due
    FROM r
    ASOF LEFT JOIN vigie_bdays c ON r.created_at >= c.day_start
    LEFT JOIN vigie_bdays b ON b.business AND b.ord_le = c.ord_le + r.rule_bd
  )`;
}

const COHORT = `
    count(*) FILTER (WHERE in_period) AS created,
    count(*) FILTER (WHERE in_period AND eligible AND closed_at IS NOT NULL) AS closed,
    count(*) FILTER (WHERE in_period AND eligible AND closed_at <= due) AS on_time,
    count(*) FILTER (WHERE in_period AND eligible AND closed_at > due) AS late,
    count(*) FILTER (WHERE in_period AND eligible AND closed_at IS NULL AND p.as_of > due) AS open_overdue,
    count(*) FILTER (WHERE in_period AND eligible AND due IS NULL) AS no_target,
    count(*) FILTER (WHERE in_period AND req AND status = 'cancelled') AS cancelled,
    count(*) FILTER (WHERE in_period AND req AND status = 'refused') AS refused,
    count(*) FILTER (WHERE in_period AND req AND status = 'duplicate') AS duplicate`;

/** Backlog measures at end `e` of the rows of `d` that satisfy `where` (open at `e`, or already joined on that). */
const BACKLOG = (e: string, where: string) => `
    count(*) FILTER (WHERE ${where}) AS backlog,
    count(*) FILTER (WHERE ${where} AND due IS NULL) AS backlog_no_target,
    count(*) FILTER (WHERE ${where} AND ${e} <= due) AS within,
    count(*) FILTER (WHERE ${where} AND ${e} > due
      AND epoch_ms(${e}) - epoch_ms(created_at) <= 2 * (epoch_ms(due) - epoch_ms(created_at))) AS over_1x,
    count(*) FILTER (WHERE ${where} AND epoch_ms(${e}) - epoch_ms(created_at) > 2 * (epoch_ms(due) - epoch_ms(created_at))) AS over_2x`;

const openAt = (e: string) => `eligible AND created_at < ${e} AND coalesce(closed_at, 'infinity'::TIMESTAMPTZ) >= ${e}`;

/**
 * The constants of a period, as SQL literals: its bounds [t0, t1), the first and last backlog ends (e0, e1) and the
 * as-of instant (read beforehand with {@link AS_OF_SQL}; inlining it as a literal lets DuckDB estimate the filtered
 * rows, which a one-row CTE cross-joined in does not: it then runs the ASOF join as a nested loop).
 */
function constants(from: string, to: string, asOf: Date): Record<'t0' | 't1' | 'e0' | 'e1' | 'as_of', string> {
  const local = (m: string) => `timezone('${ZONE}', TIMESTAMP '${m}-01')`;
  const a = `TIMESTAMPTZ '${asOf.toISOString()}'`;
  return { t0: local(from), t1: local(nextMonth(to)), e0: `least(${local(nextMonth(from))}, ${a})`, e1: `least(${local(nextMonth(to))}, ${a})`,
    as_of: a };
}

/** The as-of instant: the newest snapshot time of a tickets drop. */
export const AS_OF_SQL = `SELECT max(snapshot_time) AS as_of FROM drops WHERE kind = 'tickets'`;

const bind = (sql: string, k: Record<string, string>) => sql.replace(/\bp\.(t0|t1|e0|e1|as_of)\b/g, (_, name: string) => k[name]!);

/** One local month, per borough × theme and city-wide: cohort counts and the backlog at the month's end, one scan. */
export function monthSql(month: string, asOf: Date): string {
  return bind(`WITH ${ticketsCte()}
  SELECT borough, theme, grouping(borough, theme) <> 0 AS city_wide, ${COHORT},
    ${BACKLOG('p.e1', `(${openAt('p.e1')})`)}
  FROM d
  GROUP BY GROUPING SETS ((borough, theme), ())
  HAVING count(*) FILTER (WHERE in_period OR (${openAt('p.e1')})) > 0`, constants(month, month, asOf));
}

/**
 * Local months `from`..`to` by month of creation, and the backlog at each month's end (`month` = the month whose end
 * it is); the city-wide row's backlog is the one at the period's end.
 */
export function trendSql(from: string, to: string, asOf: Date): string {
  return bind(`WITH ${ticketsCte()},
  ends AS (
    SELECT strftime(m, '%Y-%m') AS month, least(timezone('${ZONE}', m + INTERVAL 1 MONTH), p.as_of) AS e
    FROM range(TIMESTAMP '${from}-01', TIMESTAMP '${nextMonth(to)}-01', INTERVAL 1 MONTH) r(m)
    WHERE timezone('${ZONE}', m) < p.as_of
  ),
  cohort AS (
    SELECT strftime(local_day, '%Y-%m') AS month, grouping(strftime(local_day, '%Y-%m')) <> 0 AS city_wide, ${COHORT}
    FROM d WHERE in_period
    GROUP BY GROUPING SETS ((strftime(local_day, '%Y-%m')), ())
  ),
  open_requests AS (
    SELECT created_at, due, coalesce(closed_at, 'infinity'::TIMESTAMPTZ) AS open_until FROM d
    WHERE eligible AND coalesce(closed_at, 'infinity'::TIMESTAMPTZ) >= p.e0
  ),
  backlog AS (
    SELECT x.month, false AS city_wide, ${BACKLOG('x.e', 'true')}
    FROM open_requests o JOIN ends x ON o.created_at < x.e AND o.open_until >= x.e
    GROUP BY x.month
  )
  SELECT coalesce(c.month, b.month) AS month, coalesce(c.city_wide, false) AS city_wide, c.* EXCLUDE (month, city_wide),
    b.* EXCLUDE (month, city_wide)
  FROM cohort c FULL JOIN backlog b ON c.month = b.month AND NOT c.city_wide
  UNION ALL BY NAME
  SELECT NULL AS month, true AS city_wide, b.* EXCLUDE (month, city_wide)
  FROM backlog b WHERE b.month = (SELECT max(month) FROM ends)`, constants(from, to, asOf));
}

/** The keys of a wide query (`vigie compliance --by …` over a span of months). */
export type WideBy = 'month' | 'borough,theme' | 'borough,theme,month';
export const WIDE_BYS: WideBy[] = ['month', 'borough,theme', 'borough,theme,month'];
export const WIDE_FROM = '2014-01';
export const WIDE_TO = '2019-06';

/**
 * The wide query an analyst writes for a trend table: local months `from`..`to` by month of creation, grouped by `by`,
 * with the borough, theme and city-wide roll-ups as grouping sets, in one scan: created, closed, on time, late, open
 * overdue, no target, cancelled, refused, duplicate, the open requests, and p50/p90 of the time to close (nearest rank
 * over the closed requests, in milliseconds; open requests left out, so not Kaplan–Meier: it equals vigie's
 * Kaplan–Meier value only in a group without open requests, where the comparison holds them to it). `roll_up` names the grouping set of a row
 * (`full`, `borough`, `theme`, `city`); vigie prints the full groups and the city-wide one, which are the rows compared.
 */
export function wideSql(by: WideBy, from: string, to: string, asOf: Date): string {
  const keys = by.split(',');
  const keyExpr: Record<string, string> = { borough: 'borough', theme: 'theme', month: `strftime(local_day, '%Y-%m')` };
  const sets = [`(${keys.map((k) => keyExpr[k]).join(', ')})`];
  if (keys.length > 1) for (const k of ['borough', 'theme']) if (keys.includes(k)) sets.push(`(${keyExpr[k]})`);
  sets.push('()');
  const g = (k: string) => `grouping(${keyExpr[k]})`;
  const rollUp = `CASE WHEN ${keys.map((k) => `${g(k)} = 0`).join(' AND ')} THEN 'full' WHEN ${keys.every((k) => k !== 'borough') ? 'false'
    : `${g('borough')} = 0`} THEN 'borough' WHEN ${keys.every((k) => k !== 'theme') ? 'false' : `${g('theme')} = 0`} THEN 'theme' ELSE 'city' END`;
  return bind(`WITH ${ticketsCte()}
  SELECT ${keys.map((k) => `${keyExpr[k]} AS ${k}`).join(', ')}, ${rollUp} AS roll_up, ${rollUp} = 'city' AS city_wide, ${COHORT},
    count(*) FILTER (WHERE eligible AND closed_at IS NULL) AS open_n,
    quantile_disc(epoch_ms(closed_at) - epoch_ms(created_at), [0.5, 0.9]) FILTER (WHERE eligible AND closed_at IS NOT NULL) AS ttc_ms
  FROM d WHERE in_period
  GROUP BY GROUPING SETS (${sets.join(', ')})`, constants(from, to, asOf));
}

/** One group's numbers, as both sides give them. */
export interface TicketNumbers {
  key: string;
  borough: string | null;
  theme: string | null;
  month: string | null;
  city_wide: boolean;
  created: number;
  closed: number;
  /** V2 on-time rate: numerator and denominator. */
  on_time_num: number;
  on_time_den: number;
  open_overdue: number;
  no_target: number;
  cancelled: number;
  refused: number;
  duplicate: number;
  backlog: number;
  within: number;
  over_1x: number;
  over_2x: number;
  backlog_no_target: number;
}

export const COMPARED = ['created', 'closed', 'on_time_num', 'on_time_den', 'open_overdue', 'no_target', 'cancelled', 'refused',
  'duplicate', 'backlog', 'within', 'over_1x', 'over_2x', 'backlog_no_target'] as const;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

type KeyedBy = 'borough,theme' | 'month' | WideBy;

function keyOf(g: Pick<TicketNumbers, 'city_wide' | 'borough' | 'theme' | 'month'>, by: KeyedBy): string {
  if (g.city_wide) return 'city-wide';
  return by.split(',').map((k) => g[k as 'borough' | 'theme' | 'month'] ?? '∅').join(' × ');
}

/** Rows of `monthSql` or `trendSql` → numbers. The city-wide rows of the trend (cohort and backlog) are merged. */
export function fromSqlRows(rows: Record<string, unknown>[], by: 'borough,theme' | 'month'): TicketNumbers[] {
  const out = new Map<string, TicketNumbers>();
  for (const r of rows) {
    const g: TicketNumbers = {
      key: '', borough: str(r.borough), theme: str(r.theme), month: str(r.month), city_wide: r.city_wide === true,
      created: num(r.created), closed: num(r.closed), on_time_num: num(r.on_time),
      on_time_den: num(r.on_time) + num(r.late) + num(r.open_overdue), open_overdue: num(r.open_overdue), no_target: num(r.no_target),
      cancelled: num(r.cancelled), refused: num(r.refused), duplicate: num(r.duplicate), backlog: num(r.backlog), within: num(r.within),
      over_1x: num(r.over_1x), over_2x: num(r.over_2x), backlog_no_target: num(r.backlog_no_target),
    };
    g.key = keyOf(g, by);
    const prev = out.get(g.key);
    if (prev) for (const f of COMPARED) prev[f] += g[f];
    else out.set(g.key, g);
  }
  return [...out.values()];
}

interface ComplianceJson {
  groups: { borough: string | null; theme: string | null; month: string | null;
    metrics: Record<string, { value: number | null; numerator: number | null; denominator: number | null }> }[];
}

/** The same numbers from `vigie compliance --json` (the first group is the city-wide one). */
export function fromCompliance(report: ComplianceJson, by: 'borough,theme' | 'month'): TicketNumbers[] {
  return report.groups.map((g, i) => {
    const m = (id: string) => {
      const r = g.metrics[id];
      if (!r) throw new Error(`metric ${id} missing`);
      return r;
    };
    const t: TicketNumbers = {
      key: '', borough: g.borough, theme: g.theme, month: g.month, city_wide: i === 0,
      created: num(m('tickets.created').value), closed: num(m('tickets.closed').value),
      on_time_num: num(m('tickets.on_time_rate').numerator), on_time_den: num(m('tickets.on_time_rate').denominator),
      open_overdue: num(m('tickets.open_overdue').value), no_target: num(m('tickets.no_target').value),
      cancelled: num(m('tickets.cancelled').value), refused: num(m('tickets.refused').value), duplicate: num(m('tickets.duplicate').value),
      backlog: num(m('tickets.backlog').value), within: num(m('tickets.aging.within').numerator),
      over_1x: num(m('tickets.aging.over_1x').numerator), over_2x: num(m('tickets.aging.over_2x').numerator),
      backlog_no_target: num(m('tickets.aging.no_target').numerator),
    };
    t.key = keyOf(t, by);
    return t;
  });
}

export interface Comparison {
  agree: boolean;
  groups: number;
  /** "group: field left vs right", in group order. */
  mismatches: string[];
  only_left: string[];
  only_right: string[];
}

/** Compares two answers group by group; every group of one must be in the other with the same numbers. */
export function compare(left: TicketNumbers[], right: TicketNumbers[], fields: readonly (typeof COMPARED)[number][] = COMPARED): Comparison {
  const r = new Map(right.map((g) => [g.key, g]));
  const l = new Map(left.map((g) => [g.key, g]));
  const out: Comparison = { agree: true, groups: 0, mismatches: [], only_left: [], only_right: [] };
  for (const [k, a] of l) {
    const b = r.get(k);
    if (!b) {
      out.only_left.push(k);
      continue;
    }
    out.groups++;
    for (const f of fields) if (a[f] !== b[f]) out.mismatches.push(`${k}: ${f} ${a[f]} vs ${b[f]}`);
  }
  for (const k of r.keys()) if (!l.has(k)) out.only_right.push(k);
  out.agree = !out.mismatches.length && !out.only_left.length && !out.only_right.length;
  return out;
}

/** The counts a wide query's hand SQL gives (no backlog: it is not in the analyst's query). */
export const WIDE_COMPARED = ['created', 'closed', 'on_time_num', 'on_time_den', 'open_overdue', 'no_target', 'cancelled', 'refused',
  'duplicate'] as const;

/** A wide query's group: the counts, and the time to close p50/p90 in days (with the open requests on the SQL's side). */
export interface WideNumbers extends TicketNumbers {
  p50_days: number | null;
  p90_days: number | null;
  open: number | null;
}

/** Rows of `wideSql` → numbers: the full groups and the city-wide row (the borough and theme roll-ups are not in vigie's answer). */
export function fromWideSqlRows(rows: Record<string, unknown>[], by: WideBy): WideNumbers[] {
  return rows.filter((r) => r.roll_up === 'full' || r.roll_up === 'city').map((r) => {
    const q = (r.ttc_ms as unknown[] | null) ?? [];
    const days = (x: unknown) => (x === null || x === undefined ? null : Number(x) / 86_400_000);
    const [base] = fromSqlRows([r], 'month');
    const g: WideNumbers = { ...base!, p50_days: days(q[0]), p90_days: days(q[1]), open: num(r.open_n) };
    g.key = keyOf(g, by);
    return g;
  });
}

interface WideJson {
  columns: { name: string }[];
  rows: unknown[][];
}

/** The same numbers from `vigie compliance --output json --shape wide` (the first row is the city-wide group). */
export function fromWideCompliance(report: WideJson, by: WideBy): WideNumbers[] {
  const at = new Map(report.columns.map((c, i) => [c.name, i]));
  return report.rows.map((row, i) => {
    const get = (name: string) => {
      const j = at.get(name);
      if (j === undefined) throw new Error(`column ${name} missing`);
      return row[j];
    };
    const opt = (name: string) => (at.has(name) ? row[at.get(name)!] : null);
    const g: WideNumbers = {
      key: '', borough: str(opt('borough')), theme: str(opt('theme')), month: str(opt('month')), city_wide: i === 0,
      created: num(get('tickets.created')), closed: num(get('tickets.closed')),
      on_time_num: num(get('tickets.on_time_rate.numerator')), on_time_den: num(get('tickets.on_time_rate.denominator')),
      open_overdue: num(get('tickets.open_overdue')), no_target: num(get('tickets.no_target')),
      cancelled: num(get('tickets.cancelled')), refused: num(get('tickets.refused')), duplicate: num(get('tickets.duplicate')),
      backlog: 0, within: 0, over_1x: 0, over_2x: 0, backlog_no_target: 0,
      p50_days: get('tickets.ttc_p50_days') === null ? null : Number(get('tickets.ttc_p50_days')),
      p90_days: get('tickets.ttc_p90_days') === null ? null : Number(get('tickets.ttc_p90_days')), open: null,
    };
    g.key = keyOf(g, by);
    return g;
  });
}

/**
 * A wide answer against the SQL's: the counts of every group, and the time to close p50/p90 of the groups without open
 * requests (there Kaplan–Meier is the nearest rank over the closed ones), to the nanosecond of a day.
 */
export function compareWide(vigie: WideNumbers[], sql: WideNumbers[]): Comparison & { percentiles_compared: number } {
  const c = compare(vigie, sql, WIDE_COMPARED);
  const bySql = new Map(sql.map((g) => [g.key, g]));
  let n = 0;
  for (const a of vigie) {
    const b = bySql.get(a.key);
    if (!b || b.open !== 0) continue;
    n++;
    for (const f of ['p50_days', 'p90_days'] as const) {
      const [x, y] = [a[f], b[f]];
      if (x === null || y === null ? x !== y : Math.abs(x - y) > 1e-9) c.mismatches.push(`${a.key}: ${f} ${x} vs ${y}`);
    }
  }
  c.agree = !c.mismatches.length && !c.only_left.length && !c.only_right.length;
  return { ...c, percentiles_compared: n };
}
