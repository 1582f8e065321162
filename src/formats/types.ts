/**
 * A format adapter turns a source's raw columns into the canonical ticket fields. Adapters are declarative: they
 * give SQL expressions over the raw columns (all read as text) and TS functions for coded values (status, nature,
 * channel). The import engine applies coded-value functions once per distinct raw value and joins the result back,
 * and does the reading, time parsing, checks, keys and history the same way for every format.
 */
import type { CallOutcome as Outcome } from '../metrics/call-counts.ts';

export type Mode = 'snapshot' | 'incremental';
export type Status = 'open' | 'closed' | 'cancelled' | 'refused' | 'duplicate' | 'unknown';
export type Nature = 'request' | 'information' | 'complaint' | 'comment';
export type Channel = 'phone' | 'email' | 'web' | 'mobile' | 'in_person' | 'social' | 'mail' | 'fax' | 'other' | 'unknown';

/** SQL expressions (over raw text columns) for the raw ticket fields; `CAST(NULL AS VARCHAR)` where a source has none. */
export interface TicketFieldSql {
  /** The source's id, NULL when absent (then the row is keyed by a content hash). */
  id: string;
  natureRaw: string;
  statusRaw: string;
  /** Local creation time as written. */
  createdText: string;
  /** Local close time as written; NULL when the close time is the status time of a closing status. */
  closedText: string;
  /** Local due time as written. */
  dueText: string;
  /** Local time of the last status as written. */
  statusTimeText: string;
  boroughRaw: string;
  boroughGeoRaw: string;
  unitRaw: string;
  category: string;
  channelRaw: string;
  /** A theme given by the source (vigie-tickets, mapping files); NULL: the theme map decides from the category. */
  themeRaw?: string;
  /** The request's location as written: latitude and longitude in decimal degrees (WGS 84), street text. */
  latitudeText?: string;
  longitudeText?: string;
  addressText?: string;
}

/** A mapping file's borough block: the names the source uses and the spellings that mean them. */
export interface BoroughBlock {
  known?: string[];
  aliases?: Record<string, string>;
}

export interface TicketAdapter {
  name: string;
  kind: 'tickets';
  /** The source name in the store. */
  source: string;
  mode: Mode;
  /** IANA zone of the source's naive local times. */
  zone: string;
  /** How borough values are read: `montreal` resolves them to official names (unknown ones are warnings); `keep`
   * keeps them as given (trimmed), never unknown. */
  boroughs: 'montreal' | 'keep' | BoroughBlock;
  /** Times may carry an offset (`Z`, `-04:00`), used as given; naive times are read in `zone`. */
  offsets: boolean;
  /** The close time counts only for closing statuses (Open311's updated_datetime is any update otherwise). */
  closeOnlyWhenClosed: boolean;
  /** Delimiter and encoding a mapping file imposes (otherwise sniffed). */
  delimiter?: string | undefined;
  encoding?: string | undefined;
  /** strftime formats of the time columns, tried in order (the first is the fast path). */
  timeFormats: string[];
  /** Columns that must be present (case-insensitive) for the adapter to apply. */
  required: string[];
  /** Columns the adapter knows besides the required ones (read, or only recognised). */
  optional: string[];
  /** The columns read, each slot with its alternatives (src/formats/columns.ts): a drop lacking one is refused. */
  reads: string[][];
  /** Groups of read columns a known variant of the export lacks together (Montréal's archive: no status columns). */
  mayLack?: string[][] | undefined;
  /** SQL over the canonical fields (`nature`, `status`…): true where a row may lack an id ('true': ids are optional). */
  idOptional: string;
  /** The close time is the status time for closing statuses (Montréal's DATE_DERNIER_STATUT). */
  closeFromStatusTime: boolean;
  /** The source column behind each checked field, named in findings. */
  columns: { id: string; created: string; closed: string; due: string; statusTime: string; status: string; nature: string;
    channel: string; category: string; borough: string; boroughGeo: string; unit: string; theme?: string;
    latitude?: string; longitude?: string };
  /** SQL expressions for the fields; `col` quotes a raw column (NULL when absent), `has` tells whether the file has it. */
  fields(col: (name: string) => string, has: (name: string) => boolean): TicketFieldSql;
  /** Coded values, applied to each distinct non-empty raw value; null = not recognised (a warning). */
  status(raw: string): Status | null;
  nature(raw: string): Nature | null;
  channel(raw: string): Channel | null;
  /** Theme values of `themeRaw`; null: the raw value must be a theme id. */
  theme?: ((raw: string) => string | null) | null;
  /** Status, nature and channel when the raw value is empty or absent. */
  defaults: { status: Status; nature: Nature; channel: Channel };
}

