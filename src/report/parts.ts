/**
 * The parts every page of the report is made of, whatever the section: a table (cells carrying their verdict), a
 * figure (its chart's spec and the tables of its numbers), and the table of a rate-by-group chart.
 */
import { msg, type Lang } from '../messages.ts';
import { integer, percent } from '../render/compliance.ts';
import type { Verdict, VlSpec } from '../render/charts.ts';

/** A table cell: its text, and the verdict it carries (coloured and marked on the page). */
export interface Cell { text: string; verdict?: Verdict | undefined; num?: boolean }
export interface Table { head: string[]; rows: Cell[][]; }

export interface Figure {
  /** The file name of the chart (fixed, never from the data). */
  name: string;
  section: 'calls' | 'tickets' | 'follow-up';
  title: string;
  note: string;
  spec: VlSpec | null;
  /** The chart's numbers; null where another table already holds them (the maps). */
  tables: Table[];
  map: boolean;
}

/** A number's cell (right-aligned), with the verdict it carries. */
export const c = (text: string, verdict?: Verdict, num = true): Cell => ({ text, verdict, num });
/** A text cell. */
export const t = (text: string): Cell => ({ text, num: false });

/** The table of a rate-by-group chart: the rows in the chart's order (worst first, too few after). */
export function rateTable(spec: VlSpec | null, keyHead: string, lang: Lang): Table[] {
  const r = msg(lang).report;
  const values = ((spec?.data as { values?: Record<string, unknown>[] } | undefined)?.values ?? []);
  if (!values.length) return [];
  return [{
    head: [keyHead, r.cols.rate!, r.cols.ci!, r.cols.n!, r.cols.verdict!],
    rows: values.map((v) => {
      const verdict = v.status as Verdict;
      return [t(String(v.group)), c(percent(v.value as number | null, lang), verdict),
        c(v.lo === null ? '–' : `${percent(v.lo as number, lang)} – ${percent(v.hi as number, lang)}`), c(integer(Number(v.n ?? 0), lang)),
        { text: String(v.verdict), verdict, num: false }];
    }),
  }];
}
