/**
 * The options several commands share, declared once (each factory gives the same flag and help text wherever it is
 * used). Their parsers are in src/commands/option-values.ts: a command's help loads the declarations alone (commander,
 * nothing of the message catalogue or the calendar).
 */
import { Option, type Command } from 'commander';

export const CITY_ZONE = 'America/Toronto';
/** Output formats of the commands; `junit` and `github` are validate's (CI), `ndjson` and `parquet` compliance's. */
export type OutputFormat = 'table' | 'json' | 'csv' | 'md' | 'ndjson' | 'parquet' | 'junit' | 'github';

/** `--store`: where the store is (read by `storePath` in session.ts). */
export function storeOption(): Option {
  return new Option('--store <path>', 'store file (default ./data/vigie.duckdb, or VIGIE_STORE)');
}

/** `--standards`: the standards file, whose time zone also reads the command's dates and instants. */
export function standardsOption(): Option {
  return new Option('--standards <file>', 'standards file (default: the shipped Montréal standards)');
}

/** `--as-of`: replay the store as known at an instant, read in the standards' time zone (`parseInstant`). */
export function asOfOption(): Option {
  return new Option('--as-of <instant>', "replay the store as it was known at this date or instant (in the standards' time zone)");
}

/** `--output` with the command's formats (`table, json, csv or md`), and `--json` as its short form. */
export function outputOptions(formats: readonly OutputFormat[]): Option[] {
  const words = formats.length > 1 ? `${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}` : formats.join('');
  return [new Option('--output <format>', words).default('table'), new Option('--json', 'short for --output json')];
}

/**
 * `--period`: which month, quarter or year; `latest` says what the default month is the latest of (or, with
 * `fallback`, what the command takes without one).
 */
export function periodOption(latest: string, fallback?: string): Option {
  return new Option('--period <period>', `a month (2018-09), a quarter (2018-Q3) or a year (2018); default: ${fallback ?? `the latest month with ${latest}`}`);
}

/** `--from` and `--to`: a range of months instead of `--period`. */
export function rangeOptions(): Option[] {
  return [new Option('--from <month>', 'first month, included'), new Option('--to <month>', 'last month, included')];
}

/**
 * How to read a drop file (import and validate): format, mapping, encoding, source, mode, dates, missing columns.
 * `formats` are the names `--format` takes (the caller's, from src/formats: this file does not load the adapters).
 */
export function inputOptions(formats: readonly string[]): Option[] {
  return [
    new Option('--format <name>', `input format: ${formats.join(', ')} (auto detects it from the header)`).default(undefined),
    new Option('--map <file.json>', 'a mapping file describing the export (columns, time formats, values, boroughs)'),
    new Option('--encoding <name>', 'text encoding of the file (default: detected; utf-8, windows-1252, latin1, utf-16le)'),
    new Option('--source <name>', "source name in the store (default: the format's)"),
    new Option('--mode <mode>', 'snapshot (each drop re-publishes everything) or incremental (each drop adds rows)'),
    new Option('--min-date <date>', 'reject rows created before this date (default 1990-01-01)'),
    new Option('--snapshot-time <instant>', 'when the drop was taken (default: the ISO date in the file name, else the newest time in the drop)'),
    new Option('--allow-missing-columns', 'accept a drop that lacks columns its format reads or the previous drop had (read as empty; a warning)'),
  ];
}

/** The values of the options that choose what a reading command looks at: store, standards, months, as-of, output. */
export interface SelectionOptions {
  store?: string | undefined;
  standards?: string | undefined;
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  asOf?: string | undefined;
  by?: string | undefined;
  source?: string | undefined;
  output?: string | undefined;
  json?: boolean | undefined;
}

/** Adds options to a command, in order. */
export function withOptions(cmd: Command, ...options: (Option | Option[])[]): Command {
  for (const o of options.flat()) cmd.addOption(o);
  return cmd;
}
