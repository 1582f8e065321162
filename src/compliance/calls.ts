/**
 * Call compliance per group (docs/methods.md §1): one SQL pass computes each group's sufficient statistics (counts, wait sums,
 * nearest-rank wait percentiles of answered calls), the city-wide group is the sum of the groups' counts (plus one
 * pass over the answered waits for its percentiles), and src/metrics turns the counts into metrics, intervals and
 * verdicts. The pass reads the calls' monthly cube (src/store/call-cube.ts) where it answers the query exactly (whole
 * months, groups of borough, queue and month: a month reads one row per borough, queue, outcome and distinct wait
 * instead of every call), else the calls (the two plans: src/compliance/call-plans.ts). Groups are bucketed in the city's
 * zone: each call's local time comes from a table of UTC offsets per UTC hour (no per-row time-zone function, nothing
 * from the process zone). The groups and metric results are those of src/compliance/result.ts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { asOfView, lit, rows, ts } from '../sql.ts';
import { createUtcOffsetTable } from '../time/utc-offsets.ts';
import {
  abandonmentRate, answeredLocallyShare, asaSeconds, emptyCounts, longWaitShare, serviceLevel, sumCounts, serviceLevelComputability, timeToAbandonSeconds, transferRate,
  type CallCounts, type CallMetricId,
} from '../metrics/index.ts';
import type { Standards } from '../standards/standards.ts';
import { cubePlan, keySqlFor, needsLocal, rawPlan, type CallQuery } from './call-plans.ts';
import { blankGroup, count, metric, type Group, type GroupKey, type MetricResult, type Metrics } from './result.ts';

/** The call metrics of one group's counts, with the standards' targets. */
export function callMetrics(c: CallCounts, p50: number | null, p90: number | null, s: Standards): Metrics {
  const st = s.calls;
  const minN = s.min_n;
  const sl = serviceLevel(c, st.service_level.variant);
  const ab = abandonmentRate(c, { short_abandon_seconds: st.abandonment.short_abandon_seconds });
  const lw = longWaitShare(c, st.long_wait.seconds);
  const asa = asaSeconds(c);
  const tta = timeToAbandonSeconds(c);
  const pct = (v: number | null): MetricResult => ({ ...count(0), value: v, numerator: null, denominator: c.answered,
    verdict: 'no_target', note: v === null ? 'no answered call' : 'nearest rank over answered calls' });
  return {
    'calls.offered': count(c.offered),
    'calls.answered': count(c.answered),
    'calls.abandoned': count(c.abandoned),
    'calls.timeout': count(c.timeout),
    'calls.callback': count(c.callback),
    'calls.blocked': count(c.blocked),
    'calls.service_level': metric(sl, {
      target: st.service_level.target, kind: 'at_least', minN,
      variant: `${st.service_level.variant} (${st.service_level.boundary} ${st.service_level.threshold_seconds} s)`,
    }),
    'calls.abandonment_rate': metric(ab, { target: st.abandonment.max, kind: 'at_most', minN, variant: ab.variant }),
    'calls.asa_seconds': metric({ value: asa.value, numerator: asa.numerator, denominator: asa.denominator }, { minN }),
    'calls.wait_p50_seconds': pct(p50),
    'calls.wait_p90_seconds': pct(p90),
    'calls.time_to_abandon_seconds': metric({ value: tta.value, numerator: tta.numerator, denominator: tta.denominator }, { minN }),
    'calls.long_wait_share': metric(lw, { target: st.long_wait.max_share, kind: 'at_most', minN, variant: `≥ ${st.long_wait.seconds} s` }),
    'calls.answered_locally_share': metric(answeredLocallyShare(c), { minN }),
    'calls.transfer_rate': metric(transferRate(c), { minN }),
  };
}

/** The metrics a 'service_level' query leaves out (null, with a note). */
const BEYOND_SERVICE_LEVEL: readonly CallMetricId[] = ['calls.asa_seconds', 'calls.wait_p50_seconds', 'calls.wait_p90_seconds',
  'calls.time_to_abandon_seconds', 'calls.answered_locally_share', 'calls.transfer_rate'];

