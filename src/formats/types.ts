/**
 * A format adapter turns a source's raw columns into the canonical ticket fields. Adapters are declarative: they
 * give SQL expressions over the raw columns (all read as text), and the import engine does the reading, time
 * parsing, checks, keys and history the same way for every format.
 */
export type Mode = 'snapshot' | 'incremental';

/** SQL expressions (over raw text columns) for the intermediate ticket fields. `NULL` where a source has none. */
export interface TicketFieldSql {
  /** The source's id, NULL or '' when absent (then the row is keyed by a content hash). */
  id: string;
  /** request | information | complaint | comment, and NULL where the raw value is not recognised. */
  nature: string;
  natureRaw: string;
  /** open | closed | cancelled | refused | duplicate | unknown. */
  status: string;
  statusRaw: string;
  /** Local creation time as written. */
  createdText: string;
  /** Local close time as written (only for closed, cancelled and refused rows). */
  closedText: string;
  /** Local due time as written. */
  dueText: string;
  /** Local time of the last status as written (all rows; used for the snapshot time and checked). */
  statusTimeText: string;
  boroughRaw: string;
  boroughGeoRaw: string;
  unitRaw: string;
  category: string;
  /** phone | email | web | mobile | in_person | social | mail | fax | other | unknown; NULL when not recognised. */
  channel: string;
  channelRaw: string;
}

export interface TicketAdapter {
  name: string;
  kind: 'tickets';
  /** The source name in the store. */
  source: string;
  mode: Mode;
  /** IANA zone of the source's naive local times. */
  zone: string;
  /** Columns that must be present (case-insensitive) for the adapter to apply. */
  required: string[];
  /** Columns the adapter reads when present. */
  optional: string[];
  /** How borough values are read: `montreal` resolves them to official names (unknown ones are warnings); `keep`
   * keeps them as given (trimmed), never unknown. */
  boroughs: 'montreal' | 'keep';
  /** strftime formats of the time columns, tried in order. */
  timeFormats: string[];
  /** SQL over the canonical fields (`nature`, `status`…): true where a row may lack an id ('true': ids are optional). */
  idOptional: string;
  /** The source column behind each checked field, named in findings. */
  columns: { id: string; created: string; closed: string; due: string; statusTime: string; status: string; nature: string;
    channel: string; category: string; borough: string; boroughGeo: string; unit: string };
  fields(col: (name: string) => string): TicketFieldSql;
}

export type Adapter = TicketAdapter;

/** Case-, accent- and space-insensitive text, for matching raw codes. */
export function foldSql(expr: string): string {
  return `lower(strip_accents(trim(${expr})))`;
}

/** NULL for empty or blank text. */
export function blankToNull(expr: string): string {
  return `nullif(trim(${expr}), '')`;
}
