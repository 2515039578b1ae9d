/**
 * HTML to text for email replies given only as HTML, with quoted containers (Gmail, Apple
 * Mail, Outlook, Thunderbird, Yahoo) and client signatures dropped. Pure string work, linear
 * in the input, for Node and Workers alike. Used by reply-text.ts.
 */
// ---------------------------------------------------------------------------------------------
// HTML to text
// ---------------------------------------------------------------------------------------------

/** Stands for a dropped quote container, so that the line pass treats it like "> " lines. */
const QUOTE_MARKER = '>';

const words = (list: string): Set<string> => new Set(list.split(' '));

const VOID_ELEMENTS = words('area base br col embed hr img input link meta param source track wbr');
/** Elements whose content is not text. */
const RAW_TEXT_ELEMENTS = words('script style title xml template textarea');
/** Blocks set off by a blank line. */
const PARAGRAPH_ELEMENTS = words('p h1 h2 h3 h4 h5 h6 ul ol table pre blockquote dl figure');
/** Blocks that start on a new line. */
const LINE_ELEMENTS = words(
  'div li tr dt dd section article header footer main nav aside address center form fieldset ' +
    'details summary caption figcaption body',
);

/**
 * Outlook on the web (Outlook.com, Microsoft 365), new Outlook and Outlook mobile: the person's
 * text ends where these begin (the reply header and the quoted message follow).
 */
const HISTORY_START_IDS = words(
  'divrplyfwdmsg appendonsend mail-editor-reference-message-container',
);
/** Gmail's quote container (attribution included), Yahoo's, Thunderbird's attribution. */
const QUOTE_CLASSES = ['gmail_quote', 'yahoo_quoted', 'moz-cite-prefix'];
/** Signatures the client inserts: Gmail, Thunderbird, Outlook on the web and Outlook mobile. */
const SIGNATURE_CLASSES = ['gmail_signature', 'moz-signature'];
const SIGNATURE_IDS = words('signature ms-outlook-mobile-signature');

type Drop = 'quote' | 'signature' | 'rest' | null;

/** Decides what happens to an element's content because of what it is. */
function dropFor(name: string, attrs: ReadonlyMap<string, string>): Drop {
  if (attrs === NO_ATTRIBUTES) return name === 'blockquote' ? 'quote' : null;
  // Outlook prefixes ids with "x_" each time a message is quoted again.
  const id = (attrs.get('id') ?? '').toLowerCase().replace(/^(?:x_)+/, '');
  const classes = (attrs.get('class') ?? '').toLowerCase().split(/\s+/);
  if (HISTORY_START_IDS.has(id)) return 'rest';
  if (name === 'blockquote') return isIndent(attrs) ? null : 'quote';
  if (QUOTE_CLASSES.some((c) => classes.includes(c))) return 'quote';
  if (SIGNATURE_IDS.has(id) || SIGNATURE_CLASSES.some((c) => classes.includes(c)))
    return 'signature';
  return null;
}

/**
 * Gmail's and Apple Mail's "indent" button wraps the person's own text in
 * <blockquote style="margin:0 0 0 40px;border:none;padding:0px">; a quote has a border or a
 * type="cite"/class instead.
 */
function isIndent(attrs: ReadonlyMap<string, string>): boolean {
  const style = (attrs.get('style') ?? '').toLowerCase().replace(/\s+/g, '');
  return !attrs.has('type') && !attrs.has('class') && style.includes('border:none');
}

interface ListState {
  ordered: boolean;
  /** The number of the last item. */
  count: number;
}

interface OpenElement {
  name: string;
  layout: Layout;
  /** Set on <ul> and <ol>. */
  list?: ListState;
}

/**
 * HTML to plain text: block elements and <br> become line breaks, <p> and the like become
 * paragraphs, tags are stripped, <head>/<style>/<script> dropped, entities decoded, quoted
 * containers and client signatures dropped, and everything from Outlook's reply header on cut.
 * A small tolerant tokenizer, linear in the input, rather than a parser: mail HTML is often
 * malformed and only its text and a few markers matter here.
 */