/**
 * Groups (the cross of `by`, then the city-wide group) with their metrics, from per-call data when the store has calls
 * in the period, else from ACD interval reports (the metrics the counts allow; the others null with a note).
 */
export async function callCompliance(conn: DuckDBConnection, q: CallQuery): Promise<{ groups: Group[]; data: 'calls' | 'intervals' }> {
  const range = `${ts(q.fromUtc)} AND ${ts(q.toUtc)}`;
  const src = q.source ? `AND source = ${lit(q.source)}` : '';
  // Whether the period has any per-call row (a probe that stops at the first one), else any interval row.
  const nCalls = (await rows(conn, `SELECT 1 FROM ${asOfView('calls', q.asOf)}
    WHERE queued_at >= ${range.replace(' AND ', ' AND queued_at < ')} ${src} LIMIT 1`)).length;
  const nIntervals = nCalls ? 0 : (await rows(conn, `SELECT 1 FROM ${asOfView('call_intervals', q.asOf)}
    WHERE interval_start >= ${range.replace(' AND ', ' AND interval_start < ')} ${src} LIMIT 1`)).length;
  if (!nCalls && nIntervals) return { groups: await intervalCompliance(conn, q), data: 'intervals' };
  return { groups: await perCallCompliance(conn, q), data: 'calls' };
}

/**
 * The groups of a query's rows: the city-wide group first, then one group per row of the full cross of `keys`. The
 * city-wide counts are the sums of the groups' counts (every field of `additive`), never a separate computation, so
 * that the city is exactly the sum of its parts (docs/methods.md §4.4); `cityExtra` adds what does not sum (the
 * city-wide percentiles). With no key, `rowsOut` holds the city-wide row itself.
 */
function groupsFrom(rowsOut: Record<string, unknown>[], keys: GroupKey[], additive: readonly string[], cityExtra: Record<string, unknown>,
  toCounts: (r: Record<string, unknown>) => CallCounts, metricsOf: (c: CallCounts, r: Record<string, unknown>) => Metrics): Group[] {
  let city: Record<string, unknown>;
  if (!keys.length) city = rowsOut[0] ?? { ...cityExtra };
  else {
    city = { ...cityExtra };
    for (const f of additive) city[f] = rowsOut.reduce((acc, r) => acc + Number(r[f] ?? 0), 0);
  }
  const out: Group[] = [{ ...blankGroup(), metrics: metricsOf(toCounts(city), city) }];
  if (keys.length) {
    for (const r of rowsOut) {
      const g = blankGroup();
      for (const k of keys) g[k] = r[k] === null || r[k] === undefined ? null : String(r[k]);
      g.metrics = metricsOf(toCounts(r), r);
      out.push(g);
    }
  }
  return out;
}

const ZERO: CallCounts = { offered: 0, answered: 0, abandoned: 0, timeout: 0, callback: 0, blocked: 0, other: 0, answered_within: 0,
  abandoned_within: 0, abandoned_short: 0, answered_wait_sum_s: 0, abandoned_wait_sum_s: 0, long_waits: 0, answered_with_site: 0,
  answered_locally: 0, transferred: 0, transfer_known: 0 };

/**
 * Interval reports: offered, answered, abandoned, answered within T (the ACD's own count, at its threshold and with
 * its boundary — used only where its threshold is the standard's T) and the wait sum of answered calls. Metrics that
 * need more (abandoned within T, each wait, agent sites, transfers) are null with a note.
 */
