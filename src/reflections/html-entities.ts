/**
 * HTML character references in text and attribute values: numeric ones, and the named ones
 * mail clients write (HTML 4's set). Pure string work, for Node and Workers alike.
 */

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

/**
 * `text` with its character references decoded; an unknown name is left as written. What is
 * read is the pattern &(?:#(\d{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([A-Za-z][A-Za-z0-9]{1,31});)
 * at each "&", by character code: a line of 20,000 "&nbsp;" paid more for a replace callback
 * per reference than for everything else it costs.
 */
export function decodeEntities(text: string): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let copied = 0;
  // The last reference that ended in ";", and its value: a run of one reference (Outlook's
  // "&nbsp;&nbsp;...") is read once. One that ends in ";" is the same reference wherever its
  // text recurs.
  let last = '';
  let lastValue = '';
  while (amp !== -1) {
    let end: number;
    let value: string;
    if (last !== '' && text.startsWith(last, amp)) {
      end = amp + last.length;
      value = lastValue;
    } else {
      end = referenceEnd(text, amp);
      if (end === -1) {
        amp = text.indexOf('&', amp + 1);
        continue;
      }
      value = referenceValue(text, amp, end);
      if (text.charCodeAt(end - 1) === SEMICOLON) {
        last = text.slice(amp, end);
        lastValue = value;
      }
    }
    out += text.slice(copied, amp) + value;
    copied = end;
    amp = text.indexOf('&', end);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHexDigit = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const SEMICOLON = 59;

/** Where the reference at `amp` ends (after its ";" when it has one), or -1 for none. */
function referenceEnd(text: string, amp: number): number {
  const first = text.charCodeAt(amp + 1);
  if (first === 35) {
    // "#": up to 8 decimal digits, or "x" and up to 7 hex digits; the ";" is optional.
    const hex = (text.charCodeAt(amp + 2) | 32) === 120;
    const from = hex ? amp + 3 : amp + 2;
    const max = hex ? 7 : 8;
    let end = from;
    while (end - from < max && (hex ? isHexDigit : isDigit)(text.charCodeAt(end))) end++;
    if (end === from) return -1;
    return text.charCodeAt(end) === SEMICOLON ? end + 1 : end;
  }
  if (!isLetter(first)) return -1;
  // A letter, 1 to 31 letters or digits, and ";".
  let end = amp + 2;
  while (end - amp <= 33 && (isLetter(text.charCodeAt(end)) || isDigit(text.charCodeAt(end)))) {
    end++;
  }
  if (end - amp < 3 || end - amp > 33 || text.charCodeAt(end) !== SEMICOLON) return -1;
  return end + 1;
}

/** What the reference from `amp` to `end` stands for. */
function referenceValue(text: string, amp: number, end: number): string {
  const last = text.charCodeAt(end - 1) === SEMICOLON ? end - 1 : end;
  if (text.charCodeAt(amp + 1) !== 35) {
    return NAMED_ENTITIES.get(text.slice(amp + 1, last)) ?? text.slice(amp, end);
  }
  const hex = (text.charCodeAt(amp + 2) | 32) === 120;
  const code = Number.parseInt(text.slice(hex ? amp + 3 : amp + 2, last), hex ? 16 : 10);
  if (code >= 0x80 && code <= 0x9f) return WINDOWS_1252[code - 0x80] ?? '\ufffd';
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}
