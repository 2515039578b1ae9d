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

/** Input beyond this is ignored, so that a hostile body cannot make the work unbounded. */
const MAX_INPUT_CHARS = 1_000_000;

export interface ReplyBody {
  text?: string | null;
  html?: string | null;
}

export function extractReplyText(input: ReplyBody): string {
  const text = sliceSafely(input.text ?? '', MAX_INPUT_CHARS);
  const source =
    text.trim() !== '' ? text : htmlToText(sliceSafely(input.html ?? '', MAX_INPUT_CHARS));
  const reply = removeHistory(source);
  return sliceSafely(reply, MAX_REPLY_CHARS).trimEnd();
}

// ---------------------------------------------------------------------------------------------
// Plain text: quoted lines, reply headers, signatures
// ---------------------------------------------------------------------------------------------

function removeHistory(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing stray control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isQuoted(line)) {
      kept.push(''); // a removed quote separates what came before and after it
      continue;
    }
    if (isSignatureDelimiter(line) || isHistoryMarker(line)) break;
    if (startsHeaderBlock(lines, i)) {
      dropTrailingSeparator(kept);
      break;
    }
    const attribution = attributionLength(lines, i);
    if (attribution > 0) {
      // An attribution followed by ">" lines introduces a quote that the reply may continue
      // below (bottom-posting, inline answers); one followed by anything else starts history.
      if (!quoteFollows(lines, i + attribution)) break;
      kept.push('');
      i += attribution - 1;
      continue;
    }
    kept.push(line);
  }
  return tidy(kept);
}

/** Quoted history in every plain-text client: "> text", at any depth (">> ", "> > "). */
function isQuoted(line: string): boolean {
  return /^[ \t]*>/.test(line);
}

/** The usenet signature delimiter (RFC 3676 4.3), and its common form without the space. */
function isSignatureDelimiter(line: string): boolean {
  return line === '-- ' || line === '--';
}

const HISTORY_MARKERS: RegExp[] = [
  // Outlook desktop replying in plain text (Thunderbird: "-------- Original Message --------"):
  // "-----Original Message-----", "-----Ursprüngliche Nachricht-----",
  // "-----Message d'origine-----", "-----Mensaje original-----"
  /^-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Original-Nachricht|Message d['’]origine|Mensaje original)\s*-{2,}$/iu,
  // Gmail and Thunderbird forwards: "---------- Forwarded message ---------",
  // "---------- Weitergeleitete Nachricht ---------", "---------- Message transféré ---------",
  // "---------- Mensaje reenviado ---------"
  /^-{2,}\s*(?:Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado)\s*-{2,}$/iu,
  // Apple Mail forwards: "Begin forwarded message:", "Anfang der weitergeleiteten Nachricht:",
  // "Début du message réexpédié :", "Inicio del mensaje reenviado:"
  /^(?:Begin forwarded message|Anfang der weitergeleiteten (?:Nachricht|E-Mail)|Début du message réexpédié|Inicio del mensaje reenviado)\s*:$/iu,
];

function isHistoryMarker(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length <= 80 && HISTORY_MARKERS.some((marker) => marker.test(trimmed));
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
function startsHeaderBlock(lines: string[], index: number): boolean {
  if (!FROM_LINE.test((lines[index] ?? '').trim())) return false;
  let headers = 0;
  for (let j = index + 1; j < Math.min(lines.length, index + 1 + HEADER_WINDOW); j++) {
    if (HEADER_LINE.test((lines[j] ?? '').trim())) headers++;
  }
  return headers >= 2;
}

/** Outlook's "________________________________" line above its header block. */
function dropTrailingSeparator(kept: string[]): void {
  while (kept.length > 0 && /^\s*(?:_{8,}|-{8,})?\s*$/.test(kept[kept.length - 1] ?? '')) {
    kept.pop();
  }
}

const ATTRIBUTIONS: RegExp[] = [
  // English. Gmail: "On Tue, 3 Dec 2026 at 08:00, Tend <x@y> wrote:";
  // Apple Mail: "On 3 Dec 2026, at 08:00, Tend <x@y> wrote:"; Thunderbird: "On 12/3/26 8:00 AM, Tend wrote:"
  /^On\s.*\swrote:$/iu,
  // German. Gmail: "Am Di., 3. Dez. 2026 um 08:00 Uhr schrieb Tend <x@y>:";
  // Apple Mail and Thunderbird: "Am 03.12.2026 um 08:00 schrieb Tend <x@y>:"
  /^Am\s.*\sschrieb\s.*:$/iu,
  // French. Gmail: "Le mar. 3 déc. 2026 à 08:00, Tend <x@y> a écrit :" (no-break space before
  // the colon); Apple Mail: "Le 3 déc. 2026 à 08:00, Tend <x@y> a écrit :"
  /^Le\s.*\sa\s+écrit\s*:$/iu,
  // Spanish. Gmail: "El mar, 3 dic 2026 a las 08:00, Tend (<x@y>) escribió:";
  // Apple Mail: "El 3 dic 2026, a las 8:00, Tend <x@y> escribió:"
  /^El\s.*\sescribió\s*:$/iu,
];
const ATTRIBUTION_START = /^(?:On|Am|Le|El)\s/iu;
const MAX_ATTRIBUTION_CHARS = 400;

/**
 * Is the whole line a reply attribution? Besides the language's shape (anchored at both ends)
 * it must name a time ("08:00") or an address, so that a person's own line such as
 * "On Sunday my mother wrote:" is kept.
 */
function isAttribution(line: string): boolean {
  return (
    line.length <= MAX_ATTRIBUTION_CHARS &&
    (/\d[:.]\d\d/.test(line) || /\S@\S/.test(line)) &&
    ATTRIBUTIONS.some((pattern) => pattern.test(line))
  );
}

/** 0 when line `index` starts no attribution, else the number of lines it spans (1 or 2). */
function attributionLength(lines: string[], index: number): number {
  const first = (lines[index] ?? '').trim();
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
  const trimmed = line.trim().replace(LINK_SUFFIX, '');
  return trimmed.length <= 80 && MOBILE_SIGN_OFFS.some((pattern) => pattern.test(trimmed));
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
