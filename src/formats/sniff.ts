/**
 * Looks at the start of a drop file: is it text, in which encoding, CSV (which delimiter, which header) or a JSON
 * array (which keys). Only the first bytes are read here; bulk reading is DuckDB's.
 */
import { createReadStream, openSync, readSync, closeSync, statSync, createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { isAscii, isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';

export type Encoding = 'utf-8' | 'windows-1252' | 'latin1' | 'utf-16le' | 'utf-16be';
export const ENCODINGS: Record<string, Encoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'windows-1252': 'windows-1252', cp1252: 'windows-1252', 'latin1': 'latin1',
  'latin-1': 'latin1', 'iso-8859-1': 'latin1', 'utf-16le': 'utf-16le', 'utf-16': 'utf-16le', 'utf-16be': 'utf-16be',
};

export interface Sniffed {
  path: string;
  size: number;
  kind: 'csv' | 'json';
  encoding: Encoding;
  /** Whether the encoding was detected (false: given with --encoding). */
  encodingDetected: boolean;
  bom: boolean;
  delimiter: string;
  /** Column names as written in the file (CSV header, or the keys of the first JSON record). */
  header: string[];
}

const SAMPLE = 1 << 20;

function readStart(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function isValidUtf8(buf: Buffer, complete: boolean): boolean {
  // A sample may end inside a multi-byte character: drop up to 3 trailing bytes before judging.
  for (let cut = 0; cut <= (complete ? 0 : 3); cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, buf.length - cut));
      return true;
    } catch {
      /* try a shorter prefix */
    }
  }
  return false;
}

/** Where the bytes of `buf` stop looking like text: the offset of its first NUL, or of its first control byte when
 * they are too many; -1 when they look like text. */
function binaryAt(buf: Buffer): number {
  let control = 0;
  let first = -1;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b === 0) return i;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) {
      control++;
      if (first < 0) first = i;
    }
  }
  return control > Math.max(2, buf.length / 100) ? first : -1;
}

/** The 1-based line and column (in characters, the line's bytes read as UTF-8) of byte `offset` of `buf`. */
export function positionOf(buf: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = buf.indexOf(0x0a); i !== -1 && i < offset; i = buf.indexOf(0x0a, i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: [...new TextDecoder('utf-8').decode(buf.subarray(start, offset))].length + 1 };
}

function binaryError(buf: Buffer, offset: number, label: string, lang: Lang): CliError {
  const at = positionOf(buf, offset);
  return new CliError(EXIT.data, 'import.binaryFile', msg(lang).binaryFile(label, at.line, at.column));
}

/** The delimiter of a CSV header line: the candidate that occurs most often outside quotes. */
export function sniffDelimiter(line: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = ',';
  for (const [d, n] of Object.entries(counts)) if (n > counts[best]!) best = d;
  return best;
}

/** The keys of the first object of a JSON array, found without parsing the whole text. */
function firstJsonKeys(text: string, file: string, lang: Lang): string[] {
  const start = text.indexOf('{');
  if (start < 0) {
    if (/^\s*\[\s*\]\s*$/.test(text)) return [];
    throw new CliError(EXIT.data, 'import.badJson', msg(lang).badJson(file, 'no record found'));
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      try {
        const obj = JSON.parse(text.slice(start, i + 1)) as unknown;
        if (obj && typeof obj === 'object' && !Array.isArray(obj)) return Object.keys(obj);
      } catch (e) {
        throw new CliError(EXIT.data, 'import.badJson', msg(lang).badJson(file, (e as Error).message));
      }
      break;
    }
  }
  throw new CliError(EXIT.data, 'import.badJson', msg(lang).badJson(file, 'the first record is not a complete object'));
}

