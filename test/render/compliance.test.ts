/** The compliance renderers: a group key that a spreadsheet would run as a formula is written as text in CSV and Markdown. */
import test from 'ava';
import { neutralizeFormula, renderCsv, renderMarkdown } from '../../src/render/compliance.ts';
import type { ComplianceReport } from '../../src/compliance/report.ts';
import type { Group, MetricResult } from '../../src/compliance/calls.ts';

const metric: MetricResult = { value: 12, numerator: null, denominator: null, target: null, target_kind: null, verdict: 'no_target', met: null,
  variant: null, ci95: null, example: false, note: null };
const group = (queue: string | null): Group => ({ borough: null, theme: null, queue, month: null, week: null, day: null, final: true,
  metrics: { 'calls.offered': metric } });
const report: ComplianceReport = {
  period: '2018-09', from: '2018-09', to: '2018-09', as_of: '2018-10-01T00:00:00-04:00', kind: 'calls', data: 'calls', cohort: null,
  standards: { file: 'montreal.yaml', sha256: 'x' }, examples: [],
  notices: [],
  groups: [group(null), group('=HYPERLINK("http://example.invalid","x")'), group('+1'), group('@SUM(A1)'), group('-2'), group('general')],
};

test('formula-like text gets an apostrophe; other text and numbers are left alone', (t) => {
  for (const s of ['=1+1', '+1', '-1', '@A1', '\tx', '\rx']) t.is(neutralizeFormula(s), `'${s}`);
  for (const s of ['general', 'Côte-des-Neiges', '1-2', '']) t.is(neutralizeFormula(s), s);
});

test('CSV (both dialects) and Markdown write formula-like group keys as text', (t) => {
  for (const dialect of ['rfc4180', 'excel-fr'] as const) {
    const lines = renderCsv(report, dialect).split(/\r?\n/);
    t.true(lines.some((l) => l.includes(`"'=HYPERLINK(""http://example.invalid"",""x"")"`)), dialect);
    t.false(lines.some((l) => /(^|[,;])=HYPERLINK/.test(l)), dialect);
    t.true(lines.some((l) => l.includes("'+1")));
    t.true(lines.some((l) => l.includes("'@SUM(A1)")));
    t.true(lines.some((l) => l.includes("'-2")));
    // numbers are numbers: the value column of the city-wide row is 12, not '12
    t.true(lines.some((l) => /calls\.offered[,;]12[,;]/.test(l)));
  }
  const md = renderMarkdown(report, ['queue'], { lang: 'en', minN: 30 });
  t.regex(md, /\| '=HYPERLINK/);
  t.notRegex(md, /\| =HYPERLINK/);
  t.regex(md, /\| general \|/);
});
