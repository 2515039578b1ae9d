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
  const lines = capLines(source.value);
  const history = removeHistory(lines.lines);
  const reply = sliceSafely(history.text, MAX_REPLY_CHARS).trimEnd();
  const cutInput = (source.cut || lines.cut) && !history.stopped;
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
 * Lines on any line ending, control characters removed, each cut to MAX_LINE_CHARS: plain
 * string scans, so that no pattern ever sees a line longer than that. The control characters
 * are looked for once in the whole text rather than line by line (a reply of short lines
 * would pay a pattern per line); none of them ends a line, so the lines of the cleaned text
 * are the lines of the raw one, and only a line too long is cut from its raw form first.
 */
function capLines(text: string): { lines: string[]; cut: boolean } {
  const raw = text.replaceAll('\r\n', '\n').replaceAll('\r', '\n');
  const hasControls = CONTROL.test(raw);
  const lines = hasControls ? withoutControls(raw).split('\n') : raw.split('\n');
  const rawLines = hasControls ? raw.split('\n') : lines;
  let cut = false;
  for (let i = 0; i < rawLines.length; i++) {
    const line = rawLines[i] ?? '';
    if (line.length > MAX_LINE_CHARS) {
      cut = true;
      lines[i] = withoutControls(sliceSafely(line, MAX_LINE_CHARS));
    }
  }
  return { lines, cut };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing stray control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same characters, to test for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function withoutControls(line: string): string {
  return line.replace(CONTROLS, '');
}

// ---------------------------------------------------------------------------------------------
// Plain text: quoted lines, reply headers, signatures
// ---------------------------------------------------------------------------------------------

/**
 * The first character of every line that HISTORY_MARKER, FROM_LINE or ATTRIBUTION_START
 * matches, in either case: "-", "*" and the initials of their words (no character outside ASCII
 * case-folds to one of these). A line that starts with anything else is none of them, and
 * most lines are passed with this one look rather than three patterns (a reply of short
 * lines paid more for those than for everything else). Keep it in step with the patterns.
 */
const MARKER_FIRST = /^[-*abdefilov]/i;

/** `stopped` when the text ended at history or a signature, not at its end. */
function removeHistory(lines: string[]): { text: string; stopped: boolean } {
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isQuoted(line)) {
      // A removed quote separates what came before and after it (one blank line, as tidy
      // would make of several).
      if (kept[kept.length - 1] !== '') kept.push('');
      continue;
    }
    const trimmed = line.trim();
    if (isSignatureDelimiter(line)) return stop(kept);
    if (!MARKER_FIRST.test(trimmed)) {
      kept.push(line);
      continue;
    }
    if (isHistoryMarker(trimmed)) return stop(kept);
    if (startsHeaderBlock(trimmed, lines, i)) {
      dropTrailingSeparator(kept);
      return stop(kept);
    }
    const attribution = attributionLength(trimmed, lines, i);
    if (attribution > 0) {
      // An attribution followed by ">" lines introduces a quote that the reply may continue
      // below (bottom-posting, inline answers); one followed by anything else starts history.
      if (!quoteFollows(lines, i + attribution)) return stop(kept);
      kept.push('');
      i += attribution - 1;
      continue;
    }
    kept.push(line);
  }
  return { text: tidy(kept), stopped: false };
}

function stop(kept: string[]): { text: string; stopped: boolean } {
  return { text: tidy(kept), stopped: true };
}

/**
 * Quoted history in every plain-text client: "> text", at any depth (">> ", "> > "). Read by
 * character code: it runs on every line, and a reply of short quoted lines is all lines.
 */
function isQuoted(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return c === 62; // not space or tab: is it ">"?
  }
  return false;
}

/** The usenet signature delimiter (RFC 3676 4.3), and its common form without the space. */
function isSignatureDelimiter(line: string): boolean {
  return line === '-- ' || line === '--';
}