async function intervalCompliance(conn: DuckDBConnection, q: CallQuery): Promise<Group[]> {
  const s = q.standards.calls;
  const T = s.service_level.threshold_seconds;
  const local = needsLocal(q.by) ? await createUtcOffsetTable(conn, q.standards.timezone, q.fromUtc.getTime(), q.toUtc.getTime()) : null;
  const view = asOfView('call_intervals', q.asOf);
  const keys = q.by;
  const keySql = keySqlFor('c');
  const sql = `SELECT ${keys.map((k) => `${keySql[k]} AS ${k}`).join(', ')}${keys.length ? ',' : ''}
      sum(offered) AS offered, sum(answered) AS answered, sum(abandoned) AS abandoned,
      sum(answered_within) FILTER (WHERE threshold_seconds = ${T}) AS answered_within,
      count(*) FILTER (WHERE answered_within IS NULL OR threshold_seconds IS DISTINCT FROM ${T}) AS without_within,
      sum(abandoned_short) AS abandoned_short, count(*) FILTER (WHERE abandoned_short IS NULL) AS without_short,
      coalesce(sum(wait_seconds_answered_total), 0) AS wait_sum, count(*) FILTER (WHERE wait_seconds_answered_total IS NULL) AS without_wait
    FROM ${view} c ${local ? `JOIN utc_offsets z ON z.k = ${local.key('c.interval_start')}` : ''}
    WHERE c.interval_start >= ${ts(q.fromUtc)} AND c.interval_start < ${ts(q.toUtc)}
      ${q.source ? `AND c.source = ${lit(q.source)}` : ''}
    ${keys.length ? `GROUP BY ALL ORDER BY ${keys.map((k) => `${k} NULLS FIRST`).join(', ')}` : ''}`;
  const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  const additive = ['offered', 'answered', 'abandoned', 'answered_within', 'without_within', 'abandoned_short', 'without_short', 'wait_sum', 'without_wait'];
  // With S = 0 no abandon is short (docs/methods.md §1.2), whatever short abandons the ACD counted at its own S. Counts an
  // export gets wrong (answered + abandoned above offered, more short abandons than abandons: kept by the import with a
  // warning) are bounded here so that the arithmetic holds, and the metrics that read them are null with a note below.
  const S = s.abandonment.short_abandon_seconds;
  return groupsFrom(await rows(conn, sql), keys, additive, {}, (r) => ({
    ...ZERO, offered: Math.max(n(r.offered), n(r.answered) + n(r.abandoned)), answered: n(r.answered), abandoned: n(r.abandoned),
    answered_within: Math.min(n(r.answered_within), n(r.answered)), abandoned_short: S > 0 ? Math.min(n(r.abandoned_short), n(r.abandoned)) : 0,
    answered_wait_sum_s: n(r.wait_sum),
  }), (c, r) => {
    const m = callMetrics(c, null, null, q.standards);
    m['calls.offered'] = count(n(r.offered));
    const none = (id: CallMetricId, note: string) => { m[id] = { ...m[id]!, value: null, numerator: null, denominator: null, verdict: 'no_target', met: null, ci95: null, note }; };
    const variant = s.service_level.variant;
    const computable = serviceLevelComputability(variant, ['offered', 'answered', 'abandoned', 'answered_within', 'abandoned_short', 'answered_wait_sum_s']);
    const shortMissing = S > 0 && n(r.without_short) > 0 ? 'not computable from interval data: short abandons not reported'
      : S > 0 && n(r.abandoned_short) > n(r.abandoned) ? `not computable from interval data: ${n(r.abandoned_short)} short abandons reported for ${n(r.abandoned)} abandons`
        : null;
    if (!computable.computable) none('calls.service_level', computable.note);
    else if (n(r.without_within) > 0) none('calls.service_level', `not computable from interval data: ${n(r.without_within)} interval(s) lack answered_within at the standard's ${T} s`);
    else if ((variant === 'F5' || variant === 'F6') && shortMissing) none('calls.service_level', shortMissing);
    else m['calls.service_level']!.note = `from interval data: answered within ${T} s as the ACD counted it (its boundary)`;
    if (shortMissing) none('calls.abandonment_rate', shortMissing);
    if (n(r.answered) + n(r.abandoned) > n(r.offered)) {
      none('calls.abandonment_rate', `not computable from interval data: answered + abandoned (${n(r.answered) + n(r.abandoned)}) exceed offered (${n(r.offered)})`);
    }
    if (n(r.without_wait) > 0) none('calls.asa_seconds', 'not computable from interval data: wait totals not reported');
    const noEach = 'not computable from interval data: it needs each call';
    for (const id of ['calls.wait_p50_seconds', 'calls.wait_p90_seconds', 'calls.time_to_abandon_seconds', 'calls.long_wait_share',
      'calls.answered_locally_share', 'calls.transfer_rate'] as const) none(id, noEach);
    for (const id of ['calls.timeout', 'calls.callback', 'calls.blocked'] as const) none(id, 'not in interval data');
    return m;
  });
}

