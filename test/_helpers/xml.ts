/**
 * A strict little XML 1.0 reader for the tests of `validate --output junit`: it throws on anything not well-formed that
 * the renderer could get wrong (a bare `&` or `<`, an unknown entity, a mismatched or unclosed tag, a duplicate
 * attribute, a character XML cannot hold, text after the root) and returns the element tree with text and attribute
 * values unescaped. No DTDs, CDATA or processing instructions besides the leading declaration.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (children's excluded), unescaped. */
  text: string;
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unescape(s: string, where: number): string {
  return s.replace(/&([^;&<]*);|&/g, (all, ent: string | undefined) => {
    if (ent === undefined) throw new Error(`bare & at ${where}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[ent] !== undefined) return named[ent]!;
    const mt = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ent);
    if (!mt) throw new Error(`unknown entity ${all} at ${where}`);
    const ch = String.fromCodePoint(mt[1] ? parseInt(mt[1], 16) : Number(mt[2]));
    if (INVALID.test(ch)) throw new Error(`character reference to an invalid character ${all} at ${where}`);
    return ch;
  });
}

export function parseXml(src: string): XmlElement {
  if (INVALID.test(src)) throw new Error(`invalid XML character at ${src.search(INVALID)}`);
  let pos = 0;
  const decl = /^<\?xml\s[^?]*\?>/.exec(src);
  if (decl) pos = decl[0].length;
  const ws = () => {
    while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  };
  const name = () => {
    NAME.lastIndex = pos;
    const mt = NAME.exec(src);
    if (!mt) throw new Error(`name expected at ${pos}`);
    pos += mt[0].length;
    return mt[0];
  };
  const element = (): XmlElement => {
    if (src[pos] !== '<') throw new Error(`< expected at ${pos}`);
    pos++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      ws();
      if (src.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (src[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) throw new Error(`space expected before an attribute at ${pos}`);
      const a = name();
      ws();
      if (src[pos] !== '=') throw new Error(`= expected at ${pos}`);
      pos++;
      ws();
      const q = src[pos];
      if (q !== '"' && q !== "'") throw new Error(`quote expected at ${pos}`);
      const end = src.indexOf(q, pos + 1);
      if (end < 0) throw new Error(`unclosed attribute at ${pos}`);
      const raw = src.slice(pos + 1, end);
      if (raw.includes('<')) throw new Error(`< in an attribute value at ${pos}`);
      if (a in el.attrs) throw new Error(`duplicate attribute ${a} at ${pos}`);
      el.attrs[a] = unescape(raw, pos);
      pos = end + 1;
    }
    for (;;) {
      if (pos >= src.length) throw new Error(`unclosed <${el.name}>`);
      if (src.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== el.name) throw new Error(`</${closing}> closes <${el.name}> at ${pos}`);
        ws();
        if (src[pos] !== '>') throw new Error(`> expected at ${pos}`);
        pos++;
        return el;
      }
      if (src.startsWith('<!--', pos)) {
        const end = src.indexOf('-->', pos);
        if (end < 0) throw new Error('unclosed comment');
        pos = end + 3;
      } else if (src[pos] === '<') {
        el.children.push(element());
      } else {
        const end = src.indexOf('<', pos);
        const raw = src.slice(pos, end < 0 ? src.length : end);
        if (raw.includes(']]>')) throw new Error(`]]> in text at ${pos}`);
        el.text += unescape(raw, pos);
        pos += raw.length;
      }
    }
  };
  ws();
  const root = element();
  ws();
  if (pos !== src.length) throw new Error(`content after the root element at ${pos}`);
  return root;
}

/** Every descendant element named `name`, in document order. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}