/** One pattern for all (tried on every line), each alternative a whole line. */
const HISTORY_MARKER = new RegExp(
  `^(?:${[
    // Outlook desktop replying in plain text (Thunderbird: "-------- Original Message --------"):
    // "-----Original Message-----", "-----Ursprüngliche Nachricht-----",
    // "-----Message d'origine-----", "-----Mensaje original-----"
    /-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Original-Nachricht|Message d['’]origine|Mensaje original)\s*-{2,}/,
    // Gmail and Thunderbird forwards: "---------- Forwarded message ---------",
    // "---------- Weitergeleitete Nachricht ---------", "---------- Message transféré ---------",
    // "---------- Mensaje reenviado ---------"
    /-{2,}\s*(?:Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado)\s*-{2,}/,
    // Apple Mail forwards: "Begin forwarded message:", "Anfang der weitergeleiteten Nachricht:",
    // "Début du message réexpédié :", "Inicio del mensaje reenviado:"
    /(?:Begin forwarded message|Anfang der weitergeleiteten (?:Nachricht|E-Mail)|Début du message réexpédié|Inicio del mensaje reenviado)\s*:/,
  ]
    .map((marker) => marker.source)
    .join('|')})$`,
  'iu',
);

function isHistoryMarker(trimmed: string): boolean {
  return trimmed.length <= 80 && HISTORY_MARKER.test(trimmed);
}

// Outlook (desktop, Outlook.com/365, Outlook for iOS/Android and Mac) starts the quoted message
// with a header block, after "________________________________" or nothing at all:
//   From: Tend <x@y>            Von: ...        De : ...         De: ...
//   Sent: Tuesday, 3 ...        Gesendet: ...   Envoyé : ...     Enviado: ...
//   To: ...                     An: ...         À : ...          Para: ...
//   Subject: ...                Betreff: ...    Objet : ...      Asunto: ...
// Apple Mail and Gmail forwards use the same shape with "Date:". Gmail renders the labels in
// bold ("*From:*") when it converts such a block to plain text.
const FROM_LINE = /^\*?(?:From|Von|De)\s*:/iu;
const HEADER_LINE =
  /^\*?(?:Sent|Date|To|Cc|Subject|Reply-To|Gesendet|Datum|An|Betreff|Antwort an|Envoyé|À|Objet|Répondre à|Enviado(?: el)?|Fecha|Para|Asunto|Responder a)\s*:/iu;
const HEADER_WINDOW = 8;

/** A "From:" line counts only when at least two more header lines follow it closely. */
function startsHeaderBlock(trimmed: string, lines: string[], index: number): boolean {
  if (!FROM_LINE.test(trimmed)) return false;
  let headers = 0;
  for (let j = index + 1; j < Math.min(lines.length, index + 1 + HEADER_WINDOW); j++) {
    if (HEADER_LINE.test((lines[j] ?? '').trim())) headers++;
  }
  return headers >= 2;
}

/** Outlook's "________________________________" line above its header block. */
function dropTrailingSeparator(kept: string[]): void {
  while (kept.length > 0 && /^(?:_{8,}|-{8,})?$/.test((kept[kept.length - 1] ?? '').trim())) {
    kept.pop();
  }
}

/**
 * Reply attributions, as a start and an end each matched at its own end of the line: a
 * pattern with two unbounded runs (".*\\s...\\s.*") backtracks quadratically in the line.
 */
const ATTRIBUTIONS: readonly { start: RegExp; end: RegExp }[] = [
  // English. Gmail: "On Tue, 3 Dec 2026 at 08:00, Tend <x@y> wrote:";
  // Apple Mail: "On 3 Dec 2026, at 08:00, Tend <x@y> wrote:"; Thunderbird: "On 12/3/26 8:00 AM, Tend wrote:"
  { start: /^On\s/iu, end: /\swrote:$/iu },
  // German. Gmail: "Am Di., 3. Dez. 2026 um 08:00 Uhr schrieb Tend <x@y>:";
  // Apple Mail and Thunderbird: "Am 03.12.2026 um 08:00 schrieb Tend <x@y>:"
  { start: /^Am\s/iu, end: /\sschrieb\s.*:$/iu },
  // French. Gmail: "Le mar. 3 déc. 2026 à 08:00, Tend <x@y> a écrit :" (no-break space before
  // the colon); Apple Mail: "Le 3 déc. 2026 à 08:00, Tend <x@y> a écrit :"
  { start: /^Le\s/iu, end: /\sa\s{1,8}écrit\s{0,8}:$/iu },
  // Spanish. Gmail: "El mar, 3 dic 2026 a las 08:00, Tend (<x@y>) escribió:";
  // Apple Mail: "El 3 dic 2026, a las 8:00, Tend <x@y> escribió:"
  { start: /^El\s/iu, end: /\sescribió\s{0,8}:$/iu },
];
const ATTRIBUTION_START = /^(?:On|Am|Le|El)\s/iu;
const MAX_ATTRIBUTION_CHARS = 400;