/**
 * Per-call data: each group's {@link CallCounts} from its per-outcome counts (from the calls' monthly cube when it
 * answers the query, else from the calls), and the nearest-rank percentiles of the answered waits. The city-wide counts
 * are the sums of the groups' counts.
 */
async function perCallCompliance(conn: DuckDBConnection, q: CallQuery): Promise<Group[]> {
  const keys = q.by;
  const slOnly = q.metrics === 'service_level';
  const plan = (await cubePlan(conn, q)) ?? (await rawPlan(conn, q));
  const byGroup = new Map<string, { key: Record<string, unknown>; counts: CallCounts; pq: (number | null)[] }>();
  for (const r of await rows(conn, plan.countsSql)) {
    const id = JSON.stringify(keys.map((k) => r[k] ?? null));
    let g = byGroup.get(id);
    if (!g) byGroup.set(id, (g = { key: r, counts: emptyCounts(), pq: [null, null] }));
    const c = g.counts;
    const n = (f: string) => Number(r[f] ?? 0);
    switch (r.outcome) {
      case 'answered':
        c.answered += n('n');
        c.answered_within += n('within');
        c.answered_wait_sum_s += n('wait_sum');
        c.long_waits += n('long');
        c.answered_with_site += n('with_site');
        c.answered_locally += n('local');
        c.transferred += n('transferred');
        c.transfer_known += n('transfer_known');
        if (r.pq !== undefined) g.pq = ((r.pq as (number | null)[] | null) ?? [null, null]).map((v) => (v === null ? null : Number(v)));
        break;
      case 'abandoned':
        c.abandoned += n('n');
        c.abandoned_within += n('within');
        c.abandoned_short += n('short');
        c.abandoned_wait_sum_s += n('wait_sum');
        c.long_waits += n('long');
        break;
      case 'timeout': c.timeout += n('n'); break;
      case 'callback': c.callback += n('n'); break;
      case 'blocked': c.blocked += n('n'); break;
      default: c.other += n('n');
    }
    if (r.outcome === 'answered' || r.outcome === 'abandoned' || r.outcome === 'timeout') c.offered += n('n');
  }
  const parts = [...byGroup.values()];
  let cityPq: (number | null)[] = [null, null];
  if (!slOnly) {
    const pct = await plan.percentiles();
    cityPq = pct.city;
    for (const [id, pq] of pct.byGroup) {
      const g = byGroup.get(id);
      if (g) g.pq = pq;
    }
  }
  const city = sumCounts(parts.map((p) => p.counts));
  const out: Group[] = [{ ...blankGroup(), metrics: callMetrics(city, cityPq[0] ?? null, cityPq[1] ?? null, q.standards) }];
  if (keys.length) {
    for (const p of parts) {
      const g = blankGroup();
      for (const k of keys) g[k] = p.key[k] === null || p.key[k] === undefined ? null : String(p.key[k]);
      g.metrics = callMetrics(p.counts, p.pq[0] ?? null, p.pq[1] ?? null, q.standards);
      out.push(g);
    }
  }
  if (slOnly) {
    for (const g of out) {
      for (const id of BEYOND_SERVICE_LEVEL) {
        if (g.metrics[id]) {
          g.metrics[id] = { ...g.metrics[id], value: null, numerator: null, denominator: null, verdict: 'no_target', met: null, ci95: null,
            note: 'not computed (service level only)' };
        }
      }
    }
  }
  return out;
}
