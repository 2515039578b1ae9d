/**
 * What a subscriber wrote in an email reply, and nothing else.
 *
 * A reply to a lesson carries the subscriber's words plus whatever their mail client added:
 * the quoted lesson, an "On ... wrote:" attribution, Outlook's header block, a signature, a
 * "Sent from my iPhone". Only the subscriber's words may reach their journal, so this module
 * removes the rest. It is pure string work (no DOM, no Node APIs) and runs unchanged on Node
 * and on Cloudflare Workers.
 *
 * The plain-text part is used when it has any text; otherwise the HTML part is converted to
 * text here (quoted containers dropped first). Both then go through the same line-based pass.
 *
 * Deliberately out of scope: decoding MIME, quoted-printable or format=flowed (the receiving
 * API hands over decoded parts), recognising quoted text that a client pasted without any
 * marker, and reply headers in languages other than English, German, French and Spanish.
 */

import { htmlToText } from './reply-html.ts';
import {
  HEADER_WINDOW,
  isAttribution,
  isFromLine,
  isHeaderLine,
  isHistoryMarker,
  isMobileSignOff,
  isQuoted,
  isSeparator,
  isSignatureDelimiter,
  startsAttribution,
  startsLikeMarker,
} from './reply-markers.ts';

/** The longest reflection kept from one reply, in UTF-16 code units. */
export const MAX_REPLY_CHARS = 20_000;

/**
 * Input beyond this is cut before anything else runs, so that a hostile body cannot make the
 * work unbounded. Every step below is linear in what is left; the caps keep the constant small.
 */
export const MAX_INPUT_CHARS = 1_000_000;
/** A line is cut here (a reply keeps at most MAX_REPLY_CHARS anyway). */
export const MAX_LINE_CHARS = MAX_REPLY_CHARS;

export interface ReplyBody {
  text?: string | null;
  html?: string | null;
}

export interface ParsedReply {
  /** The subscriber's words. */
  readonly text: string;
  /**
   * True when a cap cut words that would have been kept: the input's length, a line's length
   * or MAX_REPLY_CHARS. A cut that fell inside quoted history or after a signature is not one.
   */
  readonly truncated: boolean;
}

/**
 * The subscriber's words in a reply, and whether a cap shortened them. Linear in the input
 * (test/reflections/reply-linear.test.ts holds it to that); benchmarks call it per byte.
 */
export function parseReply(input: ReplyBody): ParsedReply {
  const text = capped(input.text ?? '');
  const source = text.value.trim() !== '' ? text : htmlSource(input.html ?? '');
  const clean = cleanText(source.value);
  const history = removeHistory(clean.value);
  const reply = sliceSafely(history.text, MAX_REPLY_CHARS).trimEnd();
  const cutInput = (source.cut || clean.cut || history.cut) && !history.stopped;
  return { text: reply, truncated: cutInput || reply.length < history.text.trimEnd().length };
}

export function extractReplyText(input: ReplyBody): string {
  return parseReply(input).text;
}

interface Capped {
  readonly value: string;
  readonly cut: boolean;
}

function capped(text: string): Capped {
  return { value: sliceSafely(text, MAX_INPUT_CHARS), cut: text.length > MAX_INPUT_CHARS };
}

function htmlSource(html: string): Capped {
  const input = capped(html);
  return { value: htmlToText(input.value), cut: input.cut };
}

/**
 * The text with every line ending as "\n" and control characters removed. Lines longer than
 * MAX_LINE_CHARS are cut as the line pass reads them (lineText), so that no pattern ever
 * sees one. The control characters are looked for once in the whole text rather than line by
 * line; none of them ends a line. When there are some, a line too long is cut from its raw
 * form before they are removed, here, and `cut` says whether one was.
 */
