/**
 * The ticket kind of the import engine: how a ticket adapter's raw fields become staged rows (coded values, borough
 * names, themes, times in UTC) and the checks a ticket row goes through (README.md, Findings).
 */
import type { TicketAdapter } from '../formats/types.ts';
import { boroughResolver } from '../formats/mapping.ts';
import { resolveBorough } from '../standards/boroughs.ts';
import { compileThemeMap, loadThemes } from '../standards/themes.ts';
import { codeCase, distinctOf, lookup, zoneTools, type Check, type StageContext, type StageSpec } from './staging.ts';
import { ts } from '../sql.ts';

const LONG_VALUE = 10_000;

/**
 * Stored columns added after the first stores were written (schema 7): a stored version holding none of them is
 * filled in by a later drop that has them, in place, rather than given a new version.
 */
export const TICKET_FILLED = ['status_at', 'latitude', 'longitude', 'address'] as const;

/** A coordinate as written, with a decimal point or a decimal comma (`45,5088`, as semicolon-separated exports write it). */
const number = (x: string) => `try_cast(CASE WHEN contains(${x}, ',') AND NOT contains(${x}, '.') THEN replace(${x}, ',', '.') ELSE ${x} END AS DOUBLE)`;

/** A usable position: both coordinates numbers within their ranges, and not 0, 0 (a missing point written as zeros). */
const placeOk = `(lat_num BETWEEN -90 AND 90 AND lon_num BETWEEN -180 AND 180 AND NOT (lat_num = 0 AND lon_num = 0))`;

/** The columns a ticket version stores and compares (besides keys, drop, validity and line). */
export const TICKET_STORED = ['created_at', 'closed_at', 'status', 'status_raw', 'due_at', 'borough', 'borough_raw', 'borough_geo_raw',
  'unit_raw', 'category', 'theme', 'channel', 'channel_raw', 'nature', ...TICKET_FILLED] as const;

let themeOf: ((category: string | null) => string) | undefined;

/**
 * Borough names kept as given: trimmed, and the spellings that differ only by case or spacing grouped under one
 * (the first in sorted order that is not all capitals, else the first).
 */
function keepSpelling(values: string[]): (raw: string) => string {
  const key = (v: string) => v.trim().replace(/\s+/g, ' ').toLowerCase();
  const groups = new Map<string, string[]>();
  for (const v of values) groups.set(key(v), [...(groups.get(key(v)) ?? []), v.trim().replace(/\s+/g, ' ')]);
  const pick = new Map<string, string>();
  for (const [k, vs] of groups) {
    const sorted = [...new Set(vs)].sort();
    pick.set(k, sorted.find((v) => v !== v.toUpperCase()) ?? sorted[0]!);
  }
  return (raw) => pick.get(key(raw)) ?? raw.trim();
}

function tsLit(d: Date): string {
  return `${ts(d)}`;
}

/**
 * The checks of a ticket row. Most are decided row by row while staging and kept as bits; the two that depend on the
 * snapshot time (`late`) are evaluated afterwards over the staged times. `value` names the raw field quoted in findings.
 */
