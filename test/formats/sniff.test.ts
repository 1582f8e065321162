/** Unit tests of the sniffer: the delimiter of a header line, and what `sniff` makes of the nasty fixtures' first bytes. */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../src/errors.ts';
import { sniff, sniffDelimiter } from '../../src/formats/sniff.ts';
import { fx } from '../fixtures/nasty/helpers.ts';
import { HEADER } from '../fixtures/nasty/montreal.ts';

test('sniffDelimiter: a comma header (today\'s Montréal header) gives a comma', (t) => {
  t.is(sniffDelimiter(HEADER.join(',')), ',');
  t.is(sniffDelimiter('a,b'), ',');
});

test('sniffDelimiter: a semicolon header gives a semicolon', (t) => {
  t.is(sniffDelimiter(HEADER.join(';')), ';');
  t.is(sniffDelimiter('ID_UNIQUE;NATURE;ACTI_NOM'), ';');
});

test('sniffDelimiter: a tab header gives a tab', (t) => {
  t.is(sniffDelimiter(HEADER.join('\t')), '\t');
  t.is(sniffDelimiter('a\tb\tc'), '\t');
});

test('sniffDelimiter: a pipe header gives a pipe', (t) => {
  t.is(sniffDelimiter('a|b|c'), '|');
});

test('sniffDelimiter: delimiters inside quotes are ignored (quoted commas in a semicolon header, and the reverse)', (t) => {
  t.is(sniffDelimiter('"Nom, prénom";"Date, heure";"Rue"'), ';');
  t.is(sniffDelimiter('"a;b;c;d",e,f'), ',');
  t.is(sniffDelimiter('"x\ty\tz\tw","ACTI_NOM","RUE"'), ',');
  // an escaped quote ("") inside a quoted name does not flip the state for the rest of the line
  t.is(sniffDelimiter('"le ""nom"", court";"a,b,c,d";e'), ';');
});

test('sniffDelimiter: a single column (no candidate at all) defaults to a comma; a tie keeps the comma', (t) => {
  t.is(sniffDelimiter('ID_UNIQUE'), ',');
  t.is(sniffDelimiter(''), ',');
  t.is(sniffDelimiter('a,b;c'), ',');
});

test('sniff: a UTF-8 file with a BOM — bom true, utf-8, the BOM not part of the first column name', (t) => {
  const s = sniff(fx('bom.csv'), 'bom.csv', 'en');
  t.like(s, { kind: 'csv', encoding: 'utf-8', bom: true, delimiter: ',', encodingDetected: true });
  t.deepEqual(s.header, [...HEADER]);
});

test('sniff: a Windows-1252 file is detected as windows-1252 and its header read (29 columns)', (t) => {
  const s = sniff(fx('windows-1252.csv'), 'windows-1252.csv', 'en');
  t.like(s, { kind: 'csv', encoding: 'windows-1252', bom: false, delimiter: ',', encodingDetected: true });
  t.is(s.header.length, 29);
});

test('sniff: the Excel French export — windows-1252 and a semicolon; --encoding given is reported as not detected', (t) => {
  t.like(sniff(fx('excel-fr.csv'), 'excel-fr.csv', 'en'), { encoding: 'windows-1252', delimiter: ';' });
  t.like(sniff(fx('excel-fr.csv'), 'excel-fr.csv', 'en', 'cp1252'), { encoding: 'windows-1252', encodingDetected: false });
});

test('sniff: CRLF endings do not leave a carriage return on the last column name', (t) => {
  const s = sniff(fx('crlf.csv'), 'crlf.csv', 'en');
  t.is(s.header.at(-1), 'DATE_DERNIER_STATUT');
});

test('sniff: an empty file is import.emptyFile (exit 2); an unknown --encoding is a usage error', (t) => {
  const e = t.throws(() => sniff(fx('empty.csv'), 'empty.csv', 'en'), { instanceOf: CliError });
  t.is(e?.code, 'import.emptyFile');
  t.is(e?.exitCode, 2);
  const u = t.throws(() => sniff(fx('bom.csv'), 'bom.csv', 'en', 'ebcdic'), { instanceOf: CliError });
  t.is(u?.code, 'usage.encoding');
  t.is(u?.exitCode, 2);
});

test('sniff: NUL bytes in the first bytes are import.binaryFile', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'x.csv');
  writeFileSync(file, Buffer.from('ID_UNIQUE,NATURE\n\u0000\u0000\u0001\u0002garbage\n', 'latin1'));
  const e = t.throws(() => sniff(file, 'x.csv', 'en'), { instanceOf: CliError });
  t.is(e?.code, 'import.binaryFile');
});