function cleanText(text: string): Capped {
  const raw = text.replaceAll('\r\n', '\n').replaceAll('\r', '\n');
  if (!CONTROL.test(raw)) return { value: raw, cut: false };
  let cut = false;
  const lines = raw.split('\n').map((line) => {
    if (line.length <= MAX_LINE_CHARS) return withoutControls(line);
    cut = true;
    return withoutControls(sliceSafely(line, MAX_LINE_CHARS));
  });
  return { value: lines.join('\n'), cut };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing stray control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same characters, to test for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function withoutControls(line: string): string {
  return line.replace(CONTROLS, '');
}

// ---------------------------------------------------------------------------------------------
// The line pass: quoted lines, reply headers, signatures (reply-markers.ts says what they are)
// ---------------------------------------------------------------------------------------------

const GT = 62;

/**
 * 1 for each ASCII character that, first on a line, makes the line one to keep without asking
 * reply-markers.ts: not blank, not ">", and no marker starts with it (startsLikeMarker).
 */
const KEEPS_LINE = Uint8Array.from({ length: 128 }, (_, code) =>
  code > 32 && code !== 127 && code !== GT && !startsLikeMarker(String.fromCharCode(code)) ? 1 : 0,
);

interface History {
  readonly text: string;
  /** The text ended at history or a signature, not at its end. */
  readonly stopped: boolean;
  /** A line read was longer than MAX_LINE_CHARS and was cut. */
  readonly cut: boolean;
}

/**
 * The subscriber's lines of `text`, history and signatures removed, tidied as they are kept.
 * The text is read in place, line by line from one "\n" to the next: a quoted line is
 * recognised by its first characters and an ordinary line by its first one, and neither
 * becomes a string of its own until it is kept. A reply of 14-byte lines paid more for
 * splitting the text into an array of lines, and for a pattern per line, than for anything
 * else. The rarer lines that may be markers go through reply-markers.ts's patterns.
 */
function removeHistory(text: string): History {
  const out: string[] = [];
  let cut = false;
  let start = 0;
  while (start <= text.length) {
    const end = lineEnd(text, start);
    const next = end + 1;
    const long = end - start > MAX_LINE_CHARS;
    if (long) cut = true;
    // Quoted (isQuoted, read in place): spaces and tabs, then ">".
    const limit = long ? start + MAX_LINE_CHARS : end;
    let at = start;
    let c = text.charCodeAt(at);
    while ((c === 32 || c === 9) && at < limit) c = text.charCodeAt(++at);
    if (at < limit && c === GT) {
      // A removed quote separates what came before and after it (one blank line).
      addBlank(out);
      start = next;
      continue;
    }
    if (start === end) {
      addBlank(out);
      start = next;
      continue;
    }
    if (at === start && !long && (c < 128 ? KEEPS_LINE[c] === 1 : !isSpace(c))) {
      keepRange(out, text, start, end);
      start = next;
      continue;
    }

    const line = lineText(text, start, end);
    const trimmed = line.trim();
    if (isSignatureDelimiter(line)) return stop(out, cut);
    if (!startsLikeMarker(trimmed)) {
      keep(out, line);
      start = next;
      continue;
    }
    if (isHistoryMarker(trimmed)) return stop(out, cut);
    if (startsHeaderBlock(trimmed, text, next)) {
      while (out.length > 0 && isSeparator((out[out.length - 1] ?? '').trim())) out.pop();
      return stop(out, cut);
    }
    const attribution = attributionLength(trimmed, text, next);
    if (attribution > 0) {
      let after = next;
      if (attribution === 2) {
        const secondEnd = lineEnd(text, next);
        if (secondEnd - next > MAX_LINE_CHARS) cut = true;
        after = secondEnd + 1;
      }
      // An attribution followed by ">" lines introduces a quote that the reply may continue
      // below (bottom-posting, inline answers); one followed by anything else starts history.
      if (!quoteFollows(text, after)) return stop(out, cut);
      addBlank(out);
      start = after;
      continue;
    }
    keep(out, line);
    start = next;
  }
  return { text: finish(out), stopped: false, cut };
}

function stop(out: string[], cut: boolean): History {
  return { text: finish(out), stopped: true, cut };
}

/** Where the line starting at `start` ends: at its "\n", or at the end of the text. */
function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

/** The line from `start` to `end`, cut to MAX_LINE_CHARS. */
function lineText(text: string, start: number, end: number): string {
  const line = text.slice(start, end);
  return end - start > MAX_LINE_CHARS ? sliceSafely(line, MAX_LINE_CHARS) : line;
}

/**
 * The tidying of the kept lines, done as they are kept: trailing spaces off, runs of blank
 * lines to one, no blank line first.
 */
function keep(out: string[], line: string): void {
  const trimmed = line.trimEnd();
  if (trimmed === '') addBlank(out);
  else out.push(trimmed);
}

/** keep() for the line from `start` to `end`, taking no more of the text than it keeps. */
function keepRange(out: string[], text: string, start: number, end: number): void {
  let last = end;
  while (last > start && isSpace(text.charCodeAt(last - 1))) last--;
  if (last === start) addBlank(out);
  else out.push(text.slice(start, last));
}

function addBlank(out: string[]): void {
  if (out.length > 0 && out[out.length - 1] !== '') out.push('');
}

/** What String.prototype.trim removes: white space and line terminators. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Sign-offs and blank lines off the end, then the lines as one text. */
function finish(out: string[]): string {
  while (
    out.length > 0 &&
    (out[out.length - 1] === '' || isMobileSignOff(out[out.length - 1] ?? ''))
  ) {
    out.pop();
  }
  return out.join('\n').trim();
}

/** A "From:" line counts only when at least two more header lines follow it closely. */
function startsHeaderBlock(trimmed: string, text: string, from: number): boolean {
  if (!isFromLine(trimmed)) return false;
  let headers = 0;
  let start = from;
  for (let n = 0; n < HEADER_WINDOW && start <= text.length; n++) {
    const end = lineEnd(text, start);
    if (isHeaderLine(lineText(text, start, end).trim())) headers++;
    start = end + 1;
  }
  return headers >= 2;
}

/**
 * 0 when the line `first` (trimmed) starts no attribution, else the number of lines it spans
 * (1 or 2); the line after it starts at `from`.
 */
function attributionLength(first: string, text: string, from: number): number {
  if (!startsAttribution(first)) return 0;
  if (isAttribution(first)) return 1;
  // Gmail wraps its plain-text attribution at about 78 columns:
  // "On Tue, 3 Dec 2026 at 08:00, Rebuilding Trust <\nlessons@tend.example> wrote:"
  // The first half carries the date; the second is never an attribution of its own.
  const second = from <= text.length ? lineText(text, from, lineEnd(text, from)).trim() : '';
  if (second === '' || startsAttribution(second) || !/\d/.test(first)) return 0;
  return isAttribution(`${first} ${second}`) ? 2 : 0;
}

/** Whether the first line from `from` on that is not blank is quoted. */
function quoteFollows(text: string, from: number): boolean {
  let start = from;
  while (start <= text.length) {
    const end = lineEnd(text, start);
    const line = lineText(text, start, end);
    if (line.trim() !== '') return isQuoted(line);
    start = end + 1;
  }
  return false;
}

/** `text` cut to at most `max` code units, never between the halves of a surrogate pair. */
function sliceSafely(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