export function htmlToText(html: string): string {
  const out = new TextBuilder();
  const stack = new OpenElements();
  /** While >= 0, content is dropped until the stack shrinks back to this depth. */
  let dropDepth = -1;
  let inHead = false;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i && dropDepth < 0 && !inHead) out.text(html.slice(i, textEnd));
    if (lt === -1) break;

    const tag = readTag(html, lt);
    if (tag === null) {
      if (dropDepth < 0 && !inHead) out.text('<');
      i = lt + 1;
      continue;
    }
    i = tag.end;
    if (tag.kind === 'other') continue;

    const { name } = tag;
    if (tag.kind === 'close') {
      if (name === 'head') inHead = false;
      const index = stack.indexOf(name);
      while (index >= 0 && stack.depth > index) {
        const element = stack.pop();
        if (dropDepth >= 0) {
          if (stack.depth <= dropDepth) dropDepth = -1;
        } else if (!inHead) {
          out.close(element);
        }
      }
      continue;
    }

    if (name === 'head') inHead = true;
    if (name === 'body') inHead = false;
    if (RAW_TEXT_ELEMENTS.has(name)) {
      i = skipRawText(html, name, i);
      continue;
    }
    const attrs = parseAttributes(tag.attributes);
    const selfClosing = VOID_ELEMENTS.has(name) || tag.attributes.trimEnd().endsWith('/');
    if (dropDepth >= 0 || inHead) {
      if (!selfClosing) stack.push({ name, layout: 'inline' });
      continue;
    }
    const drop = dropFor(name, attrs);
    if (drop === 'rest') break;
    if (drop !== null) {
      if (drop === 'quote') out.quoteMarker();
      if (!selfClosing) {
        dropDepth = stack.depth;
        stack.push({ name, layout: 'inline' });
      }
      continue;
    }
    const element: OpenElement = { name, layout: layoutOf(name, attrs, stack) };
    if (name === 'ul' || name === 'ol') element.list = { ordered: name === 'ol', count: 0 };
    out.open(element, attrs, stack);
    if (!selfClosing) stack.push(element);
  }
  return out.finish();
}

/** The open elements, innermost last, with what closing and lists need kept at hand. */
class OpenElements {
  private readonly elements: OpenElement[] = [];
  private readonly counts = new Map<string, number>();
  private readonly lists: ListState[] = [];

  get depth(): number {
    return this.elements.length;
  }

  /** The innermost open list and how many lists are open. */
  get list(): { innermost: ListState | undefined; depth: number } {
    return { innermost: this.lists[this.lists.length - 1], depth: this.lists.length };
  }

  push(element: OpenElement): void {
    this.elements.push(element);
    this.counts.set(element.name, (this.counts.get(element.name) ?? 0) + 1);
    if (element.list) this.lists.push(element.list);
  }

  pop(): OpenElement {
    const element = this.elements.pop() as OpenElement;
    this.counts.set(element.name, (this.counts.get(element.name) ?? 1) - 1);
    if (element.list) this.lists.pop();
    return element;
  }

  /**
   * Where the innermost open `name` is, or -1. It only searches when one is open, and then
   * no further than the elements that closing it pops, which keeps stray end tags linear.
   */
  indexOf(name: string): number {
    if (!this.counts.get(name)) return -1;
    for (let j = this.elements.length - 1; j >= 0; j--) {
      if (this.elements[j]?.name === name) return j;
    }
    return -1;
  }
}

type Tag =
  | { kind: 'open' | 'close'; name: string; attributes: string; end: number }
  | { kind: 'other'; end: number };

/** A tag name's first character: an ASCII letter. */
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
/** Its other characters: letters, digits, ":", "_" and "-". */
const isNameChar = (c: number) => isLetter(c) || (c >= 48 && c <= 58) || c === 95 || c === 45;
const QUOTE = 34;
const APOSTROPHE = 39;
const GT = 62;

/**
 * The tag starting at `lt`, or null when that "<" is just a character. Comments, doctypes,
 * Outlook's conditional comments and processing instructions come back as 'other'. A tag left
 * open at the end of the input runs to the end (browsers drop it too). Read by character
 * code rather than with a sticky pattern and one-character strings: a reply made of nothing
 * but tags ("<p><p><p>...") costs a tag per three bytes, and this is its whole cost.
 */
