/**
 * The columns of a drop against what its format reads and what its source's previous drop had (docs/methods.md §7.4).
 * A drop that lacks a column would otherwise be read as if the column were empty: Montréal's export with its
 * `DERNIER_STATUT, DATE_DERNIER_STATUT` renamed reads as the archive variant, which has no status, and every request
 * turns "unknown". So an import refuses a drop that
 *
 * - lacks a column its format reads (one of the alternatives of a slot, `{ "first_of": [...] }`), unless the format
 *   says a known variant of the export lacks that group of columns (`mayLack`: Montréal's archive CSVs have no status
 *   columns; the generic vigie formats' optional columns) and no column the format does not know looks like it renamed;
 * - or lacks a column that the source's previous drop of the same format had (names compared folded: case, accents and
 *   punctuation aside), unless the format reads it under another of its names;
 *
 * unless the user says it is intended (`--allow-missing-columns`). Renames are named when a missing and a new column
 * look alike: folded names at least {@link RENAME_SIMILARITY} similar, or the words of one among the other's
 * (`STATUT` in `DERNIER_STATUT`); against the previous drop, the same position too. The best-looking pairs first.
 */

/** Case, accents and everything but letters and digits folded away: `Date_Création` → `datecreation`. */
function foldName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** 1 for names equal once folded, 0 for nothing in common. */
export function nameSimilarity(a: string, b: string): number {
  const [x, y] = [foldName(a), foldName(b)];
  const longer = Math.max(x.length, y.length);
  return longer === 0 ? 1 : 1 - distance(x, y) / longer;
}

export interface ColumnChanges {
  missing: string[];
  added: string[];
  renamed: { from: string; to: string }[];
}

/**
 * Columns of `before` missing from `after`, columns of `after` new, and the renames among them: a missing and an added
 * column pair up when their names are similar (≥ RENAME_SIMILARITY) or they sit at the same position; the best pairs
 * first (similarity, plus one for the same position), each column in one pair at most. Order only: no change.
 */
export function columnChanges(before: readonly string[], after: readonly string[]): ColumnChanges {
  const missing = before.filter((c) => !after.includes(c));
  const added = after.filter((c) => !before.includes(c));
  const pairs = missing.flatMap((from) => added.map((to) => {
    const similar = nameSimilarity(from, to);
    const samePlace = before.indexOf(from) === after.indexOf(to);
    return { from, to, ok: similar >= RENAME_SIMILARITY || samePlace, score: similar + (samePlace ? 1 : 0) };
  })).filter((p) => p.ok).sort((a, b) => b.score - a.score);
  const renamed: { from: string; to: string }[] = [];
  const taken = new Set<string>();
  for (const p of pairs) {
    if (taken.has(`-${p.from}`) || taken.has(`+${p.to}`)) continue;
    taken.add(`-${p.from}`).add(`+${p.to}`);
    renamed.push({ from: p.from, to: p.to });
  }
  return {
    missing: missing.filter((c) => !taken.has(`-${c}`)),
    added: added.filter((c) => !taken.has(`+${c}`)),
    renamed: renamed.sort((a, b) => after.indexOf(a.to) - after.indexOf(b.to)),
  };
}

/** Folded names at least this similar (1 − edit distance / longer length) make a missing and an added column a rename. */
export const RENAME_SIMILARITY = 0.6;

