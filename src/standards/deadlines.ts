/**
 * Each ticket's deadline in SQL (docs/methods.md §2.6): the source's `due_at`, else the first
 * matching rule of the standards, on the business calendar. One builder for the two places that need it: a compliance
 * query's per-ticket rows (src/compliance/tickets.ts) and the store's kept deadlines (src/store/ticket-facts.ts), so
 * that both give every ticket the same deadline.
 *
 * - "N business days": the close of business of the Nth business day after the local day of creation (the day's
 *   business-day ordinal `ord_le` + N, joined on `vigie_bdays`);
 * - "N days": N × 24 h of elapsed time after creation;
 * - "N hours": N business hours on the business clock (cumulative business seconds of `vigie_bspans`), or N × 1 h on
 *   the calendar clock.
 * The rules are matched in TypeScript (globs, accents) over the distinct values of the keys they read, then joined
 * on those keys by equalities (a null key is a sentinel on both sides), so that DuckDB hash-joins.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit, rows } from '../sql.ts';
import { compileTicketRules, type Standards } from './standards.ts';
import { MATCH_KEYS, type MatchKey, type TicketClock, type TicketRule } from './sections/tickets.ts';
import { createBusinessTables } from '../time/business-tables.ts';
import type { CalendarSpec } from '../time/calendar-spec.ts';
import { createUtcOffsetTable } from '../time/utc-offsets.ts';

/** What a ticket's deadline depends on in a standards file: its zone, calendar, clock and rules. */
export interface DeadlineSpec {
  timezone: string;
  calendar: CalendarSpec;
  clock: TicketClock;
  rules: Pick<TicketRule, 'index' | 'match' | 'due' | 'target' | 'example'>[];
}

/** Sorted object keys, so that two files saying the same thing in another order give the same JSON. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** The part of the standards that deadlines depend on, in a canonical form (its JSON is a signature). */
export function deadlineSpec(s: Standards): DeadlineSpec {
  return canonical({
    timezone: s.timezone, calendar: s.calendar, clock: s.tickets.default.clock,
    rules: s.tickets.rules.map((r) => ({ index: r.index, match: r.match, due: r.due, target: r.target, example: r.example })),
  }) as DeadlineSpec;
}

/** A request or complaint (not an information or comment row), over alias `t`. */
export const REQUEST_SQL = (t: string) => `${t}.nature IN ('request', 'complaint')`;

/**
 * A ticket that on-time and backlog judge (docs/methods.md §2.1): a request or complaint, open, or closed with a close time
 * not before its creation. Over the stored fields of alias `t`.
 */
export const ELIGIBLE_SQL = (t: string) => `${REQUEST_SQL(t)} AND (${t}.status = 'open'
  OR (${t}.status = 'closed' AND ${t}.closed_at IS NOT NULL AND ${t}.closed_at >= ${t}.created_at))`;

/** A closed ticket without a close time, or closed before its creation (`tickets.invalid_dates`). */
export const INVALID_DATES_SQL = (t: string) => `${t}.status = 'closed' AND (${t}.closed_at IS NULL OR ${t}.closed_at < ${t}.created_at)`;

/** Stands for a null match key in the rule table and the join (equalities only, so that the join is hashed). */
const NULL_KEY = 'chr(1)';

/** Years [from, to] of the business tables: the data's years, plus room for the longest deadline. */
export function calendarYears(minMs: number, maxMs: number, rules: readonly Pick<TicketRule, 'due'>[]): [number, number] {
  const longestDays = Math.max(0, ...rules.map((r) => (r.due.unit === 'business_days' ? r.due.n * 2 : r.due.unit === 'days' ? r.due.n
    : r.due.n / 2)));
  const from = new Date(minMs).getUTCFullYear() - 1;
  const to = new Date(maxMs).getUTCFullYear() + 1 + Math.ceil(longestDays / 365);
  return [Math.max(1583, from), Math.min(9999, to)];
}

export interface DeadlineOptions {
  /** The years the calendar tables (`vigie_b…`) already cover, if built; they are (re)built when they miss a ticket. */
  years: [number, number] | null;
  /** An instant the calendar must reach (a query's period end or as-of). */
  upperMs: number;
  /** Also give each ticket `zday`, the local day of this instant column of the input (its close). */
  closedDay: string | null;
}

export interface DeadlineSelect {
  /** Rows of the input. */
  n: number;
  /**
   * A SELECT of every input row and column, with `cday` (local day of creation), `zday` (of the close; only with
   * `closedDay`), `rule_idx`, `target`, `example0` (the rule's) and `due` (the deadline: `due_at`, else the rule's).
   */
  sql: string;
}

/**
 * Prepares the temp tables the deadlines join (calendar, local hours, matched rules) for the tickets of `input` (a
 * relation with borough, theme, category, channel, nature, created_at, closed_at, due_at and a boolean `eligible`:
 * rules are matched for eligible tickets only) and returns the SELECT; null when `input` is empty.
 */