function readTag(html: string, lt: number): Tag | null {
  if (html.startsWith('<!--', lt)) {
    const close = html.indexOf('-->', lt + 4);
    return { kind: 'other', end: close === -1 ? html.length : close + 3 };
  }
  const next = html.charCodeAt(lt + 1);
  if (next === 33 || next === 63) {
    // "!" or "?"
    const close = html.indexOf('>', lt);
    return { kind: 'other', end: close === -1 ? html.length : close + 1 };
  }
  const closing = next === 47; // "/"
  const nameStart = closing ? lt + 2 : lt + 1;
  if (!isLetter(html.charCodeAt(nameStart))) return null;
  let nameEnd = nameStart + 1;
  while (nameEnd < html.length && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
  let quote = 0;
  for (let j = nameEnd; j < html.length; j++) {
    const c = html.charCodeAt(j);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === QUOTE || c === APOSTROPHE) {
      quote = c;
    } else if (c === GT) {
      return {
        kind: closing ? 'close' : 'open',
        name: html.slice(nameStart, nameEnd).toLowerCase(),
        attributes: nameEnd === j ? '' : html.slice(nameEnd, j),
        end: j + 1,
      };
    }
  }
  return { kind: 'other', end: html.length };
}

function skipRawText(html: string, name: string, from: number): number {
  const close = new RegExp(`</${name}\\s*>`, 'gi');
  close.lastIndex = from;
  const match = close.exec(html);
  return match === null ? html.length : match.index + match[0].length;
}

const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();

