/**
 * The commands vigie has, in the order its help lists them, each with its one-line description. This file imports
 * nothing, so that `vigie --help` and `vigie --version` can list the commands without loading any of them: the
 * program loads only the command a command line names (see src/cli.ts), and that command's file reads its
 * description from here.
 */
export const COMMAND_NAMES = ['import', 'validate', 'status', 'export', 'compliance', 'follow-up', 'standards', 'staffing', 'report', 'demo'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Other names a command answers to: the French word the commission uses. */
export const ALIASES: Readonly<Record<string, CommandName>> = { suivi: 'follow-up' };

export const DESCRIPTIONS: Record<CommandName, string> = {
  import: 'import drop files into the store (one transaction per file; every row accounted for)',
  validate: 'check drop files without importing them (exit 2 on any error finding)',
  status: 'show what the store holds: drops, sources, periods, boroughs, rejects',
  export: 'write the tickets of the store as Parquet (by source and month) or as the generic vigie-tickets CSV',
  compliance: 'compliance with the standards per borough, theme, queue and period, for calls and tickets',
  'follow-up': 'what happens to requests after the first answer (« suivi »): reopened, transferred, stale, repeated, vanished',
  standards: 'check, show and start a standards file (targets, business calendar, ticket rules)',
  staffing: 'agents needed per interval of the week to meet the service-level standard (Erlang C and Erlang A), from the observed calls',
  report: "the commission's report: a self-contained HTML page with charts, its Markdown tables, the JSON and a manifest",
  demo: "generate realistic Montréal data in the city's own formats and import it into ./vigie-demo/",
};

/**
 * How the program's help names each command (commander's own term: the name, `[options]` when it has any, then its
 * arguments). The help of the whole program is written from here, so that it is the same whether the commands were
 * loaded or not; test/commands/catalog.test.ts checks it against what commander says of each loaded command.
 */
export const TERMS: Record<CommandName, string> = {
  import: 'import [options] <files...>',
  validate: 'validate [options] <files...>',
  status: 'status [options]',
  export: 'export [options] <format>',
  compliance: 'compliance [options]',
  'follow-up': 'follow-up|suivi [options]',
  standards: 'standards',
  staffing: 'staffing [options]',
  report: 'report [options]',
  demo: 'demo [options]',
};
