/**
 * The block layout of reply-html.ts's HTML to text: which elements break lines or set off
 * paragraphs, list item prefixes, and the text built from it all. Pure string work, for Node
 * and Workers alike.
 */
import { decodeEntities } from './html-entities.ts';

/** Stands for a dropped quote container, so that the line pass treats it like "> " lines. */
const QUOTE_MARKER = '>';

const words = (list: string): Set<string> => new Set(list.split(' '));

/** Blocks set off by a blank line. */
const PARAGRAPH_ELEMENTS = words('p h1 h2 h3 h4 h5 h6 ul ol table pre blockquote dl figure');
/** Blocks that start on a new line. */
const LINE_ELEMENTS = words(
  'div li tr dt dd section article header footer main nav aside address center form fieldset ' +
    'details summary caption figcaption body',
);

/** An element's layout by its name alone (layoutOf may change it for an instance). */
export function blockLayout(name: string): Layout {
  if (PARAGRAPH_ELEMENTS.has(name)) return 'paragraph';
  return LINE_ELEMENTS.has(name) ? 'line' : 'inline';
}

export interface ListState {
  ordered: boolean;
  /** The number of the last item. */
  count: number;
}

/** An element as laid out: its name and layout. */
export interface LaidOut {
  readonly name: string;
  readonly layout: Layout;
}

/** The open lists (reply-html.ts's stack of open elements keeps them). */
export interface OpenLists {
  readonly list: { innermost: ListState | undefined; depth: number };
}

/** Emoji that Gmail and Outlook send as <img alt="😊">: a few code points (flags, families). */
const MAX_EMOJI_CHARS = 32;
const EMOJI_ONLY =
  /^(?=.*\p{Extended_Pictographic})(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3)+$/u;

export class TextBuilder {
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

  open(element: LaidOut, attrs: ReadonlyMap<string, string>, stack: OpenLists): void {
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

  close(element: LaidOut): void {
    if (element.name === 'pre') this.preDepth = Math.max(0, this.preDepth - 1);
    if (element.layout === 'paragraph') this.paragraph();
    else if (element.layout === 'line') this.newLine();
  }

  /**
   * How an element breaks the text. Outlook desktop writes every line as <p class="MsoNormal">
   * with no margin and marks blank lines with <p class="MsoNormal">&nbsp;</p>, so its
   * paragraphs are lines. A list inside a list continues it. A method rather than a function
   * of this module: reply-html.ts asks it for every tag, and there a call to another module's
   * function measured about a fifth slower per tag (under tsx, as the bench runs it).
   */
  layoutOf(
    name: string,
    attrs: ReadonlyMap<string, string>,
    stack: OpenLists,
    block: Layout = blockLayout(name),
  ): Layout {
    if (name === 'p' && attrs.size > 0 && /\bmso/i.test(attrs.get('class') ?? '')) {
      return 'line';
    }
    if ((name === 'ul' || name === 'ol') && stack.list.depth > 0) return 'line';
    return block;
  }

  quoteMarker(): void {
    this.newLine();
    this.push(QUOTE_MARKER);
  }

  finish(): string {
    this.newLine();
    return this.lines.map((line) => line.replaceAll('\u00a0', ' ').trimEnd()).join('\n');
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

export type Layout = 'paragraph' | 'line' | 'inline';

/** "- " or "3. ", indented two spaces per enclosing list (up to a limit). */
function listPrefix(stack: OpenLists): string {
  const { innermost, depth } = stack.list;
  if (!innermost) return '- ';
  const indent = '  '.repeat(Math.min(Math.max(0, depth - 1), MAX_LIST_INDENT));
  return innermost.ordered ? `${indent}${++innermost.count}. ` : `${indent}- `;
}