export async function deadlineSelect(conn: DuckDBConnection, spec: DeadlineSpec, input: string, o: DeadlineOptions):
  Promise<DeadlineSelect | null> {
  const rules = spec.rules;
  // One scan: the oldest and newest creations (for the calendar) and the distinct values of the keys the rules read.
  const used = MATCH_KEYS.filter((k) => rules.some((r) => r.match[k] !== undefined));
  const first = (await rows(conn, `SELECT epoch_ms(min(created_at)) AS lo, epoch_ms(max(created_at)) AS hi, count(*) AS n,
      ${rules.length && used.length ? `list(DISTINCT struct_pack(${used.join(', ')})) FILTER (WHERE eligible)` : 'NULL'} AS combos
    FROM ${input}`))[0]!;
  if (first.lo === null || first.lo === undefined) return null;
  const lo = Number(first.lo);
  const upper = Math.max(o.upperMs, Number(first.hi));
  const need = calendarYears(lo, upper, rules);
  const have = o.years;
  if (!have || need[0] < have[0] || need[1] > have[1]) {
    const [y0, y1] = have ? [Math.min(have[0], need[0]), Math.max(have[1], need[1])] : need;
    await createBusinessTables(conn, spec.calendar, spec.timezone, y0, y1, 'vigie_b');
  }
  // Local days through the UTC bucket table (an hour, or less where the zone's offsets need it: every local midnight is
  // a bucket boundary) and integer equi-joins (hashed), not ASOF joins on each local midnight nor a time-zone function
  // per row: one join gives each ticket's local day and its business-day ordinal.
  const z = await createUtcOffsetTable(conn, spec.timezone, lo, upper);
  await conn.run(`CREATE OR REPLACE TEMP TABLE vigie_hours AS SELECT z.k, c.day, c.ord_le
    FROM utc_offsets z LEFT JOIN vigie_bdays c ON c.day = z.lday`);
  const dayJoin = (alias: string, col: string) => `LEFT JOIN vigie_hours ${alias} ON ${alias}.k = ${z.key(col)}`;

  // Rules: match the distinct values of the keys the rules read, in TS (globs, accents), then join.
  let ruleJoin = '';
  if (rules.length) {
    const combos = used.length ? ((first.combos as Record<string, unknown>[] | null) ?? []) : [{}];
    const match = compileTicketRules(rules);
    const values: string[] = [];
    for (const c of combos) {
      const keys = Object.fromEntries(MATCH_KEYS.map((k) => [k, used.includes(k) ? ((c[k] as string | null) ?? null) : null])) as Record<MatchKey, string | null>;
      const r = match(keys);
      if (r) {
        values.push(`(${used.map((k) => (c[k] === null || c[k] === undefined ? NULL_KEY : lit(String(c[k])))).join(', ')}${used.length ? ', ' : ''}`
          + `${r.index}, '${r.due.unit}', ${r.due.n}, ${r.target ?? 'NULL'}, ${r.example})`);
      }
    }
    // One row per matched combination of the keys the rules read, with its rule's deadline, target and example flag.
    await conn.run(`CREATE OR REPLACE TEMP TABLE vigie_trule (${used.map((k) => `${k} VARCHAR, `).join('')}rule_idx INTEGER, unit VARCHAR,
      n BIGINT, target DOUBLE, example BOOLEAN)`);
    for (let i = 0; i < values.length; i += 1000) await conn.run(`INSERT INTO vigie_trule VALUES ${values.slice(i, i + 1000).join(', ')}`);
    ruleJoin = `LEFT JOIN vigie_trule r ON ${used.map((k) => `r.${k} = coalesce(t.${k}, ${NULL_KEY})`).join(' AND ') || 'true'}`;
  }
  const businessHours = spec.clock === 'business';
  const hasRules = rules.length > 0;
  const hoursRules = hasRules && rules.some((x) => x.due.unit === 'hours');
  const clockAt = (a: string) => `(${a}.cum_before * 1000 + least(epoch_ms(x.created_at) - epoch_ms(${a}.span_start), epoch_ms(${a}.span_end) - epoch_ms(${a}.span_start)))`;
  const dueSql = hasRules ? `CASE x.unit
      WHEN 'business_days' THEN d.close_at
      WHEN 'days' THEN x.created_at + to_seconds(x.n * 86400)
      WHEN 'hours' THEN ${!hoursRules ? 'NULL' : businessHours
    ? `make_timestamptz((epoch_ms(h.span_start) + (${clockAt('b0')} + x.n * 3600000) - h.cum_before * 1000) * 1000)`
    : 'x.created_at + to_seconds(x.n * 3600)'} END` : 'NULL';
  const hoursJoins = hoursRules && businessHours ? `
    ASOF LEFT JOIN vigie_bspans b0 ON x.created_at >= b0.span_start
    ASOF LEFT JOIN vigie_bspans h ON (${clockAt('b0')} + coalesce(x.n, 0) * 3600000) <= h.cum_after * 1000` : '';
  // Two steps, each with plain equi- or ASOF joins: the creation's local day and the rule (x), then the due day of
  // "N business days" by its business-day ordinal (a join on a precomputed key, not on an expression of two tables).
  const sql = `SELECT x.* EXCLUDE (unit, n, due_ord), coalesce(x.due_at, ${dueSql}) AS due
    FROM (
      SELECT t.*, c.day AS cday${o.closedDay ? ', k.day AS zday' : ''},
        ${hasRules ? `r.rule_idx AS rule_idx, r.target AS target, coalesce(r.example, false) AS example0, r.unit AS unit, r.n AS n,
        CASE WHEN r.unit = 'business_days' THEN c.ord_le + r.n END AS due_ord`
    : `NULL::INTEGER AS rule_idx, NULL::DOUBLE AS target, false AS example0, NULL::VARCHAR AS unit, NULL::BIGINT AS n, NULL::BIGINT AS due_ord`}
      FROM ${input} t
      ${dayJoin('c', 't.created_at')}
      ${o.closedDay ? dayJoin('k', `t.${o.closedDay}`) : ''}
      ${ruleJoin}) x
    ${hasRules ? `LEFT JOIN (SELECT ord_le, close_at FROM vigie_bdays WHERE business) d ON d.ord_le = x.due_ord` : ''}
    ${hoursJoins}`;
  return { n: Number(first.n), sql };
}