function ticketChecks(adapter: TicketAdapter, minDate: Date): Check[] {
  const c = adapter.columns;
  return [
    { code: 'missing_id', severity: 'error', column: c.id, value: 'src_id', when: `src_id IS NULL AND NOT (${adapter.idOptional})` },
    { code: 'missing_created_at', severity: 'error', column: c.created, value: 'created_text', when: 'created_text IS NULL' },
    { code: 'bad_time', severity: 'error', column: c.created, value: 'created_text', when: 'created_text IS NOT NULL AND created_local IS NULL AND created_abs IS NULL' },
    { code: 'bad_time', severity: 'error', column: c.statusTime, value: 'status_time_text', when: 'status_time_text IS NOT NULL AND status_time_local IS NULL AND status_time_abs IS NULL' },
    ...(adapter.closeFromStatusTime ? [] : [
      { code: 'bad_time', severity: 'error', column: c.closed, value: 'closed_text', when: 'closed_text IS NOT NULL AND closed_local IS NULL AND closed_abs IS NULL' } as Check]),
    { code: 'bad_time', severity: 'error', column: c.due, value: 'due_text', when: 'due_text IS NOT NULL AND due_local IS NULL AND due_abs IS NULL' },
    { code: 'created_before_min_date', severity: 'error', column: c.created, value: 'created_text', when: `created_at < ${tsLit(minDate)}` },
    { code: 'created_after_snapshot', severity: 'error', column: c.created, value: 'created_text', when: 'created_at > $snap + INTERVAL 1 DAY', late: true },
    { code: 'closed_before_created', severity: 'warning', column: c.closed, value: 'closed_text', when: 'closed_at < created_at' },
    { code: 'closed_after_snapshot', severity: 'warning', column: c.closed, value: 'closed_text', when: 'closed_at > $snap', late: true },
    { code: 'dst_gap', severity: 'warning', column: c.created, value: 'created_text', when: `created_flag = 'gap'` },
    { code: 'dst_overlap', severity: 'warning', column: c.created, value: 'created_text', when: `created_flag = 'overlap'` },
    { code: 'dst_gap', severity: 'warning', column: c.closed, value: 'closed_text', when: `closed_flag = 'gap'` },
    { code: 'dst_overlap', severity: 'warning', column: c.closed, value: 'closed_text', when: `closed_flag = 'overlap'` },
    { code: 'unknown_status', severity: 'warning', column: c.status, value: 'status_raw', when: 'status_unknown' },
    { code: 'unknown_borough', severity: 'warning', column: c.borough, value: 'borough_raw', when: 'borough_raw IS NOT NULL AND borough_resolved IS NULL' },
    { code: 'unmapped_category', severity: 'warning', column: c.category, value: 'category', when: `category IS NOT NULL AND theme = 'other'` },
    { code: 'unknown_theme', severity: 'warning', column: c.theme ?? '-', value: 'theme_raw', when: 'theme_unknown' },
    { code: 'unknown_nature', severity: 'warning', column: c.nature, value: 'nature_raw', when: 'nature_unknown' },
    { code: 'unknown_channel', severity: 'warning', column: c.channel, value: 'channel_raw', when: 'channel_unknown' },
    { code: 'bad_location', severity: 'warning', column: c.latitude ?? '-', value: 'location_text',
      when: `(latitude_text IS NOT NULL OR longitude_text IS NOT NULL) AND NOT coalesce(${placeOk}, false)` },
    ...(['category', 'borough_raw', 'borough_geo_raw', 'unit_raw'] as const).map((field): Check => ({
      code: 'long_value', severity: 'warning',
      column: { category: c.category, borough_raw: c.borough, borough_geo_raw: c.boroughGeo, unit_raw: c.unit }[field],
      value: field, when: `length(${field}) > ${LONG_VALUE}`,
    })),
  ];
}

