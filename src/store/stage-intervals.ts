/**
 * The call-interval kind of the import engine: ACD interval report rows, keyed by (interval start, length, queue,
 * theme, borough). Errors reject the row: a missing or unparseable start, a length that is not a whole number of
 * minutes between 1 and 10,080 (a week), a count that is not a whole number ≥ 0, answered within T above answered, a
 * start before --min-date or more than a day after the snapshot time. Warnings keep it: outcomes that do not sum to
 * `offered` (answered + abandoned > offered, or a remainder the export does not explain), `answered_within` without
 * its threshold, DST gap or overlap, an unknown theme.
 */
import type { IntervalAdapter } from '../formats/types.ts';
import { resolveBorough } from '../standards/boroughs.ts';
import { loadThemes } from '../standards/themes.ts';
import { codeCase, distinctOf, lookup, zoneTools, type Check, type StageContext, type StageSpec } from './staging.ts';
import { ts } from '../sql.ts';

export const INTERVAL_STORED = ['interval_start', 'interval_minutes', 'queue', 'theme', 'borough', 'borough_raw', 'offered', 'answered',
  'abandoned', 'answered_within', 'threshold_seconds', 'wait_seconds_answered_total', 'talk_seconds_total', 'abandoned_short'] as const;

const COUNTS = ['offered', 'answered', 'abandoned', 'answered_within', 'abandoned_short'] as const;

