/**
 * The call kind of the import engine: one row per call that reached the queue (docs/methods.md §1.1). Errors reject the
 * row: a missing id, queue time, outcome or wait; an unparseable time or number; a queue time before --min-date or more
 * than a day after the snapshot time; an unknown outcome; a negative wait or talk time; a wait over a day (absurd).
 * Warnings keep it: DST gap or overlap, a wait over four hours, an unknown theme, an unreadable `transferred`.
 */
import type { CallAdapter } from '../formats/types.ts';
import { resolveBorough } from '../standards/boroughs.ts';
import { loadThemes } from '../standards/themes.ts';
import { codeCase, distinctOf, lookup, zoneTools, type Check, type StageContext, type StageSpec } from './staging.ts';
import { ts } from '../sql.ts';

/** The columns a call version stores and compares. */
export const CALL_STORED = ['queued_at', 'outcome', 'outcome_raw', 'wait_seconds', 'talk_seconds', 'queue', 'theme', 'borough',
  'borough_raw', 'agent_site', 'agent_site_raw', 'transferred'] as const;

/** A wait over this is absurd (rejected); over SUSPECT_WAIT it is suspicious (kept, reported). Seconds. */
const ABSURD_WAIT = 86_400;
const SUSPECT_WAIT = 4 * 3600;

/** Seconds from `123`, `123.5`, `m:ss` or `h:mm:ss`; NULL when unreadable (`NaN` and `inf` too, which DOUBLE reads). Only values
 * with a colon pay for the split. */
function seconds(t: string, durations: CallAdapter['durations']): string {
  const number = `CASE WHEN isfinite(TRY_CAST(${t} AS DOUBLE)) THEN TRY_CAST(${t} AS DOUBLE) END`;
  const clock = `CASE WHEN regexp_matches(${t}, '^[0-9]+:[0-5]?[0-9]:[0-5]?[0-9](\\.[0-9]+)?$')
      THEN TRY_CAST(split_part(${t}, ':', 1) AS DOUBLE) * 3600 + TRY_CAST(split_part(${t}, ':', 2) AS DOUBLE) * 60 + TRY_CAST(split_part(${t}, ':', 3) AS DOUBLE)
    WHEN regexp_matches(${t}, '^[0-9]+:[0-5]?[0-9](\\.[0-9]+)?$')
      THEN TRY_CAST(split_part(${t}, ':', 1) AS DOUBLE) * 60 + TRY_CAST(split_part(${t}, ':', 2) AS DOUBLE) END`;
  if (durations === 'h:mm:ss') return clock;
  if (durations === 'seconds') return number;
  return `CASE WHEN contains(${t}, ':') THEN ${clock} ELSE ${number} END`;
}

