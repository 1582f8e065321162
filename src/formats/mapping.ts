/**
 * Mapping files (`--map FILE.json`, README.md "Mapping files") and the built-in formats described the same way: a declarative
 * description of a source's columns, time formats, coded values and boroughs, turned into a TicketAdapter.
 *
 * ```json
 * { "source": "ottawa-311", "kind": "tickets", "mode": "incremental",
 *   "columns": { "created_at": "creation_date", "borough": "ward", "category": "call_description" },
 *   "datetime_formats": ["%Y-%b-%d %H:%M:%S", "%m/%d/%Y %H:%M"], "timezone": "America/Toronto",
 *   "values": { "channel": { "CC PHONE": "phone" } },
 *   "boroughs": { "known": ["Ward 1"], "aliases": { "WARD 1": "Ward 1" } } }
 * ```
 * A column is a source column name, a list of names whose values are joined by a space (`["date", "time"]`), or
 * `{ "first_of": [...] }`: the first of those columns the file has (for exports that renamed a column).
 * Values maps are matched case-, accent- and space-insensitively; without a map, a field takes the canonical values
 * themselves (`closed`, `phone`…). Times may carry an offset (`Z`, `-04:00`): then it is used and the zone is not.
 */
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { isValidZone } from '../time/zone.ts';
import {
  blankToNull, foldCode, type CallAdapter, type Channel, type Mode, type Nature, type Outcome, type Status, type TicketAdapter,
} from './types.ts';
import { columnKey } from './columns.ts';

export const TICKET_FIELDS = ['id', 'created_at', 'closed_at', 'status', 'due_at', 'borough', 'category', 'theme', 'channel',
  'nature', 'status_time', 'borough_geo', 'unit', 'latitude', 'longitude', 'address'] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];
export const CALL_FIELDS = ['id', 'queued_at', 'outcome', 'wait_seconds', 'talk_seconds', 'queue', 'theme', 'borough', 'agent_site',
  'transferred'] as const;
export type CallField = (typeof CALL_FIELDS)[number];

export type ColumnSpec = string | string[] | { first_of: string[] };

export interface MappingConfig {
  /** Name of the format (built-ins) or of the mapping file. */
  format?: string;
  source: string;
  kind: 'tickets' | 'calls';
  mode?: Mode;
  columns: Partial<Record<TicketField | CallField, ColumnSpec>>;
  /** Calls: how `wait_seconds` and `talk_seconds` are written. */
  durations?: Partial<Record<'wait_seconds' | 'talk_seconds', 'seconds' | 'h:mm:ss'>>;
  /** Columns that must be present for the format to be detected (built-ins); default: those of created_at (tickets) or queued_at, outcome and wait_seconds (calls). */
  required?: string[];
  datetime_formats?: string[];
  timezone?: string;
  delimiter?: string;
  encoding?: string;
  values?: Partial<Record<'status' | 'channel' | 'nature' | 'theme' | 'outcome', Record<string, string>>>;
  boroughs?: { known?: string[]; aliases?: Record<string, string> };
  /** The close time counts only for closing statuses (Open311's updated_datetime). */
  close_only_when_closed?: boolean;
  /** Mapped columns a drop may lack (each on its own); any other mapped column missing refuses the drop. */
  optional_columns?: string[];
}

const STATUSES: Status[] = ['open', 'closed', 'cancelled', 'refused', 'duplicate', 'unknown'];
const NATURES: Nature[] = ['request', 'information', 'complaint', 'comment'];
const CHANNELS: Channel[] = ['phone', 'email', 'web', 'mobile', 'in_person', 'social', 'mail', 'fax', 'other', 'unknown'];
const KEYS = ['format', 'source', 'kind', 'mode', 'columns', 'required', 'datetime_formats', 'timezone', 'delimiter', 'encoding',
  'values', 'boroughs', 'close_only_when_closed', 'durations', 'optional_columns'];
const OUTCOMES = ['answered', 'abandoned', 'timeout', 'callback', 'blocked', 'other'];