export function sniff(path: string, label: string, lang: Lang, encodingFlag?: string, delimiterFlag?: string): Sniffed {
  const m = msg(lang);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new CliError(EXIT.data, 'import.unreadable', m.fileUnreadable(label, 'not a regular file'));
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(EXIT.data, 'import.fileNotFound', m.fileNotFound(label));
    throw new CliError(EXIT.data, 'import.unreadable', m.fileUnreadable(label, (e as Error).message));
  }
  if (size === 0) throw new CliError(EXIT.data, 'import.emptyFile', m.emptyFile(label));
  let buf: Buffer;
  try {
    buf = readStart(path, SAMPLE);
  } catch (e) {
    // (stat needs no read permission; opening does)
    throw new CliError(EXIT.data, 'import.unreadable', m.fileUnreadable(label, (e as Error).message));
  }
  let encoding: Encoding;
  let encodingDetected = true;
  let bom = false;
  let body = buf;
  if (buf[0] === 0xff && buf[1] === 0xfe) {
    encoding = 'utf-16le';
    bom = true;
    body = buf.subarray(2);
  } else if (buf[0] === 0xfe && buf[1] === 0xff) {
    encoding = 'utf-16be';
    bom = true;
    body = buf.subarray(2);
  } else if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    encoding = 'utf-8';
    bom = true;
    body = buf.subarray(3);
  } else {
    const at = binaryAt(buf);
    if (at >= 0) throw binaryError(buf, at, label, lang);
    encoding = isValidUtf8(buf, buf.length === size) ? 'utf-8' : 'windows-1252';
  }
  if (encodingFlag) {
    const e = ENCODINGS[encodingFlag.toLowerCase()];
    if (!e) throw new CliError(EXIT.usage, 'usage.encoding', m.unsupportedEncoding(encodingFlag));
    encoding = e;
    encodingDetected = false;
  }
  const text = new TextDecoder(encoding).decode(body);
  // After a BOM the bytes were not checked yet; a text decoded from them must still look like text.
  if (bom) {
    const decoded = Buffer.from(text.slice(0, 4096), 'utf8');
    const at = binaryAt(decoded);
    if (at >= 0) throw binaryError(decoded, at, label, lang);
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    return { path, size, kind: 'json', encoding, encodingDetected, bom, delimiter: ',', header: firstJsonKeys(trimmed, label, lang) };
  }
  // A JSON object (or JSON lines) is not the array of records a JSON export is; read as CSV it would be "an unknown format".
  if (trimmed.startsWith('{')) {
    throw new CliError(EXIT.data, 'import.badJson', m.badJson(label, 'it starts with "{": one object (or one per line), not an array of records [{…}, {…}]'));
  }
  // A header line longer than the sample (10 MB without a line break) cannot be read: say so rather than read a cut header.
  if (buf.length < size && text.search(/[\r\n]/) < 0) throw new CliError(EXIT.data, 'import.longLine', m.noLineBreak(label, buf.length));
  const nl = text.search(/\r?\n/);
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  const delimiter = delimiterFlag ?? sniffDelimiter(firstLine);
  let header: string[] = [];
  try {
    const rec = parseCsvSync(firstLine, { delimiter, relax_quotes: true, to_line: 1 }) as string[][];
    header = (rec[0] ?? []).map((h) => h.trim());
  } catch {
    header = firstLine.split(delimiter).map((h) => h.replace(/^"|"$/g, '').trim());
  }
  return { path, size, kind: 'csv', encoding, encodingDetected, bom, delimiter, header };
}

/** Bytes at the end of `buf` that start a UTF-8 character not finished in it (0 to 3). */
function incompleteTail(buf: Buffer): number {
  for (let k = 1; k <= Math.min(3, buf.length); k++) {
    const b = buf[buf.length - k]!;
    if ((b & 0xc0) !== 0x80) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need > k ? k : 0;
    }
  }
  return 0;
}

/** The UTF-8 forms of the Unicode space separators (category Zs) other than the ASCII space, which `trim` strips. */
const UNICODE_BLANKS = [[0xc2, 0xa0], [0xe1, 0x9a, 0x80], [0xe2, 0x80, 0xaf], [0xe2, 0x81, 0x9f], [0xe3, 0x80, 0x80]].map((b) => Buffer.from(b));
const E2_80 = Buffer.from([0xe2, 0x80]);

/**
 * Whether UTF-8 bytes hold a Unicode space separator other than the ASCII space (no-break, ideographic, the
 * U+2000–U+200A spaces…). A sequence cut at the end of `b` is not seen; the caller passes it again with the next bytes.
 */
export function holdsUnicodeBlank(b: Buffer): boolean {
  if (UNICODE_BLANKS.some((u) => b.includes(u))) return true;
  // U+2000–U+200A are E2 80 80–8A; E2 80 is also the start of – ’ … and other common punctuation.
  for (let i = b.indexOf(E2_80); i >= 0 && i + 2 < b.length; i = b.indexOf(E2_80, i + 2)) {
    if (b[i + 2]! >= 0x80 && b[i + 2]! <= 0x8a) return true;
  }
  return false;
}

/** Offset of the first byte of `b` that does not start or continue a UTF-8 character; -1 when `b` is valid UTF-8. */
function firstInvalidUtf8(b: Buffer): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    const c1 = b[i + 1] ?? 0;
    // overlong forms, surrogates and code points past U+10FFFF
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * SHA-256 of a file, its count of line feeds (and of those after a carriage return) and, when asked, whether it is
 * valid UTF-8 throughout and where it holds a NUL byte, in one streaming pass: the sniffer only looked at the first
 * megabyte. `invalidAt` and `nulAt` are byte offsets (-1: none; lineAndColumn turns them into a place);
 * `asciiBeforeInvalid` tells whether every byte before the first invalid one was ASCII.
 */
