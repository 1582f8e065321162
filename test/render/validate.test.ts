/** The CI renderers of `vigie validate` (src/render/validate.ts): JUnit XML and GitHub Actions workflow commands. */
import test from 'ava';
import type { Finding } from '../../src/findings.ts';
import { escapeData, escapeProperty, renderGithub, renderJunit, xmlEscape, type ValidateReport } from '../../src/render/validate.ts';
import { findAll, parseXml } from '../_helpers/xml.ts';

const NASTY = `<script>alert("x" & 'y')</script>`;

function finding(o: Partial<Finding> & Pick<Finding, 'severity' | 'code'>): Finding {
  return { message: `${o.code} message`, file: 'drop.csv', line: null, column: null, value: null, count: 1, samples: [], ...o };
}

const REPORTS: ValidateReport[] = [
  {
    file: 'drops/requetes311.csv', format: 'montreal-requetes311', kind: 'tickets', rows: 3, errors: 2, warnings: 1,
    findings: [
      finding({
        severity: 'error', code: 'bad_time', column: 'DDS_DATE_CREATION', line: 3, value: NASTY, count: 2,
        message: `time cannot be parsed; row rejected ${NASTY}`,
        samples: [{ line: 3, column: 'DDS_DATE_CREATION', value: NASTY }, { line: 7, column: 'DDS_DATE_CREATION', value: '31/02' }],
      }),
      finding({ severity: 'warning', code: 'unknown_borough', column: 'ARRONDISSEMENT', line: 4, value: 'Gotham "City"', count: 1 }),
    ],
  },
  { file: 'drops/vigie-calls.csv', format: 'vigie-calls', kind: 'calls', rows: 10, errors: 0, warnings: 0, findings: [] },
  {
    file: `weird, name: 100%\n.csv`, format: null, kind: null, rows: 0, errors: 1, warnings: 0,
    findings: [finding({ severity: 'error', code: 'import.emptyFile', message: 'is empty (0 bytes):\r\nnothing to import, 100%' })],
  },
];

test('xmlEscape: the five XML specials as entities; TAB, LF, CR kept in text but as references in attributes', (t) => {
  t.is(xmlEscape(NASTY), '&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;');
  t.is(xmlEscape('a\tb\nc\rd'), 'a\tb\nc&#13;d');
  t.is(xmlEscape('a\tb\nc\rd', true), 'a&#9;b&#10;c&#13;d');
});

test('xmlEscape: characters XML 1.0 cannot hold become U+FFFD; astral characters and accents pass', (t) => {
  t.is(xmlEscape('a\u0000b\u001bc\uFFFEd'), 'a\uFFFDb\uFFFDc\uFFFDd');
  t.is(xmlEscape('x\uD800y'), 'x\uFFFDy');
  t.is(xmlEscape('Côte-des-Neiges 🚧'), 'Côte-des-Neiges 🚧');
});

test('renderJunit: a well-formed document, testsuites > testsuite per file > testcase per finding, with the totals', (t) => {
  const xml = renderJunit(REPORTS, 'en');
  t.true(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const root = parseXml(xml);
  t.is(root.name, 'testsuites');
  t.like(root.attrs, { name: 'vigie validate', tests: '4', failures: '2', errors: '0' });
  const suites = root.children;
  t.deepEqual(suites.map((s) => s.name), ['testsuite', 'testsuite', 'testsuite']);
  t.deepEqual(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures]),
    [['drops/requetes311.csv', '2', '1'], ['drops/vigie-calls.csv', '1', '0'], [`weird, name: 100%\n.csv`, '1', '1']]);
  const props = Object.fromEntries(suites[0]!.children.find((c) => c.name === 'properties')!.children.map((p) => [p.attrs.name, p.attrs.value]));
  t.deepEqual(props, { format: 'montreal-requetes311', kind: 'tickets', rows: '3', errors: '2', warnings: '1' });
});

test('renderJunit: an error finding is a <failure> whose message and text round-trip <script>, & and quotes', (t) => {
  const root = parseXml(renderJunit(REPORTS, 'en'));
  const cases = findAll(root.children[0]!, 'testcase');
  // named in words: the finding's message and column; the code is the failure's type
  t.like(cases[0]!.attrs, { name: 'time cannot be parsed; row rejected <script>alert("x" & \'y\')</script> (DDS_DATE_CREATION)', classname: 'drops/requetes311_csv', file: 'drops/requetes311.csv', line: '3' });
  const failure = cases[0]!.children.find((c) => c.name === 'failure')!;
  t.is(failure.attrs.type, 'bad_time');
  t.is(failure.attrs.message, `time cannot be parsed; row rejected ${NASTY}`);
  t.is(failure.text, [`time cannot be parsed; row rejected ${NASTY}`, `count 2, first at 3:DDS_DATE_CREATION, value ${NASTY}`,
    'count 1, first at 7:DDS_DATE_CREATION, value 31/02'].join('\n'));
  // the raw document never holds the value unescaped
  t.false(renderJunit(REPORTS, 'en').includes('<script>'));
});