/** Checks a parsed mapping file, with a message naming the key, the value and what is allowed. */
export function checkMapping(raw: unknown, file: string, lang: Lang): MappingConfig {
  const m = msg(lang);
  const bad = (key: string, value: unknown, allowed: string) =>
    new CliError(EXIT.usage, 'map.invalid', m.badMapping(file, key, JSON.stringify(value) ?? String(value), allowed));
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('(top level)', raw, 'a JSON object');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw bad(k, o[k], `one of the keys ${KEYS.join(', ')}`);
  if (typeof o.source !== 'string' || !/^[a-z0-9][a-z0-9_.-]*$/i.test(o.source)) throw bad('source', o.source, 'a name such as "ottawa-311"');
  if (o.kind !== 'tickets' && o.kind !== 'calls') throw bad('kind', o.kind, '"tickets" or "calls"');
  const calls = o.kind === 'calls';
  const fields: readonly string[] = calls ? CALL_FIELDS : TICKET_FIELDS;
  if (o.mode !== undefined && o.mode !== 'snapshot' && o.mode !== 'incremental') throw bad('mode', o.mode, '"snapshot" or "incremental"');
  if (!o.columns || typeof o.columns !== 'object' || Array.isArray(o.columns)) throw bad('columns', o.columns, 'an object of field → column');
  const columns = o.columns as Record<string, unknown>;
  for (const [k, v] of Object.entries(columns)) {
    if (!fields.includes(k)) throw bad(`columns.${k}`, v, `a field among ${fields.join(', ')}`);
    const ok = typeof v === 'string' ? v.length > 0
      : Array.isArray(v) ? v.length > 0 && v.every((x) => typeof x === 'string')
        : !!v && typeof v === 'object' && Array.isArray((v as { first_of?: unknown }).first_of)
          && (v as { first_of: unknown[] }).first_of.every((x) => typeof x === 'string');
    if (!ok) throw bad(`columns.${k}`, v, 'a column name, a list of names joined by a space, or { "first_of": [names] }');
  }
  for (const req of calls ? ['queued_at', 'outcome', 'wait_seconds'] : ['created_at']) {
    if (!columns[req]) throw bad(`columns.${req}`, undefined, `the column holding ${req} (required)`);
  }
  if (o.optional_columns !== undefined) {
    const mapped = Object.values(columns).flatMap((v) => columnNames(v as ColumnSpec));
    const list = o.optional_columns;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw bad('optional_columns', list, 'a list of mapped column names');
    for (const n of list as string[]) {
      if (!mapped.some((x) => columnKey(x) === columnKey(n))) throw bad('optional_columns', n, `a column named in columns (${mapped.join(', ')})`);
    }
  }
  if (o.durations !== undefined) {
    const d = o.durations as Record<string, unknown>;
    if (!calls || !d || typeof d !== 'object' || Array.isArray(d)) throw bad('durations', o.durations, 'for calls: { "wait_seconds": "seconds" | "h:mm:ss" }');
    for (const [k, v] of Object.entries(d)) {
      if (k !== 'wait_seconds' && k !== 'talk_seconds') throw bad(`durations.${k}`, v, 'wait_seconds or talk_seconds');
      if (v !== 'seconds' && v !== 'h:mm:ss') throw bad(`durations.${k}`, v, '"seconds" or "h:mm:ss"');
    }
  }
  if (o.datetime_formats !== undefined && (!Array.isArray(o.datetime_formats) || !o.datetime_formats.every((x) => typeof x === 'string' && x.includes('%')))) {
    throw bad('datetime_formats', o.datetime_formats, 'a list of strftime formats such as "%Y-%m-%d %H:%M:%S"');
  }
  if (o.timezone !== undefined && (typeof o.timezone !== 'string' || !isValidZone(o.timezone))) throw bad('timezone', o.timezone, 'an IANA zone such as "America/Toronto"');
  if (o.delimiter !== undefined && (typeof o.delimiter !== 'string' || o.delimiter.length !== 1)) throw bad('delimiter', o.delimiter, 'one character');
  if (o.encoding !== undefined && typeof o.encoding !== 'string') throw bad('encoding', o.encoding, 'an encoding name');
  const values = (o.values ?? {}) as Record<string, unknown>;
  if (typeof values !== 'object' || Array.isArray(values)) throw bad('values', o.values, 'an object of field → { raw: canonical }');
  const allowed: Record<string, readonly string[]> = { status: STATUSES, channel: CHANNELS, nature: NATURES, outcome: OUTCOMES };
  const valueFields = calls ? ['outcome', 'theme'] : ['status', 'channel', 'nature', 'theme'];
  for (const [k, v] of Object.entries(values)) {
    if (!valueFields.includes(k)) throw bad(`values.${k}`, v, valueFields.join(', '));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad(`values.${k}`, v, 'an object of raw value → canonical value');
    for (const [raw, canon] of Object.entries(v as Record<string, unknown>)) {
      const list = allowed[k];
      if (typeof canon !== 'string' || (list && !list.includes(canon))) throw bad(`values.${k}.${raw}`, canon, list ? list.join(', ') : 'a theme id');
    }
  }
  if (o.boroughs !== undefined) {
    const b = o.boroughs as Record<string, unknown>;
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw bad('boroughs', b, '{ "known": [names], "aliases": { spelling: name } }');
    if (b.known !== undefined && (!Array.isArray(b.known) || !b.known.every((x) => typeof x === 'string'))) throw bad('boroughs.known', b.known, 'a list of names');
    if (b.aliases !== undefined) {
      if (!b.aliases || typeof b.aliases !== 'object' || Array.isArray(b.aliases)) throw bad('boroughs.aliases', b.aliases, 'an object of spelling → name');
      const known = new Set((b.known as string[] | undefined) ?? []);
      for (const [alias, name] of Object.entries(b.aliases as Record<string, unknown>)) {
        if (typeof name !== 'string' || (known.size && !known.has(name))) throw bad(`boroughs.aliases.${alias}`, name, 'one of the names in boroughs.known');
      }
    }
  }
  return o as unknown as MappingConfig;
}

