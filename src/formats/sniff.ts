/**
 * Looks at the start of a drop file: is it text, in which encoding, CSV (which delimiter, which header) or a JSON
 * array (which keys). Only the first bytes are read here; bulk reading is DuckDB's.
 */
import { createReadStream, openSync, readSync, closeSync, statSync, createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';

export type Encoding = 'utf-8' | 'windows-1252' | 'latin1' | 'utf-16le';
export const ENCODINGS: Record<string, Encoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'windows-1252': 'windows-1252', cp1252: 'windows-1252', 'latin1': 'latin1',
  'latin-1': 'latin1', 'iso-8859-1': 'latin1', 'utf-16le': 'utf-16le', 'utf-16': 'utf-16le',
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

function looksBinary(buf: Buffer): boolean {
  let control = 0;
  for (const b of buf) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > Math.max(2, buf.length / 100);
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
  const buf = readStart(path, SAMPLE);
  let encoding: Encoding;
  let encodingDetected = true;
  let bom = false;
  let body = buf;
  if (buf[0] === 0xff && buf[1] === 0xfe) {
    encoding = 'utf-16le';
    bom = true;
    body = buf.subarray(2);
  } else if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    encoding = 'utf-8';
    bom = true;
    body = buf.subarray(3);
  } else {
    if (looksBinary(buf)) throw new CliError(EXIT.data, 'import.binaryFile', m.binaryFile(label));
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
  if (bom && looksBinary(Buffer.from(text.slice(0, 4096), 'utf8'))) throw new CliError(EXIT.data, 'import.binaryFile', m.binaryFile(label));
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    return { path, size, kind: 'json', encoding, encodingDetected, bom, delimiter: ',', header: firstJsonKeys(trimmed, label, lang) };
  }
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

/**
 * SHA-256 of a file, its count of line feeds and (when asked) whether it is valid UTF-8 throughout, in one streaming
 * pass: the sniffer only looked at the first megabyte.
 */
export async function hashAndCountLines(path: string, checkUtf8 = false):
Promise<{ sha256: string; newlines: number; endsWithNewline: boolean; validUtf8: boolean }> {
  const h = createHash('sha256');
  let newlines = 0;
  let last = 0x0a;
  let validUtf8 = true;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    h.update(chunk);
    let i = -1;
    while ((i = chunk.indexOf(0x0a, i + 1)) !== -1) newlines++;
    if (chunk.length) last = chunk[chunk.length - 1]!;
    if (checkUtf8 && validUtf8) {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const tail = incompleteTail(buf);
      validUtf8 = isUtf8(buf.subarray(0, buf.length - tail));
      carry = Buffer.from(buf.subarray(buf.length - tail));
    }
  }
  if (carry.length) validUtf8 = false;
  return { sha256: h.digest('hex'), newlines, endsWithNewline: last === 0x0a, validUtf8 };
}

/** Re-encodes a non-UTF-8 file to a temporary UTF-8 copy that DuckDB can read; returns its path. */
export async function transcodeToUtf8(path: string, encoding: Encoding): Promise<string> {
  const out = join(tmpdir(), `vigie-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.utf8`);
  const decoder = new TextDecoder(encoding);
  let first = true;
  await pipeline(
    createReadStream(path, { highWaterMark: 1 << 20 }),
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        let s = decoder.decode(chunk, { stream: true });
        if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        first = false;
        cb(null, s);
      },
      flush(cb) {
        cb(null, decoder.decode());
      },
    }),
    createWriteStream(out),
  );
  return out;
}
