/** Unit tests of the sniffer: the delimiter of a header line, and what `sniff` makes of the nasty fixtures' first bytes. */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../src/errors.ts';
import { hashAndCountLines, holdsUnicodeBlank, sniff, sniffDelimiter } from '../../src/formats/sniff.ts';
import { createHash } from 'node:crypto';
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

// hashAndCountLines reads 4 MiB at a time: these files put a character, a CRLF and a bad byte across that boundary.
const CHUNK = 1 << 22;

function scanned(t: import('ava').ExecutionContext, bytes: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-sniff-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'f.csv');
  writeFileSync(file, bytes);
  return hashAndCountLines(file, true, true);
}

test('hashAndCountLines: a 3-byte character straddling the 4 MiB read boundary: valid UTF-8, lines and CRLFs counted, sha-256 of the whole file', async (t) => {
  const head = Buffer.alloc(CHUNK - 1, 0x61);
  head[10] = 0x0a;
  const bytes = Buffer.concat([head, Buffer.from('€x\r', 'utf8'), Buffer.from('\nend\r\n', 'utf8')]);
  // '€' is E2 82 AC: its first byte is the last of the first read, the other two open the second.
  const r = await scanned(t, bytes);
  t.true(r.validUtf8);
  t.is(r.invalidAt, -1);
  t.is(r.newlines, 3);
  t.is(r.crlf, 2);
  t.true(r.endsWithNewline);
  t.is(r.nulAt, -1);
  t.is(r.sha256, createHash('sha256').update(bytes).digest('hex'));
});

test('hashAndCountLines: a CR ending one read and its LF opening the next count as one CRLF', async (t) => {
  const bytes = Buffer.concat([Buffer.alloc(CHUNK - 1, 0x62), Buffer.from('\r\nz', 'utf8')]);
  const r = await scanned(t, bytes);
  t.is(r.newlines, 1);
  t.is(r.crlf, 1);
  t.false(r.endsWithNewline);
});

test('hashAndCountLines: an invalid byte just past the boundary, after accents: invalid at its offset, not all ASCII before it; a NUL located', async (t) => {
  const head = Buffer.alloc(CHUNK - 2, 0x61);
  Buffer.from('é', 'utf8').copy(head, 100);
  const bytes = Buffer.concat([head, Buffer.from([0xc3]), Buffer.from([0x28, 0x61, 0x00, 0x61])]);
  const r = await scanned(t, bytes);
  t.false(r.validUtf8);
  t.is(r.invalidAt, CHUNK - 2);
  t.false(r.asciiBeforeInvalid);
  t.is(r.nulAt, CHUNK + 1);
});

test('hashAndCountLines: a file ending in the middle of a character is invalid there; all ASCII before it', async (t) => {
  const bytes = Buffer.concat([Buffer.alloc(CHUNK + 5, 0x61), Buffer.from([0xe2, 0x82])]);
  const r = await scanned(t, bytes);
  t.false(r.validUtf8);
  t.is(r.invalidAt, CHUNK + 5);
  t.true(r.asciiBeforeInvalid);
});

test('holdsUnicodeBlank: the space separators trim strips (no-break, U+2000–U+200A, narrow no-break, ideographic) are found; dashes, quotes, a zero-width space and accents are not blanks', (t) => {
  for (const blank of ['\u00a0', '\u1680', '\u2000', '\u2007', '\u200a', '\u202f', '\u205f', '\u3000']) {
    t.true(holdsUnicodeBlank(Buffer.from(`Côte–des’Neiges${blank}x`, 'utf8')), `U+${blank.codePointAt(0)!.toString(16)}`);
  }
  t.false(holdsUnicodeBlank(Buffer.from('Côte-des-Neiges – l’avis… «\u00abx\u00bb» \u200b\u2028\t', 'utf8')));
  t.false(holdsUnicodeBlank(Buffer.from([0x61, 0xe2, 0x80])), 'a sequence cut at the end is left to the next read');
});

test('hashAndCountLines: unicodeBlank says whether a no-break space (or another separator) appears, also across the read boundary', async (t) => {
  const plain = Buffer.concat([Buffer.alloc(CHUNK - 1, 0x61), Buffer.from('é – ’ x\n', 'utf8')]);
  t.false((await scanned(t, plain)).unicodeBlank);
  const cut = Buffer.concat([Buffer.alloc(CHUNK - 1, 0x61), Buffer.from('é\u3000x\n', 'utf8')]);
  t.true((await scanned(t, cut)).unicodeBlank);
  const nbspAcross = Buffer.concat([Buffer.alloc(CHUNK - 1, 0x61), Buffer.from('\u00a0x\n', 'utf8')]);
  t.true((await scanned(t, nbspAcross)).unicodeBlank);
});