/** Reads and checks a mapping file. */
export function loadMapping(file: string, lang: Lang): MappingConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(EXIT.usage, 'map.unreadable', msg(lang).fileUnreadable(file, (e as Error).message));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CliError(EXIT.usage, 'map.invalid', msg(lang).badMapping(file, '(JSON)', (e as Error).message, 'valid JSON'));
  }
  const config = checkMapping(raw, file, lang);
  return { format: `map:${config.source}`, ...config };
}

function columnNames(spec: ColumnSpec | undefined): string[] {
  if (spec === undefined) return [];
  if (typeof spec === 'string') return [spec];
  if (Array.isArray(spec)) return spec;
  return spec.first_of;
}

/** A value map as a function: folded raw → canonical; without a map, the canonical values themselves. */
function coded<T extends string>(map: Record<string, string> | undefined, canonical: readonly T[]): (raw: string) => T | null {
  if (map) {
    const folded = new Map(Object.entries(map).map(([k, v]) => [foldCode(k), v as T]));
    return (raw) => folded.get(foldCode(raw)) ?? null;
  }
  return (raw) => {
    const v = foldCode(raw).replace(/[\s-]+/g, '_') as T;
    return canonical.includes(v) ? v : null;
  };
}

/**
 * The borough rule of a mapping: a value (trimmed, inner spaces collapsed) is a known name or an alias of one, exactly;
 * anything else is reported, not guessed — list the spellings a source uses as aliases.
 */
export function boroughResolver(block: { known?: string[]; aliases?: Record<string, string> }): (raw: string) => string | null {
  const key = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');
  const map = new Map<string, string>();
  for (const k of block.known ?? []) map.set(key(k), k);
  for (const [alias, name] of Object.entries(block.aliases ?? {})) map.set(key(alias), name);
  return (raw) => map.get(key(raw)) ?? null;
}

