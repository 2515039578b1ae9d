/**
 * What marks the end of a subscriber's words in a plain-text reply, line by line: quoted
 * lines, signature delimiters, Outlook's and forwarding clients' history markers, reply
 * header blocks, "On ... wrote:" attributions and mobile sign-offs. Each test takes one line;
 * reply-text.ts decides which lines to ask about. Pure string work, for Node and Workers alike.
 */

/**
 * The first character of every line that HISTORY_MARKER, FROM_LINE or ATTRIBUTION_START
 * matches, in either case: "-", "*" and the initials of their words (no character outside ASCII
 * case-folds to one of these). A line that starts with anything else is none of them, and
 * most lines are passed with this one look rather than three patterns (a reply of short
 * lines paid more for those than for everything else). Keep it in step with the patterns.
 */
const MARKER_FIRST = /^[-*abdefilov]/i;

/** Whether a trimmed line may be a history marker, a header block's start or an attribution. */
export function startsLikeMarker(trimmed: string): boolean {
  return MARKER_FIRST.test(trimmed);
}

/**
 * Quoted history in every plain-text client: "> text", at any depth (">> ", "> > "). Read by
 * character code: it runs on every line, and a reply of short quoted lines is all lines.
 */
export function isQuoted(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return c === 62; // not space or tab: is it ">"?
  }
  return false;
}

/** The usenet signature delimiter (RFC 3676 4.3), and its common form without the space. */
export function isSignatureDelimiter(line: string): boolean {
  return line === '-- ' || line === '--';
}

/** One pattern for the three kinds, each alternative a whole line. */
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

export function isHistoryMarker(trimmed: string): boolean {
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
/** How many lines after a "From:" line are looked at for the rest of its header block. */
export const HEADER_WINDOW = 8;

export function isFromLine(trimmed: string): boolean {
  return FROM_LINE.test(trimmed);
}

export function isHeaderLine(trimmed: string): boolean {
  return HEADER_LINE.test(trimmed);
}

/** A blank line, or Outlook's "________________________________" line above its header block. */
export function isSeparator(trimmed: string): boolean {
  return /^(?:_{8,}|-{8,})?$/.test(trimmed);
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

export function startsAttribution(trimmed: string): boolean {
  return ATTRIBUTION_START.test(trimmed);
}

/**
 * Is the whole line a reply attribution? Besides the language's shape it must name a time
 * ("08:00") or an address, so that a person's own line such as "On Sunday my mother wrote:"
 * is kept.
 */
export function isAttribution(line: string): boolean {
  if (line.length > MAX_ATTRIBUTION_CHARS) return false;
  if (!/\d[:.]\d\d/.test(line) && !/\S@\S/.test(line)) return false;
  return ATTRIBUTIONS.some(({ start, end }) => {
    const head = start.exec(line);
    if (!head) return false;
    return end.test(line.slice(head[0].length));
  });
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

export function isMobileSignOff(line: string): boolean {
  const trimmed = line.trim();
  // Length first: the link suffix's leading \s* would be tried at every blank of a long line.
  if (trimmed.length > MAX_SIGN_OFF_CHARS) return false;
  const bare = trimmed.replace(LINK_SUFFIX, '');
  return bare.length <= 80 && MOBILE_SIGN_OFFS.some((pattern) => pattern.test(bare));
}