/**
 * Is the whole line a reply attribution? Besides the language's shape it must name a time
 * ("08:00") or an address, so that a person's own line such as "On Sunday my mother wrote:"
 * is kept.
 */
function isAttribution(line: string): boolean {
  if (line.length > MAX_ATTRIBUTION_CHARS) return false;
  if (!/\d[:.]\d\d/.test(line) && !/\S@\S/.test(line)) return false;
  return ATTRIBUTIONS.some(({ start, end }) => {
    const head = start.exec(line);
    if (!head) return false;
    return end.test(line.slice(head[0].length));
  });
}

/**
 * 0 when line `index` (`first`, trimmed) starts no attribution, else the number of lines it
 * spans (1 or 2).
 */
function attributionLength(first: string, lines: string[], index: number): number {
  if (!ATTRIBUTION_START.test(first)) return 0;
  if (isAttribution(first)) return 1;
  // Gmail wraps its plain-text attribution at about 78 columns:
  // "On Tue, 3 Dec 2026 at 08:00, Rebuilding Trust <\nlessons@tend.example> wrote:"
  // The first half carries the date; the second is never an attribution of its own.
  const second = (lines[index + 1] ?? '').trim();
  if (second === '' || ATTRIBUTION_START.test(second) || !/\d/.test(first)) return 0;
  return isAttribution(`${first} ${second}`) ? 2 : 0;
}

function quoteFollows(lines: string[], from: number): boolean {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j] ?? '';
    if (line.trim() !== '') return isQuoted(line);
  }
  return false;
}

const LINK_SUFFIX = /\s*<https?:\/\/[^>\s]*>$/u;
/** A sign-off with its link ("Get Outlook for Android<https://aka.ms/ghei36>"). */
const MAX_SIGN_OFF_CHARS = 200;
const MOBILE_SIGN_OFFS: RegExp[] = [
  // iOS Mail, Android mail apps
  /^Sent from my (?:iPhone|iPad|iPod|Android(?: device| phone)?|mobile(?: device)?|phone|smartphone|Samsung.*|Galaxy.*|Pixel.*)$/iu,
  // Outlook for iOS/Android, Windows 10/11 Mail
  /^(?:Get|Sent from) Outlook for (?:iOS|Android)$/iu,
  /^Sent from (?:Outlook|Mail for Windows(?: 1[01])?)$/iu,
  // German: iOS Mail, Windows Mail, Outlook mobile
  /^Von meinem (?:iPhone|iPad|Android-Gerät|Smartphone|Handy) gesendet$/iu,
  /^Gesendet von (?:meinem (?:iPhone|iPad|Smartphone|Handy)|Mail für Windows(?: 1[01])?)$/iu,
  /^Outlook für (?:iOS|Android) beziehen$/iu,
  // French: iOS Mail, Windows Mail, Outlook mobile
  /^Envoyé de mon (?:iPhone|iPad|smartphone|téléphone|mobile)$/iu,
  /^Envoyé à partir de (?:Courrier|Outlook) pour (?:Windows(?: 1[01])?|iOS|Android)$/iu,
  /^Télécharger Outlook pour (?:iOS|Android)$/iu,
  // Spanish: iOS Mail, Windows Mail, Outlook mobile
  /^Enviado desde mi (?:iPhone|iPad|smartphone|teléfono|móvil|celular)$/iu,
  /^Enviado desde (?:Correo|Outlook) para (?:Windows(?: 1[01])?|iOS|Android)$/iu,
  /^Obtener Outlook para (?:iOS|Android)$/iu,
];

function isMobileSignOff(line: string): boolean {
  const trimmed = line.trim();
  // Length first: the link suffix's leading \s* would be tried at every blank of a long line.
  if (trimmed.length > MAX_SIGN_OFF_CHARS) return false;
  const bare = trimmed.replace(LINK_SUFFIX, '');
  return bare.length <= 80 && MOBILE_SIGN_OFFS.some((pattern) => pattern.test(bare));
}

/** Trailing spaces off, runs of blank lines to one, sign-offs and blank lines off the end. */
function tidy(lines: string[]): string {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (
    out.length > 0 &&
    (out[out.length - 1] === '' || isMobileSignOff(out[out.length - 1] ?? ''))
  ) {
    out.pop();
  }
  return out.join('\n').trim();
}

/** `text` cut to at most `max` code units, never between the halves of a surrogate pair. */
function sliceSafely(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