export async function hashAndCountLines(path: string, checkUtf8 = false, checkNul = false): Promise<{
  sha256: string; newlines: number; crlf: number; endsWithNewline: boolean; validUtf8: boolean; invalidAt: number;
  asciiBeforeInvalid: boolean; nulAt: number; unicodeBlank: boolean;
}> {
  const h = createHash('sha256');
  let newlines = 0;
  let crlf = 0;
  let last = 0x0a;
  let validUtf8 = true;
  let invalidAt = -1;
  let nonAscii = false;
  let asciiBeforeInvalid = true;
  let nulAt = -1;
  // Unknown (true) unless the UTF-8 check ran over the whole file.
  let unicodeBlank = !checkUtf8;
  let pos = 0;
  // Two buffers, read into again and again (not a fresh buffer per chunk, as a read stream allocates, each of them
  // faulted in anew): the next chunk is read into one while the other is hashed and scanned. The PAD
  // bytes before a chunk hold the incomplete UTF-8 sequence that ended the previous chunk.
  const SIZE = 1 << 22;
  const PAD = 4;
  const bufs = [Buffer.allocUnsafe(PAD + SIZE), Buffer.allocUnsafe(PAD + SIZE)] as const;
  let cur = 0;
  let carry = 0;
  const fh = await open(path, 'r');
  try {
    let pending = fh.read(bufs[0], PAD, SIZE, null);
    for (;;) {
      const { bytesRead } = await pending;
      if (!bytesRead) break;
      const buf = bufs[cur]!;
      const next = bufs[cur ^ 1]!;
      pending = fh.read(next, PAD, SIZE, null);
      const chunk = buf.subarray(PAD, PAD + bytesRead);
      h.update(chunk);
      let i = -1;
      while ((i = chunk.indexOf(0x0a, i + 1)) !== -1) {
        newlines++;
        if ((i > 0 ? chunk[i - 1] : last) === 0x0d) crlf++;
      }
      last = chunk[chunk.length - 1]!;
      if (checkNul && nulAt < 0) {
        const z = chunk.indexOf(0);
        if (z >= 0) nulAt = pos + z;
      }
      if (checkUtf8 && validUtf8) {
        const all = buf.subarray(PAD - carry, PAD + bytesRead);
        const tail = incompleteTail(all);
        // (a UTF-8 BOM is no accent)
        const from = pos === 0 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf ? 3 : 0;
        validUtf8 = isUtf8(all.subarray(0, all.length - tail));
        if (!validUtf8) {
          const bad = Math.max(0, firstInvalidUtf8(all));
          invalidAt = pos - carry + bad;
          asciiBeforeInvalid = !nonAscii && isAscii(all.subarray(from, Math.max(from, bad)));
        } else if (!nonAscii && !isAscii(all.subarray(from, all.length - tail))) nonAscii = true;
        if (nonAscii && !unicodeBlank) unicodeBlank = holdsUnicodeBlank(all);
        // (into the PAD of the buffer being read: the read writes after it)
        all.copy(next, PAD - tail, all.length - tail);
        carry = validUtf8 ? tail : 0;
      }
      pos += bytesRead;
      cur ^= 1;
    }
  } finally {
    await fh.close();
  }
  if (carry && validUtf8) {
    validUtf8 = false;
    invalidAt = pos - carry;
    asciiBeforeInvalid = !nonAscii;
  }
  if (!validUtf8) unicodeBlank = true;
  return { sha256: h.digest('hex'), newlines, crlf, endsWithNewline: last === 0x0a, validUtf8, invalidAt, asciiBeforeInvalid, nulAt, unicodeBlank };
}

/** The 1-based line and column (characters, read as UTF-8) of byte `offset` of a file, by reading it up to there. */
export async function lineAndColumn(path: string, offset: number): Promise<{ line: number; column: number }> {
  let line = 1;
  let tail: Buffer[] = [];
  if (offset <= 0) return { line, column: 1 };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, end: offset - 1 }) as AsyncIterable<Buffer>) {
    const nl = chunk.lastIndexOf(0x0a);
    if (nl < 0) tail.push(chunk);
    else {
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) line++;
      tail = [chunk.subarray(nl + 1)];
    }
  }
  return { line, column: [...new TextDecoder('utf-8').decode(Buffer.concat(tail))].length + 1 };
}

/**
 * Re-encodes a non-UTF-8 file to a temporary UTF-8 copy that DuckDB can read; returns its path. With `lf`, CRLF line
 * ends become LF (for files that mix both: DuckDB reads one kind of line end per file).
 */
export async function transcodeToUtf8(path: string, encoding: Encoding, lf = false): Promise<string> {
  const out = join(tmpdir(), `vigie-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.utf8`);
  const decoder = new TextDecoder(encoding);
  let first = true;
  let cr = '';
  let quoted = false;
  const eol = (s: string, end: boolean) => {
    if (!lf) return s;
    let t = cr + s;
    cr = !end && t.endsWith('\r') ? '\r' : '';
    if (cr) t = t.slice(0, -1);
    // Only line ends outside quoted fields: a CRLF inside quotes is data (`""` toggles twice and changes nothing).
    const parts = t.split('"');
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) quoted = !quoted;
      if (!quoted) parts[i] = parts[i]!.replaceAll('\r\n', '\n');
    }
    return parts.join('"');
  };
  await pipeline(
    createReadStream(path, { highWaterMark: 1 << 20 }),
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        let s = decoder.decode(chunk, { stream: true });
        if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        first = false;
        cb(null, eol(s, false));
      },
      flush(cb) {
        cb(null, eol(decoder.decode(), true));
      },
    }),
    createWriteStream(out),
  );
  return out;
}