/** The outcome of a call (docs/methods.md §1.1): one definition, in src/metrics, where offered and the rates are decided. */
export type { Outcome };

/** SQL expressions (over raw text columns) for the raw fields of a call (one call that reached the queue). */
export interface CallFieldSql {
  id: string;
  queuedText: string;
  outcomeRaw: string;
  waitText: string;
  talkText: string;
  queue: string;
  theme: string;
  boroughRaw: string;
  agentSiteRaw: string;
  transferredRaw: string;
}

/** What every call-side adapter declares: its name and source, mode, zone, time formats and columns. */
interface CallSideAdapter {
  name: string;
  source: string;
  mode: Mode;
  /** IANA zone of the source's naive local times. */
  zone: string;
  /** strftime formats of the time columns, tried in order. */
  timeFormats: string[];
  /** Times may carry an offset, used as given. */
  offsets: boolean;
  required: string[];
  optional: string[];
  /** The columns read, each slot with its alternatives (src/formats/columns.ts): a drop lacking one is refused. */
  reads: string[][];
  /** Groups of read columns a known variant of the export lacks together. */
  mayLack?: string[][] | undefined;
  delimiter?: string | undefined;
  encoding?: string | undefined;
}

/** An adapter for call logs. */
export interface CallAdapter extends CallSideAdapter {
  kind: 'calls';
  columns: { id: string; queued: string; outcome: string; wait: string; talk: string; queue: string; theme: string; borough: string;
    agentSite: string; transferred: string };
  fields(col: (name: string) => string, has: (name: string) => boolean): CallFieldSql;
  outcome(raw: string): Outcome | null;
  /** How durations are written: seconds, or `h:mm:ss` (both are read when `either`). */
  durations: 'seconds' | 'h:mm:ss' | 'either';
  /** The source has no call id: rows are keyed by their content and occurrence, and a missing id is no error. */
  idOptional?: boolean;
  /** Theme values of the theme column (mapping files); null: the raw value must be a theme id. */
  themeValues?: ((raw: string) => string | null) | null;
}

/** SQL expressions for the raw fields of an ACD interval report row (docs/methods.md §1.8). */
export interface IntervalFieldSql {
  startText: string;
  minutesText: string;
  queue: string;
  theme: string;
  boroughRaw: string;
  counts: Record<'offered' | 'answered' | 'abandoned' | 'answered_within' | 'abandoned_short', string>;
  thresholdText: string;
  waitTotalText: string;
  talkTotalText: string;
}

/** An adapter for ACD interval reports: counts per interval (15 minutes to a week) and queue. */
export interface IntervalAdapter extends CallSideAdapter {
  kind: 'call-intervals';
  fields(col: (name: string) => string, has: (name: string) => boolean): IntervalFieldSql;
}

export type Adapter = TicketAdapter | CallAdapter | IntervalAdapter;

/** Case-, accent- and space-insensitive text, for matching coded values. */
export function foldCode(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** NULL for empty or blank text. */
/**
 * The columns a `fields` function reads, one slot each, in the order it reads them: what an adapter without
 * alternative names declares as `reads`, derived from the one place that reads them.
 */
export function readsOfFields(fields: (col: (name: string) => string, has: (name: string) => boolean) => unknown): string[][] {
  const seen: string[] = [];
  fields((name) => {
    if (!seen.includes(name)) seen.push(name);
    return 'NULL';
  }, () => true);
  return seen.map((name) => [name]);
}

export function blankToNull(expr: string): string {
  return `nullif(trim(${expr}), '')`;
}

/** A coded-value function from a table of folded raw values. */
export function codeTable<T extends string>(table: Record<string, T>): (raw: string) => T | null {
  return (raw) => table[foldCode(raw)] ?? null;
}
