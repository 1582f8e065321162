/**
 * `vigie validate --output junit|github`: the validate reports as a JUnit XML document or as GitHub Actions workflow
 * commands, for CI (docs/ci.md). Pure: reports in, text out.
 *
 * JUnit: `<testsuites>` > one `<testsuite>` per file > one `<testcase>` per finding. An error finding is a testcase with
 * a `<failure>`; a warning is a PASSING testcase whose `<system-out>` carries the message, with `<properties>`
 * (severity, code, column, line, count, value) for tools that read them. Warnings are deliberately not `<skipped>` nor
 * `<error>`: GitLab's test report and Jenkins' JUnit plugin then count them as passed (the pipeline's verdict stays the
 * exit code's) while both show the system-out text on the test's page, so a warning is visible without failing
 * anything. A file without findings is one passing testcase, so that every file shows up with at least one test.
 * Testcase classnames are the file with its dots turned into underscores: Jenkins splits a classname at its last dot
 * into package and class, which would otherwise make `csv` the class of every drop.
 *
 * GitHub: one `::error …::` or `::warning …::` command per finding, `file=` the file as given on the command line,
 * `line=` the finding's first line when it has one, and `title=` its code (and CSV column). GitHub's `col=` is a
 * character position on the line, which findings do not have (they name a CSV column), so it is left out. Values are
 * escaped as GitHub's toolkit does: `%`, CR and LF in the message; also `:` and `,` in properties. A plain summary line
 * per file (not a command) keeps the log readable.
 */
import { msg, type Lang } from '../messages.ts';
import type { Finding } from '../findings.ts';

export interface ValidateReport {
  file: string;
  format: string | null;
  kind: string | null;
  rows: number;
  errors: number;
  warnings: number;
  findings: Finding[];
}

/**
 * Text for XML content or a double-quoted attribute: `& < > " '` as entities; in attributes also TAB, LF and CR as
 * character references (a parser would otherwise turn them into spaces); characters XML 1.0 cannot hold at all (other
 * C0 controls, U+FFFE/U+FFFF, lone surrogates) as U+FFFD.
 */
export function xmlEscape(text: string, attribute = false): string {
  let out = '';
  for (const ch of text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')) {
    switch (ch) {
      case '&': out += '&amp;'; break;
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      case '"': out += '&quot;'; break;
      case "'": out += '&apos;'; break;
      case '\t': out += attribute ? '&#9;' : ch; break;
      case '\n': out += attribute ? '&#10;' : ch; break;
      case '\r': out += '&#13;'; break;
      default: out += ch;
    }
  }
  return out;
}

function attrs(a: Record<string, string | number | null | undefined>): string {
  return Object.entries(a).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => ` ${k}="${xmlEscape(String(v), true)}"`).join('');
}

/** Where a finding first occurs, as the table shows it: `12:DDS_DATE_CREATION`, `12`, `DDS_DATE_CREATION`, or null. */
function where(f: Finding): string | null {
  if (f.line === null && !f.column) return null;
  return `${f.line ?? '-'}${f.column ? `:${f.column}` : ''}`;
}

function title(f: Finding): string {
  return f.column ? `${f.code} (${f.column})` : f.code;
}

/** The message, then count, first place and value (and the other samples' lines), one item a line. */
function details(f: Finding, lang: Lang): string {
  const lines = [f.message, msg(lang).findingDetail(f.count, where(f), f.value)];
  for (const s of f.samples.slice(1)) lines.push(msg(lang).findingDetail(1, `${s.line ?? '-'}${s.column ? `:${s.column}` : ''}`, s.value));
  return lines.join('\n');
}

/** The reports as one JUnit XML document (see the file comment for how findings map to testcases). */
export function renderJunit(reports: readonly ValidateReport[], lang: Lang): string {
  const m = msg(lang);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const r of reports) {
    const classname = r.file.replaceAll('.', '_');
    const cases: string[] = [];
    const seen = new Map<string, number>();
    for (const f of r.findings) {
      // the test case is named in words (the code stays in the failure's type and the properties)
      const base = f.column ? `${f.message} (${f.column})` : f.message;
      const k = (seen.get(base) ?? 0) + 1;
      seen.set(base, k);
      const name = k === 1 ? base : `${base} #${k}`;
      const head = `    <testcase${attrs({ name, classname, file: r.file, line: f.line })}>`;
      if (f.severity === 'error') {
        cases.push(`${head}\n      <failure${attrs({ type: f.code, message: f.message })}>${xmlEscape(details(f, lang))}</failure>\n    </testcase>`);
      } else {
        const props = { severity: f.severity, code: f.code, column: f.column, line: f.line, count: f.count, value: f.value };
        cases.push(`${head}\n      <properties>\n${Object.entries(props).filter(([, v]) => v !== null && v !== undefined)
          .map(([k2, v]) => `        <property${attrs({ name: k2, value: v })}/>`).join('\n')}\n      </properties>\n`
          + `      <system-out>${xmlEscape(`${f.severity}: ${details(f, lang)}`)}</system-out>\n    </testcase>`);
      }
    }
    if (!cases.length) cases.push(`    <testcase${attrs({ name: m.noFindings, classname, file: r.file })}/>`);
    const failed = r.findings.filter((f) => f.severity === 'error').length;
    tests += cases.length;
    failures += failed;
    const props = { format: r.format, kind: r.kind, rows: r.rows, errors: r.errors, warnings: r.warnings };
    suites.push(`  <testsuite${attrs({ name: r.file, tests: cases.length, failures: failed, errors: 0, skipped: 0, file: r.file })}>\n`
      + `    <properties>\n${Object.entries(props).filter(([, v]) => v !== null)
        .map(([k, v]) => `      <property${attrs({ name: k, value: v })}/>`).join('\n')}\n    </properties>\n`
      + `${cases.join('\n')}\n  </testsuite>`);
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<testsuites${attrs({ name: 'vigie validate', tests, failures, errors: 0, skipped: 0 })}>\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}

/** A workflow command's message (data): `%`, CR and LF escaped, as @actions/core's escapeData does. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command's property value: as data, plus `:` and `,` (escapeProperty of @actions/core). */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** The reports as GitHub Actions workflow commands, one per finding, after a plain summary line per file. */
export function renderGithub(reports: readonly ValidateReport[], lang: Lang): string {
  const m = msg(lang);
  const lines: string[] = [];
  for (const r of reports) {
    // not a command: line breaks (from a file name) flattened, and never starting with `::`
    lines.push(m.validateSummary(r.file, r.rows, r.errors, r.warnings).replace(/[\r\n]+/g, ' ').replace(/^::/, ' ::'));
    for (const f of r.findings) {
      const props = [`file=${escapeProperty(r.file)}`];
      if (f.line !== null) props.push(`line=${f.line}`);
      props.push(`title=${escapeProperty(title(f))}`);
      const text = `${f.message} (${m.findingDetail(f.count, where(f), f.value)})`;
      lines.push(`::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(text)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