export async function callStage(ctx: StageContext, adapter: CallAdapter): Promise<StageSpec> {
  const f = ctx.fields(adapter.fields(ctx.col, ctx.has));
  const gathered = await ctx.one(`SELECT list(DISTINCT ${f.outcomeRaw}) AS outcome, list(DISTINCT ${f.boroughRaw}) AS borough,
      list(DISTINCT ${f.agentSiteRaw}) AS site, list(DISTINCT ${f.theme}) AS theme, min(${f.queuedText}) AS lo0, max(${f.queuedText}) AS hi0
    FROM raw`);
  const outcomeSql = codeCase('p.outcome_raw', distinctOf(gathered, 'outcome'), (r) => adapter.outcome(r));
  // Borough and agent-site names: Montréal's official spelling when they name one of its areas, else as given.
  await lookup(ctx, 'vm_borough', [...new Set([...distinctOf(gathered, 'borough'), ...distinctOf(gathered, 'site')])],
    (r) => resolveBorough(r) ?? r.trim().replace(/\s+/g, ' '));
  const themeIds = new Set(loadThemes().map((t) => t.id));
  const themeSql = codeCase('p.theme_raw', distinctOf(gathered, 'theme'),
    adapter.themeValues ?? ((r) => (themeIds.has(r.trim().toLowerCase()) ? r.trim().toLowerCase() : null)));
  const { parseLocal, parseAbs, utc, zjoin } = await zoneTools(ctx, adapter.zone, gathered, adapter.timeFormats, adapter.offsets, [f.queuedText]);

  const p1 = `SELECT r.rec, ${ctx.lineSql} AS line, ${f.id} AS src_id, ${f.queuedText} AS queued_text, ${f.outcomeRaw} AS outcome_raw,
      ${f.waitText} AS wait_text, ${f.talkText} AS talk_text, ${f.queue} AS queue, ${f.theme} AS theme_raw, ${f.boroughRaw} AS borough_raw,
      ${f.agentSiteRaw} AS agent_site_raw, ${f.transferredRaw} AS transferred_raw
    FROM (SELECT rowid AS rec, * FROM raw) r ${ctx.lineJoin}`;
  const p2 = `SELECT p.*, ${outcomeSql} AS outcome, ${themeSql} AS theme,
      ${seconds('p.wait_text', adapter.durations)} AS wait_seconds, ${seconds('p.talk_text', adapter.durations)} AS talk_seconds,
      b1.value AS borough, b2.value AS agent_site,
      CASE lower(p.transferred_raw) WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true WHEN 'oui' THEN true WHEN 't' THEN true
        WHEN 'y' THEN true WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false WHEN 'non' THEN false WHEN 'f' THEN false
        WHEN 'n' THEN false END AS transferred,
      ${parseLocal('p.queued_text')} AS queued_local, ${parseAbs('p.queued_text')} AS queued_abs
    FROM (${p1}) p LEFT JOIN vm_borough b1 ON b1.raw = p.borough_raw LEFT JOIN vm_borough b2 ON b2.raw = p.agent_site_raw`;
  const select = `SELECT s.*, coalesce(s.queued_abs, ${utc('zq', 's.queued_local')}) AS queued_at, zq.flag AS queued_flag
    FROM (${p2}) s ${zjoin('s.queued_local', 'zq')}`;

  const c = adapter.columns;
  const checks: Check[] = [
    ...(adapter.idOptional ? [] : [{ code: 'missing_id', severity: 'error', column: c.id, value: 'src_id', when: 'src_id IS NULL' } as Check]),
    { code: 'missing_queued_at', severity: 'error', column: c.queued, value: 'queued_text', when: 'queued_text IS NULL' },
    { code: 'bad_time', severity: 'error', column: c.queued, value: 'queued_text', when: 'queued_text IS NOT NULL AND queued_local IS NULL AND queued_abs IS NULL' },
    { code: 'missing_outcome', severity: 'error', column: c.outcome, value: 'outcome_raw', when: 'outcome_raw IS NULL' },
    { code: 'unknown_outcome', severity: 'error', column: c.outcome, value: 'outcome_raw', when: 'outcome_raw IS NOT NULL AND outcome IS NULL' },
    { code: 'missing_wait', severity: 'error', column: c.wait, value: 'wait_text', when: 'wait_text IS NULL' },
    { code: 'bad_number', severity: 'error', column: c.wait, value: 'wait_text', when: 'wait_text IS NOT NULL AND wait_seconds IS NULL' },
    { code: 'bad_number', severity: 'error', column: c.talk, value: 'talk_text', when: 'talk_text IS NOT NULL AND talk_seconds IS NULL' },
    { code: 'negative_wait', severity: 'error', column: c.wait, value: 'wait_text', when: 'wait_seconds < 0' },
    { code: 'negative_talk', severity: 'error', column: c.talk, value: 'talk_text', when: 'talk_seconds < 0' },
    { code: 'absurd_wait', severity: 'error', column: c.wait, value: 'wait_text', when: `wait_seconds > ${ABSURD_WAIT}` },
    { code: 'queued_before_min_date', severity: 'error', column: c.queued, value: 'queued_text', when: `queued_at < ${ts(ctx.minDate)}` },
    { code: 'queued_after_snapshot', severity: 'error', column: c.queued, value: 'queued_text', when: 'queued_at > $snap + INTERVAL 1 DAY', late: true },
    { code: 'long_wait_suspect', severity: 'warning', column: c.wait, value: 'wait_text', when: `wait_seconds > ${SUSPECT_WAIT} AND wait_seconds <= ${ABSURD_WAIT}` },
    { code: 'dst_gap', severity: 'warning', column: c.queued, value: 'queued_text', when: `queued_flag = 'gap'` },
    { code: 'dst_overlap', severity: 'warning', column: c.queued, value: 'queued_text', when: `queued_flag = 'overlap'` },
    { code: 'unknown_theme', severity: 'warning', column: c.theme, value: 'theme_raw', when: 'theme_raw IS NOT NULL AND theme IS NULL' },
    { code: 'unknown_transferred', severity: 'warning', column: c.transferred, value: 'transferred_raw', when: 'transferred_raw IS NOT NULL AND transferred IS NULL' },
  ];
  const valueSql: Record<string, string> = {
    src_id: f.id, queued_text: f.queuedText, outcome_raw: f.outcomeRaw, wait_text: f.waitText, talk_text: f.talkText,
    theme_raw: f.theme, transferred_raw: f.transferredRaw,
  };
  return {
    select,
    checks,
    valueSql,
    content: ['queued_text', 'outcome_raw', 'wait_text', 'talk_text', 'queue', 'theme_raw', 'borough_raw', 'agent_site_raw'],
    table: 'call_versions',
    stored: CALL_STORED,
    extra: [],
    timeSql: 'queued_at',
    mainTime: 'queued_at',
    idColumn: c.id,
  };
}