/**
 * The columns a file must have to be read with this mapping at all (without `required`: those of the fields a mapping
 * must map). Any other mapped column missing is a lost column (src/formats/columns.ts): refused, unless allowed.
 */
function essential(c: MappingConfig, fields: string[]): string[] {
  return fields.flatMap((f) => {
    const spec = (c.columns as Record<string, ColumnSpec | undefined>)[f];
    return spec && typeof spec === 'object' && !Array.isArray(spec) ? [] : columnNames(spec);
  });
}

/** A mapping's read columns as slots (a `first_of` is one slot of alternatives) and the columns it may lack. */
function readsOf(c: MappingConfig): { reads: string[][]; mayLack: string[][] } {
  const reads = Object.values(c.columns).flatMap((s): string[][] => (s === undefined ? []
    : typeof s === 'string' ? [[s]] : Array.isArray(s) ? s.map((n) => [n]) : [s.first_of]));
  const optional = new Set((c.optional_columns ?? []).map(columnKey));
  return { reads, mayLack: reads.filter((slot) => slot.some((n) => optional.has(columnKey(n)))) };
}

/** Builds the adapter a mapping describes: a ticket adapter, or a call adapter for `"kind": "calls"`. */
export function adapterFromMapping(c: MappingConfig, defaultZone = 'America/Toronto'): TicketAdapter | CallAdapter {
  return c.kind === 'calls' ? callAdapterFromMapping(c, defaultZone) : ticketAdapterFromMapping(c, defaultZone);
}

function pickColumn(spec: ColumnSpec | undefined, col: (n: string) => string, has: (n: string) => boolean): string {
  if (spec === undefined) return 'CAST(NULL AS VARCHAR)';
  if (typeof spec === 'string') return blankToNull(col(spec));
  if (Array.isArray(spec)) return blankToNull(`concat_ws(' ', ${spec.map((n) => `nullif(trim(${col(n)}), '')`).join(', ')})`);
  const found = spec.first_of.find(has);
  return found === undefined ? 'CAST(NULL AS VARCHAR)' : blankToNull(col(found));
}

function callAdapterFromMapping(c: MappingConfig, defaultZone: string): CallAdapter {
  const cols = c.columns as Partial<Record<CallField, ColumnSpec>>;
  const first = (spec: ColumnSpec | undefined) => columnNames(spec)[0] ?? '-';
  const durations = c.durations ?? {};
  const waitStyle = durations.wait_seconds ?? 'either';
  return {
    name: c.format ?? `map:${c.source}`,
    kind: 'calls',
    source: c.source,
    mode: c.mode ?? 'incremental',
    zone: c.timezone ?? defaultZone,
    timeFormats: c.datetime_formats?.length ? c.datetime_formats : ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M'],
    offsets: true,
    required: c.required ?? essential(c, ['queued_at', 'outcome', 'wait_seconds']),
    optional: Object.values(cols).flatMap((s) => columnNames(s)),
    ...readsOf(c),
    delimiter: c.delimiter,
    encoding: c.encoding,
    idOptional: cols.id === undefined,
    columns: { id: first(cols.id), queued: first(cols.queued_at), outcome: first(cols.outcome), wait: first(cols.wait_seconds),
      talk: first(cols.talk_seconds), queue: first(cols.queue), theme: first(cols.theme), borough: first(cols.borough),
      agentSite: first(cols.agent_site), transferred: first(cols.transferred) },
    fields(col, has) {
      const p = (k: CallField) => pickColumn(cols[k], col, has);
      return { id: p('id'), queuedText: p('queued_at'), outcomeRaw: p('outcome'), waitText: p('wait_seconds'), talkText: p('talk_seconds'),
        queue: p('queue'), theme: p('theme'), boroughRaw: p('borough'), agentSiteRaw: p('agent_site'), transferredRaw: p('transferred') };
    },
    outcome: coded(c.values?.outcome, OUTCOMES as Outcome[]),
    durations: waitStyle,
    themeValues: c.values?.theme ? coded(c.values.theme, [] as string[]) : null,
  };
}

