/**
 * The report's page: one self-contained HTML document, French first. No script, no web font, nothing loaded from the
 * network (a Content-Security-Policy forbids it); every text from the data is escaped. Each figure is followed by
 * the table of its numbers: folded on screen, printed open. Verdicts are shown the same way everywhere — a colour
 * ({@link VERDICT_COLOURS}) and a mark or word, never the colour alone. Print CSS sets US-letter pages; the example
 * banner sits in a table header, which printing repeats on every page.
 */
import { VERDICT_COLOURS, type Verdict } from '../render/charts.ts';
import type { Lang } from '../messages.ts';
import type { Cell, Table } from './parts.ts';

/** Escapes text for HTML content and double-quoted attributes (the only kind the page uses). */
export const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Text for the page: escaped, and a percent sign never alone at the start of a line (« 80,0 % »). */
const text = (s: string) => esc(s).replaceAll(' %', '\u00a0%');

/** The mark beside a judged number: a reader without colour still sees the verdict. */
export const VERDICT_MARKS: Record<Verdict, string> = { missed: '▼', met: '✓', too_few: '·', no_target: '' };

function td(cell: Cell): string {
  const cls = [cell.num ? 'num' : '', cell.verdict ? `v-${cell.verdict}` : ''].filter(Boolean).join(' ');
  const mark = cell.verdict && cell.num && VERDICT_MARKS[cell.verdict] ? ` <span class="mark">${VERDICT_MARKS[cell.verdict]}</span>` : '';
  return `<td${cls ? ` class="${cls}"` : ''}>${text(cell.text)}${mark}</td>`;
}

/** One HTML table (head row, then body rows), inside a box that scrolls sideways on a narrow screen. */
export function htmlTable(tb: Table, caption?: string): string {
  return `<div class="scroll"><table>${caption ? `<caption>${esc(caption)}</caption>` : ''}
<thead><tr>${tb.head.map((h, i) => `<th${tb.rows[0]?.[i]?.num ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${tb.rows.map((row) => `<tr>${row.map(td).join('')}</tr>`).join('\n')}</tbody>
</table></div>`;
}

export interface PageParts {
  lang: Lang;
  title: string;
  subtitle: string;
  banner: string | null;
  notices: { heading: string; items: string[] } | null;
  headline: { heading: string; items: { text: string; verdict: Verdict | 'no_data' }[] };
  /** Each section: a heading and its body (already HTML). */
  sections: { id: string; heading: string; body: string }[];
  /** The legend of the marks, under the headline. */
  legend: string;
}

const CSS = `
:root { --missed: ${VERDICT_COLOURS.missed}; --met: ${VERDICT_COLOURS.met}; --few: ${VERDICT_COLOURS.too_few}; }
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.4;
  overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin-bottom: .3rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin-top: 1.6rem; }
.subtitle { color: #444; margin-top: 0; }
.banner { background: #fff3cd; border: 1px solid #e0c36c; padding: .5rem .8rem; }
.notices { background: #f3f3f3; border-left: 4px solid #555; padding: .4rem .8rem; }
ul.headline { list-style: none; padding: 0; }
ul.headline li { border-left: 6px solid #999; padding: .35rem .7rem; margin: .5rem 0; background: #fafafa; }
ul.headline li.v-missed { border-color: var(--missed); } ul.headline li.v-met { border-color: var(--met); }
ul.headline li.v-too_few, ul.headline li.v-no_data { border-color: var(--few); }
.legend { font-size: .8rem; color: #444; }
figure { margin: 1.5rem 0; } .chart { break-inside: avoid; page-break-inside: avoid; }
details table { break-inside: avoid; }
figcaption { font-size: .85rem; color: #444; }
figure svg { max-width: 100%; height: auto; }
.source { display: block; font-size: .75rem; color: #555; }
details { font-size: .8rem; margin-top: .3rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: .8rem; margin: .4rem 0; }
td, th { border: 1px solid #ccc; padding: .15rem .4rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; } .num { text-align: right; white-space: nowrap; }
td.v-missed { background: #fbe7c2; } td.v-met { background: #d6e6f2; } td.v-too_few { color: #666; }
.mark { font-size: .75em; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
@page { size: letter; margin: 12mm 11mm; }
table.pages, table.pages > * > tr > td { border: 0; padding: 0; font-size: inherit; }
@media screen { table.pages, table.pages > thead, table.pages > tbody, table.pages > * > tr, table.pages > * > tr > td { display: block; } }
@media (max-width: 600px) { body { margin: 1rem auto; } h1 { font-size: 1.3rem; } }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9pt; }
  details > summary { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  .banner { margin: 0 0 3mm; font-size: 7.5pt; padding: 1.5mm 3mm; }
  h2 { break-after: avoid; margin-top: 5mm; } h3 { break-after: avoid; }
  table { font-size: 6.5pt; margin: 1mm 0; } td, th { padding: 0 1.2mm; line-height: 1.25; } figure svg { max-height: 80mm; width: auto; } figure[id$="-map"] svg { max-height: 80mm; }
  figure { margin: 3mm 0; } ul.headline li { margin: 1.5mm 0; padding: 1mm 3mm; }
  td.v-missed, td.v-met, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .scroll { overflow: visible; }
}
`;

export function page(p: PageParts): string {
  const banner = p.banner ? `<p class="banner">${esc(p.banner)}</p>` : '';
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<table class="pages">${banner ? `<thead><tr><td>${banner}</td></tr></thead>` : ''}<tbody><tr><td>
<h1>${esc(p.title)}</h1>
<p class="subtitle">${esc(p.subtitle)}</p>
${p.notices ? `<div class="notices"><strong>${esc(p.notices.heading)}</strong><ul>${p.notices.items.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></div>` : ''}
<h2 id="headline">${esc(p.headline.heading)}</h2>
<ul class="headline">${p.headline.items.map((h) => `<li class="v-${h.verdict}">${text(h.text)}</li>`).join('\n')}</ul>
<p class="legend">${text(p.legend)}</p>
${p.sections.map((s) => `<section id="${s.id}"><h2>${esc(s.heading)}</h2>
${s.body}</section>`).join('\n')}
</td></tr></tbody></table>
</body>
</html>
`;
}