test('renderJunit: a warning is a passing testcase with properties and its message in <system-out>', (t) => {
  const root = parseXml(renderJunit(REPORTS, 'en'));
  const warning = findAll(root.children[0]!, 'testcase')[1]!;
  t.is(warning.attrs.name, 'unknown_borough message (ARRONDISSEMENT)');
  t.deepEqual(warning.children.map((c) => c.name), ['properties', 'system-out']);
  t.deepEqual(Object.fromEntries(warning.children[0]!.children.map((p) => [p.attrs.name, p.attrs.value])),
    { severity: 'warning', code: 'unknown_borough', column: 'ARRONDISSEMENT', line: '4', count: '1', value: 'Gotham "City"' });
  t.is(warning.children[1]!.text, 'warning: unknown_borough message\ncount 1, first at 4:ARRONDISSEMENT, value Gotham "City"');
  t.is(findAll(warning, 'failure').length, 0);
});

test('renderJunit: a file without findings is one passing testcase; an attribute keeps its line break and CR', (t) => {
  const root = parseXml(renderJunit(REPORTS, 'fr'));
  const clean = findAll(root.children[1]!, 'testcase');
  t.is(clean.length, 1);
  t.is(clean[0]!.attrs.name, 'aucun constat');
  t.deepEqual(clean[0]!.children, []);
  const empty = findAll(root.children[2]!, 'failure')[0]!;
  t.is(empty.attrs.message, 'is empty (0 bytes):\r\nnothing to import, 100%');
  t.is(root.children[2]!.attrs.file, `weird, name: 100%\n.csv`);
});

test('renderJunit: the same code and column twice get distinct testcase names', (t) => {
  const twice: ValidateReport = { ...REPORTS[1]!, findings: [
    finding({ severity: 'warning', code: 'repeats_drop', column: 'ID_UNIQUE' }), finding({ severity: 'warning', code: 'repeats_drop', column: 'ID_UNIQUE' }),
  ] };
  const names = findAll(parseXml(renderJunit([twice], 'en')), 'testcase').map((c) => c.attrs.name);
  t.deepEqual(names, ['repeats_drop message (ID_UNIQUE)', 'repeats_drop message (ID_UNIQUE) #2']);
});

test('renderJunit: no reports is still a document', (t) => {
  t.like(parseXml(renderJunit([], 'en')), { name: 'testsuites', children: [] });
});

test('escapeData and escapeProperty follow GitHub: % CR LF in data; also : and , in properties', (t) => {
  t.is(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
  t.is(escapeProperty('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext%3A a%2Cb');
  // % first, so that an escape is never escaped twice
  t.is(escapeData('%0A'), '%250A');
});

test('renderGithub: one ::error / ::warning command per finding, file, line and title as properties, after a summary line per file', (t) => {
  const lines = renderGithub(REPORTS, 'en').split('\n');
  t.is(lines.at(-1), '');
  t.deepEqual(lines.slice(0, -1), [
    'drops/requetes311.csv: 3 rows, 2 errors, 1 warning',
    `::error file=drops/requetes311.csv,line=3,title=bad_time (DDS_DATE_CREATION)::time cannot be parsed; row rejected ${NASTY} `
      + `(count 2, first at 3:DDS_DATE_CREATION, value ${NASTY})`,
    '::warning file=drops/requetes311.csv,line=4,title=unknown_borough (ARRONDISSEMENT)::unknown_borough message '
      + '(count 1, first at 4:ARRONDISSEMENT, value Gotham "City")',
    'drops/vigie-calls.csv: 10 rows, 0 errors, 0 warnings',
    'weird, name: 100% .csv: 0 rows, 1 error, 0 warnings',
    '::error file=weird%2C name%3A 100%25%0A.csv,title=import.emptyFile::is empty (0 bytes):%0D%0Anothing to import, 100%25 (count 1)',
  ]);
});

test('renderGithub: every command is one line, and no summary line can pass for a command', (t) => {
  const evil: ValidateReport = { ...REPORTS[1]!, file: '::error::x\n::warning::y', findings: [finding({ severity: 'warning', code: 'c', message: 'a\nb' })] };
  const lines = renderGithub([evil], 'en').trimEnd().split('\n');
  t.is(lines.length, 2);
  t.false(lines[0]!.startsWith('::'));
  t.regex(lines[1]!, /^::warning file=%3A%3Aerror%3A%3Ax%0A%3A%3Awarning%3A%3Ay,title=c::a%0Ab \(count 1\)$/);
});

test('renderGithub: nothing to report prints nothing', (t) => {
  t.is(renderGithub([], 'en'), '');
});