export async function ticketStage(ctx: StageContext, adapter: TicketAdapter): Promise<StageSpec> {
  // 3. Coded values, borough names and themes: each distinct raw value resolved once in TS, joined back in SQL.
  const f = ctx.fields(adapter.fields(ctx.col, ctx.has));
  const themeRaw = f.themeRaw ?? 'CAST(NULL AS VARCHAR)';
  // One pass over the raw rows gathers every distinct coded value, borough name and category, and the time span.
  const texts = [f.createdText, f.closedText, f.dueText, f.statusTimeText];
  const gathered = await ctx.one(`SELECT list(DISTINCT ${f.statusRaw}) AS status, list(DISTINCT ${f.natureRaw}) AS nature,
      list(DISTINCT ${f.channelRaw}) AS channel, list(DISTINCT ${f.boroughRaw}) AS borough, list(DISTINCT ${f.unitRaw}) AS unit,
      list(DISTINCT ${f.category}) AS category, list(DISTINCT ${themeRaw}) AS theme, ${texts.map((t, i) => `min(${t}) AS lo${i}, max(${t}) AS hi${i}`).join(', ')}
    FROM raw`);
  const distinct = (key: string) => distinctOf(gathered, key);
  // Small code lists become CASE expressions; borough names and categories (hundreds) become lookup tables.
  // Montréal's responsible unit names the borough when ARRONDISSEMENT is empty; other sources' units are not boroughs.
  const unitFallback = adapter.boroughs === 'montreal';
  const boroughNames = [...new Set([...distinct('borough'), ...(unitFallback ? distinct('unit') : [])])];
  await lookup(ctx, 'vm_borough', boroughNames, adapter.boroughs === 'montreal' ? resolveBorough
    : adapter.boroughs === 'keep' ? keepSpelling(boroughNames) : boroughResolver(adapter.boroughs));
  // A theme given by the source: through its value map, or already a theme id.
  const themeIds = new Set(loadThemes().map((t) => t.id));
  const themeSql = codeCase('p.theme_raw', distinct('theme'), adapter.theme ?? ((r) => (themeIds.has(r.trim().toLowerCase()) ? r.trim().toLowerCase() : null)));
  themeOf ??= compileThemeMap();
  await lookup(ctx, 'vm_theme', distinct('category'), themeOf);

  const { parseLocal, parseAbs, utc, zjoin } = await zoneTools(ctx, adapter.zone, gathered, adapter.timeFormats, adapter.offsets, texts);
  const closing = `status IN ('closed', 'cancelled', 'refused')`;
  const d = adapter.defaults;

  // 5. Staged rows: canonical fields, times in UTC, and the first error that rejects the row (err, an index).
    const p1 = `SELECT r.rec, ${ctx.lineSql} AS line, ${f.id} AS src_id, ${f.natureRaw} AS nature_raw, ${f.statusRaw} AS status_raw,
      ${f.channelRaw} AS channel_raw, ${f.createdText} AS created_text, ${f.dueText} AS due_text, ${f.statusTimeText} AS status_time_text,
      ${f.closedText} AS closed_text0, ${f.boroughRaw} AS borough_raw, ${f.boroughGeoRaw} AS borough_geo_raw, ${f.unitRaw} AS unit_raw,
      ${f.category} AS category, ${themeRaw} AS theme_raw, ${f.latitudeText ?? 'CAST(NULL AS VARCHAR)'} AS latitude_text,
      ${f.longitudeText ?? 'CAST(NULL AS VARCHAR)'} AS longitude_text, ${f.addressText ?? 'CAST(NULL AS VARCHAR)'} AS address
    FROM (SELECT rowid AS rec, * FROM raw) r ${ctx.lineJoin}`;
  const statusSql = codeCase('p.status_raw', distinct('status'), (r) => adapter.status(r));
  const natureSql = codeCase('p.nature_raw', distinct('nature'), (r) => adapter.nature(r));
  const channelSql = codeCase('p.channel_raw', distinct('channel'), (r) => adapter.channel(r));
  const p2 = `SELECT p.*,
      coalesce(${statusSql}, CASE WHEN p.status_raw IS NULL THEN '${d.status}' END, 'unknown') AS status,
      (p.status_raw IS NOT NULL AND ${statusSql} IS NULL) AS status_unknown,
      coalesce(${natureSql}, '${d.nature}') AS nature, (p.nature_raw IS NOT NULL AND ${natureSql} IS NULL) AS nature_unknown,
      coalesce(${channelSql}, CASE WHEN p.channel_raw IS NULL THEN '${d.channel}' END, 'other') AS channel,
      (p.channel_raw IS NOT NULL AND ${channelSql} IS NULL) AS channel_unknown,
      b1.value AS borough_resolved, ${unitFallback ? 'coalesce(b1.value, CASE WHEN p.borough_raw IS NULL THEN b2.value END)' : 'b1.value'} AS borough,
      coalesce(${themeSql}, vt.value, 'other') AS theme, (p.theme_raw IS NOT NULL AND ${themeSql} IS NULL) AS theme_unknown,
      ${['created', 'due', 'status_time'].map((x) => `${parseLocal(`p.${x}_text`)} AS ${x}_local, ${parseAbs(`p.${x}_text`)} AS ${x}_abs`).join(', ')},
      ${parseLocal('p.closed_text0')} AS closed_local0, ${parseAbs('p.closed_text0')} AS closed_abs0,
      ${number('p.latitude_text')} AS lat_num, ${number('p.longitude_text')} AS lon_num
    FROM (${p1}) p LEFT JOIN vm_borough b1 ON b1.raw = p.borough_raw
      LEFT JOIN vm_borough b2 ON b2.raw = p.unit_raw LEFT JOIN vm_theme vt ON vt.raw = p.category`;
  const onlyClosing = (x: string) => (adapter.closeOnlyWhenClosed ? `CASE WHEN ${closing} THEN ${x} END` : x);
  const closedText = adapter.closeFromStatusTime ? `CASE WHEN ${closing} THEN status_time_text END` : onlyClosing('closed_text0');
  const closedLocal = adapter.closeFromStatusTime ? `CASE WHEN ${closing} THEN status_time_local END` : onlyClosing('closed_local0');
  const closedAbs = adapter.closeFromStatusTime ? `CASE WHEN ${closing} THEN status_time_abs END` : onlyClosing('closed_abs0');
  const p3 = `SELECT * EXCLUDE (closed_text0, closed_local0, closed_abs0), ${closedText} AS closed_text, ${closedLocal} AS closed_local,
      ${closedAbs} AS closed_abs FROM (${p2})`;
  // One join per time column the source has; Montréal's close time is its status time, so it reuses that join.
  const isNull = (sql: string) => sql === 'CAST(NULL AS VARCHAR)';
  const zone = (x: string, z: string, text: string) => (isNull(text)
    ? { at: 'CAST(NULL AS TIMESTAMPTZ)', flag: 'CAST(NULL AS VARCHAR)', join: '' }
    : { at: adapter.offsets ? `coalesce(s.${x}_abs, ${utc(z, `s.${x}_local`)})` : utc(z, `s.${x}_local`), flag: `${z}.flag`,
      join: zjoin(`s.${x}_local`, z) });
  const zc = zone('created', 'zc', f.createdText);
  const zs = zone('status_time', 'zs', f.statusTimeText);
  const zd = zone('due', 'zd', f.dueText);
  const zx = adapter.closeFromStatusTime
    ? { at: `CASE WHEN ${closing} THEN ${zs.at} END`, flag: `CASE WHEN ${closing} THEN ${zs.flag} END`, join: '' }
    : zone('closed', 'zx', f.closedText);
  const p4 = `SELECT s.*, ${zc.at} AS created_at, ${zc.flag} AS created_flag, ${zx.at} AS closed_at, ${zx.flag} AS closed_flag,
      ${zd.at} AS due_at, ${zs.at} AS status_at, CASE WHEN ${placeOk} THEN lat_num END AS latitude,
      CASE WHEN ${placeOk} THEN lon_num END AS longitude
    FROM (${p3}) s ${zc.join} ${zx.join} ${zd.join} ${zs.join}`;

  const checks = ticketChecks(adapter, ctx.minDate);
  // The raw field behind each `value`, as an expression over the raw table (samples and rejects quote it).
  const valueSql: Record<string, string> = {
    src_id: f.id, created_text: f.createdText, status_time_text: f.statusTimeText, due_text: f.dueText,
    closed_text: adapter.closeFromStatusTime ? f.statusTimeText : f.closedText, status_raw: f.statusRaw,
    nature_raw: f.natureRaw, channel_raw: f.channelRaw, borough_raw: f.boroughRaw, borough_geo_raw: f.boroughGeoRaw,
    unit_raw: f.unitRaw, category: f.category, theme_raw: themeRaw,
    location_text: `concat_ws(', ', ${f.latitudeText ?? 'NULL'}, ${f.longitudeText ?? 'NULL'})`,
  };

  return {
    select: p4,
    checks,
    valueSql,
    content: ['nature', 'category', 'created_text', 'status_raw', 'status_time_text', 'borough_raw', 'borough_geo_raw', 'unit_raw', 'channel_raw'],
    table: 'ticket_versions',
    stored: TICKET_STORED,
    extra: [],
    filled: TICKET_FILLED,
    insert: { closed_at: 'CASE WHEN closed_at >= created_at THEN closed_at END' },
    timeSql: 'greatest(created_at, coalesce(status_at, created_at), coalesce(closed_at, created_at))',
    mainTime: 'created_at',
    idColumn: adapter.columns.id,
  };
}
