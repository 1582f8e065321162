/** The compliance renderers: a group key that a spreadsheet would run as a formula is written as text in CSV and Markdown. */
import test from 'ava';
import { cell, neutralizeFormula, noticeText, renderCsv, renderMarkdown, renderTable, VERDICT_MARK } from '../../src/render/compliance.ts';
import type { ComplianceReport } from '../../src/compliance/report.ts';
import type { Group, MetricResult } from '../../src/compliance/result.ts';

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
  const md = renderMarkdown(report, ['queue'], { lang: 'en', minN: 30, zone: 'America/Toronto' });
  t.regex(md, /\| '=HYPERLINK/);
  t.notRegex(md, /\| =HYPERLINK/);
  t.regex(md, /\| general \|/);
});

const judged = (value: number, verdict: MetricResult['verdict'], denominator = 200): MetricResult => ({ value, numerator: Math.round(value * denominator),
  denominator, target: 0.8, target_kind: 'at_least', verdict, met: verdict === 'met' ? true : verdict === 'missed' ? false : null, variant: 'F1',
  ci95: null, example: false, note: null });

test('a judged cell carries its verdict as a mark that survives NO_COLOR; too few shows n instead; no target, no mark', (t) => {
  t.is(cell('calls.service_level', judged(0.432, 'missed'), 'fr'), `43,2 % ≥ 80,0 % ${VERDICT_MARK.missed}`);
  t.is(cell('calls.service_level', judged(0.85, 'met'), 'en'), `85.0 % ≥ 80.0 % ${VERDICT_MARK.met}`);
  t.is(cell('calls.service_level', judged(0.5, 'too_few', 14), 'fr'), '50,0 % ≥ 80,0 % (n=14)');
  t.is(cell('calls.offered', metric, 'fr'), '12');
  t.is(cell('calls.service_level', { ...judged(0.5, 'missed'), example: true }, 'fr'), `50,0 % ≥ 80,0 % (ex.) ${VERDICT_MARK.missed}`);
});

test('Markdown: themes in words, a group without a borough or theme named so, the marks and the notices explained', (t) => {
  const g = (borough: string | null, theme: string | null, sl: MetricResult): Group => ({ borough, theme, queue: null, month: null, week: null,
    day: null, final: true, metrics: { 'calls.offered': metric, 'calls.service_level': sl } });
  const r: ComplianceReport = { ...report, groups: [g(null, null, judged(0.43, 'missed')), g('Verdun', 'roads_snow', judged(0.9, 'met')),
    g(null, 'parks_trees', judged(0.5, 'missed')), g('Verdun', null, judged(0.5, 'too_few', 3))],
    notices: [{ code: 'zone_mismatch', source: 'ottawa', zone: 'America/Toronto', standards_zone: 'America/Vancouver' }] };
  const fr = renderMarkdown(r, ['borough', 'theme'], { lang: 'fr', minN: 30, zone: 'America/Toronto' });
  t.regex(fr, /\| Verdun \| Voirie et déneigement \|/);
  t.regex(fr, /\| sans arrondissement \| Parcs et arbres \|/);
  t.regex(fr, /\| Verdun \| sans thème \|/);
  t.notRegex(fr, /roads_snow|parks_trees/);
  t.true(fr.includes('▼ : norme non respectée ; ✓ : norme respectée'));
  t.true(fr.includes(noticeText(r.notices[0]!, 'fr')));
  t.regex(noticeText(r.notices[0]!, 'fr'), /ottawa.*America\/Toronto.*America\/Vancouver/s);
  const en = renderMarkdown(r, ['borough', 'theme'], { lang: 'en', minN: 30, zone: 'America/Toronto' });
  t.regex(en, /\| no borough \| Parks and trees \|/);
  t.true(en.includes('▼: the standard is missed; ✓: it is met'));
});

test('tables: a heading in words, partial weeks marked, empty groups left out unless asked, the closed cohort named so', (t) => {
  const calls = (offered: number): MetricResult => ({ ...metric, value: offered });
  const wk = (week: string | null, offered: number): Group => ({ borough: null, theme: null, queue: null, month: null, week, day: null, final: true,
    metrics: { 'calls.offered': calls(offered), 'calls.service_level': judged(0.43, 'missed') } });
  const r: ComplianceReport = { ...report, as_of: '2019-07-01T00:00:00-04:00', kind: 'calls',
    groups: [wk(null, 400), wk('2018-W35', 100), wk('2018-W36', 300), wk('2018-W37', 0)] };
  const o = { lang: 'fr' as const, minN: 30, zone: 'America/Toronto', color: false };
  const fr = renderTable(r, ['week'], o);
  t.regex(fr, /^Conformité aux normes : appels, septembre 2018, en date du 1er juillet 2019\n/);
  t.regex(fr, /2018-W35 \(partielle\)/);
  t.regex(fr, /2018-W36 /);
  t.notRegex(fr, /2018-W36 \(partielle\)/);
  t.notRegex(fr, /2018-W37/);
  t.regex(fr, /1 groupe sans rien à montrer .* omis : --all-groups l'affiche/);
  t.regex(fr, /partielle : semaine coupée par la période/);
  const all = renderTable(r, ['week'], { ...o, allGroups: true });
  t.regex(all, /2018-W37/);
  t.notRegex(all, /--all-groups/);
  t.regex(renderMarkdown(r, ['week'], { ...o, lang: 'en' }), /^# Compliance with the standards: calls, September 2018, as of July 1, 2019\n[^]*\| 2018-W35 \(partial\) \|/);
  const tickets: ComplianceReport = { ...report, kind: 'tickets', cohort: 'closed', groups: [{ ...group(null), metrics: { 'tickets.created': calls(5) } }] };
  t.regex(renderTable(tickets, [], o), /^\s+fermées\s/m);
  t.regex(renderTable({ ...tickets, cohort: 'created' }, [], o), /^\s+créées\s/m);
});