/** The words of a column name, folded: `DATE_DERNIER_STATUT` → date, dernier, statut. */
function words(s: string): string[] {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Whether a new column `to` looks like the missing column `from` renamed, whatever their positions. */
export function looksRenamed(from: string, to: string): boolean {
  if (nameSimilarity(from, to) >= RENAME_SIMILARITY) return true;
  const [a, b] = [words(from), words(to)];
  const [small, big] = a.length <= b.length ? [a, b] : [b, a];
  return small.length > 0 && small.every((w) => big.includes(w));
}

/** How alike two names look: spelling similarity plus the share of words they have in common. */
function likeness(a: string, b: string): number {
  const [x, y] = [new Set(words(a)), new Set(words(b))];
  const common = [...x].filter((w) => y.has(w)).length;
  return nameSimilarity(a, b) + common / Math.max(1, new Set([...x, ...y]).size);
}

/** What a format reads and what variants of its export may lack. */
export interface ColumnsRead {
  /** Each slot lists alternatives, the first present is read: `[["target_dt", "sla_target_dt"]]`. */
  reads: string[][];
  /** Groups of read columns that a known variant of the export lacks together (each group allowed only whole). */
  mayLack?: string[][] | undefined;
  /** Every column the format knows (read or not): a column outside them is new to it. */
  required: string[];
  optional: string[];
}

export interface ColumnLoss {
  /** Columns the format reads that the drop lacks, and that no variant of the export lacks. */
  absent: string[];
  /** Columns of the source's previous drop that the drop lacks. */
  lost: string[];
  /** Of the above, those that a new column seems to rename. */
  renamed: { from: string; to: string }[];
  /** The previous drop compared with, when there is one. */
  previous: string | null;
}

/** A column name as headers are matched: BOM and spaces trimmed, case aside. */
export const columnKey = (s: string): string => s.replace(/^\uFEFF/, '').trim().toUpperCase();

/** The columns a drop lacks (see the module's comment); empty lists when nothing is lost. */
export function columnLoss(format: ColumnsRead, header: readonly string[], previous: { file: string; header: readonly string[] } | null): ColumnLoss {
  const have = new Set(header.map(columnKey));
  const known = new Set([...format.required, ...format.optional, ...format.reads.flat()].map(columnKey));
  const unknown = header.filter((h) => h.trim() !== '' && !known.has(columnKey(h)));
  const missingRead = format.reads.filter((slot) => !slot.some((c) => have.has(columnKey(c)))).map((slot) => slot[0]!);
  const renamed: { from: string; to: string }[] = [];
  const taken = new Set<string>();
  // The best-looking pairs first, each column in one pair at most.
  const pairAll = (froms: readonly string[], candidates: readonly string[]) => {
    const pairs = froms.flatMap((from) => candidates.filter((to) => looksRenamed(from, to)).map((to) => ({ from, to, score: likeness(from, to) })))
      .sort((x, y) => y.score - x.score);
    for (const p of pairs) {
      if (taken.has(p.to) || renamed.some((r) => r.from === p.from)) continue;
      taken.add(p.to);
      renamed.push({ from: p.from, to: p.to });
    }
  };
  pairAll(missingRead, unknown);
  const renamedFrom = new Set(renamed.map((r) => columnKey(r.from)));
  const missing = new Set(missingRead.map(columnKey));
  const excused = new Set<string>();
  for (const group of format.mayLack ?? []) {
    const g = group.map(columnKey);
    if (g.every((c) => missing.has(c)) && !g.some((c) => renamedFrom.has(c))) for (const c of g) excused.add(c);
  }
  const absent = missingRead.filter((c) => !excused.has(columnKey(c)));
  // Against the previous drop: by folded name (`ontime` and `on_time` are one column), a column the format reads under
  // another of its names not lost (Boston's `target_dt`, later `sla_target_dt`).
  const folded = new Set(header.map(foldName));
  const readElsewhere = (c: string) => format.reads.some((slot) => slot.some((x) => columnKey(x) === columnKey(c)) && slot.some((x) => have.has(columnKey(x))));
  const lost = previous ? previous.header.filter((c) => c.trim() !== '' && !folded.has(foldName(c)) && !readElsewhere(c)
    && !absent.some((a) => columnKey(a) === columnKey(c))) : [];
  if (previous && lost.length) {
    const added = header.filter((h) => !previous.header.some((p) => foldName(p) === foldName(h)));
    const changes = columnChanges(previous.header, header);
    const unpaired: string[] = [];
    for (const from of lost) {
      if (renamed.some((r) => columnKey(r.from) === columnKey(from))) continue;
      const r = changes.renamed.find((x) => x.from === from && !taken.has(x.to));
      if (r) {
        taken.add(r.to);
        renamed.push(r);
      } else unpaired.push(from);
    }
    pairAll(unpaired, added);
  }
  const order = [...missingRead, ...lost];
  renamed.sort((a, b) => order.indexOf(a.from) - order.indexOf(b.from));
  return { absent, lost, renamed, previous: previous?.file ?? null };
}

/** Whether anything is lost. */
export function losesColumns(l: ColumnLoss): boolean {
  return l.absent.length > 0 || l.lost.length > 0;
}
