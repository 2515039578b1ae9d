import { LINK_PURPOSES, type LinkPurpose } from '../tokens/purpose.ts';

/**
 * Emails are rendered once per variant (message, role, discreet) with these placeholders in
 * place of per-recipient values, then filled in for each recipient: hundreds of times cheaper
 * than a React render per recipient (bench/figures/rendering.ts), and the same bytes.
 */
export const PLACEHOLDER = {
  name: '[[name]]',
  recap: '[[recap]]',
  note: '[[note]]',
  // One per link: each link's token is signed for its own purpose (src/tokens/purpose.ts).
  confirm: '[[confirm]]',
  unsubscribe: '[[unsubscribe]]',
  preferences: '[[preferences]]',
  reflect: '[[reflect]]',
  journal: '[[journal]]',
  signin: '[[signin]]',
  invite: '[[invite]]',
} as const satisfies Record<'name' | 'recap' | 'note' | LinkPurpose, string>;

/** The link tokens of one email, by purpose; a link the email does not have is absent. */
export type LinkTokens = Readonly<Partial<Record<LinkPurpose, string>>>;

export interface RecipientValues {
  /** Plain text; escaped for HTML here. */
  readonly name: string;
  /** Lowercase base32: safe in URLs, addresses and HTML as they are. */
  readonly tokens: LinkTokens;
  /** Per-recipient blocks that are already markup in HTML and plain in text. */
  readonly recapHtml: string;
  readonly recapText: string;
  /** A sentence of plain text for this recipient alone (a lesson that waited says why), or ''. */
  readonly note?: string;
}

/**
 * Text escaped for HTML as React escapes text, so that a variant filled in equals a whole
 * render byte for byte, and then as latin1Html writes characters beyond Latin-1.
 */
export function escapeHtml(text: string): string {
  return latin1Html(
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&#x27;'),
  );
}

const BEYOND_LATIN1 = /[\u0100-\u{10ffff}]/u;

/**
 * HTML with every character beyond Latin-1 written as a numeric character reference ("…" as
 * "&#8230;"): the same document to any mail client, and a string V8 keeps at one byte a
 * character. When the plain-text part is one-byte too, a batch's JSON is, which halves its
 * memory and spares fetch the check it runs over every two-byte body
 * (String.prototype.toWellFormed: about 20 ms for a batch of 100 lessons on this machine).
 */
export function latin1Html(html: string): string {
  if (!BEYOND_LATIN1.test(html)) return html;
  return oneByte(html.replace(new RegExp(BEYOND_LATIN1, 'gu'), (c) => `&#${c.codePointAt(0)};`));
}

/**
 * The same string, held at one byte a character when all of its characters fit. V8 keeps a
 * string derived from a two-byte one (replace, React Email's plain text made from HTML that
 * had characters beyond Latin-1) two-byte whatever it holds; decoding builds it afresh.
 */
export function oneByte(value: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(value));
}

export type Key = keyof typeof PLACEHOLDER;

/**
 * A rendered variant split once at its placeholders (literal text, key, literal text, ...), so
 * that filling it in per recipient joins pieces instead of searching 20,000 characters.
 */
export interface Template {
  readonly pieces: readonly string[];
}

const PATTERN = new RegExp(`\\[\\[(${Object.keys(PLACEHOLDER).join('|')})\\]\\]`, 'i');

export function compileTemplate(template: string): Template {
  // With a capturing pattern, split keeps the keys at the odd indexes.
  const pieces = template.split(new RegExp(PATTERN, 'gi'));
  return { pieces: pieces.map((piece, index) => (index % 2 === 1 ? piece.toLowerCase() : piece)) };
}

/**
 * A template and the values that fill it in, already escaped for the part they go into:
 * `filled(filling)` is the part's text. Remembered for a composed email (src/mail/fillings.ts)
 * so that an adapter can serialize the pieces every recipient shares once per variant
 * (src/mail/resend-wire.ts).
 */
export interface Filling {
  readonly template: Template;
  readonly values: Readonly<Record<Key, string>>;
}

export function htmlFilling(template: Template, values: RecipientValues): Filling {
  return {
    template,
    values: {
      ...links(values.tokens),
      name: escapeHtml(values.name),
      recap: values.recapHtml,
      // The slot ends the greeting's paragraph: a note there starts on a line of its own.
      note: values.note ? `<br><br>${escapeHtml(values.note)}` : '',
    },
  };
}

export function textFilling(template: Template, values: RecipientValues): Filling {
  return {
    template,
    values: {
      ...links(values.tokens),
      name: values.name,
      recap: values.recapText,
      note: values.note ? `\n\n${values.note}` : '',
    },
  };
}

function links(tokens: LinkTokens): Record<LinkPurpose, string> {
  const out = {} as Record<LinkPurpose, string>;
  for (const purpose of LINK_PURPOSES) out[purpose] = tokens[purpose] ?? '';
  return out;
}

/** Fills every placeholder in one pass, so a value can never introduce another one. */
export function filled({ template, values }: Filling): string {
  const { pieces } = template;
  let out = pieces[0] ?? '';
  for (let index = 1; index < pieces.length; index += 2) {
    out += values[pieces[index] as Key] + (pieces[index + 1] ?? '');
  }
  return out;
}