function ticketAdapterFromMapping(c: MappingConfig, defaultZone: string): TicketAdapter {
  const cols = c.columns as Partial<Record<TicketField, ColumnSpec>>;
  const name = c.format ?? `map:${c.source}`;
  const pick = (spec: ColumnSpec | undefined, col: (n: string) => string, has: (n: string) => boolean): string => {
    if (spec === undefined) return 'CAST(NULL AS VARCHAR)';
    if (typeof spec === 'string') return blankToNull(col(spec));
    if (Array.isArray(spec)) return blankToNull(`concat_ws(' ', ${spec.map((n) => `nullif(trim(${col(n)}), '')`).join(', ')})`);
    const found = spec.first_of.find(has);
    return found === undefined ? 'CAST(NULL AS VARCHAR)' : blankToNull(col(found));
  };
  const first = (spec: ColumnSpec | undefined, fallback: string) => columnNames(spec)[0] ?? fallback;
  const required = c.required ?? essential(c, ['created_at']);
  const optional = Object.values(cols).flatMap((s) => columnNames(s));
  const hasStatus = cols.status !== undefined;
  return {
    name,
    kind: 'tickets',
    source: c.source,
    mode: c.mode ?? 'incremental',
    zone: c.timezone ?? defaultZone,
    boroughs: c.boroughs ? c.boroughs : 'keep',
    timeFormats: c.datetime_formats?.length ? c.datetime_formats : ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M', '%Y-%m-%d'],
    offsets: true,
    required,
    optional,
    ...readsOf(c),
    idOptional: cols.id === undefined ? 'true' : `nature = 'information'`,
    closeFromStatusTime: false,
    closeOnlyWhenClosed: !!c.close_only_when_closed,
    delimiter: c.delimiter,
    encoding: c.encoding,
    columns: {
      id: first(cols.id, '-'), created: first(cols.created_at, '-'), closed: first(cols.closed_at, '-'),
      due: first(cols.due_at, '-'), statusTime: first(cols.status_time, '-'), status: first(cols.status, '-'),
      nature: first(cols.nature, '-'), channel: first(cols.channel, '-'), category: first(cols.category, '-'),
      borough: first(cols.borough, '-'), boroughGeo: first(cols.borough_geo, '-'), unit: first(cols.unit, '-'),
      theme: first(cols.theme, '-'), latitude: first(cols.latitude, '-'), longitude: first(cols.longitude, '-'),
    },
    fields(col, has) {
      return {
        id: pick(cols.id, col, has),
        natureRaw: pick(cols.nature, col, has),
        statusRaw: pick(cols.status, col, has),
        createdText: pick(cols.created_at, col, has),
        closedText: pick(cols.closed_at, col, has),
        dueText: pick(cols.due_at, col, has),
        statusTimeText: pick(cols.status_time, col, has),
        boroughRaw: pick(cols.borough, col, has),
        boroughGeoRaw: pick(cols.borough_geo, col, has),
        unitRaw: pick(cols.unit, col, has),
        category: pick(cols.category, col, has),
        channelRaw: pick(cols.channel, col, has),
        themeRaw: pick(cols.theme, col, has),
        latitudeText: pick(cols.latitude, col, has),
        longitudeText: pick(cols.longitude, col, has),
        addressText: pick(cols.address, col, has),
      };
    },
    status: coded(c.values?.status, STATUSES),
    nature: coded(c.values?.nature, NATURES),
    channel: coded(c.values?.channel, CHANNELS),
    theme: c.values?.theme ? coded(c.values.theme, [] as string[]) : null,
    // A source without a status column has no status to judge by: unknown, counted apart, never a finding.
    defaults: { status: hasStatus ? 'unknown' : 'unknown', nature: 'request', channel: 'unknown' },
  };
}
