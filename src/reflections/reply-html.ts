/**
 * HTML to text for email replies given only as HTML, with quoted containers (Gmail, Apple
 * Mail, Outlook, Thunderbird, Yahoo) and client signatures dropped. Pure string work, linear
 * in the input, for Node and Workers alike. Used by reply-text.ts. Here: reading the tags
 * and deciding what is dropped; html-layout.ts lays out the text that is kept.
 */
import { decodeEntities } from './html-entities.ts';
import { blockLayout, type Layout, type ListState, TextBuilder } from './html-layout.ts';

const words = (list: string): Set<string> => new Set(list.split(' '));

const VOID_ELEMENTS = words('area base br col embed hr img input link meta param source track wbr');
/** Elements whose content is not text. */
const RAW_TEXT_ELEMENTS = words('script style title xml template textarea');

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

interface OpenElement {
  name: string;
  layout: Layout;
  /** Set on <ul> and <ol>. */
  list?: ListState;
  kind: ElementKind;
}

/**
 * What an element name means, looked up once per tag (OpenElements.kind): a reply of nothing
 * but tags paid more for several look-ups of each name than for reading the tags.
 */
interface ElementKind {
  readonly void: boolean;
  readonly rawText: boolean;
  /** Its layout by name (blockLayout). */
  readonly layout: Layout;
  /** How many elements of this name are open. */
  open: number;
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
    // A tag right after a tag is common (and is all of some hostile replies): no search then.
    const lt = html.charCodeAt(i) === 60 ? i : html.indexOf('<', i);
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
    const kind = stack.kind(name);
    if (kind.rawText) {
      i = skipRawText(html, name, i);
      continue;
    }
    const attrs = parseAttributes(tag.attributes);
    const selfClosing =
      kind.void || (tag.attributes !== '' && tag.attributes.trimEnd().endsWith('/'));
    if (dropDepth >= 0 || inHead) {
      if (!selfClosing) stack.push({ name, layout: 'inline', kind });
      continue;
    }
    const drop = dropFor(name, attrs);
    if (drop === 'rest') break;
    if (drop !== null) {
      if (drop === 'quote') out.quoteMarker();
      if (!selfClosing) {
        dropDepth = stack.depth;
        stack.push({ name, layout: 'inline', kind });
      }
      continue;
    }
    const element: OpenElement = {
      name,
      layout: out.layoutOf(name, attrs, stack, kind.layout),
      kind,
    };
    if (name === 'ul' || name === 'ol') element.list = { ordered: name === 'ol', count: 0 };
    out.open(element, attrs, stack);
    if (!selfClosing) stack.push(element);
  }
  return out.finish();
}

/** The open elements, innermost last, with what closing and lists need kept at hand. */
class OpenElements {
  /**
   * Runs of equal elements (same name and layout, no list) as one entry with a count: a reply
   * of 60,000 nested <p> or <b> tags keeps one entry rather than growing an array of them,
   * which cost three times as much per tag as the tags themselves. Pushing and popping still
   * happen one element at a time, in the same order.
   */
  private readonly runs: { element: OpenElement; count: number }[] = [];
  private size = 0;
  private readonly kinds = new Map<string, ElementKind>();
  /** The last name looked up: runs of one tag ask for the same one again and again. */
  private lastName = '';
  private lastKind: ElementKind = { void: false, rawText: false, layout: 'inline', open: 0 };
  private readonly lists: ListState[] = [];

  get depth(): number {
    return this.size;
  }

  /** What `name` means; the same object for each element of that name in this parse. */
  kind(name: string): ElementKind {
    if (name === this.lastName) return this.lastKind;
    let kind = this.kinds.get(name);
    if (kind === undefined) {
      kind = {
        void: VOID_ELEMENTS.has(name),
        rawText: RAW_TEXT_ELEMENTS.has(name),
        layout: blockLayout(name),
        open: 0,
      };
      this.kinds.set(name, kind);
    }
    this.lastName = name;
    this.lastKind = kind;
    return kind;
  }

  /** The innermost open list and how many lists are open. */
  get list(): { innermost: ListState | undefined; depth: number } {
    return { innermost: this.lists[this.lists.length - 1], depth: this.lists.length };
  }

  push(element: OpenElement): void {
    const top = this.runs[this.runs.length - 1];
    const same =
      top !== undefined &&
      !element.list &&
      !top.element.list &&
      top.element.name === element.name &&
      top.element.layout === element.layout;
    if (same) top.count++;
    else this.runs.push({ element, count: 1 });
    this.size++;
    element.kind.open++;
    if (element.list) this.lists.push(element.list);
  }

  pop(): OpenElement {
    const top = this.runs[this.runs.length - 1] as { element: OpenElement; count: number };
    const { element } = top;
    if (--top.count === 0) this.runs.pop();
    this.size--;
    element.kind.open--;
    if (element.list) this.lists.pop();
    return element;
  }

  /**
   * Where the innermost open `name` is (its depth from the outermost, 0 first), or -1. It only
   * searches when one is open, and then no further than the elements that closing it pops,
   * which keeps stray end tags linear.
   */
  indexOf(name: string): number {
    if (!this.kinds.get(name)?.open) return -1;
    let below = this.size;
    for (let j = this.runs.length - 1; j >= 0; j--) {
      const run = this.runs[j] as { element: OpenElement; count: number };
      below -= run.count;
      if (run.element.name === name) return below + run.count - 1;
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
  const next = html.charCodeAt(lt + 1);
  if (next === 33 && html.charCodeAt(lt + 2) === 45 && html.charCodeAt(lt + 3) === 45) {
    // "<!--"
    const close = html.indexOf('-->', lt + 4);
    return { kind: 'other', end: close === -1 ? html.length : close + 3 };
  }
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