function parseAttributes(source: string): ReadonlyMap<string, string> {
  if (source === '') return NO_ATTRIBUTES;
  const trimmed = source.trim();
  if (trimmed === '' || trimmed === '/') return NO_ATTRIBUTES;
  const attrs = new Map<string, string>();
  const pattern = /([^\s"'=<>/`]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+)))?/g;
  for (const m of source.matchAll(pattern)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

/** Emoji that Gmail and Outlook send as <img alt="😊">: a few code points (flags, families). */
const MAX_EMOJI_CHARS = 32;
const EMOJI_ONLY =
  /^(?=.*\p{Extended_Pictographic})(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3)+$/u;

class TextBuilder {
  private readonly lines: string[] = [];
  private line = '';
  private preDepth = 0;
  /**
   * Whether the last finished line is blank (spaces and &nbsp; only), kept as lines finish:
   * looking at that line again at every paragraph would re-read a long line once per tag.
   */
  private lastBlank = true;
  private endsInSpace = false;

  text(raw: string): void {
    if (this.preDepth > 0) {
      const [first = '', ...rest] = decodeEntities(raw).replace(/\r\n?/g, '\n').split('\n');
      this.append(first);
      for (const piece of rest) {
        this.breakLine();
        this.append(piece);
      }
      return;
    }
    let text = decodeEntities(raw.replace(/[ \t\n\r\f]+/g, ' '));
    if (this.line === '' || this.endsInSpace) text = text.replace(/^ /, '');
    this.append(text);
  }

  open(element: OpenElement, attrs: ReadonlyMap<string, string>, stack: OpenElements): void {
    const { name } = element;
    if (name === 'br') {
      this.breakLine();
    } else if (name === 'hr') {
      this.paragraph();
    } else if (name === 'img') {
      const alt = (attrs.get('alt') ?? '').trim();
      if (alt.length <= MAX_EMOJI_CHARS && EMOJI_ONLY.test(alt)) this.text(alt);
    } else if (name === 'td' || name === 'th') {
      if (this.line !== '' && !this.endsInSpace) this.append(' ');
    } else if (name === 'li') {
      this.newLine();
      this.append(listPrefix(stack));
    } else if (element.layout === 'paragraph') {
      this.paragraph();
    } else if (element.layout === 'line') {
      this.newLine();
    }
    if (name === 'pre') this.preDepth++;
  }

  close(element: OpenElement): void {
    if (element.name === 'pre') this.preDepth = Math.max(0, this.preDepth - 1);
    if (element.layout === 'paragraph') this.paragraph();
    else if (element.layout === 'line') this.newLine();
  }

  quoteMarker(): void {
    this.newLine();
    this.push(QUOTE_MARKER);
  }

  finish(): string {
    this.newLine();
    return this.lines.map((line) => line.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  }

  /**
   * The line is built by appending, which V8 keeps as a rope; asking the rope for its last
   * character would flatten it each time, quadratic over a long line. So that is remembered.
   */
  private append(text: string): void {
    if (text === '') return;
    this.line += text;
    this.endsInSpace = text.charCodeAt(text.length - 1) === 32;
  }

  private push(line: string): void {
    this.lines.push(line);
    this.lastBlank = !/\S/.test(line); // \s includes U+00A0
  }

  private breakLine(): void {
    this.push(this.line);
    this.line = '';
  }

  /** Ends the current line unless it is empty; a line holding only &nbsp; still counts. */
  private newLine(): void {
    if (this.line !== '') this.breakLine();
  }

  private paragraph(): void {
    this.newLine();
    if (this.lines.length > 0 && !this.lastBlank) this.push('');
  }
}

const MAX_LIST_INDENT = 8;

type Layout = 'paragraph' | 'line' | 'inline';

/**
 * How an element breaks the text. Outlook desktop writes every line as <p class="MsoNormal">
 * with no margin and marks blank lines with <p class="MsoNormal">&nbsp;</p>, so its
 * paragraphs are lines. A list inside a list continues it.
 */
function layoutOf(name: string, attrs: ReadonlyMap<string, string>, stack: OpenElements): Layout {
  if (name === 'p' && attrs !== NO_ATTRIBUTES && /\bmso/i.test(attrs.get('class') ?? '')) {
    return 'line';
  }
  if ((name === 'ul' || name === 'ol') && stack.list.depth > 0) return 'line';
  if (PARAGRAPH_ELEMENTS.has(name)) return 'paragraph';
  return LINE_ELEMENTS.has(name) ? 'line' : 'inline';
}

/** "- " or "3. ", indented two spaces per enclosing list (up to a limit). */
function listPrefix(stack: OpenElements): string {
  const { innermost, depth } = stack.list;
  if (!innermost) return '- ';
  const indent = '  '.repeat(Math.min(Math.max(0, depth - 1), MAX_LIST_INDENT));
  return innermost.ordered ? `${indent}${++innermost.count}. ` : `${indent}- `;
}

// ---------------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------------

/** HTML 4's Latin-1 entities, for U+00A0 to U+00FF in order. */
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn ' +
  'sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave ' +
  'Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
  'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN ' +
  'szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute ' +
  'icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml ' +
  'yacute thorn yuml';

const NAMED_ENTITIES: Map<string, string> = new Map([
  ...LATIN1_NAMES.split(' ').map((name, index): [string, string] => [
    name,
    String.fromCharCode(0xa0 + index),
  ]),
  ...Object.entries({
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    OElig: 'Œ',
    oelig: 'œ',
    Scaron: 'Š',
    scaron: 'š',
    Yuml: 'Ÿ',
    fnof: 'ƒ',
    circ: 'ˆ',
    tilde: '˜',
    ensp: '\u2002',
    emsp: '\u2003',
    thinsp: '\u2009',
    zwnj: '\u200c',
    zwj: '\u200d',
    lrm: '\u200e',
    rlm: '\u200f',
    ndash: '–',
    mdash: '—',
    lsquo: '‘',
    rsquo: '’',
    sbquo: '‚',
    ldquo: '“',
    rdquo: '”',
    bdquo: '„',
    dagger: '†',
    Dagger: '‡',
    bull: '•',
    hellip: '…',
    permil: '‰',
    prime: '′',
    Prime: '″',
    lsaquo: '‹',
    rsaquo: '›',
    euro: '€',
    trade: '™',
    larr: '←',
    rarr: '→',
    uarr: '↑',
    darr: '↓',
    harr: '↔',
    hearts: '♥',
  }),
]);

/** Numeric references to 0x80-0x9F mean windows-1252 characters (HTML's parsing rules). */
const WINDOWS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(?:#(\d{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([A-Za-z][A-Za-z0-9]{1,31});)/g,
    (reference, decimal?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMED_ENTITIES.get(name) ?? reference;
      const code =
        decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
      if (code >= 0x80 && code <= 0x9f) return WINDOWS_1252[code - 0x80] ?? '\ufffd';
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    },
  );
}