export async function intervalStage(ctx: StageContext, adapter: IntervalAdapter): Promise<StageSpec> {
  const f = ctx.fields(adapter.fields(ctx.col, ctx.has));
  const gathered = await ctx.one(`SELECT list(DISTINCT ${f.boroughRaw}) AS borough, list(DISTINCT ${f.theme}) AS theme,
      min(${f.startText}) AS lo0, max(${f.startText}) AS hi0 FROM raw`);
  await lookup(ctx, 'vm_borough', distinctOf(gathered, 'borough'), (r) => resolveBorough(r) ?? r.trim().replace(/\s+/g, ' '));
  const themeIds = new Set(loadThemes().map((t) => t.id));
  const themeSql = codeCase('p.theme_raw', distinctOf(gathered, 'theme'), (r) => (themeIds.has(r.trim().toLowerCase()) ? r.trim().toLowerCase() : null));
  const { parseLocal, parseAbs, utc, zjoin } = await zoneTools(ctx, adapter.zone, gathered, adapter.timeFormats, adapter.offsets, [f.startText]);
  const whole = (t: string) => `CASE WHEN regexp_full_match(${t}, '[0-9]+') THEN TRY_CAST(${t} AS BIGINT) END`;

  const p1 = `SELECT r.rec, ${ctx.lineSql} AS line, ${f.startText} AS start_text, ${f.minutesText} AS minutes_text, ${f.queue} AS queue,
      ${f.theme} AS theme_raw, ${f.boroughRaw} AS borough_raw, ${COUNTS.map((k) => `${f.counts[k]} AS ${k}_text`).join(', ')},
      ${f.thresholdText} AS threshold_text, ${f.waitTotalText} AS wait_total_text, ${f.talkTotalText} AS talk_total_text
    FROM (SELECT rowid AS rec, * FROM raw) r ${ctx.lineJoin}`;
  const p2 = `SELECT p.*, ${themeSql} AS theme, b.value AS borough, ${whole('p.minutes_text')} AS interval_minutes,
      ${COUNTS.map((k) => `${whole(`p.${k}_text`)} AS ${k}`).join(', ')},
      TRY_CAST(p.threshold_text AS DOUBLE) AS threshold_seconds, TRY_CAST(p.wait_total_text AS DOUBLE) AS wait_seconds_answered_total,
      TRY_CAST(p.talk_total_text AS DOUBLE) AS talk_seconds_total,
      ${parseLocal('p.start_text')} AS start_local, ${parseAbs('p.start_text')} AS start_abs
    FROM (${p1}) p LEFT JOIN vm_borough b ON b.raw = p.borough_raw`;
  const p3 = `SELECT s.*, coalesce(s.start_abs, ${utc('zs', 's.start_local')}) AS interval_start, zs.flag AS start_flag
    FROM (${p2}) s ${zjoin('s.start_local', 'zs')}`;
  // The key: the same interval of the same queue, theme and borough in a later drop is the same row (updated or repeated).
  const select = `SELECT *, strftime(interval_start, '%Y-%m-%dT%H:%M:%SZ') || '|' || interval_minutes || '|' || coalesce(queue, '')
      || '|' || coalesce(theme_raw, '') || '|' || coalesce(borough, borough_raw, '') AS src_id FROM (${p3})`;

  const checks: Check[] = [
    { code: 'missing_interval_start', severity: 'error', column: 'interval_start', value: 'start_text', when: 'start_text IS NULL' },
    { code: 'bad_time', severity: 'error', column: 'interval_start', value: 'start_text', when: 'start_text IS NOT NULL AND start_local IS NULL AND start_abs IS NULL' },
    { code: 'bad_interval_minutes', severity: 'error', column: 'interval_minutes', value: 'minutes_text',
      when: 'interval_minutes IS NULL OR interval_minutes < 1 OR interval_minutes > 10080' },
    ...(['offered', 'answered', 'abandoned'] as const).map((k): Check => ({
      code: 'bad_count', severity: 'error', column: k, value: `${k}_text`, when: `${k} IS NULL` })),
    ...(['answered_within', 'abandoned_short'] as const).map((k): Check => ({
      code: 'bad_count', severity: 'error', column: k, value: `${k}_text`, when: `${k}_text IS NOT NULL AND ${k} IS NULL` })),
    { code: 'within_above_answered', severity: 'error', column: 'answered_within', value: 'answered_within_text', when: 'answered_within > answered' },
    { code: 'interval_before_min_date', severity: 'error', column: 'interval_start', value: 'start_text',
      when: `interval_start < ${ts(ctx.minDate)}` },
    { code: 'interval_after_snapshot', severity: 'error', column: 'interval_start', value: 'start_text', when: 'interval_start > $snap + INTERVAL 1 DAY', late: true },
    { code: 'outcomes_not_offered', severity: 'warning', column: 'offered', value: 'offered_text', when: 'answered + abandoned <> offered' },
    { code: 'within_without_threshold', severity: 'warning', column: 'threshold_seconds', value: 'answered_within_text',
      when: 'answered_within IS NOT NULL AND threshold_seconds IS NULL' },
    { code: 'dst_gap', severity: 'warning', column: 'interval_start', value: 'start_text', when: `start_flag = 'gap'` },
    { code: 'dst_overlap', severity: 'warning', column: 'interval_start', value: 'start_text', when: `start_flag = 'overlap'` },
    { code: 'unknown_theme', severity: 'warning', column: 'theme', value: 'theme_raw', when: 'theme_raw IS NOT NULL AND theme IS NULL' },
  ];
  const valueSql: Record<string, string> = {
    start_text: f.startText, minutes_text: f.minutesText, theme_raw: f.theme, ...Object.fromEntries(COUNTS.map((k) => [`${k}_text`, f.counts[k]])),
  };
  return {
    select, checks, valueSql, content: ['start_text'], table: 'call_interval_versions', stored: INTERVAL_STORED, extra: [],
    timeSql: 'interval_start', mainTime: 'interval_start', idColumn: 'interval_start',
    // Intervals of another length, stored from another drop, that overlap one of this drop: the same calls counted twice.
    overlapSql: (source: string) => `SELECT s.line, strftime(s.interval_start, '%Y-%m-%dT%H:%M:%SZ') || ' (' || s.interval_minutes || ' min)' AS v
      FROM stg0 s JOIN call_intervals c ON c.source = ${source} AND c.id <> s.id
        AND c.queue IS NOT DISTINCT FROM s.queue AND c.theme IS NOT DISTINCT FROM s.theme AND c.borough IS NOT DISTINCT FROM s.borough
        AND c.interval_start < s.interval_start + to_minutes(s.interval_minutes)
        AND s.interval_start < c.interval_start + to_minutes(c.interval_minutes)
      WHERE s.interval_start IS NOT NULL AND s.interval_minutes BETWEEN 1 AND 10080`,
  };
}
